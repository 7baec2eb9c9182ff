"""Resolution of a `TimeExpr` against an explicit anchor date, never the clock."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import get_args

from extract.grammar.timeexpr.calendars import holiday_in, lunar_to_solar, week_start
from extract.grammar.timeexpr.grammar import grammar
from extract.grammar.timeexpr.parse import Point, TimeExpr
from extract.models import Precision

# Coarse to fine: an interval's precision is the finer of its two ends.
PRECISION_ORDER: tuple[Precision, ...] = get_args(Precision)


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


def _latest_day(day_in: Callable[[int], date], anchor: date | None, window: int) -> date:
    """The latest day_in(year) no later than `window` days after the anchor (a holiday, a
    lunar date written without its year)."""
    a = _need(anchor)
    for year in range(a.year + 1, a.year - 3, -1):
        try:
            d = day_in(year)
        except ValueError:
            continue
        if d <= a + timedelta(days=window):
            return d
    raise ValueError("no such day near the anchor")


def _calendar_moment(p: Point, year: int | None, anchor: date | None) -> _Moment | None:
    """A week, a weekday, a holiday or a lunar date; None for any other point."""
    window = grammar().rules.settings.future_days_month
    if p.week_rel is not None or p.weekday is not None:
        monday = week_start(_need(anchor), p.week_rel or 0)
        if p.weekday is not None:
            return _day_moment(monday + timedelta(days=p.weekday - 1), p)
        first = monday + timedelta(days=5) if p.weekend else monday
        last = monday + timedelta(days=6)
        return _Moment(first.isoformat(), last.isoformat(), "day", first.year, first.month)
    if p.week_ord is not None:
        month = p.month
        if year is None:
            year = _pick_year(month, 1, anchor, window) if month else _need(anchor).year
        first = date(year, month or 1, 1)
        monday = first + timedelta(days=(8 - first.isoweekday()) % 7 + 7 * (p.week_ord - 1))
        last = monday + timedelta(days=6)
        return _Moment(monday.isoformat(), last.isoformat(), "day", monday.year, monday.month)
    if p.holiday is not None:
        rule = grammar().rules.holidays[p.holiday]
        if year is not None:
            d = holiday_in(rule, year)
        else:
            d = _latest_day(lambda y: holiday_in(rule, y), anchor, window)
        return _day_moment(d, p)
    if p.lunar:
        assert p.month is not None and p.day is not None
        month, day = p.month, p.day
        if year is not None:
            return _day_moment(lunar_to_solar(year, month, day), p)
        return _day_moment(_latest_day(lambda y: lunar_to_solar(y, month, day), anchor, window), p)
    return None


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
    elif p.year_rel is not None and not p.story_year:
        year = _need(anchor).year + p.year_rel
    elif ctx is not None:
        year = ctx.year
    elif p.period is not None:
        year = _need(anchor).year
    else:
        year = None
    if year is not None and not 1900 <= year <= 2099:
        raise ValueError("year out of range")
    if p.story_year and p.year is None:
        raise _NeedsAnchor  # 同年, 次年: only a year the story names resolves them
    if (moment := _calendar_moment(p, year, anchor)) is not None:
        return moment

    if p.period is not None and p.month is None:
        assert year is not None
        lo, hi, precision = (
            (1, int(p.period[1:]), "month") if p.period.startswith("M") else _PERIODS[p.period]
        )
        if precision == "year":
            return _Moment(f"{year:04d}", f"{year:04d}", "year", year, None)
        return _Moment(f"{year:04d}-{lo:02d}", f"{year:04d}-{hi:02d}", precision, year, lo)

    month = p.month
    if p.month_rel is not None:  # 本（12）月: the bracketed month wins if the two disagree
        a = _need(anchor)
        y, mo = _shift_month(a.year, a.month, p.month_rel)
        if month is None or mo == month:  # 去年本月十日: the month of the year before
            year, month = y + (p.year_rel or 0), mo
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


@lru_cache(maxsize=8192)
def resolve(expr: TimeExpr, anchor: date | None) -> Resolved:
    """Resolve an expression against the anchor (publication date) or say it needs one; an
    unresolved expression still knows its precision (去年: year, 10月27日: day). Both are
    frozen, and an article resolves its repeated dates against one anchor: cached."""
    anchor_iso = anchor.isoformat() if anchor is not None else None
    settings = grammar().rules.settings
    try:
        value, precision, used = _resolve(expr, anchor)
    except _NeedsAnchor:
        story = expr.start is not None and expr.start.story_year
        probe = replace(expr, start=replace(expr.start, year=2000)) if story else expr
        try:
            precision = _resolve_with(probe, _PRECISION_PROBE)[1]
        except ValueError:
            precision = None
        needs_year = story or _needs_only_year(expr)
        needs = settings.needs_year if needs_year else settings.needs_anchor
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
    if expr.kind == "decade":
        assert expr.decade is not None
        century, century_rel, decade = expr.decade
        if century is not None:
            first = (century - 1) * 100 + decade
        elif century_rel is not None:
            first = (_need(anchor).year // 100 + century_rel) * 100 + decade
        else:  # 九十年代: the latest such decade that starts no later than the anchor
            a = _need(anchor)
            first = (a.year // 100) * 100 + decade
            if first > a.year:
                first -= 100
        if not 1900 <= first <= 2090:
            raise ValueError("decade out of range")
        return f"{first:04d}/{first + 9:04d}", "year"
    if expr.kind in ("ahead", "near"):
        return _window(expr, anchor, ahead=expr.kind == "ahead")
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


def _window(expr: TimeExpr, anchor: date | None, *, ahead: bool) -> tuple[str, Precision]:
    """未来两天 / 近三个月: N units after the anchor, or the N units that end at it."""
    assert expr.near is not None
    n, unit = expr.near
    a = _need(anchor)
    if n < 1:
        raise ValueError("empty interval")
    if unit == "year":
        lo, hi = (a.year + 1, a.year + n) if ahead else (a.year - n + 1, a.year)
        return f"{lo:04d}/{hi:04d}", "year"
    if unit == "month":
        if ahead:
            (y1, m1), (y2, m2) = _shift_month(a.year, a.month, 1), _shift_month(a.year, a.month, n)
        else:
            (y1, m1), (y2, m2) = _shift_month(a.year, a.month, 1 - n), (a.year, a.month)
        return f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", "month"
    days = timedelta(days=n * (7 if unit == "week" else 1))
    first, last = (a + timedelta(days=1), a + days) if ahead else (a - days, a)
    return f"{first.isoformat()}/{last.isoformat()}", "day"
