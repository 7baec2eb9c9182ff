"""Character vs pkuseg word segmentation: organisation recognition and whole-pipeline speed.

Recognition is scored on (mention text, org_type) pairs per sentence, as the tests do, on
  unseen-65   the 65 unknown-name sentences of tests/pipeline/test_organisations.py,
  new-45      the sentences of tests/pipeline/segmenter_sentences.py (plus 8 without any
              organisation, whose every find is a false one),
  negatives   the negative sentences of test_organisations.py (false finds only),
  seeds       the distinct (mention, canonical name) pairs of the five seeds (test_orgs_seeds.py).
With pkuseg the Doc's words are offered to the suffix rules as left boundaries (the stage's
`word_boundaries`); `pkuseg, chars only` runs the pkuseg tokenizer without that, which shows
that any difference comes from the word boundaries alone.

Speed is the whole default pipeline (`extract.pipeline.annotate`) over the seeds' documents
repeated `--repeat` times, in chars/s of the clean view, best of `--runs`, after a warm-up.
The model load time of each pipeline is printed too.

    python benchmarks/bench_segmenter.py [--pkuseg-model FOLDER] [--repeat 20] [--runs 3]

Installing the pkuseg path (its models are not downloadable here; the `pkuseg` package ships
models/default, which spacy-pkuseg loads from its folder; the default --pkuseg-model):

    pip install numpy cython wheel
    pip install --no-build-isolation pkuseg    # builds from source, ~1 min
    pip install spacy-pkuseg
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.ingest import Document, load_document  # noqa: E402
from extract.pipeline import PipelineOptions, annotate, build_pipeline  # noqa: E402
from tests.pipeline.segmenter_sentences import (  # noqa: E402
    NEGATIVE_SENTENCES,
    SEGMENTER_SENTENCES,
    pkuseg_model_folder,
)
from tests.pipeline.test_organisations import ALLOWED_IN_NEGATIVE, NEGATIVE, UNKNOWN  # noqa: E402
from tests.pipeline.test_orgs_seeds import EXPECTED  # noqa: E402

Pairs = Counter[tuple[str, str]]


class Score:
    """True, false and missed finds, summed over sentences."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, expected: Pairs, got: Pairs) -> None:
        self.tp += sum((expected & got).values())
        self.fp += sum((got - expected).values())
        self.fn += sum((expected - got).values())

    def cells(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{p:6.3f} {r:6.3f} {f:6.3f}  tp={self.tp} fp={self.fp} fn={self.fn}"


def _pairs(nlp: Language, text: str) -> Pairs:
    stage = nlp.get_pipe("zh_organisations")
    found = stage.find(nlp.make_doc(text))
    return Counter((text[f.start : f.end], f.fields["org_type"]) for f in found)


def _score(
    nlp: Language,
    cases: Iterable[tuple[str, list[tuple[str, str]]]],
    allowed: frozenset[str] = frozenset(),
) -> Score:
    """`allowed`: real names that negative sentences also contain, neither true nor false."""
    score = Score()
    for text, expected in cases:
        got = Counter({pair: n for pair, n in _pairs(nlp, text).items() if pair[0] not in allowed})
        score.add(Counter(expected), got)
    return score


def _seed_score(nlp: Language, documents: dict[str, Document]) -> Score:
    score = Score()
    stage = nlp.get_pipe("zh_organisations")
    for seed, expected in EXPECTED.items():
        text = documents[seed].match_text
        got = {
            ("".join(text[f.start : f.end].split()), f.fields["name"])
            for f in stage.find(nlp.make_doc(text))
        }
        score.add(Counter(expected), Counter(got))
    return score


def _chars_per_second(nlp: Language, documents: list[Document], repeat: int, runs: int) -> float:
    for document in documents:
        annotate(nlp, document)  # warm-up: caches, lazy compilation
    chars = repeat * sum(len(d.match_text) for d in documents)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(repeat):
            for document in documents:
                annotate(nlp, document)
        best = min(best, time.perf_counter() - start)
    return chars / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pkuseg-model", type=Path, default=pkuseg_model_folder())
    parser.add_argument("--repeat", type=int, default=20, help="passes over the seeds per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.pkuseg_model is None:
        sys.exit("no pkuseg model folder: install pkuseg (see the docstring) or pass one")

    documents = {p.name: load_document(p) for p in sorted((ROOT / "seeds").glob("*.txt"))}
    variants: list[tuple[str, Language, float]] = []
    for label, options, word_boundaries in (
        ("char", PipelineOptions(), True),
        ("pkuseg", PipelineOptions(segmenter="pkuseg", pkuseg_model=str(args.pkuseg_model)), True),
        (
            "pkuseg, chars only",
            PipelineOptions(segmenter="pkuseg", pkuseg_model=str(args.pkuseg_model)),
            False,
        ),
    ):
        start = time.perf_counter()
        nlp = build_pipeline(options=options)
        nlp.get_pipe("zh_organisations").word_boundaries &= word_boundaries
        variants.append((label, nlp, time.perf_counter() - start))

    unseen = [(c[1], c[2]) for c in UNKNOWN]
    new = [(c[1], c[2]) for c in SEGMENTER_SENTENCES]
    new += [(text, []) for _, text in NEGATIVE_SENTENCES]
    negatives = [(c[1], []) for c in NEGATIVE]
    print(f"{'segmenter':<20} {'set':<10} {'P':>6} {'R':>6} {'F1':>6}")
    for label, nlp, _ in variants:
        for name, score in (
            (f"unseen-{len(unseen)}", _score(nlp, unseen)),
            (f"new-{len(SEGMENTER_SENTENCES)}", _score(nlp, new)),
            ("negatives", _score(nlp, negatives, frozenset(ALLOWED_IN_NEGATIVE))),
            ("seeds", _seed_score(nlp, documents)),
        ):
            print(f"{label:<20} {name:<10} {score.cells()}")
    print()
    for label, nlp, load in variants[:2]:
        speed = _chars_per_second(nlp, list(documents.values()), args.repeat, args.runs)
        print(f"{label:<20} whole pipeline {speed:>10,.0f} chars/s  (build {load:.1f} s)")


if __name__ == "__main__":
    main()
