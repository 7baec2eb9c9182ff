"""Figure forms of issue 15, on sentences written for this table (none from an article or a
public suite): multi-part numerals, signs, changes, percentage points, fractions and shares,
lists, tokenised text, currencies, counted nouns and vague amounts, Simplified and Traditional.

Each case lists every figure of its sentence as (span, type, value, currency / unit, qualifier,
change, range); an empty list means "no figure". The rule the table keeps: a form the grammar
does not know gives no record, never a wrong value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extract.pipeline.annotations import Found
from extract.pipeline.figures import find_figures


class F(NamedTuple):
    text: str
    type: str
    value: Decimal
    detail: str  # currency, counted unit, or percent / percentage_point
    qualifier: str | None
    change: str | None
    range: tuple[Decimal, Decimal] | None


def a(text: str, value: str, cur: str = "CNY", q=None, ch=None, rng=None) -> F:
    return F(text, "amount", Decimal(value), cur, q, ch, _rng(rng))


def c(text: str, value: str, unit: str, q=None, ch=None, rng=None) -> F:
    return F(text, "count", Decimal(value), unit, q, ch, _rng(rng))


def p(text: str, value: str, q=None, ch=None, rng=None) -> F:
    return F(text, "percentage", Decimal(value), "percent", q, ch, _rng(rng))


def pp(text: str, value: str, q=None, ch=None, rng=None) -> F:
    return F(text, "percentage", Decimal(value), "percentage_point", q, ch, _rng(rng))


def _rng(rng: tuple[str, str] | None) -> tuple[Decimal, Decimal] | None:
    return None if rng is None else (Decimal(rng[0]), Decimal(rng[1]))


def as_f(text: str, f: Found) -> F:
    r = f.fields["range"]
    detail = f.fields.get("currency") or f.fields["unit"]
    return F(
        text[f.start : f.end],
        f.type,
        f.fields["value"],
        detail,
        f.fields["qualifier"],
        f.fields["change"],
        None if r is None else (r["low"], r["high"]),
    )


INC, DEC = "increase", "decrease"

CASES: list[tuple[str, str, list[F]]] = [
    # --- multi-part numerals: every part counts, never the first section alone
    ("wan_arabic_tail", "全年共募得善款3万4000元。", [a("3万4000元", "34000")]),
    ("wan_arabic_tail_2", "单笔最高补助1万2500元。", [a("1万2500元", "12500")]),
    ("cn_full", "捐款总额为三万四千五百六十七元。", [a("三万四千五百六十七元", "34567")]),
    ("cn_full_yi", "累计赔付四亿五千六百万元。", [a("四亿五千六百万元", "456000000")]),
    ("cn_ling_wan", "会员数为两千零五十万人。", [c("两千零五十万人", "20500000", "人")]),
    ("cn_ling_inside", "一共筹集了一万零五百元。", [a("一万零五百元", "10500")]),
    ("mixed_wan_qian", "平台会员1万3千人。", [c("1万3千人", "13000", "人")]),
    ("mixed_25wan6qian", "项目惠及25万6千户家庭。", [c("25万6千户家庭", "256000", "家庭")]),
    ("mixed_qian_ling", "当天仅收到1千零1元。", [a("1千零1元", "1001")]),
    ("mixed_qian_ling_wan", "总额为2千零30万元。", [a("2千零30万元", "20300000")]),
    ("cn_wan_yi", "预计投入二十万亿元。", [a("二十万亿元", "20000000000000")]),
    ("comma_wan", "完成融资1,100万美元。", [a("1,100万美元", "11000000", "USD")]),
    ("comma_yi", "总资产1,100.9亿元。", [a("1,100.9亿元", "110090000000")]),
    ("wan_then_year", "会员超3万2019年加入。", [c("超3万", "30000", "人", "over")]),
    ("one_after_wan", "保费5000万一年。", [a("5000万", "50000000")]),
    ("trad_cn_full", "共籌得三萬四千五百元。", [a("三萬四千五百元", "34500")]),
    ("trad_mixed", "捐款達1萬3千元。", [a("1萬3千元", "13000")]),
    ("trad_qian_ling_wan", "總額為2千零30萬元。", [a("2千零30萬元", "20300000")]),
    ("trad_arabic_tail", "籌得3萬4000元。", [a("3萬4000元", "34000")]),
    # --- 兆 is 10^12, and only with a currency
    ("zhao_twd", "预算达新台币3兆元。", [a("新台币3兆元", "3000000000000", "TWD")]),
    ("zhao_twd_trad", "預算達新台幣3兆元。", [a("新台幣3兆元", "3000000000000", "TWD")]),
    (
        "zhao_cn",
        "总额为四十九兆九千五百九十二亿元。",
        [a("四十九兆九千五百九十二亿元", "49959200000000")],
    ),
    ("zhao_megawatt", "装机容量3兆瓦。", []),
    ("zhao_broadband", "开通100兆宽带。", []),
    ("zhao_people", "覆盖1.2兆人。", []),
    # --- signs: the value is signed, the change word is apart
    ("neg_word_amount", "净利润为负2.3亿元。", [a("负2.3亿元", "-230000000")]),
    ("neg_word_pct", "实际增长率为负2.3%。", [p("负2.3%", "-2.3", ch=INC)]),
    ("neg_hyphen_pct", "同比-3.9%。", [p("-3.9%", "-3.9")]),
    ("neg_hyphen_amount", "经营现金流-1.2亿元。", [a("-1.2亿元", "-120000000")]),
    ("neg_unicode_minus", "利润为−5000万元。", [a("−5000万元", "-50000000")]),
    ("neg_fullwidth_minus", "收益率为－0.8%。", [p("－0.8%", "-0.8")]),
    ("neg_growth_rate", "增速为-3.9%。", [p("-3.9%", "-3.9", ch=INC)]),
    ("neg_trad", "利潤為負5000萬元。", [a("負5000萬元", "-50000000")]),
    ("neg_debt_is_no_sign", "负债3亿元。", [a("3亿元", "300000000")]),
    ("neg_plus_minus_is_no_sign", "误差在正负3%之间。", [p("3%", "3")]),
    ("neg_bullet_is_no_sign", "- 5000元用于购买物资", [a("5000元", "5000")]),
    ("neg_range_is_no_sign", "每人1-5万元。", [a("1-5万元", "10000", rng=("10000", "50000"))]),
    ("neg_count_sign_dropped", "客场负3场。", [c("3场", "3", "场")]),
    # --- changes
    ("chg_xiahua", "营收同比下滑27.3%。", [p("27.3%", "27.3", ch=DEC)]),
    ("chg_zengzhang", "净利润同比增长35%。", [p("35%", "35", ch=INC)]),
    ("chg_jianshao_amount", "筹款额减少了1200万元。", [a("1200万元", "12000000", ch=DEC)]),
    ("chg_zengjia_count", "用户数增加3万人。", [c("3万人", "30000", "人", ch=INC)]),
    ("chg_zengfu", "赔付金额增幅达到18.5%。", [p("18.5%", "18.5", ch=INC)]),
    ("chg_diefu", "股价跌幅为3.2%。", [p("3.2%", "3.2", ch=DEC)]),
    ("chg_with_qualifier", "收入增长超过5%。", [p("超过5%", "5", "over", INC)]),
    ("chg_xiajiang_le", "参与人数下降了约两成。", [p("约两成", "20", "about", DEC)]),
    ("chg_level_zhi", "参保率降至12%。", [p("12%", "12")]),
    ("chg_level_zengzhi", "保费增至50亿元。", [a("50亿元", "5000000000")]),
    ("chg_level_daodao", "占比下降到5%。", [p("5%", "5")]),
    ("chg_level_shouzhai", "亏损收窄至3亿元。", [a("3亿元", "300000000")]),
    ("chg_level_diepo", "会员持续减少跌破亿人。", [c("跌破亿人", "100000000", "人", "under")]),
    ("chg_trad_jianshao", "捐款同比減少15%。", [p("15%", "15", ch=DEC)]),
    ("chg_trad_zengzhang", "較上年增長8.57%。", [p("8.57%", "8.57", ch=INC)]),
    ("chg_trad_xiajiang", "人數下降約兩成。", [p("約兩成", "20", "about", DEC)]),
    ("chg_none_level", "参保率为37.4%。", [p("37.4%", "37.4")]),
    # --- percentage points: a change in points, never a share
    ("pp_plain", "高出全国平均水平4.9个百分点。", [pp("4.9个百分点", "4.9")]),
    ("pp_decrease", "参保率较去年下降2个百分点。", [pp("2个百分点", "2", ch=DEC)]),
    ("pp_increase", "渗透率提高了4.9个百分点。", [pp("4.9个百分点", "4.9", ch=INC)]),
    ("pp_no_ge", "占比提高0.5百分点。", [pp("0.5百分点", "0.5", ch=INC)]),
    ("pp_range", "预计下降2至3个百分点。", [pp("2至3个百分点", "2", ch=DEC, rng=("2", "3"))]),
    ("pp_cn", "上升了三个百分点。", [pp("三个百分点", "3", ch=INC)]),
    ("pp_trad", "下降約2個百分點。", [pp("約2個百分點", "2", "about", DEC)]),
    ("pp_trad_plain", "高出1.5個百分點。", [pp("1.5個百分點", "1.5")]),
    # --- fractions and shares, in percent
    ("frac_third", "三分之一的受访者表示愿意参加。", [p("三分之一", "33.3333")]),
    ("frac_quarter_nearly", "近四分之一的项目面向儿童。", [p("近四分之一", "25", "nearly")]),
    ("frac_two_fifths", "五分之二的资金用于救助。", [p("五分之二", "40")]),
    ("frac_two_thirds_over", "三分之二以上的家庭受益。", [p("三分之二以上", "66.6667", "over")]),
    ("frac_slash", "1/3的家庭没有商业保险。", [p("1/3", "33.3333")]),
    ("frac_slash_date", "3/4开始报名。", []),
    ("frac_per_million", "发生率约为百万分之五。", [p("约为百万分之五", "0.0005", "about")]),
    ("frac_per_mille", "不良率为千分之三。", [p("千分之三", "0.3")]),
    ("frac_per_ten_thousand", "费率为万分之五。", [p("万分之五", "0.05")]),
    ("share_over_half", "超过半数的家庭参加了互助。", [p("超过半数", "50", "over")]),
    ("share_nearly_half", "近一半的用户来自三线城市。", [p("近一半", "50", "nearly")]),
    ("share_half_over", "一半以上的捐款来自个人。", [p("一半以上", "50", "over")]),
    ("share_guoban", "过半的受访者支持。", [p("过半", "50", "over")]),
    ("share_spouse", "他的另一半也在平台工作。", []),
    ("share_first_half", "前一半时间用于培训。", []),
    ("share_tongguo", "议案通过半数同意。", [p("半数", "50")]),
    ("frac_three_hundredth", "仅占三百分之一。", [p("三百分之一", "0.3333")]),
    ("cheng_half", "三成半的会员是女性。", [p("三成半", "35")]),
    ("cheng_digit", "七成六的用户续费。", [p("七成六", "76")]),
    ("cheng_half_alone", "仅有半成用户退出。", [p("半成", "5")]),
    ("cheng_then_year", "约三成五年内到期。", [p("约三成", "30", "about")]),
    ("frac_trad_over", "逾三分之一的受訪者表示支持。", [p("逾三分之一", "33.3333", "over")]),
    ("share_trad_guoban", "過半數的家庭參加了互助。", [p("過半數", "50", "over")]),
    ("share_trad_half", "半數以上的捐款來自個人。", [p("半數以上", "50", "over")]),
    ("frac_trad_wan", "費率為萬分之五。", [p("萬分之五", "0.05")]),
    ("cheng_trad_digit", "七成六的用戶續費。", [p("七成六", "76")]),
    # --- tokenised text: spaces inside a figure
    ("tok_duo_wan_hu", "覆盖 600 多万户 家庭", [c("600 多万户", "6000000", "户", "over")]),
    ("tok_percent_prefix", "占 比 百 分 之 2.4", [p("百 分 之 2.4", "2.4")]),
    ("tok_wan_yuan", "筹款 1500 万元", [a("1500 万元", "15000000")]),
    ("tok_points", "增长 了 3 个 百分 点", [pp("3 个 百分 点", "3", ch=INC)]),
    ("tok_cn_spaced", "共 一 百 五 十 人", [c("一 百 五 十 人", "150", "人")]),
    ("tok_cheng", "约 三 成 用户", [p("约 三 成", "30", "about")]),
    # --- lists whose unit only the first item carries
    (
        "list_yuan_yi",
        "三家平台分别筹得5.6亿元、4.3亿和2.1亿。",
        [
            c("三家", "3", "家"),
            a("5.6亿元", "560000000"),
            a("4.3亿", "430000000"),
            a("2.1亿", "210000000"),
        ],
    ),
    (
        "list_count",
        "两地会员分别为120万人、80万。",
        [c("120万人", "1200000", "人"), c("80万", "800000", "人")],
    ),
    (
        "list_usd",
        "融资额为2亿美元和1.5亿。",
        [a("2亿美元", "200000000", "USD"), a("1.5亿", "150000000", "USD")],
    ),
    ("list_measure_breaks", "投入1亿元，历时2亿年。", [a("1亿元", "100000000")]),
    (
        "list_trad",
        "分別籌得5.6億元、4.3億。",
        [a("5.6億元", "560000000"), a("4.3億", "430000000")],
    ),
    ("list_not_after_sentence", "投入1亿元。另有3亿", [a("1亿元", "100000000")]),
    # --- currencies
    (
        "cur_naira",
        "汇率达到445奈拉兑换1美元。",
        [a("445奈拉", "445", "NGN"), a("1美元", "1", "USD")],
    ),
    ("cur_meiyuan_variant", "售价300美圆。", [a("300美圆", "300", "USD")]),
    ("cur_taibi_prefix", "门票台币500元。", [a("台币500元", "500", "TWD")]),
    ("cur_taibi_suffix", "存款5306亿台币。", [a("5306亿台币", "530600000000", "TWD")]),
    ("cur_riyuan_trad", "捐出1萬日圓。", [a("1萬日圓", "10000", "JPY")]),
    (
        "cur_one_dollar",
        "一美元约合7.2元人民币。",
        [a("一美元", "1", "USD"), a("约合7.2元人民币", "7.2", q="about")],
    ),
    ("cur_two_dollars", "这支笔两美元。", [a("两美元", "2", "USD")]),
    ("cur_kuai_end", "一杯咖啡花了三块。", [a("三块", "3")]),
    ("cur_kuai_pieces", "蛋糕切成两块。", []),
    ("cur_kuai_noun", "买了三块蛋糕。", []),
    ("cur_kuai_together", "大家一块，", []),
    ("cur_kuai_qian", "只要一块钱。", [a("一块钱", "1")]),
    ("cur_ruble", "罚款500卢布。", [a("500卢布", "500", "RUB")]),
    ("cur_baht", "筹得100万泰铢。", [a("100万泰铢", "1000000", "THB")]),
    ("cur_won", "捐了1000韩币。", [a("1000韩币", "1000", "KRW")]),
    ("cur_pound_typo", "奖金50万英磅。", [a("50万英磅", "500000", "GBP")]),
    ("cur_nt_symbol", "票价NT$300。", [a("NT$300", "300", "TWD")]),
    ("cur_bitcoin", "收到20个比特币。", [a("20个比特币", "20", "XBT")]),
    ("cur_yuan_dan", "2021年元旦前后。", []),
    ("cur_er_yuan", "二元结构仍然存在。", []),
    # --- counted nouns and qualifiers
    ("cnt_ren_ci", "服务超10万人(次)。", [c("超10万人(次)", "100000", "人次", "over")]),
    ("cnt_ren_ci_fw", "服务10万人（次）。", [c("10万人（次）", "100000", "人次")]),
    ("cnt_yi_members", "平台有1億成員。", [c("1億", "100000000", "人")]),
    ("cnt_adults", "覆盖3亿成年人。", [c("3亿", "300000000", "人")]),
    ("cnt_place_city", "超500万上海市民参保。", [c("超500万", "5000000", "人", "over")]),
    ("cnt_place_level", "已有30万北京市居民报名。", [c("30万", "300000", "人")]),
    ("cnt_place_province", "2亿广东省网民。", [c("2亿", "200000000", "人")]),
    ("cnt_yue_you", "现场约有300人。", [c("约有300人", "300", "人", "about")]),
    ("cnt_dayue_you", "大约有5000名志愿者。", [c("大约有5000名", "5000", "人", "about")]),
    ("cnt_shi_ji_wan", "吸引十几万人参与。", [c("十几万人", "100000", "人", "over")]),
    ("cnt_ershi_ji_wan", "二十几万人报名。", [c("二十几万人", "200000", "人", "over")]),
    ("cnt_trad_ren_ci", "服務超10萬人(次)。", [c("超10萬人(次)", "100000", "人次", "over")]),
    # --- vague amounts: no value to check, so no record
    ("vague_shang_wan", "上万人参加了活动。", []),
    ("vague_shu_yi", "投入数亿元资金。", []),
    ("vague_ji_shi_wan", "几十万人受益。", []),
    ("vague_bai_yi_ji", "一个百亿级的市场。", []),
    ("vague_shu_shi_yi", "筹得数十亿元。", []),
    ("vague_ji_bai_wan", "花了几百万元。", []),
    ("vague_chengqian", "成千上万的网友转发。", []),
    ("vague_trad_shu_shi_wan", "數十萬人受益。", []),
    ("vague_trad_ji_shi_yi", "幾十億元的市場。", []),
    # --- long digit runs are ids, never figures, and never fail
    ("long_digits", "订单号12345678901234567890123456789012345678901234567890元", []),
    (
        "long_but_figure",
        "合计123456789012345678901234567元。",
        [a("123456789012345678901234567元", "123456789012345678901234567")],
    ),
    (
        "long_scaled",
        "合计1234567890123456789012345万亿元。",
        [a("1234567890123456789012345万亿元", "1234567890123456789012345000000000000")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_forms(text: str, expected: list[F]) -> None:
    got = [as_f(text, f) for f in find_figures(text)]
    assert got == expected, f"in {text!r}:\n  got      {got}\n  expected {expected}"


def test_table_is_large_and_ids_unique() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) >= 120, f"only {len(ids)} phrases"
    assert len(set(ids)) == len(ids), "duplicate case ids"
