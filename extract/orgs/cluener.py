"""CLUENER2020, the public Chinese NER benchmark, as organisation spans: reader and evaluation.

Nothing of the data set is committed. The reader takes a snapshot of a public repository that
holds the benchmark's files (`train.json`, `dev.json`: one JSON object per sentence, pretty-printed
or one a line) from `$CLUENER_SNAPSHOT` (a bare git directory or a plain folder), by default the
copy the project's `fetch` of `github:StanleySun233/ChineseNER` writes (CLUEbenchmark's own
repository links the files but does not hold them).

    python -m extract.orgs.cluener                 # dev, the organisation subset, default stage
    python -m extract.orgs.cluener --model DIR     # with a trained statistical NER merged in
    python -m extract.orgs.cluener --all           # every dev sentence
    python -m extract.orgs.cluener --split train   # the train split's subset, for error analysis

The measure: pooled company + government + organization spans, exact match, against the
organisation mentions of the `zh_organisations` stage, on the dev sentences that hold one of
`SUBSET_WORDS` (213 of 1,343). The dev split is the acceptance measure: never train or tune on it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SNAPSHOT_ENV = "CLUENER_SNAPSHOT"
DEFAULT_SNAPSHOT = "/work/.mirror/StanleySun233+ChineseNER/repo"
FOLDER_IN_SNAPSHOT = "data/cluener"
ORG_LABELS = ("company", "government", "organization")
SUBSET_WORDS = (
    "公司", "集团", "银行", "保险", "基金", "证券", "基金会", "协会", "政府", "委员会", "大学",
    "研究院",
)  # fmt: skip

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    orgs: frozenset[Span]  # [start, end) of company, government and organization entities


@dataclass(frozen=True, slots=True)
class Score:
    sentences: int
    gold: int
    predicted: int
    matched: int
    seconds: float

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def snapshot_path() -> Path:
    return Path(os.environ.get(SNAPSHOT_ENV, DEFAULT_SNAPSHOT))


def snapshot_available(snapshot: Path | None = None) -> bool:
    try:
        _split_text("dev", snapshot or snapshot_path())
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def snapshot_file(snapshot: Path, path: str) -> str:
    """A file of a snapshot: a plain folder's file by its name, or a bare git directory's at
    HEAD (`git show`)."""
    plain = snapshot / Path(path).name
    if plain.is_file():
        return plain.read_text(encoding="utf-8")
    if not (snapshot / "HEAD").is_file():
        raise FileNotFoundError(f"{snapshot}: neither {plain.name} nor a git directory")
    return subprocess.run(
        ["git", "--git-dir", str(snapshot), "show", f"HEAD:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _split_text(split: str, snapshot: Path) -> str:
    return snapshot_file(snapshot, f"{FOLDER_IN_SNAPSHOT}/{split}.json")


def read_split(split: str, snapshot: Path | None = None) -> list[Sentence]:
    """Every sentence of a split (`train` or `dev`) with its organisation spans."""
    raw = _split_text(split, snapshot or snapshot_path())
    decoder = json.JSONDecoder()
    sentences, at = [], 0
    while True:
        while at < len(raw) and raw[at].isspace():
            at += 1
        if at >= len(raw):
            return sentences
        item, at = decoder.raw_decode(raw, at)
        sentences.append(_sentence(item))


def _sentence(item: dict) -> Sentence:
    """CLUENER spans are inclusive [start, end]; ours are [start, end)."""
    spans = {
        (start, end + 1)
        for label in ORG_LABELS
        for places in item.get("label", {}).get(label, {}).values()
        for start, end in places
    }
    return Sentence(item["text"], frozenset(spans))


def organisation_subset(sentences: Iterable[Sentence]) -> list[Sentence]:
    return [s for s in sentences if any(w in s.text for w in SUBSET_WORDS)]


def evaluate(find: Callable[[str], Iterable[Span]], sentences: list[Sentence]) -> Score:
    """Exact-span precision and recall of `find` over the sentences."""
    gold = predicted = matched = 0
    started = time.perf_counter()
    for sentence in sentences:
        found = set(find(sentence.text))
        gold += len(sentence.orgs)
        predicted += len(found)
        matched += len(found & sentence.orgs)
    return Score(len(sentences), gold, predicted, matched, time.perf_counter() - started)


def stage_finder(ner_model: str | None = None) -> Callable[[str], list[Span]]:
    """The default pipeline's organisation stage (optionally with a model) as a span finder."""
    from extract.pipeline import PipelineOptions, build_pipeline

    nlp = build_pipeline(("zh_organisations",), PipelineOptions(ner_model=ner_model))
    stage = nlp.get_pipe("zh_organisations")

    def find(text: str) -> list[Span]:
        return [(f.start, f.end) for f in stage.find(nlp.make_doc(text))]

    return find


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.orgs.cluener", description=__doc__)
    parser.add_argument(
        "--model",
        default=None,
        help="merge a spaCy NER's ORG entities (a pipeline folder, e.g. from train_ner)",
    )
    parser.add_argument("--all", action="store_true", help="every sentence, not the subset")
    parser.add_argument(
        "--split",
        choices=("dev", "train"),
        default="dev",
        help="dev (the acceptance measure) or train (the split to read errors on)",
    )
    args = parser.parse_args(argv)
    if not snapshot_available():
        parser.error(f"no CLUENER snapshot at {snapshot_path()} (set ${SNAPSHOT_ENV})")
    split = read_split(args.split)
    sentences = split if args.all else organisation_subset(split)
    s = evaluate(stage_finder(args.model), sentences)
    chars = sum(len(x.text) for x in sentences)
    print(
        f"sentences {s.sentences}  gold {s.gold}  predicted {s.predicted}  matched {s.matched}  "
        f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"{chars / s.seconds:,.0f} chars/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
