"""Whether the time grammar's pre-filter pays: `find_expressions` with and without it.

The pre-filter (`extract/grammar/timeexpr.py`, "where a date can be") cuts the text into runs of the
characters the grammar reads and runs each top pattern only over the runs that hold a character
it needs. This benchmark times the stage's scan both ways on the clean views of the seeds,
repeated to `--mb` million characters, checks that both find the same expressions, and prints
the best of `--runs` runs (CPU time of this process):

    python benchmarks/bench_time.py [--mb 0.5] [--runs 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from extract.grammar import timeexpr
from extract.ingest import load_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def best(runs: int, job: Callable[[], object]) -> tuple[float, object]:
    cpu, out = float("inf"), None
    for _ in range(runs):
        start = time.process_time()
        out = job()
        cpu = min(cpu, time.process_time() - start)
    return cpu, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=0.5, help="corpus size in millions of chars")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = [load_document(p).match_text for p in sorted(SEEDS.glob("*.txt"))]
    repeat = int(args.mb * 1_000_000) // sum(map(len, texts)) + 1
    corpus = texts * repeat
    chars = sum(map(len, corpus))

    def scan() -> list[list[timeexpr.Match]]:
        return [timeexpr.find_expressions(t) for t in corpus]

    g = timeexpr.grammar()
    filtered, with_filter = best(args.runs, scan)
    whole = tuple(timeexpr._Scan(rule, p, None) for rule, p in g.patterns)
    plain = dataclasses.replace(g, scans=whole, runs=None)
    with mock.patch.object(timeexpr, "grammar", lambda: plain):
        unfiltered, without = best(args.runs, scan)
    assert with_filter == without, "the pre-filter changed what the grammar finds"
    for name, cpu in (("pre-filter", filtered), ("whole text", unfiltered)):
        print(f"time, {name}: {chars:,} chars in {cpu:.3f} s CPU, {chars / cpu:,.0f} chars/s")
    print(f"the pre-filter is {unfiltered / filtered:.1f}x faster")


if __name__ == "__main__":
    main()
