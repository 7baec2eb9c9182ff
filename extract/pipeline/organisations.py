"""The `zh_organisations` stage: organisation mentions, each resolved to one canonical identity.

Recognition lives in extract/orgs.py (gazetteer rules/organisations.yaml, suffix and platform
rules rules/org_suffixes.yaml). Optionally the ORG entities of any installed spaCy pipeline with
an `ner` component are merged in (`ner_model`); the rules win where both find a name. When the
pipeline's tokenizer segments words (`segmenter: pkuseg`), the word boundaries of the Doc are
offered to the suffix rules as left boundaries of a name (`word_boundaries`).
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract.orgs import (
    Org,
    OrgMention,
    OrgRecogniser,
    WordBounds,
    load_recogniser,
    unknown_org_id,
)
from extract.pipeline.annotations import Found, text_of, write

RULE_MODEL = "org.model"


def _found(m: OrgMention) -> Found:
    org = m.org
    fields = {
        "org_id": org.org_id,
        "name": org.name,
        "org_type": org.org_type,
        "parent": org.parent,
    }
    return Found("org", m.start, m.end, m.rule, fields)


def _canonical(recogniser: OrgRecogniser, text: str) -> Org:
    """A model's entity as a known organisation when its text is an alias, else by its suffix."""
    known = recogniser.lookup(text)
    if known is not None:
        return known
    name = "".join(text.split())
    return Org(unknown_org_id(name), name, recogniser.type_from_suffix(name), None)


def merge_model_entities(
    doc: Doc,
    other_nlp: Language,
    found: list[Found] | None = None,
    *,
    recogniser: OrgRecogniser | None = None,
    labels: tuple[str, ...] = ("ORG",),
) -> list[Found]:
    """ORG entities of another pipeline over `doc.text`, canonicalised, minus those that overlap
    a mention in `found` (the rules' own mentions win)."""
    recogniser = recogniser or load_recogniser()
    taken = {i for f in found or [] for i in range(f.start, f.end)}
    merged = []
    for ent in other_nlp(text_of(doc)).ents:
        if ent.label_ not in labels or not ent.text.strip():
            continue
        if any(i in taken for i in range(ent.start_char, ent.end_char)):
            continue
        org = _canonical(recogniser, ent.text)
        merged.append(_found(OrgMention(ent.start_char, ent.end_char, org, RULE_MODEL)))
        taken.update(range(ent.start_char, ent.end_char))
    return merged


@cache
def _load_model(name: str) -> Language:
    return spacy.load(name)


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
        self.ner = _load_model(ner_model) if ner_model else None
        self.ner_labels = tuple(ner_labels)

    def find(self, doc: Doc) -> list[Found]:
        text = text_of(doc)
        words = WordBounds(tuple(t.idx for t in doc), len(text)) if self.word_boundaries else None
        found = [_found(m) for m in self.recogniser.find(text, words)]
        if self.ner is not None:
            found += merge_model_entities(
                doc, self.ner, found, recogniser=self.recogniser, labels=self.ner_labels
            )
        return sorted(found, key=lambda f: (f.start, f.end))

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        write(doc, "orgs", found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
