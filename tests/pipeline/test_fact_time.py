"""The time resolver (extract/pipeline/fact_time.py) on sentences written for it: the time
that scopes a figure (its value, or its text when unresolved) and the rule (`link.time`)."""

from __future__ import annotations

import pytest

from tests.pipeline.linked import assert_linked

RANGE = "2019年至2021年，水滴筹的筹款额分别为100亿元、150亿元和200亿元。"
MONTHS = "2023年1月至3月，水滴筹的筹款额分别为20亿元、30亿元和25亿元。"
LIST = "2020年和2021年，相互宝的分摊金额分别为50亿元和70亿元。"
COMPARED = "水滴筹2022年筹款额为200亿元，相较于2021年的180亿元增长11%。"

CASES = [
    # (id, text, figure, time, rule)
    ("leading", "2020年，相互宝的管理费为7.29亿元。", "7.29亿元", "2020", "leading"),
    ("clause_before", "水滴公司2022年营收25亿元。", "25亿元", "2022", "clause_before"),
    ("bracketed", "水滴筹筹款额300亿元（2022年）。", "300亿元", "2022", "bracketed"),
    ("range_respectively_1", RANGE, "100亿元", "2019", "respectively"),
    ("range_respectively_2", RANGE, "150亿元", "2020", "respectively"),
    ("range_respectively_3", RANGE, "200亿元", "2021", "respectively"),
    ("months_respectively", MONTHS, "30亿元", "2023-02", "respectively"),
    ("list_respectively_1", LIST, "50亿元", "2020", "respectively"),
    ("list_respectively_2", LIST, "70亿元", "2021", "respectively"),
    (
        "since_until_now",
        "从2016年上线至今，水滴筹累计筹款超过500亿元。",
        "超过500亿元",
        "2016/..",
        "leading",  # the time engine reads 从X…至今 as the open interval itself (issue 16)
    ),
    (
        "growth_takes_its_base_time",
        "水滴公司2022年营收25亿元，同比增长20%。",
        "20%",
        "2022",
        "growth_base",
    ),
    ("compared_date", COMPARED, "180亿元", "2021", "compared_date"),
    ("growth_not_the_comparison_year", COMPARED, "11%", "2022", "growth_base"),
    (
        "later_leading_clause",
        "2023年，相互宝会员人数为1亿人；到2024年，会员人数下降至7000万人。",
        "7000万人",
        "2024",
        "leading",
    ),
    ("comparison_base_only", "较2020年增长15%。", "15%", None, None),
    # issue 18: the figure's own period over a clause chain, and over a list under a heading
    ("chain", "2024年全年，水滴公司营收30亿元，净利润3亿元。", "3亿元", "2024", "leading"),
    ("chain_not_leading", "水滴公司2024年全年营收30亿元，净利润3亿元。", "3亿元", "2024", "chain"),
    ("chain_traditional", "水滴公司2024年全年營收30億元，淨利潤3億元。", "3亿元", "2024", "chain"),
    ("chain_stops_at_now", "水滴公司2023年营收27亿元，目前用户数4亿人。", "4亿人", None, None),
    (
        "chain_stops_at_total",
        "水滴筹2023年筹款80亿元，累计筹款超过500亿元。",
        "超过500亿元",
        None,
        None,
    ),
    (
        "chain_not_a_change_start",
        "水滴筹的筹款额由去年的200万元提高到300万元。",
        "300万元",
        None,
        None,
    ),
    (
        "growth_own_year",
        "水滴公司2023年营收27亿元，较2022年增长20%。",
        "20%",
        "2023",
        "growth_base",
    ),
    (
        "growth_not_compared_year",
        "2023年，轻松筹筹款额为80亿元，与2022年相比增长10%。",
        "10%",
        "2023",
        "leading",
    ),
    (
        "heading_date",
        "水滴公司2023年業績：\n- 營收27億元\n- 淨利潤3.5億元",
        "27亿元",
        "2023",
        "heading",
    ),
    (
        "heading_date_scope",
        "截至2024年6月底：\n- 累计筹款500亿元\n- 帮助患者300万人",
        "300万人",
        "2024-06",
        "heading",
    ),
]


@pytest.mark.parametrize(
    ("text", "figure", "value", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_time(text: str, figure: str, value: str | None, rule: str | None) -> None:
    assert_linked(text, figure, "time", value, rule)
