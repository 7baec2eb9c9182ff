"""Records per second of `consolidate` on one core, in memory and from a run file.

The records are the seeds' figures with a subject and a metric, multiplied: each copy gets its
own id, one of `--docs` documents (each with a publication date), one of 50 subjects, one of
eight years and a value moved by a few per mille, so groups, statuses and series all occur.
`engine` times `consolidate(records)` over records made on the fly, less the time to make
them; `file` times reading and validating a JSONL run of the same records and consolidating
it (what `extract-facts consolidate RUN.jsonl` does); `--mix` makes that run hold every record
type in the seeds' proportions (35% figures), as a real run does. CPU time of this process:
on a shared machine other processes only ever slow a run down. Peak RSS of the process.

    PYTHONPATH=. python benchmarks/bench_consolidate.py [--records 1000000] [--docs 20000]
        [--only engine|file] [--mix]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from extract import consolidate
from extract.consolidation.command import _runs
from extract.models import DocumentRecord, Record, Subject, TimeRef
from extract.output.writers import record_line
from extract.review.verify import read_records

SEEDS_RUN = Path(__file__).resolve().parent.parent / "out" / "seeds.jsonl"
YEARS = range(2016, 2024)


def make_records(n: int, docs: int, mix: bool = False) -> Iterator[Record]:
    """`n` figure records (plus a document record before each document's records); with `mix`,
    `n` records of every type in the seeds' proportions, their figures varied as above."""
    records, _ = read_records(SEEDS_RUN)
    figures = [
        r for r in records if r.type in ("amount", "count", "percentage") and r.subject and r.metric
    ]
    bases = [r for r in records if r.type != "document"] if mix else figures
    figure_ids = {r.id for r in figures}
    subjects = [Subject(org_id=f"org{k}", name=f"机构{k}") for k in range(50)]
    times = {
        (y, p): TimeRef(
            value=f"{y}-{m:02d}" if p == "month" else str(y),
            precision=p,
            text=f"截至{y}年{m}月" if p == "month" else f"{y}年",
        )
        for y in YEARS
        for p, m in (("month", 12), ("year", 0))
    }
    per_doc = max(1, n // docs)
    for i in range(n):
        if i % per_doc == 0:
            d = i // per_doc
            yield DocumentRecord(id=f"doc{d}", doc_id=f"d{d:07d}", path=f"d{d:07d}.txt",
                                 sha256=None, published=f"{YEARS[d % 8] + 1}-03-01")  # fmt: skip
        base = bases[i % len(bases)]
        update: dict[str, object] = {"id": f"r{i:09d}", "doc_id": f"d{i // per_doc:07d}"}
        if base.id in figure_ids:
            year = YEARS[(i // len(bases)) % 8]
            update |= {
                "subject": subjects[(i // 7) % len(subjects)],
                "time": times[(year, "month" if i % 3 else "year")],
                "value": base.value * (1 + Decimal(i % 5) / 1000),  # type: ignore[union-attr]
            }
        yield base.model_copy(update=update)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(records: Iterable[Record]) -> tuple[list, float]:
    start = time.process_time()
    facts = consolidate(records)
    return facts, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--only", choices=("engine", "file"), help="run one of the two")
    parser.add_argument(
        "--mix", action="store_true", help="file: records of every type, as in a run (seeds' mix)"
    )
    args = parser.parse_args()
    n, docs = args.records, args.docs
    if args.only != "file":
        engine(n, docs)
    if args.only != "engine":
        from_file(n, docs, args.mix)


def engine(n: int, docs: int) -> None:
    """consolidate() over records made on the fly, less the time it takes to make them."""
    start = time.process_time()
    made = sum(1 for _ in make_records(n, docs))
    making = time.process_time() - start
    facts, cpu = timed(make_records(n, docs))
    spent = cpu - making
    statuses = Counter(f.status for f in facts)
    print(
        f"engine: {made:,} records -> {len(facts):,} facts ({dict(statuses)}), "
        f"{spent:.1f} s CPU ({cpu:.1f} s less {making:.1f} s making the records), "
        f"{n / spent:,.0f} figure records/s"
    )


def from_file(n: int, docs: int, mix: bool) -> None:
    """What `extract-facts consolidate RUN.jsonl` does: read, validate, consolidate."""
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run.jsonl"
        lines = figures = 0
        with run.open("w", encoding="utf-8") as fh:
            for r in make_records(n, docs, mix):
                fh.write(record_line(r))
                lines += 1
                figures += r.type in ("amount", "count", "percentage")
        problems: list[str] = []
        facts, cpu = timed(_runs([run], problems))
        assert not problems, problems[:3]
        print(
            f"file: {lines:,} records ({figures:,} figures, {run.stat().st_size / 1e6:,.0f} MB "
            f"JSONL) read, validated and consolidated into {len(facts):,} facts: {cpu:.1f} s CPU, "
            f"{lines / cpu:,.0f} records/s, peak RSS {peak_mb():,.0f} MB"
        )


if __name__ == "__main__":
    main()
