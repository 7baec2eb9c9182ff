"""Characters per second of the temporal stage alone (`find_temporals`) on one core.

The corpus is the clean views of the seeds with their publication dates, repeated to at least
`--mb` million characters, each document run on its own (as the stage does). The grammar is
loaded and compiled before timing; the best of `--runs` runs is reported in CPU and wall time.

    python benchmarks/bench_temporal.py [--mb 1] [--runs 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extract.grammar.timeexpr import grammar
from extract.ingest import load_document
from extract.pipeline.temporal import find_temporals, related_news_start

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in millions of chars")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    docs = [load_document(p) for p in sorted(SEEDS.glob("*.txt"))]
    unit = [
        (d.match_text, d.published, related_news_start(d.match_text, d.paragraphs)) for d in docs
    ]
    size = sum(len(t) for t, _, _ in unit)
    corpus = unit * (int(args.mb * 1_000_000) // size + 1)
    chars = size * (len(corpus) // len(unit))
    grammar()
    cpu = wall = float("inf")
    found = 0
    for _ in range(args.runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        found = sum(len(find_temporals(text, anchor, cut)) for text, anchor, cut in corpus)
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    print(
        f"temporal: {chars:,} chars, {found:,} dates, best of {args.runs}: "
        f"{chars / cpu:,.0f} chars/s CPU ({cpu:.3f} s), {chars / wall:,.0f} chars/s wall"
    )


if __name__ == "__main__":
    main()
