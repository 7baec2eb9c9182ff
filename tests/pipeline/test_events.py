"""The zh_events stage on sentences written for these tests (not taken from the seeds)."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from pydantic import ValidationError

import extract.pipeline.events  # noqa: F401  (registers zh_events)
from extract.models import Link, Subject, TimeRef
from extract.orgs import unknown_org_id
from extract.pipeline import annotate, default_pipeline
from extract.pipeline.annotations import Found, found_of, write
from extract.pipeline.events import EventRules, find_events
from extract.pipeline.temporal import find_temporals
from extract.rules import load_yaml
from tests.conftest import make_document

A = date(2021, 3, 27)

# (id, text, [(trigger, event_type, first actor, date value, status)])
CASES: list[tuple[str, str, list[tuple[str, str, str, str | None, str]]]] = [
    (
        "announce_then_planned_end",
        "3月26日晚，水滴互助发布公告称，将于2021年3月31日18点正式终止互助计划。",
        [
            ("发布", "publish", "水滴互助", "2021-03-26", "happened"),
            ("终止", "terminate", "水滴互助", "2021-03-31T18:00", "planned"),
        ],
    ),
    (
        "leading_date",
        "2021年1月31日，美团互助正式关停业务。",
        [("关停", "shutdown", "美团互助", "2021-01-31", "happened")],
    ),
    (
        "date_between_actor_and_verb",
        "轻松筹于2014年9月上线。",
        [("上线", "launch", "轻松筹", "2014-09", "happened")],
    ),
    (
        "relative_clause_launch",
        "2016年7月上线的水滴筹，是国内首款大病筹款平台。",
        [("上线", "launch", "水滴筹", "2016-07", "happened")],
    ),
    (
        "plan_to_list",
        "水滴公司计划于明年上市。",
        [("上市", "list_shares", "水滴公司", "2022", "planned")],
    ),
    (
        "ni_acquire",
        "蚂蚁集团拟收购一家保险经纪公司。",
        [("收购", "acquire", "蚂蚁集团", None, "planned")],
    ),
    (
        "rename_dated",
        "2018年11月27日，相互保更名为相互宝。",
        [("更名", "rename", "相互保", "2018-11-27", "happened")],
    ),
    (
        "topic_carried_to_next_clause",
        "水滴互助在公告中称，原互助计划将于2021年3月31日18点正式终止。",
        [("终止", "terminate", "水滴互助", "2021-03-31T18:00", "planned")],
    ),
    (
        "announce_and_shutdown",
        "昨天，轻松互助宣布关停。",
        [
            ("宣布", "announce", "轻松互助", "2021-03-26", "happened"),
            ("关停", "shutdown", "轻松互助", "2021-03-26", "happened"),
        ],
    ),
    (
        "traditional",
        "2020年12月22日，360大病籌正式對外公布愛心報告。",
        [("公布", "publish", "360大病筹", "2020-12-22", "happened")],
    ),
    (
        "halt_then_rename",
        "2018年11月27日，相互保被监管叫停，随后更名为相互宝。",
        [
            ("叫停", "halt", "相互保", "2018-11-27", "happened"),
            ("更名", "rename", "相互保", "2018-11-27", "happened"),
        ],
    ),
    (
        "object_marker_is_not_will",
        "银保监会已将美团互助纳入监管。",
        [("纳入监管", "regulate", "美团互助", None, "happened")],
    ),
    (
        "wrote_an_article",
        "2020年9月，水滴公司曾撰文提到，网络互助不是保险。",
        [("撰文", "publish", "水滴公司", "2020-09", "happened")],
    ),
    ("article_naming_an_object", "监管部门曾撰文点名相互宝等平台。", []),
    (
        "vague_word_governs",
        "【TechWeb】11月23日消息,近日,轻松筹推出新功能。",
        [("推出", "launch", "轻松筹", None, "happened")],
    ),
    (
        "vague_after_clock",
        "2020年12月22日 09:04 阅读:4,628 日前,水滴筹正式对外公布年报。",
        [("公布", "publish", "水滴筹", None, "happened")],
    ),
    (
        "date_after_vague_word_counts",
        "此前，2021年1月31日，美团互助正式关停。",
        [("关停", "shutdown", "美团互助", "2021-01-31", "happened")],
    ),
    (
        "launch_of_one_product",
        "2021年3月，水滴筹推出一款新产品。",
        [("推出", "launch", "水滴筹", "2021-03", "happened")],
    ),
    # shutdown, launch, acquire and licence words (Simplified and Traditional)
    (
        "stop_running",
        "2021年3月31日，水滴互助停止运行。",
        [("停止运行", "shutdown", "水滴互助", "2021-03-31", "happened")],
    ),
    (
        "stop_service_trad",
        "2021年3月24日，輕鬆互助停止服務。",
        [("停止服務", "shutdown", "轻松互助", "2021-03-24", "happened")],
    ),
    (
        "halt_operation",
        "2021年1月31日，美团互助正式停运。",
        [("停运", "shutdown", "美团互助", "2021-01-31", "happened")],
    ),
    (
        "take_off_shelves",
        "2020年6月，水滴筹下架了这款产品。",
        [("下架", "shutdown", "水滴筹", "2020-06", "happened")],
    ),
    (
        "put_into_use",
        "2020年10月，水滴公司正式启用新品牌。",
        [("启用", "launch", "水滴公司", "2020-10", "happened")],
    ),
    (
        "formal_operation_trad",
        "2020年10月，水滴公司新系統正式運營。",
        [("正式運營", "launch", "水滴公司", "2020-10", "happened")],
    ),
    (
        "commissioned",
        "2020年10月，轻松集团新系统投入使用。",
        [("投入使用", "launch", "轻松集团", "2020-10", "happened")],
    ),
    (
        "acquire_dated",
        "2021年5月，蚂蚁集团收购了一家保险经纪公司。",
        [("收购", "acquire", "蚂蚁集团", "2021-05", "happened")],
    ),
    (
        "approved",
        "2021年5月，水滴公司获批保险经纪牌照。",
        [("获批", "license", "水滴公司", "2021-05", "happened")],
    ),
    (
        "licence_obtained_trad",
        "2021年5月，水滴公司獲得牌照。",
        [("獲得牌照", "license", "水滴公司", "2021-05", "happened")],
    ),
    # planned events, their dates resolved against the anchor
    (
        "expected_next_january",
        "水滴公司预计明年1月正式推出新产品。",
        [("推出", "launch", "水滴公司", "2022-01", "planned")],
    ),
    (
        "next_month_launch",
        "美团互助将于下月上线。",
        [("上线", "launch", "美团互助", "2021-04", "planned")],
    ),
    (
        "plan_before_year_end",
        "水滴筹计划年底前推出新功能。",
        [("推出", "launch", "水滴筹", "2021-12", "planned")],
    ),
    (
        "plan_before_year_end_trad",
        "水滴籌計劃年底前推出新功能。",
        [("推出", "launch", "水滴筹", "2021-12", "planned")],
    ),
    ("plan_as_noun", "益佰计划由水滴筹推出。", [("推出", "launch", "水滴筹", None, "happened")]),
    # one product launched is an act, not a total
    (
        "already_launched_one",
        "2021年3月，水滴公司已推出一款新产品。",
        [("推出", "launch", "水滴公司", "2021-03", "happened")],
    ),
    (
        "already_on_a_date",
        "蚂蚁集团已于2021年5月收购2家公司。",
        [("收购", "acquire", "蚂蚁集团", "2021-05", "happened")],
    ),
    # 通报: a platform or regulator notifies (publish); 通报批评, 被通报 and 据通报 are not acts
    (
        "notify",
        "2021年3月，水滴筹通报了一起违规筹款事件。",
        [("通报", "publish", "水滴筹", "2021-03", "happened")],
    ),
    (
        "notify_trad",
        "2021年3月，水滴籌通報稱已處理違規項目。",
        [("通報", "publish", "水滴筹", "2021-03", "happened")],
    ),
    (
        "notify_after_publish_once",
        "2021年3月，水滴筹发布通报。",
        [("发布", "publish", "水滴筹", "2021-03", "happened")],
    ),
    ("notify_criticise", "2021年3月，相互宝被监管部门通报批评。", []),
    ("notify_criticise_trad", "2021年3月，輕鬆籌遭監管通報批評。", []),
    ("notify_passive", "2021年3月，水滴筹被通报。", []),
    ("notify_as_source", "据通报，水滴筹已于3月完成整改。", []),
    # 签署/签订合作协议: one sign event, the 合作 is its object
    (
        "sign_cooperation_agreement",
        "2021年3月，水滴筹与中华慈善总会签署合作协议。",
        [("签署", "sign", "水滴筹", "2021-03", "happened")],
    ),
    (
        "sign_strategic_agreement_trad",
        "2021年3月，輕鬆籌與慈善總會簽訂戰略合作協議。",
        [("簽訂", "sign", "轻松筹", "2021-03", "happened")],
    ),
    (
        "sign_memorandum",
        "2021年3月，水滴公司签约了合作备忘录。",
        [("签约", "sign", "水滴公司", "2021-03", "happened")],
    ),
    (
        "cooperation_without_signing",
        "2021年3月，水滴筹与中华慈善总会合作。",
        [("合作", "partner", "水滴筹", "2021-03", "happened")],
    ),
    (
        "signed_then_cooperate",
        "2021年3月，水滴筹签署协议后与慈善总会合作。",
        [
            ("签署", "sign", "水滴筹", "2021-03", "happened"),
            ("合作", "partner", "水滴筹", "2021-03", "happened"),
        ],
    ),
    # a counted figure before the trigger is its subject: a total, unless one or an ordinal
    ("statistic_products_online", "2021年，水滴公司80款产品上线。", []),
    ("statistic_institutions_online", "水滴筹平台上已有120家机构上线。", []),
    ("statistic_institutions_online_trad", "2021年，輕鬆籌已有120家機構陸續上線。", []),
    ("statistic_projects_launched", "轻松筹共3000个项目推出。", []),
    ("statistic_platforms_shut", "2021年，水滴公司旗下3款产品先后下架。", []),
    (
        "one_product_online",
        "2021年3月，水滴筹一款新产品上线。",
        [("上线", "launch", "水滴筹", "2021-03", "happened")],
    ),
    (
        "ordinal_institution_online",
        "2021年3月，水滴筹第100家机构上線。",
        [("上線", "launch", "水滴筹", "2021-03", "happened")],
    ),
    # time since a launch, however the elapsed time is marked
    ("launch_full_years", "水滴筹上线已满三年。", []),
    ("launch_full_years_trad", "水滴籌上線滿三年。", []),
    ("launch_already_nearly_trad", "水滴籌上線已近兩年。", []),
    (
        "launch_then_already",
        "2021年3月，水滴筹上线已有用户反馈。",
        [("上线", "launch", "水滴筹", "2021-03", "happened")],
    ),
    # not events
    ("statistic_nearly_n", "2021年，各地共推出惠民保产品近50款。", []),
    ("statistic_already_n", "2021年，水滴筹今年已上线公益项目1.08万个。", []),
    ("statistic_over_n", "水滴公司推出保险产品超过300款。", []),
    ("statistic_cumulative_trad", "2021年，輕鬆籌累計推出公益項目3000個。", []),
    ("statistic_acquired_n", "蚂蚁集团先后收购了12家公司。", []),
    ("ongoing_partnership", "水滴筹已连续七年与中华慈善总会合作。", []),
    ("long_term_partnership", "轻松集团与中华慈善总会长期合作。", []),
    ("ongoing_partnership_trad", "輕鬆籌一直與慈善總會合作。", []),
    ("approval_pending", "水滴公司能否获批仍未可知。", []),
    ("cumulative_launches", "截至2021年12月，水滴筹已上线1.37万个公益项目。", []),
    ("cumulative_products", "2021年，轻松筹推出三百余款产品。", []),
    ("cumulative_spaced", "截至2021年底，水滴筹累计上线 2000个项目。", []),
    ("byline_is_no_actor", "珠江时报讯(记者/李明)昨日,会上发布倡议。", []),
    ("source_line", "来源：轻松筹 发布时间", []),
    ("help_request", "患者通过水滴筹发布求助信息。", []),
    ("press_conference", "相关领导在国新办发布会上表示，美团互助偏离主业。", []),
    ("call_for_regulation", "专家呼吁将网络互助纳入监管。", []),
    ("users_leave", "越来越多的用户主动退出相互宝。", []),
    ("time_since_launch", "相互宝上线两年至今尚未实现盈亏平衡。", []),
    ("nominal_shutdown", "随着其中两家的关停，相互宝的动向值得关注。", []),
    ("reason_noun", "逆选择风险增加是美团互助关停的主要原因。", []),
    ("no_actor", "两家头部互助平台相继关停。", []),
    ("partner_noun", "联合药企、保司等合作伙伴，提供特药服务。", []),
    ("after_shutdown", "关停后，对于关停前符合互助条件的会员，平台将核定金额。", []),
    # --- issue 18: triggers, relative clauses, 至今, venues, descriptions
    ("initiate_fundraiser", "患者家属通过轻松筹发起筹款。", []),
    ("initiate_application", "会员可向平台发起申请。", []),
    (
        "launched_since",
        "从2019年上线至今，水滴筹已帮助200万名患者。",
        [("上线", "launch", "水滴筹", "2019", "happened")],
    ),
    (
        "listed_at_venue",
        "2021年5月7日，水滴公司在纽约证券交易所上市。",
        [("上市", "list_shares", "水滴公司", "2021-05-07", "happened")],
    ),
    (
        "landed_on_exchange",
        "2021年5月，水滴公司正式登陆纽交所。",
        [("登陆", "list_shares", "水滴公司", "2021-05", "happened")],
    ),
    ("founded_in", "轻松筹成立于2014年。", [("成立", "establish", "轻松筹", "2014", "happened")]),
    ("log_in_is_no_listing", "用户登陆水滴筹后即可查看。", []),
    ("start_of_listing", "上市之初，水滴公司的市值约为40亿美元。", []),
    ("definition_is_no_event", "惠民保是由地方政府和保险公司联合发布的普惠型医疗保险。", []),
    ("disclaimer_is_no_event", "本网站发布的内容仅供参考，不构成投资建议。", []),
    ("undated_relative_product", "水滴公司推出的产品覆盖全国。", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_events(text: str, expected: list[tuple[str, str, str, str | None, str]]) -> None:
    found = find_events(text, find_temporals(text, A), [])
    got = [
        (
            text[f.start : f.end],
            f.fields["event_type"],
            f.fields["actors"][0]["name"],
            f.fields["date"]["value"] if f.fields["date"] else None,
            f.fields["status"],
        )
        for f in found
    ]
    assert got == expected, f"{text!r}:\n got {got}\n expected {expected}"


def test_event_fields_fit_the_record_contract() -> None:
    text = "3月26日晚，水滴互助发布公告称，将于2021年3月31日18点正式终止互助计划。"
    for f in find_events(text, find_temporals(text, A), []):
        assert f.type == "event" and f.rule == f"events.{f.fields['event_type']}"
        assert set(f.fields) == {"event_type", "actors", "date", "status", "link"}, f.fields
        for actor in f.fields["actors"]:
            Subject(**actor)
        TimeRef(**f.fields["date"])
        Link(**f.fields["link"])
        assert f.fields["actors"][0]["org_id"] == unknown_org_id("水滴互助"), "pattern-found actors"


def _org(text: str, name: str, org_id: str) -> Found:
    start = text.index(name)
    fields = {"org_id": org_id, "name": name, "org_type": "company", "parent": None}
    return Found("org", start, start + len(name), "test", fields)


def test_stage_uses_organisation_items() -> None:
    text = "2020年轻松集团与中华慈善总会合作发起公益项目。"
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_events")
    doc = nlp.make_doc(text)
    write(doc, "dates", find_temporals(text, None))
    write(doc, "orgs", [_org(text, "轻松集团", "qingsong"), _org(text, "中华慈善总会", "ccf")])
    (event,) = found_of(nlp(doc), "event")
    assert event.fields["actors"] == [
        {"org_id": "qingsong", "name": "轻松集团"},
        {"org_id": "ccf", "name": "中华慈善总会"},
    ], event.fields["actors"]
    assert event.fields["date"] == {
        "value": "2020",
        "precision": "year",
        "resolved_from": None,
        "text": "2020年",
    }


def test_pattern_actor_when_org_items_are_elsewhere() -> None:
    text = "蚂蚁集团表示。美团互助正式关停。"
    orgs = [_org(text, "蚂蚁集团", "ant")]
    (event,) = find_events(text, [], orgs)
    assert event.fields["actors"] == [{"org_id": unknown_org_id("美团互助"), "name": "美团互助"}]


def test_rules_validate() -> None:
    rules = load_yaml("events.yaml", EventRules)
    assert "shutdown" in rules.triggers
    bad = rules.model_dump()
    bad["triggers"]["Bad-Type"] = {"words": ["停业"]}
    with pytest.raises(ValidationError, match="snake_case"):
        EventRules.model_validate(bad)
    dup = rules.model_dump()
    dup["triggers"]["close"] = {"words": ["关停"]}
    with pytest.raises(ValidationError, match="under both"):
        EventRules.model_validate(dup)
    broken = rules.model_dump()
    broken["statistic"]["count"] = "(unclosed"
    with pytest.raises(ValidationError, match=r"statistic\.count"):
        EventRules.model_validate(broken)
    ongoing = rules.model_dump()
    ongoing["triggers"]["partner"]["not_in_clause"] = "[x"
    with pytest.raises(ValidationError, match=r"partner\.not_in_clause"):
        EventRules.model_validate(ongoing)


# (id, text, org names in the text, {trigger: actor names}): actors from organisation items.
ORG_CASES: list[tuple[str, str, list[str], dict[str, list[str]]]] = [
    (
        "coordinated_beyond_reach",
        "北京师范大学中国公益研究院、海南亚洲公益研究院、水滴大病研究院在京发布报告。",
        ["北京师范大学中国公益研究院", "海南亚洲公益研究院", "水滴大病研究院"],
        {"发布": ["北京师范大学中国公益研究院", "海南亚洲公益研究院", "水滴大病研究院"]},
    ),
    (
        "partner_then_jointly",
        "2021年，天猫母婴行业携手包括春晖博爱在内的4家公益机构，共同启动公益计划。",
        ["天猫", "春晖博爱"],
        {"携手": ["天猫", "春晖博爱"], "启动": ["天猫", "春晖博爱"]},
    ),
    (
        "initiate_project",
        "2021年5月，中国红十字基金会发起了“生命之光”救助项目。",
        ["中国红十字基金会"],
        {"发起": ["中国红十字基金会"]},
    ),
    (
        "issue_document",
        "2022年3月，国务院办公厅印发了《关于加强医疗保障的意见》。",
        ["国务院办公厅"],
        {"印发": ["国务院办公厅"]},
    ),
    (
        "venue_is_no_actor",
        "2021年5月7日，水滴公司在纽约证券交易所上市。",
        ["水滴公司", "纽约证券交易所"],
        {"上市": ["水滴公司"]},
    ),
    (
        "jointly_needs_the_same_sentence",
        "2021年，天猫携手春晖博爱。2022年，轻松筹共同启动新计划。",
        ["天猫", "春晖博爱", "轻松筹"],
        {"携手": ["天猫", "春晖博爱"], "启动": ["轻松筹"]},
    ),
    (
        "counted_names_acting_together",
        "2021年3月，水滴公司等3家公司联合推出惠民保。",
        ["水滴公司"],
        {"推出": ["水滴公司"]},
    ),
    (
        "cooperate_is_not_partner_object",
        "2020年，轻松集团与中华慈善总会合作。",
        ["轻松集团", "中华慈善总会"],
        {"合作": ["轻松集团", "中华慈善总会"]},
    ),
    (
        "as_modifier_y_acts",
        "2022年1月，水滴作为运营平台的“南昌惠民保”正式上线。",
        ["水滴", "南昌惠民保"],
        {"上线": ["南昌惠民保"]},
    ),
    (
        "as_modifier_without_y",
        "2022年1月，水滴作为运营平台的城市保险正式上线。",
        ["水滴"],
        {},
    ),
    (
        "byline_outlet",
        "珠江时报讯(记者/李明)昨日,佛山市慈善会发布倡议。",
        ["珠江时报", "佛山市慈善会"],
        {"发布": ["佛山市慈善会"]},
    ),
    ("byline_only", "珠江时报讯(记者/李明)昨日,会上发布倡议。", ["珠江时报"], {}),
    # 该X stands for the one organisation named earlier whose name ends with X
    (
        "pronoun_foundation",
        "中国红十字基金会资助患儿。2021年3月，该基金会推出救助计划。",
        ["中国红十字基金会"],
        {"推出": ["中国红十字基金会"]},
    ),
    (
        "pronoun_topic_of_later_clause",
        "北京师范大学中国公益研究院近日成立。该研究院表示，将于下月发布报告。",
        ["北京师范大学中国公益研究院"],
        {"成立": ["北京师范大学中国公益研究院"], "发布": ["北京师范大学中国公益研究院"]},
    ),
    (
        "pronoun_traditional",
        "中華慈善總會資助患兒。2021年3月，該慈善總會推出救助計劃。",
        ["中華慈善總會"],
        {"推出": ["中華慈善總會"]},
    ),
    (
        "pronoun_two_candidates",
        "中国红十字基金会与中华少年儿童慈善救助基金会资助患儿。该基金会推出救助计划。",
        ["中国红十字基金会", "中华少年儿童慈善救助基金会"],
        {},
    ),
    (
        "pronoun_noun_does_not_fit",
        "中国红十字基金会资助患儿。该研究院推出救助计划。",
        ["中国红十字基金会"],
        {},
    ),
    (
        "pronoun_without_antecedent",
        "2021年3月，该基金会推出救助计划。中国红十字基金会表示支持。",
        ["中国红十字基金会"],
        {},
    ),
]


@pytest.mark.parametrize(
    ("text", "names", "expected"), [c[1:] for c in ORG_CASES], ids=[c[0] for c in ORG_CASES]
)
def test_actors_from_organisation_items(
    text: str, names: list[str], expected: dict[str, list[str]]
) -> None:
    orgs = sorted((_org(text, n, f"id:{n}") for n in names), key=lambda f: f.start)
    found = find_events(text, find_temporals(text, A), orgs)
    got = {text[f.start : f.end]: [a["name"] for a in f.fields["actors"]] for f in found}
    assert got == expected, f"{text!r}: got {got}"


# Pre-tokenised text: ingest removes the spaces before the stages run (停止 运行 -> 停止运行).
TOKENISED = (
    "2021 年 3 月 ， 轻松互助 停止 运行 已 近 两 年 ， 水滴筹 与 中华 慈善 总会 签署 合作 协议 。 "
    "水滴筹 平台 上 已有 120 家 机构 上线 。 2021 年 3 月 ， 水滴筹 通报 了 一起 违规 事件 。"
)


def test_tokenised_text_through_the_default_pipeline() -> None:
    doc = annotate(default_pipeline(), make_document(TOKENISED))
    dates = [doc.text[f.start : f.end] for f in found_of(doc, "date")]
    events = [(doc.text[f.start : f.end], f.fields["event_type"]) for f in found_of(doc, "event")]
    assert dates == ["2021年3月", "2021年3月"], f"已近两年 is a duration, not a date: {dates}"
    assert events == [("停止运行", "shutdown"), ("签署", "sign"), ("通报", "publish")], (
        f"spaces removed: one sign (no partner), no launch statistic, 通报 published: {events}"
    )
