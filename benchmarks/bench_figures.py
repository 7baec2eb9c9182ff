"""Characters per second of figure extraction (`find_figures`) on one core.

The corpus is the clean views of the seeds, repeated to at least `--mb` million characters (the
raw files when ingestion is not importable). The grammar is loaded and compiled before timing.
The best of `--runs` runs is reported, in CPU time of this process (what one core does) and in
wall time: on a shared machine other processes only ever slow a run down.

    python benchmarks/bench_figures.py [--mb 1] [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not whichever one pip installed

from extract.pipeline.figures import load_grammar  # noqa: E402

SEEDS = ROOT / "seeds"


def seed_texts() -> list[str]:
    """Clean views of the seeds, or their raw text if ingestion is not there."""
    paths = sorted(SEEDS.glob("*.txt"))
    try:
        from extract.ingest import load_document
    except ImportError:
        return [p.read_text(encoding="utf-8") for p in paths]
    return [load_document(p).match_text for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in millions of chars")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    unit = "\n".join(seed_texts())
    corpus = unit * (int(args.mb * 1_000_000) // len(unit) + 1)
    grammar = load_grammar()
    cpu = wall = float("inf")
    found = 0
    for _ in range(args.runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        found = len(grammar.find(corpus))
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    print(
        f"figures: {len(corpus):,} chars, {found:,} figures, best of {args.runs}: "
        f"{len(corpus) / cpu:,.0f} chars/s CPU ({cpu:.3f} s), "
        f"{len(corpus) / wall:,.0f} chars/s wall ({wall:.3f} s)"
    )


if __name__ == "__main__":
    main()
