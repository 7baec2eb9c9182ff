"""Writers: records to JSONL, atomically.

A file is written under a temporary name in the same folder and renamed into place only when
the run finishes, so a crash or an interrupt never leaves a half-written output, and the
previous output stays whole until the new one replaces it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from extract.models import Record


def record_line(record: Record) -> str:
    return record.model_dump_json(exclude_none=False) + "\n"


@contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """Open a temporary sibling of `path` for writing; rename it over `path` on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def jsonl_sink(target: str | None) -> Iterator[TextIO]:
    """A text stream for records: stdout for None or '-', else an atomic file."""
    if target in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_text(Path(target)) as fh:
        yield fh


def write_records(fh: TextIO, records: Iterable[Record]) -> int:
    count = 0
    for record in records:
        fh.write(record_line(record))
        count += 1
    return count
