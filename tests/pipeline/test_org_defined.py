"""Issue 17: a short name an article defines for an organisation is that organisation.

安屿科技股份有限公司（以下简称“安屿科技”）: every 安屿科技 is a mention of the registered name,
whose canonical name it keeps (tests/gold/README.md: short forms merge). The cases are data
(`data/org_defined_cases.yaml`, sentences written for these tests), run through the organisation
stage on the Simplified matching view, as the pipeline does.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import spacy
import yaml

from extract.pipeline.organisations import OrganisationStage
from tests.conftest import make_document
from tests.pipeline.test_org_legal import _mentions

CASES = yaml.safe_load((Path(__file__).parent / "data" / "org_defined_cases.yaml").read_text())


@cache
def _stage() -> OrganisationStage:
    return spacy.blank("zh").add_pipe("zh_organisations")


def _found(text: str) -> tuple[str, list]:
    return _mentions(_stage(), text)


def _spans(view: str, quote: str) -> list[tuple[int, int]]:
    written = make_document(quote).match_text
    return [m.span() for m in re.finditer(re.escape(written), view)]


def test_tables_are_large_enough() -> None:
    defined, negatives = CASES["defined"], CASES["negatives"]
    traditional = [
        c for c in [*defined, *negatives] if make_document(c["text"]).match_text != c["text"]
    ]
    assert len(defined) + len(negatives) >= 15 and len(negatives) >= 8
    assert len(traditional) >= 5


@pytest.mark.parametrize("case", CASES["defined"], ids=lambda c: c["short"])
def test_defined_short_name_is_the_organisation(case: dict) -> None:
    view, found = _found(case["text"])
    by_span = {(f.start, f.end): f.fields for f in found}
    full_span = _spans(view, case["full"])[0]
    full = by_span.get(full_span)
    assert full is not None, f"{case['full']} not found: {[view[f.start : f.end] for f in found]}"
    assert full["name"] == case["name"]
    shorts = [
        s for s in _spans(view, case["short"]) if s[1] <= full_span[0] or s[0] >= full_span[1]
    ]
    assert len(shorts) >= 2  # the definition and a later mention
    for span in shorts:
        fields = by_span.get(span)
        assert fields is not None, f"{case['short']} at {span} is no mention"
        assert (fields["org_id"], fields["name"]) == (full["org_id"], full["name"])


@pytest.mark.parametrize("case", CASES["negatives"], ids=lambda c: c["short"])
def test_no_merge(case: dict) -> None:
    view, found = _found(case["text"])
    shorts = set(_spans(view, case["short"]))
    merged = [
        f for f in found if (f.start, f.end) in shorts and "defined_names" in f.fields["passes"]
    ]
    added = [f for f in found if f.rule == "org.defined"]
    assert not merged and not added, [(view[f.start : f.end], f.fields["name"]) for f in found]
