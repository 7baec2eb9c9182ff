"""zh_facts: subject, source, metric and time of figures, on sentences written for the rules.

Each case runs the real stages (sentences, organisations, figures, temporal, facts) on literal
text and checks the figures it names: figure text -> (subject name, metric, time). A time is
its value, or its text when the value is unresolved (no publication date in these texts).
`_` in a case means "not checked". Sources are checked in their own table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from spacy.language import Language

from extract.models import TimeRef
from extract.pipeline import annotate, build_pipeline
from extract.pipeline.annotations import Found, found_of
from extract.pipeline.facts import FactRules, link_facts, load_grammar
from extract.rules import RulesError, load_yaml
from tests.conftest import make_document

STAGES = ("zh_sentences", "zh_organisations", "zh_figures", "zh_temporal", "zh_facts")
FIGURES = ("amount", "count", "percentage")
_ = "_"  # a field a case does not check


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline(STAGES)


def facts_of(nlp: Language, text: str) -> dict[str, dict[str, Any]]:
    """Figure text -> its fields, for every figure of `text`."""
    doc = annotate(nlp, make_document(text))
    return {doc.text[f.start : f.end]: f.fields for f in found_of(doc) if f.type in FIGURES}


def summary(fields: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    subject = fields["subject"]["name"] if fields["subject"] else None
    time = fields["time"]
    when = (time["value"] or time["text"]) if time else None
    return subject, fields["metric"], when


CASES: list[tuple[str, str, dict[str, tuple[str | None, str | None, str | None]]]] = [
    # --- the subject: nearest organisation before the figure in its clause
    ("subj-plain", "相互宝的会员人数超过1亿人。", {"超过1亿人": ("相互宝", "members", None)}),
    (
        "subj-funds",
        "水滴筹累计筹款超过500亿元。",
        {"超过500亿元": ("水滴筹", "funds_raised", None)},
    ),
    (
        "subj-two-orgs-two-figures",
        "相互宝会员数达到1亿人，水滴互助会员数约为4000万人。",
        {"1亿人": ("相互宝", "members", None), "约为4000万人": ("水滴互助", "members", None)},
    ),
    (
        "subj-two-orgs-one-clause-each",
        "轻松筹筹款总额为200亿元；水滴筹筹款总额为484亿元。",
        {"200亿元": ("轻松筹", "funds_raised", None), "484亿元": ("水滴筹", "funds_raised", None)},
    ),
    (
        "subj-nearest-of-two",
        "蚂蚁集团表示，相互宝用户数突破5000万。",
        {"突破5000万": ("相互宝", "users", None)},
    ),
    (
        "subj-none",
        "网络互助行业用户规模超过1.5亿人。",
        {"超过1.5亿人": (None, "users", None)},
    ),
    (
        "subj-relative-clause",
        "业内人士认为，会员人数超过1亿人的相互宝将面临压力。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    (
        "subj-org-after-joined",
        "超过2000万人加入了水滴互助。",
        {"超过2000万人": ("水滴互助", "members", None)},
    ),
    # --- zero anaphora: the subject of the clause just before
    (
        "carry-adjacent",
        "水滴互助上线近五年，一起帮助了21235个家庭。",
        {"21235个家庭": ("水滴互助", "families_helped", None)},  # 近五年: a duration
    ),
    (
        "carry-through-time-clause",
        "爱心筹致力于改善医疗支付能力，截至2019年底，注册用户数突破2亿。",
        {"突破2亿": ("爱心筹", "registered_users", "2019-12")},
    ),
    (
        "carry-chain",
        "水滴公益联合超过93家公募基金会，上线1.37万个公益项目，累计筹款11.7亿元。",
        {
            "超过93家": ("水滴公益", "partner_foundations", None),
            "1.37万个": ("水滴公益", "projects", None),
            "11.7亿元": ("水滴公益", "funds_raised", None),
        },
    ),
    (
        "carry-too-far",
        "2022年1月，水滴作为运营平台的惠民保正式上线，面向全市开放，上线仅2天，参保人数突破10万人。",
        {"突破10万人": (None, "insured_persons", "2022-01")},
    ),
    (
        "carry-not-across-sentences",
        "水滴筹于2016年上线。累计筹款超过300亿元。",
        {"超过300亿元": (None, "funds_raised", None)},
    ),
    # --- anaphors: 其, 该平台, 平台 carry the subject of the previous clause or sentence
    (
        "anaphor-platform",
        "水滴筹最新数据显示，平台共收到求助申请超过60万个。",
        {"超过60万个": ("水滴筹", "applications", None)},
    ),
    (
        "anaphor-gaiping-tai-next-sentence",
        "轻松筹是较早的大病筹款平台。该平台注册用户超过6亿人。",
        {"超过6亿人": ("轻松筹", "registered_users", None)},
    ),
    (
        "anaphor-qi-next-sentence",
        "相互宝于2018年上线。其会员人数一度超过1亿人。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    (
        "anaphor-platform-mid-clause",
        "相互宝公布了年度报告。目前维持平台运转的唯一收入，是来自成员分摊的8%管理费。",
        {"8%": ("相互宝", "management_fee_rate", None)},
    ),
    (
        "anaphor-company",
        "水滴公司发布了财报。公司营收为30亿元。",
        {"30亿元": ("水滴公司", "revenue", None)},
    ),
    (
        "anaphor-compound-is-not",
        "相互宝发布了公告。网络互助平台会员规模超过1.5亿人。",
        {"超过1.5亿人": (None, "members", None)},
    ),
    (
        "anaphor-qizhong-not-across-sentences",
        "民政部发布了报告。其中，社会团体37.1万个。",
        {"37.1万个": (None, None, None)},
    ),
    (
        "anaphor-qizhong-within-sentence",
        "水滴筹数据显示，平台共收到申请60万个，其中，1884个恶意筹款申请被终止。",
        {"1884个": ("水滴筹", "malicious_cases", None)},
    ),
    # --- 以X为例 sets the topic of the following clauses
    (
        "topic-example",
        "以水滴筹为例，2016年6月至2021年底，筹款总额484亿元。",
        {"484亿元": ("水滴筹", "funds_raised", "2016-06/2021-12")},
    ),
    (
        "topic-example-over-clauses",
        "以轻松筹为例，截至2020年底，累计超过3亿人次参与捐赠，筹款规模超过500亿元。",
        {
            "超过3亿人次": ("轻松筹", "donations", "2020-12"),
            "超过500亿元": ("轻松筹", "funds_raised", "2020-12"),
        },
    ),
    (
        "topic-example-semicolon",
        "以相互宝为例，2020年分摊人数超过1亿人；管理费共计7.29亿元。",
        {
            "超过1亿人": ("相互宝", "sharing_members", "2020"),
            "7.29亿元": ("相互宝", "management_fee", "2020"),
        },
    ),
    (
        "topic-lai-shuo",
        "以美团互助来说，上线一年半，用户人数达到1500万人。",
        {"1500万人": ("美团互助", "users", None)},
    ),
    # --- X旗下Y
    (
        "parent-then-child",
        "蚂蚁集团旗下相互宝的会员人数超过1亿人。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    (
        "parent-only",
        "蚂蚁集团旗下互助平台的会员人数超过1亿人。",
        {"超过1亿人": (None, "members", None)},
    ),
    (
        "parent-waterdrop",
        "水滴公司旗下水滴筹累计筹款超过400亿元。",
        {"超过400亿元": ("水滴筹", "funds_raised", None)},
    ),
    # --- places and lists are not subjects
    (
        "place-zai",
        "在爱心筹平台发起的求助项目筹得款项28万余元。",
        {"28万余元": (None, "funds_raised", None)},
    ),
    (
        "place-tongguo",
        "超过20亿人次通过大病求助平台捐赠资金。",
        {"超过20亿人次": (None, "donations", None)},
    ),
    (
        "list-deng",
        "水滴筹、轻松筹等平台累计筹款超过800亿元。",
        {"超过800亿元": (None, "funds_raised", None)},
    ),
    (
        "list-he",
        "水滴筹和轻松筹的注册用户合计超过10亿人。",
        {"超过10亿人": (None, "registered_users", None)},
    ),
    (
        "list-blocks-carry",
        "水滴筹发布公告，水滴筹、轻松筹等平台筹款规模超过800亿元。",
        {"超过800亿元": (None, "funds_raised", None)},
    ),
    (
        "included-set",
        "2021年，天猫携手包括腾讯公益在内的4家公益机构启动计划。",
        {"4家": ("天猫", "partners", "2021")},
    ),
    # --- reporters are not subjects
    (
        "reporter-cicc",
        "中金公司研报显示，相互宝会员人数约为1亿人。",
        {"约为1亿人": ("相互宝", "members", None)},
    ),
    (
        "reporter-cicc-alone",
        "中金公司研报预计，网络互助用户规模将达到4.5亿人。",
        {"4.5亿人": (None, "users", None)},
    ),
    (
        "reporter-ju-tongji",
        "据民政部统计，全国社会组织总量为90.09万个。",
        {"90.09万个": (None, "social_organisations", None)},
    ),
    (
        "reporter-media",
        "新浪财经报道称，网络互助行业会员规模超过1.5亿人。",
        {"超过1.5亿人": (None, "members", None)},
    ),
    (
        "reporter-whitepaper",
        "蚂蚁集团此前发布网络互助行业白皮书预计2025年互助参与人数4.5亿人。",
        {"4.5亿人": (None, "members", "2025")},
    ),
    (
        "reporter-own-data",
        "水滴筹数据显示，水滴筹累计筹款超过370亿元。",
        {"超过370亿元": ("水滴筹", "funds_raised", None)},
    ),
    (
        "reporter-own-announcement-carry",
        "水滴互助公告称，平台累计帮助了21235个家庭。",
        {"21235个家庭": ("水滴互助", "families_helped", None)},
    ),
    (
        "reporter-title",
        "《相互宝年度报告》显示，网络互助会员人数超过1亿人。",
        {"超过1亿人": (None, "members", None)},
    ),
    (
        "byline-xun",
        "北京商报讯 轻松筹累计筹款超过500亿元。",
        {"超过500亿元": ("轻松筹", "funds_raised", None)},
    ),
    (
        "byline-source",
        "来源：今日头条，截至2020年12月底，水滴筹筹集医疗救助款超过370亿元。",
        {"超过370亿元": ("水滴筹", "funds_raised", "2020-12")},
    ),
    # --- time: a leading time scopes the sentence
    (
        "time-leading-year",
        "2020年，相互宝实际收到的管理费共计7.29亿元。",
        {"7.29亿元": ("相互宝", "management_fee", "2020")},
    ),
    (
        "time-leading-month",
        "2021年3月，美团互助用户人数为1500万人。",
        {"1500万人": ("美团互助", "users", "2021-03")},
    ),
    (
        "time-leading-with-opener",
        "据了解，2022年1月，南昌惠民保参保人数突破10万人。",
        {"突破10万人": ("南昌惠民保", "insured_persons", "2022-01")},
    ),
    (
        "time-leading-over-clauses",
        "2021年，水滴筹筹款总额为100亿元，帮助了5万个家庭，捐赠人次超过1亿。",
        {
            "100亿元": ("水滴筹", "funds_raised", "2021"),
            "5万个家庭": ("水滴筹", "families_helped", "2021"),
            "超过1亿": ("水滴筹", "donations", "2021"),
        },
    ),
    (
        "time-interval",
        "2016年6月至2021年底，水滴筹筹款总额484亿元。",
        {"484亿元": ("水滴筹", "funds_raised", "2016-06/2021-12")},
    ),
    (
        "time-interval-years",
        "2019年至2021年，水滴筹累计筹款超过300亿元。",
        {"超过300亿元": ("水滴筹", "funds_raised", "2019/2021")},
    ),
    (
        "time-jiezhi",
        "截至2021年底，水滴筹累计筹款484亿元。",
        {"484亿元": ("水滴筹", "funds_raised", "2021-12")},
    ),
    (
        "time-jiezhi-day",
        "截至2021年12月6日，淄博齐惠保参保人数超过158万，参保率高达37.4%。",
        {
            "超过158万": ("淄博齐惠保", "insured_persons", "2021-12-06"),
            "37.4%": ("淄博齐惠保", "insurance_rate", "2021-12-06"),
        },
    ),
    (
        "time-jiezhi-mid-sentence",
        "来源：今日头条截至2020年12月底，水滴筹筹款超过370亿元。",
        {"超过370亿元": ("水滴筹", "funds_raised", "2020-12")},
    ),
    (
        "time-jiezhi-after",
        "水滴筹累计筹款超过370亿元，数据截至2020年12月底。",
        {"超过370亿元": ("水滴筹", "funds_raised", "2020-12")},
    ),
    (
        "time-near-years-annual",
        "近3年，水滴筹年均筹款额为117.34亿元、年均筹款人数为63.32万人次。",
        {
            "117.34亿元": ("水滴筹", "funds_raised_annual_avg", "近3年"),
            "63.32万人次": ("水滴筹", "fundraisers_annual_avg", "近3年"),
        },
    ),
    (
        "time-nearest-in-clause",
        "相互宝2020年11月分摊人数10580.35万人，2021年1月分摊人数9847.47万人。",
        {
            "10580.35万人": ("相互宝", "sharing_members", "2020-11"),
            "9847.47万人": ("相互宝", "sharing_members", "2021-01"),
        },
    ),
    (
        "time-duration-is-no-scope",
        "公告显示，水滴互助上线近五年来，一起帮助了21235个家庭。",
        {"21235个家庭": ("水滴互助", "families_helped", None)},
    ),
    (
        "time-event-date-does-not-scope",
        "水滴筹于2016年7月上线，累计筹款超过300亿元。",
        {"超过300亿元": ("水滴筹", "funds_raised", None)},
    ),
    (
        "time-comparison-base",
        "2021年，全国社会组织总量为90.09万个，较2020年增长0.73%。",
        {
            "90.09万个": (None, "social_organisations", "2021"),
            "0.73%": (None, "social_organisations_growth", "2021"),
        },
    ),
    (
        "time-comparison-only",
        "志愿服务指数相对于2020年增长26.41%。",
        {"26.41%": (None, None, None)},
    ),
    (
        "time-title-date",
        "民政部发布《2022年慈善项目实施方案》，将支持10个项目。",
        {"10个": ("民政部", "projects", None)},
    ),
    (
        "time-parenthetical",
        "水滴筹累计筹款超过370亿元（截至2020年12月）。",
        {"超过370亿元": ("水滴筹", "funds_raised", "2020-12")},
    ),
    (
        "time-look-ahead",
        "2022年，阿里巴巴公益新增议题，计划在未来3年内，打造至少100个公益项目。",
        {"至少100个": ("阿里巴巴公益", "projects", None)},
    ),
    (
        "time-none",
        "相互宝会员人数超过1亿人。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    (
        "time-not-from-previous-sentence",
        "2020年，相互宝发布了报告。相互宝会员人数超过1亿人。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    # --- metrics from the lexicon
    (
        "metric-coverage",
        "水滴互助将为会员投保一年期、最高保额50万元的健康险。",
        {"50万元": ("水滴互助", "coverage_limit", None)},
    ),
    (
        "metric-coverage-quoted",
        "相互宝打出“30万互助金”的口号，上线半年用户数突破5000万。",
        {"30万": ("相互宝", "coverage_limit", None), "突破5000万": ("相互宝", "users", None)},
    ),
    (
        "metric-premium",
        "众安保险2021年保费收入为237亿元。",
        {"237亿元": ("众安保险", "premium", "2021")},
    ),
    (
        "metric-claims",
        "2020年，相互宝赔付金额超过40亿元。",
        {"超过40亿元": ("相互宝", "claims_paid", "2020")},
    ),
    (
        "metric-per-capita-share",
        "相互宝每期分摊金额为3.5元。",
        {"3.5元": ("相互宝", "per_capita_share", None)},
    ),
    (
        "metric-donors",
        "腾讯公益捐赠人数超过5000万人。",
        {"超过5000万人": ("腾讯公益", "donors", None)},
    ),
    (
        "metric-donations-after",
        "爱心筹平台产生近6300万次捐赠行为。",
        {"近6300万次": ("爱心筹", "donations", None)},
    ),
    (
        "metric-fundraisers-after",
        "超过251.1万人次通过水滴筹发起筹款。",
        {"超过251.1万人次": (None, "fundraisers", None)},
    ),
    (
        "metric-management-fee-rate-after",
        "相互宝收取的8%管理费是平台唯一收入。",
        {"8%": ("相互宝", "management_fee_rate", None)},
    ),
    (
        "metric-malicious-rate",
        "水滴筹恶意筹款案例占比0.3%。",
        {"0.3%": ("水滴筹", "malicious_case_rate", None)},
    ),
    (
        "metric-insured-persons",
        "惠民保投保人数超过300万人。",
        {"超过300万人": (None, "insured_persons", None)},
    ),
    (
        "metric-volunteers",
        "2021年，我国实名注册志愿者总数为2.22亿人，较2020年增长15.63%。",
        {
            "2.22亿人": (None, "volunteers", "2021"),
            "15.63%": (None, "volunteers_growth", "2021"),
        },
    ),
    (
        "metric-trusts",
        "2021年设立慈善信托227单，财产规模为5.71亿元。",
        {"227单": (None, "trusts", "2021"), "5.71亿元": (None, "trust_assets", "2021")},
    ),
    (
        "metric-donations-total",
        "2021年社会捐赠总量为1450亿元。",
        {"1450亿元": (None, "donations_total", "2021")},
    ),
    (
        "metric-household-income-not-revenue",
        "81.2%的求助人家庭年收入低于5万元。",
        {"81.2%": (None, None, None), "低于5万元": (None, "household_income", None)},
    ),
    (
        "metric-classifier-noun",
        "水滴公益项目已覆盖全国31个省。",
        {"31个": ("水滴公益", None, None)},
    ),
    (
        "metric-unit-must-fit",
        "相互宝会员单位467家。",
        {"467家": ("相互宝", "member_organisations", None)},
    ),
    (
        "metric-foundations-without-partnering",
        "截至2021年底，全国基金会8885个。",
        {"8885个": (None, "foundations", "2021-12")},
    ),
    (
        "metric-connector-inherits",
        "相互宝会员人数从1亿人降至7500万人。",
        {"1亿人": ("相互宝", "members", None), "7500万人": ("相互宝", "members", None)},
    ),
    (
        "metric-respectively",
        "2021年，社会捐赠总量为1450亿元，彩票公益金总量为1062亿元，分别较2020年增长5.48%和10.64%。",
        {
            "5.48%": (None, "donations_total_growth", "2021"),
            "10.64%": (None, "lottery_welfare_fund_growth", "2021"),
        },
    ),
    (
        "metric-null",
        "相互宝一名为相互保，产品涉及3个方面。",
        {"3个": ("相互宝", None, None)},
    ),
    (
        "metric-percentage-of-users-null",
        "水滴保累计保险用户数超过1亿人，70%以上用户来自三线城市。",
        {"超过1亿人": ("水滴保", "insured_persons", None), "70%以上": ("水滴保", None, None)},
    ),
    # --- Traditional and tokenised text
    (
        "traditional",
        "2020年，相互寶實際收到的管理費共計7.29億元。",
        {"7.29亿元": ("相互宝", "management_fee", "2020")},
    ),
    (
        "traditional-platform",
        "截至2021年底，水滴籌累計籌款484億元。",
        {"484亿元": ("水滴筹", "funds_raised", "2021-12")},
    ),
    (
        "tokenised",
        "相互 宝 会员 人数 超过 1 亿 人 。 2020 年 ， 相互 宝 实际 收到 的 管理费 共计 "
        "7.29 亿元 。",
        {
            "超过1亿人": ("相互宝", "members", None),
            "7.29亿元": ("相互宝", "management_fee", "2020"),
        },
    ),
]


# The rules of the 2nd review: each with positives and negatives.
CASES += [
    # a product named in brackets right after the figure's noun
    (
        "bracket-product",
        "平台为会员投保最高保额30万元的医疗险（青禾健康保），保费由平台承担。",
        {"30万元": ("青禾健康保", "coverage_limit", None)},
    ),
    (
        "bracket-product-after-org",
        "轻松互助将为会员赠送保额20万元的重疾险（橙心健康保）。",
        {"20万元": ("橙心健康保", "coverage_limit", None)},
    ),
    (
        "bracket-not-after-noun",
        "水滴筹累计筹款超过300亿元（数据来自水滴公司）。",
        {"超过300亿元": ("水滴筹", "funds_raised", None)},
    ),
    # X作为…的Y: Y is the subject, X only plays a role
    (
        "role-zuowei",
        "2022年1月，水滴作为运营平台的“南昌惠民保”正式上线，首周参保人数突破10万人。",
        {"突破10万人": ("南昌惠民保", "insured_persons", "2022-01")},
    ),
    (
        "role-zuowei-no-second-org",
        "轻松筹作为行业平台，累计筹款超过500亿元。",
        {"超过500亿元": ("轻松筹", "funds_raised", None)},
    ),
    (
        "role-zuowei-list",
        "水滴筹作为平台，与轻松筹累计帮助了10万个家庭。",
        {"10万个家庭": ("水滴筹", "families_helped", None)},
    ),
    # carry over up to three clauses, not four
    (
        "carry-three-clauses",
        "南昌惠民保正式上线，面向全市开放，上线仅2天，参保人数突破10万人。",
        {"突破10万人": ("南昌惠民保", "insured_persons", None)},
    ),
    (
        "carry-four-clauses-too-far",
        "南昌惠民保正式上线，面向全市开放，覆盖各区县，服务百姓，上线仅2天，参保人数突破10万人。",
        {"突破10万人": (None, "insured_persons", None)},
    ),
    # 由X推出: X is the agent of the later clauses
    (
        "agent-you-tuichu",
        "益起计划由腾讯公益在2021年推出，聚焦乡村振兴，计划打造至少50个公益项目。",
        {"至少50个": ("腾讯公益", "projects", None)},
    ),
    (
        "agent-you-faqi",
        "该行动由中华慈善总会发起，目前已资助了3000个家庭。",
        {"3000个家庭": ("中华慈善总会", "families_helped", None)},
    ),
    (
        "agent-you-without-verb",
        "该计划由腾讯公益监管，聚焦乡村，覆盖全国，惠及多地，服务百姓，计划打造至少50个公益项目。",
        {"至少50个": (None, "projects", None)},
    ),
    (
        "agent-you-verb-far-clauses",
        "该计划由腾讯公益推出，聚焦乡村，覆盖全国，惠及多地，服务百姓，计划打造至少50个公益项目。",
        {"至少50个": ("腾讯公益", "projects", None)},
    ),
    # 项目 opening a clause refers to the project of the sentence before
    (
        "anaphor-project-opening",
        "“春苗计划”是北京春雨公益基金会的品牌项目。目前项目已覆盖全国20个省的80家福利院。",
        {"80家": ("北京春雨公益基金会", None, None)},
    ),
    (
        "anaphor-project-not-introduced",
        "北京春雨公益基金会召开年会。项目已覆盖全国20个省的80家福利院。",
        {"80家": (None, None, None)},
    ),
    (
        "anaphor-project-compound-noun",
        "这是北京春雨公益基金会的品牌项目。项目服务内容包括6个方面。",
        {"6个": (None, None, None)},
    ),
    # a report named by its period scopes what it shows
    (
        "report-period",
        "日前，水滴保发布2021年度总结，报告显示，水滴保累计用户数超过1亿人。",
        {"超过1亿人": ("水滴保", "users", "2021")},
    ),
    (
        "report-annual",
        "轻松集团发布2020年年报，年报显示，轻松筹注册用户超过6亿人。",
        {"超过6亿人": ("轻松筹", "registered_users", "2020")},
    ),
    (
        "report-date-not-report",
        "水滴保于2021年上线新产品，平台用户数超过1亿人。",
        {"超过1亿人": ("水滴保", "users", None)},
    ),
    # a cue right before a classifier count whose metric lists the classifier
    (
        "classifier-cue-before",
        "昨天，市律师协会会员单位120家律所代表出席了会议。",
        {"120家": ("市律师协会", "member_organisations", "昨天")},
    ),
    (
        "classifier-cue-before-partners",
        "水滴筹联合合作伙伴30家机构发起倡议。",
        {"30家": ("水滴筹", "partners", None)},
    ),
    (
        "classifier-cue-not-adjacent",
        "该协会的会员单位分布在全国31个省。",
        {"31个": (None, None, None)},
    ),
    # figure的noun + predicate: a subset, no metric
    (
        "subset-relative",
        "超过10万人次的求助者上传了贫困证明。",
        {"超过10万人次": (None, None, None)},
    ),
    (
        "subset-noun-at-end",
        "平台上有超过10万人次的求助者。",
        {"超过10万人次": (None, "fundraisers", None)},
    ),
    (
        "subset-noun-in-list",
        "这代表着超过11亿人次的爱心捐赠和行为。",
        {"超过11亿人次": (None, "donations", None)},
    ),
    # --- paragraphs: a new paragraph starts a new topic unless it opens with an anaphor
    (
        "para-anaphor-not-carried",
        "水滴筹累计筹款超过500亿元。\n香港方面，本地慈善平台上月筹款超过3亿元，平台帮助超过2万名患者。",
        {
            "超过500亿元": ("水滴筹", "funds_raised", None),
            # no subject (an unnamed platform); the time of the clause chain (link: chain)
            "超过2万名": (None, "beneficiaries", "上月"),
        },
    ),
    (
        "para-same-paragraph-carried",
        "水滴筹累计筹款超过500亿元。平台累计帮助超过200万名患者。",
        {"超过200万名": ("水滴筹", "beneficiaries", None)},
    ),
    (
        "para-opens-with-anaphor",
        "水滴筹累计筹款超过500亿元。\n平台累计帮助超过200万名患者。",
        {"超过200万名": ("水滴筹", "beneficiaries", None)},
    ),
    (
        "para-opens-with-opener-then-anaphor",
        "水滴筹累计筹款超过500亿元。\n其中，平台上的求助者超过200万人。",
        {"超过200万人": ("水滴筹", "fundraisers", None)},
    ),
    (
        "para-new-org-two-figures",
        "轻松筹累计筹款超过300亿元。\n另一方面，水滴筹会员超过1亿人，平台筹款超过500亿元。",
        {
            "超过300亿元": ("轻松筹", "funds_raised", None),
            "超过500亿元": ("水滴筹", "funds_raised", None),
        },
    ),
    # --- 据X披露，该平台…: X (a platform) is what the anaphor refers to
    (
        "told-platform-then-anaphor",
        "轻松筹数据显示，累计筹款超过300亿元。另据水滴筹披露，该平台累计筹款超过500亿元。",
        {
            "超过300亿元": ("轻松筹", "funds_raised", None),
            "超过500亿元": ("水滴筹", "funds_raised", None),
        },
    ),
    (
        "told-platform-without-anaphor",
        "据水滴筹统计，全国大病患者超过1000万人。",
        {"超过1000万人": (None, None, None)},
    ),
    (
        "told-media-then-anaphor",
        "水滴筹累计筹款超过500亿元。据新浪财经报道，该平台帮助超过200万名患者。",
        {"超过200万名": ("水滴筹", "beneficiaries", None)},
    ),
    (
        "told-platform-across-paragraph",
        "相互宝会员超过1亿人。\n据水滴筹披露，该平台累计筹款超过500亿元。",
        {"超过500亿元": ("水滴筹", "funds_raised", None)},
    ),
    # --- X推出的Y / 由X推出的Y / X旗下的Y: Y, not the maker X
    (
        "maker-you-tuichu-de",
        "由蚂蚁集团推出的相互宝会员人数超过1亿人。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    (
        "maker-unnamed-product",
        "由蚂蚁集团推出的互助产品会员人数超过1亿人。",
        {"超过1亿人": (None, "members", None)},
    ),
    (
        "maker-no-you",
        "蚂蚁集团推出的互助产品会员人数超过1亿人，水滴筹累计筹款超过500亿元。",
        {"超过1亿人": (None, "members", None), "超过500亿元": ("水滴筹", "funds_raised", None)},
    ),
    (
        "maker-qixia-de",
        "蚂蚁集团旗下的相互宝会员人数超过1亿人。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    (
        "maker-named-before-you",
        "相互宝由蚂蚁集团推出，会员人数超过1亿人。",
        {"超过1亿人": ("相互宝", "members", None)},
    ),
    (
        "maker-not-carried",
        "水滴筹累计筹款超过500亿元，蚂蚁集团推出的产品会员超过1亿人。",
        {"超过500亿元": ("水滴筹", "funds_raised", None), "超过1亿人": (None, "members", None)},
    ),
    # --- 该基金会 / 该研究院: the one earlier organisation whose name ends so
    (
        "pronoun-one-foundation",
        "中华少年儿童慈善救助基金会联合水滴公益发起项目。该基金会累计救助患儿3000名。",
        {"3000名": ("中华少年儿童慈善救助基金会", "beneficiaries", None)},
    ),
    (
        "pronoun-two-foundations",
        "中华少年儿童慈善救助基金会和中国红十字基金会发起项目。该基金会累计救助患儿3000名。",
        {"3000名": (None, "beneficiaries", None)},
    ),
    (
        "pronoun-none-named",
        "该基金会去年资助患者1200例，救助困境患儿800名。",
        {"1200例": (None, "beneficiaries", _), "800名": (None, "beneficiaries", _)},
    ),
    (
        "pronoun-across-paragraph",
        "中国红十字基金会启动新项目，水滴筹参与其中。\n该基金会去年接收社会捐赠5亿元，水滴筹筹款超过500亿元。",
        {
            "5亿元": ("中国红十字基金会", "donations_total", _),
            "超过500亿元": ("水滴筹", "funds_raised", _),
        },
    ),
    # --- a paragraph's lead product or foundation: later figures of its kind, no organisation
    (
        "lead-product",
        "瓯惠保首周参保超42万人。截至1月10日，参保人数达到45万人，累计赔付1200万元。",
        {
            "超42万人": ("瓯惠保", "insured_persons", None),
            "45万人": ("瓯惠保", "insured_persons", _),
            "1200万元": ("瓯惠保", "claims_paid", _),
        },
    ),
    (
        "lead-not-across-paragraph",
        "瓯惠保首周参保超42万人。\n截至1月10日，参保人数达到45万人。",
        {"45万人": (None, "insured_persons", _)},
    ),
    (
        "lead-other-org-between",
        "瓯惠保首周参保超42万人。据银保监会介绍，全省参保人数达到450万人。",
        {"450万人": (None, "insured_persons", None)},
    ),
    (
        "lead-foundation",
        "中国红十字基金会启动救助项目。目前共有12万人次参与捐助，累计收到捐款3000万元。",
        {
            "12万人次": ("中国红十字基金会", "donations", None),
            "3000万元": ("中国红十字基金会", "donations_total", None),
        },
    ),
    (
        "lead-wrong-metric",
        "中国红十字基金会启动救助项目。全国网络互助用户超过1亿人。",
        {"超过1亿人": (None, "users", None)},
    ),
    (
        "lead-platform-not-a-lead",
        "水滴筹上线新功能。全国大病患者筹款超过300亿元。",
        {"超过300亿元": (None, "funds_raised", None)},
    ),
    # --- metric cues
    (
        "cue-malicious",
        "平台今年拦截虚假求助信息2万条，水滴筹识别恶意求助300次。",
        {"2万条": (None, "malicious_cases", _), "300次": ("水滴筹", "malicious_cases", _)},
    ),
    (
        "cue-donations-renci",
        "今年共有12万人次参与捐助，爱心人次超过50万。",
        {"12万人次": (None, "donations", _), "超过50万": (None, "donations", _)},
    ),
    (
        "cue-donors-people",
        "共有3000人参与捐赠，捐赠人次达到1万人次。",
        {"3000人": (None, "donors", None), "1万人次": (None, "donations", None)},
    ),
    (
        "cue-donations-total",
        "中国红十字基金会去年接收社会捐赠5亿元，水滴筹收到捐款1亿元。",
        {
            "5亿元": ("中国红十字基金会", "donations_total", _),
            "1亿元": ("水滴筹", "donations_total", _),
        },
    ),
    (
        "cue-donation-count-not-total",
        "水滴筹收到捐款超过1亿次。",
        {"超过1亿次": ("水滴筹", "donations", None)},
    ),
    (
        "cue-beneficiaries-cases",
        "该项目资助患者1200例，救助困境患儿800名。",
        {"1200例": (None, "beneficiaries", None), "800名": (None, "beneficiaries", None)},
    ),
    (
        "cue-fundraisers-families",
        "截至目前，已有超过10万个家庭发起求助，申请求助的人数达3万人。",
        {"超过10万个家庭": (None, "fundraisers", None), "3万人": (None, "applications", None)},
    ),
    (
        "cue-claims-amount",
        "惠民保赔付总额超过2亿元，理赔金额最高的一笔为80万元。",
        {"超过2亿元": (None, "claims_paid", None), "80万元": (None, "claims_paid", None)},
    ),
    (
        "cue-insured-bare",
        "上线首日，投保超过10万人，参保率为8%。",
        {"超过10万人": (None, "insured_persons", None), "8%": (None, "insurance_rate", None)},
    ),
    # --- a cue, then a change word: the growth of the cue's metric
    (
        "growth-named-revenue",
        "水滴公司营收增长20%，会员数同比下降5%。",
        {"20%": ("水滴公司", "revenue_growth", None), "5%": ("水滴公司", "members_growth", None)},
    ),
    (
        "growth-named-after-figure",
        "水滴公司第三季度营收12亿元，营收同比增长20%。",
        {"12亿元": ("水滴公司", "revenue", _), "20%": ("水滴公司", "revenue_growth", _)},
    ),
    (
        "growth-level-is-not-growth",
        "参保率提升至30%。",
        {"30%": (None, "insurance_rate", None)},
    ),
    (
        "growth-unnamed",
        "去年增长了20%。",
        {"20%": (None, None, _)},
    ),
    # --- a change's time: the start takes the date of its own phrase, the end the leading scope
    (
        "change-time-relative-start",
        "水滴筹的筹款额由去年的200万元提高到300万元。",
        {
            "200万元": ("水滴筹", "funds_raised", "去年"),
            "300万元": ("水滴筹", "funds_raised", None),
        },
    ),
    (
        "change-time-leading-clause",
        "今年，水滴筹筹款额从2022年的200万元增至300万元。",
        {
            "200万元": ("水滴筹", "funds_raised", "2022"),
            "300万元": ("水滴筹", "funds_raised", "今年"),
        },
    ),
    (
        "change-time-leading-same-clause",
        "2023年水滴互助会员数从2022年的100万人增至150万人。",
        {"100万人": (_, "members", "2022"), "150万人": (_, "members", "2023")},
    ),
    (
        "change-time-scope",
        "截至2023年底，相互宝会员数由2021年1亿人降至7500万人。",
        {"1亿人": (_, "members", "2021"), "7500万人": (_, "members", "2023-12")},
    ),
    (
        "change-time-end-own-date",
        "水滴筹筹款额从2021年的200亿元增至2022年的300亿元。",
        {"200亿元": (_, "funds_raised", "2021"), "300亿元": (_, _, "2022")},
    ),
    (
        "change-time-not-a-change",
        "2022年的300亿元中，水滴筹筹得100亿元。",
        {"100亿元": ("水滴筹", "funds_raised", "2022")},
    ),
    # --- a leading scope wins over dates written after the figure
    (
        "scope-bracket-other-figure",
        "2022年，水滴筹累计筹款300亿元（2021年为200亿元）。",
        {"300亿元": ("水滴筹", "funds_raised", "2022"), "200亿元": (_, _, "2021")},
    ),
    (
        "scope-bracket-alone",
        "水滴筹累计筹款300亿元（2022年）。",
        {"300亿元": ("水滴筹", "funds_raised", "2022")},
    ),
    (
        "scope-later-cutoff",
        "2022年，水滴筹累计筹款300亿元，截至2023年底会员达5000万人。",
        {"300亿元": (_, "funds_raised", "2022"), "5000万人": (_, "members", "2023-12")},
    ),
    (
        "scope-later-cutoff-same-clause",
        "2022年水滴筹累计筹款300亿元，截至2023年底为500亿元。",
        {"300亿元": (_, "funds_raised", "2022"), "500亿元": (_, _, "2023-12")},
    ),
    # --- coverage limits: the most one claim pays
    (
        "limit-max-can-get",
        "惠民保最高可获得300万元保障。",
        {"300万元": (_, "coverage_limit", None)},
    ),
    (
        "limit-max-qualifier",
        "该产品最高300万元。",
        {"最高300万元": (_, "coverage_limit", None)},
    ),
    (
        "limit-max-payout-not-claims",
        "惠民保最高赔付100万元，今年已赔付5000万元。",
        {"100万元": (_, "coverage_limit", None), "5000万元": (_, "claims_paid", "今年")},
    ),
    (
        "limit-cover-amount",
        "该产品保障额度为300万元，保额最高达200万元。",
        {"300万元": (_, "coverage_limit", None), "200万元": (_, "coverage_limit", None)},
    ),
    (
        "limit-max-of-other-metric",
        "水滴筹单日筹款最高达1亿元。",
        {"1亿元": ("水滴筹", "funds_raised", None)},
    ),
    (
        "limit-record-high-is-not",
        "该平台捐款额创历史最高纪录，达5000万元。",
        {"5000万元": (_, None, None)},
    ),
    # --- beneficiaries: who received help
    (
        "benef-got-mutual-aid",
        "相互宝累计有10万人获得互助金。",
        {"10万人": ("相互宝", "beneficiaries", None)},
    ),
    (
        "benef-reached-families",
        "该项目惠及5000个家庭。",
        {"5000个家庭": (_, "beneficiaries", None)},
    ),
    (
        "benef-got-aid-households",
        "去年共有3000户获得救助。",
        {"3000户": (_, "beneficiaries", "去年")},
    ),
    (
        "benef-aided",
        "轻松筹受助患者超过200万人。",
        {"超过200万人": ("轻松筹", "beneficiaries", None)},
    ),
    (
        "benef-mutual-aid-amount-is-limit",
        "会员最高可获得互助金30万元。",
        {"30万元": (_, "coverage_limit", None)},
    ),
    (
        "benef-not-cases",
        "相互宝今年已有1万人获赔。",
        {"1万人": ("相互宝", "claims", "今年")},
    ),
    # --- goals: funds_raised_target, not funds_raised
    (
        "target-is",
        "该基金会今年的目标为筹集1亿元。",
        {"1亿元": (_, "funds_raised_target", "今年")},
    ),
    (
        "target-plan",
        "该项目计划筹集5000万元，已筹得3000万元。",
        {"5000万元": (_, "funds_raised_target", None), "3000万元": (_, "funds_raised", None)},
    ),
    (
        "target-strive",
        "水滴筹力争筹款1亿元。",
        {"1亿元": ("水滴筹", "funds_raised_target", None)},
    ),
    (
        "target-noun",
        "本次活动筹款目标是500万元，实际筹款600万元。",
        {"500万元": (_, "funds_raised_target", None), "600万元": (_, "funds_raised", None)},
    ),
    (
        "target-forecast-is-not",
        "水滴筹全年筹款将超过10亿元。",
        {"超过10亿元": ("水滴筹", "funds_raised", _)},
    ),
    # --- lottery welfare funds
    (
        "lottery-welfare",
        "2022年全省福彩公益金达10亿元。",
        {"10亿元": (None, "lottery_welfare_fund", "2022")},
    ),
    (
        "lottery-raised",
        "彩票公益金筹集30亿元。",
        {"30亿元": (None, "lottery_welfare_fund", None)},
    ),
    (
        "lottery-sports",
        "体彩公益金共计8亿元，福利彩票公益金12亿元。",
        {
            "8亿元": (None, "lottery_welfare_fund", None),
            "12亿元": (None, "lottery_welfare_fund", None),
        },
    ),
    (
        "lottery-other-raising",
        "该基金会筹集善款30亿元。",
        {"30亿元": (_, "funds_raised", None)},
    ),
    # --- a growth follows the figure right before it, whatever its metric
    (
        "growth-after-named-amount",
        "水滴筹会员数达100万人，筹款200亿元，同比增长18.6%。",
        {"18.6%": ("水滴筹", "funds_raised_growth", None)},
    ),
    (
        "growth-after-lottery",
        "会员达100万人，福彩公益金200亿元，同比增长18.6%。",
        {"18.6%": (None, "lottery_welfare_fund_growth", None)},
    ),
    (
        "growth-after-unnamed",
        "水滴筹会员数达100万人，另有200亿元，同比增长18.6%。",
        {"18.6%": (_, None, None)},
    ),
    (
        "growth-respectively-pairs",
        "水滴筹会员数100万人、筹款200亿元，同比分别增长5%和18.6%。",
        {"5%": (_, "members_growth", _), "18.6%": (_, "funds_raised_growth", _)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_linking(nlp: Language, text: str, expected: dict) -> None:
    facts = facts_of(nlp, text)
    for figure, want in expected.items():
        assert figure in facts, f"figure {figure!r} not found; figures: {list(facts)}"
        got = tuple(_ if w == _ else g for g, w in zip(summary(facts[figure]), want, strict=True))
        assert got == want, f"{figure!r} in {text!r}: (subject, metric, time) {got} != {want}"


SOURCES = [
    ("cicc", "中金公司研报显示，相互宝会员人数约为1亿人。", "约为1亿人", "中金公司"),
    ("ju-tongji", "据民政部统计，全国社会组织总量为90.09万个。", "90.09万个", "民政部"),
    ("own-data", "水滴筹最新数据显示，平台共收到求助申请超过60万个。", "超过60万个", "水滴筹"),
    ("whitepaper", "蚂蚁集团发布的白皮书预计，互助参与人数将达4.5亿人。", "4.5亿人", "蚂蚁集团"),
    ("media", "新浪财经报道称，网络互助行业会员规模超过1.5亿人。", "超过1.5亿人", "新浪财经"),
    ("none", "相互宝会员人数超过1亿人。", "超过1亿人", None),
    ("byline-is-not-source", "北京商报讯 轻松筹累计筹款超过500亿元。", "超过500亿元", None),
    ("research", "水滴大病研究院指出，求助者中近4成筹得1-5万元。", "1-5万元", "水滴大病研究院"),
]


@pytest.mark.parametrize(
    ("text", "figure", "source"), [c[1:] for c in SOURCES], ids=[c[0] for c in SOURCES]
)
def test_source(nlp: Language, text: str, figure: str, source: str | None) -> None:
    fields = facts_of(nlp, text)[figure]
    got = fields["source"]["name"] if fields["source"] else None
    assert got == source, f"source of {figure!r} in {text!r}: {got} != {source}"


CURRENCIES = [
    (
        "twd-named",
        "台湾卫福部数据显示，去年共有新台币3亿元用于救助，平均每户补助5万元。",
        {"新台币3亿元": "TWD", "5万元": "TWD"},
    ),
    (
        "hkd-named",
        "据介绍，今年共筹得港元1亿元，另有5000万元来自企业。",
        {"港元1亿元": "HKD", "5000万元": "HKD"},
    ),
    (
        "rmb-also-named",
        "今年共筹得港元1亿元，另有人民币5000万元来自企业，3000万元来自个人。",
        {"港元1亿元": "HKD", "人民币5000万元": "CNY", "3000万元": "CNY"},
    ),
    (
        "two-local-currencies",
        "两地分别筹得新台币1亿元和港元2亿元，另有3000万元来自企业。",
        {"新台币1亿元": "TWD", "港元2亿元": "HKD", "3000万元": "CNY"},
    ),
    ("none-named", "水滴筹累计筹款超过500亿元。", {"超过500亿元": "CNY"}),
    (
        "other-currency-kept",
        "去年共募得新台币3亿元，另有100万美元来自海外。",
        {"新台币3亿元": "TWD", "100万美元": "USD"},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CURRENCIES], ids=[c[0] for c in CURRENCIES]
)
def test_local_currency(nlp: Language, text: str, expected: dict[str, str]) -> None:
    """A document that names one local currency (新台币) and never 人民币 is written in it."""
    facts = facts_of(nlp, text)
    for figure, want in expected.items():
        assert figure in facts, f"figure {figure!r} not found; figures: {list(facts)}"
        got = facts[figure]["currency"]
        assert got == want, f"{figure!r} in {text!r}: currency {got} != {want}"


def test_paragraphs_given_override_line_breaks() -> None:
    """With paragraph spans given, a line break inside one paragraph does not end the topic."""
    text = "水滴筹累计筹款超过500亿元。\n上月平台新增求助者超过2万人。"
    org = _org(text, "水滴筹")
    figs = [
        _fig(text, "超过500亿元", value=Decimal("50000000000"), currency="CNY"),
        _fig(text, "超过2万人", "count", value=Decimal("20000"), unit="人"),
    ]
    cut = text.index("\n") + 1
    sentences = [(0, cut), (cut, len(text))]
    one = link_facts(text, figs, [], [org], sentences, paragraphs=[(0, len(text))])
    two = link_facts(text, figs, [], [org], sentences)
    assert one[1].fields["subject"] == {"org_id": "水滴筹", "name": "水滴筹"}, one[1].fields
    assert two[1].fields["subject"] is None, "a line break with no paragraphs given is a break"


def test_time_is_a_timeref(nlp: Language) -> None:
    fields = facts_of(nlp, "2020年，相互宝实际收到的管理费共计7.29亿元。")["7.29亿元"]
    time = TimeRef.model_validate(fields["time"])
    assert (time.value, time.precision, time.text) == ("2020", "year", "2020年"), time
    assert fields["value"] == Decimal("729000000"), "the figure's own fields must be kept"


def test_figure_fields_kept_and_others_untouched(nlp: Language) -> None:
    doc = annotate(nlp, make_document("截至2021年底，水滴筹累计筹款484亿元。"))
    amounts = found_of(doc, "amount")
    assert len(amounts) == 1 and amounts[0].fields["currency"] == "CNY", amounts
    assert set(amounts[0].fields) >= {"subject", "source", "metric", "time", "value"}, amounts
    assert all("metric" not in f.fields for f in found_of(doc, "date")), "dates must not change"


# --- the pure function, with synthetic Found items (no other stage needed)


def _org(text: str, name: str, org_type: str = "platform", at: int = 0) -> Found:
    start = text.index(name, at)
    fields = {"org_id": name, "name": name, "org_type": org_type, "parent": None}
    return Found("org", start, start + len(name), "test", fields)


def _fig(text: str, figure: str, type_: str = "amount", **fields: Any) -> Found:
    start = text.index(figure)
    return Found(type_, start, start + len(figure), "test", {"value": Decimal(1), **fields})


def _date(text: str, expr: str, value: str | None, precision: str | None) -> Found:
    start = text.index(expr)
    fields = {"value": value, "precision": precision, "resolved_from": None, "needs_anchor": None}
    return Found("date", start, start + len(expr), "test", fields)


def test_link_facts_synthetic() -> None:
    text = "以某某互助为例，2019年，某某互助会员数为300万人。"
    figures = [_fig(text, "300万人", "count", unit="人", qualifier=None, range=None)]
    dates = [_date(text, "2019年", "2019", "year")]
    orgs = [_org(text, "某某互助"), _org(text, "某某互助", at=5)]
    (linked,) = link_facts(text, figures, dates, orgs, [(0, len(text))])
    assert linked.fields["subject"] == {"org_id": "某某互助", "name": "某某互助"}, linked
    assert linked.fields["metric"] == "members", linked
    assert linked.fields["time"]["value"] == "2019", linked
    assert linked.fields["source"] is None, linked


def test_link_facts_no_sentences_no_orgs() -> None:
    text = "筹款总额484亿元"
    (linked,) = link_facts(text, [_fig(text, "484亿元", currency="CNY")], [], [], [])
    assert (linked.fields["subject"], linked.fields["metric"], linked.fields["time"]) == (
        None,
        "funds_raised",
        None,
    ), linked


def test_link_facts_ignores_non_figures() -> None:
    text = "2020年，相互宝上线。"
    dates = [_date(text, "2020年", "2020", "year")]
    assert link_facts(text, dates, dates, [_org(text, "相互宝")], [(0, len(text))]) == []


def test_pipeline_order_declared(nlp: Language) -> None:
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"]["zh_facts"], analysis["problems"]


def test_rules_load_and_reject_unknown_keys(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    grammar = load_grammar()
    assert {"management_fee", "funds_raised", "insured_persons"} <= set(grammar.rules.metrics)
    bad = tmp_path / "metrics.yaml"
    bad.write_text("metrics: {x: {cues: [a], types: [amount], colour: red}}\n", encoding="utf-8")
    monkeypatch.setattr("extract.rules.RULES_DIR", tmp_path)
    with pytest.raises(RulesError, match="colour"):
        load_yaml("metrics.yaml", FactRules)


def test_every_metric_has_a_known_type() -> None:
    for name, metric in load_grammar().rules.metrics.items():
        assert set(metric.types) <= set(FIGURES), f"{name}: unknown record types {metric.types}"
        assert metric.units == [] or "count" in metric.types, f"{name}: units without counts"
