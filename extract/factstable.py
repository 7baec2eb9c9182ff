"""`extract-facts facts OUT.jsonl`: the facts of a run as a table a person can review at a glance.

One row per amount, count and percentage record: subject, metric, value with its unit or
currency, qualifier, time, document and the start of the sentence. Reads records only (never the
pipeline), so it works on any run's output.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from extract.models import AmountRecord, CountRecord, PercentageRecord
from extract.terminal import printable
from extract.verify import read_records

FactRecord = AmountRecord | CountRecord | PercentageRecord
FACT_TYPES = ("amount", "count", "percentage")
COLUMNS = ("subject", "metric", "value", "qualifier", "time", "doc", "sentence")
SENTENCE_CHARS = 28
DOC_CHARS = 14


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, columns: int) -> str:
    """`text` cut to `columns` display columns, with … when cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def value_text(record: FactRecord) -> str:
    """729,000,000 CNY / 251.1万 -> 2,511,000 人次 / 8 % / 10,000–50,000 CNY."""
    if isinstance(record, AmountRecord):
        unit = f" {record.currency}"
    elif isinstance(record, CountRecord):
        unit = f" {record.unit}" if record.unit else ""
    else:
        unit = "%"
    if record.range is not None:
        return f"{_number(record.range.low)}–{_number(record.range.high)}{unit}"
    return f"{_number(record.value)}{unit}"


def row(record: FactRecord) -> tuple[str, ...]:
    time = record.time
    when = "" if time is None else (time.value or f"({time.text})")
    sentence = " ".join(record.sentence.text.split())
    return (
        record.subject.name if record.subject else "-",
        record.metric or "-",
        value_text(record),
        record.qualifier or "",
        when,
        clip(record.doc_id, DOC_CHARS),
        f"{record.sentence.start}: {clip(sentence, SENTENCE_CHARS)}",
    )


def select(records: Iterable[object], doc: str | None, types: Sequence[str]) -> list[FactRecord]:
    """The fact records, optionally of one document (id or its start) and of some types."""
    kinds = {"amount": AmountRecord, "count": CountRecord, "percentage": PercentageRecord}
    wanted = tuple(kinds[t] for t in types)
    return [
        r
        for r in records
        if isinstance(r, wanted) and (doc is None or r.doc_id == doc or r.doc_id.startswith(doc))
    ]


def render(records: Sequence[FactRecord], out: TextIO) -> None:
    """An aligned table with a header line, then a summary line."""
    rows = [COLUMNS, *(row(r) for r in records)]
    widths = [max(width(r[i]) for r in rows) for i in range(len(COLUMNS))]
    for i, cells in enumerate(rows):
        line = "  ".join(pad(c, w) for c, w in zip(cells, widths, strict=True))
        out.write(printable(line.rstrip()) + "\n")
        if i == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")
    linked = sum(1 for r in records if r.subject and r.metric)
    out.write(
        f"\n{len(records)} figure(s); {linked} with subject and metric, "
        f"{sum(1 for r in records if r.metric)} with a metric, "
        f"{sum(1 for r in records if r.time)} with a time\n"
    )


def run(args: argparse.Namespace) -> int:
    records, problems = read_records(args.file)
    for problem in problems:
        print(problem, file=sys.stderr)
    render(select(records, args.doc, args.type or FACT_TYPES), sys.stdout)
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `facts` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "facts",
        help="print the facts of a run as a table",
        description="Subject, metric, value, qualifier, time, document and sentence of every "
        "amount, count and percentage record of a run output.",
    )
    p.add_argument("file", type=Path, help="a run's JSONL output")
    p.add_argument("--doc", help="only this document (its id, or the start of it)")
    p.add_argument(
        "--type", action="append", choices=FACT_TYPES, help="only this record type (repeatable)"
    )
    p.set_defaults(func=run)
    return p
