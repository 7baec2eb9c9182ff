"""The linked figures of a literal text through the default pipeline, for the resolver tests."""

from __future__ import annotations

from typing import Any

from extract.pipeline import annotate, default_pipeline
from extract.pipeline.annotations import found_of
from tests.conftest import make_document

FIGURES = ("amount", "count", "percentage")  # keyed by the Simplified matching view


def linked(text: str) -> dict[str, dict[str, Any]]:
    """Figure text -> its fields (subject, metric, time, link ...), for every figure of `text`."""
    doc = annotate(default_pipeline(), make_document(text))
    return {doc.text[f.start : f.end]: f.fields for f in found_of(doc) if f.type in FIGURES}


def field_and_rule(text: str, figure: str, field: str) -> tuple[str | None, str | None]:
    """The figure's `field` (a subject's name, a time's value or text) and the rule behind it."""
    figures = linked(text)
    assert figure in figures, f"{figure!r} not found as a figure in {text!r}: {list(figures)}"
    fields = figures[figure]
    value = fields[field]
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or value.get("text")
    return value, fields["link"][field]


def assert_linked(text: str, figure: str, field: str, value: str | None, rule: str | None) -> None:
    """The figure's `field` is `value`, chosen by `rule`; the message says what was got."""
    got = field_and_rule(text, figure, field)
    assert got == (value, rule), f"{figure} in {text!r}: ({field}, rule) {got}"
