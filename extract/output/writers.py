"""Writers: record lines to JSONL or Parquet, atomically or (for resumed runs) block by block.

A new output is written under a temporary name in the same folder and renamed into place when
the run ends, so a crash or an interrupt never leaves a half-written file and the previous
output stays whole until the new one replaces it. A resumed run appends whole blocks to the
existing JSONL and flushes after each one.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TextIO

import orjson

from extract.grammar.grammar_kit import LONE_SURROGATE
from extract.models import Record

PARQUET_ROWS_PER_GROUP = 5000


def _exact(value: object) -> str:
    """orjson's hook for the one contract type it lacks: Decimal, as the contract writes it."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    raise TypeError(f"{type(value).__name__} is not a contract value")


def row_line(row: dict[str, Any]) -> str:
    """One JSON line of a record row (`records.record_rows`), as `model_dump_json` writes it.

    A lone surrogate (a corpus's `"\\ud83d"`, a file name that is not UTF-8) has no UTF-8
    form: it is written as its JSON escape, which `parse_record` reads back."""
    try:
        return orjson.dumps(row, default=_exact).decode("utf-8") + "\n"
    except orjson.JSONEncodeError:
        text = json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=_exact)
        return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def record_line(record: Record) -> str:
    """One JSON line of a record model."""
    return row_line(record.model_dump())


class PartialRun(Exception):
    """A run stopped early with whole documents written: its partial output is worth keeping."""


def _partial_prefix(path: Path) -> str:
    return f".{path.name}."


@contextmanager
def atomic_path(path: Path, *, keep_partial: bool = False) -> Iterator[Path]:
    """A temporary sibling of `path` to write; renamed over `path` only on success.

    With `keep_partial`, an interrupt (Ctrl-C, SIGTERM) or a PartialRun leaves the temporary
    file for `adopt_partial` (`--resume`) to continue from; any other failure removes it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_partial_prefix(path), suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o644)  # mkstemp makes 0600; outputs are for others to read too
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except (KeyboardInterrupt, PartialRun):
        if not keep_partial:
            Path(tmp).unlink(missing_ok=True)
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def adopt_partial(path: Path) -> Path | None:
    """When `path` does not exist, the newest partial output an interrupted run left beside
    it (`.NAME.xxxx.tmp`) becomes `path`; returns the adopted file, or None."""
    if path.exists():
        return None
    left = sorted(
        path.parent.glob(f"{_partial_prefix(path)}*.tmp"), key=lambda p: p.stat().st_mtime
    )
    if not left or not looks_like_output(left[-1]):
        return None
    os.replace(left[-1], path)
    return left[-1]


def looks_like_output(path: Path) -> bool:
    """True for an empty file or one whose first line starts like a record of this tool."""
    with path.open("rb") as fh:
        head = fh.read(64)
    return not head.strip() or head.startswith(b'{"schema_version":')


@contextmanager
def atomic_text(path: Path, *, keep_partial: bool = False) -> Iterator[TextIO]:
    """A text file that appears at `path` whole, or not at all."""
    with (
        atomic_path(path, keep_partial=keep_partial) as tmp,
        tmp.open("w", encoding="utf-8", newline="\n") as fh,
    ):
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


class Sink(Protocol):
    def write(self, lines: Sequence[str]) -> None: ...


class _JsonlSink:
    def __init__(self, fh: TextIO, flush: bool) -> None:
        self.fh = fh
        self.flush = flush

    def write(self, lines: Sequence[str]) -> None:
        self.fh.write("".join(lines))
        if self.flush:
            self.fh.flush()


class _ParquetSink:
    """Buffers rows and writes row groups with the contract's table schema."""

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        from extract.output.tabular import arrow_schema

        self.schema = arrow_schema()
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict] = []

    def write(self, lines: Sequence[str]) -> None:
        self.rows.extend(json.loads(line) for line in lines)
        if len(self.rows) >= PARQUET_ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


@contextmanager
def open_sink(
    target: str | None, fmt: str = "jsonl", *, append_at: int | None = None
) -> Iterator[Sink]:
    """A sink for record lines: stdout for None or '-', else a file.

    `append_at` (JSONL only) keeps the first `append_at` bytes of an existing file, drops the
    rest (a torn tail) and appends, flushing after every block: the mode of a resumed run.
    """
    if fmt == "tables":
        if target in (None, "-"):
            raise ValueError("Parquet tables need a folder: use -o FOLDER")
        from extract.output.tables import tables_sink

        with tables_sink(Path(target)) as sink:
            yield sink
        return
    if fmt == "parquet":
        if target in (None, "-"):
            raise ValueError("Parquet output needs a file: use -o FILE")
        with atomic_path(Path(target)) as tmp:
            sink = _ParquetSink(tmp)
            try:
                yield sink
            finally:
                sink.close()
        return
    if target in (None, "-"):
        yield _JsonlSink(sys.stdout, flush=False)
        sys.stdout.flush()
        return
    path = Path(target)
    if append_at is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as fh:
            fh.truncate(append_at)
        with path.open("a", encoding="utf-8", newline="\n") as fh:
            yield _JsonlSink(fh, flush=True)
        return
    with atomic_text(path, keep_partial=True) as fh:
        yield _JsonlSink(fh, flush=False)


def output_problem(output: str | None, inputs: list[str], fmt: str, *, resume: bool) -> str | None:
    """Why the run cannot write `output`, found before the first document (None if it can)."""
    to_stdout = output in (None, "-")
    if to_stdout and fmt == "parquet":
        return "--format parquet needs an output file: -o FILE"
    if resume and (to_stdout or fmt != "jsonl"):
        return "--resume needs a JSONL output file (-o FILE)"
    if to_stdout:
        return None
    path = Path(output)
    if fmt == "tables":
        if path.exists() and not path.is_dir():
            return f"{output}: is a file; --format tables writes a folder (-o FOLDER)"
    elif path.is_dir():
        return f"{output}: is a directory; -o takes a file name"
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{output}: {folder} is a file, not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{output}: cannot write in {folder} (permission denied)"
    if path.exists() and any(_same_file(path, item) for item in inputs):
        return f"{output}: is also an input; the run would replace it with its records"
    if resume and path.exists() and not looks_like_output(path):
        return f"{output}: not an extract-facts output; --resume would cut it (use another -o)"
    return None


def _same_file(output: Path, item: str) -> bool:
    matches = glob.glob(item) if glob.has_magic(item) else [item]
    for match in matches:
        try:
            if Path(match).is_file() and output.samefile(match):
                return True
        except OSError:
            continue
    return False
