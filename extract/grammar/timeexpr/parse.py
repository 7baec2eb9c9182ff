"""Parsed expressions: a top pattern's match turned into a small typed `TimeExpr`, and the
search over a text (leftmost-longest, names and durations left out)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Literal

import regex

from extract.grammar.grammar_kit import simplified_view
from extract.grammar.numerals import DIGITS, TEN, TENS
from extract.grammar.timeexpr.grammar import grammar


@dataclass(frozen=True, slots=True)
class Point:
    """One calendar point as written; relative parts stay relative until resolution."""

    year: int | None = None
    year_rel: int | None = None
    period: str | None = None  # a year_period key (start, end, H1, Q2, Q1-Q3, year) or M<n>
    month: int | None = None
    month_rel: int | None = None
    day: int | None = None
    day_rel: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset: tuple[int, str] | None = None  # signed count and unit (day, week, month, year)
    narrative_year: bool = False  # year_rel counts from the year the sentence names (上年度)
    story_year: bool = False  # year_rel counts from the year the story names (同年, 次年) only
    same_period: bool = False  # 2019年同期: the period named before it, in this year
    week_rel: int | None = None  # weeks from the anchor's week (上周: -1)
    week_ord: int | None = None  # the n-th week of the month or year (十月的第一周)
    weekday: int | None = None  # 1 (Monday) to 7; with week_rel None: the anchor's week
    weekend: bool = False  # 下周末
    holiday: str | None = None  # a key of rules/time.yaml `holidays`
    lunar: bool = False  # month and day are lunar (农历八月十五, 正月初七)

    @property
    def deictic_day(self) -> bool:
        """A day named relative to the anchor (昨天, 两天前)."""
        return self.day_rel is not None or (self.offset is not None and self.offset[1] == "day")

    @property
    def yearless(self) -> bool:
        """Nothing in the point says its year (10月27日, 第四季度, 全年; not 昨天, 去年, 上周)."""
        return (
            self.year is None
            and self.year_rel is None
            and self.month_rel is None
            and self.day_rel is None
            and self.offset is None
            and self.week_rel is None
            and self.weekday is None
            and (self.month is not None or self.period is not None or self.holiday is not None)
        )

    @property
    def calendar_day(self) -> bool:
        """A day named by month and day (3月24日)."""
        return self.month is not None and self.day is not None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression: a point, an interval, `X以来` (since), or `近N年` (near)."""

    kind: Literal["point", "interval", "since", "near", "ahead", "decade"]
    start: Point | None = None
    end: Point | None = None
    near: tuple[int, str] | None = None  # 近N年 / 未来N天: count and unit
    decade: tuple[int | None, int | None, int] | None = None  # century, century_rel, decade


@dataclass(frozen=True, slots=True)
class Match:
    """A temporal expression found in text, with its clean-view span and the pattern's name."""

    start: int
    end: int
    rule: str
    expr: TimeExpr


def to_int(text: str) -> int:
    """Arabic (ASCII or full-width) or Chinese numerals: 2021, ２０, 二〇二一, 十一, 二十六, 两."""
    if text.isdecimal():
        return int(text)
    if text[:1] in TENS:  # 廿三: a digit and a 十 in one character
        return TENS[text[0]] * 10 + (DIGITS[text[1:]] if text[1:] else 0)
    if TEN not in text:
        return int("".join(str(DIGITS[c]) for c in text))
    tens, _, units = text.partition(TEN)
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[units] if units else 0)


# --- parsing a match into an expression ----------------------------------------------------


# The groups that took part in a match, by name (a group the pattern lacks reads as None).
_Groups = dict[str, str]


def _point(m: _Groups, p: str = "") -> Point:
    """Read the groups of one point (prefixed `p` for an interval's end)."""
    meaning = grammar().meaning

    def num(name: str) -> int | None:
        text = m.get(p + name)
        return to_int(text) if text else None

    def word(name: str, table: str) -> str | None:
        text = m.get(p + name)
        return meaning[table][text] if text else None

    if m.get(p + "offset_n"):
        sign = int(word("offset_dir", "offset_direction") or 1)
        unit = word("offset_unit", "offset_unit") or "day"
        return Point(offset=(sign * (num("offset_n") or 0), unit))
    hour, minute, second = num("hour"), num("minute"), num("second")
    if hour is None and m.get(p + "hh"):
        hour, minute, second = num("hh"), num("mm"), num("ss")
    if m.get(p + "half"):
        minute = 30
    part = word("part", "part_of_day")
    day_rel = word("day_rel", "relative_day") or word("bday", "bracket_day")
    if glued := word("day_rel_part", "relative_day_part"):
        day_rel, part = glued.split()
    if (
        hour is not None
        and hour < 12
        and (part in ("afternoon", "evening") or (part == "noon" and hour < 6))
    ):
        hour += 12
    year = num("year") or num("iso_y")
    if (short := num("year2")) is not None:
        year = (2000 if short < 50 else 1900) + short
    if (minguo := num("mg_year")) is not None:
        year = 1911 + minguo
    year_rel = word("year_rel", "relative_year") or word("year_prev", "previous_year")
    story = word("story_year", "story_year")
    month_rel = word("month_rel", "relative_month") or word("bmonth", "bracket_month")
    period = word("period_y", "year_period") or word("period_ys", "year_period_short")
    if (months := num("first_months")) is not None and 1 <= months <= 12:
        period = f"M{months}"  # 前5个月: months 1 to 5
    week_rel = word("week_rel", "relative_week")
    lunar_month = m.get(p + "lmonth")
    month = num("month") or num("iso_m")
    day = num("day") or num("dayonly") or num("iso_d")
    if lunar_month:
        month = int(meaning["lunar_month"].get(lunar_month) or to_int(lunar_month))
        lday = m.get(p + "lday") or ""
        prefix = next((w for w in meaning["lunar_day_prefix"] if lday.startswith(w)), "")
        day = to_int(lday[len(prefix) :])
    return Point(
        year=year,
        year_rel=int(year_rel or story) if (year_rel or story) else None,
        period=period,
        month=month,
        month_rel=int(month_rel) if month_rel else None,
        day=day,
        day_rel=int(day_rel) if day_rel else None,
        hour=hour,
        minute=minute,
        second=second,
        narrative_year=m.get(p + "year_prev") is not None,
        story_year=story is not None,
        same_period=m.get(p + "same") is not None,
        week_rel=int(week_rel) if week_rel else None,
        week_ord=num("week_ord"),
        weekday=int(word("weekday", "weekday") or 0) or None,
        weekend=m.get(p + "weekend") is not None,
        holiday=word("holiday", "holiday") or word("holiday_s", "holiday_short"),
        lunar=lunar_month is not None,
    )


def _plausible(p: Point | None) -> bool:
    """Month, day and clock within their ranges under some year (2月29日 passes, 2月30日 not)."""
    if p is None:
        return True
    if p.month is not None and not 1 <= p.month <= 12:
        return False
    if p.day is not None and not 1 <= p.day <= calendar.monthrange(2000, p.month or 1)[1]:
        return False
    return (p.hour or 0) <= 24 and (p.minute or 0) <= 59 and (p.second or 0) <= 59


def _expr(rule: str, m: _Groups) -> TimeExpr | None:
    """The expression a top pattern's match stands for; None when it is not a date after all."""
    if rule == "year_range":
        y1, y2 = to_int(m["ry1"]), to_int(m["ry2"])
        return TimeExpr("interval", Point(year=y1), Point(year=y2)) if y1 < y2 else None
    if rule in ("month_range", "day_range"):
        head = _point(m)
        if rule == "month_range":
            lo, hi = to_int(m["rm1"]), to_int(m["rm2"])
            start, end = replace(head, month=lo), Point(month=hi)
        else:
            lo, hi = to_int(m["rd1"]), to_int(m["rd2"])
            start, end = replace(head, day=lo), Point(day=hi)
        ok = lo < hi and _plausible(start) and _plausible(end)
        return TimeExpr("interval", start, end) if ok else None
    if rule in ("near", "near_front", "ahead"):
        unit = grammar().meaning[f"{rule}_unit"][m["near_unit"]]
        return TimeExpr("ahead" if rule == "ahead" else "near", near=(to_int(m["near_n"]), unit))
    if rule == "decade":
        century_rel = m.get("century_rel")
        rel = grammar().meaning["century_rel"][century_rel] if century_rel else None
        century = m.get("century")
        return TimeExpr(
            "decade",
            decade=(
                to_int(century) if century else None,
                int(rel) if rel is not None else None,
                to_int(m["decade"]),
            ),
        )
    if rule == "year_range_from":
        y1, y2 = to_int(m["ry1"]), to_int(m["ry2"])
        return TimeExpr("interval", Point(year=y1), Point(year=y2)) if y1 < y2 else None
    start = _point(m)
    if rule in ("interval", "between"):
        end = Point(day=to_int(m["e_dayonly"])) if m.get("e_dayonly") else _point(m, "e_")
        return TimeExpr("interval", start, end) if _plausible(start) and _plausible(end) else None
    if not _plausible(start):
        return None
    return TimeExpr("since" if rule in ("since", "since_gap") else "point", start)


def _candidates(text: str) -> Iterator[tuple[int, int, int, str, regex.Match[str]]]:
    """Every match of every top pattern, as each pattern's scan over the whole text finds them."""
    g = grammar()
    if g.runs is None:
        runs = [(0, len(text))]
    else:
        runs = [(start, min(end + 1, len(text))) for start, end in g.runs(text)]
    for start, end in runs:  # `end` shows lookaheads the character that closes the run
        letters = set(text[start:end])
        for order, scan in enumerate(g.scans):
            if scan.needs is not None and scan.needs.isdisjoint(letters):
                continue
            for m in scan.pattern.finditer(text, start, end):
                if m.end() > m.start():
                    yield m.start(), m.end(), order, scan.rule, m


def _inside(text: str, start: int, end: int, opening: str, closing: str) -> bool:
    """Whether text[start:end] sits between `opening` and `closing` within its paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    if text.rfind(opening, line_start, start) <= text.rfind(closing, line_start, start):
        return False
    line_end = text.find("\n", end)
    return text.find(closing, end, len(text) if line_end < 0 else line_end) >= 0


def _name_part(text: str, start: int, end: int, expr: TimeExpr) -> bool:
    """A title or a name that holds a date (《2022年……方案》, “2021—2022年：……”, 2030年……议程)."""
    g = grammar()
    if _inside(text, start, end, "《", "》"):
        return True
    if text[end : end + 1] in ("：", ":") and _inside(text, start, end, "“", "”"):
        return True
    yearly = all(
        p is None or (p.month is None and p.period is None and p.day is None and p.offset is None)
        for p in (expr.start, expr.end)
    )
    return expr.kind in ("point", "interval") and yearly and bool(g.name_after.match(text, end))


def _duration(text: str, start: int, expr: TimeExpr) -> bool:
    """近N年 right after an event verb or a mark of elapsed time (上线近五年来, 停止运行已近两年)
    measures time since it: not a date."""
    return expr.kind == "near" and bool(grammar().duration_after.match(text, 0, start))


def find_expressions(text: str) -> list[Match]:
    """Every temporal expression in `text`, leftmost-longest, non-overlapping, in order;
    durations (上线近五年来) and dates inside names and titles are left out. Matched on the
    Simplified view of `text` (the one script policy: `extract.grammar.grammar_kit`)."""
    return expressions_in_view(simplified_view(text))


@cache
def _group_names(rule: str) -> tuple[str | None, ...]:
    """The name of each group of a top pattern, by position (None: an unnamed group)."""
    pattern = dict(grammar().patterns)[rule]
    names: list[str | None] = [None] * pattern.groups
    for name, index in pattern.groupindex.items():
        names[index - 1] = name
    return tuple(names)


@lru_cache(maxsize=8192)
def _parsed(rule: str, groups: tuple[str | None, ...]) -> TimeExpr | None:
    """`_expr` once per pattern and captured groups: a news text repeats its dates (2021年,
    3月5日), and an expression is frozen, so one parse serves every repeat."""
    named = zip(_group_names(rule), groups, strict=True)
    return _expr(rule, {k: v for k, v in named if k is not None and v is not None})


def expressions_in_view(text: str) -> list[Match]:
    """`find_expressions` on a text that is already its Simplified view."""
    g = grammar()
    blocked = [(b.start(), b.end()) for b in g.not_dates.finditer(text)] if g.not_dates else []
    chosen: list[Match] = []
    last_end = 0
    for start, end, _, rule, m in sorted(_candidates(text), key=lambda c: (c[0], -c[1], c[2])):
        if start < last_end or (blocked and any(bs <= start < be for bs, be in blocked)):
            continue
        expr = _parsed(rule, m.groups())
        if expr is None:
            continue  # not a calendar date after all (2月30日, 13点99分, 2021-2019年)
        last_end = end  # a duration or a name still covers its text
        if _duration(text, start, expr) or _name_part(text, start, end, expr):
            continue
        chosen.append(Match(start, end, rule, expr))
    return _join_years(text, chosen)


def _join_years(text: str, matches: list[Match]) -> list[Match]:
    """A year alone right before a holiday or a lunar date (2021年春节, 今年国庆) is its year."""
    out: list[Match] = []
    for m in matches:
        prev = out[-1] if out else None
        p, y = m.expr.start, prev.expr.start if prev is not None else None
        if (
            prev is not None
            and m.rule in ("holiday", "lunar")
            and p is not None
            and p.year is None
            and y is not None
            and prev.expr.kind == "point"
            and (y.year is not None or y.year_rel is not None)
            and y.month is None
            and y.period is None
            and y.month_rel is None
            and not text[prev.end : m.start].strip()
        ):
            point = replace(p, year=y.year, year_rel=y.year_rel, narrative_year=y.narrative_year)
            out[-1] = Match(prev.start, m.end, m.rule, replace(m.expr, start=point))
            continue
        out.append(m)
    return out
