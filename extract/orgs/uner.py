"""Universal NER v1 Chinese (CC BY-SA), the licensed training data of the shipped NER.

Two public repositories of the UniversalNER project hold it as IOB2 files (word tokens, a
`# text` line a sentence): `UNER_Chinese-GSDSIMP` (Simplified Wikipedia sentences; LICENSE.txt:
CC BY-SA 4.0) and `UNER_Chinese-PUD` (1,000 news and Wikipedia sentences in Traditional;
LICENSE.txt: CC BY-SA 3.0). Their
snapshots are read from `$UNER_SNAPSHOTS` (default `/work/.mirror`, as the project's `fetch`
writes them: `UniversalNER+UNER_Chinese-GSDSIMP/repo` ...); nothing of the data is committed.
Traditional sentences are folded to Simplified with OpenCC where the text keeps its length,
so the spans stay exact. Only ORG entities are read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from extract.orgs.cluener import Sentence, snapshot_file
from extract.orgs.lexicon import T2S

SNAPSHOTS_ENV = "UNER_SNAPSHOTS"
DEFAULT_SNAPSHOTS = "/work/.mirror"


@dataclass(frozen=True, slots=True)
class Part:
    """One IOB2 file of a UNER repository, and whether its script is Traditional."""

    repo: str
    path: str
    traditional: bool


TRAIN = (
    Part("UNER_Chinese-GSDSIMP", "zh_gsdsimp-ud-train.iob2", False),
    Part("UNER_Chinese-GSDSIMP", "zh_gsdsimp-ud-test.iob2", False),
    Part("UNER_Chinese-PUD", "zh_pud-ud-test.iob2", True),
)
HOLD_OUT = (Part("UNER_Chinese-GSDSIMP", "zh_gsdsimp-ud-dev.iob2", False),)


def snapshots_root() -> Path:
    return Path(os.environ.get(SNAPSHOTS_ENV, DEFAULT_SNAPSHOTS))


def snapshot_of(repo: str) -> Path:
    return snapshots_root() / f"UniversalNER+{repo}" / "repo"


def _simplified(text: str) -> str:
    folded = T2S.convert(text)
    return folded if len(folded) == len(text) else text


def parse_iob2(raw: str, traditional: bool = False) -> list[Sentence]:
    """Sentences of an IOB2 file (its `# text` lines), with the half-open character spans of
    the ORG entities, found by locating each token in the text in order."""
    sentences: list[Sentence] = []
    text, tokens = "", []
    for line in [*raw.splitlines(), ""]:
        cols = line.split("\t")
        if line.startswith("# text = "):
            text = line[len("# text = ") :]
        elif len(cols) >= 3 and not line.startswith("#"):
            tokens.append((cols[1], cols[2]))
        elif not line.strip() and tokens:
            spans = _org_spans(text, tokens)
            sentences.append(Sentence(_simplified(text) if traditional else text, spans))
            text, tokens = "", []
    return sentences


def _org_spans(text: str, tokens: list[tuple[str, str]]) -> frozenset[tuple[int, int]]:
    spans, start, at, end = set(), None, 0, 0
    for word, tag in tokens:
        found = text.find(word, at)
        if found < 0:
            return frozenset()  # a token not in the text: the sentence's spans are unsure
        if start is not None and tag != "I-ORG":
            spans.add((start, end))
            start = None
        if tag == "B-ORG":
            start = found
        at = end = found + len(word)
    if start is not None:
        spans.add((start, end))
    return frozenset(spans)


def read_parts(parts: tuple[Part, ...]) -> list[Sentence]:
    return [
        s
        for p in parts
        for s in parse_iob2(snapshot_file(snapshot_of(p.repo), p.path), p.traditional)
    ]
