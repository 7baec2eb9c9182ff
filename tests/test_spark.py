"""Spark local mode gives, record for record, what a single-process run gives."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from extract import cli
from tests.conftest import SEEDS

pytest.importorskip("pyspark", reason="the [spark] extra (PySpark) is not installed")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java, and no `java` is on PATH", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    """A local Spark whose workers run this test's own Python (not whatever `python` is on PATH)."""
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYSPARK_PYTHON", sys.executable)
        env.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("extract-facts-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
        yield session
        session.stop()


def test_spark_records_equal_single_process(
    spark, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract.spark import extract_records

    monkeypatch.chdir(tmp_path)
    rows = [
        {
            "id": seed.stem,
            "text": seed.read_text(encoding="utf-8"),
            "date": "2021-03-27" if seed.name.startswith("000") else None,
        }
        for seed in sorted(SEEDS.iterdir())
    ]
    corpus = Path("corpus.jsonl")
    corpus.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    assert cli.main(["-q", "run", str(corpus), "-o", "local.jsonl"]) == 0
    local = [
        json.loads(line) for line in Path("local.jsonl").read_text(encoding="utf-8").splitlines()
    ]

    articles = spark.createDataFrame(rows, "id string, text string, date string").repartition(2)
    records = extract_records(articles.orderBy("id"), source_name="corpus.jsonl")
    got = [json.loads(r) for r in records.toJSON().collect()]
    # Spark's JSON leaves out null fields, nested ones included; compare without them.
    want = [_without_nulls(r) for r in local]
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g == w, f"Spark record differs from the local run: {w['type']} {w['id']}"


def _without_nulls(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value
