"""The spaCy pipeline: stages registered the spaCy way, in an order that satisfies them."""

from __future__ import annotations

from extract.pipeline import DEFAULT_STAGES, annotate, build_pipeline, default_pipeline
from tests.conftest import make_document


def test_default_pipeline_has_the_stages_in_order() -> None:
    nlp = default_pipeline()
    assert tuple(nlp.pipe_names) == DEFAULT_STAGES
    assert nlp.lang == "zh"
    assert nlp.tokenizer.segmenter == "char", "default segmentation must need no model download"


def test_every_stage_requirement_comes_before_it() -> None:
    analysis = default_pipeline().analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in DEFAULT_STAGES}, analysis["problems"]


def test_built_once_per_process() -> None:
    assert default_pipeline() is default_pipeline()


def test_sentences_follow_the_clean_view() -> None:
    document = make_document("<p>第一句。第二句！</p><p>第三段没有句号</p>")
    doc = annotate(build_pipeline(), document)
    # The break token stays with the sentence before it; no sentence crosses a paragraph.
    assert [s.text for s in doc.sents] == ["第一句。", "第二句！\n", "第三段没有句号"]
    assert doc._.source is document
