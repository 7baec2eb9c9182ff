"""Event recall and actors (`event_scope.py` and the triggers of rules/events.yaml), on
sentences written for these tests: one table per rule, positive and negative cases,
Simplified and Traditional."""

from __future__ import annotations

from datetime import date

import pytest

from extract.pipeline.annotations import Found
from extract.pipeline.events import find_events
from extract.pipeline.temporal import find_temporals

A = date(2021, 3, 27)

Expected = list[tuple[str, list[str], str | None]]  # (trigger, actor names, date value)
Case = tuple[str, str, list[str], Expected]  # (id, text, organisation names in it, events)


def _orgs(text: str, names: list[str]) -> list[Found]:
    """Organisation items for each occurrence of each name (`name|type`, else a company), in
    offset order."""
    found = []
    for written in names:
        name, _, org_type = written.partition("|")
        at = text.find(name)
        while at >= 0:
            fields = {"org_id": f"id:{name}", "name": name, "org_type": org_type or "company"}
            fields["parent"] = None
            found.append(Found("org", at, at + len(name), "test", fields))
            at = text.find(name, at + len(name))
    return sorted(found, key=lambda f: f.start)


def _events(text: str, names: list[str]) -> Expected:
    found = find_events(text, find_temporals(text, A), _orgs(text, names))
    return [
        (
            text[f.start : f.end],
            [a["name"] for a in f.fields["actors"]],
            f.fields["date"]["value"] if f.fields["date"] else None,
        )
        for f in found
    ]


# The subject opening a clause acts when its trigger is beyond the actor reach after a
# predicate only (asides, dates and a venue between); not across 的, a source, a list, a long gap.
CLAUSE_SUBJECT: list[Case] = [
    (
        "listing_after_aside_and_venue",
        "水滴公司（以下简称“水滴”）昨日在纽约证券交易所主板正式挂牌上市。",
        ["水滴公司", "纽约证券交易所"],
        [("上市", ["水滴公司"], "2021-03-26")],
    ),
    (
        "listing_traditional",
        "眾安在線財產保險股份有限公司（下稱「眾安」）昨日在香港聯合交易所主板正式掛牌上市。",
        ["眾安在線財產保險股份有限公司", "香港聯合交易所"],
        [("上市", ["眾安在線財產保險股份有限公司"], "2021-03-26")],
    ),
    (
        "registered_at_an_office",
        "青禾公益基金会（以下简称“本会”）于2014年6月在江澜市民政局正式登记成立。",
        ["青禾公益基金会", "江澜市民政局"],
        [("成立", ["青禾公益基金会"], "2014-06")],
    ),
    (
        "modifier_de_in_between",
        "水滴公司（以下简称“水滴”）昨日宣布其投资的一家保险经纪公司在北京正式挂牌成立。",
        ["水滴公司"],
        [("宣布", ["水滴公司"], "2021-03-26")],
    ),
    (
        "a_research_note_is_a_source",
        "中金公司（以下简称“中金”）研报称多家互助平台今年已相继关停。",
        ["中金公司"],
        [],
    ),
    (
        "gap_too_long",
        "水滴公司（以下简称“水滴”）经过数年业务调整与多轮股权变更后今年终于在纽约证券交易所主板上市。",
        ["水滴公司", "纽约证券交易所"],
        [],
    ),
    (
        "a_list_is_no_single_subject_traditional",
        "水滴公司、輕鬆集團等多家平台（下稱「平台」）近年陸續在紐約證券交易所上市。",
        ["水滴公司", "輕鬆集團", "紐約證券交易所"],
        [],
    ),
]

# A name joined to the nearest actor by 与/会同/联合 alone (dates and adverbs aside) acts too.
CO_ACTORS: list[Case] = [
    (
        "date_between_subject_and_yu",
        "轻松集团去年12月与江澜市慈善总会签约。",
        ["轻松集团", "江澜市慈善总会"],
        [("签约", ["轻松集团", "江澜市慈善总会"], "2020-12")],
    ),
    (
        "traditional_yu_after_date",
        "社工局於上月21日與澳門明愛簽署合作協議。",
        ["社工局", "澳門明愛"],
        [("簽署", ["社工局", "澳門明愛"], "2021-02-21")],
    ),
    (
        "huitong_issue",
        "3月28日，市医疗保障局会同国家金融监督管理总局岚州监管分局印发《通知》。",
        ["市医疗保障局", "国家金融监督管理总局岚州监管分局"],
        [("印发", ["市医疗保障局", "国家金融监督管理总局岚州监管分局"], "2021-03-28")],
    ),
    (
        "lianhe_launch",
        "青禾公益基金会联合腾讯公益慈善基金会于9月7日上线公益项目。",
        ["青禾公益基金会", "腾讯公益慈善基金会"],
        [("上线", ["青禾公益基金会", "腾讯公益慈善基金会"], "2020-09-07")],
    ),
    (
        "only_one_step_the_modifier_stays_out",
        "水滴公司投资的轻松筹于去年与中华慈善总会签约。",
        ["水滴公司", "轻松筹", "中华慈善总会"],
        [("签约", ["轻松筹", "中华慈善总会"], "2020")],
    ),
    (
        "another_verb_between",
        "水滴公司收购轻松筹后于去年与中华慈善总会签约。",
        ["水滴公司", "轻松筹", "中华慈善总会"],
        [("收购", ["水滴公司"], None), ("签约", ["中华慈善总会"], "2020")],
    ),
    (
        "traditional_no_joiner",
        "輕鬆集團表示，中華慈善總會已於去年簽約。",
        ["輕鬆集團", "中華慈善總會"],
        [("簽約", ["中華慈善總會"], "2020")],
    ),
]

# A source (据X统计) is no actor; the object of a preposition (与X, 向X) is no topic for a
# later clause of the sentence.
NOT_ACTORS: list[Case] = [
    (
        "source_of_a_count",
        "据灼见证券统计，今年上半年共有41家公司在港交所主板上市。",
        ["灼见证券", "港交所"],
        [],
    ),
    (
        "source_traditional",
        "據澳門基金會統計，去年共有12個團體成立。",
        ["澳門基金會"],
        [],
    ),
    (
        "ju_liaojie_is_no_source_name",
        "据了解，水滴公司于2021年5月在纽约证券交易所上市。",
        ["水滴公司", "纽约证券交易所"],
        [("上市", ["水滴公司"], "2021-05")],
    ),
    (
        "object_of_yu_is_no_topic",
        "平台已于8月1日与新加坡友邦保险达成共识，计划于明年一季度推出团体重疾险。",
        ["新加坡友邦保险"],
        [],
    ),
    (
        "topic_still_carried",
        "水滴互助发布公告称，将于2021年3月31日终止互助计划。",
        ["水滴互助"],
        [("发布", ["水滴互助"], None), ("终止", ["水滴互助"], "2021-03-31")],
    ),
    (
        "object_of_xiang_skipped_for_the_subject_traditional",
        "輕鬆籌向中華慈善總會捐贈善款，並於去年推出救助計劃。",
        ["輕鬆籌", "中華慈善總會"],
        [("推出", ["輕鬆籌"], "2020")],
    ),
]

# A relative clause (X上线的Y) is an event only when its own clause dates it; a source frame
# (X公布的数据显示) only when dated at all.
RELATIVE: list[Case] = [
    (
        "listed_where_the_sentence_date_is_the_release",
        "北京时间9月10日晚，在纳斯达克上市的益保科技控股有限公司公布年度业绩。",
        ["纳斯达克", "益保科技控股有限公司"],
        [("公布", ["益保科技控股有限公司"], "2020-09-10")],
    ),
    (
        "founded_then_the_foundation",
        "于2014年6月成立的青禾公益基金会资助了300名学生。",
        ["青禾公益基金会"],
        [("成立", ["青禾公益基金会"], "2014-06")],
    ),
    (
        "approved_last_year_traditional",
        "去年獲批的眾安銀行今年開始營業。",
        ["眾安銀行"],
        [("獲批", ["眾安銀行"], "2020")],
    ),
    (
        "undated_source_frame_traditional",
        "澳門基金會公布的數據顯示，該會資助項目共2764個。",
        ["澳門基金會"],
        [],
    ),
    (
        "dated_source_frame",
        "民政部去年发布的数据显示，全国慈善组织超过1.1万家。",
        ["民政部"],
        [("发布", ["民政部"], "2020")],
    ),
    (
        "description_under_a_leading_date",
        "2023年，由地方政府和保险公司联合发布的惠民保覆盖全国。",
        ["惠民保"],
        [],
    ),
    (
        "report_under_a_leading_date",
        "中国公益研究院资助患儿。上月，该研究院发布的《行业报告》显示，多数会员已转投。",
        ["中国公益研究院"],
        [("发布", ["中国公益研究院"], "2021-02")],
    ),
]

# The title's undated events are the body's when their actors act in the body.
HEADLINE: list[Case] = [
    (
        "title_sums_up_the_body",
        "同舟互助宣布关停\n同舟互助将于2023年6月30日正式关停互助计划。",
        ["同舟互助"],
        [("关停", ["同舟互助"], "2023-06-30")],
    ),
    (
        "dated_title_event_stays",
        "美团互助宣布1月28日停止运行\n美团互助在App内发布公告称，将于1月28日停止运行。",
        ["美团互助"],
        [
            ("停止运行", ["美团互助"], "2021-01-28"),
            ("发布", ["美团互助"], None),
            ("停止运行", ["美团互助"], "2021-01-28"),
        ],
    ),
    (
        "title_actor_not_in_body",
        "轻松筹发布年度报告\n水滴公司昨日公布业绩。",
        ["轻松筹", "水滴公司"],
        [("发布", ["轻松筹"], None), ("公布", ["水滴公司"], "2021-03-26")],
    ),
    (
        "traditional_title",
        "康助互助發布最後一份年度報告\n康助互助昨日晚間發布年度報告。",
        ["康助互助"],
        [("發布", ["康助互助"], "2021-03-26")],
    ),
    (
        "no_title_in_one_paragraph",
        "康助互助发布年度报告。康助互助昨日发布年度报告。",
        ["康助互助"],
        [("发布", ["康助互助"], None), ("发布", ["康助互助"], "2021-03-26")],
    ),
]

# The organisation a document defines as its own (X（「本公司」）) acts where 本集团 does.
OWN: list[Case] = [
    (
        "group_signs_with_a_partner",
        "安屿健康科技集团有限公司（「本公司」）公布年度业绩。2024年9月，本集团与水滴筹签署合作协议。",
        ["安屿健康科技集团有限公司", "水滴筹"],
        [
            ("公布", ["安屿健康科技集团有限公司"], None),
            ("签署", ["安屿健康科技集团有限公司", "水滴筹"], "2024-09"),
        ],
    ),
    (
        "company_listed",
        "安屿健康科技集团有限公司（「本公司」）董事会谨此公告。本公司于2023年7月12日在香港联合交易所主板上市。",
        ["安屿健康科技集团有限公司", "香港联合交易所"],
        [("上市", ["安屿健康科技集团有限公司"], "2023-07-12")],
    ),
    (
        "no_self_definition",
        "水滴公司公布业绩。本集团于2024年9月与轻松筹签署协议。",
        ["水滴公司", "轻松筹"],
        [("公布", ["水滴公司"], None), ("签署", ["轻松筹"], "2024-09")],
    ),
    (
        "short_name_of_another_company",
        "蚂蚁科技集团股份有限公司（以下简称“蚂蚁”）资助患儿。本公司于2021年推出救助计划。",
        ["蚂蚁科技集团股份有限公司"],
        [],
    ),
    (
        "traditional_group",
        "眾安在線財產保險股份有限公司（「本公司」）董事會宣布中期業績。本集團於2024年3月推出新產品。",
        ["眾安在線財產保險股份有限公司"],
        [
            ("宣布", ["眾安在線財產保險股份有限公司"], None),
            ("推出", ["眾安在線財產保險股份有限公司"], "2024-03"),
        ],
    ),
]

# Triggers and their filters: 创立/创办 (not 创办人), 披露 (not 信息披露), 开业, 暂停 (not
# 暂停期间), 自X上线以来 (not a bare 以来), 上市聆讯 / 上市险企 / 上线的第N年, 改名 (its object the
# new name).
TRIGGERS: list[Case] = [
    (
        "founded_in_minguo_traditional",
        "源心基金會創立於民國85年。",
        ["源心基金會"],
        [("創立", ["源心基金會"], "1996")],
    ),
    ("years_since_founding_traditional", "輕鬆集團成立十週年。", ["輕鬆集團"], []),
    ("founder_is_a_noun_traditional", "伴行籌創辦人陳家欣表示，個案增加。", ["伴行籌"], []),
    (
        "disclose_a_report",
        "锦程人寿于3月27日晚间披露2024年年度报告。",
        ["锦程人寿"],
        [("披露", ["锦程人寿"], "2021-03-27")],
    ),
    ("disclosure_duty", "根据信息披露要求，锦程人寿须及时披露重大事项。", ["锦程人寿"], []),
    (
        "opened_traditional",
        "眾安銀行於2020年3月24日正式開業。",
        ["眾安銀行"],
        [("開業", ["眾安銀行"], "2020-03-24")],
    ),
    (
        "suspend_a_licence",
        "2025年4月1日，民政部暂停其服务资格。",
        ["民政部"],
        [("暂停", ["民政部"], "2025-04-01")],
    ),
    ("suspension_period", "暂停期间，水滴筹不收取服务费。", ["水滴筹"], []),
    (
        "since_launch",
        "康助互助自2018年5月上线以来，累计发放互助金19.7亿元。",
        ["康助互助"],
        [("上线", ["康助互助"], "2018-05")],
    ),
    ("bare_since_launch", "上线以来，康助互助累计发放互助金19.7亿元。", ["康助互助"], []),
    ("listing_hearing_traditional", "眾保科技通過港交所上市聆訊。", ["眾保科技", "港交所"], []),
    ("listed_insurers", "锦程人寿认为，上市险企净利润合计增长两成。", ["锦程人寿"], []),
    ("year_since_launch", "今年是“云禾保”上线的第四年。", ["云禾保"], []),
    ("renamed_to_its_object", "它后来改名相互宝。", [], []),
    ("subsidiary_is_no_actor", "此前，公司已于今年1月获批设立养老保险子公司。", [], []),
]

# A bare 公司 / 集团 opening its clause names the latest organisation before of a type it fits
# (not a bare 平台, not 多家公司), and so 该平台; the topic a later clause carries is no list member
# nor agent.
ANAPHOR_AND_TOPIC: list[Case] = [
    (
        "bare_company_approved",
        "锦程人寿发布年报。此前，公司已于今年1月获批设立养老子公司。",
        ["锦程人寿"],
        [("发布", ["锦程人寿"], None), ("获批", ["锦程人寿"], "2021-01")],
    ),
    (
        "bare_company_traditional",
        "眾安在線今日掛牌。公司昨日公布配發結果。",
        ["眾安在線"],
        [("公布", ["眾安在線"], "2021-03-26")],
    ),
    (
        "bare_platform_is_maybe_unnamed",
        "水滴筹发布报告。平台已于去年上线新功能。",
        ["水滴筹|platform"],
        [("发布", ["水滴筹"], None)],
    ),
    (
        "several_companies_are_no_anaphor",
        "水滴公司发布报告。此前，多家公司已于去年推出新产品。",
        ["水滴公司"],
        [("发布", ["水滴公司"], None)],
    ),
    (
        "the_type_must_fit",
        "中国红十字基金会发布报告。公司已于去年推出新产品。",
        ["中国红十字基金会|foundation"],
        [("发布", ["中国红十字基金会"], None)],
    ),
    (
        "since_listing_the_next_clause_company",
        "水滴公司发布年报。自2021年5月7日在纽约证券交易所上市以来，公司股价累计下跌七成。",
        ["水滴公司", "纽约证券交易所|exchange"],
        [("发布", ["水滴公司"], None), ("上市", ["水滴公司"], "2021-05-07")],
    ),
    (
        "this_platform_stopped",
        "相互宝曾是最大的互助平台。该平台于2022年1月28日24时停止运行。",
        ["相互宝|platform"],
        [("停止运行", ["相互宝"], "2022-01-28T24:00")],
    ),
    (
        "this_platform_traditional",
        "輕鬆互助成立多年。該平台於2021年3月31日正式關停。",
        ["輕鬆互助|platform"],
        [("關停", ["輕鬆互助"], "2021-03-31")],
    ),
    (
        "this_platform_no_platform_before",
        "中国红十字基金会发布报告。该平台于2022年1月28日停止运行。",
        ["中国红十字基金会|foundation"],
        [("发布", ["中国红十字基金会"], None)],
    ),
    (
        "list_member_is_no_topic",
        "锦惠保由锦川市医疗保障局指导，平安锦川分公司等四家保险公司共同承保，于2022年11月18日首次上线。",
        ["锦惠保", "锦川市医疗保障局", "平安锦川分公司"],
        [("上线", ["锦惠保"], "2022-11-18")],
    ),
    (
        "agent_is_no_topic_traditional",
        "港惠保由香港醫管局指導，於2022年11月正式上線。",
        ["港惠保", "香港醫管局"],
        [("上線", ["港惠保"], "2022-11")],
    ),
]

# A date opening its sentence before a comma dates a far trigger (a long subject, a clause
# between) when no other date comes between and nothing moves the time on (此后, 目前).
OPENING_DATE: list[Case] = [
    (
        "long_subject",
        "2021年5月7日，经过多年筹备、历经多轮融资并完成了组织架构调整与业务重组的水滴公司"
        "正式在纽约证券交易所挂牌上市。",
        ["水滴公司", "纽约证券交易所|exchange"],
        [("上市", ["水滴公司"], "2021-05-07")],
    ),
    (
        "clauses_between_traditional",
        "2024年9月7日，在民政部的指導和支持下，由多家互聯網公開募捐信息平台共同參與的第十屆"
        "「99公益日」活動中，青禾公益基金會正式啟動鄉村圖書室計劃。",
        ["民政部|regulator", "青禾公益基金會|foundation"],
        [("啟動", ["青禾公益基金會"], "2024-09-07")],
    ),
    (
        "another_date_between",
        "2021年5月7日，水滴公司在纽约证券交易所上市，当年6月，经过多年筹备、历经多轮调整并完成"
        "组织架构与业务重组的水滴筹正式推出新版本。",
        ["水滴公司", "纽约证券交易所|exchange", "水滴筹|platform"],
        [("上市", ["水滴公司"], "2021-05-07"), ("推出", ["水滴筹"], "2021-06")],
    ),
    (
        "time_moved_on",
        "2019年3月，众安银行获得虚拟银行牌照，此后经过长达一年的系统测试、人员招聘与监管沟通，"
        "众安银行终于正式开业。",
        ["众安银行"],
        [("开业", ["众安银行"], None)],
    ),
    (
        "beyond_the_lead_reach",
        "2021年5月7日，" + "经过多年筹备" * 20 + "，水滴公司正式推出新版本。",
        ["水滴公司"],
        [("推出", ["水滴公司"], None)],
    ),
    (
        "no_comma_after_the_date",
        "2021年5月7日水滴公司在历经多年筹备、完成了组织架构调整与业务重组、引入多家战略投资者"
        "之后正式推出新版本。",
        ["水滴公司"],
        [],
    ),
]

# 我们 opening its clause: the organisation stating earlier in the sentence (X表示, X总裁Y：).
SPEAKER: list[Case] = [
    (
        "official_says_we_will_launch_traditional",
        "保監局行政總監張雲正表示：「數字反映市場持續增長，我們將於明年第一季推出新一輪諮詢。」",
        ["保監局|regulator"],
        [("推出", ["保監局"], "2022")],
    ),
    (
        "company_says",
        "水滴公司表示，我们已于今年3月上线新版本。",
        ["水滴公司"],
        [("上线", ["水滴公司"], "2021-03")],
    ),
    (
        "label_colon",
        "水滴公司CEO沈鹏：今年1月我们推出了新产品。",
        ["水滴公司"],
        [("推出", ["水滴公司"], "2021-01")],
    ),
    (
        "no_speaker_in_the_sentence",
        "水滴公司发布年报。我们于今年3月上线新版本。",
        ["水滴公司"],
        [("发布", ["水滴公司"], None)],
    ),
    (
        "named_but_not_stating",
        "多位用户在使用水滴筹后认为，我们已于今年3月上线的新版本更好用。",
        ["水滴筹|platform"],
        [],
    ),
]

ALL = (
    CLAUSE_SUBJECT
    + CO_ACTORS
    + NOT_ACTORS
    + RELATIVE
    + HEADLINE
    + OWN
    + TRIGGERS
    + ANAPHOR_AND_TOPIC
    + OPENING_DATE
    + SPEAKER
)


@pytest.mark.parametrize(
    ("text", "names", "expected"), [c[1:] for c in ALL], ids=[c[0] for c in ALL]
)
def test_event_scope(text: str, names: list[str], expected: Expected) -> None:
    got = _events(text, names)
    assert got == expected, f"{text!r}:\n got {got}\n expected {expected}"


def test_enough_cases_per_rule() -> None:
    tables = (CLAUSE_SUBJECT, CO_ACTORS, NOT_ACTORS, RELATIVE, HEADLINE, OWN, TRIGGERS)
    for table in (*tables, ANAPHOR_AND_TOPIC, OPENING_DATE, SPEAKER):
        assert len(table) >= 5
