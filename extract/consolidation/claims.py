"""What one figure record claims: the values it allows and the time window it holds for.

Engines only, no grouping: `allowed(...)` turns a value, qualifier and range into an interval
(qualifier arithmetic and rounding to the precision written), `window(...)` turns a record's
time into a `FactTime`. The tolerances and word lists are data in `rules/consolidate.yaml`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from extract.consolidation.model import ValueInterval
from extract.grammar.grammar_kit import group, simplified_view
from extract.models import AmountRecord, CountRecord, PercentageRecord, Range, TimeRef
from extract.rules import RulesModel, load_yaml

FigureRecord = AmountRecord | CountRecord | PercentageRecord


class Tolerance(RulesModel):
    rounding_cap: Decimal
    about: Decimal
    nearly: Decimal


class UnitField(RulesModel):
    field: str
    default: str | None


class ConsolidateRules(RulesModel):
    tolerance: Tolerance
    units: dict[str, UnitField]
    unit_aliases: dict[str, str]
    apart_fields: list[str]
    as_of_time_words: list[str]
    cumulative_words: list[str]
    level_metrics: frozenset[str]
    non_decreasing: frozenset[str]


@cache
def rules() -> ConsolidateRules:
    return load_yaml("consolidate.yaml", ConsolidateRules)


# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """Values between lo and hi (None: unbounded), each end open or closed."""

    lo: Decimal | None
    lo_open: bool
    hi: Decimal | None
    hi_open: bool

    def meet(self, other: Interval) -> Interval:
        """The values both allow (maybe empty: see `empty`)."""
        lo, lo_open = self.lo, self.lo_open
        if other.lo is not None and (
            lo is None or other.lo > lo or (other.lo == lo and other.lo_open)
        ):
            lo, lo_open = other.lo, other.lo_open
        hi, hi_open = self.hi, self.hi_open
        if other.hi is not None and (
            hi is None or other.hi < hi or (other.hi == hi and other.hi_open)
        ):
            hi, hi_open = other.hi, other.hi_open
        return Interval(lo, lo_open, hi, hi_open)

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def above(self, other: Interval) -> bool:
        """Every value this allows is higher than every value `other` allows."""
        if self.lo is None or other.hi is None:
            return False
        return self.lo > other.hi or (self.lo == other.hi and (self.lo_open or other.hi_open))

    def holds(self, value: Decimal) -> bool:
        return not self.meet(Interval(value, False, value, False)).empty

    @property
    def width(self) -> Decimal | None:
        return None if self.lo is None or self.hi is None else self.hi - self.lo

    def model(self) -> ValueInterval:
        return _interval_model(self)


@lru_cache(maxsize=1 << 16)
def _interval_model(interval: Interval) -> ValueInterval:
    """The model of an interval, made once: many sources share one claim's interval."""
    return ValueInterval(
        low=interval.lo, high=interval.hi, low_open=interval.lo_open, high_open=interval.hi_open
    )


def rounding(value: Decimal) -> Decimal:
    """Half a unit of the last significant digit (1.5亿 -> 0.05亿), at most rounding_cap of it.

    The digits are read off the exact value, so trailing zeros count as not written: 7500万 is
    ±50万, and a one-digit figure such as 1亿 is capped (±5%, not ±0.5亿).
    """
    if not value:
        return Decimal(0)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # a finite decimal
    half = Decimal(5).scaleb(exponent - 1)
    return min(half, abs(value) * rules().tolerance.rounding_cap)


@lru_cache(maxsize=1 << 16)
def allowed(value: Decimal, qualifier: str | None, range_: Range | None) -> Interval:
    """The values a figure allows, given its qualifier and range (README: compatibility)."""
    tol = rules().tolerance
    low, high = (range_.low, range_.high) if range_ is not None else (value, value)
    if qualifier == "over":
        return Interval(low, True, None, False)
    if qualifier == "at_least":
        return Interval(low, False, None, False)
    if qualifier == "under":
        return Interval(None, False, high, True)
    if qualifier == "at_most":
        return Interval(None, False, high, False)
    if qualifier == "nearly":
        return Interval(low - abs(low) * tol.nearly, False, high, False)
    if qualifier == "about":
        return Interval(
            low - max(rounding(low), abs(low) * tol.about),
            False,
            high + max(rounding(high), abs(high) * tol.about),
            False,
        )
    if range_ is not None:
        return Interval(low, False, high, False)
    r = rounding(value)
    return Interval(value - r, False, value + r, False)


@cache
def _unit_spec(model: type) -> tuple[str | None, str | None, tuple[str, ...]]:
    """For a record model: its unit field (if it has one), the default unit, its apart fields."""
    r = rules()
    fields = model.model_fields  # type: ignore[attr-defined]
    spec = r.units[fields["type"].default]
    unit_field = spec.field if spec.field in fields else None
    return unit_field, spec.default, tuple(name for name in r.apart_fields if name in fields)


def unit_and_apart(record: FigureRecord) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The record's normalised unit, and the values of the other fields that keep facts apart."""
    unit_field, default, apart_fields = _unit_spec(type(record))
    unit = getattr(record, unit_field) if unit_field else None
    unit = rules().unit_aliases.get(unit, unit) if unit is not None else default
    apart = tuple(
        (name, str(value)) for name in apart_fields if (value := getattr(record, name)) is not None
    )
    return unit, apart


# --- time -----------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CLAUSE_END = re.compile(r"[，,。；;！!？?]")

# (basis, first day, last day): a FactTime before it becomes a model.
TimeKey = tuple[str, str | None, str | None]


@lru_cache(maxsize=1 << 14)
def _days(part: str) -> tuple[str, str] | None:
    """First and last day, ISO, of an ISO partial date (2021, 2021-12, 2021-12-06T24:00)."""
    m = _ISO.match(part)
    if m is None:
        return None
    year = int(m.group(1))
    if m.group(2) is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    if m.group(3) is None:
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    try:
        day = date(year, month, int(m.group(3))).isoformat()
    except ValueError:
        return None
    return day, day


def _clause_before(record: FigureRecord) -> str:
    """The sentence's clause up to the figure: where 累计 says a figure is cumulative."""
    sentence, text = record.sentence.text, record.text
    guess = record.span.start - record.sentence.start
    best, found = None, sentence.find(text)
    while found >= 0:  # the occurrence nearest to where the span puts it
        if best is None or abs(found - guess) < abs(best - guess):
            best = found
        found = sentence.find(text, found + 1)
    at = guess if best is None else best
    return _CLAUSE_END.split(sentence[: max(at, 0)])[-1] + text


@cache
def _words(kind: str) -> re.Pattern[str]:
    """One alternation of a word list of the rules (as_of_time_words, cumulative_words)."""
    return re.compile(group(getattr(rules(), kind)))


def as_of(record: FigureRecord) -> str | None:
    """How a figure is a level at a moment: "point" when its time says 截至… or it is
    cumulative (累计 in its clause before it): as of the end of its time; "window" when its
    metric is a level (members): at some moment of its time; None: a flow over its time."""
    # The rules are Simplified (the one script policy); records keep the text as written.
    time_text = simplified_view(record.time.text) if record.time and record.time.text else ""
    if _words("as_of_time_words").search(time_text):
        return "point"
    if _words("cumulative_words").search(simplified_view(_clause_before(record))):
        return "point"
    return "window" if record.metric in rules().level_metrics else None


def window(record: FigureRecord, published: str | None) -> TimeKey:
    """When the record's figure holds, as (basis, first day, last day): README, consolidation."""
    time: TimeRef | None = record.time
    parts = time.value.split("/") if time is not None and time.value else []
    if parts:
        kind = as_of(record)
        first, last = _days(parts[-1] if kind else parts[0]), _days(parts[-1])
        if first is not None and last is not None:
            if kind == "point":
                return ("as_of", last[1], last[1])
            return ("as_of" if kind else "period", first[0], last[1])
    if published:
        return ("published", published, published)
    return ("undated", None, None)
