"""zh_facts on the five seeds: the design card's two facts exactly, and every figure's subject,
metric and time as read in the articles (null where the text does not say).

Each row names a figure by a snippet of the clean text that holds it (unique in the article)
and the figure's own text inside the snippet. A time is its value, or its text when the value
cannot be resolved (seed 004 has no publication date, so 近3年 stays unresolved).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

import pytest

import extract.pipeline.facts  # noqa: F401  (registers zh_facts until it is a default stage)
from extract.ingest import load_document
from extract.pipeline import annotate, build_pipeline
from extract.pipeline.annotations import found_of
from tests.conftest import SEEDS

STAGES = ("zh_sentences", "zh_organisations", "zh_figures", "zh_temporal", "zh_facts")
FIGURES = ("amount", "count", "percentage")
CHUNHUI = "北京春晖博爱公益基金会"


@cache
def seed_facts(prefix: str) -> tuple[str, dict[int, dict[str, Any]]]:
    """The clean text of seed `prefix` and its figures' fields by start offset."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    doc = annotate(build_pipeline(STAGES), load_document(path))
    return doc.text, {f.start: f.fields for f in found_of(doc) if f.type in FIGURES}


def fact(prefix: str, snippet: str, figure: str) -> dict[str, Any]:
    text, facts = seed_facts(prefix)
    assert text.count(snippet) == 1, f"seed {prefix}: snippet {snippet!r} is not unique"
    start = text.index(snippet) + snippet.index(figure)
    assert start in facts, f"seed {prefix}: no figure at {figure!r} ({snippet!r})"
    return facts[start]


def summary(fields: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    subject = fields["subject"]["name"] if fields["subject"] else None
    time = fields["time"]
    return subject, fields["metric"], (time["value"] or time["text"]) if time else None


def test_design_card_000_management_fee() -> None:
    f = fact("000", "管理费共计7.29亿元", "7.29亿元")
    got = (f["subject"]["name"], f["metric"], f["value"], f["currency"], f["time"]["value"])
    assert got == ("相互宝", "management_fee", Decimal("729000000"), "CNY", "2020"), got


def test_design_card_004_funds_raised() -> None:
    f = fact("004", "筹款总额484亿元", "484亿元")
    got = (f["subject"]["name"], f["metric"], f["value"], f["currency"], f["time"]["value"])
    assert got == ("水滴筹", "funds_raised", Decimal("48400000000"), "CNY", "2016-06/2021-12"), got


JIEZHI_2020_10 = "2020-01-01/2020-10-31"
P004 = "2014-09/2021-12"
SHUIDI = "2016-06/2021-12"
CHUNHUI = "北京春晖博爱公益基金会"

ROWS: list[tuple[str, str, str, str | None, str | None, str | None]] = [
    # seed 000 (published 2021-03-27)
    ("000", "最高保额50万元的健康险，由水滴互助", "50万元", "水滴互助", "coverage_limit", None),
    ("000", "最高保额50万元的健康险（水滴健康保）", "50万元", "水滴健康保", "coverage_limit", None),
    ("000", "三个平台关停了两家", "三个", None, None, None),
    ("000", "一起帮助了21235个家庭", "21235个家庭", "水滴互助", "families_helped", None),
    ("000", "会员人数超过1亿人的相互宝", "超过1亿人", "相互宝", "members", None),
    ("000", "成员分摊的8%管理费", "8%", "相互宝", "management_fee_rate", None),
    ("000", "管理费共计7.29亿元", "7.29亿元", "相互宝", "management_fee", "2020"),
    ("000", "确诊125242661例", "125242661例", None, None, "2021-03-26T05:22"),
    ("000", "死亡2749771例", "2749771例", None, None, "2021-03-26T05:22"),
    # seed 001 (no punctuation left, no publication date)
    ("001", "美团互助用户人数1500万", "1500万", "美团互助", "users", None),
    ("001", "分摊人数10580.35万人", "10580.35万人", "相互宝", "sharing_members", "2020-11"),
    ("001", "分摊人数9847.47万人", "9847.47万人", "相互宝", "sharing_members", "2021"),
    ("001", "元30万互助金", "30万", "相互宝", "coverage_limit", None),
    ("001", "用户数突破5000万", "突破5000万", "相互宝", "users", None),
    ("001", "跌破亿人", "跌破亿人", "相互宝", "sharing_members", "2021"),
    ("001", "一年用户数破亿", "破亿", "相互宝", "users", None),
    ("001", "互助参与人数4.5亿人", "4.5亿人", None, "members", "2025"),
    # seed 002 (published 2022-01-20)
    ("002", "累计保险用户数超过1亿人", "超过1亿人", "水滴保", "insured_persons", "2021"),
    ("002", "70%以上用户", "70%以上", "水滴保", None, "2021"),  # 2021年度总结
    ("002", "参保人数超过158万", "超过158万", "淄博齐惠保", "insured_persons", "2021-12-06T24:00"),
    ("002", "参保率高达37.4%", "37.4%", "淄博齐惠保", "insurance_rate", "2021-12-06T24:00"),
    ("002", "登记参保人数已经突破10万人", "突破10万人", "南昌惠民保", "insured_persons", "2022-01"),
    # seed 003 (published 2020-12-27)
    ("003", "实际筹得金额超过(含)30万元", "超过(含)30万元", None, "funds_raised", None),
    ("003", "实际筹得金额超过(含)5万元", "超过(含)5万元", None, "funds_raised", None),
    ("003", "注册用户数突破 2 亿", "突破 2 亿", "爱心筹", "registered_users", "2019-12"),
    ("003", "超过 2.7 亿人次", "超过 2.7 亿人次", "爱心筹", "donations", "2019-12"),
    ("003", "近 60 万大病家庭", "近 60 万大病家庭", "爱心筹", "families_helped", "2019-12"),
    ("003", "筹到超 80 亿元", "超 80 亿元", "爱心筹", "funds_raised", "2019-12"),
    ("003", "超过1万3千余次传播", "超过1万3千余次", None, None, None),
    ("003", "筹得款项28万余元", "28万余元", None, "funds_raised", None),
    # a headline under 相關焦點 is another article's: the story's organisation stops before it
    # (the gold gives it 水滴筹, named after the figure: a miss, not a wrong subject)
    ("003", "案例占比0.3% 水滴筹", "0.3%", None, "malicious_case_rate", None),
    ("003", "申请超过60万个", "超过60万个", "水滴筹", "applications", JIEZHI_2020_10),
    ("003", "19052个疑似不合规", "19052个", "水滴筹", "noncompliant_projects", JIEZHI_2020_10),
    ("003", "1884个恶意筹款申请", "1884个", "水滴筹", "malicious_cases", JIEZHI_2020_10),
    ("003", "案例占比0.3%。", "0.3%", "水滴筹", "malicious_case_rate", JIEZHI_2020_10),
    ("003", "救助款超过370亿\n", "超过370亿", "水滴筹", "funds_raised", None),
    ("003", "救助款超过370亿元", "超过370亿元", "水滴筹", "funds_raised", "2020-12"),
    ("003", "超过11亿人次的爱心捐赠", "超过11亿人次", "水滴筹", "donations", "2020-12"),
    ("003", "会员单位467家", "467家", "天津市物业管理协会", "member_organisations", "昨天下午"),
    ("003", "还需要30万医疗费", "30万", None, "medical_costs", None),
    # seed 004 (no publication date)
    ("004", "累计超过500万人次", "超过500万人次", None, "fundraisers", P004),
    ("004", "超过20亿人次通过", "超过20亿人次", None, "donations", P004),
    ("004", "筹款规模超过800亿元", "超过800亿元", None, "funds_raised", P004),
    ("004", "累计超过251.1万人次", "超过251.1万人次", "水滴筹", "fundraisers", SHUIDI),
    ("004", "筹款总额484亿元", "484亿元", "水滴筹", "funds_raised", SHUIDI),
    (
        "004",
        "年均筹款额为117.34亿元",
        "117.34亿元",
        "水滴筹",
        "funds_raised_annual_avg",
        "2019/2021",
    ),
    (
        "004",
        "年均筹款人数为63.32万人次",
        "63.32万人次",
        "水滴筹",
        "fundraisers_annual_avg",
        "2019/2021",
    ),
    ("004", "81.2%的求助人", "81.2%", None, None, "2019/2021"),
    ("004", "年收入低于5万元", "低于5万元", None, "household_income", "2019/2021"),
    ("004", "超过86.36万人次的求助者", "超过86.36万人次", None, None, "2016/2021"),  # a subset
    ("004", "近4成求助者", "近4成", None, None, None),
    ("004", "筹得了1-5万元善款", "1-5万元", None, "funds_raised", None),
    ("004", "近2%的求助者", "近2%", None, None, None),
    ("004", "筹款金额超过10万元", "超过10万元", None, "funds_raised", None),
    ("004", "超过93家公募基金会", "超过93家", "水滴公益", "partner_foundations", "2021-12"),
    ("004", "上线1.37万个公益项目", "1.37万个", "水滴公益", "projects", "2021-12"),
    ("004", "近6300万次捐赠行为", "近6300万次", "水滴公益", "donations", "2021-12"),
    ("004", "累计筹款11.7亿元", "11.7亿元", "水滴公益", "funds_raised", "2021-12"),
    ("004", "春晖博爱筹款683万元", "683万元", CHUNHUI, "funds_raised", None),
    ("004", "累计筹款683万元", "683万元", CHUNHUI, "funds_raised", None),
    ("004", "帮助超过1400人次", "超过1400人次", CHUNHUI, "beneficiaries", None),
    ("004", "在内的4家公益机构", "4家", "天猫", "partners", "2021"),
    ("004", "打造至少100个公益好项目", "至少100个", "阿里巴巴公益", "projects", None),
    ("004", "全国31个省", "31个", CHUNHUI, None, None),
    ("004", "117家儿童福利院", "117家", CHUNHUI, None, None),
    ("004", "累计近18万儿童受益", "近18万儿童", CHUNHUI, "beneficiaries", None),
    ("004", "将支持10个项目", "10个", "福建省民政厅", "projects", None),
    ("004", "项目服务内容包括6个方面", "6个", None, None, None),
    (
        "004",
        "持续增加，2021年全国社会公益资源总量预测为4466亿元",
        "4466亿元",
        None,
        "charity_resources_total",
        "2021",
    ),
    ("004", "较2020年增长8.57%。", "8.57%", None, "charity_resources_total_growth", "2021"),
    (
        "004",
        "显示，2021年全国社会公益资源总量预测为4466亿元",
        "4466亿元",
        None,
        "charity_resources_total",
        "2021",
    ),
    ("004", "较2020年增长8.57%，", "8.57%", None, "charity_resources_total_growth", "2021"),
    ("004", "总量为90.09万个", "90.09万个", None, "social_organisations", "2021-12"),
    ("004", "同期增长0.73%", "0.73%", None, "social_organisations_growth", "2021-12"),
    ("004", "社会团体37.1万个", "37.1万个", None, None, "2021-12"),
    ("004", "基金会8885个", "8885个", None, "foundations", "2021-12"),
    ("004", "慈善信托备案773单", "773单", None, "trusts", None),
    ("004", "财产规模39.35亿元", "39.35亿元", None, "trust_assets", None),
    ("004", "增长13.90%", "13.90%", None, None, None),
    ("004", "社会捐赠总量为1450亿元", "1450亿元", None, "donations_total", "2021"),
    ("004", "彩票公益金总量为1062亿元", "1062亿元", None, "lottery_welfare_fund", "2021"),
    ("004", "折现为1954亿元", "1954亿元", None, "volunteer_service_value", "2021"),
    ("004", "增长5.48%", "5.48%", None, "donations_total_growth", "2021"),
    ("004", "10.64%和", "10.64%", None, "lottery_welfare_fund_growth", "2021"),
    ("004", "和20.62%", "20.62%", None, "volunteer_service_value_growth", "2021"),
    ("004", "慈善信托227单", "227单", None, "trusts", "2021"),
    ("004", "规模为5.71亿元", "5.71亿元", None, "trust_assets", "2021"),
    ("004", "增加32.48%", "32.48%", None, "trust_assets_growth", "2021"),
    ("004", "总数为2.22亿人", "2.22亿人", None, "volunteers", "2021"),
    ("004", "增长15.63%", "15.63%", None, "volunteers_growth", "2021"),
    ("004", "价值约1954亿元", "约1954亿元", None, "volunteer_service_value", None),
    ("004", "GDP万分之17.09", "万分之17.09", None, None, None),
    ("004", "增长26.41%", "26.41%", None, None, None),
]


@pytest.mark.parametrize(
    ("prefix", "snippet", "figure", "subject", "metric", "time"),
    ROWS,
    ids=[f"{r[0]}-{r[2]}-{i}" for i, r in enumerate(ROWS)],
)
def test_seed_fact(
    prefix: str,
    snippet: str,
    figure: str,
    subject: str | None,
    metric: str | None,
    time: str | None,
) -> None:
    got = summary(fact(prefix, snippet, figure))
    want = (subject, metric, time)
    assert got == want, f"seed {prefix} {figure!r} ({snippet!r}): {got} != {want}"


@pytest.mark.parametrize(
    ("prefix", "snippet", "figure", "source"),
    [
        ("001", "互助参与人数4.5亿人", "4.5亿人", "蚂蚁集团"),
        ("003", "申请超过60万个", "超过60万个", "水滴筹"),
        ("003", "救助款超过370亿元", "超过370亿元", None),
        ("000", "管理费共计7.29亿元", "7.29亿元", None),
    ],
    ids=["whitepaper", "own-data", "byline-not-source", "none"],
)
def test_seed_source(prefix: str, snippet: str, figure: str, source: str | None) -> None:
    f = fact(prefix, snippet, figure)
    got = f["source"]["name"] if f["source"] else None
    assert got == source, f"seed {prefix} {figure!r}: source {got} != {source}"
