"""Cases for tests/pipeline/test_fact_recall.py (issue 18, fourth pass): subject recall on a
results announcement and a scheme's page, on sentences written for them (positive and
negative, Simplified and Traditional): the issuer defined once (X（「本公司」）) owns the
figures of sentences naming nobody else (`issuer`), a page's title is found under its
navigation line (`title`), 其中 breaking down a place's total names no title's organisation,
and a scheme's beneficiaries are a lead's metric."""

from __future__ import annotations

ISSUER = "晴川健康科技集团有限公司（「本公司」）董事会宣布本公司截至2024年12月31日止年度之业绩。"
ISSUER_TC = "晴川健康科技集團有限公司（“本公司”）董事會欣然宣佈中期業績。"

SUBJECTS = [
    # (id, text, figure, subject, rule)
    # a financial summary naming nobody: the issuer's
    (
        "summary",
        f"{ISSUER}\n\n财务摘要\n\n收入为人民币18.5亿元，较上年增长21.1%。",
        "人民币18.5亿元",
        "晴川健康科技集团有限公司",
        "issuer",
    ),
    (
        "summary_margin",
        f"{ISSUER}\n\n财务摘要\n\n毛利为人民币4.1亿元，毛利率为21.8%。",
        "21.8%",
        "晴川健康科技集团有限公司",
        "issuer",
    ),
    (
        "summary_tc",
        f"{ISSUER_TC}\n\n期內毛利為人民幣3.2億元。",
        "人民币3.2亿元",
        "晴川健康科技集团有限公司",
        "issuer",
    ),
    (
        "defined_company",
        "北辰医疗科技股份有限公司（以下简称“公司”）发布年度报告。\n\n"
        "报告期内，服务参保人数约2,860万人。",
        "约2,860万人",
        "北辰医疗科技股份有限公司",
        "issuer",
    ),
    (
        "patients_tc",
        f"{ISSUER_TC}\n\n報告期內，服務患者約1,120萬人次。",
        "约1,120万人次",
        "晴川健康科技集团有限公司",
        "issuer",
    ),
    # not a short name defined for another company, nor a figure before the definition
    (
        "short_name_only",
        "北辰医疗科技股份有限公司（以下简称“北辰”）发布年度报告。\n\n收入为人民币18.5亿元。",
        "人民币18.5亿元",
        None,
        None,
    ),
    (
        "before_definition",
        f"全年收入为人民币18.5亿元\n\n{ISSUER}",
        "人民币18.5亿元",
        None,
        None,
    ),
    # ... nor a sentence naming another owner, a total over a place, or a trade's measure
    (
        "other_owner",
        f"{ISSUER}\n\n水滴筹全年筹款30亿元。",
        "30亿元",
        "水滴筹",
        "nearest_before",
    ),
    (
        "place_total",
        f"{ISSUER}\n\n全国惠民保参保人次约1.6亿。",
        "约1.6亿",
        None,
        None,
    ),
    (
        "trade_measure_tc",
        f"{ISSUER_TC}\n\n董事會認為，普惠型健康險的滲透率仍有約三分之一的提升空間。",
        "约三分之一",
        None,
        None,
    ),
    # a scheme's page: its title under the navigation line names the scheme
    (
        "title_under_nav",
        "首页 | 锦川 | 健康\n锦惠保2023年度赔付2.9亿元\n\n"
        "从年龄看，60岁以上参保人获得的赔付为1.74亿元。",
        "1.74亿元",
        "锦惠保",
        "title",
    ),
    (
        "title_under_nav_tc",
        "首頁 | 錦川 | 健康\n錦惠保2023年度賠付2.9億元\n\n"
        "從年齡看，既往症人群的賠付金額約9千6百萬元。",
        "约9千6百万元",
        "锦惠保",
        "title",
    ),
    (
        "title_after_prose",
        "首页 | 锦川 | 健康\n本市参保人数达到350万人。\n锦惠保2023年度赔付2.9亿元\n\n"
        "60岁以上参保人获得的赔付为1.74亿元。",
        "1.74亿元",
        None,
        None,
    ),
    # a scheme's beneficiaries (惠及) are its own, as its claims are; not a place's total
    (
        "scheme_beneficiaries",
        "2024年度澄惠保参保人数为128.6万人。截至10月底，累计赔付2.71亿元，惠及3万2千余人次。",
        "3万2千余人次",
        "澄惠保",
        "lead",
    ),
    (
        "scheme_beneficiaries_tc",
        "2024年度澄惠保參保人數為128.6萬人。截至10月底，累計賠付2.71億元，惠及3萬2千餘人次。",
        "3万2千余人次",
        "澄惠保",
        "lead",
    ),
    (
        "scheme_beneficiaries_product",
        "2024年度澄惠保参保人数为128.6万人。截至10月底，该产品累计惠及3万2千余人次。",
        "3万2千余人次",
        "澄惠保",
        "lead",
    ),
    (
        "place_beneficiaries",
        "2024年度澄惠保参保人数为128.6万人。全市累计惠及3万2千余人次。",
        "3万2千余人次",
        None,
        None,
    ),
    (
        "place_beneficiaries_tc",
        "2024年度澄惠保參保人數為128.6萬人。全市累計惠及3萬2千餘人次。",
        "3万2千余人次",
        None,
        None,
    ),
    # 其中 opening a clause names the title's organisation, unless it breaks down a total
    (
        "title_breakdown",
        "锦惠保2023年度赔付2.9亿元\n\n多数患者曾发起求助，其中约三成患者参保。",
        "约三成",
        "锦惠保",
        "title",
    ),
    (
        "title_breakdown_tc",
        "錦惠保2023年度賠付2.9億元\n\n多數患者曾發起求助，其中約三成患者參保。",
        "约三成",
        "锦惠保",
        "title",
    ),
    (
        "place_total_breakdown",
        "锦惠保2023年度赔付2.9亿元\n\n全市约有2.1万名患者发起求助，其中约三成患者参保。",
        "约三成",
        None,
        None,
    ),
    (
        "place_total_breakdown_tc",
        "錦惠保2023年度賠付2.9億元\n\n全市約有2.1萬名患者發起求助，其中約三成患者參保。",
        "约三成",
        None,
        None,
    ),
]
