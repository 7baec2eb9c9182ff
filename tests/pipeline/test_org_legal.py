"""Issue 17: full legal names share the known organisation's identity; false names are vetoed.

The cases are data (`data/org_legal_cases.yaml`, names and sentences written for these tests);
each runs through the organisation stage on the Simplified matching view, as the pipeline does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
import yaml

from extract.orgs import unknown_org_id
from extract.orgs.legal import legal_canonical
from extract.pipeline.organisations import OrganisationStage
from tests.conftest import make_document

CASES = yaml.safe_load((Path(__file__).parent / "data" / "org_legal_cases.yaml").read_text())


@pytest.fixture(scope="module")
def stage() -> OrganisationStage:
    return spacy.blank("zh").add_pipe("zh_organisations")


def _mentions(stage: OrganisationStage, text: str) -> tuple[str, list]:
    view = make_document(text).match_text
    return view, stage.find(spacy.blank("zh").make_doc(view))


def _traditional(text: str) -> bool:
    return text != make_document(text).match_text


def test_tables_are_large_enough() -> None:
    legal = CASES["legal"]
    assert len(legal) >= 40 and sum(_traditional(c["text"]) for c in legal) >= 15
    assert sum(bool(c.get("own")) for c in legal) >= 10, "negatives: names of their own"
    assert len(CASES["false_names"]) >= 20


@pytest.mark.parametrize("case", CASES["legal"], ids=lambda c: c["quote"])
def test_legal_name_identity(stage: OrganisationStage, case: dict) -> None:
    view, found = _mentions(stage, case["text"])
    quote = make_document(case["quote"]).match_text
    hits = [f for f in found if view[f.start : f.end] == quote]
    assert hits, f"{case['quote']} not found whole: {[view[f.start : f.end] for f in found]}"
    fields = hits[0].fields
    if case.get("own"):
        assert fields["org_id"] == unknown_org_id(fields["name"]), f"{case['quote']}: {fields}"
        assert fields["parent"] == case.get("parent"), f"{case['quote']}: parent {fields}"
    else:
        assert fields["org_id"] == case["id"], f"{case['quote']}: {fields}"
    if "name" in case:
        assert fields["name"] == case["name"]


def test_unknown_legal_name_canonical_rule() -> None:
    assert legal_canonical("明远保险(集团) 股份有限公司") == "明远保险（集团）股份有限公司"


@pytest.mark.parametrize("case", CASES["false_names"], ids=lambda c: c["text"][:10])
def test_false_name_is_no_organisation(stage: OrganisationStage, case: dict) -> None:
    view, found = _mentions(stage, case["text"])
    at = view.index(case["phrase"])
    end = at + len(case["phrase"])
    overlapping = [view[f.start : f.end] for f in found if f.start < end and at < f.end]
    assert not overlapping, f"{case['text']}: {case['phrase']} became {overlapping}"
    if "keep" in case:
        assert case["keep"] in [view[f.start : f.end] for f in found]


@pytest.mark.parametrize(
    "text",
    [
        "中国人民财产保险股份有限公司承保，市民政局负责监督。",
        "据衡川市民政局消息，中国人民财产保险股份有限公司承保，市医疗保障局参与。",
        "中國人民財產保險股份有限公司與市醫療保障局簽約，市民政局出席。",
    ],
)
def test_known_legal_name_beside_a_place_led_name_does_not_break_the_stage(
    stage: OrganisationStage, text: str
) -> None:
    """A suffix-rule name that took a known identity (-> 人保财险) ends with no suffix: the pass
    that collects the document's places must skip it, not raise (it cost a real article its
    organisations)."""
    _, found = _mentions(stage, text)
    names = {f.fields["name"] for f in found}
    assert "人保财险" in names, f"the legal name keeps its known identity: {names}"
