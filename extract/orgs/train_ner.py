"""Train the organisation NER (CPU, minutes) on licensed data or, for a local model, CLUENER.

    python -m extract.orgs.train_ner -o extract/orgs/ner_model   # UNER v1 Chinese (shipped)
    python -m extract.orgs.train_ner --data cluener -o DIR       # CLUENER2020 train (not shipped)
    python -m extract.orgs.train_ner --steps 500 -o /tmp/ner      # a quick trial

`uner` (the default) reads Universal NER's Chinese GSDSimp train + test and PUD (CC BY-SA,
`extract.orgs.uner`) and keeps GSDSimp dev as the trainer's own development set (for choosing
the best checkpoint). `cluener` reads CLUENER2020's train split only, its last `HOLD_OUT`
sentences the development set; company, government and organization become one label, ORG.
CLUENER's dev split is the acceptance measure and is never read here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
from pathlib import Path

from extract.orgs.cluener import Sentence, read_split
from extract.orgs.ner import LABEL
from extract.orgs.uner import HOLD_OUT as UNER_HOLD_OUT
from extract.orgs.uner import TRAIN as UNER_TRAIN
from extract.orgs.uner import read_parts

CONFIG = Path(__file__).with_name("ner_config.cfg")
HOLD_OUT = 500


def doc_bin(sentences: list[Sentence], path: Path) -> None:
    """Sentences as spaCy training Docs (character tokens) with ORG entities."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("zh")
    out = DocBin()
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        spans = [doc.char_span(s, e, label=LABEL) for s, e in sorted(sentence.orgs)]
        kept, last_end = [], -1
        for span in spans:
            if span is not None and span.start >= last_end:  # overlapping gold: keep the first
                kept.append(span)
                last_end = span.end
        doc.ents = kept
        out.add(doc)
    out.to_disk(path)


def training_data(data: str) -> tuple[list[Sentence], list[Sentence]]:
    """(train, the trainer's development set) of a data set."""
    if data == "uner":
        return read_parts(UNER_TRAIN), read_parts(UNER_HOLD_OUT)
    sentences = read_split("train")
    return sentences[:-HOLD_OUT], sentences[-HOLD_OUT:]


def train(output: Path, steps: int, data: str) -> None:
    from spacy.cli.train import train as spacy_train

    train_set, holdout = training_data(data)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        doc_bin(train_set, work / "train.spacy")
        doc_bin(holdout, work / "holdout.spacy")
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "holdout.spacy"),
            "training.max_steps": steps,
        }
        spacy_train(CONFIG, work / "out", overrides=overrides)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(work / "out" / "model-best", output)
    config = output / "config.cfg"  # the temporary corpus paths mean nothing once saved
    config.write_text(re.sub(r'^(train|dev) = ".*"$', r"\1 = null", config.read_text(), flags=re.M))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.orgs.train_ner", description=__doc__)
    parser.add_argument("-o", "--output", type=Path, required=True, help="model folder")
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument(
        "--data",
        choices=("uner", "cluener"),
        default="uner",
        help="uner: Universal NER Chinese (CC BY-SA, may ship); cluener: its train split",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    train(args.output, args.steps, args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
