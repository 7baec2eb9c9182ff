"""The Recognizers-Text Chinese DateTime specs, read from a snapshot (recognizers_dates.py)."""

from __future__ import annotations

import pytest

from tests.recognizers_dates import FILES, HOW_TO_GET, SKIPS, measure, snapshot

THRESHOLD = 0.75  # of the cases not skipped by design


@pytest.fixture(scope="module")
def measured():
    root = snapshot()
    if root is None:
        pytest.skip(HOW_TO_GET)
    return measure(root)


def test_pass_rate_of_the_date_specs(measured) -> None:
    scores, failures, _ = measured
    passed = sum(s.passed for s in scores.values())
    failed = sum(s.failed for s in scores.values())
    rate = passed / (passed + failed)
    worst = [f"{c.file}[{c.index}] {c.text!r}" for c in failures[:10]]
    assert rate >= THRESHOLD, f"pass rate {rate:.3f} < {THRESHOLD}; first failures: {worst}"


def test_every_file_was_read_and_every_skip_has_a_reason(measured) -> None:
    scores, _, reasons = measured
    empty = [name for name in FILES if not (scores[name].passed + scores[name].failed)]
    assert not empty, f"no comparable case read from {empty}"
    assert set(reasons) <= set(SKIPS), f"skip reasons without a text: {set(reasons) - set(SKIPS)}"
