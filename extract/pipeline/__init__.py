"""The spaCy pipeline: blank Chinese (character segmentation) plus our registered stages.

Importing this package registers every stage factory. `build_pipeline` makes the default
pipeline once per process; users can add, remove or reorder stages with spaCy's own API
(`nlp.add_pipe`, `nlp.remove_pipe`) or by passing `stages`.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Imported for their side effect: the Doc extensions and the stage factories get registered.
# (`from extract.pipeline import annotations` would bind the __future__ feature instead.)
import extract.pipeline.annotations
import extract.pipeline.events
import extract.pipeline.figures
import extract.pipeline.organisations
import extract.pipeline.sentences
import extract.pipeline.temporal  # noqa: F401
from extract.ingest import Document

DEFAULT_STAGES: tuple[str, ...] = (
    "zh_sentences",
    "zh_organisations",
    "zh_figures",
    "zh_temporal",
    "zh_events",
)


def build_pipeline(stages: tuple[str, ...] = DEFAULT_STAGES) -> Language:
    """A blank `zh` pipeline (no model download) with the given stages, in order."""
    nlp = spacy.blank("zh")
    for stage in stages:
        nlp.add_pipe(stage)
    return nlp


@cache
def default_pipeline() -> Language:
    """The default pipeline, built once per process."""
    return build_pipeline()


def annotate(nlp: Language, document: Document) -> Doc:
    """Run the stages over a document's matching view, with the document on `doc._.source`."""
    doc = nlp.make_doc(document.match_text)
    doc._.source = document
    return nlp(doc)
