"""The anchoring policy: which anchor an expression counts from, when it is not the
publication date. One policy, in this order (README "Anchoring"):

1. an expression without a year (第四季度, 10月27日, 全年) takes the nearest explicit year
   before it in its sentence (a period such as 第四季度 or 全年, and 同年, 当年, 次年: in its
   paragraph); `resolved_from` is that year;
2. else a year-less period or a bare day (5日) that would lie after the publication date
   needs a future cue (将, 计划, 预计 ... in its clause, rules/time.yaml `future_cues`);
   without one it is the previous year's (month's);
3. a day offset into the past (两天前, 3天前) counts from the date the story states for its
   events, when there is one: the first calendar day of the text in the week before the
   publication date (3月26日晚 in an article of March 27th); `resolved_from` is that date.
   Deictic words (昨天, 今天) keep counting from the publication date, the writer's now;
4. 2019年同期 after a quarter or half in the sentence (2020年第四季度) is that period of 2019;
5. discourse the grammar alone cannot read: a relative day in apposition with a calendar day
   (就在两天前，3月24日) names that day; a relative period after an explicit period in its
   sentence counts from that period's end (2016年6月至2021年底……近3年: 2019/2021); a year
   before the sentence's (上年度, 上年同期) counts from the year a point earlier in the
   sentence names (2021年……较上年度增长: 2020), else from the publication year.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

import regex

from extract.grammar.grammar_kit import simplified_view
from extract.grammar.timeexpr.grammar import grammar
from extract.grammar.timeexpr.parse import Match, Point, TimeExpr, expressions_in_view
from extract.grammar.timeexpr.resolve import Resolved, resolve

_SENTENCE_END = regex.compile(r"[。！？!?\n]")
_PARAGRAPH_END = regex.compile(r"\n")
_CLAUSE_END = regex.compile(r"(?r)[。！？!?\n，,；;]")
# Periods that 同期 repeats (较2019年同期 after 2020年第四季度); after 2021年底 it stays the year.
_QUARTERS_HALVES = frozenset({"Q1", "Q2", "Q3", "Q4", "Q1-Q2", "Q1-Q3", "H1", "H2"})
STORY_WINDOW_DAYS = 7  # how far before publication a story's own date may lie


def _explicit_year(m: Match) -> int | None:
    """The year a match writes out (2020年第四季度: 2020), the later end's for an interval."""
    years = [p.year for p in (m.expr.end, m.expr.start) if p is not None and p.year is not None]
    return years[0] if years else None


def scope_year(m: Match, earlier: list[Match], text: str) -> tuple[int, str] | None:
    """The nearest explicit year before `m` in its scope, as (year to use, the year written,
    ISO: the `resolved_from` of the result)."""
    start = m.expr.start
    if start is None or m.expr.kind not in ("point", "interval", "since"):
        return None
    story = start.story_year and start.year is None
    if not (start.yearless or story) or start.narrative_year:
        return None
    period = start.period is not None and start.month is None
    end = _PARAGRAPH_END if story or period else _SENTENCE_END
    for prev in reversed(earlier):
        if end.search(text, prev.end, m.start):
            return None
        if (year := _explicit_year(prev)) is not None:
            return year + ((start.year_rel or 0) if story else 0), f"{year:04d}"
    return None


def with_year(expr: TimeExpr, year: int) -> TimeExpr:
    """The expression with its year written (an interval's end keeps inheriting it)."""
    assert expr.start is not None
    start = replace(expr.start, year=year, year_rel=None, story_year=False)
    return replace(expr, start=start)


def needs_future_cue(m: Match, resolved: Resolved, anchor: date | None, text: str) -> bool:
    """A year-less period or a bare day (5日) resolved after the publication date, with no
    future cue in its clause."""
    start = m.expr.start
    if anchor is None or resolved.value is None or start is None:
        return False
    bare_day = start.day is not None and start.month is None and start.yearless is False
    if not (bare_day and start.day_rel is None) and not (start.period and start.yearless):
        return False
    if resolved.value[:10] <= anchor.isoformat():
        return False
    last_end = _CLAUSE_END.search(text, 0, m.start)  # backwards: the clause's own start
    clause = text[last_end.end() if last_end else 0 : m.start]
    return not any(cue in clause for cue in grammar().rules.future_cues)


def story_date(matches: list[Match], resolved: list[Resolved], anchor: date | None) -> date | None:
    """The first calendar day of the text in the week before the publication date."""
    if anchor is None:
        return None
    for m, res in zip(matches, resolved, strict=True):
        start = m.expr.start
        if m.expr.kind != "point" or start is None or not start.calendar_day:
            continue
        if res.value is None or len(res.value) < 10:
            continue
        day = date.fromisoformat(res.value[:10])
        if anchor - timedelta(days=STORY_WINDOW_DAYS) <= day < anchor:
            return day
    return None


def past_day_offset(m: Match) -> bool:
    """两天前, 3天前: a day offset into the past (not 昨天, a word of the writer's now)."""
    start = m.expr.start
    return (
        m.expr.kind == "point"
        and start is not None
        and start.offset is not None
        and start.offset[1] == "day"
        and start.offset[0] < 0
    )


def same_period(m: Match, earlier: list[Match], text: str) -> TimeExpr | None:
    """2019年同期 after 2020年第四季度 in the sentence: the fourth quarter of 2019."""
    start = m.expr.start
    if start is None or not start.same_period or start.year is None:
        return None
    for prev in reversed(earlier):
        if _SENTENCE_END.search(text, prev.end, m.start):
            return None
        p = prev.expr.start
        if prev.expr.kind == "point" and p is not None and p.period in _QUARTERS_HALVES:
            return replace(m.expr, start=Point(year=start.year, period=p.period))
    return None


def anchored(expr: TimeExpr, anchor: date | None, written: str) -> Resolved:
    """Resolve against a story anchor and say so in `resolved_from`."""
    return replace(resolve(expr, anchor), resolved_from=written)


def past_reading(expr: TimeExpr, anchor: date | None) -> TimeExpr:
    """The reading of a period or bare day that is not after the anchor: a period in the year
    before, a bare day in the latest month that puts it no later than the anchor."""
    assert expr.start is not None and anchor is not None
    if expr.start.period is not None:
        return with_year(expr, anchor.year - 1)
    day = expr.start.day
    assert day is not None
    y, m = anchor.year, anchor.month
    for _ in range(3):
        if day <= calendar.monthrange(y, m)[1] and date(y, m, day) <= anchor:
            return replace(expr, start=replace(expr.start, year=y, month=m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    raise ValueError("no such day")


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


def in_context(
    text: str, anchor: date | None, unanchored_from: int | None = None
) -> list[tuple[Match, Resolved, str]]:
    """Every expression of `text` with its value under the policy above, and the name of the
    step that settled it (the pattern's name when the publication date did). From
    `unanchored_from` on (a related-news block), day-relative words get no anchor. Context
    words are read on the Simplified view, as the grammar is (the one script policy)."""
    text = simplified_view(text)
    matches = expressions_in_view(text)
    out: list[tuple[Match, Resolved, str]] = []
    done: list[tuple[Match, Resolved]] = []
    earlier: list[Match] = []  # the matches of `done`, kept alongside (a copy per match was O(n^2))
    first = [resolve(m.expr, anchor) for m in matches]
    story = story_date(matches, first, anchor)
    for i, m in enumerate(matches):
        deictic = m.expr.start is not None and m.expr.start.deictic_day
        here = (
            None
            if deictic and unanchored_from is not None and m.start >= unanchored_from
            else anchor
        )
        resolved = first[i] if here is anchor else resolve(m.expr, here)
        rule = m.rule
        if (year := scope_year(m, earlier, text)) is not None:
            resolved, rule = anchored(with_year(m.expr, year[0]), here, year[1]), "scope_year"
        elif needs_future_cue(m, resolved, here, text):
            assert here is not None
            resolved = anchored(past_reading(m.expr, here), here, here.isoformat())
            rule = "past_reading"
        if (period := same_period(m, earlier, text)) is not None:
            resolved, rule = resolve(period, None), "same_period"
        if story is not None and here is not None and past_day_offset(m):
            resolved, rule = anchored(m.expr, story, story.isoformat()), "story"
        if (narrative := _narrative_anchor(m, done, text)) is not None:
            resolved, rule = anchored(m.expr, narrative[0], narrative[1]), "narrative"
        if (year_named := _narrative_year(m, done, text)) is not None:
            resolved = replace(resolve(year_named[0].expr, None), resolved_from=year_named[1])
            rule = "narrative_year"
        done.append((m, resolved))
        earlier.append(m)
        if resolved.value is None and resolved.needs_anchor is None:
            continue  # a date that does not exist (2月29日 of a common year)
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if nxt is not None and _appositive(m, nxt, text):
            resolved, rule = resolve(nxt.expr, here), "apposition"
        out.append((m, resolved, rule))
    return out
