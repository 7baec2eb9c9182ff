"""The spaCy pipeline: blank Chinese (sentence tokens, or pkuseg words) plus our stages.

Importing this package registers every stage factory. `build_pipeline` makes the default
pipeline once per process; users can add, remove or reorder stages with spaCy's own API
(`nlp.add_pipe`, `nlp.remove_pipe`) or by passing `stages`.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Imported for their side effect: the Doc extensions and the stage factories get registered.
# (`from extract.pipeline import annotations` would bind the __future__ feature instead.)
import extract.pipeline.annotations
import extract.pipeline.events
import extract.pipeline.facts
import extract.pipeline.figures
import extract.pipeline.organisations
import extract.pipeline.sentences
import extract.pipeline.temporal  # noqa: F401
from extract.ingest import Document
from extract.pipeline.annotations import (
    check_order,
    clear_slots_of,
    remember_text,
    warnings_of,
)
from extract.pipeline.sentences import SentenceTokenizer

log = logging.getLogger("extract")

DEFAULT_STAGES: tuple[str, ...] = (
    "zh_sentences",
    "zh_organisations",
    "zh_figures",
    "zh_temporal",
    "zh_facts",
    "zh_events",
)


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """Heavier, optional machinery; the default needs no model and no network."""

    segmenter: str = "char"  # "char" (default: sentence tokens) or "pkuseg" (spacy-pkuseg, a model)
    pkuseg_model: str | None = None  # a spacy-pkuseg model folder, for segmenter "pkuseg"
    ner_model: str | None = None  # an installed spaCy pipeline whose ORG entities are merged


DEFAULT_OPTIONS = PipelineOptions()


def build_pipeline(
    stages: tuple[str, ...] = DEFAULT_STAGES, options: PipelineOptions = DEFAULT_OPTIONS
) -> Language:
    """A blank `zh` pipeline with the given stages, in order; `StageOrderError` when a stage
    comes before one whose output it reads (zh_facts before zh_figures)."""
    if options.segmenter == "char":  # the stages read text: one token per sentence will do
        tokenizer = {"@tokenizers": "extract.sentence_tokenizer.v1"}
    else:
        tokenizer = {"segmenter": options.segmenter}
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
    if options.segmenter == "pkuseg":
        model = options.pkuseg_model or shipped_pkuseg_model()
        if model is None:
            raise ValueError(
                "--segmenter pkuseg needs --pkuseg-model FOLDER, or the `pkuseg` package "
                "(pip install --no-build-isolation pkuseg), which ships models/default"
            )
        nlp.tokenizer.initialize(pkuseg_model=model)
    for stage in stages:
        config = {}
        if stage == "zh_organisations" and options.ner_model:
            config["ner_model"] = options.ner_model
        nlp.add_pipe(stage, config=config)
    check_order(nlp)
    return nlp


def shipped_pkuseg_model() -> str | None:
    """The default model the `pkuseg` package ships; spacy-pkuseg's own are not downloadable."""
    spec = importlib.util.find_spec("pkuseg")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "models" / "default"
    return str(folder) if (folder / "weights.npz").is_file() else None


@cache
def default_pipeline(options: PipelineOptions = DEFAULT_OPTIONS) -> Language:
    """The default stages with the given options, built once per process."""
    return build_pipeline(options=options)


def start_doc(nlp: Language, document: Document) -> Doc:
    """The Doc the stages run on: the matching view, with the document on `doc._.source`."""
    if isinstance(nlp.tokenizer, SentenceTokenizer):  # the sentences are known already
        doc = nlp.tokenizer.doc_of(document.match_text, document.sentences)
    else:
        doc = nlp.make_doc(document.match_text)
    remember_text(doc, document.match_text)
    doc._.source = document
    return doc


def annotate(nlp: Language, document: Document) -> Doc:
    """Run the stages over a document's matching view, with the document on `doc._.source`.

    Each stage runs under its own guard: a stage that raises costs only its own items. Its slot
    is set empty, so the stages after it run on what the others found (a failed zh_facts leaves
    its slot unset, so the figures stay, unlinked), and `warnings_of(doc)` names the stage and
    the error.
    """
    doc = start_doc(nlp, document)
    for name, stage in nlp.pipeline:
        try:
            doc = stage(doc)
        except Exception as e:  # one stage's bug must not cost the other stages' records
            log.debug("stage %s failed", name, exc_info=True)  # -v shows where
            clear_slots_of(doc, name)
            warnings_of(doc).append(f"{name}: {type(e).__name__}: {e}")
    return doc
