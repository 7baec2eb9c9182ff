"""Articles written for these tests, run through the whole pipeline, then consolidated.

Four short reports (Simplified and Traditional, published on four dates) give the same facts
with agreeing, compatible and conflicting values, and a cumulative series that falls. Every
fact's status is checked, and the command, its three formats, the schema and the review page.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from extract import consolidate
from extract.cli import main
from extract.consolidation.command import FLAT_COLUMNS
from extract.consolidation.model import FACT_ADAPTER, ConsolidatedFact
from extract.consolidation.view import facts_view
from extract.review.report import build_report
from extract.review.verify import read_records
from tests.conftest import REPO
from tests.test_report import browser, needs_chromium, open_page  # noqa: F401  (fixtures)

ARTICLES = Path(__file__).resolve().parent / "articles"

# subject metric unit basis first-day | status value documents falls-below-an-earlier-fact
TABLE = """
xianghubao   members             人      as_of  2020-12-31 | compatible 105000000   2 no
xianghubao   members             人      as_of  2021-06-30 | single     75000000    1 yes
xianghubao   management_fee      CNY     period 2020-01-01 | agree      729000000   2 no
xianghubao   management_fee_rate percent period 2020-01-01 | agree      8           2 no
shuidichou   funds_raised        CNY     as_of  2020-12-31 | conflict   -           2 no
shuidichou   beneficiaries       人次    as_of  2020-12-31 | single     200000000   1 no
qingsongchou beneficiaries       人      as_of  2020-12-31 | compatible 49800000    2 no
qingsongchou funds_raised        CNY     as_of  2021-06-30 | single     50000000000 1 no
"""
EXPECTED = {
    tuple(key.split()): tuple(want.split())
    for key, want in (line.split("|") for line in TABLE.strip().splitlines())
}


@pytest.fixture(scope="module")
def run_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("consolidate") / "run.jsonl"
    assert main(["-q", "run", str(ARTICLES), "-o", str(out)]) == 0, "the pipeline run failed"
    return out


@pytest.fixture(scope="module")
def facts(run_output: Path, tmp_path_factory: pytest.TempPathFactory) -> list[ConsolidatedFact]:
    target = tmp_path_factory.mktemp("facts") / "facts.jsonl"
    assert main(["-q", "consolidate", str(run_output), "-o", str(target)]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    return [FACT_ADAPTER.validate_json(line) for line in lines]


def _key(f: ConsolidatedFact) -> tuple[str, str, str | None, str, str | None]:
    return (f.subject.org_id, f.metric, f.unit, f.time.basis, f.time.start)


def test_every_fact_has_its_status(facts: list[ConsolidatedFact]) -> None:
    got = {
        _key(f): (
            f.status,
            "-" if f.value is None else format(f.value, "f"),
            str(f.documents),
            "yes" if f.falls_from else "no",
        )
        for f in facts
    }
    for key, want in EXPECTED.items():
        assert key in got, f"no fact {key}; facts: {sorted(got)}"
        assert got[key] == want, f"{key}: got {got[key]}, expected {want}"
    assert set(got) == set(EXPECTED), f"unexpected facts: {set(got) - set(EXPECTED)}"


def test_sources_carry_provenance_and_publication_dates(facts: list[ConsolidatedFact]) -> None:
    members = next(
        f for f in facts if _key(f)[:2] == ("xianghubao", "members") and f.documents == 2
    )
    by_doc = {s.doc_id: s for s in members.sources}
    assert set(by_doc) == {"a1_year_end.md", "a2_traditional.md"}, by_doc
    trad = by_doc["a2_traditional.md"]
    assert (trad.quote, trad.published) == ("1.05億人", "2021-02-03"), (
        "Traditional source as written"
    )
    assert "相互寶" in trad.sentence.text, "the sentence is the article's own (Traditional) text"
    source = (ARTICLES / "a2_traditional.md").read_text(encoding="utf-8")
    assert source[trad.span.start : trad.span.end] == trad.quote, "the span quotes the source"
    fall = next(f for f in facts if f.falls_from)
    assert fall.falls_from[0].fact_id == members.id, "the fall names the year-end fact"
    assert fall.falls_from[0].doc_ids == ["a1_year_end.md", "a2_traditional.md"], "both sources"


def test_csv_and_parquet_have_one_row_per_fact(run_output: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert main(["-q", "consolidate", str(run_output), "-o", str(tmp_path / "f.csv")]) == 0
    with (tmp_path / "f.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(EXPECTED) and tuple(rows[0]) == FLAT_COLUMNS, rows[:1]
    conflict = next(r for r in rows if r["status"] == "conflict")
    assert json.loads(conflict["quotes"]) == ["超过370亿元", "320亿元"], conflict["quotes"]
    assert main(["-q", "consolidate", str(run_output), "-o", str(tmp_path / "f.parquet")]) == 0
    table = pq.read_table(tmp_path / "f.parquet")
    assert table.num_rows == len(EXPECTED) and table.column_names == list(FLAT_COLUMNS)


def test_review_page_lists_conflicts_first_with_sources_one_click_away(run_output: Path) -> None:
    records, problems = read_records(run_output)
    assert problems == [], problems
    page = facts_view(records)
    rows = page.split('<tr class="fact ')[1:]
    statuses = [row.split('"', 1)[0] for row in rows]
    assert statuses[:2] == ["s-conflict", "s-fall"], f"conflicts and falls first: {statuses}"
    assert len(rows) == len(EXPECTED), "one row per fact"
    index = {r.id: i for i, r in enumerate(records)}
    conflict = next(f for f in consolidate(records) if f.status == "conflict")
    for s in conflict.sources:
        assert f'data-r="{index[s.record_id]}"' in rows[0], f"source {s.record_id} not clickable"


def test_fact_schema_is_in_sync(tmp_path: Path) -> None:
    assert main(["-q", "schema", "--dir", str(tmp_path)]) == 0
    fresh = (tmp_path / "fact.schema.json").read_text(encoding="utf-8")
    committed = (REPO / "extract" / "schemas" / "fact.schema.json").read_text(encoding="utf-8")
    stale = "extract/schemas/fact.schema.json is stale: run `extract-facts schema`"
    assert fresh == committed, stale


def test_missing_input_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "consolidate", str(tmp_path / "none.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


@needs_chromium
def test_browser_source_button_jumps_to_its_sentence(
    run_output: Path,
    tmp_path: Path,
    open_page: Any,  # noqa: F811  (the imported fixture)
) -> None:
    html = build_report(run_output).html
    target = tmp_path / "report.html"
    target.write_text(html, encoding="utf-8")
    tab = open_page
    tab.goto(target.resolve().as_uri())
    first = tab.locator("#consolidated tbody tr").first
    assert first.locator(".status").inner_text() == "conflict", "the first row is the conflict"
    first.locator(".fact-source").nth(1).click()
    assert tab.locator(".sent.current").inner_text() == "截至2020年底，水滴筹累计筹款320亿元。", (
        "a source button jumps to the source's sentence"
    )
    assert "32000000000" in tab.locator("#details").inner_text(), "details show the record"
    assert tab.errors == [], f"console errors or network requests: {tab.errors}"


def test_reading_validates_only_the_types_consolidation_needs(run_output: Path) -> None:
    from extract.consolidation.command import READ_TYPES
    from extract.review.verify import iter_records

    problems: list[str] = []
    read = list(iter_records(run_output, problems, READ_TYPES))
    every, _ = read_records(run_output)
    assert {r.type for r in read} == READ_TYPES, "documents and figures are read"
    assert [r.id for r in read] == [r.id for r in every if r.type in READ_TYPES], "all of them"
    broken = run_output.parent / "broken.jsonl"
    broken.write_text('{"no": "type"}\n', encoding="utf-8")
    assert list(iter_records(broken, problems, READ_TYPES)) == [] and len(problems) == 1, (
        "a line without a type is still validated, and reported"
    )
