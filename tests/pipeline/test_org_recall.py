"""Issue 17: recall rules and vetoes of false organisations, as table tests.

The cases are data (`data/org_recall_cases.yaml`, sentences written for these tests); each runs
through the organisation stage on the Simplified matching view, as the pipeline does.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import spacy
import yaml

from extract.pipeline.organisations import OrganisationStage
from tests.conftest import make_document

CASES = yaml.safe_load((Path(__file__).parent / "data" / "org_recall_cases.yaml").read_text())


@pytest.fixture(scope="module")
def stage() -> OrganisationStage:
    return spacy.blank("zh").add_pipe("zh_organisations")


def _mentions(stage: OrganisationStage, text: str) -> tuple[str, list[tuple[int, int]]]:
    view = make_document(text).match_text
    return view, [(f.start, f.end) for f in stage.find(spacy.blank("zh").make_doc(view))]


def test_every_rule_has_five_cases_each_way_or_more() -> None:
    counts = Counter(c["rule"] for c in [*CASES["found"], *CASES["not_found"]])
    assert all(n >= 5 for n in counts.values()), counts
    traditional = [c for c in CASES["found"] if make_document(c["text"]).match_text != c["text"]]
    assert len(traditional) >= 8, "Traditional sentences too"


@pytest.mark.parametrize("case", CASES["found"], ids=lambda c: c["span"])
def test_name_found_exactly(stage: OrganisationStage, case: dict) -> None:
    view, found = _mentions(stage, case["text"])
    assert case["span"] in [view[a:b] for a, b in found], [view[a:b] for a, b in found]


@pytest.mark.parametrize("case", CASES["not_found"], ids=lambda c: c["phrase"])
def test_phrase_is_no_organisation(stage: OrganisationStage, case: dict) -> None:
    view, found = _mentions(stage, case["text"])
    at = view.index(case["phrase"])
    end = at + len(case["phrase"])
    overlapping = [view[a:b] for a, b in found if a < end and at < b]
    assert not overlapping, f"{case['text']}: {case['phrase']} became {overlapping}"
