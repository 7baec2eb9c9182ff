"""Numeral parsing: every way news writes a number gives the same exact Decimal."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.grammar.numerals import (
    DIGITS,
    PERCENT_SUFFIXES,
    SECTION_UNITS,
    SMALL_UNITS,
    TENS,
    ZEROS,
    NotExact,
    parse_fraction,
    parse_number,
    parse_percent,
    trailing_scale,
)
from extract.pipeline.figures import FigureRules
from extract.rules import load_yaml

NUMBERS = [
    ("arabic_int", "4628", "4628"),
    ("arabic_decimal", "7.29", "7.29"),
    ("thousands_separator", "4,628", "4628"),
    ("thousands_separator_long", "125,242,661", "125242661"),
    ("fullwidth", "１２３", "123"),
    ("fullwidth_decimal", "３．５", "3.5"),
    ("arabic_wan", "10580.35万", "105803500"),
    ("arabic_yi", "7.29亿", "729000000"),
    ("arabic_space_scale", "1500 万", "15000000"),
    ("arabic_qian_wan", "5千万", "50000000"),
    ("mixed_wan_qian", "1万3千", "13000"),
    ("mixed_trad_wan_qian", "1萬3千", "13000"),
    ("mixed_yi_wan", "1亿2000万", "120000000"),
    ("mixed_colloquial", "1万3", "13000"),
    ("chinese_yi_qian_er_bai_wan", "一千二百万", "12000000"),
    ("chinese_liang_yi", "两亿", "200000000"),
    ("chinese_trad_liang_yi", "兩億", "200000000"),
    ("chinese_shi_yi", "十一", "11"),
    ("chinese_shi_wan", "十万", "100000"),
    ("chinese_er_shi_wan", "二十万", "200000"),
    ("chinese_nian", "廿", "20"),
    ("chinese_nian_san", "廿三", "23"),
    ("chinese_sa", "卅", "30"),
    ("chinese_zero", "〇", "0"),
    ("chinese_ling", "零", "0"),
    ("chinese_positional_year", "二〇二一", "2021"),
    ("chinese_positional_hundred", "一〇〇", "100"),
    ("chinese_zero_inside", "一百零五", "105"),
    ("chinese_zero_wan", "一万零五百", "10500"),
    ("chinese_colloquial_wan", "一万五", "15000"),
    ("chinese_colloquial_qian", "两千五", "2500"),
    ("chinese_colloquial_bai", "一百五", "150"),
    ("chinese_yi_wu_qian_wan", "三亿五千万", "350000000"),
    ("chinese_wan_yi", "一万亿", "1000000000000"),
    ("arabic_wan_yi", "10万亿", "10000000000000"),
    ("chinese_decimal_point", "三点五亿", "350000000"),
    ("chinese_decimal_small", "八点五", "8.5"),
    ("financial_digits", "壹万贰仟", "12000"),
    ("trad_financial", "貳拾", "20"),
    ("bare_wan", "万", "10000"),
    ("bare_yi", "亿", "100000000"),
    ("single_digit", "两", "2"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in NUMBERS], ids=[c[0] for c in NUMBERS]
)
def test_parse_number(text: str, expected: str) -> None:
    got = parse_number(text)
    assert isinstance(got, Decimal), f"{text!r} parsed to {type(got).__name__}, not Decimal"
    assert got == Decimal(expected), f"{text!r} parsed to {got}, expected {expected}"


def test_scaled_values_have_no_trailing_zeros() -> None:
    assert str(parse_number("10580.35万")) == "105803500", "scaling left decimal places behind"


PERCENTS = [
    ("sign", "8%", "8"),
    ("sign_decimal", "37.4%", "37.4"),
    ("fullwidth_sign", "１２％", "12"),
    ("per_mille", "5‰", "0.5"),
    ("cheng_chinese", "三成", "30"),
    ("cheng_arabic", "4成", "40"),
    ("cheng_decimal", "3.5成", "35"),
    ("baifenzhi_chinese", "百分之三十", "30"),
    ("baifenzhi_decimal", "百分之八点五", "8.5"),
    ("baifenzhi_bai", "百分之百", "100"),
    ("qianfenzhi", "千分之5", "0.5"),
    ("wanfenzhi", "万分之17.09", "0.1709"),
    ("wanfenzhi_trad", "萬分之17.09", "0.1709"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in PERCENTS], ids=[c[0] for c in PERCENTS]
)
def test_parse_percent(text: str, expected: str) -> None:
    got = parse_percent(text)
    assert got == Decimal(expected), f"{text!r} is {got} percent, expected {expected}"


INEXACT = [
    ("two_digits", "三四"),
    ("approx_after_unit", "十三四万"),
    ("approx_seven_eight", "七八"),
    ("approx_in_thousands", "三四千"),
]


@pytest.mark.parametrize("text", [c[1] for c in INEXACT], ids=[c[0] for c in INEXACT])
def test_approximate_ranges_are_not_exact(text: str) -> None:
    with pytest.raises(NotExact):
        parse_number(text)


@pytest.mark.parametrize(
    "text", ["", "abc", "万元", "5x"], ids=["empty", "latin", "unit", "letter"]
)
def test_non_numerals_raise(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "sections_only", "expected"),
    [("5万", False, 10**4), ("5千万", False, 10**7), ("5千万", True, 10**4), ("5", False, 1)],
    ids=["wan", "qian_wan", "qian_wan_sections", "none"],
)
def test_trailing_scale(text: str, sections_only: bool, expected: int) -> None:
    got = trailing_scale(text, sections_only=sections_only)
    assert got == expected, f"trailing scale of {text!r} is {got}, expected {expected}"


@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_forms_agree(n: int) -> None:
    """Plain, thousands-separated and full-width writings of one integer parse the same."""
    fullwidth = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for text in (str(n), f"{n:,}", fullwidth):
        assert parse_number(text) == n, f"{text!r} did not parse to {n}"


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=99))
def test_scaled_decimals_are_exact(whole: int, cents: int) -> None:
    text = f"{whole}.{cents:02d}"
    assert parse_number(text + "万") == Decimal(text) * 10**4, f"{text}万 lost exactness"
    assert parse_number(text + "亿") == Decimal(text) * 10**8, f"{text}亿 lost exactness"


def test_grammar_numeral_characters_are_all_parseable() -> None:
    """Data integrity: every character the YAML's numeral classes accept is known here."""
    rules = load_yaml("figures.yaml", FigureRules)
    known = set(DIGITS) | set(ZEROS) | set(SMALL_UNITS) | set(SECTION_UNITS) | set(TENS)
    for name in ("cn_digit", "cn_tens", "cn_small", "scale"):
        chars = set(rules.fragments[name].strip("[]"))
        assert chars <= known, f"fragments.{name} accepts unknown numerals {chars - known}"


def test_grammar_percent_markers_agree_with_parser() -> None:
    rules = load_yaml("figures.yaml", FigureRules)
    for marker, power in rules.percent_suffixes.items():
        normal = marker.replace("％", "%")
        if normal == "成":
            assert parse_percent("3成") == 3 * 10**power, f"成: YAML power {power} disagrees"
            continue
        assert PERCENT_SUFFIXES.get(normal) == power, (
            f"{marker!r}: YAML power {power}, parser {PERCENT_SUFFIXES.get(normal)}"
        )


@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=1000, max_value=9999))
def test_wan_with_four_digits_is_the_sum(high: int, low: int) -> None:
    """3万4000 is 34000: the digits after 万 are the number's, never dropped."""
    assert parse_number(f"{high}万{low}") == high * 10**4 + low, f"{high}万{low} misread"


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_sign_negates(value: Decimal) -> None:
    text = format(value, "f")
    for sign in ("负", "-", "−", "－", "負"):
        assert parse_number(sign + text) == -parse_number(text), f"{sign}{text} is not negative"


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_fractions_are_exact(den: int, num: int) -> None:
    got = parse_fraction(f"{den}分之{num}")
    assert got == Fraction(num, den), f"{den}分之{num} parsed to {got}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3万4000", "34000"),
        ("三万四千五百六十七", "34567"),
        ("1千零1", "1001"),
        ("2千零30万", "20300000"),
        ("二十万亿", "20000000000000"),
        ("四万万", "400000000"),
        ("五兆六十二亿四万五千二", "5006200045200"),
        ("一百零十万", "1100000"),
        ("二十几万", "200000"),
        ("百三", "130"),
        ("半百", "50"),
        ("負五千萬", "-50000000"),
        ("五分之一", "0.2"),
        ("4 6/3", "6"),
    ],
)
def test_issue15_numerals(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected), f"{text!r} parsed to {parse_number(text)}"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("三分之一", NotExact),
        ("七十百", ValueError),
        ("几十万", ValueError),
        ("1" * 41, ValueError),
    ],
    ids=["third", "rising_units", "vague", "id_digits"],
)
def test_issue15_non_numbers_raise(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_number(text)
