"""Cases for tests/pipeline/test_fact_recall.py (issue 18, fifth pass): the story's organisation
(`story`) owns the figures of an article about it that name no one, on short documents written
for them (positive and negative, Simplified and Traditional), and the `carried` guards.
Negatives: another organisation named (or reporting: 据X统计), a total over a place or a trade,
a survey's sample, a norm, a condition, one person's case, another organisation's heading,
related news, a 其中 after a sentence about others, two organisations of similar weight, a
story's organisation that only reports (a ministry), and a clause with its own subject."""

from __future__ import annotations

# a fund's annual report: title, dateline, lead, then figures naming no one
FUND_HEAD = (
    "明川助学基金会发布2024年度报告\n\n"
    "晨报讯　2025年3月2日\n\n"
    "明川助学基金会昨日发布2024年度报告，明川助学基金会表示去年项目运行平稳。\n\n"
)
FUND_HEAD_TC = (
    "明川助學基金會發布年度報告\n\n"
    "明川助學基金會昨日發布2024年度報告，明川助學基金會表示去年項目運行平穩。\n\n"
)
# a listing: the company named in the title and the lead
LISTING_HEAD = (
    "晴岚健康科技集团今日上市\n\n"
    "晴岚健康科技集团今日在香港联合交易所主板挂牌，晴岚健康科技集团管理层出席仪式。\n\n"
)
FUND = "明川助学基金会"
CO = "晴岚健康科技集团"

SUBJECTS = [
    # (id, text, figure, subject, rule)
    ("story_amount", f"{FUND_HEAD}全年公益支出为1.2亿元，同比增长8.5%。", "1.2亿元", FUND, "story"),
    ("story_growth", f"{FUND_HEAD}全年公益支出为1.2亿元，同比增长8.5%。", "8.5%", FUND, "story"),
    ("story_count", f"{FUND_HEAD}去年新建图书室320个。", "320个", FUND, "story"),
    ("story_share", f"{FUND_HEAD}管理费用占总支出的4.3%。", "4.3%", FUND, "story"),
    ("story_tc", f"{FUND_HEAD_TC}全年公益支出為新臺幣1.2億元。", "新台币1.2亿元", FUND, "story"),
    ("story_tc_share", f"{FUND_HEAD_TC}行政費用佔總支出的4.3%。", "4.3%", FUND, "story"),
    ("story_listing", f"{LISTING_HEAD}发售价定为每股8.60港元。", "8.60港元", CO, "story"),
    (
        "story_global_offer",
        f"{LISTING_HEAD}此次全球发售1亿股，每股8.60港元。",
        "8.60港元",
        CO,
        "story",
    ),
    (
        # 其中 opening a sentence after one about the story: the title's (rule `title`)
        "story_breakdown",
        f"{LISTING_HEAD}集资总额约10亿港元。其中约四成用于研发。",
        "约四成",
        CO,
        "title",
    ),
    ("story_place_scope", f"{FUND_HEAD}去年已在全市设立132个助学点。", "132个", FUND, "story"),
    ("story_partner", f"{FUND_HEAD}去年联合星河公益基金会上线38个项目。", "38个", FUND, "story"),
    # another organisation named, or reporting, keeps the figure from the story
    (
        "other_named",
        f"{FUND_HEAD}远帆基金会去年支出约3亿元。",
        "约3亿元",
        "远帆基金会",
        "nearest_before",
    ),
    ("other_in_sentence", f"{FUND_HEAD}去年支出约3亿元，远帆基金会次之。", "约3亿元", None, None),
    (
        "other_reporter",
        f"{FUND_HEAD}据北岭研究院统计，去年共有186个项目结项。",
        "186个",
        None,
        None,
    ),
    (
        "other_with",
        f"{FUND_HEAD}本会已与远帆保险公司达成合作，保费为每人99元。",
        "99元",
        None,
        None,
    ),
    # totals over a place or a trade, a survey's sample, a norm, a condition, one person
    ("total_place", f"{FUND_HEAD}全市登记的慈善组织共486家。", "486家", None, None),
    (
        "total_trade",
        f"{FUND_HEAD}行业平台数量增长到约40家，但会员不足500万人。",
        "不足500万人",
        None,
        None,
    ),
    ("total_hk", f"{FUND_HEAD}全港共批出籌款許可證1,274個。", "1,274个", None, None),
    ("sample_after", f"{FUND_HEAD}约七成受访捐款人希望公开善款用途。", "约七成", None, None),
    ("norm", f"{FUND_HEAD}公益支出占上年总收入的92.6%，高于法定的70%。", "70%", None, None),
    (
        "condition",
        f"{FUND_HEAD}对于筹款超过30万元的项目，本会将直接拨付医院。",
        "超过30万元",
        None,
        None,
    ),
    ("person", f"{FUND_HEAD}受助学生的妈妈后续还需要3万元学费。", "3万元", None, None),
    (
        "own_subject",
        f"{FUND_HEAD}当天本会与6家企业签约，企业承诺捐赠1.5亿元。",
        "1.5亿元",
        None,
        None,
    ),
    # 其中 after a sentence about others: theirs, not the story's
    (
        "breakdown_of_others",
        f"{FUND_HEAD}据北岭研究院统计，今年共有41家机构获评。其中约三分之一为基金会。",
        "约三分之一",
        None,
        None,
    ),
    # another organisation's heading over a list
    (
        "other_heading",
        f"{FUND_HEAD}远帆基金会2024年业绩：\n\n支出3亿元\n\n项目214个",
        "3亿元",
        "远帆基金会",
        "heading",
    ),
    # related news at the end of the page
    (
        "related",
        f"{FUND_HEAD}去年新建图书室320个。\n\n相关新闻：去年全年新增图书室80个",
        "80个",
        None,
        None,
    ),
    (
        "related_tc",
        f"{FUND_HEAD_TC}去年新建圖書室320個。\n\n延伸閱讀：去年新增圖書室80個",
        "80个",
        None,
        None,
    ),
    # two organisations of similar weight: no story
    (
        "two_candidates",
        "明川助学基金会与远帆基金会联合发布报告\n\n"
        "明川助学基金会和远帆基金会昨日发布报告，远帆基金会表示运行平稳。\n\n"
        "去年新建图书室320个。",
        "320个",
        None,
        None,
    ),
    # a story's organisation that only reports (a ministry): none
    (
        "reporter_story",
        "民政部通报互联网募捐平台考核结果\n\n"
        "民政部昨日通报考核结果，民政部表示平台运行平稳。\n\n"
        "评定为优秀的平台7家。",
        "7家",
        None,
        None,
    ),
    # one mention outside the title and the lead: no story
    (
        "not_led",
        "年度报告\n\n今年运行平稳。\n\n远帆基金会昨日表示。去年新建图书室320个。",
        "320个",
        None,
        None,
    ),
]
