"""The zh_temporal stage: Found items on the clean view, anchored on the source's date."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
import spacy
from spacy.language import Language

import extract.pipeline.temporal  # noqa: F401  (registers zh_temporal)
from extract.models import TimeRef
from extract.pipeline.annotations import found_of
from extract.pipeline.temporal import find_temporals

LEDE = "3月26日晚，水滴互助发布公告称，将于2021年3月31日18点正式终止互助计划。"


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_temporal")
    return nlp


def _run(nlp: Language, text: str, published: date | None) -> list[tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.source = SimpleNamespace(published=published) if published else None
    doc = nlp(doc)
    return [(text[f.start : f.end], f.fields["value"]) for f in found_of(doc, "date")]


def test_stage_uses_publication_date(nlp: Language) -> None:
    got = _run(nlp, LEDE, date(2021, 3, 27))
    assert got == [("3月26日晚", "2021-03-26"), ("2021年3月31日18点", "2021-03-31T18:00")], got


def test_stage_without_source_leaves_yearless_unresolved(nlp: Language) -> None:
    got = _run(nlp, LEDE, None)
    assert got == [("3月26日晚", None), ("2021年3月31日18点", "2021-03-31T18:00")], got


def test_find_on_bare_doc_does_not_annotate(nlp: Language) -> None:
    doc = nlp.make_doc(LEDE)
    found = nlp.get_pipe("zh_temporal").find(doc)
    assert len(found) == 2 and doc._.found == [], "find is pure; set_annotations extends"


def test_found_shape() -> None:
    for f in find_temporals(LEDE + "近3年，两天前", date(2021, 3, 27)):
        assert f.type == "date" and f.rule.startswith("zh_temporal:"), f
        assert set(f.fields) == {"value", "precision", "resolved_from", "needs_anchor"}, f.fields
        TimeRef(**{k: v for k, v in f.fields.items() if k != "needs_anchor"})  # valid values


@pytest.mark.parametrize(
    ("text", "written", "value", "rule"),
    [
        ("就在两天前，3月24日，轻松互助宣布关停", "两天前", "2021-03-24", "apposition"),
        ("昨天（3月26日）", "昨天", "2021-03-26", "apposition"),
        ("两天前，轻松互助宣布关停", "两天前", "2021-03-25", "point"),
        ("2021年，3月24日", "2021年", "2021", "point"),
    ],
    ids=["relative_then_calendar", "in_brackets", "no_calendar_day", "not_relative"],
)
def test_apposition(text: str, written: str, value: str, rule: str) -> None:
    first = find_temporals(text, date(2021, 3, 27))[0]
    assert text[first.start : first.end] == written
    assert (first.fields["value"], first.rule) == (value, f"zh_temporal:{rule}"), first


def test_impossible_date_is_dropped() -> None:
    assert find_temporals("2021年2月29日", None) == [], "2021 is not a leap year"
    assert find_temporals("2月29日", date(2021, 3, 27))[0].fields["value"] == "2020-02-29"


def test_no_anchor_says_what_it_needs() -> None:
    (f,) = find_temporals("去年", None)
    assert f.fields == {
        "value": None,
        "precision": "year",
        "resolved_from": None,
        "needs_anchor": "publication_date",
    }


def test_spans_quote_the_text() -> None:
    text = "截至2021年12月6日24时投保通道关闭时，2014年9月至2021年底累计，近3年年均"
    got = [text[f.start : f.end] for f in find_temporals(text, None)]
    assert got == ["截至2021年12月6日24时", "2014年9月至2021年底", "近3年"], got


# (id, text, anchor, relative period as written, value, resolved_from)
NARRATIVE = [
    ("after_interval", "2016年6月至2021年底，累计筹款，近3年年均筹款额为117亿元", None, "近3年",
     "2019/2021", "2021-12"),
    ("beats_publication", "2015年至2019年间，平台近2年增长最快", "2022-01-20", "近2年",
     "2018/2019", "2019"),
    ("day_interval_end", "2020年1月1日至2020年10月31日，近30天新增", None, "近30天",
     "2020-10-01/2020-10-31", "2020-10-31"),
    ("other_sentence", "2016年6月至2021年底累计筹款。近3年年均筹款额", "2022-01-20", "近3年",
     "2020/2022", "2022-01-20"),
    ("point_is_no_period", "2018年，近3年年均筹款额", "2022-01-20", "近3年", "2020/2022",
     "2022-01-20"),
    ("relative_interval", "去年3月至今年5月，近3个月", None, "近3个月", None, None),
]


# (id, text, anchor, written, value, resolved_from): 上年度 counts from the year the sentence
# names before it, else from the publication year.
PREVIOUS_YEAR = [
    ("named_year", "2019年，平台筹款额较上年度增长30%", "2021-03-27", "上年度", "2018", "2019"),
    ("named_month", "2019年3月，筹款额比上年同期增长", None, "上年同期", "2018", "2019-03"),
    ("relative_named_year", "去年，平台收入比上一年度增长", "2021-03-27", "上一年度", "2019",
     "2020"),
    ("traditional", "2019年，平臺籌款額較上一年度增長", None, "上一年度", "2018", "2019"),
    ("year_end", "2018年上线，上年底会员过亿", None, "上年底", "2017-12", "2018"),
    ("other_sentence", "2019年。上年度增长", "2021-03-27", "上年度", "2020", "2021-03-27"),
    ("no_year_no_anchor", "平台较上年度增长", None, "上年度", None, None),
    ("last_year_is_deictic", "2019年，去年增长", "2021-03-27", "去年", "2020", "2021-03-27"),
]


@pytest.mark.parametrize(
    ("text", "anchor", "written", "value", "resolved_from"),
    [c[1:] for c in NARRATIVE + PREVIOUS_YEAR],
    ids=[c[0] for c in NARRATIVE + PREVIOUS_YEAR],
)
def test_resolved_against_the_sentence(
    text: str, anchor: str | None, written: str, value: str | None, resolved_from: str | None
) -> None:
    """A period named earlier in the sentence anchors 近N年 and 上年度, before the pub. date."""
    found = find_temporals(text, date.fromisoformat(anchor) if anchor else None)
    (f,) = [f for f in found if text[f.start : f.end] == written]
    got = (f.fields["value"], f.fields["resolved_from"])
    assert got == (value, resolved_from), f"{text!r}: {written} gave {got}"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


# (id, text, expected (written, value) pairs) with publication date 2020-12-27
RELATED = [
    ("after_heading", "昨日，平台发布公告。\n相关焦点\n昨日，另一平台上线。",
     [("昨日", "2020-12-26"), ("昨日", None)]),
    ("bracketed_heading", "正文。\n【延伸阅读】\n昨天下午，会上发布；两天前签约",
     [("昨天下午", None), ("两天前", None)]),
    ("year_bearing_kept", "正文。\n推荐阅读：\n2020年11月23日，平台推出新计划",
     [("2020年11月23日", "2020-11-23")]),
    ("heading_inside_text", "昨日，平台在相关阅读栏目发布公告。", [("昨日", "2020-12-26")]),
    ("no_heading", "正文。\n相关阅读量很高\n昨日，平台上线。", [("昨日", "2020-12-26")]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in RELATED], ids=[c[0] for c in RELATED]
)
def test_related_news_has_no_anchor(
    nlp: Language, text: str, expected: list[tuple[str, str | None]]
) -> None:
    doc = nlp.make_doc(text)
    doc._.source = SimpleNamespace(published=date(2020, 12, 27), paragraphs=_paragraphs(text))
    doc = nlp(doc)
    got = [(text[f.start : f.end], f.fields["value"]) for f in found_of(doc, "date")]
    assert got == expected, f"{text!r}: {got}"
