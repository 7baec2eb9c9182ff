"""The spaCy pipeline: stages registered the spaCy way, in an order that satisfies them."""

from __future__ import annotations

import re

import pytest
import spacy

from extract.pipeline import DEFAULT_STAGES, annotate, build_pipeline, default_pipeline
from extract.pipeline.annotations import SLOTS, Found, StageOrderError, found_of, write
from tests.conftest import SEEDS, make_document


def test_default_pipeline_has_the_stages_in_order() -> None:
    nlp = default_pipeline()
    assert tuple(nlp.pipe_names) == DEFAULT_STAGES
    assert nlp.lang == "zh"
    assert nlp.tokenizer.segmenter == "sentence", "default segmentation must need no model"


def test_default_tokens_are_sentences_and_gaps() -> None:
    """One token per sentence (and per gap between two), the same with `nlp(text)` as with
    `annotate`; the text is the Doc's and `doc.sents` are the ingested sentences."""
    nlp = default_pipeline()
    text = "截至2021年底，水滴筹累计筹款484亿元。\n\n另一句话。第三句"
    document = make_document(text)
    for doc in (annotate(nlp, document), nlp(document.match_text)):
        assert doc.text == document.match_text
        assert [t.text for t in doc] == [
            "截至2021年底，水滴筹累计筹款484亿元。",
            "\n",
            "另一句话。",
            "第三句",
        ]
        assert [(s.start_char, s.text.strip()) for s in doc.sents][1:] == [
            (23, "另一句话。"),
            (28, "第三句"),
        ]
    with nlp.memory_zone():
        nlp("一句不在词表里的话。")


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


WRONG_ORDERS = [
    # (stages, the stage that comes too early, the one it needs before it)
    (("zh_organisations", "zh_temporal", "zh_facts", "zh_figures"), "zh_facts", "zh_figures"),
    (("zh_events", "zh_organisations", "zh_temporal"), "zh_events", "zh_organisations"),
    (("zh_organisations", "zh_events", "zh_temporal"), "zh_events", "zh_temporal"),
    (("zh_figures", "zh_facts"), "zh_facts", "zh_organisations"),
]


ORDER_IDS = ["facts<figures", "events<orgs", "events<time", "facts-no-orgs"]


@pytest.mark.parametrize(("stages", "early", "needed"), WRONG_ORDERS, ids=ORDER_IDS)
def test_wrong_stage_order_fails_clearly(stages: tuple[str, ...], early: str, needed: str) -> None:
    with pytest.raises(StageOrderError) as caught:
        build_pipeline(stages)
    message = str(caught.value)
    assert f"add {needed} before {early}" in message, f"the error does not say the fix: {message}"


def test_stage_run_without_its_input_fails_clearly() -> None:
    """spaCy's own add_pipe does not check the order: the stage does, when it reads."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts")
    with pytest.raises(StageOrderError, match=r"doc\._\.figures is not set: add zh_figures"):
        nlp("筹款总额484亿元。")


def test_each_stage_writes_only_its_slot() -> None:
    document = make_document("2020年，相互宝实际收到的管理费共计7.29亿元。")
    doc = annotate(default_pipeline(), document)
    kinds = {slot: sorted({f.type for f in getattr(doc._, slot)}) for slot in SLOTS}
    assert kinds == {
        "orgs": ["org"],
        "figures": ["amount"],
        "dates": ["date"],
        "facts": ["amount"],
        "events": [],
    }, kinds
    (bare,), (linked,) = doc._.figures, doc._.facts
    assert "metric" not in bare.fields and linked.fields["metric"] == "management_fee", linked
    assert found_of(doc, "amount") == [linked], "figures are read linked once zh_facts ran"


def test_a_slot_takes_only_its_kinds() -> None:
    doc = spacy.blank("zh").make_doc("2020年")
    with pytest.raises(TypeError, match=r"doc\._\.figures holds amount, count, percentage"):
        write(doc, "figures", [Found("date", 0, 5, "test", {})])


RULE_FAMILY = {"orgs": "org", "figures": "figures", "dates": "temporal", "events": "events"}


def test_rule_names_have_one_spelling() -> None:
    """<family>.<rule>[.<variant>], the family that of the stage: figures.amount.range,
    temporal.point, events.launch, org.gazetteer (never zh_temporal:point)."""
    text = (SEEDS / "000_100585dc6954c7e0.txt").read_bytes()
    doc = annotate(default_pipeline(), make_document(text))
    for slot, family in RULE_FAMILY.items():
        rules = {f.rule for f in getattr(doc._, slot)}
        assert rules, f"seed 000 should give {slot}"
        bad = sorted(r for r in rules if not re.fullmatch(rf"{family}(\.[a-z_]+)+", r))
        assert not bad, f"doc._.{slot}: rule names not spelled {family}.<rule>: {bad}"
