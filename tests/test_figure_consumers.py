"""Issue 15's contract fields (`change`, percentage `unit`) reach every consumer: the JSON
record, the facts table, the review page and the Parquet/Spark table schema."""

from __future__ import annotations

import pytest

from extract.models import AmountRecord, PercentageRecord, parse_record
from extract.output.records import records_for
from extract.output.tabular import record_columns
from extract.pipeline import annotate, default_pipeline
from extract.review import factstable, report_data
from tests.conftest import assert_quotes_source, make_document

TEXT = "2021年筹款额同比下降12.5%，参保率较去年提高2个百分点，亏损为负3000万元。"


@pytest.fixture(scope="module")
def figures() -> list[AmountRecord | PercentageRecord]:
    document = make_document(TEXT)
    records = records_for(document, annotate(default_pipeline(), document))
    assert_quotes_source(records, TEXT.encode("utf-8"))
    return [r for r in records if isinstance(r, AmountRecord | PercentageRecord)]


def _by_quote(figures: list, quote: str):
    found = [r for r in figures if r.quote == quote]
    assert found, f"no record quotes {quote!r}; got {[r.quote for r in figures]}"
    return found[0]


def test_records_carry_change_and_unit(figures: list) -> None:
    drop = _by_quote(figures, "12.5%")
    assert (drop.change, drop.unit, str(drop.value)) == ("decrease", "percent", "12.5"), drop
    points = _by_quote(figures, "2个百分点")
    assert (points.change, points.unit) == ("increase", "percentage_point"), points
    loss = _by_quote(figures, "负3000万元")
    assert (loss.change, str(loss.value)) == (None, "-30000000"), loss
    again = parse_record(points.model_dump_json())
    assert again == points, "the JSON line does not round-trip change and unit"


def test_facts_table_marks_changes_and_points(figures: list) -> None:
    assert factstable.value_text(_by_quote(figures, "12.5%")) == "−12.5%"
    assert factstable.value_text(_by_quote(figures, "2个百分点")) == "+2 pp"
    assert factstable.value_text(_by_quote(figures, "负3000万元")) == "-30,000,000 CNY"


def test_report_says_change_and_points(figures: list) -> None:
    assert report_data.value_text(_by_quote(figures, "12.5%")) == "decrease of 12.5%"
    points = report_data.value_text(_by_quote(figures, "2个百分点"))
    assert points == "increase of 2 percentage points"


def test_table_schema_has_the_new_columns() -> None:
    columns = dict(record_columns())
    assert columns.get("change") == "string", f"change column: {columns.get('change')}"
    assert columns.get("unit") == "string", f"unit column: {columns.get('unit')}"
