"""The same extraction on Apache Spark: a DataFrame of articles to a DataFrame of records.

Each Python worker loads the pipeline once (it is cached per process and Spark reuses its
Python workers) and turns its partition's articles into record lines exactly as a local run
does; the lines are parsed with the contract's table schema (`extract.output.tabular`), so a Spark
run and a local run give the same records. Needs the `[spark]` extra (PySpark, and Java).

    from extract.spark import extract_records
    records = extract_records(spark.read.json("corpus.jsonl"), source_name="corpus.jsonl")
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from extract.ingest.sources import JsonlFields, corpus_task
from extract.pipeline import DEFAULT_OPTIONS, PipelineOptions

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def _partition(
    rows: Iterator[tuple[object, int]], fields: JsonlFields, source: str, options: PipelineOptions
) -> Iterator[tuple[str]]:
    from extract.runner import init_worker, process

    init_worker(frozenset(), options)  # cached: the pipeline is built once per worker process
    for row, index in rows:
        task = corpus_task(row.asDict(), index + 1, source, source, fields)
        for line in process(task).lines:
            yield (line,)


def extract_records(
    articles: DataFrame,
    *,
    fields: JsonlFields | None = None,
    source_name: str = "spark",
    options: PipelineOptions = DEFAULT_OPTIONS,
) -> DataFrame:
    """Records of every article row, with the record contract's columns.

    `articles` has the corpus columns named by `fields` (id, text, and optionally date, title,
    url); `source_name` is written as the documents' `path`, and a row's position (1-based)
    as its `jsonl_line`, as when a local run reads the same rows from a JSONL file.
    """
    from pyspark.sql import functions as F

    from extract.output.tabular import spark_schema

    fields = fields or JsonlFields()
    wanted = [f for f in (fields.id, fields.text, fields.date, fields.title, fields.url)]
    present = [c for c in dict.fromkeys(wanted) if c in articles.columns]
    lines = (
        articles.select(*present)
        .rdd.zipWithIndex()
        .mapPartitions(lambda rows: _partition(rows, fields, source_name, options))
    )
    frame = articles.sparkSession.createDataFrame(lines, "line string")
    return frame.select(F.from_json("line", spark_schema()).alias("r")).select("r.*")
