"""The `zh_temporal` stage: dates, periods and relative expressions as `date` Found items.

Grammar and resolution live in extract/timeexpr.py (rules/time.yaml); this stage runs them over
the clean view with the publication date as anchor, and settles one discourse pattern the
grammar alone cannot: a relative day in apposition with a calendar day (就在两天前，3月24日)
names that calendar day, whatever the publication date says.
"""

from __future__ import annotations

from datetime import date

import regex
from spacy.language import Language
from spacy.tokens import Doc

from extract.pipeline.annotations import Found
from extract.timeexpr import Match, find_expressions, resolve

RULE = "zh_temporal"
# What may stand between a relative day and the calendar day it restates.
_APPOSITION_GAP = regex.compile(r"[\s，,、（(]{1,3}")


def _appositive(rel: Match, cal: Match, text: str) -> bool:
    return (
        rel.expr.kind == "point"
        and rel.expr.start is not None
        and rel.expr.start.deictic_day
        and cal.expr.kind == "point"
        and cal.expr.start is not None
        and cal.expr.start.calendar_day
        and _APPOSITION_GAP.fullmatch(text, rel.end, cal.start) is not None
    )


def find_temporals(text: str, anchor: date | None) -> list[Found]:
    """Every temporal expression in `text`, resolved against `anchor` (None: unresolved)."""
    matches = find_expressions(text)
    found: list[Found] = []
    for i, m in enumerate(matches):
        resolved = resolve(m.expr, anchor)
        if resolved.value is None and resolved.needs_anchor is None:
            continue  # a date that does not exist (2月29日 of a common year)
        rule = f"{RULE}:{m.rule}"
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if nxt is not None and _appositive(m, nxt, text):
            resolved = resolve(nxt.expr, anchor)
            rule = f"{RULE}:apposition"
        found.append(Found("date", m.start, m.end, rule, resolved.fields()))
    return found


@Language.factory(
    "zh_temporal",
    assigns=["doc._.found"],
    requires=[],
    default_config={},
)
class TemporalStage:
    """Finds temporal expressions; anchor is `doc._.source.published` when there is a source."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def find(self, doc: Doc) -> list[Found]:
        source = doc._.source
        anchor = getattr(source, "published", None) if source is not None else None
        return find_temporals(doc.text, anchor)

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        doc._.found.extend(found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
