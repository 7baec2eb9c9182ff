"""Train the optional organisation NER on CLUENER2020's train split (CPU, a few minutes).

    python -m extract.orgs.train_ner                  # writes extract/orgs/ner_model/
    python -m extract.orgs.train_ner --steps 500 -o /tmp/ner    # a quick trial

Only the train split is read: its last `HOLD_OUT` sentences are the trainer's own development
set (for choosing the best checkpoint); CLUENER's dev split is the acceptance measure and is
never seen here. company, government and organization entities become one label, ORG.
The snapshot is read from `$CLUENER_SNAPSHOT` (see `extract.orgs.cluener`).
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


def train(output: Path, steps: int) -> None:
    from spacy.cli.train import train as spacy_train

    sentences = read_split("train")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        doc_bin(sentences[:-HOLD_OUT], work / "train.spacy")
        doc_bin(sentences[-HOLD_OUT:], work / "holdout.spacy")
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
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    train(args.output, args.steps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
