"""Seed events whose actor only the organisation stage can name, through the whole pipeline.

tests/pipeline/test_time_seeds.py runs the event stage alone (fallback names only) and keeps
these as strict xfails; here the default pipeline, organisations included, gets them right.
Expected values were read from the articles (002: 南昌惠民保 went live in January 2022; 004:
阿里巴巴公益 launched XIN益佰 in March 2021).
"""

from __future__ import annotations

import pytest

from extract.ingest import load_document
from extract.pipeline import annotate, default_pipeline
from extract.pipeline.annotations import found_of
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    ("seed", "trigger", "event_type", "actor", "date"),
    [
        ("002_c5be1e22cb1903c7.txt", "上线", "launch", "南昌惠民保", "2022-01"),
        ("004_c6233d240e700392.txt", "推出", "launch", "阿里巴巴公益", "2021-03"),
        ("000_100585dc6954c7e0.txt", "撰文", "publish", "打击非法金融活动局", "2020-09"),
        ("001_93860c97cd0956a8.txt", "更名", "rename", "相互宝", "2018-11-27"),
    ],
    ids=["002-nanchang", "004-xin-yibai", "000-cbirc-bureau", "001-rename"],
)
def test_event_with_organisation_actor(
    seed: str, trigger: str, event_type: str, actor: str, date: str
) -> None:
    doc = annotate(default_pipeline(), load_document(SEEDS / seed))
    events = [
        (
            doc.text[f.start : f.end],
            f.fields["event_type"],
            [a["name"] for a in f.fields["actors"]],
            (f.fields["date"] or {}).get("value"),
        )
        for f in found_of(doc, "event")
    ]
    assert (trigger, event_type, [actor], date) in events, f"{seed}: {events}"
