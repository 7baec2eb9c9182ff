"""The discourse layer on sentences written for these tests: clauses, sentences, bylines, lists,
reporting frames and references back (rules/discourse.yaml)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.pipeline.discourse import Discourse
from extract.pipeline.discourse_rules import DiscourseRules, load_discourse
from extract.rules import RulesError, load_yaml


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_clauses_split_at_every_clause_break_including_colons() -> None:
    text = "水滴互助发布公告称：将于3月31日终止，会员可申请退款。"
    d = Discourse(text)
    got = [text[s:e] for s, e in d.clauses(0, len(text))]
    assert got == ["水滴互助发布公告称：", "将于3月31日终止，", "会员可申请退款。"], got
    assert d.clause_of(*_at(text, "终止")) == _at(text, "将于3月31日终止，"), "clause of a word"


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("拦截项目9,800个和7,650个。", ["拦截项目9,800个和7,650个。"]),
        ("10:35 记者报道，平台上线。", ["10:35 记者报道，", "平台上线。"]),
        ("比分为3：2，平台胜出。", ["比分为3：2，", "平台胜出。"]),
        ("共有3,100人,其中2,000人获助。", ["共有3,100人,", "其中2,000人获助。"]),
        ("时间：2024年，地点：北京。", ["时间：", "2024年，", "地点：", "北京。"]),
        ("会员2,1万人。", ["会员2,1万人。"]),
    ],
)
def test_no_clause_break_between_digits(text: str, clauses: list[str]) -> None:
    """A separator between two digits (9,800个, 10:35) is part of a number or a time."""
    d = Discourse(text)
    assert [text[s:e] for s, e in d.clauses(0, len(text))] == clauses


def test_sentences_are_the_ingest_rules_when_none_are_given() -> None:
    text = "轻松筹成立于2014年。平台目前已有6亿用户！"
    d = Discourse(text)
    assert d.sentences == [(0, 12), (12, 23)], d.sentences
    assert d.sentence_of(*_at(text, "用户")) == (12, 23)


@pytest.mark.parametrize(
    ("text", "name", "byline"),
    [
        ("北京商报讯 水滴筹发布公告。", "北京商报", True),
        ("珠江时报讯(记者/李明)昨日发布倡议。", "珠江时报", True),
        ("来源：新华网 2021-03-27", "新华网", True),
        ("【TechWeb】11月23日消息。", "TechWeb", True),
        ("每日经济新闻记者获悉，相互宝将关停。", "每日经济新闻", True),
        ("来自水滴筹的数据显示，筹款额增长。", "水滴筹", False),
        ("水滴筹发布公告。", "水滴筹", False),
    ],
)
def test_bylines(text: str, name: str, byline: bool) -> None:
    assert Discourse(text).byline(*_at(text, name)) is byline, f"{name} in {text!r}"


@pytest.mark.parametrize(
    ("text", "first", "second", "bare", "joined"),
    [
        ("水滴筹、轻松筹等平台", "水滴筹", "轻松筹", False, True),
        ("水滴筹和轻松筹", "水滴筹", "轻松筹", False, True),
        ("蚂蚁集团相互宝", "蚂蚁集团", "相互宝", False, False),
        ("蚂蚁 集团 相互宝", "集团", "相互宝", True, True),
        ("水滴筹在轻松筹", "水滴筹", "轻松筹", True, False),
    ],
)
def test_coordinated(text: str, first: str, second: str, bare: bool, joined: bool) -> None:
    d = Discourse(text)
    end, start = _at(text, first)[1], _at(text, second)[0]
    assert d.coordinated(end, start, bare=bare) is joined, f"{first}/{second} in {text!r}"


@pytest.mark.parametrize(
    ("text", "name", "kinds"),
    [
        ("蚂蚁集团研报显示，行业规模下降。", "蚂蚁集团", {"report", "statement"}),
        ("蚂蚁集团研报称行业规模下降。", "蚂蚁集团", {"report", "statement"}),
        ("中信证券研报：行业规模下降。", "中信证券", {"report"}),
        ("水滴筹数据显示，筹款额增长。", "水滴筹", {"statement"}),
        ("中国扶贫基金会副秘书长王军表示，善款增长。", "中国扶贫基金会", {"statement"}),
        ("水滴筹累计筹款500亿元。", "水滴筹", set()),
    ],
)
def test_reporting_frames(text: str, name: str, kinds: set[str]) -> None:
    end = _at(text, name)[1]
    assert Discourse(text).reporting(end, len(text)) == kinds, f"{name} in {text!r}"


def test_source_word_before_a_name() -> None:
    text = "据水滴筹统计，累计筹款500亿元。"
    assert Discourse(text).reported_by(0, _at(text, "水滴筹")[0]), "据X: X reports"


def test_pronoun_antecedent_is_the_one_name_ending_with_its_noun() -> None:
    text = "中华慈善总会与北京大学合作。该慈善总会推出计划。"
    d = Discourse(text)
    names = [
        (*_at(text, "中华慈善总会"), {"org_id": "ccf", "name": "中华慈善总会"}),
        (*_at(text, "北京大学"), {"org_id": "pku", "name": "北京大学"}),
    ]
    ((start, _, noun),) = list(d.pronouns(*_at(text, "该慈善总会")))
    assert (text[start:], noun) == ("该慈善总会推出计划。", "慈善总会")
    assert d.antecedent(noun, names) == {"org_id": "ccf", "name": "中华慈善总会"}
    assert d.antecedent("基金会", names) is None, "no name ends with the noun: no antecedent"


def test_anaphors_skip_common_nouns() -> None:
    text = "互助平台很多。平台累计筹款。"
    d = Discourse(text)
    assert [s for s, _ in d.anaphors(0, len(text))] == [text.index("。平台") + 1], (
        "互助平台 is a noun"
    )


@pytest.mark.parametrize(
    ("text", "new_topic"),
    [("其会员超过1亿人。", False), ("目前，该平台已关停。", False), ("水滴筹上线。", True)],
)
def test_paragraph_starts_a_topic_unless_it_refers_back(text: str, new_topic: bool) -> None:
    assert Discourse(text).paragraph_starts_topic(0) is new_topic, text


def test_first_person_and_speaker_reach() -> None:
    text = "我们今年帮助了3000个家庭。某基金会秘书长说。另一句。"
    d = Discourse(text)
    assert d.first_person(0, 5), "我们 speaks as the organisation"
    assert d.speaker_reach(0) == text.index("另一句"), "the speaker is named by the next sentence"


def test_venue_before_a_name() -> None:
    text = "水滴公司在纽约证券交易所上市。"
    d = Discourse(text)
    assert d.place(_at(text, "纽约证券交易所")[0]) and not d.place(0)


def test_rules_load_once_and_reject_unknown_keys(tmp_path, monkeypatch) -> None:
    assert load_discourse() is load_discourse(), "the grammar is rebuilt on each call"
    import extract.rules as rules

    (tmp_path / "discourse.yaml").write_text(
        (rules.RULES_DIR / "discourse.yaml").read_text(encoding="utf-8") + "\nsurprise: 1\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    with pytest.raises(RulesError, match="surprise"):
        load_yaml("discourse.yaml", DiscourseRules)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="水滴筹，。；：！\n2年元", max_size=40))
def test_clauses_tile_the_text(text: str) -> None:
    d = Discourse(text)
    spans = d.clauses(0, len(text))
    assert "".join(text[s:e] for s, e in spans) == text, "clauses must tile the text"
    for i in range(len(text)):
        s, e = d.clause_of(i)
        assert s <= i < e or (s == e == i), f"clause_of({i}) = {(s, e)} misses it in {text!r}"


HEADED = "水滴公司2023年业绩：\n营收27亿元\n净利润3.5亿元\n总结段落很长，它是一段完整的叙述。"
BARE = "沪惠保\n参保人数达739万人\n赔付金额达5亿元"


CASES_HEADING = [
    ("colon", HEADED, "净利润", "水滴公司2023年业绩："),
    ("bare", BARE, "赔付金额", "沪惠保"),
    ("prose_is_no_item", "标题\n第一句话在这里。\n第二句话在这里。", "第二句", None),
    (
        "one_item_is_no_list",
        "港闻 2023年11月20日\n公益金筹得3200万港元\n" + "长" * 90,
        "公益金",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "item", "heading"), [c[1:] for c in CASES_HEADING], ids=[c[0] for c in CASES_HEADING]
)
def test_heading_of(text: str, item: str, heading: str | None) -> None:
    d = Discourse(text)
    span = d.heading_of(text.index(item))
    assert (text[span[0] : span[1]] if span else None) == heading


def test_title_is_a_short_first_paragraph() -> None:
    text = "关于杭惠保参保情况的通报\n本年度参保人数达到350万人。"
    d = Discourse(text)
    assert d.title_candidates() == [(0, text.index("\n"))]
    assert Discourse("本年度参保人数达到350万人。\n第二段。").title_candidates() == []
    nav = "首页 | 健康 | 热线：0832-96111\n锦惠保赔付2.9亿元\n本年度参保人数达到350万人。"
    lines = nav.split("\n")[:2]
    assert [nav[s:e] for s, e in Discourse(nav).title_candidates()] == lines
