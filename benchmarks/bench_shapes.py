"""Adversarial shapes at growing sizes: the whole path (read, ingest, stages, records) must stay
linear, so chars/s at 200k should be at least half of chars/s at 50k.

    python -m benchmarks.bench_shapes                     # every shape at 50k, 100k, 200k chars
    python -m benchmarks.bench_shapes --shapes year dateline --sizes 50000 200000

Prints one line per shape: chars per CPU second at each size, and the ratio of the largest
size's speed to the smallest's. Each article is written to a temporary file and run through
`runner.process`, as `extract-facts run` does for one file. Run it with `-m` from the repo root,
so that it imports this tree's `extract` (not an installed copy).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from extract import runner
from extract.ingest.sources import FileTask
from extract.pipeline import default_pipeline


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _nested(n: int) -> str:
    return "[" * (n // 2) + "]" * (n - n // 2)


def _tokenised(n: int) -> str:
    sentence = "水滴筹累计筹款484亿元，帮助超过251万名患者。"
    return _repeat(" ".join(sentence) + " ")(n)


def _front_matter(n: int) -> str:
    """Front matter that never closes: `---` and then only `key: value` lines."""
    return "---\n" + _repeat("title: 水滴筹筹款484亿元\n")(n - 4)


SHAPES: dict[str, Callable[[int], str]] = {
    "year": _repeat("2021年"),
    "dateline": _repeat("2021年3月27日 14:02 "),
    "tokenised": _tokenised,
    "brackets": _nested,
    "amounts": _repeat("484亿元\n\n"),
    "front_matter": _front_matter,
    "gazetteer": _repeat("水滴筹相互宝轻松筹支付宝蚂蚁集团美团互助"),
    "news": _repeat("2021年，水滴筹累计筹款484亿元，同比增长12.5%，帮助超过251万名患者。\n\n"),
}


def speed(text: str, folder: Path) -> float:
    """chars per CPU second of one article through `runner.process`."""
    path = folder / "article.txt"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()  # CPU time: on a shared machine, wall time measures the load
    block = runner.process(FileTask(str(path), path.name))
    elapsed = time.process_time() - started
    if block.failure:
        raise SystemExit(f"the article failed: {block.failure}")
    return len(text) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="*", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--sizes", nargs="*", type=int, default=[50_000, 100_000, 200_000])
    args = parser.parse_args()
    default_pipeline()
    runner.init_worker(frozenset(), runner.DEFAULT_OPTIONS)
    with tempfile.TemporaryDirectory() as tmp:  # compile every grammar before timing
        speed(SHAPES["news"](2000), Path(tmp))
    header = "".join(f"{size:>12,}" for size in args.sizes)
    print(f"{'shape':<14}{header}   ratio  (chars per CPU second)")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.shapes:
            speeds = [speed(SHAPES[name](size), Path(tmp)) for size in args.sizes]
            cells = "".join(f"{s:>12,.0f}" for s in speeds)
            print(f"{name:<14}{cells}   {speeds[-1] / speeds[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
