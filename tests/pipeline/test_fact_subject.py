"""The subject resolver (extract/pipeline/fact_subject.py) on sentences written for it: the
organisation a figure is about, and the rule that chose it (`link.subject`)."""

from __future__ import annotations

import pytest

from tests.pipeline.linked import assert_linked

CASES = [
    # (id, text, figure, subject name, rule)
    ("nearest_before", "水滴筹累计筹款超过500亿元。", "超过500亿元", "水滴筹", "nearest_before"),
    (
        "relative_after",
        "累计筹款金额超过300亿元的水滴筹，是国内最大的大病筹款平台。",
        "超过300亿元",
        "水滴筹",
        "relative_after",
    ),
    (
        "anaphor_next_sentence",
        "水滴筹是一家大病筹款平台。该平台累计筹款超过500亿元。",
        "超过500亿元",
        "水滴筹",
        "anaphor",
    ),
    (
        "bare_platform_refers_back",
        "轻松筹成立于2014年。平台目前已有6亿用户。",
        "6亿",
        "轻松筹",
        "anaphor",
    ),
    (
        "joins_after",
        "截至2023年底，累计超过5000万人加入了水滴互助。",
        "超过5000万人",
        "水滴互助",
        "joins_after",
    ),
    ("uses_after", "目前已有1亿人使用相互宝。", "1亿人", "相互宝", "joins_after"),
    (
        "speaker_next_sentence",
        "我们今年帮助了3000个家庭。中华少年儿童慈善救助基金会秘书长说。",
        "3000个家庭",
        "中华少年儿童慈善救助基金会",
        "speaker",
    ),
    (
        "speaker_after_quote",
        "“我们去年共接收捐赠2.5亿元。”中华慈善总会副秘书长表示。",
        "2.5亿元",
        "中华慈善总会",
        "speaker",
    ),
    (
        "own_statistics",
        "水滴筹平台的数据显示，2022年共有15万名患者通过平台发起筹款。",
        "15万名",
        "水滴筹",
        "carried",
    ),
    (
        "dated_maker_is_no_subject",
        "蚂蚁集团2018年10月上线的相互宝，会员一度超过1亿人。",
        "超过1亿人",
        "相互宝",
        "carried",
    ),
    (
        "product_lead_of_the_paragraph",
        "“沪惠保”于2021年4月上线。首年参保人数达739万人。",
        "739万人",
        "沪惠保",
        "lead",
    ),
    (
        "lead_is_not_an_industry_total",
        "水滴筹成立于2016年。网络互助行业会员规模一度超过1亿人。",
        "超过1亿人",
        None,
        None,
    ),
    ("share_joining_is_a_survey", "调查显示，40%的会员选择了相互宝。", "40%", None, None),
    # references back beyond the sentence (issue 18)
    (
        "breakdown_refers_back",
        "水滴公司2023年营收27亿元。其中，筹款服务收入5亿元。",
        "5亿元",
        "水滴公司",
        "carried",
    ),
    (
        "breakdown_traditional",
        "水滴公司2023年營收27億元。其中，籌款服務收入5億元。",
        "5亿元",
        "水滴公司",
        "carried",
    ),
    ("breakdown_of_a_report", "民政部发布了报告。其中，社会团体37.1万个。", "37.1万个", None, None),
    (
        "typed_antecedent_platform",
        "輕鬆籌是一家大病籌款平台。\n香港方面，據報道，該平台今年籌款超過3億元。",
        "超过3亿元",
        "轻松筹",
        "typed_antecedent",
    ),
    (
        "typed_antecedent_company",
        "众安保险发布年报。\n年报显示，该公司全年保费收入达300亿元。",
        "300亿元",
        "众安保险",
        "typed_antecedent",
    ),
    (
        "bare_platform_may_be_unnamed",
        "水滴筹累计筹款超过500亿元。\n香港方面，本地慈善平台上月筹款超过3亿元，平台帮助超过2万名患者。",
        "超过2万名",
        None,
        None,
    ),
    (
        "speaker_before_quote",
        "中华慈善总会副秘书长张三表示，“我们今年帮助了3000个家庭。”",
        "3000个家庭",
        "中华慈善总会",
        "speaker",
    ),
    (
        "speaker_previous_sentence",
        "中华慈善总会副秘书长张三说。\n“我们去年筹得2.5亿元。”",
        "2.5亿元",
        "中华慈善总会",
        "speaker",
    ),
    (
        "speaker_label",
        "水滴公司副總裁李四：我們今年的用戶數超過4億人。",
        "超过4亿人",
        "水滴公司",
        "speaker",
    ),
    (
        "heading_over_list",
        "水滴公司2023年業績：\n- 營收27億元\n- 淨利潤3.5億元",
        "3.5亿元",
        "水滴公司",
        "heading",
    ),
    (
        "bare_heading_over_list",
        "沪惠保\n- 参保人数达739万人\n- 赔付金额达5亿元",
        "5亿元",
        "沪惠保",
        "heading",
    ),
    (
        "title_of_a_notice",
        "关于“杭惠保”2024年度参保情况的通报\n本年度参保人数达到350万人，较上年增长12%。",
        "350万人",
        "杭惠保",
        "title",
    ),
    (
        "title_growth",
        "关于“杭惠保”2024年度参保情况的通报\n本年度参保人数达到350万人，较上年增长12%。",
        "12%",
        "杭惠保",
        "title",
    ),
    (
        "title_not_a_city_total",
        "关于“杭惠保”2024年度参保情况的通报\n本年度参保人数达到350万人。\n全市医保参保人数约1000万人。",
        "约1000万人",
        None,
        None,
    ),
    (
        "title_not_an_industry_total",
        "杭惠保上线三年\n专家认为，惠民保行业参保人数已超过1.4亿人。",
        "超过1.4亿人",
        None,
        None,
    ),
    # precision first: a reporter, a registrar, a university of students, a survey's sample
    (
        "white_paper",
        "中国保险行业协会白皮书显示，惠民保累计参保人数达1.4亿人。",
        "1.4亿人",
        None,
        None,
    ),
    ("regulator_reports", "国家医保局数据显示，全国参保人数达13.4亿人。", "13.4亿人", None, None),
    ("registrar", "民政部登记的社会组织已超过90万个。", "超过90万个", None, None),
    ("students", "清华大学学生调查显示，平均月消费为2000元。", "2000元", None, None),
    (
        "survey_sample",
        "水滴筹发布的调查显示，受访用户的平均年收入为6.5万元。",
        "6.5万元",
        None,
        None,
    ),
    ("speaker_not_named", "我们今年帮助了3000个家庭。", "3000个家庭", None, None),
    ("list_names_no_one", "水滴筹、轻松筹等平台累计筹款超过800亿元。", "超过800亿元", None, None),
]


@pytest.mark.parametrize(
    ("text", "figure", "value", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_subject(text: str, figure: str, value: str | None, rule: str | None) -> None:
    assert_linked(text, figure, "subject", value, rule)
