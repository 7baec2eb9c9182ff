"""What is scored: the record types, their fields and how each value is normalised to compare."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from extract.models import Subject, TimeRef

MENTION_TYPES = ("amount", "count", "percentage", "date", "event")
TYPES = (*MENTION_TYPES, "organisation")
STATS = ("precision", "recall", "f1")

_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$")


def norm_date(value: str | None) -> str | None:
    """One spelling per instant: drop ':00' seconds, read T24:00 as the next day's T00:00."""
    if value is None:
        return None
    if "/" in value:
        return "/".join(str(norm_date(part)) for part in value.split("/"))
    m = _DATETIME.match(value)
    if not m:
        return value
    day, hour, minute, second = m.groups()
    if hour == "24" and minute == "00" and second in (None, "00"):
        day, hour = (date.fromisoformat(day) + timedelta(days=1)).isoformat(), "00"
    tail = f":{second}" if second and second != "00" else ""
    return f"{day}T{hour}:{minute}{tail}"


def _decimal(d: Decimal | None) -> Decimal | None:
    return None if d is None else d.normalize()


def _name(s: Subject | None) -> str | None:
    return None if s is None else s.name


def _time(t: TimeRef | None) -> str | None:
    return None if t is None else norm_date(t.value)


def _range(r: Any) -> tuple[Decimal, Decimal] | None:
    return None if r is None else (r.low.normalize(), r.high.normalize())


def _actors(actors: list[Subject]) -> frozenset[str] | None:
    return frozenset(a.name for a in actors) or None


Getter = Callable[[Any], Hashable | None]
_FIGURE_FIELDS: dict[str, Getter] = {
    "value": lambda r: _decimal(r.value),
    "qualifier": lambda r: r.qualifier,
    "range": lambda r: _range(r.range),
    "subject": lambda r: _name(r.subject),
    "metric": lambda r: r.metric,
    "time": lambda r: _time(r.time),
}
FIELDS: dict[str, dict[str, Getter]] = {
    "amount": {**_FIGURE_FIELDS, "currency": lambda r: r.currency},
    "count": {**_FIGURE_FIELDS, "unit": lambda r: r.unit},
    "percentage": _FIGURE_FIELDS,
    "date": {"value": lambda r: norm_date(r.value), "precision": lambda r: r.precision},
    "event": {
        "event_type": lambda r: r.event_type,
        "actors": lambda r: _actors(r.actors),
        "date": lambda r: _time(r.date),
        "status": lambda r: r.status,
    },
    "organisation": {"name": lambda r: r.name, "org_type": lambda r: r.org_type},
}


def metric_keys() -> list[str]:
    """Every key a threshold may name: <type>.<metric>.<stat>."""
    metrics = {t: ["span", "exact", *FIELDS[t]] for t in MENTION_TYPES}
    metrics["organisation"] = ["span", "mention", "mention_exact", *FIELDS["organisation"]]
    metrics["all"] = ["span", "exact"]
    return [f"{t}.{m}.{s}" for t, ms in metrics.items() for m in ms for s in STATS]
