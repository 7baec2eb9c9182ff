"""Ranges join only like with like, two-sided bounds, and numbers cut from their unit by a line
wrap (issue 15, second part), on sentences written for this table.

A range whose low bound carries its own unit joins the high bound only when both are the same
kind of figure in the same unit (3成至5成, 3万元至5万元); a share before an amount (三成至5亿港元)
or two currencies (1万元至2万美元) are two figures read apart. A lower bound right before an upper
bound (5万元以上10万元以下) is one record with `range` {low, high}, `value` the low bound and no
qualifier, like 5万至10万元. The rule of the table: none gives a wrong value.
"""

from __future__ import annotations

import pytest

from extract.pipeline.figures import find_figures
from tests.conftest import make_document
from tests.pipeline.test_figures_forms import F, a, as_f, c, p, pp

CASES: list[tuple[str, str, list[F]]] = [
    # --- a share, a percentage or a count never starts a money range
    (
        "share_to_hkd",
        "其持股比例由两成至3亿港元不等。",
        [p("两成", "20"), a("3亿港元", "300000000", "HKD")],
    ),
    ("share_to_cny", "回购规模三成至5亿元。", [p("三成", "30"), a("5亿元", "500000000")]),
    (
        "share_about_to_usd",
        "占约四成至2亿美元。",
        [p("约四成", "40", "about"), a("2亿美元", "200000000", "USD")],
    ),
    (
        "share_trad_hkd",
        "佔比六成至10億港元。",
        [p("六成", "60"), a("10億港元", "1000000000", "HKD")],
    ),
    ("pct_to_amount", "利率3%至5亿元的贷款。", [p("3%", "3"), a("5亿元", "500000000")]),
    ("pct_to_amount_trad", "利率3%至5億元的貸款。", [p("3%", "3"), a("5億元", "500000000")]),
    (
        "count_to_amount",
        "覆盖10万人至20万元不等。",
        [c("10万人", "100000", "人"), a("20万元", "200000")],
    ),
    ("cny_to_usd", "单笔1万元至2万美元。", [a("1万元", "10000"), a("2万美元", "20000", "USD")]),
    (
        "hkd_to_cny_trad",
        "每筆1萬港元至2萬元。",
        [a("1萬港元", "10000", "HKD"), a("2萬元", "20000")],
    ),
    ("permille_to_pct", "费率3‰至5%。", [p("3‰", "0.3"), p("5%", "5")]),
    ("pct_to_points", "利差2%至3个百分点。", [p("2%", "2"), pp("3个百分点", "3")]),
    ("family_to_people", "资助300户至500人。", [c("300户", "300", "户"), c("500人", "500", "人")]),
    # --- like with like still joins
    ("share_range", "占比三成至五成。", [p("三成至五成", "30", rng=("30", "50"))]),
    ("share_range_trad", "佔比三成至五成。", [p("三成至五成", "30", rng=("30", "50"))]),
    ("pct_range", "增速为5%至8%。", [p("5%至8%", "5", ch="increase", rng=("5", "8"))]),
    ("fullwidth_pct_range", "比例为5％至8%。", [p("5％至8%", "5", rng=("5", "8"))]),
    ("cny_range", "每户补贴1万元至3万元。", [a("1万元至3万元", "10000", rng=("10000", "30000"))]),
    (
        "usd_range_trad",
        "融資1億美元至3億美元。",
        [a("1億美元至3億美元", "100000000", "USD", rng=("100000000", "300000000"))],
    ),
    (
        "count_range_same_unit",
        "招募500人至800名志愿者。",
        [c("500人至800名", "500", "人", rng=("500", "800"))],
    ),
    (
        "bare_low_range",
        "预计3至5亿元。",
        [a("3至5亿元", "300000000", rng=("300000000", "500000000"))],
    ),
    # --- two-sided bounds: one record, range {low, high}
    (
        "bound_wan",
        "补贴5万元以上10万元以下的项目。",
        [a("5万元以上10万元以下", "50000", rng=("50000", "100000"))],
    ),
    (
        "bound_wan_trad",
        "補貼5萬元以上10萬元以下的項目。",
        [a("5萬元以上10萬元以下", "50000", rng=("50000", "100000"))],
    ),
    ("bound_pct_yinei", "利率3%以上5%以内。", [p("3%以上5%以内", "3", rng=("3", "5"))]),
    (
        "bound_people",
        "规模1000人以上5000人以下的企业。",
        [c("1000人以上5000人以下", "1000", "人", rng=("1000", "5000"))],
    ),
    (
        "bound_space",
        "罚款5000元以上 3万元以下。",
        [a("5000元以上 3万元以下", "5000", rng=("5000", "30000"))],
    ),
    (
        "bound_inclusive_low",
        "金额50万元（含）以上100万元以下。",
        [a("50万元（含）以上100万元以下", "500000", rng=("500000", "1000000"))],
    ),
    (
        "bound_trad_people",
        "規模1000人以上5000人以下。",
        [c("1000人以上5000人以下", "1000", "人", rng=("1000", "5000"))],
    ),
    # --- not two-sided: kept as two bounded figures, or read apart
    (
        "bound_reversed",
        "30万元以上10万元以下各一档。",
        [a("30万元以上", "300000", q="over"), a("10万元以下", "100000", q="at_most")],
    ),
    (
        "bound_comma",
        "5万元以上，10万元以下。",
        [a("5万元以上", "50000", q="over"), a("10万元以下", "100000", q="at_most")],
    ),
    (
        "bound_words_between",
        "5万元以上的占10万元以下。",
        [a("5万元以上", "50000", q="over"), a("10万元以下", "100000", q="at_most")],
    ),
    (
        "bound_other_currency",
        "5万元以上10万美元以下。",
        [a("5万元以上", "50000", q="over"), a("10万美元以下", "100000", "USD", q="at_most")],
    ),
    (
        "bound_other_kind",
        "5万元以上10%以下。",
        [a("5万元以上", "50000", q="over"), p("10%以下", "10", q="at_most")],
    ),
    ("bound_low_only", "收入5万元以上的家庭。", [a("5万元以上", "50000", q="over")]),
    ("bound_high_only", "收入10万元以下的家庭。", [a("10万元以下", "100000", q="at_most")]),
    # --- a number and its unit across a line break: never read from the number alone
    ("cut_yi", "营收人民币12.6\n亿元。", []),
    ("cut_wan_trad", "營收人民幣3.5\n萬元。", []),
    ("cut_usd", "融资US$8\n亿。", []),
    ("cut_space", "营收人民币12.6 \n 亿元。", []),
    ("no_cut_sentence_end", "总计人民币500元。\n亿元一词另起。", [a("人民币500元", "500")]),
    ("no_cut_other_word", "奖金人民币500\n另计。", [a("人民币500", "500")]),
]


WRAPPED = [
    ("某公司公告称，全年营收人民币12.6\n亿元，同比增长。\n", "人民币12.6\n亿元", "1260000000"),
    ("該公司表示，淨利潤為3.5\n億元，較上年增加。\n", "3.5\n億元", "350000000"),
    ("报告显示，不良率为1.8\n%，较年初下降。\n", "1.8\n%", "1.8"),
    ("报告显示，净利润为12.6亿\n元，较上年增加。\n", "12.6亿\n元", "1260000000"),
]


@pytest.mark.parametrize(("raw", "quote", "value"), WRAPPED)
def test_number_wrapped_from_its_unit_reads_across_the_line(
    raw: str, quote: str, value: str
) -> None:
    """One wrap inside a paragraph of plain text joins in the clean view; the quote, cut from
    the raw text, keeps the newline."""
    doc = make_document(raw)
    figures = find_figures(doc.match_text)
    assert len(figures) == 1
    start, end = doc.offsets.to_raw(figures[0].start, figures[0].end)
    assert (raw[start:end], str(figures[0].fields["value"])) == (quote, value)


@pytest.mark.parametrize(
    "raw",
    [
        "全年营收人民币12.6\n\n亿元是另一段。\n",  # a blank line: two paragraphs
        "<p>全年营收人民币12.6</p><p>亿元，同比增长。</p>",  # HTML blocks are never joined
        "全年营收人民币12.6\n　　亿元是新的一段。\n",  # an indented new paragraph
    ],
)
def test_number_before_a_paragraph_break_is_no_figure(raw: str) -> None:
    doc = make_document(raw)
    assert "12.6亿" not in doc.match_text
    assert [
        f for f in find_figures(doc.match_text) if "12.6" in doc.match_text[f.start : f.end]
    ] == []


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bounds_and_ranges(text: str, expected: list[F]) -> None:
    got = [as_f(text, f) for f in find_figures(text)]
    assert got == expected, f"in {text!r}:\n  got      {got}\n  expected {expected}"


def test_wrapped_list_item_reads_across_the_line() -> None:
    raw = "要点如下：\n- 截至年末，现金及等价物为人民币8.4\n亿元；\n- 负债率为41.2%。\n"
    doc = make_document(raw)
    values = [str(f.fields["value"]) for f in find_figures(doc.match_text)]
    assert values == ["840000000", "41.2"]
