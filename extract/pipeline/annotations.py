"""The Doc extensions every stage shares: `doc._.source` and `doc._.found`.

`doc._.source` is the ingested Document (clean text, offset map, publication date), set when
the Doc is made. `doc._.found` holds what stages find: typed payloads on clean-view offsets.

Stages never compute provenance. They report `Found` items in clean-view code points (the text
the Doc was made from); `extract.records` lifts every one of them to raw offsets in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

_KEY = "extract.found"
_TEXT_KEY = "extract.text"
_WARNINGS_KEY = "extract.warnings"


@dataclass(frozen=True, slots=True)
class Found:
    """One extraction on the clean view.

    `type` is a record type (amount, count, percentage, date, event) or `org` for an
    organisation mention; `fields` holds the record's type-specific fields (value, currency,
    qualifier ... for figures; org_id, name, org_type, parent for `org`).
    """

    type: str
    start: int
    end: int
    rule: str
    fields: dict[str, Any] = field(default_factory=dict)


def _get_found(doc: Doc) -> list[Found]:
    return doc.user_data.setdefault(_KEY, [])


if not Doc.has_extension("found"):
    Doc.set_extension("found", getter=_get_found)
if not Doc.has_extension("source"):
    Doc.set_extension("source", default=None)


def text_of(doc: Doc) -> str:
    """`doc.text`, made once per Doc: spaCy rebuilds it from every token on each access, which
    costs more than a whole stage when five stages ask for it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (spaCy's tokenisation never changes it)."""
    doc.user_data[_TEXT_KEY] = text


def found_of(doc: Doc, type_: str | None = None) -> list[Found]:
    """The items found so far, in offset order, optionally of one type."""
    items = sorted(doc._.found, key=lambda f: (f.start, f.end))
    return [f for f in items if type_ is None or f.type == type_]


def warnings_of(doc: Doc) -> list[str]:
    """What went wrong while annotating (`stage: Error: message`), for the document record."""
    return doc.user_data.setdefault(_WARNINGS_KEY, [])
