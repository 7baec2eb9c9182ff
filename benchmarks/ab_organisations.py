"""The organisation stage of this checkout against another's, alternated in one process.

On a shared machine two runs minutes apart see different loads; here both recognisers run
turn about over the same documents, so each pair of timings shares the machine's state. Each
checkout's `extract` package is imported on its own and swapped into `sys.modules` for its turn.

    PYTHONPATH=$PWD python benchmarks/ab_organisations.py [--other /work/main] [--rounds 20]

Prints each side's CPU chars/s (median and best round) and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from bench_figures import seed_texts

Find = Callable[[str], list]


def _own_modules() -> dict[str, ModuleType]:
    return {k: v for k, v in sys.modules.items() if k == "extract" or k.startswith("extract.")}


def _load(root: Path | None) -> tuple[dict[str, ModuleType], Find]:
    """The `extract` package of `root` (this checkout's when None), imported afresh."""
    for name in _own_modules():
        del sys.modules[name]
    if root is not None:
        sys.path.insert(0, str(root))
    try:
        from extract.orgs import load_recogniser

        recogniser = load_recogniser()
    finally:
        if root is not None:
            sys.path.remove(str(root))
    return _own_modules(), recogniser.find


def _timed(modules: dict[str, ModuleType], find: Find, docs: list[str]) -> float:
    sys.modules.update(modules)  # lazy imports inside the stage resolve to its own package
    start = time.process_time()
    for doc in docs:
        find(doc)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", default="/work/main", help="the checkout to compare with")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=10, help="the seeds' texts, per round")
    args = parser.parse_args()
    docs = seed_texts()
    other = _load(Path(args.other))
    sides = {"this": _load(None), "other": other}
    found = {name: [repr(find(d)) for d in docs] for name, (_, find) in sides.items()}  # warm
    if found["this"] != found["other"]:
        print("warning: the two stages find different mentions")
    docs *= args.repeat
    chars = sum(map(len, docs))
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(args.rounds):
        for name, side in sides.items():
            times[name].append(_timed(*side, docs))
    print(f"{chars:,} chars a round, {args.rounds} rounds")
    for name in sides:
        rates = [chars / t for t in times[name]]
        print(f"{name}: median {statistics.median(rates):,.0f}, best {max(rates):,.0f} chars/s CPU")
    ratios = [o / t for t, o in zip(times["this"], times["other"], strict=True)]
    print(f"this / other, per round: median {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
