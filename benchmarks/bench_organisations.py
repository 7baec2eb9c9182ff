"""Characters per second of the organisation stage, without and with the statistical NER.

The corpus is the clean views of the seeds, each a document, repeated to at least `--mb` million
characters. Rules and model are loaded before timing; the best of `--runs` runs is reported, in
CPU time of this process (one core) and wall time.

    python benchmarks/bench_organisations.py [--mb 1] [--runs 3] [--model DIR --model-mb 0.2]

`--model shipped` times the package's own model (README, Organisations); `--model DIR` a trained
folder.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bench_figures import seed_texts

from extract.orgs import load_recogniser
from extract.orgs.ner import load_model
from extract.pipeline.organisations import model_spans


def best(run: Callable[[], int], runs: int) -> tuple[float, float, int]:
    cpu = wall = float("inf")
    found = 0
    for _ in range(runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        found = run()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return cpu, wall, found


def corpus(mb: float) -> list[str]:
    unit = seed_texts()
    size = sum(map(len, unit))
    return unit * (int(mb * 1_000_000) // size + 1)


def report(label: str, docs: list[str], cpu: float, wall: float, found: int) -> None:
    chars = sum(map(len, docs))
    print(
        f"{label}: {chars:,} chars in {len(docs)} documents, {found:,} mentions: "
        f"{chars / cpu:,.0f} chars/s CPU, {chars / wall:,.0f} chars/s wall"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="rules-only corpus, million chars")
    parser.add_argument("--model-mb", type=float, default=0.2, help="corpus with the model")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default=None, help="a spaCy NER folder (train_ner's output)")
    args = parser.parse_args()
    recogniser = load_recogniser()
    docs = corpus(args.mb)
    report("rules", docs, *best(lambda: sum(len(recogniser.find(d)) for d in docs), args.runs))
    if args.model is None:
        return
    model = load_model(args.model)
    docs = corpus(args.model_mb)

    def with_model() -> int:
        spans = (model_spans(model, d, ("ORG",)) for d in docs)
        return sum(len(recogniser.find(d, model_spans=s)) for d, s in zip(docs, spans, strict=True))

    report("rules + model", docs, *best(with_model, 1))


if __name__ == "__main__":
    main()
