"""Sentence boundaries on the Doc, taken from the ingested clean view's sentences.

Ingestion already knows the paragraph breaks and end punctuation; this stage hands them to spaCy
(`token.is_sent_start`) so that `doc.sents` and later stages agree with the records' sentences.

The stages read the text, not tokens, so the default (character) pipeline's tokenizer makes one
token per sentence and per gap between sentences (`SentenceTokenizer`): a Doc costs a few Python
objects per sentence instead of one per character. Word tokens come from `--segmenter pkuseg`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy
from spacy.attrs import IDX, LIKE_EMAIL, LIKE_NUM, LIKE_URL, SENT_START, SHAPE
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from extract.ingest.layout import ingest_rules
from extract.ingest.sentences import split_sentences
from extract.pipeline.annotations import text_of


class SentenceTokenizer:
    """Tokens that are whole sentences and the gaps between them; their text is the Doc's."""

    segmenter = "sentence"  # what `nlp.tokenizer.segmenter` says of the default zh tokenizers

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        # A sentence is never a number, a URL or an e-mail and its shape says nothing: these
        # getters cost more than the rest of the Doc, as each sentence is a new lexeme.
        for attr in (SHAPE, LIKE_NUM, LIKE_URL, LIKE_EMAIL):
            vocab.lex_attr_getters.pop(attr, None)

    def __call__(self, text: str) -> Doc:
        return self.doc_of(text, split_sentences(text, ingest_rules()))

    def doc_of(self, text: str, sentences: list[tuple[int, int]]) -> Doc:
        """The Doc of `text` cut at the given sentences' starts and ends."""
        cuts = sorted({0, len(text), *(i for span in sentences for i in span)})
        words = [text[a:b] for a, b in pairwise(cuts) if b > a]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@registry.tokenizers("extract.sentence_tokenizer.v1")
def make_sentence_tokenizer() -> Callable[[Language], SentenceTokenizer]:
    """For `[nlp.tokenizer]` in a config: `@tokenizers = "extract.sentence_tokenizer.v1"`."""
    return lambda nlp: SentenceTokenizer(nlp.vocab)


class SentenceStage:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def find(self, doc: Doc) -> list[tuple[int, int]]:
        source = doc._.source
        if source is not None:
            return source.sentences
        return split_sentences(text_of(doc), ingest_rules())

    def set_annotations(self, doc: Doc, sentences: list[tuple[int, int]]) -> None:
        # Array in, array out: per-token attribute writes are quadratic, Token objects slow.
        if not len(doc):
            return
        idx = doc.to_array([IDX]).astype("int64")
        starts = numpy.fromiter((start for start, _ in sentences), dtype="int64")
        flags = numpy.where(numpy.isin(idx, starts), 1, -1)
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc


@Language.factory("zh_sentences", assigns=["token.is_sent_start"], requires=[])
def make_sentence_stage(nlp: Language, name: str) -> SentenceStage:
    return SentenceStage(nlp, name)
