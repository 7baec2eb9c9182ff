"""Grouping and status on hand-made records: time windows, units apart, series, invariants."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from extract import consolidate
from extract.consolidation.claims import Interval
from extract.consolidation.model import ConsolidatedFact, ValueInterval
from extract.models import PercentageRecord
from tests.consolidation.helpers import document, figure


def only(facts: list[ConsolidatedFact]) -> ConsolidatedFact:
    assert len(facts) == 1, f"one fact expected, got {[(f.status, f.time) for f in facts]}"
    return facts[0]


def test_statuses() -> None:
    single = only(consolidate([figure("100000000", qualifier="over")]))
    assert (single.status, single.value) == ("single", Decimal("100000000")), single
    agree = only(consolidate([figure("729000000", doc="a"), figure("7.29E8", doc="b")]))
    assert (agree.status, agree.documents) == ("agree", 2), "7.29亿 twice agrees"
    compatible = only(
        consolidate([figure("100000000", qualifier="over"), figure("105000000", doc="b")])
    )
    assert compatible.status == "compatible", "超过1亿 and 1.05亿 are compatible"
    assert compatible.value == Decimal("105000000"), "the exact claim is the value"
    assert compatible.allows is not None and compatible.allows.low == Decimal("104500000")
    conflict = only(
        consolidate([figure("37000000000", qualifier="over"), figure("32000000000", doc="b")])
    )
    assert (conflict.status, conflict.value, conflict.allows) == ("conflict", None, None)
    assert len(conflict.claims) == 2 and len(conflict.sources) == 2, "both claims kept"


def test_bounds_only_are_compatible_without_a_value() -> None:
    fact = only(
        consolidate([figure("50000000", qualifier="over"), figure("100000000", qualifier="over")])
    )
    assert (fact.status, fact.value) == ("compatible", None), fact
    assert fact.allows is not None and fact.allows.low == Decimal("100000000"), fact.allows


def test_as_of_points_are_the_end_of_their_time() -> None:
    year = figure("100000000", qualifier="over", time="2020", time_text="截至2020年")
    month = figure("105000000", time="2020-12", time_text="截至2020年底", doc="b")
    day = figure("105000000", time="2020-12-31", time_text="截至2020年12月31日", doc="c")
    fact = only(consolidate([year, month, day]))
    assert (fact.time.start, fact.time.end) == ("2020-12-31", "2020-12-31"), fact.time
    assert fact.status == "compatible" and len(fact.sources) == 3, fact
    earlier = figure("90000000", time="2020-12-06", time_text="截至2020年12月6日", doc="d")
    assert len(consolidate([month, earlier])) == 2, "12-06 is another moment than 12-31"


def test_level_windows_hold_the_one_moment_inside_unless_ambiguous() -> None:
    year = figure("100000000", qualifier="over", time="2020", time_text="2020年")
    december = figure("105000000", time="2020-12", time_text="2020年12月", doc="b")
    fact = only(consolidate([year, december]))
    assert (fact.time.start, fact.time.end) == ("2020-12-01", "2020-12-31"), "the finer window"
    assert fact.status == "compatible", "2021 contains 2021-12: the two compare"

    march = figure("90000000", time="2020-03", time_text="2020年3月", doc="d")
    windows = sorted((f.time.start, len(f.sources)) for f in consolidate([year, december, march]))
    assert windows == [("2020-01-01", 1), ("2020-03-01", 1), ("2020-12-01", 1)], (
        f"2020 holds March and December: it stays apart, {windows}"
    )


def test_periods_compare_only_when_equal() -> None:
    year = figure("729000000", kind="amount", metric="management_fee", time="2020",
                  time_text="2020年")  # fmt: skip
    december = figure("60000000", kind="amount", metric="management_fee", time="2020-12",
                      time_text="2020年12月")  # fmt: skip
    facts = consolidate([year, december])
    assert [f.status for f in facts] == ["single", "single"], "a year's flow is not December's"


def test_units_subjects_metrics_and_apart_fields_keep_facts_apart() -> None:
    people = figure("200000000", unit="人", metric="beneficiaries")
    visits = figure("300000000", unit="人次", metric="beneficiaries")
    other_org = figure("200000000", subject="shuidichou", metric="beneficiaries")
    assert len(consolidate([people, visits, other_org])) == 3, "人/人次 and subjects apart"

    class Changed(PercentageRecord):
        unit: str | None = None
        change: str | None = None

    level = figure("8", kind="percentage", metric="insurance_rate")
    points = figure("8.5", kind="percentage", metric="insurance_rate", model=Changed,
                    unit="percentage_point", change="increase")  # fmt: skip
    facts = consolidate([level, points])
    assert sorted(f.unit or "" for f in facts) == ["percent", "percentage_point"], facts
    assert {f.status for f in facts} == {"single"}, "8% and +8.5 points do not conflict"


def test_untimed_figures_by_publication_date_and_undated_within_their_document() -> None:
    records = [
        document("a", "2021-03-27"),
        figure("100000000", qualifier="over", time=None, doc="a"),
        document("b", "2021-03-27"),
        figure("105000000", time=None, doc="b"),
        document("c", "2021-06-01"),
        figure("75000000", time=None, doc="c"),
        document("d", None),
        figure("1000", time=None, doc="d"),
        document("e", None),
        figure("2000", time=None, doc="e"),
    ]
    facts = consolidate(records)
    shape = sorted((f.time.basis, f.time.start or "", f.status) for f in facts)
    assert shape == [
        ("published", "2021-03-27", "compatible"),
        ("published", "2021-06-01", "single"),
        ("undated", "", "single"),
        ("undated", "", "single"),
    ], shape
    assert {s.published for f in facts for s in f.sources} == {"2021-03-27", "2021-06-01", None}


def test_cumulative_series_fall_names_both_sources() -> None:
    earlier = figure("37000000000", kind="amount", metric="funds_raised", qualifier="over",
                     time="2020-12", doc="a")  # fmt: skip
    later = figure("30000000000", kind="amount", metric="funds_raised", time="2021-06",
                   time_text="截至2021年6月", doc="b")  # fmt: skip
    rising = figure("40000000000", kind="amount", metric="funds_raised", time="2021-12",
                    time_text="截至2021年12月", doc="c")  # fmt: skip
    facts = {f.time.start: f for f in consolidate([earlier, later, rising])}
    fall = facts["2021-06-30"].falls_from
    assert len(fall) == 1 and fall[0].record_ids == [earlier.id], f"the fall: {fall}"
    assert fall[0].fact_id == facts["2020-12-31"].id, "the fall names the earlier fact"
    assert facts["2021-12-31"].falls_from == [], "40亿 after 370亿 does not fall"
    flow = figure("1", kind="amount", metric="management_fee", time="2021", time_text="2021年")
    high = figure("9", kind="amount", metric="management_fee", time="2020", time_text="2020年")
    assert all(not f.falls_from for f in consolidate([high, flow])), "flows are not series"


def test_a_record_counts_once_and_figures_without_subject_or_metric_are_left_out() -> None:
    record = figure("100000000")
    fact = only(consolidate([record, record]))
    assert fact.status == "single", "the same record twice (a run given twice) is one source"
    no_metric = figure("5", metric="")
    assert consolidate([no_metric]) == [], "a figure without a metric has no fact"


def test_ids_are_stable_and_facts_sorted() -> None:
    no_unit = [figure("1", unit=None), figure("2", unit="人"), figure("3", time=None, doc="x")]
    assert len(consolidate(no_unit)) == 3, "a count without a unit and an undated one sort too"
    records = [figure("1", metric="members"), figure("2", metric="donors", unit="人")]
    first, again = consolidate(records), consolidate(list(reversed(records)))
    assert [f.id for f in first] == [f.id for f in again], "ids and order do not depend on input"
    assert [f.metric for f in first] == ["donors", "members"], "sorted by metric"


VALUES = st.sampled_from(["100000000", "105000000", "75000000", "50000000", "99000000"])
QUALIFIERS = st.sampled_from([None, "over", "at_least", "nearly", "about", "under", "at_most"])
TIMES = st.sampled_from(["2020", "2020-12", "2020-12-31", "2021-06", "2020-03"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(VALUES, QUALIFIERS, TIMES, st.integers(0, 3)), min_size=1, max_size=9))
def test_invariants(claims: list[tuple[str, str | None, str, int]]) -> None:
    records = [
        figure(v, qualifier=q, time=t, time_text=f"截至{t}", doc=f"d{d}") for v, q, t, d in claims
    ]
    facts = consolidate(records)
    placed = [s.record_id for f in facts for s in f.sources]
    assert sorted(placed) == sorted(r.id for r in records), "each record in exactly one fact"
    shuffled = records[:]
    random.Random(len(records)).shuffle(shuffled)
    assert {f.id: f.status for f in consolidate(shuffled)} == {f.id: f.status for f in facts}, (
        "the order of the input changes nothing"
    )
    for f in facts:
        excluding = any(
            interval(a.allows).meet(interval(b.allows)).empty for a in f.sources for b in f.sources
        )
        assert (f.status == "conflict") is excluding, f"conflict iff two claims exclude: {f}"
        if f.status == "compatible" and f.value is not None:
            assert f.allows is not None and interval(f.allows).holds(f.value), "value allowed"


def interval(v: ValueInterval) -> Interval:
    return Interval(v.low, v.low_open, v.high, v.high_open)
