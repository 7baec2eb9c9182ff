"""Temporal expressions: the grammar of rules/time.yaml, parsed into `TimeExpr`, resolved to ISO.

The grammar is data (named regex fragments composed by name, word tables keyed by meaning);
this module compiles it once, turns a match into a small typed expression, and resolves that
against an explicit anchor date (the publication date), never the clock. What cannot be
resolved without an anchor gets `value=None` and says which anchor it needs.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Literal, get_args

import regex
from pydantic import Field, model_validator

from extract.grammar_kit import compose, group, simplified_view
from extract.models import Precision
from extract.numerals import DIGITS, TEN
from extract.pattern_tree import SPACE, Opaque, parse
from extract.pattern_tree import alphabet as letters_of
from extract.pattern_tree import first as first_of
from extract.pattern_tree import needs as needs_of
from extract.rules import RulesModel, load_yaml

# Coarse to fine: an interval's precision is the finer of its two ends.
PRECISION_ORDER: tuple[Precision, ...] = get_args(Precision)



class _Settings(RulesModel):
    future_days_month: int = Field(ge=0)
    future_days_day: int = Field(ge=0)
    needs_anchor: str
    needs_year: str


class TimeRules(RulesModel):
    """rules/time.yaml: settings, word tables, false-positive names, fragments, top patterns."""

    settings: _Settings
    duration_after: list[str] = Field(min_length=1)
    duration_marks: list[str] = Field(min_length=1)
    name_nouns: list[str] = Field(min_length=1)
    name_gap: int = Field(ge=0)
    name_gap_stop: str
    name_gap_verbs: list[str]
    related_headings: list[str] = Field(min_length=1)
    words: dict[str, dict[str, list[str]]]
    not_dates: list[str]
    fragments: dict[str, str]
    patterns: dict[str, str]

    @model_validator(mode="after")
    def _compiles(self) -> TimeRules:
        clash = set(self.words) & set(self.fragments)
        if clash:
            raise ValueError(f"names used both as word table and fragment: {sorted(clash)}")
        for name, text in self.patterns.items():
            try:
                regex.compile(_compose(self, text, (f"patterns.{name}",)))
            except regex.error as e:
                raise ValueError(f"patterns.{name}: not a valid regex: {e}") from None
        return self


def _compose(rules: TimeRules, text: str, stack: tuple[str, ...]) -> str:
    """Expand `{name}` (a word table or a fragment) and `{name:prefix}` references."""

    def body_of(name: str, inner: tuple[str, ...]) -> str:
        if name in rules.words:
            return group(w for ws in rules.words[name].values() for w in ws)
        if name in rules.fragments:
            return _compose(rules, rules.fragments[name], inner)
        raise ValueError(f"{stack[-1]}: unknown fragment {{{name}}}")

    return compose("".join(line.strip() for line in text.splitlines()), body_of, stack)


# --- where a date can be -------------------------------------------------------------------
#
# Scanning the whole text once per top pattern costs microseconds a character. The grammar is
# analysed once instead (on `extract/pattern_tree.py`'s parse of each composed pattern):
# - its alphabet: every character a pattern reads, lookarounds included. A match consumes only
#   alphabet characters, and a lookaround that reaches a character outside the alphabet fails on
#   it, so the text cuts cleanly at every such character into runs of alphabet characters;
# - what each pattern needs: characters one of which every match contains (年 in 2021年);
#   only runs holding a needed character can hold a match;
# - what each pattern can start with, as a lookahead in front of it, so that the regex engine
#   skips the other positions of a run at once.
# Each pattern then runs over the runs that hold what it needs, and finds there exactly the
# matches its scan over the whole text finds. Constructs the analysis does not model (., [^x],
# $, backreferences in first place ...) make the grammar opaque: then every pattern scans the
# whole text, as before.

_Chars = frozenset[str]


def _char_class(chars: _Chars) -> str:
    return "[" + "".join(c if c == SPACE else regex.escape(c) for c in sorted(chars)) + "]"


@dataclass(frozen=True, slots=True)
class _Scan:
    """One top pattern, guarded by what it can start with, and the run test for what it needs."""

    rule: str
    pattern: regex.Pattern[str]
    needs: _Chars | None  # None: scan every run


@dataclass(frozen=True, slots=True)
class _Runs:
    """Finds the runs of alphabet characters that hold a needed character."""

    anchor: regex.Pattern[str]
    back: regex.Pattern[str]
    forward: regex.Pattern[str]

    def __call__(self, text: str) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        end = -1
        for m in self.anchor.finditer(text):
            if m.start() >= end:
                back = self.back.match(text, 0, m.start())
                forward = self.forward.match(text, m.end())
                start = back.start() if back else m.start()
                end = forward.end() if forward else m.end()
                runs.append((start, end))
        return runs


def _scans(
    patterns: tuple[tuple[str, regex.Pattern[str]], ...],
) -> tuple[tuple[_Scan, ...], _Runs | None]:
    """The patterns as scans and the run finder; unguarded with no run finder if opaque."""
    try:
        trees = [(rule, p, parse(p.pattern)) for rule, p in patterns]
        alphabet = frozenset().union(*(letters_of(tree) for _, _, tree in trees))
        firsts = [first_of(tree) for _, _, tree in trees]
        needs = [needs_of(tree) for _, _, tree in trees]
    except Opaque:  # `regex`-only syntax (\p{Han}) is opaque too
        return tuple(_Scan(rule, p, None) for rule, p in patterns), None
    if any(empty for _, empty in firsts) or any(n is None for n in needs):
        return tuple(_Scan(rule, p, None) for rule, p in patterns), None
    scans = tuple(
        _Scan(
            rule,
            regex.compile(f"(?={_char_class(first)})(?:{p.pattern})"),
            None if SPACE in need else need,
        )
        for (rule, p, _), (first, _), need in zip(trees, firsts, needs, strict=True)
    )
    letters = _char_class(alphabet)
    runs = _Runs(
        regex.compile(_char_class(frozenset().union(*needs))),
        regex.compile(f"(?r){letters}*"),
        regex.compile(f"{letters}*"),
    )
    return scans, runs


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled grammar: top patterns in priority order, word -> meaning tables, and the
    context tests that turn a match into a duration or a name (see rules/time.yaml)."""

    rules: TimeRules
    patterns: tuple[tuple[str, regex.Pattern[str]], ...]
    meaning: dict[str, dict[str, str]]
    not_dates: regex.Pattern[str] | None
    scans: tuple[_Scan, ...]
    runs: _Runs | None
    duration_after: regex.Pattern[str]  # matched backwards, ending at a `near` match
    name_after: regex.Pattern[str]  # matched where a year ends
    related_heading: regex.Pattern[str]  # a whole paragraph


@cache
def grammar() -> Grammar:
    """Load and compile rules/time.yaml once per process."""
    rules = load_yaml("time.yaml", TimeRules)
    patterns = tuple(
        (name, regex.compile(_compose(rules, text, (f"patterns.{name}",))))
        for name, text in rules.patterns.items()
    )
    meaning = {
        table: {w: key for key, ws in keys.items() for w in ws}
        for table, keys in rules.words.items()
    }
    not_dates = regex.compile(group(rules.not_dates)) if rules.not_dates else None
    verbs, marks = group(rules.duration_after), group(rules.duration_marks)
    duration_after = regex.compile(rf"(?r)(?:{verbs}|(?:{verbs}\s{{0,4}})?{marks})\s{{0,4}}")
    stop = regex.escape(rules.name_gap_stop)
    gap = f"(?:(?!{group(rules.name_gap_verbs)})[^\\P{{Han}}{stop}])"
    name_after = regex.compile(f"{gap}{{0,{rules.name_gap}}}?{group(rules.name_nouns)}")
    heading = group(rules.related_headings)
    related = regex.compile(rf"[\s【\[（(<《]*{heading}[\s】\]）)>》:：]*")
    return Grammar(
        rules,
        patterns,
        meaning,
        not_dates,
        *_scans(patterns),
        duration_after,
        name_after,
        related,
    )


# --- parsed expressions --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    """One calendar point as written; relative parts stay relative until resolution."""

    year: int | None = None
    year_rel: int | None = None
    period: str | None = None  # a year_period key: start, end, H1, Q2, Q1-Q3, year
    month: int | None = None
    month_rel: int | None = None
    day: int | None = None
    day_rel: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset: tuple[int, str] | None = None  # signed count and unit (day, week, month, year)
    narrative_year: bool = False  # year_rel counts from the year the sentence names (上年度)

    @property
    def deictic_day(self) -> bool:
        """A day named relative to the anchor (昨天, 两天前)."""
        return self.day_rel is not None or (self.offset is not None and self.offset[1] == "day")

    @property
    def calendar_day(self) -> bool:
        """A day named by month and day (3月24日)."""
        return self.month is not None and self.day is not None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression: a point, an interval, `X以来` (since), or `近N年` (near)."""

    kind: Literal["point", "interval", "since", "near"]
    start: Point | None = None
    end: Point | None = None
    near: tuple[int, str] | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    """The resolver's answer, shaped like a `date` record's value fields."""

    value: str | None
    precision: Precision | None
    resolved_from: str | None
    needs_anchor: str | None

    def fields(self) -> dict[str, str | None]:
        return {
            "value": self.value,
            "precision": self.precision,
            "resolved_from": self.resolved_from,
            "needs_anchor": self.needs_anchor,
        }


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
    if TEN not in text:
        return int("".join(str(DIGITS[c]) for c in text))
    tens, _, units = text.partition(TEN)
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[units] if units else 0)


# --- parsing a match into an expression ----------------------------------------------------


def _g(m: regex.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _point(m: regex.Match[str], p: str = "") -> Point:
    """Read the groups of one point (prefixed `p` for an interval's end)."""
    meaning = grammar().meaning

    def num(name: str) -> int | None:
        text = _g(m, p + name)
        return to_int(text) if text else None

    def word(name: str, table: str) -> str | None:
        text = _g(m, p + name)
        return meaning[table][text] if text else None

    if _g(m, p + "iso_y"):
        return Point(
            year=num("iso_y"),
            month=num("iso_m"),
            day=num("iso_d"),
            hour=num("hh"),
            minute=num("mm"),
            second=num("ss"),
        )
    if _g(m, p + "offset_n"):
        sign = int(word("offset_dir", "offset_direction") or 1)
        unit = word("offset_unit", "offset_unit") or "day"
        return Point(offset=(sign * (num("offset_n") or 0), unit))
    hour, minute, second = num("hour"), num("minute"), num("second")
    if hour is None and _g(m, p + "hh"):
        hour, minute, second = num("hh"), num("mm"), num("ss")
    if _g(m, p + "half"):
        minute = 30
    part = word("part", "part_of_day")
    if (
        hour is not None
        and hour < 12
        and (part in ("afternoon", "evening") or (part == "noon" and hour < 6))
    ):
        hour += 12
    year_rel = word("year_rel", "relative_year") or word("year_prev", "previous_year")
    month_rel = word("month_rel", "relative_month") or word("bmonth", "bracket_month")
    day_rel = word("day_rel", "relative_day") or word("bday", "bracket_day")
    period = word("period_y", "year_period") or word("period_ys", "year_period_short")
    return Point(
        year=num("year"),
        year_rel=int(year_rel) if year_rel else None,
        period=period,
        month=num("month"),
        month_rel=int(month_rel) if month_rel else None,
        day=num("day") or num("dayonly"),
        day_rel=int(day_rel) if day_rel else None,
        hour=hour,
        minute=minute,
        second=second,
        narrative_year=_g(m, p + "year_prev") is not None,
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


def _expr(rule: str, m: regex.Match[str]) -> TimeExpr | None:
    """The expression a top pattern's match stands for; None when it is not a date after all."""
    if rule == "year_range":
        y1, y2 = to_int(m.group("ry1")), to_int(m.group("ry2"))
        return TimeExpr("interval", Point(year=y1), Point(year=y2)) if y1 < y2 else None
    if rule in ("month_range", "day_range"):
        head = _point(m)
        if rule == "month_range":
            lo, hi = to_int(m.group("rm1")), to_int(m.group("rm2"))
            start, end = replace(head, month=lo), Point(month=hi)
        else:
            lo, hi = to_int(m.group("rd1")), to_int(m.group("rd2"))
            start, end = replace(head, day=lo), Point(day=hi)
        ok = lo < hi and _plausible(start) and _plausible(end)
        return TimeExpr("interval", start, end) if ok else None
    if rule == "near":
        unit = grammar().meaning["near_unit"][m.group("near_unit")]
        return TimeExpr("near", near=(to_int(m.group("near_n")), unit))
    start = _point(m)
    if rule == "interval":
        end = Point(day=to_int(m.group("e_dayonly"))) if _g(m, "e_dayonly") else _point(m, "e_")
        return TimeExpr("interval", start, end) if _plausible(start) and _plausible(end) else None
    if not _plausible(start):
        return None
    return TimeExpr("since" if rule == "since" else "point", start)


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
    Simplified view of `text` (the one script policy: `extract.grammar_kit`)."""
    text = simplified_view(text)
    g = grammar()
    blocked = [(b.start(), b.end()) for b in g.not_dates.finditer(text)] if g.not_dates else []
    chosen: list[Match] = []
    last_end = 0
    for start, end, _, rule, m in sorted(_candidates(text), key=lambda c: (c[0], -c[1], c[2])):
        if start < last_end or any(bs <= start < be for bs, be in blocked):
            continue
        expr = _expr(rule, m)
        if expr is None:
            continue  # not a calendar date after all (2月30日, 13点99分, 2021-2019年)
        last_end = end  # a duration or a name still covers its text
        if _duration(text, start, expr) or _name_part(text, start, end, expr):
            continue
        chosen.append(Match(start, end, rule, expr))
    return chosen


# --- resolution -----------------------------------------------------------------------------


class _NeedsAnchor(Exception):
    """Raised inside resolution when a relative or year-less part meets no anchor."""


@dataclass(frozen=True, slots=True)
class _Moment:
    """A resolved point: its first and last ISO value (equal unless a period), precision."""

    lo: str
    hi: str
    precision: Precision
    year: int
    month: int | None


def _finer(a: Precision, b: Precision) -> Precision:
    return a if PRECISION_ORDER.index(a) >= PRECISION_ORDER.index(b) else b


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + by
    return idx // 12, idx % 12 + 1


_PERIODS: dict[str, tuple[int, int, Precision]] = {
    "start": (1, 1, "month"),
    "end": (12, 12, "month"),
    "year": (0, 0, "year"),
    "H1": (1, 6, "half"),
    "H2": (7, 12, "half"),
    "Q1": (1, 3, "quarter"),
    "Q2": (4, 6, "quarter"),
    "Q3": (7, 9, "quarter"),
    "Q4": (10, 12, "quarter"),
    "Q1-Q2": (1, 6, "quarter"),
    "Q1-Q3": (1, 9, "quarter"),
}


def _day_moment(d: date, p: Point) -> _Moment:
    """A day, with its clock time when written. 24时 is the end of that day, written T24:00
    (ISO 8601 allows 24:00 as the end of a calendar day), precision hour."""
    iso = d.isoformat()
    if p.hour is None:
        return _Moment(iso, iso, "day", d.year, d.month)
    if p.hour == 24 and not p.minute and not p.second:
        iso += "T24:00"
        return _Moment(iso, iso, "hour", d.year, d.month)
    if p.hour > 23 or (p.minute or 0) > 59 or (p.second or 0) > 59:
        raise ValueError("not a clock time")
    if p.second is not None:
        iso += f"T{p.hour:02d}:{p.minute or 0:02d}:{p.second:02d}"
        precision: Precision = "second"
    else:
        iso += f"T{p.hour:02d}:{p.minute or 0:02d}"
        precision = "minute" if p.minute is not None else "hour"
    return _Moment(iso, iso, precision, d.year, d.month)


def _need(anchor: date | None) -> date:
    if anchor is None:
        raise _NeedsAnchor
    return anchor


def _exists_by(year: int, month: int, day: int, latest: date) -> bool:
    """Whether year-month-day exists (leap days) and falls no later than `latest`."""
    return day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= latest


def _pick_year(month: int, day: int, anchor: date | None, window: int) -> int:
    """The latest year that puts month/day no later than `window` days after the anchor."""
    a = _need(anchor)
    for year in range(a.year + 1, a.year - 5, -1):
        if _exists_by(year, month, day, a + timedelta(days=window)):
            return year
    raise ValueError("no such day near the anchor")


def _point_moment(p: Point, anchor: date | None, ctx: _Moment | None = None) -> _Moment:
    """Resolve one point; `ctx` is an interval's start, whose year/month an end inherits."""
    settings = grammar().rules.settings
    if p.offset is not None:
        n, unit = p.offset
        a = _need(anchor)
        if unit in ("day", "week"):
            return _day_moment(a + timedelta(days=n * (7 if unit == "week" else 1)), p)
        if unit == "month":
            y, mo = _shift_month(a.year, a.month, n)
            return _Moment(f"{y:04d}-{mo:02d}", f"{y:04d}-{mo:02d}", "month", y, mo)
        return _Moment(f"{a.year + n:04d}", f"{a.year + n:04d}", "year", a.year + n, None)
    if p.day_rel is not None:  # 昨（11）日: the bracketed day wins if the two disagree
        d = _need(anchor) + timedelta(days=p.day_rel)
        if p.day is None or d.day == p.day:
            return _day_moment(d, p)
        p = replace(p, day_rel=None)

    if p.year is not None:
        year: int | None = p.year
    elif p.year_rel is not None:
        year = _need(anchor).year + p.year_rel
    elif ctx is not None:
        year = ctx.year
    elif p.period is not None:
        year = _need(anchor).year
    else:
        year = None
    if year is not None and not 1900 <= year <= 2099:
        raise ValueError("year out of range")

    if p.period is not None and p.month is None:
        assert year is not None
        lo, hi, precision = _PERIODS[p.period]
        if precision == "year":
            return _Moment(f"{year:04d}", f"{year:04d}", "year", year, None)
        return _Moment(f"{year:04d}-{lo:02d}", f"{year:04d}-{hi:02d}", precision, year, lo)

    month = p.month
    if p.month_rel is not None:  # 本（12）月: the bracketed month wins if the two disagree
        a = _need(anchor)
        y, mo = _shift_month(a.year, a.month, p.month_rel)
        if month is None or mo == month:
            year, month = y, mo
    elif month is None and ctx is not None and ctx.month is not None and p.day is not None:
        month = ctx.month
    if month is None:
        if p.day is None:
            if year is None:
                raise ValueError("empty point")
            return _Moment(f"{year:04d}", f"{year:04d}", "year", year, None)
        a = _need(anchor)  # a bare day: the latest month that is not too far ahead
        for back in range(-1, 3):
            y, mo = _shift_month(a.year, a.month, -back)
            if _exists_by(y, mo, p.day, a + timedelta(days=settings.future_days_day)):
                return _day_moment(date(y, mo, p.day), p)
        raise ValueError("no such day near the anchor")
    if not 1 <= month <= 12:
        raise ValueError("no such month")
    if year is None:
        year = _pick_year(month, p.day or 1, anchor, settings.future_days_month)
    if p.day is None:
        return _Moment(f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}", "month", year, month)
    return _day_moment(date(year, month, p.day), p)


# Stands in for a missing anchor when only the precision is asked: any date works (precision
# does not depend on the anchor); a leap year keeps 2月29日 a day.
_PRECISION_PROBE = date(2000, 3, 1)


def _needs_only_year(expr: TimeExpr) -> bool:
    """A calendar date written without its year (10月27日, 3月至5月): a year would resolve it."""
    points = [p for p in (expr.start, expr.end) if p is not None]
    return (
        expr.kind in ("point", "interval")
        and expr.start is not None
        and expr.start.month is not None
        and all(
            p.year is None
            and p.year_rel is None
            and p.month_rel is None
            and p.day_rel is None
            and p.offset is None
            and p.period is None
            for p in points
        )
    )


def resolve(expr: TimeExpr, anchor: date | None) -> Resolved:
    """Resolve an expression against the anchor (publication date) or say it needs one; an
    unresolved expression still knows its precision (去年: year, 10月27日: day)."""
    anchor_iso = anchor.isoformat() if anchor is not None else None
    settings = grammar().rules.settings
    try:
        value, precision, used = _resolve(expr, anchor)
    except _NeedsAnchor:
        try:
            precision = _resolve_with(expr, _PRECISION_PROBE)[1]
        except ValueError:
            precision = None
        needs = settings.needs_year if _needs_only_year(expr) else settings.needs_anchor
        return Resolved(None, precision, None, needs)
    except ValueError:
        return Resolved(None, None, None, None)
    return Resolved(value, precision, anchor_iso if used else None, None)


def _resolve(expr: TimeExpr, anchor: date | None) -> tuple[str, Precision, bool]:
    """Value, precision and whether the anchor was used (tried without it first). With no
    anchor, `X以来` is the open interval from X (2020年以来: 2020/.., ISO 8601-2)."""
    try:
        value, precision = _resolve_with(expr, None)
        return value, precision, False
    except _NeedsAnchor:
        if anchor is None:
            if expr.kind == "since" and expr.start is not None:
                start = _point_moment(expr.start, None)
                return f"{start.lo}/..", start.precision, False
            raise
    value, precision = _resolve_with(expr, anchor)
    return value, precision, True


def _resolve_with(expr: TimeExpr, anchor: date | None) -> tuple[str, Precision]:
    if expr.kind == "near":
        assert expr.near is not None
        n, unit = expr.near
        a = _need(anchor)
        if n < 1:
            raise ValueError("empty interval")
        if unit == "year":
            return f"{a.year - n + 1:04d}/{a.year:04d}", "year"
        if unit == "month":
            y, mo = _shift_month(a.year, a.month, 1 - n)
            return f"{y:04d}-{mo:02d}/{a.year:04d}-{a.month:02d}", "month"
        return f"{(a - timedelta(days=n)).isoformat()}/{a.isoformat()}", "day"
    assert expr.start is not None
    start = _point_moment(expr.start, anchor)
    if expr.kind == "since":
        a = _need(anchor)
        if start.lo > a.isoformat():
            raise ValueError("since a date after the anchor")
        return f"{start.lo}/{a.isoformat()}", _finer(start.precision, "day")
    if expr.kind == "point":
        if start.lo == start.hi:
            return start.lo, start.precision
        return f"{start.lo}/{start.hi}", start.precision
    assert expr.end is not None
    end = _point_moment(expr.end, anchor, start)
    inherited = expr.end.year is None and expr.end.year_rel is None
    if inherited and end.hi < start.lo and expr.end.month is not None:
        end = _point_moment(replace(expr.end, year=start.year + 1), anchor, start)
    if end.hi <= start.lo:
        raise ValueError("interval ends before it starts")
    return f"{start.lo}/{end.hi}", _finer(start.precision, end.precision)
