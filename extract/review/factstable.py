"""`extract-facts facts OUT.jsonl`: the facts of a run as a table a person can review at a glance.

One row per amount, count and percentage record: record id, subject, metric, value with its unit
or currency, qualifier, time, document and the sentence, nothing cut. `--json` and `--csv` give
the same facts as data, with the exact value and its unit in their own fields. Reads records
only (never the pipeline), so it works on any run's output.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from extract.models import AmountRecord, CountRecord, PercentageRecord
from extract.review.terminal import printable
from extract.review.verify import read_records

FactRecord = AmountRecord | CountRecord | PercentageRecord
FACT_TYPES = ("amount", "count", "percentage")
COLUMNS = ("id", "subject", "metric", "value", "qualifier", "time", "doc", "sentence")
# The fields of --json and --csv, one per fact.
DATA_FIELDS = ("id", "doc_id", "type", "subject", "subject_id", "metric", "value", "unit",
               "range_low", "range_high", "qualifier", "time", "time_text", "quote",
               "sentence_start", "sentence")  # fmt: skip


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


CHANGE_MARK = {"increase": "+", "decrease": "−"}


def value_text(record: FactRecord) -> str:
    """729,000,000 CNY / 251.1万 -> 2,511,000 人次 / 8 % / 10,000–50,000 CNY; a change is marked
    (下降2个百分点 -> −2 pp, 增长8% -> +8%)."""
    if isinstance(record, AmountRecord):
        unit = f" {record.currency}"
    elif isinstance(record, CountRecord):
        unit = f" {record.unit}" if record.unit else ""
    else:
        unit = " pp" if record.unit == "percentage_point" else "%"
    change = CHANGE_MARK.get(record.change or "", "")
    if record.range is not None:
        return f"{change}{_number(record.range.low)}–{_number(record.range.high)}{unit}"
    return f"{change}{_number(record.value)}{unit}"


def row(record: FactRecord) -> tuple[str, ...]:
    time = record.time
    when = "" if time is None else (time.value or f"({time.text})")
    sentence = " ".join(record.sentence.text.split())
    return (
        record.id,
        record.subject.name if record.subject else "-",
        record.metric or "-",
        value_text(record),
        record.qualifier or "",
        when,
        record.doc_id,
        f"{record.sentence.start}: {sentence}",
    )


def fact_data(record: FactRecord) -> dict[str, str | int | None]:
    """One fact as data: exact decimals as strings, the unit apart from the value."""
    if isinstance(record, AmountRecord):
        unit = record.currency
    elif isinstance(record, CountRecord):
        unit = record.unit
    else:
        unit = "%"
    exact = record.model_dump(mode="json")
    return {
        "id": record.id,
        "doc_id": record.doc_id,
        "type": record.type,
        "subject": record.subject.name if record.subject else None,
        "subject_id": record.subject.org_id if record.subject else None,
        "metric": record.metric,
        "value": exact["value"],
        "unit": unit,
        "range_low": exact["range"]["low"] if record.range else None,
        "range_high": exact["range"]["high"] if record.range else None,
        "qualifier": record.qualifier,
        "time": record.time.value if record.time else None,
        "time_text": record.time.text if record.time else None,
        "quote": record.quote,
        "sentence_start": record.sentence.start,
        "sentence": record.sentence.text,
    }


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
    chosen = select(records, args.doc, args.type or FACT_TYPES)
    if args.json:
        data = [fact_data(r) for r in chosen]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, DATA_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(fact_data(r) for r in chosen)
    else:
        render(chosen, sys.stdout)
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `facts` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "facts",
        help="print the facts of a run as a table (or JSON, or CSV)",
        description="Record id, subject, metric, value, qualifier, time, document and sentence "
        "of every amount, count and percentage record of a run output.",
    )
    p.add_argument("file", type=Path, help="a run's JSONL output")
    p.add_argument("--doc", help="only this document (its id, or the start of it)")
    p.add_argument(
        "--type", action="append", choices=FACT_TYPES, help="only this record type (repeatable)"
    )
    form = p.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="a JSON array of facts (UTF-8)")
    form.add_argument("--csv", action="store_true", help="CSV with a header line")
    p.set_defaults(func=run)
    return p
