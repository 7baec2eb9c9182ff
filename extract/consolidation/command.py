"""`extract-facts consolidate RUN.jsonl [RUN2.jsonl ...] [-o facts.jsonl|.parquet|.csv]`.

Reads the records of one or more runs (streamed, validated by the models), consolidates them
and writes one fact per line: JSONL (the `ConsolidatedFact` contract), or a flat table (CSV or
Parquet) with one row per fact, its sources' ids and quotes as columns and the full sources as
JSON. Conflicts and falls are summarised on stderr.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from extract.consolidation.group import consolidate
from extract.consolidation.model import ConsolidatedFact, ValueInterval
from extract.models import Record
from extract.output.writers import atomic_path, atomic_text
from extract.review.verify import iter_records

FLAT_COLUMNS = (
    "id", "type", "subject_id", "subject", "metric", "unit", "apart", "basis", "start", "end",
    "status", "value", "low", "high", "low_open", "high_open", "claims", "falls_from",
    "documents", "doc_ids", "record_ids", "quotes", "sources",
)  # fmt: skip

STATUSES = ("conflict", "compatible", "agree", "single")


# What consolidation reads: publication dates and figures.
READ_TYPES = frozenset({"document", "amount", "count", "percentage"})


def _runs(paths: Sequence[Path], problems: list[str]) -> Iterator[Record]:
    for path in paths:
        yield from iter_records(path, problems, READ_TYPES)


def _bound(allows: ValueInterval | None, end: str) -> str | None:
    value = getattr(allows, end) if allows is not None else None
    return None if value is None else format(value.normalize(), "f")


def flat_row(fact: ConsolidatedFact) -> dict[str, str | int | bool | None]:
    """One table row of a fact: scalars as columns, lists joined by ';' or as JSON."""
    data = fact.model_dump(mode="json")
    return {
        "id": fact.id,
        "type": fact.type,
        "subject_id": fact.subject.org_id,
        "subject": fact.subject.name,
        "metric": fact.metric,
        "unit": fact.unit,
        "apart": json.dumps(data["apart"], ensure_ascii=False) if fact.apart else None,
        "basis": fact.time.basis,
        "start": fact.time.start,
        "end": fact.time.end,
        "status": fact.status,
        "value": data["value"],
        "low": _bound(fact.allows, "low"),
        "high": _bound(fact.allows, "high"),
        "low_open": fact.allows.low_open if fact.allows else None,
        "high_open": fact.allows.high_open if fact.allows else None,
        "claims": json.dumps(data["claims"], ensure_ascii=False),
        "falls_from": ";".join(f.fact_id for f in fact.falls_from) or None,
        "documents": fact.documents,
        "doc_ids": ";".join(dict.fromkeys(s.doc_id for s in fact.sources)),
        "record_ids": ";".join(s.record_id for s in fact.sources),
        "quotes": json.dumps([s.quote for s in fact.sources], ensure_ascii=False),
        "sources": json.dumps(data["sources"], ensure_ascii=False),
    }


def write_facts(facts: Sequence[ConsolidatedFact], target: str | None) -> None:
    """Facts to stdout (None or '-'), or to a .jsonl, .csv or .parquet file, atomically."""
    if target in (None, "-"):
        sys.stdout.writelines(f.model_dump_json() + "\n" for f in facts)
        return
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"documents": pa.int64(), "low_open": pa.bool_(), "high_open": pa.bool_()}
        schema = pa.schema([pa.field(c, types.get(c, pa.string())) for c in FLAT_COLUMNS])
        with atomic_path(path) as tmp:
            pq.write_table(pa.Table.from_pylist([flat_row(f) for f in facts], schema=schema), tmp)
        return
    with atomic_text(path) as fh:
        if suffix == ".csv":
            writer = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS)
            writer.writeheader()
            writer.writerows(flat_row(f) for f in facts)
        else:
            fh.writelines(f.model_dump_json() + "\n" for f in facts)


def summary(facts: Sequence[ConsolidatedFact]) -> list[str]:
    """Counts by status, then one line per conflict and per fall."""
    counts = Counter(f.status for f in facts)
    falls = sum(1 for f in facts if f.falls_from)
    lines = [
        f"{len(facts)} facts: "
        + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
        + f"; {falls} fall(s) in cumulative series"
    ]
    for f in facts:
        if f.status == "conflict" or f.falls_from:
            what = "conflict" if f.status == "conflict" else "falls below an earlier fact"
            claims = " vs ".join(s.quote for s in f.sources)
            when = f.time.start if f.time.start == f.time.end else f"{f.time.start}/{f.time.end}"
            lines.append(
                f"  {what}: {f.subject.name} {f.metric} ({f.time.basis} {when}): {claims} "
                f"[{', '.join(dict.fromkeys(s.doc_id for s in f.sources))}]"
            )
    return lines


def run(args: argparse.Namespace) -> int:
    problems: list[str] = []
    missing = [p for p in args.runs if not p.exists()]
    if missing:
        print(f"consolidate: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    facts = consolidate(_runs(args.runs, problems))
    write_facts(facts, args.output)
    for line in itertools.chain(problems, summary(facts)):
        print(f"consolidate: {line}", file=sys.stderr)
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `consolidate` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "consolidate",
        help="one fact per subject, metric and time across runs, with agree/conflict status",
        description="Group the amounts, counts and percentages of one or more runs by subject, "
        "metric, unit and time; each fact lists every source and says whether they agree, are "
        "compatible, conflict, or stand single. Exit 1 when an input line is not a record.",
    )
    p.add_argument("runs", nargs="+", type=Path, help="run outputs (JSONL)")
    p.add_argument(
        "-o", "--output", help="facts file: .jsonl (default format), .csv or .parquet; '-' stdout"
    )
    p.set_defaults(func=run)
    return p
