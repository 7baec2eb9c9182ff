"""Issue 18, third pass: the rules added for subject recall and count / percentage metrics, on
sentences written for them (positive and negative, Simplified and Traditional): year-on-year
changes (按年, 年增), changes in percentage points, the lexicon's new cues, subjects not carried
from a reporter, bare 公司 / 集团 in a results report, and a notice's long title."""

from __future__ import annotations

import pytest

from tests.pipeline.fact_issuer_cases import SUBJECTS as ISSUER_SUBJECTS
from tests.pipeline.fact_story_cases import SUBJECTS as STORY_SUBJECTS
from tests.pipeline.linked import assert_linked

METRICS = [
    # (id, text, figure, metric, rule)
    # year on year (按年, 年增): Hong Kong and Taiwan usage, a growth of the figure before
    ("yoy_hk", "集團期內錄得總保費約168億元，按年增長7.9%。", "7.9%", "premium_growth", "growth"),
    ("yoy_fall", "水滴公司营收25亿元，按年下跌9.4%。", "9.4%", "revenue_growth", "growth"),
    ("yoy_quarter", "水滴筹筹款额为30亿元，按季上升5%。", "5%", "funds_raised_growth", "growth"),
    (
        "yoy_taiwan",
        "實際勸募所得約新臺幣142億元，年增約一成。",
        "约一成",
        "funds_raised_growth",
        "growth",
    ),
    ("yoy_no_base", "按年增长7.9%。", "7.9%", None, None),
    # a change in percentage points changes a rate: no growth of the amount or count before
    (
        "points_no_growth",
        "共有142万人参保，参保率为38.6%，较上一年度提高4.1个百分点。",
        "4.1个百分点",
        None,
        None,
    ),
    (
        "points_traditional",
        "保費收入101億元，較去年同期改善1.3個百分點。",
        "1.3个百分点",
        None,
        None,
    ),
    (
        "percent_still_growth",
        "共有142万人参保，较上一年度增长4.1%。",
        "4.1%",
        "insured_persons_growth",
        "growth",
    ),
    # service and administration fees are the management fee
    ("service_fee_rate", "平台收取的服务费率统一为3%。", "3%", "management_fee_rate", "cue_before"),
    (
        "admin_fee_rate",
        "平台向每宗成功個案收取5%行政費。",
        "5%",
        "management_fee_rate",
        "noun_after",
    ),
    (
        "service_fee_income",
        "2023年平台服务费收入约1.16亿元。",
        "约1.16亿元",
        "management_fee",
        "cue_before",
    ),
    (
        "admin_fee_income",
        "去年行政費收入約1,560萬港元。",
        "约1,560万港元",
        "management_fee",
        "cue_before",
    ),
    ("income_still_revenue", "水滴公司一季度收入约7亿元。", "约7亿元", "revenue", "cue_before"),
    # donations solicited (劝募) and 善款
    (
        "solicited",
        "去年實際勸募所得約新臺幣142億元。",
        "约新台币142亿元",
        "funds_raised",
        "cue_before",
    ),
    (
        "solicit_cap",
        "核准勸募金額上限合計新臺幣86億元。",
        "新台币86亿元",
        "funds_raised_target",
        "cue_before",
    ),
    ("solicit_cases", "去年共核准勸募案件781件。", "781件", "applications", "cue_before"),
    (
        "donated_money",
        "平台累计协助病人，善款总额约11亿港元。",
        "约11亿港元",
        "funds_raised",
        "cue_before",
    ),
    # claims and those helped
    ("claim_applications", "全年处理理赔申请约96.5万件。", "约96.5万件", "claims", "cue_before"),
    ("claimants", "既往症人群获赔人次为6380人次。", "6380人次", "claims", "cue_before"),
    (
        "families_by_ge",
        "平台累计帮助超过48万个大病家庭。",
        "超过48万个",
        "families_helped",
        "classifier_noun",
    ),
    ("families_after", "去年帮助大病家庭逾12万个。", "逾12万个", "families_helped", "cue_before"),
    ("ge_still_projects", "平台上线了1200个项目。", "1200个", "projects", "classifier_noun"),
    ("covered", "该制度覆盖全国约1.26亿人。", "约1.26亿人", "insured_persons", "cue_before"),
    ("covered_cities_no", "该产品已覆盖27个城市。", "27个", None, None),
    ("volunteers", "基金会注册志愿者人数达3000人。", "3000人", "volunteers", "cue_before"),
    ("beneficiaries_count", "项目受益人数超过2万人。", "超过2万人", "beneficiaries", "cue_before"),
    ("clients", "银行客户数约92万人。", "约92万人", "users", "cue_before"),
    # new names: a market share and a renewal rate
    ("market_share", "该产品市场份额约为35%。", "约为35%", "market_share", "cue_before"),
    ("market_share_tw", "該公司市場佔有率達兩成。", "两成", "market_share", "cue_before"),
    ("renewal_rate", "惠民保续保率超过60%。", "超过60%", "renewal_rate", "cue_before"),
    # the most one claimant was paid is a payout, not the cover's limit: null
    ("top_payout_null", "单人最高获赔86.4万元。", "86.4万元", None, None),
    ("top_single_null", "其中单笔最高为30万元。", "30万元", None, None),
    ("limit_still", "参保人最高可获得300万元保障。", "300万元", "coverage_limit", "cue_before"),
    # a change ending at 涨到 carries the start's metric
    ("rise_to", "平均保费从59元涨到83元。", "83元", "premium", "connector"),
    # a list of counts shares its metric: the noun after the last one, or the cue before the first
    (
        "list_shared_noun",
        "基金会分别资助了120个和80个项目。",
        "120个",
        "projects",
        "classifier_noun",
    ),
    (
        "list_shared_noun_tc",
        "基金會分別資助了120個及80個項目。",
        "120个",
        "projects",
        "classifier_noun",
    ),
    (
        "list_shared_cue",
        "平台拦截的违规项目分别为1.2万个、9800个和7650个。",
        "9800个",
        "noncompliant_projects",
        "connector",
    ),
    ("list_own_noun", "平台上线了1200个项目和300个家庭。", "1200个", "projects", "classifier_noun"),
    ("list_no_cue", "基金会资助了120家和80家公益机构。", "120家", None, None),
    # noncompliant projects
    (
        "noncompliant",
        "平台拦截的疑似违规求助项目为1.2万个。",
        "1.2万个",
        "noncompliant_projects",
        "cue_before",
    ),
]


@pytest.mark.parametrize(
    "text, figure, value, rule", [c[1:] for c in METRICS], ids=[c[0] for c in METRICS]
)
def test_metric(text: str, figure: str, value: str | None, rule: str | None) -> None:
    assert_linked(text, figure, "metric", value, rule)


SUBJECTS = [
    # (id, text, figure, subject, rule)
    # a bare 公司 / 集团 / 本集团 opening its clause: the company named before
    (
        "bare_company",
        "水滴公司公布一季度业绩。\n\n费用方面，公司一季度销售费用为3.95亿元。",
        "3.95亿元",
        "水滴公司",
        "typed_antecedent",
    ),
    (
        "bare_group_tc",
        "眾安保險昨日公布中期業績。\n\n集團期內錄得總保費約168億元。",
        "约168亿元",
        "众安保险",
        "anaphor",
    ),
    (
        "own_group",
        "水滴公司公布年度业绩。\n\n本集团全年收入为27亿元。",
        "27亿元",
        "水滴公司",
        "anaphor",
    ),
    # ... not a bare 平台 (maybe an unnamed one), nor 公司 inside a phrase
    ("bare_platform_none", "探索平台自律。\n\n平台帮助了3000个家庭。", "3000个家庭", None, None),
    ("company_unnamed", "一家科技公司获得融资。\n\n公司收入为3亿元。", "3亿元", None, None),
    # a subject left out is not carried from a reporter (a regulator's label, research data)
    (
        "regulator_label",
        "金融监管总局：前三季度商业健康险保费收入同比增长8.2%。",
        "8.2%",
        None,
        None,
    ),
    (
        "research_data",
        "我看到南开大学的数据：2023年惠民保参保人次约1.6亿。",
        "约1.6亿",
        None,
        None,
    ),
    (
        "government_carried",
        "民政部发布《2022年慈善项目实施方案》，将支持10个项目。",
        "10个",
        "民政部",
        "carried",
    ),
    (
        "company_carried",
        "水滴公司发布财报，营收同比增长12%。",
        "12%",
        "水滴公司",
        "carried",
    ),
    # a survey's figures describe the people asked
    ("survey", "他引述轻松筹的调查指，约七成受访者愿意捐款。", "约七成", None, None),
    ("survey_tc", "他引述輕鬆籌的調查指，約七成受訪者願意捐款。", "约七成", None, None),
    # a notice's long title names the product its figures are about
    (
        "notice_title",
        "澄州市医疗保障局关于做好2025年度“渝惠保”参保工作的有关事项通知\n\n"
        "一、保费\n\n保费为每人69元，较上一年度上涨10元。",
        "69元",
        "渝惠保",
        "title",
    ),
    (
        "title_with_sentence_end",
        "澄州市医疗保障局关于做好“渝惠保”参保工作。今年参保人数增加。\n\n保费为每人69元。",
        "69元",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    "text, figure, value, rule",
    [c[1:] for c in SUBJECTS + ISSUER_SUBJECTS + STORY_SUBJECTS],
    ids=[c[0] for c in SUBJECTS + ISSUER_SUBJECTS + STORY_SUBJECTS],
)
def test_subject(text: str, figure: str, value: str | None, rule: str | None) -> None:
    assert_linked(text, figure, "subject", value, rule)
