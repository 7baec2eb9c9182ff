"""The facts view of the review page: the run's consolidated facts, conflicts first.

One row per fact: status, subject, metric, time, value, and every source as a button that
jumps to its sentence (the page's own `jump`, by the record's index in the page's data).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from html import escape

from extract.consolidation.group import consolidate
from extract.consolidation.model import ConsolidatedFact, FactTime, ValueInterval
from extract.models import Record

# Order of the view: what a fact-checker must read first.
ORDER = ("conflict", "fall", "compatible", "agree", "single")


def _span(start: str | None, end: str | None) -> str:
    """2020 for a whole year, 2020-12 for a whole month, 2020-12-31 for a day, else a – b."""
    if start is None or end is None:
        return "—"
    if start == end:
        return start
    if start.endswith("-01-01") and end.endswith("-12-31") and start[:4] == end[:4]:
        return start[:4]
    if start.endswith("-01") and start[:7] == end[:7] and end == _days(end[:7]):
        return start[:7]
    return f"{start} – {end}"


def _days(month: str) -> str:
    year, m = int(month[:4]), int(month[5:7])
    return f"{month}-{calendar.monthrange(year, m)[1]:02d}"


def time_label(time: FactTime) -> str:
    """as of 2020-12 / 2020 / 2020-01-01 – 2020-10-31 / published 2021-01-15 / undated."""
    span = _span(time.start, time.end)
    return {
        "as_of": f"as of {span}",
        "period": span,
        "published": f"published {time.start}",
        "undated": "undated",
    }[time.basis]


def interval_label(allows: ValueInterval | None) -> str:
    """(100,000,000, 105,050,000] and the like; '—' when the claims conflict."""
    if allows is None:
        return "—"
    low = "−∞" if allows.low is None else format(allows.low.normalize(), ",f")
    high = "∞" if allows.high is None else format(allows.high.normalize(), ",f")
    left = "(" if allows.low_open or allows.low is None else "["
    right = ")" if allows.high_open or allows.high is None else "]"
    return f"{left}{low}, {high}{right}"


def rank(fact: ConsolidatedFact) -> int:
    """Where a fact sits in the view: conflicts, then falls in a series, then the rest."""
    if fact.status == "conflict":
        return 0
    return 1 if fact.falls_from else ORDER.index(fact.status)


def _sources(fact: ConsolidatedFact, index: dict[str, int]) -> str:
    buttons = []
    for s in fact.sources:
        i = index.get(s.record_id)
        if i is None:
            continue
        buttons.append(
            f'<button type="button" class="fact-source" data-r="{i}" lang="zh" '
            f'title="{escape(s.sentence.text)}">{escape(s.quote)} <small>{escape(s.doc_id)}'
            f"{' · ' + escape(s.published) if s.published else ''}</small></button>"
        )
    return " ".join(buttons)


def facts_view(records: Sequence[Record]) -> str:
    """The consolidated facts of `records` as a table; `records` is the page's record list."""
    facts = sorted(consolidate(records), key=rank)
    if not facts:
        return '<p class="empty">No figures with a subject and a metric to consolidate.</p>'
    index = {r.id: i for i, r in enumerate(records)}
    rows = []
    for f in facts:
        status = "fall" if f.status != "conflict" and f.falls_from else f.status
        value = (
            format(f.value.normalize(), ",f") if f.value is not None else interval_label(f.allows)
        )
        unit = f" {f.unit}" if f.unit and f.allows is not None else ""
        note = (
            f' <small class="fall">below {escape(time_label(f.falls_from[0].time))}: '
            f"{escape(interval_label(f.falls_from[0].allows))}</small>"
            if f.falls_from
            else ""
        )
        rows.append(
            f'<tr class="fact s-{status}" data-fact="{escape(f.id)}">'
            f'<td><span class="status">{escape(status)}</span></td>'
            f"<td>{escape(f.subject.name)}</td><td>{escape(f.metric)}</td>"
            f"<td>{escape(time_label(f.time))}</td>"
            f'<td class="value">{escape(value + unit)}{note}</td>'
            f"<td>{_sources(f, index)}</td></tr>"
        )
    return (
        '<div class="scroll"><table id="consolidated"><thead><tr><th>status</th>'
        "<th>subject</th><th>metric</th><th>time</th><th>value</th><th>sources</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
