"""Parquet as one table per record type: a folder with `document.parquet`, `amount.parquet` ...

Each table has its type's own fields only (no column that is always null), nested objects as
structs, lists as lists, and exact decimals as DECIMAL(38, 10) columns, so DuckDB, pandas and
Polars read typed numbers without inference. All seven files are written, empty ones too, so a
query never depends on what a run happened to find. The folder appears whole or not at all.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from extract.models import parse_record
from extract.output.tabular import arrow_schema, type_columns

log = logging.getLogger("extract")

RECORD_TYPES = ("document", "amount", "count", "percentage", "date", "event", "organisation")
ROWS_PER_GROUP = 5000


class TablesSink:
    """Record lines in, one Parquet writer per record type out."""

    def __init__(self, folder: Path) -> None:
        import pyarrow.parquet as pq

        self.schemas = {t: arrow_schema(type_columns(t)) for t in RECORD_TYPES}
        self.writers = {
            t: pq.ParquetWriter(folder / f"{t}.parquet", s) for t, s in self.schemas.items()
        }
        self.rows: dict[str, list[dict]] = {t: [] for t in RECORD_TYPES}

    def write(self, lines: Sequence[str]) -> None:
        for line in lines:
            record = parse_record(line)
            rows = self.rows[record.type]
            rows.append(record.model_dump(mode="python"))
            if len(rows) >= ROWS_PER_GROUP:
                self._flush(record.type)

    def _flush(self, record_type: str) -> None:
        import pyarrow as pa

        rows = self.rows[record_type]
        if rows:
            schema = self.schemas[record_type]
            self.writers[record_type].write_table(pa.Table.from_pylist(rows, schema=schema))
            self.rows[record_type] = []

    def close(self) -> None:
        for record_type, writer in self.writers.items():
            self._flush(record_type)
            writer.close()


@contextmanager
def tables_sink(folder: Path) -> Iterator[TablesSink]:
    """A TablesSink on a temporary sibling folder, renamed over `folder` on success."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    os.chmod(tmp, 0o755)
    try:
        sink = TablesSink(tmp)
        try:
            yield sink
        finally:
            sink.close()
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old.{os.getpid()}")
            os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old)
        else:
            os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "tables", help="a run's JSONL as one Parquet table per record type (needs pyarrow)"
    )
    p.add_argument("run", type=Path, help="a run's JSONL")
    p.add_argument("-o", "--output", type=Path, required=True, help="the folder to write")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    if not args.run.is_file():
        log.error("%s: no such file", args.run)
        return 2
    with tables_sink(args.output) as sink, args.run.open(encoding="utf-8") as fh:
        sink.write([line for line in fh if line.strip()])
    log.info("wrote %s/{%s}.parquet", args.output, ",".join(RECORD_TYPES))
    return 0
