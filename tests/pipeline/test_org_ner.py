"""Issue 17: the statistical NER merge and the CLUENER2020 reader and measure.

The CLUENER test needs the public snapshot (never committed); it skips, saying how to get it.
"""

from __future__ import annotations

import json

import pytest

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
from extract.orgs.ner import LABEL, SHIPPED, SHIPPED_DIR, load_model
from extract.orgs.uner import parse_iob2
from extract.pipeline.organisations import model_spans


def test_shipped_weights_carry_their_licence_and_sources() -> None:
    """The shipped model is trained on Universal NER's Chinese data only (CC BY-SA): its NOTICE
    names the licence, the repositories and their commits (README, Organisations)."""
    notice = (SHIPPED_DIR / "NOTICE").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0" in notice, notice
    for source in ("UNER_Chinese-GSDSIMP", "UNER_Chinese-PUD", "Mayhew"):
        assert source in notice, source
    assert "cluener" not in notice.lower(), "no CLUENER-trained weights may ship"


def test_shipped_model_spans_quote_the_text() -> None:
    """Offsets are sacred: every span the shipped model gives lies inside the text."""
    text = "远山云杉科技有限公司与国家统计局昨日签署协议，世界卫生组织表示欢迎。"
    spans = model_spans(load_model(SHIPPED), text, (LABEL,))
    assert all(0 <= s < e <= len(text) and text[s:e].strip() for s, e in spans), spans


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


def test_uner_reader_finds_org_spans_in_the_text_and_folds_traditional() -> None:
    """IOB2 word tokens located in the `# text` line (Latin words keep their spaces); a
    Traditional sentence is folded to Simplified with its spans unchanged."""
    raw = (
        "# text = 遠山銀行與Blue Sky Group簽約\n"
        "1\t遠山\tB-ORG\t-\t-\n2\t銀行\tI-ORG\t-\t-\n3\t與\tO\t-\t-\n"
        "4\tBlue\tB-ORG\t-\t-\n5\tSky\tI-ORG\t-\t-\n6\tGroup\tI-ORG\t-\t-\n7\t簽約\tO\t-\t-\n"
        "\n# text = 今天下雨\n1\t今天\tB-LOC\t-\t-\n2\t下雨\tO\t-\t-\n"
    )
    first, second = parse_iob2(raw, traditional=True)
    assert first.text == "远山银行与Blue Sky Group签约", first
    assert {first.text[s:e] for s, e in first.orgs} == {"远山银行", "Blue Sky Group"}, first
    assert second == Sentence("今天下雨", frozenset()), "only ORG entities are read"
