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
]


@pytest.mark.parametrize(
    ("text", "figure", "value", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_time(text: str, figure: str, value: str | None, rule: str | None) -> None:
    assert_linked(text, figure, "time", value, rule)
