"""What one figure claims: qualifier arithmetic, rounding to the precision written, time windows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.consolidation.claims import (
    Interval,
    allowed,
    as_of,
    rounding,
    unit_and_apart,
    window,
)
from extract.models import Range
from tests.consolidation.helpers import figure

D = Decimal


def interval(text: str) -> Interval:
    """'(100, 200]' as an Interval; ±∞ for an unbounded end (whose open flag is False)."""
    lo, hi = (part.strip() for part in text[1:-1].split(","))
    low = None if lo == "-∞" else D(lo)
    high = None if hi == "∞" else D(hi)
    return Interval(
        low, low is not None and text[0] == "(", high, high is not None and text[-1] == ")"
    )


# name, value, qualifier, range (low-high), what it allows
ALLOWED = [
    ("1.5亿 covers 1.45-1.55亿", "150000000", None, None, "[145000000, 155000000]"),
    ("7500万 is ±50万", "75000000", None, None, "[74500000, 75500000]"),
    ("1亿 is capped at ±5%", "100000000", None, None, "[95000000, 105000000]"),
    ("251.1万 is ±500", "2511000", None, None, "[2510500, 2511500]"),
    ("超过1亿 is open above", "100000000", "over", None, "(100000000, ∞)"),
    ("以上 includes the value", "100000000", "at_least", None, "[100000000, ∞)"),
    ("不到1亿 is open below", "100000000", "under", None, "(-∞, 100000000)"),
    ("至多 includes the value", "100000000", "at_most", None, "(-∞, 100000000]"),
    ("近5000万 is up to 10% below", "50000000", "nearly", None, "[45000000, 50000000]"),
    ("约1.5亿 is ±10%", "150000000", "about", None, "[135000000, 165000000]"),
    ("a range is closed", "10000", None, "10000-50000", "[10000, 50000]"),
    ("超过 a range starts at its low", "10000", "over", "10000-50000", "(10000, ∞)"),
    ("8% is ±0.4 (capped)", "8", None, None, "[7.6, 8.4]"),
    ("37.4% is ±0.05", "37.4", None, None, "[37.35, 37.45]"),
]


@pytest.mark.parametrize(("name", "value", "qualifier", "range_", "expected"), ALLOWED)
def test_allowed(
    name: str, value: str, qualifier: str | None, range_: str | None, expected: str
) -> None:
    r = Range(low=D(range_.split("-")[0]), high=D(range_.split("-")[1])) if range_ else None
    got = allowed(D(value), qualifier, r)
    assert got == interval(expected), f"{name}: {value} {qualifier} allows {got}, not {expected}"


@pytest.mark.parametrize(
    ("name", "a", "b", "meets"),
    [
        ("超过1亿 and 1.05亿", ("100000000", "over"), ("105000000", None), True),
        ("近5000万 and 4980万", ("50000000", "nearly"), ("49800000", None), True),
        (
            "超过1亿, 不到1亿: an excluded point",
            ("100000000", "over"),
            ("100000000", "under"),
            False,
        ),
        ("以上, 至多 share the value", ("100000000", "at_least"), ("100000000", "at_most"), True),
        ("超过370亿 and 320亿", ("37000000000", "over"), ("32000000000", None), False),
        ("1.5亿 and 1.56亿 are past rounding", ("150000000", None), ("156000000", None), False),
        ("1.5亿 and 1.54亿 round together", ("150000000", None), ("154000000", None), True),
    ],
)
def test_compatibility(
    name: str, a: tuple[str, str | None], b: tuple[str, str | None], meets: bool
) -> None:
    x, y = allowed(D(a[0]), a[1], None), allowed(D(b[0]), b[1], None)
    assert (not x.meet(y).empty) is meets, f"{name}: {x} meet {y} = {x.meet(y)}"


@given(st.decimals(min_value=D("0.0001"), max_value=D("1e12"), allow_nan=False, places=4))
def test_a_value_allows_itself_and_rounding_stays_small(value: Decimal) -> None:
    r = rounding(value)
    assert 0 <= r <= value * D("0.05"), f"rounding {r} of {value} over 5%"
    for qualifier in (None, "about", "nearly", "at_least", "at_most"):
        assert allowed(value, qualifier, None).holds(value), f"{value} {qualifier} excludes itself"


@pytest.mark.parametrize(
    ("name", "time", "text", "sentence", "metric", "published", "expected"),
    [
        ("截至2020年底 is as of its end", "2020-12", "截至2020年底", None, "funds_raised", None,
         ("as_of", "2020-12-31", "2020-12-31")),
        ("截至2020年 is as of its end too", "2020", "截至2020年", None, "funds_raised", None,
         ("as_of", "2020-12-31", "2020-12-31")),
        ("a period's flow", "2020", "2020年", None, "management_fee", None,
         ("period", "2020-01-01", "2020-12-31")),
        ("a cumulative interval is as of its end", "2016-06/2021-12", "2016年6月至2021年底",
         "2016年6月至2021年底，累计筹款484亿元。", "funds_raised", None,
         ("as_of", "2021-12-31", "2021-12-31")),
        ("a flow interval is the whole period", "2020-01-01/2020-10-31",
         "自2020年1月1日至2020年10月31日",
         "自2020年1月1日至2020年10月31日，发现恶意筹款1884个。", "malicious_cases", None,
         ("period", "2020-01-01", "2020-10-31")),
        ("a level metric is at some moment of its time", "2021", "2021年", None, "members", None,
         ("as_of", "2021-01-01", "2021-12-31")),
        ("24时 is that day", "2021-12-06T24:00", "截至2021年12月6日24时", None, "insured_persons",
         None, ("as_of", "2021-12-06", "2021-12-06")),
        ("Traditional 累計", "2020-12", "2020年12月", "2020年12月，平臺累計籌款370億元。",
         "funds_raised", None, ("as_of", "2020-12-31", "2020-12-31")),
        ("no time: the publication date", None, "", None, "members", "2021-03-27",
         ("published", "2021-03-27", "2021-03-27")),
        ("no time, no date: undated", None, "", None, "members", None, ("undated", None, None)),
    ],
)  # fmt: skip
def test_window(
    name: str,
    time: str | None,
    text: str,
    sentence: str | None,
    metric: str,
    published: str | None,
    expected: tuple[str, str | None, str | None],
) -> None:
    fig_text = "484亿元" if sentence and "484" in sentence else "X"
    for probe in ("1884个", "370億元"):
        if sentence and probe in sentence:
            fig_text = probe
    record = figure("1", time=time, time_text=text, sentence=sentence, metric=metric,
                    text=fig_text)  # fmt: skip
    got = window(record, published)
    assert got == expected, f"{name}: {got}"


def test_cumulative_cue_is_read_before_the_figure_in_its_clause() -> None:
    before = figure("1", time="2020", time_text="2020年", metric="funds_raised",
                    sentence="2020年，平台累计筹款370亿元。", text="370亿元")  # fmt: skip
    other_clause = figure("1", time="2020", time_text="2020年", metric="funds_raised",
                          sentence="累计帮助10万人，2020年筹款370亿元。",
                          text="370亿元")  # fmt: skip
    assert as_of(before) == "point", "累计 right before the figure makes it cumulative"
    assert as_of(other_clause) is None, "累计 of another clause does not"


def test_units_and_apart_fields() -> None:
    assert unit_and_apart(figure("1", unit="户")) == ("家庭", ()), "户 counts families"
    assert unit_and_apart(figure("1", unit="人次")) == ("人次", ()), "人次 stays apart from 人"
    assert unit_and_apart(figure("1", kind="amount")) == ("CNY", ()), "amounts by currency"
    assert unit_and_apart(figure("8", kind="percentage")) == ("percent", ()), "percent by default"
    pp = figure("8", kind="percentage", unit="percentage_point",
                change="increase")  # fmt: skip
    assert unit_and_apart(pp) == ("percentage_point", (("change", "increase"),)), (
        "a unit field and a change field on the model keep the figure apart"
    )
