"""Consolidate figure records into facts: group, decide each group's status, check series.

One pass over the records (a run's `document` line comes before its mentions, so each figure
gets its article's publication date), a hash map from (subject, metric, type, unit, apart
fields, time basis) to time windows, then per key: as-of windows nested in a chain become one
group (2021 contains 2021-12), each group gets its status, and cumulative series are swept in
time order for falls. Everything but the per-key sorts is linear in the number of records.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from extract.consolidation.claims import (
    FigureRecord,
    Interval,
    allowed,
    rules,
    unit_and_apart,
    window,
)
from extract.consolidation.model import (
    Claim,
    ConsolidatedFact,
    FactSource,
    FactTime,
    Fall,
    Status,
)
from extract.models import DocumentRecord, Range, Record, Subject

# (org_id, metric, type, unit, apart fields, basis, doc_id for undated figures)
Key = tuple[str, str, str, str | None, tuple[tuple[str, str], ...], str, str | None]
Window = tuple[str | None, str | None]
_FIGURES = ("amount", "count", "percentage")


@dataclass(slots=True)
class _Source:
    """A source as it will be written (the record itself is not kept) and what it allows."""

    src: FactSource
    allows: Interval


@dataclass(slots=True)
class _Group:
    key: Key
    subject: Subject
    window: Window
    sources: list[_Source]
    status: Status = "single"
    value: Decimal | None = None
    allows: Interval | None = None
    falls_from: list[_Group] = field(default_factory=list)

    @property
    def id(self) -> str:
        text = "|".join(str(part) for part in (*self.key[:5], self.key[6], *self.window))
        return hashlib.sha256(f"{self.key[5]}|{text}".encode()).hexdigest()[:20]


def _contains(outer: Window, inner: Window) -> bool:
    return outer != inner and outer[0] <= inner[0] and inner[1] <= outer[1]  # type: ignore[operator]


def _chains(windows: dict[Window, list[_Source]]) -> list[tuple[Window, list[_Source]]]:
    """As-of windows, nested ones merged: a window that holds a single chain of finer windows
    (2021 ⊃ 2021-12 ⊃ 2021-12-06) is one moment, the finest; one holding two disjoint windows
    (2021-03 and 2021-12) is ambiguous and stays apart."""
    # By first day, and the wider window first when two start together (a stable sort twice).
    ordered = sorted(
        sorted(windows, key=lambda w: w[1] or "", reverse=True), key=lambda w: w[0] or ""
    )
    children: dict[Window | None, list[Window]] = defaultdict(list)
    stack: list[Window] = []
    for w in ordered:
        while stack and not _contains(stack[-1], w):
            stack.pop()
        children[stack[-1] if stack else None].append(w)
        stack.append(w)

    def walk(node: Window) -> tuple[Window, list[_Source]] | None:
        """Add the groups below `node` to `found`; return its chain (leaf, sources) if it is one."""
        kids = [(kid, walk(kid)) for kid in children.get(node, ())]
        if not kids:
            return node, list(windows[node])
        if len(kids) == 1 and kids[0][1] is not None:
            leaf, sources = kids[0][1]
            return leaf, windows[node] + sources
        for _, chain in kids:
            if chain is not None:
                found.append(chain)
        found.append((node, list(windows[node])))
        return None

    found: list[tuple[Window, list[_Source]]] = []
    for root in children[None]:
        chain = walk(root)
        if chain is not None:
            found.append(chain)
    return found


def _claim_key(source: _Source) -> tuple[Decimal, str | None, Range | None]:
    s = source.src
    return s.value, s.qualifier, s.range


def _decide(group: _Group) -> None:
    """Status, value and common interval of a group (README: compatibility)."""
    sources = group.sources
    claims = {_claim_key(s) for s in sources}
    together = sources[0].allows
    for s in sources[1:]:
        together = together.meet(s.allows)
    if together.empty:
        group.status, group.value, group.allows = "conflict", None, None
        return
    group.allows = together
    if len(sources) == 1 or len(claims) == 1:
        group.status = "single" if len(sources) == 1 else "agree"
        group.value = sources[0].src.value
        return
    group.status = "compatible"
    exact = [
        s
        for s in sources
        if s.src.qualifier is None and s.src.range is None and together.holds(s.src.value)
    ]
    exact.sort(key=lambda s: s.allows.width or Decimal(0))
    group.value = exact[0].src.value if exact else None


def _series(groups: list[_Group]) -> None:
    """Falls in a cumulative series: an as-of value below what an earlier moment allowed."""
    live = [g for g in groups if g.allows is not None]
    by_end = sorted(live, key=lambda g: g.window[1] or "")
    best: _Group | None = None
    j = 0
    for g in sorted(live, key=lambda g: g.window[0] or ""):
        while j < len(by_end) and (by_end[j].window[1] or "") < (g.window[0] or ""):
            cand = by_end[j]
            if best is None or _higher_low(cand, best):
                best = cand
            j += 1
        if best is not None and best.allows and g.allows and best.allows.above(g.allows):
            g.falls_from.append(best)


def _higher_low(a: _Group, b: _Group) -> bool:
    lo_a = a.allows.lo if a.allows else None
    lo_b = b.allows.lo if b.allows else None
    return lo_a is not None and (lo_b is None or lo_a > lo_b)


def _published(records: Iterable[Record]) -> Iterator[tuple[FigureRecord, str | None]]:
    """Each figure record with a subject and a metric, once, with its publication date."""
    published: dict[str, str | None] = {}
    seen: set[str] = set()
    for r in records:
        if isinstance(r, DocumentRecord):
            published[r.doc_id] = r.published
        elif r.type in _FIGURES and r.subject is not None and r.metric and r.id not in seen:
            seen.add(r.id)
            yield r, published.get(r.doc_id)  # type: ignore[misc]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large run's sources pile up: it would walk
    every live object again and again (half the time on 10^5 records), and nothing built
    here forms a cycle; reference counting still frees all that is dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def consolidate(records: Iterable[Record]) -> list[ConsolidatedFact]:
    """Facts from figure records of one or more runs (README: consolidating facts).

    Records without a subject or a metric are left out; a record id seen twice counts once.
    Facts come sorted by subject, metric, unit and time. The records are not kept: each
    becomes its `FactSource` as it streams by.
    """
    with _no_cycle_collection():
        keys, subjects = _collect(records)
        groups: list[_Group] = []
        series = rules().non_decreasing
        for key, windows in keys.items():
            basis = key[5]
            found = _chains(windows) if basis == "as_of" else list(windows.items())
            mine = [_Group(key, subjects[key], w, sources) for w, sources in found]
            for g in mine:
                _decide(g)
            if basis == "as_of" and key[1] in series:
                _series(mine)
            groups.extend(mine)
        groups.sort(key=_order)
        return [_fact(g) for g in groups]


def _order(g: _Group) -> tuple[str, ...]:
    """Subject, metric, type, unit, apart fields, time: None sorts first, as ''."""
    org, metric, type_, unit, apart, basis, doc = g.key
    return (org, metric, type_, unit or "", repr(apart), g.window[0] or "", g.window[1] or "",
            basis, doc or "")  # fmt: skip


def _collect(
    records: Iterable[Record],
) -> tuple[dict[Key, dict[Window, list[_Source]]], dict[Key, Subject]]:
    """Sources by key and time window, and each key's subject (as first named)."""
    keys: dict[Key, dict[Window, list[_Source]]] = defaultdict(lambda: defaultdict(list))
    subjects: dict[Key, Subject] = {}
    for record, published in _published(records):
        assert record.subject is not None and record.metric is not None
        unit, apart = unit_and_apart(record)
        basis, start, end = window(record, published)
        key: Key = (
            record.subject.org_id,
            record.metric,
            record.type,
            unit,
            apart,
            basis,
            record.doc_id if basis == "undated" else None,
        )
        subjects.setdefault(key, record.subject)
        allows = allowed(record.value, record.qualifier, record.range)
        keys[key][(start, end)].append(_Source(_source(record, published, allows), allows))
    return keys, subjects


def _fall(g: _Group) -> Fall:
    assert g.allows is not None
    return Fall(
        fact_id=g.id,
        time=_time(g),
        allows=g.allows.model(),
        record_ids=[s.src.record_id for s in g.sources],
        doc_ids=sorted({s.src.doc_id for s in g.sources}),
    )


def _time(g: _Group) -> FactTime:
    return FactTime(basis=g.key[5], start=g.window[0], end=g.window[1])  # type: ignore[arg-type]


def _fact(g: _Group) -> ConsolidatedFact:
    claims: dict[tuple[Decimal, str | None, Range | None], list[_Source]] = defaultdict(list)
    for s in g.sources:
        claims[_claim_key(s)].append(s)
    return ConsolidatedFact(
        id=g.id,
        type=g.key[2],  # type: ignore[arg-type]
        subject=g.subject,
        metric=g.key[1],
        unit=g.key[3],
        apart=dict(g.key[4]),
        time=_time(g),
        status=g.status,
        value=g.value,
        allows=g.allows.model() if g.allows else None,
        claims=[
            Claim(
                value=value,
                qualifier=qualifier,
                range=range_,
                allows=members[0].allows.model(),
                record_ids=[s.src.record_id for s in members],
            )
            for (value, qualifier, range_), members in claims.items()
        ],
        falls_from=[_fall(f) for f in g.falls_from],
        documents=len({s.src.doc_id for s in g.sources}),
        sources=[s.src for s in g.sources],
    )


def _source(r: FigureRecord, published: str | None, allows: Interval) -> FactSource:
    return FactSource(
        doc_id=r.doc_id,
        record_id=r.id,
        published=published,
        quote=r.quote,
        text=r.text,
        span=r.span,
        byte_span=r.byte_span,
        sentence=r.sentence,
        value=r.value,
        qualifier=r.qualifier,
        range=r.range,
        time=r.time,
        allows=allows.model(),
    )
