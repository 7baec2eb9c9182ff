"""The `zh_organisations` stage: organisation mentions, each resolved to one canonical identity.

Recognition lives in extract/orgs/ (gazetteer rules/organisations.yaml, suffix and platform
rules rules/org_suffixes.yaml, identity rules rules/org_identity.yaml). With `ner_model` (any spaCy
pipeline with an `ner`, e.g. one trained by `extract.orgs.train_ner`), the model's ORG spans join
the candidates: gazetteer ids win, the model adds unknown names, rules veto generic phrases.
When the pipeline's tokenizer segments words (`segmenter: pkuseg`), the word boundaries of the
Doc are offered to the suffix rules as left boundaries of a name (`word_boundaries`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.orgs import OrgMention, WordBounds, load_recogniser
from extract.orgs.ner import load_model
from extract.pipeline.annotations import Found, text_of, write


def _found(m: OrgMention) -> Found:
    org = m.org
    fields = {
        "org_id": org.org_id,
        "name": org.name,
        "org_type": org.org_type,
        "parent": org.parent,
        "passes": list(m.passes),
    }
    return Found("org", m.start, m.end, m.rule, fields)


def model_spans(model: Language, text: str, labels: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans a spaCy NER tags with one of `labels` in `text`."""
    ents = model(text).ents
    return [(e.start_char, e.end_char) for e in ents if e.label_ in labels and e.text.strip()]


@Language.factory(
    "zh_organisations",
    assigns=["doc._.orgs"],
    requires=[],
    default_config={
        "gazetteer": "organisations.yaml",
        "suffixes": "org_suffixes.yaml",
        "ner_model": None,
        "ner_labels": ["ORG"],
        "word_boundaries": True,
    },
)
class OrganisationStage:
    """Gazetteer, suffix and platform-form recognition; optionally a model's ORG entities."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        gazetteer: str,
        suffixes: str,
        ner_model: str | None,
        ner_labels: list[str],
        word_boundaries: bool,
    ) -> None:
        self.name = name
        # Only a word segmenter's tokens are words; spaCy's default zh tokens are characters.
        self.word_boundaries = (
            word_boundaries and getattr(nlp.tokenizer, "segmenter", "char") == "pkuseg"
        )
        self.recogniser = load_recogniser(gazetteer, suffixes)
        self.ner = load_model(ner_model) if ner_model else None
        self.ner_labels = tuple(ner_labels)

    def find(self, doc: Doc) -> list[Found]:
        text = text_of(doc)
        words = WordBounds(tuple(t.idx for t in doc), len(text)) if self.word_boundaries else None
        spans = model_spans(self.ner, text, self.ner_labels) if self.ner is not None else []
        found = [_found(m) for m in self.recogniser.find(text, words, spans)]
        return sorted(found, key=lambda f: (f.start, f.end))

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        write(doc, "orgs", found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
