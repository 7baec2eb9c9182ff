"""Issue 17: identity of regional and foreign bodies, generic phrases, and the named passes.

The cases are data (`data/org_identity_cases.yaml`, sentences written for these tests); each
runs through the organisation stage on the Simplified matching view, as the pipeline does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
import yaml

from extract.orgs import load_recogniser, unknown_org_id
from extract.pipeline.organisations import OrganisationStage
from tests.conftest import make_document

CASES = yaml.safe_load((Path(__file__).parent / "data" / "org_identity_cases.yaml").read_text())


@pytest.fixture(scope="module")
def stage() -> OrganisationStage:
    nlp = spacy.blank("zh")
    return nlp.add_pipe("zh_organisations")


def _mentions(stage: OrganisationStage, text: str) -> tuple[str, list]:
    view = make_document(text).match_text
    return view, stage.find(spacy.blank("zh").make_doc(view))


def test_tables_are_large_enough() -> None:
    traditional = [c for c in CASES["prefixed"] if c["text"] != make_document(c["text"]).match_text]
    assert len(CASES["prefixed"]) >= 60 and len(traditional) >= 20, "issue 17: 60 prefixed names"
    assert len(CASES["generic"]) >= 60, "issue 17: 60 generic phrases"


@pytest.mark.parametrize("case", CASES["prefixed"], ids=lambda c: c["text"][:12])
def test_prefixed_body_is_its_own_organisation(stage: OrganisationStage, case: dict) -> None:
    _, found = _mentions(stage, case["text"])
    wrong = [f for f in found if f.fields["org_id"] == case["not"]]
    assert not wrong, f"{case['text']}: resolved to the national {case['not']}: {wrong}"
    names = [f.fields["name"] for f in found]
    assert case["name"] in names, f"{case['text']}: {case['name']} not found, got {names}"
    (f,) = [f for f in found if f.fields["name"] == case["name"]]
    assert f.fields["org_id"] == unknown_org_id(case["name"]), f"{case['text']}: id scheme"


@pytest.mark.parametrize("case", CASES["generic"], ids=lambda c: c["phrase"])
def test_generic_phrase_is_no_organisation(stage: OrganisationStage, case: dict) -> None:
    view, found = _mentions(stage, case["text"])
    at = view.index(case["phrase"])  # the phrase as the Simplified matching view has it
    end = at + len(case["phrase"])
    overlapping = [view[f.start : f.end] for f in found if f.start < end and at < f.end]
    assert not overlapping, f"{case['text']}: {case['phrase']} became {overlapping}"


@pytest.mark.parametrize("case", CASES["known"], ids=lambda c: c["text"][:10])
def test_known_name_found_in_context(stage: OrganisationStage, case: dict) -> None:
    _, found = _mentions(stage, case["text"])
    got = [(f.fields["org_id"], f.fields["name"]) for f in found]
    if "id" in case:
        assert case["id"] in [i for i, _ in got], f"{case['text']}: no {case['id']} in {got}"
    else:
        assert case["name"] in [n for _, n in got], f"{case['text']}: no {case['name']} in {got}"


def test_branch_hangs_under_the_known_bank() -> None:
    (m,) = load_recogniser().find("光大银行长春分行行长出席。")
    assert (m.org.name, m.org.parent, m.org.org_type) == ("中国光大银行长春分行", "ceb", "bank"), m
    assert m.rule == "org.gazetteer" and m.passes == ("branches",), "generator and pass recorded"


def test_department_of_a_bank_is_typed_as_the_bank() -> None:
    (m,) = load_recogniser().find("交通银行深圳分行信用卡部发布公告。")
    assert (m.org.parent, m.org.org_type) == ("bocom", "bank"), m
    assert "unit_types" in m.passes, m.passes


def test_every_pass_is_named_and_ordered() -> None:
    names = [name for name, _ in load_recogniser().passes]
    assert names[0] == "context_extensions" and names[-1] == "furniture", names
    assert {"generic_vetoes", "branches", "local_names", "model_arbitration"} <= set(names)


def test_model_span_vetoed_when_generic() -> None:
    r = load_recogniser()
    text = "当地政府和贷款公司以及远山科技都表态了。"
    spans = [(2, 4), (5, 9), (11, 15)]  # 政府, 贷款公司, 远山科技
    found = r.find(text, model_spans=spans)
    got = {text[m.start : m.end]: m.rule for m in found}
    assert got == {"远山科技": "org.model"}, f"generic model spans must be vetoed: {got}"


def test_model_span_inside_a_gazetteer_name_loses() -> None:
    r = load_recogniser()
    text = "水滴筹发布公告。"
    (m,) = r.find(text, model_spans=[(0, 2)])
    assert (m.org.org_id, m.rule) == ("shuidichou", "org.gazetteer"), m
