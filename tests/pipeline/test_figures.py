"""Figure recognition on phrases written for these tests (not taken from the seeds).

Each case is a sentence and the complete list of figures it holds, as
(span text, type, value, currency or unit, qualifier, range); an empty list means "no figure".
Simplified and Traditional phrases side by side: the Doc text is Simplified, but characters the
converter leaves (萬 億 兩 個 餘) must still parse.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest
import spacy
from pydantic import ValidationError

from extract.pipeline.annotations import Found
from extract.pipeline.figures import FigureRules, find_figures, load_grammar
from extract.rules import load_yaml


class Fig(NamedTuple):
    text: str
    type: str
    value: Decimal
    detail: str | None  # currency for amounts, unit for counts and percentages
    qualifier: str | None
    range: tuple[Decimal, Decimal] | None


def amount(text: str, value: str, cur: str = "CNY", q: str | None = None, rng=None) -> Fig:
    return Fig(text, "amount", Decimal(value), cur, q, _rng(rng))


def count(text: str, value: str, unit: str, q: str | None = None, rng=None) -> Fig:
    return Fig(text, "count", Decimal(value), unit, q, _rng(rng))


def pct(text: str, value: str, q: str | None = None, rng=None, unit: str = "percent") -> Fig:
    return Fig(text, "percentage", Decimal(value), unit, q, _rng(rng))


def _rng(rng: tuple[str, str] | None) -> tuple[Decimal, Decimal] | None:
    return None if rng is None else (Decimal(rng[0]), Decimal(rng[1]))


def as_fig(text: str, f: Found) -> Fig:
    detail = f.fields.get("currency") or f.fields.get("unit")
    r = f.fields["range"]
    return Fig(
        text[f.start : f.end],
        f.type,
        f.fields["value"],
        detail,
        f.fields["qualifier"],
        None if r is None else (r["low"], r["high"]),
    )


CASES: list[tuple[str, str, list[Fig]]] = [
    # --- amounts: Arabic digits with scales and currencies
    ("amt_yi_yuan", "公司去年营收达到7.29亿元。", [amount("7.29亿元", "729000000")]),
    ("amt_wan_usd", "本轮融资金额为5000万美元。", [amount("5000万美元", "50000000", "USD")]),
    ("amt_plain_yuan", "每人每年只需缴纳59元。", [amount("59元", "59")]),
    ("amt_thousands_sep", "单笔最高赔付1,280,000元。", [amount("1,280,000元", "1280000")]),
    ("amt_fullwidth", "本月支出１２３元。", [amount("１２３元", "123")]),
    ("amt_hkd", "全年净利润约3.5亿港元。", [amount("约3.5亿港元", "350000000", "HKD", "about")]),
    ("amt_hkd_bi", "集团派息2000万港币。", [amount("2000万港币", "20000000", "HKD")]),
    ("amt_eur", "今年亏损2.5亿欧元。", [amount("2.5亿欧元", "250000000", "EUR")]),
    ("amt_gbp", "收购价为8亿英镑。", [amount("8亿英镑", "800000000", "GBP")]),
    ("amt_jpy", "约合1.2万日元。", [amount("约合1.2万日元", "12000", "JPY", "about")]),
    ("amt_renminbi_suffix", "获赔30万人民币。", [amount("30万人民币", "300000")]),
    ("amt_renminbi_prefix", "注册资本人民币5000万元。", [amount("人民币5000万元", "50000000")]),
    ("amt_hkd_prefix", "成交额港币3000万元。", [amount("港币3000万元", "30000000", "HKD")]),
    ("amt_twd_prefix", "售价新台币3000元。", [amount("新台币3000元", "3000", "TWD")]),
    ("amt_symbol_yen", "客单价￥1,280。", [amount("￥1,280", "1280")]),
    ("amt_symbol_usd", "估值达US$300万。", [amount("US$300万", "3000000", "USD")]),
    ("amt_kuaiqian", "每月只要5块钱。", [amount("5块钱", "5")]),
    ("amt_qianyuan", "人均花费3千元。", [amount("3千元", "3000")]),
    ("amt_wanyi", "资产总额达1.2万亿元。", [amount("1.2万亿元", "1200000000000")]),
    ("amt_space_tokenised", "筹到 80 亿元 治病钱", [amount("80 亿元", "8000000000")]),
    # --- amounts: Chinese numerals
    ("amt_cn_qian_bai_wan", "项目获得一千二百万元资助。", [amount("一千二百万元", "12000000")]),
    ("amt_cn_liang_yi", "计划投入两亿元。", [amount("两亿元", "200000000")]),
    ("amt_cn_decimal", "年营收三点五亿元。", [amount("三点五亿元", "350000000")]),
    ("amt_cn_shi_wan", "奖励十万元。", [amount("十万元", "100000")]),
    ("amt_cn_wan_wu", "赔偿一万五千元。", [amount("一万五千元", "15000")]),
    # --- amounts: qualifiers
    ("amt_over_chaoguo", "单笔捐款超过100万元。", [amount("超过100万元", "1000000", q="over")]),
    ("amt_over_chao", "筹到超80亿元。", [amount("超80亿元", "8000000000", q="over")]),
    ("amt_over_yu", "累计赔付逾12亿元。", [amount("逾12亿元", "1200000000", q="over")]),
    ("amt_over_tupo", "交易额突破1000亿元。", [amount("突破1000亿元", "100000000000", q="over")]),
    ("amt_over_duo", "投资30多万元。", [amount("30多万元", "300000", q="over")]),
    ("amt_over_yu_after", "筹得款项28万余元。", [amount("28万余元", "280000", q="over")]),
    ("amt_over_yishang", "年收入50万元以上。", [amount("50万元以上", "500000", q="over")]),
    (
        "amt_at_least_han",
        "超过(含)30万元的项目",
        [amount("超过(含)30万元", "300000", q="at_least")],
    ),
    ("amt_at_least_han_fw", "超过（含）5万元", [amount("超过（含）5万元", "50000", q="at_least")]),
    (
        "amt_at_least_han_after",
        "30万元(含)以上",
        [amount("30万元(含)以上", "300000", q="at_least")],
    ),
    ("amt_at_least_zhishao", "至少10万元。", [amount("至少10万元", "100000", q="at_least")]),
    ("amt_at_least_bushaoyu", "不少于500元。", [amount("不少于500元", "500", q="at_least")]),
    ("amt_nearly_jin", "近2000万元。", [amount("近2000万元", "20000000", q="nearly")]),
    ("amt_nearly_jiangjin", "将近2000万元。", [amount("将近2000万元", "20000000", q="nearly")]),
    ("amt_nearly_jiejin", "接近1亿元。", [amount("接近1亿元", "100000000", q="nearly")]),
    ("amt_about_yue", "约1954亿元。", [amount("约1954亿元", "195400000000", q="about")]),
    ("amt_about_zuoyou", "营收300亿元左右。", [amount("300亿元左右", "30000000000", q="about")]),
    ("amt_about_shangxia", "月薪8000元上下。", [amount("8000元上下", "8000", q="about")]),
    ("amt_under_budao", "不到1000元。", [amount("不到1000元", "1000", q="under")]),
    ("amt_under_buzu", "人均不足500元。", [amount("不足500元", "500", q="under")]),
    ("amt_under_diyu", "家庭年收入低于5万元。", [amount("低于5万元", "50000", q="under")]),
    (
        "amt_at_most_buchaoguo",
        "奖金不超过20万元。",
        [amount("不超过20万元", "200000", q="at_most")],
    ),
    ("amt_at_most_yinei", "费用控制在10万元以内。", [amount("10万元以内", "100000", q="at_most")]),
    ("amt_at_most_yixia", "单次5000元以下。", [amount("5000元以下", "5000", q="at_most")]),
    ("amt_at_most_zuigao", "最高50万元。", [amount("最高50万元", "500000", q="at_most")]),
    ("amt_over_leading_le", "捐款超过了1亿元。", [amount("超过了1亿元", "100000000", q="over")]),
    ("amt_bare_scale_tupo", "交易额突破亿元大关。", [amount("突破亿元", "100000000", q="over")]),
    # --- amounts: ranges (value = low bound)
    ("rng_hyphen", "筹得1-5万元善款。", [amount("1-5万元", "10000", rng=("10000", "50000"))]),
    ("rng_wave", "补助1～5万元。", [amount("1～5万元", "10000", rng=("10000", "50000"))]),
    ("rng_zhi", "需要3至5万元。", [amount("3至5万元", "30000", rng=("30000", "50000"))]),
    (
        "rng_dao_both_scaled",
        "年薪10万到20万元。",
        [amount("10万到20万元", "100000", rng=("100000", "200000"))],
    ),
    (
        "rng_both_units",
        "10万元至20万元之间。",
        [amount("10万元至20万元", "100000", rng=("100000", "200000"))],
    ),
    (
        "rng_qian_wan",
        "投入1-5千万元。",
        [amount("1-5千万元", "10000000", rng=("10000000", "50000000"))],
    ),
    (
        "rng_chinese",
        "一千至五千万元。",
        [amount("一千至五千万元", "10000000", rng=("10000000", "50000000"))],
    ),
    (
        "rng_yi_usd",
        "估值5-10亿美元。",
        [amount("5-10亿美元", "500000000", "USD", rng=("500000000", "1000000000"))],
    ),
    # --- amounts: bare 万/亿 made money by context
    ("ctx_money_before", "筹集资金5000万，用于救助。", [amount("5000万", "50000000")]),
    ("ctx_money_before_q", "筹得救助款超过370亿。", [amount("超过370亿", "37000000000", q="over")]),
    ("ctx_money_link", "管理费共计1.2亿。", [amount("1.2亿", "120000000")]),
    ("ctx_money_noun_after", "还需要30万医疗费。", [amount("30万", "300000")]),
    ("ctx_money_noun_after_2", "可获得30万互助金。", [amount("30万", "300000")]),
    ("ctx_money_salary", "他在北京月薪1.5万。", [amount("1.5万", "15000")]),
    ("ctx_money_price", "户型总价300万。", [amount("300万", "3000000")]),
    # --- counts
    ("cnt_ren", "会员人数超过1亿人。", [count("超过1亿人", "100000000", "人", "over")]),
    (
        "cnt_renci",
        "累计服务超过251.1万人次。",
        [count("超过251.1万人次", "2511000", "人次", "over")],
    ),
    ("cnt_wanren", "分摊人数10580.35万人。", [count("10580.35万人", "105803500", "人")]),
    ("cnt_ge_jiating", "帮助了21235个家庭。", [count("21235个家庭", "21235", "家庭")]),
    ("cnt_jiating", "惠及8000家庭。", [count("8000家庭", "8000", "家庭")]),
    ("cnt_jia", "覆盖117家医院。", [count("117家", "117", "家")]),
    ("cnt_ge", "上线1.37万个公益项目。", [count("1.37万个", "13700", "个")]),
    ("cnt_ci", "产生近6300万次捐赠。", [count("近6300万次", "63000000", "次", "nearly")]),
    ("cnt_dan", "全国累计备案773单。", [count("773单", "773", "单")]),
    ("cnt_li", "新增确诊35例。", [count("35例", "35", "例")]),
    ("cnt_wei", "3位专家出席。", [count("3位", "3", "人")]),
    ("cnt_ming", "招募200名志愿者。", [count("200名", "200", "人")]),
    ("cnt_hu", "帮扶5000户。", [count("5000户", "5000", "户")]),
    ("cnt_xiang", "出台3项措施。", [count("3项", "3", "项")]),
    ("cnt_bi", "收到10笔捐款。", [count("10笔", "10", "笔")]),
    ("cnt_jian", "办成五件实事。", [count("五件", "5", "件")]),
    ("cnt_suo", "新建20所学校。", [count("20所", "20", "所")]),
    ("cnt_zuo", "覆盖3座城市。", [count("3座", "3", "座")]),
    ("cnt_fen", "回收1000份问卷。", [count("1000份", "1000", "份")]),
    ("cnt_geren", "只有5个人报名。", [count("5个人", "5", "人")]),
    (
        "cnt_chinese_ge",
        "三个平台关停了两家。",
        [count("三个", "3", "个"), count("两家", "2", "家")],
    ),
    ("cnt_chinese_shiyi", "十一个省份参与。", [count("十一个", "11", "个")]),
    ("cnt_nian_yu", "廿余人到场。", [count("廿余人", "20", "人", "over")]),
    ("cnt_duo_jia", "100多家机构加入。", [count("100多家", "100", "家", "over")]),
    ("cnt_shi_duo", "十多家企业。", [count("十多家", "10", "家", "over")]),
    ("cnt_ershi_duo", "二十多人受伤。", [count("二十多人", "20", "人", "over")]),
    ("cnt_sanshi_duo_wan", "三十多万人参与。", [count("三十多万人", "300000", "人", "over")]),
    ("cnt_yi_duo", "用户1亿多人。", [count("1亿多人", "100000000", "人", "over")]),
    (
        "cnt_wan_qian_yu",
        "获得超过1万3千余次传播。",
        [count("超过1万3千余次", "13000", "次", "over")],
    ),
    ("cnt_at_least", "打造至少100个公益项目。", [count("至少100个", "100", "个", "at_least")]),
    (
        "cnt_qualifier_after_yishang",
        "1亿人以上参与。",
        [count("1亿人以上", "100000000", "人", "over")],
    ),
    ("cnt_range", "每年3到5家。", [count("3到5家", "3", "家", rng=("3", "5"))]),
    (
        "cnt_range_wan_ren",
        "5万人至10万人",
        [count("5万人至10万人", "50000", "人", rng=("50000", "100000"))],
    ),
    ("cnt_renkou", "全国14亿人口。", [count("14亿人", "1400000000", "人")]),
    # --- counts: implied nouns
    ("imp_renshu", "用户人数1500万。", [count("1500万", "15000000", "人")]),
    ("imp_yonghushu_tupo", "用户数突破5000万。", [count("突破5000万", "50000000", "人", "over")]),
    ("imp_canbao", "参保人数超过158万。", [count("超过158万", "1580000", "人", "over")]),
    ("imp_space", "注册用户数突破 2 亿，", [count("突破 2 亿", "200000000", "人", "over")]),
    ("imp_guimo_link", "用户规模达到3亿。", [count("3亿", "300000000", "人")]),
    ("imp_zhe", "培训照料者约2.6万。", [count("约2.6万", "26000", "人", "about")]),
    ("imp_renci_cue", "捐赠人次达1200万。", [count("1200万", "12000000", "人次")]),
    ("imp_poyi", "一年用户数破亿。", [count("破亿", "100000000", "人", "over")]),
    ("imp_diepo", "分摊人数跌破亿人。", [count("跌破亿人", "100000000", "人", "under")]),
    ("noun_children", "累计近18万儿童受益。", [count("近18万", "180000", "人", "nearly")]),
    (
        "noun_modified_family",
        "帮助近 60 万大病家庭",
        [count("近 60 万", "600000", "家庭", "nearly")],
    ),
    ("noun_modified_netizens", "覆盖3亿中国网民。", [count("3亿", "300000000", "人")]),
    (
        "noun_investors",
        "覆盖超过5000万投资者。",
        [count("超过5000万", "50000000", "人", "over")],
    ),
    # --- counts: open-class nouns after any short modifier (the noun stays out of the span)
    ("open_aixin_renshi", "吸引1.2万爱心人士参与。", [count("1.2万", "12000", "人")]),
    ("open_gejie_renshi", "超过2亿各界人士关注。", [count("超过2亿", "200000000", "人", "over")]),
    ("open_typo_renshi", "有将3.5亿爱人人士参与。", [count("3.5亿", "350000000", "人")]),
    ("open_trad_renshi", "逾3萬專業人士參與。", [count("逾3萬", "30000", "人", "over")]),
    ("open_neg_de_renshi", "在5000万的人士中", []),
    ("open_neg_unscaled", "30爱心人士", []),
    # --- counts: 点 counts points made (建议, 意见, 要求), not times of day
    ("dian_jianyi", "《报告》提出了4点建议。", [count("4点", "4", "点")]),
    ("dian_cn_yaoqiu", "会议提出三点要求。", [count("三点", "3", "点")]),
    ("dian_trad_yijian", "提出兩點意見。", [count("兩點", "2", "点")]),
    ("dian_jingyan", "总结出5点经验", [count("5点", "5", "点")]),
    ("dian_neg_afternoon", "下午4点建议大家离场", []),
    ("dian_neg_date_time", "3月24日4点要求关停", []),
    ("dian_neg_trad_morning", "上午9點意見征集會開始", []),
    ("dian_neg_no_noun", "会议4点开始", []),
    ("dian_neg_half", "4点半集合", []),
    # --- counts: 期 counts phases held, after a verb of holding; never 第N期, stages or terms
    ("qi_shishi", "已连续实施3期。", [count("3期", "3", "期")]),
    ("qi_kaizhan", "项目已开展6期，", [count("6期", "6", "期")]),
    ("qi_juban_le", "共举办了十二期培训班", [count("十二期", "12", "期")]),
    ("qi_trad", "累計舉辦5期", [count("5期", "5", "期")]),
    ("qi_neg_ordinal", "已开展第6期", []),
    ("qi_neg_stage", "确诊为肺癌3期", []),
    ("qi_neg_term", "投保一年期产品", []),
    ("qi_neg_period", "实施3期间", []),
    ("qi_neg_trad_stage", "乳腺癌3期患者", []),
    ("qi_neg_phase_project", "已启动二期工程建设", []),
    ("qi_neg_trad_phase", "開展三期項目", []),
    # --- counts: 本 counts publications only
    ("ben_baogao", "连续出版14年14本报告。", [count("14本", "14", "本")]),
    ("ben_book", "捐赠10万本图书", [count("10万本", "100000", "本")]),
    ("ben_title", "出版3本《慈善蓝皮书》", [count("3本", "3", "本")]),
    ("ben_trad", "出版了20本書", [count("20本", "20", "本")]),
    ("ben_neg_this_paper", "2021年本报讯", []),
    ("ben_neg_this_time", "今年3月本次活动", []),
    ("ben_neg_trad", "2020年本市居民", []),
    # --- percentages
    ("pct_sign", "收取8%管理费。", [pct("8%", "8")]),
    ("pct_decimal", "参保率高达37.4%。", [pct("37.4%", "37.4")]),
    ("pct_yishang", "70%以上用户来自三线城市。", [pct("70%以上", "70", "over")]),
    ("pct_small", "占比0.3%。", [pct("0.3%", "0.3")]),
    ("pct_nearly", "近2%的求助者", [pct("近2%", "2", "nearly")]),
    ("pct_fullwidth", "增长１２％。", [pct("１２％", "12")]),
    ("pct_baifenzhi", "下降了百分之三十。", [pct("百分之三十", "30")]),
    ("pct_baifenzhi_decimal", "占百分之八点五。", [pct("百分之八点五", "8.5")]),
    ("pct_qianfenzhi", "不良率千分之五。", [pct("千分之五", "0.5")]),
    ("pct_wanfenzhi", "贡献GDP万分之17.09。", [pct("万分之17.09", "0.1709")]),
    ("pct_permille", "出生率5‰。", [pct("5‰", "0.5")]),
    ("pct_cheng", "三成用户", [pct("三成", "30")]),
    ("pct_cheng_nearly", "近4成求助者", [pct("近4成", "40", "nearly")]),
    ("pct_cheng_about", "约三成家庭", [pct("约三成", "30", "about")]),
    ("pct_cheng_over", "超过五成", [pct("超过五成", "50", "over")]),
    ("pct_cheng_yishang", "九成以上", [pct("九成以上", "90", "over")]),
    ("pct_cheng_decimal", "占3.5成", [pct("3.5成", "35")]),
    ("pct_range", "增长30%-40%。", [pct("30%-40%", "30", rng=("30", "40"))]),
    ("pct_range_one_sign", "提高20至30%。", [pct("20至30%", "20", rng=("20", "30"))]),
    ("pct_growth", "较2020年增长8.57%。", [pct("8.57%", "8.57")]),
    # --- Traditional characters left by the converter
    ("trad_yi_ren", "會員人數超過1億人。", [count("超過1億人", "100000000", "人", "over")]),
    ("trad_wan_yu_ci", "超過1萬3千餘次傳播", [count("超過1萬3千餘次", "13000", "次", "over")]),
    ("trad_wan_yu_yuan", "籌得款項28萬餘元", [amount("28萬餘元", "280000", q="over")]),
    ("trad_liang_jia", "兩家平台關停", [count("兩家", "2", "家")]),
    ("trad_ge", "10個項目", [count("10個", "10", "个")]),
    ("trad_ge_jiating", "21235個家庭", [count("21235個家庭", "21235", "家庭")]),
    ("trad_renci", "超過 2.7 億人次", [count("超過 2.7 億人次", "270000000", "人次", "over")]),
    ("trad_implied", "參保人數超過158萬", [count("超過158萬", "1580000", "人", "over")]),
    ("trad_yonghu_tupo", "註冊用戶數突破 2 億", [count("突破 2 億", "200000000", "人", "over")]),
    ("trad_hkd", "港幣3000萬元", [amount("港幣3000萬元", "30000000", "HKD")]),
    ("trad_eur", "虧損2億歐元", [amount("2億歐元", "200000000", "EUR")]),
    ("trad_at_most", "不超過20萬元", [amount("不超過20萬元", "200000", q="at_most")]),
    ("trad_about", "約1954億元", [amount("約1954億元", "195400000000", q="about")]),
    ("trad_nearly", "將近2000萬元", [amount("將近2000萬元", "20000000", q="nearly")]),
    ("trad_under", "不足1000元", [amount("不足1000元", "1000", q="under")]),
    ("trad_yinei", "10萬元以內", [amount("10萬元以內", "100000", q="at_most")]),
    ("trad_cheng", "兩成用戶", [pct("兩成", "20")]),
    ("trad_wanfenzhi", "萬分之17.09", [pct("萬分之17.09", "0.1709")]),
    ("trad_liang_yi", "兩億元", [amount("兩億元", "200000000")]),
    ("trad_hu", "幫扶500戶", [count("500戶", "500", "户")]),
    ("trad_xiang", "3項措施", [count("3項", "3", "项")]),
    ("trad_money_ctx", "籌得救助款超過370億", [amount("超過370億", "37000000000", q="over")]),
    # --- not figures: dates, times, durations
    ("neg_date_full", "将于2021年3月31日18点正式终止。", []),
    ("neg_date_md", "3月24日宣布关停。", []),
    ("neg_time_colon", "截至3月26日05:22。", []),
    ("neg_year_alone", "2021年，水滴保深度参与。", []),
    ("neg_year_range", "2019年至2021年间", []),
    ("neg_year_range_dash", "（2023—2032年）", []),
    ("neg_duration_years_more", "运营四年多时间", []),
    ("neg_duration_days", "180天内可继续申请", []),
    ("neg_duration_one_year_term", "投保一年期", []),
    ("neg_duration_two_days", "短短两天时间里", []),
    ("neg_duration_nearly_five_years", "上线近五年来", []),
    ("neg_duration_months", "持续3个月", []),
    ("neg_duration_more_months", "3个多月后", []),
    ("neg_duration_workdays", "上线仅2个工作日", []),
    ("neg_duration_range", "在未来3—5年内", []),
    ("neg_duration_hours", "24个小时", []),
    ("neg_duration_and_a_half", "持续了两个半小时", []),
    # --- not figures: ordinals, versions, ages, identifiers, furniture
    ("neg_ordinal_di", "第一期分摊", []),
    ("neg_ordinal_di_arabic", "排名第3名", []),
    ("neg_ordinal_di_space", "第 3 名", []),
    ("neg_first_batch", "作为首批发起平台", []),
    ("neg_version", "自律公约2.0", []),
    ("neg_version_1", "公约1.0版本", []),
    ("neg_age_under", "40岁以下的求助者", []),
    ("neg_age_range", "0—18岁的孤残儿童", []),
    ("neg_phone", "电话：010-12345678", []),
    ("neg_hotline", "热线400-800-1234", []),
    ("neg_reading_counter", "阅读:4,628 近日", []),
    ("neg_reading_counter_wan", "阅读量：10万", []),
    ("stock_signed", "贵州茅台 -0.3%", [pct("-0.3%", "-0.3")]),
    ("neg_stock_price", "股价收报2.5美元", []),
    ("neg_stock_move", "股价上涨3.5%", []),
    ("neg_ticker", "水滴公司(NYSE:WDH)", []),
    ("neg_ticker_code", "600519.SH", []),
    ("neg_url", "https://example.com/img/2021/3/27/5352030473349120000.png", []),
    ("percentage_points", "提高3个百分点", [pct("3个百分点", "3", unit="percentage_point")]),
    ("neg_double_digits", "实现两位数增长", []),
    # --- not figures: bare numbers, vague numbers, words that contain numerals
    ("neg_bare_number", "面向2022，更多机构参与。", []),
    ("neg_bare_scaled_no_context", "在5000万的基础上", []),
    ("neg_bare_scaled_measure", "3.5亿年前", []),
    ("neg_measure_tons", "产量50万吨", []),
    ("neg_product_name", "360大病筹推出计划", []),
    ("neg_title_year", "淄博惠民保2021", []),
    ("neg_article_ge", "一个平台", []),
    ("neg_article_jia", "一家人的日子", []),
    ("neg_article_ci", "进行最后一次均摊", []),
    ("neg_article_ming", "刘医生是一名内科大夫", []),
    ("neg_vague_yiwan", "保障亿万家庭", []),
    ("neg_vague_shuyi", "累计的数亿用户", []),
    ("neg_vague_jiyi", "几亿公民隐私", []),
    ("neg_qianwan", "千万不要上当", []),
    ("neg_shisiwu", "十四五规划", []),
    ("neg_shida", "年度十大热词", []),
    ("neg_sanda", "三大平台", []),
    ("neg_approx_range_ge", "三四个月", []),
    ("neg_approx_range_jia", "七八家公司", []),
    ("neg_erya_structure", "城乡二元结构", []),
    ("neg_5g", "5G网络覆盖", []),
    ("neg_covid", "COVID-19疫情", []),
    ("neg_clock", "十点半开会", []),
    ("neg_times_bei", "增长3.5倍", []),
    ("neg_trad_date", "2020年12月22日 09:04", []),
    ("neg_trad_age", "4歲的小兒子", []),
    ("neg_trad_duration", "兩天時間", []),
    ("neg_trad_ordinal", "第一期", []),
    # --- qualifier words that are part of another word
    ("qual_qianyue", "签约100家医院", [count("100家", "100", "家")]),
    ("qual_zuijin", "最近5家企业退出", [count("5家", "5", "家")]),
    ("qual_dapo", "打破亿元", []),
    ("qual_yixia_jiancheng", "共5万人以下简称", [count("5万人", "50000", "人")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_figures(text: str, expected: list[Fig]) -> None:
    got = [as_fig(text, f) for f in find_figures(text)]
    assert got == expected, f"in {text!r}:\n  got      {got}\n  expected {expected}"


def test_table_is_large_and_ids_unique() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) >= 150, f"only {len(ids)} phrases"
    assert len(set(ids)) == len(ids), "duplicate case ids"


def test_values_are_decimals_and_fields_match_the_record_contract() -> None:
    expected_fields = {
        "amount": {"value", "currency", "qualifier", "range", "change"},
        "count": {"value", "unit", "qualifier", "range", "change"},
        "percentage": {"value", "unit", "qualifier", "range", "change"},
    }
    for f in find_figures("超过1亿人，筹款1-5万元，占比37.4%。"):
        assert set(f.fields) == expected_fields[f.type], f"{f.type} fields {set(f.fields)}"
        assert isinstance(f.fields["value"], Decimal), f"{f.type} value is not a Decimal"
        assert f.rule.startswith("figures."), f"rule {f.rule!r} does not name the stage"


def test_offsets_survive_traditional_fold() -> None:
    text = "據統計，平台共籌得28萬餘元。"
    (f,) = find_figures(text)
    assert text[f.start : f.end] == "28萬餘元", "offsets do not point into the original text"


def test_component_matches_pure_function() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_figures")
    text = "水滴筹累计超过251.1万人次发起筹款，筹款总额484亿元，近4成求助者。"
    doc = nlp(text)
    assert doc._.figures == find_figures(text), "component and find_figures disagree"
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"]["zh_figures"], f"pipe problems: {analysis['problems']}"


def test_grammar_is_compiled_once() -> None:
    assert load_grammar() is load_grammar(), "the grammar is rebuilt on each call"


def test_rules_file_rejects_unknown_keys() -> None:
    data = load_yaml("figures.yaml", FigureRules).model_dump()
    data["colour"] = "blue"
    with pytest.raises(ValidationError, match="colour"):
        FigureRules.model_validate(data)


def test_rules_file_rejects_unknown_fragment_reference() -> None:
    data = load_yaml("figures.yaml", FigureRules).model_dump()
    data["fragments"]["figure"] += "{no_such_fragment}"
    with pytest.raises(ValidationError, match="no_such_fragment"):
        FigureRules.model_validate(data)


def test_rules_file_rejects_bad_currency_code() -> None:
    data = load_yaml("figures.yaml", FigureRules).model_dump()
    data["currencies"]["yuan"] = ["块"]
    with pytest.raises(ValidationError, match="ISO 4217"):
        FigureRules.model_validate(data)
