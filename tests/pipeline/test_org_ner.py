"""Issue 17: the statistical NER merge and the CLUENER2020 reader and measure.

The CLUENER test needs the public snapshot (never committed); it skips, saying how to get it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import extract.orgs
from extract.orgs import load_recogniser
from extract.orgs.cluener import (
    SNAPSHOT_ENV,
    Sentence,
    evaluate,
    organisation_subset,
    read_split,
    snapshot_available,
    stage_finder,
)


def test_no_weights_ship_with_the_package() -> None:
    """The CLUENER data's terms are unverified (README, Organisations): no trained weights may
    ship; a user trains their own with extract.orgs.train_ner and passes --model DIR."""
    package = Path(extract.orgs.__file__).parent
    assert not (package / "ner_model").exists(), "trained weights must not ship in the package"


def test_model_spans_join_the_rules_with_gazetteer_ids_winning() -> None:
    """The model's spans as candidates: a gazetteer name keeps its id, an unknown one is added
    with the one unknown-id scheme (no model needed: the spans are given)."""
    text = "水滴筹与远山云杉科技有限公司签署了协议。"
    unknown = (text.index("远山"), text.index("公司") + 2)
    gazetteer = (0, 3)
    found = load_recogniser().find(text, None, [gazetteer, unknown])
    by_text = {text[m.start : m.end]: m.org for m in found}
    assert by_text["水滴筹"].org_id == "shuidichou", by_text
    assert by_text["远山云杉科技有限公司"].org_id.startswith("org:"), by_text


def test_reader_turns_inclusive_spans_into_half_open(tmp_path) -> None:
    items = [
        {
            "text": "远山银行与青橙公司合作",
            "label": {"company": {"远山银行": [[0, 3]]}, "organization": {"青橙公司": [[5, 8]]}},
        },
        {"text": "今天天气很好", "label": {"name": {"天气": [[2, 3]]}}},
    ]
    (tmp_path / "dev.json").write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items))
    dev = read_split("dev", tmp_path)
    assert dev[0] == Sentence("远山银行与青橙公司合作", frozenset({(0, 4), (5, 9)})), dev[0]
    assert organisation_subset(dev) == dev[:1], "the subset keeps sentences with 银行/公司 ..."
    score = evaluate(lambda t: [(0, 4), (1, 3)], dev[:1])
    assert (score.gold, score.predicted, score.matched) == (2, 2, 1), score
    assert score.f1 == pytest.approx(0.5), score


@pytest.mark.skipif(
    not snapshot_available(),
    reason=f"no CLUENER snapshot: fetch github:StanleySun233/ChineseNER or set ${SNAPSHOT_ENV}",
)
def test_cluener_dev_subset_floor() -> None:
    """The default stage (rules) on the acceptance subset; the model is measured by hand."""
    sentences = organisation_subset(read_split("dev"))
    assert len(sentences) == 213, "the subset defined in issue 17"
    rules = evaluate(stage_finder(), sentences)
    assert rules.f1 >= 0.64, f"rules-only F1 fell: {rules}"


def test_recogniser_without_model_spans_is_unchanged() -> None:
    r = load_recogniser()
    text = "水滴筹与远山云杉科技有限公司签署了协议。"
    assert r.find(text) == r.find(text, model_spans=[]), "no spans, no model candidates"
