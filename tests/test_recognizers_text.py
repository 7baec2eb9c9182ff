"""The Recognizers-Text Chinese specs (money, percent, numbers) as a regression floor.

The specs are read from a local snapshot (see tests/recognizers_text.py; nothing of them is
committed). Each model's pass count may never fall below the count measured when the grammar
last changed (README, "Public test suite"), and the pass rates stay above the issue's targets.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tests import recognizers_text as rt

# Passes over the cases not skipped by design, measured with `python -m tests.recognizers_text`.
FLOOR = {"money": (29, 29), "percent": (118, 121), "number": (371, 371)}
TARGET = {"money": 0.93, "percent": 0.91, "number": 0.95}

needs_snapshot = pytest.mark.skipif(
    not rt.GIT_DIR.exists(), reason=rt.HOW_TO_GET.format(path=rt.GIT_DIR)
)


@needs_snapshot
@pytest.mark.parametrize("model", sorted(rt.SPECS))
def test_spec_pass_rate_does_not_fall(model: str) -> None:
    results = rt.score(model)
    passed, counted, share = rt.rate(results)
    floor, floor_counted = FLOOR[model]
    failures = [f"{r.case!r}: {r.detail}" for r in results if r.skipped is None and not r.passed]
    assert counted == floor_counted, (
        f"{model}: {counted} cases counted, {floor_counted} when the floor was set "
        "(a skip rule or the snapshot changed)"
    )
    assert passed >= floor, f"{model}: {passed} pass, floor {floor}; failing: {failures}"
    assert share >= TARGET[model], f"{model}: pass rate {share:.1%} < {TARGET[model]:.0%}"


@needs_snapshot
def test_every_skip_rule_is_used() -> None:
    """A skip rule that matches nothing is dead; each names its reason in the report."""
    used = {r.skipped for model in rt.SPECS for r in rt.score(model) if r.skipped}
    for skip in rt.SKIPS:
        assert skip.reason in used, f"skip rule {skip.pattern!r} matches no case"


@pytest.mark.parametrize(
    ("got", "spec", "same"),
    [
        (Decimal("2.3"), "2.3%", True),
        (Decimal("-2.3"), "-2.3%", True),
        (Decimal("0.00006"), "6E-05%", True),
        (Fraction(1051, 3), "350.333333333333", True),
        (Decimal("202107211321363588510367"), "2.02107211321364E+23", True),
        (Decimal("350.33"), "350.333333333333", False),
        (Decimal("2.4"), "2.3", False),
    ],
    ids=["plain", "negative", "exponent", "rounded_double", "big_double", "too_far", "wrong"],
)
def test_same_value(got: Decimal | Fraction, spec: str, same: bool) -> None:
    assert rt.same_value(got, spec) is same, f"{got} vs spec {spec}: expected same={same}"


@pytest.mark.parametrize(
    ("model", "case", "skipped"),
    [
        ("percent", {"Input": "打九折", "Results": []}, True),
        ("percent", {"Input": "百分之5", "Results": [{"Text": "百分之5"}]}, False),
        ("number", {"Input": "3e5", "Results": [{"Text": "3e5"}]}, True),
        ("number", {"Input": "三万", "Results": [{"Text": "三万"}]}, False),
        ("money", {"Input": "三角形的面积", "Results": []}, False),
        (
            "money",
            {
                "Input": "三元五角",
                "Results": [{"Text": "三元五角", "Resolution": {"value": "3.5"}}],
            },
            True,
        ),
        (
            "money",
            {"Input": "美元", "Results": [{"Text": "美元", "Resolution": {"value": None}}]},
            True,
        ),
    ],
    ids=["discount", "percent", "exponent", "numeral", "no_result", "sub_unit", "no_amount"],
)
def test_skip_rules(model: str, case: dict, skipped: bool) -> None:
    reason = rt.skip_reason(model, case)
    assert (reason is not None) is skipped, f"{model} {case['Input']!r}: skip reason {reason!r}"
