"""Parquet as one table per record type, with real decimal columns."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import extract
from extract import cli
from extract.models import PercentageRecord, parse_record
from extract.output.tables import RECORD_TYPES, tables_sink
from extract.output.tabular import type_columns
from tests.conftest import REPO, readme_blocks

pa = pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet", reason="the [parquet] extra (pyarrow) is not installed")
duckdb = pytest.importorskip("duckdb", reason="the test extra's duckdb is not installed")

SEEDS_RUN = REPO / "out" / "seeds.jsonl"


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables") / "run"
    assert cli.main(["-q", "tables", str(SEEDS_RUN), "-o", str(folder)]) == 0
    return folder


def test_one_file_per_type_with_its_own_columns(tables: Path) -> None:
    assert sorted(p.name for p in tables.iterdir()) == sorted(f"{t}.parquet" for t in RECORD_TYPES)
    for record_type in RECORD_TYPES:
        table = pq.read_table(tables / f"{record_type}.parquet")
        want = [name for name, _ in type_columns(record_type)]
        assert table.column_names == want, f"{record_type}: columns {table.column_names}"
        assert set(table.column("type").to_pylist()) <= {record_type}, f"{record_type}: mixed"


def test_decimals_are_decimal_columns(tables: Path) -> None:
    for record_type in ("amount", "count", "percentage"):
        path = tables / f"{record_type}.parquet"
        described = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
        assert described["value"] == "DECIMAL(38,10)", f"{record_type}: {described['value']}"
        assert described["range"] == "STRUCT(low DECIMAL(38,10), high DECIMAL(38,10))", described
    biggest = duckdb.sql(f"SELECT max(value) FROM '{tables / 'amount.parquet'}'").fetchall()
    assert biggest == [(Decimal("446600000000"),)], f"the largest is 4466亿元, got {biggest}"
    tiny = duckdb.sql(
        f"SELECT value FROM '{tables / 'percentage.parquet'}' WHERE quote LIKE '%万分之%'"
    ).fetchall()
    assert (Decimal("0.1709"),) in tiny, f"万分之17.09 must stay exactly 0.1709: {tiny}"


def test_round_trip_gives_the_records(tables: Path) -> None:
    want = [parse_record(line) for line in SEEDS_RUN.read_text(encoding="utf-8").splitlines()]
    got = list(extract.read_records(tables))
    by_type = {t: [r for r in want if r.type == t] for t in sorted(RECORD_TYPES)}
    assert got == [r for t in sorted(RECORD_TYPES) for r in by_type[t]], "records changed"
    assert [r.model_dump_json() for r in got] == [
        r.model_dump_json() for t in sorted(RECORD_TYPES) for r in by_type[t]
    ], "the JSON of a record read back from the tables differs (decimal scale?)"


def test_run_writes_tables_and_replaces_them_whole(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("2020年，相互宝实际收到的管理费共计7.29亿元。", encoding="utf-8")
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "stale.parquet").write_bytes(b"old")
    assert cli.main(["-q", "run", str(article), "-o", str(folder), "--format", "tables"]) == 0
    assert not (folder / "stale.parquet").exists(), "the old folder was not replaced whole"
    amounts = pq.read_table(folder / "amount.parquet").to_pylist()
    assert [a["value"] for a in amounts] == [Decimal("729000000")], amounts
    assert pq.read_table(folder / "event.parquet").num_rows == 0, "empty tables are written too"


def test_a_decimal_that_does_not_fit_fails_and_keeps_the_old_folder(tmp_path: Path) -> None:
    first = SEEDS_RUN.read_text(encoding="utf-8").splitlines(keepends=True)
    head = parse_record(first[0])
    mention = parse_record(next(line for line in first if '"percentage"' in line))
    assert isinstance(mention, PercentageRecord)
    bad = mention.model_copy(update={"value": Decimal("0.123456789012")})
    folder = tmp_path / "tables"
    with tables_sink(folder) as sink:
        sink.write([head.model_dump_json()])
    with pytest.raises(pa.ArrowInvalid), tables_sink(folder) as sink:
        sink.write([bad.model_dump_json()])
    assert pq.read_table(folder / "document.parquet").num_rows == 1, "the old folder was lost"
    assert not list(tmp_path.glob(".tables.*")), "a temporary folder was left behind"


def test_readme_loading_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("polars", reason="the test extra's polars is not installed")
    (tmp_path / "out").mkdir()
    shutil.copy(SEEDS_RUN, tmp_path / "out" / "seeds.jsonl")
    monkeypatch.chdir(tmp_path)
    blocks = readme_blocks("Loading the output")
    assert len(blocks) >= 2, "the README's loading examples are missing"
    for block in blocks:
        exec(compile(block, "README.md (Loading the output)", "exec"), {})
