"""Sentence boundaries on the Doc, taken from the ingested clean view's sentences.

Ingestion already knows the paragraph breaks and end punctuation; this stage hands them to spaCy
(`token.is_sent_start`) so that `doc.sents` and later stages agree with the records' sentences.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extract.ingest.layout import ingest_rules
from extract.ingest.sentences import split_sentences
from extract.pipeline.annotations import text_of


class SentenceStage:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def find(self, doc: Doc) -> list[tuple[int, int]]:
        source = doc._.source
        if source is not None:
            return source.sentences
        return split_sentences(text_of(doc), ingest_rules())

    def set_annotations(self, doc: Doc, sentences: list[tuple[int, int]]) -> None:
        # One array write: setting token.is_sent_start one token at a time is quadratic.
        starts = {start for start, _ in sentences}
        flags = numpy.fromiter(
            (1 if i == 0 or token.idx in starts else -1 for i, token in enumerate(doc)),
            dtype="int64",
            count=len(doc),
        )
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc


@Language.factory("zh_sentences", assigns=["token.is_sent_start"], requires=[])
def make_sentence_stage(nlp: Language, name: str) -> SentenceStage:
    return SentenceStage(nlp, name)
