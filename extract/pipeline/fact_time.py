"""The time resolver: the temporal expression that scopes a figure, named by its rule.

- `bracketed`: one alone in brackets right after the figure (300亿元（2022年）);
- `clause_before`: the nearest one before it in its clause, unless it is the date of a change's
  start (从2022年的A增至B: 2022年 is A's, not B's);
- `leading` / `period` / `scope` / `report_period`: from an earlier clause of the sentence, one
  that opens its clause (2020年，…), is a period (近3年, 2016年至2021年), starts with 截至, or
  names a report's period (2021年度总结); a clause that looks ahead (未来3年) stops the search;
- `scope_after`: a 截至 one later in the sentence;
- `compared_date`: the date of the figure a comparison is made with (较2021年的180亿元);
- `respectively`: after 分别, the years (or months) of a range or list in order
  (2019年至2021年……分别为A、B和C: 2019, 2020, 2021);
- `since`: a date after 从/自 with 至今/以来 later in its clause is the open interval from it
  (从2016年上线至今: 2016/..);
- `growth_base` (facts.py): a change with no time of its own takes the time of the figure it
  is the change of (2022年营收25亿元，同比增长20%).

Comparison bases (较2020年) and dates in titles never scope a figure.
"""

from __future__ import annotations

import itertools
from typing import Any

import regex

from extract.pipeline.annotations import Found, Spans
from extract.pipeline.discourse import Discourse
from extract.pipeline.fact_rules import FactGrammar
from extract.pipeline.fact_subject import Clause

_BRACKET_OPEN = regex.compile(r"\s*[（(]\s*")
_NOT_BRACKET_GAP = regex.compile(r"[^\s（(]")  # the gap to a bracketed date ends before it
_BRACKET_CLOSE = regex.compile(r"\s*[）)]")

Choice = tuple[Found | None, str | None]  # the date and the rule that chose it


def _steps(value: str, precision: str | None) -> list[str]:
    """The years of a year range (2019/2021) or the months of a month range within one year
    (2023-01/2023-03), in order; [] for anything else."""
    years = regex.fullmatch(r"(\d{4})/(\d{4})", value)
    if years and precision == "year":
        return [str(y) for y in range(int(years.group(1)), int(years.group(2)) + 1)]
    months = regex.fullmatch(r"(\d{4})-(\d\d)/\1-(\d\d)", value)
    if months and precision == "month":
        year, low, high = months.group(1), int(months.group(2)), int(months.group(3))
        return [f"{year}-{m:02d}" for m in range(low, high + 1)]
    return []


class TimeResolver:
    """The dates of one text that may scope figures, and the choice for each figure."""

    def __init__(self, g: FactGrammar, d: Discourse, dates: list[Found]) -> None:
        self.g, self.d, self.text = g, d, d.text
        shown = [x for x in dates if not d.in_title(x.start, x.end)]
        self.dates = Spans(x for x in shown if not self._compared(x))
        self.compared = Spans(x for x in shown if self._compared(x))

    def _compared(self, date: Found) -> bool:
        """较2020年 / 相比去年同期: the base of a comparison."""
        return bool(self.g.time_not_after.search(self.text[max(0, date.start - 4) : date.start]))

    def time(self, clauses: list[Clause], index: int, fig: Found, sentence_end: int) -> Choice:
        """The date that scopes the figure, and the rule; a date after 从/自 with 至今 or 以来
        later in its clause (从2016年上线至今) becomes the open interval from it."""
        date, rule = self._time(clauses, index, fig, sentence_end)
        if date is None:
            return None, None
        split = self._respectively(clauses, index, fig, date)
        if split is not None:
            return split, "respectively"
        since = self._since(date)
        return (since, "since") if since is not None else (date, rule)

    def _since(self, date: Found) -> Found | None:
        value = date.fields.get("value")
        start = self.g.since_before.search(self.text, max(0, date.start - 3), date.start)
        if not value or "/" in value or start is None:
            return None
        clause_end = self.d.clause_of(date.start, date.end)[1]
        until = self.g.since_until.search(self.text, date.end, clause_end)
        if until is None:
            return None
        fields = {**date.fields, "value": f"{value}/.."}
        return Found(date.type, start.start(), until.end(), date.rule, fields)

    def _respectively(
        self, clauses: list[Clause], index: int, fig: Found, date: Found
    ) -> Found | None:
        """2019年至2021年……分别为A、B和C / 2020年和2021年……分别为A和B: the years in order."""
        clause = clauses[index]
        mark = self.g.respectively.search(self.text, clause.start, fig.start)
        if mark is None:
            return None
        group = [f for f in clause.figures if f.start > mark.start() and f.type == fig.type]
        k = next(i for i, f in enumerate(group) if f is fig)
        steps = _steps(date.fields.get("value") or "", date.fields.get("precision"))
        if len(steps) == len(group) > 1:
            fields = {**date.fields, "value": steps[k]}
            return Found(date.type, date.start, date.end, date.rule, fields)
        listed = next((c.dates for c in clauses[: index + 1] if date in c.dates), [])
        if len(listed) == len(group) > 1 and all(
            x.fields.get("precision") == date.fields.get("precision") for x in listed
        ):
            return listed[k]
        return None

    def _time(self, clauses: list[Clause], index: int, fig: Found, sentence_end: int) -> Choice:
        if not (self.dates.items or self.compared.items):
            return None, None  # a text with no date: every rule below looks for one
        text = self.text
        stop = _NOT_BRACKET_GAP.search(text, fig.end)
        for d in self.dates.within(fig.end, stop.start() + 1 if stop else len(text) + 1):
            if _BRACKET_OPEN.fullmatch(text, fig.end, d.start) and _BRACKET_CLOSE.match(
                text, d.end
            ):
                return d, "bracketed"  # （2021年为200亿元）is another figure's time
        for d in self.compared.within(clauses[index].start, fig.start):
            if self.g.of_gap.fullmatch(text, d.end, fig.start):
                return d, "compared_date"  # 较2021年的180亿元: the compared figure's own time
        clause = clauses[index]
        same = [
            d for d in clause.dates if d.end <= fig.start and not self._change_start(clause, d, fig)
        ]
        if same:
            return same[-1], "clause_before"
        for earlier in reversed(clauses[:index]):
            if self.g.future_mark.search(text, earlier.end, fig.start):
                break  # 计划在未来3—5年内，打造 ...: the earlier times do not scope it
            for d in reversed(earlier.dates):
                rule = self._scoping(earlier, d)
                if rule is not None:
                    return d, rule
        for d in self.dates.within(fig.end, sentence_end):
            if self._is_scope(d):
                return d, "scope_after"
        return None, None

    def chains(self, clause: Clause, fig: Found, gap: int) -> bool:
        """A figure with no time of its own continues the chain of the figure before it, `gap`
        clauses back in its sentence: in the clause just before (in its own clause the date
        would be its own, or a change's start), and its clause names no other time (目前, 累计)
        before it."""
        return gap == 1 and not self.g.chain_stop.search(self.text, clause.start, fig.start)

    def _scoping(self, clause: Clause, date: Found) -> str | None:
        """Why a date of an earlier clause scopes the clauses after it, if it does."""
        if self.leading(clause, date):
            return "leading"
        if self._is_period(date):
            return "period"
        if self._is_scope(date):
            return "scope"
        if self.g.period_report.match(self.text, date.end):
            return "report_period"
        return None

    def leading(self, clause: Clause, date: Found) -> bool:
        """The date opens its clause (2020年，... / 据了解，2020年 ...), or the clause is only
        dates (2020年和2021年，)."""
        return self.d.opener_end(clause.start) >= date.start or self.content_free(clause)

    def content_free(self, clause: Clause) -> bool:
        """A clause that is only a time (2020年，) or an opener (据了解，) carries nothing."""
        rest = self.text[clause.start : clause.end]
        for d in clause.dates:
            rest = rest.replace(self.text[d.start : d.end], "")
        rest = self.d.g.clause_break.sub("", rest)
        return not rest.strip() or bool(self.d.g.opener.fullmatch(rest))

    def _is_period(self, date: Found) -> bool:
        value = date.fields.get("value") or ""
        return "/" in value or bool(self.g.period_mark.search(self.text, date.start, date.end))

    def _is_scope(self, date: Found) -> bool:
        return bool(self.g.scope_prefix.match(self.text, date.start))

    def _change_start(self, clause: Clause, date: Found, fig: Found) -> bool:
        """从2022年的200万元增至300万元: the date is the start figure's own (date 的 figure, or
        date figure right after 从 / 由) and `fig` ends the change: the date does not scope it."""
        g, text = self.g, self.text
        for a, b in itertools.pairwise(clause.figures):
            if (
                b is not fig
                or a.start < date.end
                or not g.connector.fullmatch(text, a.end, b.start)
            ):
                continue
            if g.of_gap.fullmatch(text, date.end, a.start) or (
                not text[date.end : a.start].strip()
                and g.change_from.search(text, max(0, date.start - 4), date.start)
            ):
                return True
        return False

    def ref(self, date: Found) -> dict[str, Any]:
        """The figure's `time` field: the date's value and its clean text."""
        f = date.fields
        return {
            "value": f.get("value"),
            "precision": f.get("precision"),
            "resolved_from": f.get("resolved_from"),
            "text": self.text[date.start : date.end],
        }
