"""The `zh_temporal` stage: dates, periods and relative expressions as `date` Found items.

Grammar and resolution live in extract/timeexpr.py (rules/time.yaml); this stage runs them over
the clean view with the publication date as anchor, and settles one discourse pattern the
grammar alone cannot:
- a relative day in apposition with a calendar day (就在两天前，3月24日) names that calendar day,
  whatever the publication date says;
- a relative period after an explicit period in the same sentence counts from that period's
  end (2016年6月至2021年底……近3年年均: 2019/2021), the narrative anchor, not publication;
- a year before the sentence's (上年度, 上一年度, 上年同期) counts from the year a point earlier
  in the sentence names (2021年……较上年度增长: 2020), else from the publication year;
- after a related-news heading (相关阅读, rules/time.yaml) the snippets are other articles:
  day-relative words there (昨日) have no anchor.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date

import regex
from spacy.language import Language
from spacy.tokens import Doc

from extract.pipeline.annotations import Found, text_of, write
from extract.timeexpr import Match, Resolved, find_expressions, grammar, resolve

RULE = "temporal"  # rule names: <family>.<rule>, as figures.amount
# What may stand between a relative day and the calendar day it restates.
_APPOSITION_GAP = regex.compile(r"[\s，,、（(]{1,3}")
_SENTENCE_END = regex.compile(r"[。！？!?\n]")


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


def _narrative_anchor(
    m: Match, earlier: list[tuple[Match, Resolved]], text: str
) -> tuple[date, str] | None:
    """The end of the last explicit period before a relative period in its sentence, as the
    last day it covers and its written value (2016年6月至2021年底 -> 2021-12-31, "2021-12")."""
    if m.expr.kind != "near":
        return None
    for prev, res in reversed(earlier):
        if _SENTENCE_END.search(text, prev.end, m.start):
            return None
        if prev.expr.kind == "interval" and res.value and res.resolved_from is None:
            end = res.value.split("/")[1][:10]
            year, month = int(end[:4]), int(end[5:7]) if len(end) >= 7 else 12
            day = int(end[8:10]) if len(end) >= 10 else calendar.monthrange(year, month)[1]
            return date(year, month, day), end
    return None


def _narrative_year(
    m: Match, earlier: list[tuple[Match, Resolved]], text: str
) -> tuple[Match, str] | None:
    """上年度 after a point in its sentence that names a year: the expression with that year
    made explicit (2021年3月……上年同期 -> 2020) and the point's written value."""
    start = m.expr.start
    if m.expr.kind != "point" or start is None or not start.narrative_year:
        return None
    for prev, res in reversed(earlier):
        if _SENTENCE_END.search(text, prev.end, m.start):
            return None
        if prev.expr.kind == "point" and res.value:
            year = int(res.value[:4]) + (start.year_rel or 0)
            point = replace(start, year=year, year_rel=None, narrative_year=False)
            return replace(m, expr=replace(m.expr, start=point)), res.value
    return None


def related_news_start(text: str, paragraphs: list[tuple[int, int]]) -> int | None:
    """Where a related-news block starts: the end of the first heading paragraph (相关阅读)."""
    heading = grammar().related_heading
    for start, end in paragraphs:
        if heading.fullmatch(text, start, end):
            return end
    return None


def find_temporals(
    text: str, anchor: date | None, unanchored_from: int | None = None
) -> list[Found]:
    """Every temporal expression in `text`, resolved against `anchor` (None: unresolved).
    From `unanchored_from` on (a related-news block), day-relative words get no anchor."""
    matches = find_expressions(text)
    found: list[Found] = []
    done: list[tuple[Match, Resolved]] = []
    for i, m in enumerate(matches):
        deictic = m.expr.start is not None and m.expr.start.deictic_day
        here = (
            None
            if deictic and unanchored_from is not None and m.start >= unanchored_from
            else anchor
        )
        resolved = resolve(m.expr, here)
        rule = f"{RULE}.{m.rule}"
        narrative = _narrative_anchor(m, done, text)
        if narrative is not None:
            resolved = replace(resolve(m.expr, narrative[0]), resolved_from=narrative[1])
            rule = f"{RULE}.narrative"
        year_named = _narrative_year(m, done, text)
        if year_named is not None:
            resolved = replace(resolve(year_named[0].expr, None), resolved_from=year_named[1])
            rule = f"{RULE}.narrative_year"
        done.append((m, resolved))
        if resolved.value is None and resolved.needs_anchor is None:
            continue  # a date that does not exist (2月29日 of a common year)
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if nxt is not None and _appositive(m, nxt, text):
            resolved = resolve(nxt.expr, here)
            rule = f"{RULE}.apposition"
        found.append(Found("date", m.start, m.end, rule, resolved.fields()))
    return found


@Language.factory(
    "zh_temporal",
    assigns=["doc._.dates"],
    requires=[],
    default_config={},
)
class TemporalStage:
    """Finds temporal expressions; anchor is `doc._.source.published` when there is a source."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def find(self, doc: Doc) -> list[Found]:
        source = doc._.source
        if source is None:
            return find_temporals(text_of(doc), None)
        text = text_of(doc)
        cut = related_news_start(text, getattr(source, "paragraphs", []))
        return find_temporals(text, getattr(source, "published", None), cut)

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        write(doc, "dates", found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
