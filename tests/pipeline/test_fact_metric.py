"""The metric resolver (extract/pipeline/fact_metric.py) on sentences written for it: what a
figure measures, and the rule that chose it (`link.metric`)."""

from __future__ import annotations

import pytest

from tests.pipeline.linked import assert_linked

CASES = [
    # (id, text, figure, metric, rule)
    ("cue_before", "水滴筹累计筹款超过500亿元。", "超过500亿元", "funds_raised", "cue_before"),
    (
        "own_noun_over_cue",
        "保费59元即可获得300万元保额。",
        "300万元",
        "coverage_limit",
        "noun_after",
    ),
    (
        "people_by_what_they_did",
        "在相互宝平台上，共有1.2万名会员获得互助金。",
        "1.2万名",
        "beneficiaries",
        "noun_predicate",
    ),
    ("own_noun_count", "超过5000万人加入了水滴互助。", "超过5000万人", "members", "noun_after"),
    (
        "phrase_not_head",
        "2022年，众惠互助累计救助成员3.2万人。",
        "3.2万人",
        "beneficiaries",
        "cue_before",
    ),
    ("helped_members", "平台已帮助会员1200人。", "1200人", "beneficiaries", "cue_before"),
    # unnamed quantities (rules/metrics.yaml `unnamed`): null, not a farther or shorter cue
    (
        "relative_clause_names_it",
        "在参与调查的1200名会员中，多数愿意继续参与。",
        "1200名",
        None,
        None,
    ),
    ("income_is_unnamed", "受访者个人年收入在5万元以下。", "5万元以下", None, None),
    ("annual_income_is_no_revenue", "他的年收入为8万元。", "8万元", None, None),
    ("revenue", "水滴公司2022年营收25亿元。", "25亿元", "revenue", "cue_before"),
    (
        "net_profit_is_no_revenue",
        "水滴公司营收25亿元，净利润为3亿元。",
        "3亿元",
        "net_profit",
        "cue_before",
    ),
    ("own_noun_net_profit", "营收之外，公司还有3亿元净利润。", "3亿元", "net_profit", "noun_after"),
    ("own_unnamed_noun", "营收之外，公司还有3亿元营业利润。", "3亿元", None, None),
    ("margin_is_unnamed", "水滴公司毛利率为60%。", "60%", None, None),
    (
        "compared_with",
        "水滴筹2022年筹款额为200亿元，相较于2021年的180亿元增长11%。",
        "180亿元",
        "funds_raised",
        "compared_with",
    ),
    (
        "growth_of_the_compared",
        "水滴筹2022年筹款额为200亿元，相较于2021年的180亿元增长11%。",
        "11%",
        "funds_raised_growth",
        "growth",
    ),
    ("named_growth", "水滴公司营收同比增长20%。", "20%", "revenue_growth", "named_growth"),
    ("classifier_noun", "全国共有93家公募基金会。", "93家", "foundations", "classifier_noun"),
    (
        "connector",
        "相互宝会员数从1亿人降至7500万人。",
        "7500万人",
        "members",
        "connector",
    ),
    (
        "forecast_is_no_coverage_limit",
        "报告预测，2025年网络互助的规模最高可达到5000亿元。",
        "5000亿元",
        None,
        None,
    ),
    ("fees_narrowed", "管理费同比收窄30%。", "30%", "management_fee_growth", "named_growth"),
    (
        "rate_noun",
        "2024年公司营收增速预计为10%至15%。",
        "10%至15%",
        "revenue_growth",
        "named_growth",
    ),
    ("claims_ratio", "2023年西湖益联保的赔付率为86%。", "86%", "claims_ratio", "cue_before"),
    ("claims_rate_is_unnamed", "该产品的理赔率为3%。", "3%", None, None),
    ("share_of_members_is_no_count", "有65%的会员表示愿意继续参与。", "65%", None, None),
    # issue 18: growth with no comparison word, results lines, shares, counts of things
    ("bare_growth", "水滴公司第三季度营收7.3亿元，增长20%。", "20%", "revenue_growth", "growth"),
    (
        "bare_growth_traditional",
        "水滴公司第三季度營收7.3億元，增長20%。",
        "20%",
        "revenue_growth",
        "growth",
    ),
    ("no_base_no_growth", "去年增长了20%。", "20%", None, None),
    (
        "net_profit_growth",
        "公司营业收入7.3亿元，较上年同期增长20.5%；净利润1亿元，同比增长50%。",
        "50%",
        "net_profit_growth",
        "growth",
    ),
    ("adjusted_net_profit", "经调整净利润为2亿元。", "2亿元", "adjusted_net_profit", "cue_before"),
    ("claims_ratio_traditional", "西湖益聯保的賠付率為86%。", "86%", "claims_ratio", "cue_before"),
    ("penetration_rate", "惠民保在当地的渗透率达到35%。", "35%", "penetration_rate", "cue_before"),
    ("products", "平台在售產品數達到120款。", "120款", "products", "cue_before"),
    ("products_of_an_industry", "今年1至6月各地共推出惠民保产品近50款。", "近50款", None, None),
    ("project_count", "截至2023年底，该基金会项目数达300个。", "300个", "projects", "cue_before"),
    (
        "insured_no_unit",
        "沪惠保2023年参保人数超过700万。",
        "超过700万",
        "insured_persons",
        "cue_before",
    ),
    (
        "insured_growth",
        "沪惠保参保人数超过700万，同比增长15%。",
        "15%",
        "insured_persons_growth",
        "growth",
    ),
]


@pytest.mark.parametrize(
    ("text", "figure", "value", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_metric(text: str, figure: str, value: str | None, rule: str | None) -> None:
    assert_linked(text, figure, "metric", value, rule)
