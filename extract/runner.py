"""Running the pipeline over a corpus: streamed, in input order, on one or N processes.

Each input becomes a Block: the document's JSON lines, its `document` record first (which says
how many records follow). Blocks come back in input order whatever the number of workers, and
at most a window of them is in flight, so memory stays flat as the corpus grows. With
`--resume` the output is appended to block by block and a torn tail is cut off first, so an
interrupted run continues where it stopped.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.ingest import Document, FailedDocument
from extract.ingest.sources import Task
from extract.pipeline import DEFAULT_OPTIONS, PipelineOptions, annotate, default_pipeline
from extract.records import document_record, records_for
from extract.writers import record_line

log = logging.getLogger("extract")


@dataclass(frozen=True, slots=True)
class Block:
    """What one input produced: its lines, or nothing when a resumed run skipped it."""

    lines: tuple[str, ...]
    failure: str | None = None
    skipped: bool = False
    chars: int = 0


_SKIP: frozenset[str] = frozenset()
_OPTIONS = DEFAULT_OPTIONS


def init_worker(skip: frozenset[str], options: PipelineOptions) -> None:
    """Per worker process: the resume skip-set, and the pipeline loaded once."""
    global _SKIP, _OPTIONS
    _SKIP, _OPTIONS = skip, options
    default_pipeline(options)  # load once per worker, not once per document


def process(task: Task | FailedDocument) -> Block:
    """Ingest, annotate and serialise one input; never raises for a bad article."""
    if isinstance(task, FailedDocument):
        return _failed(task)
    if _SKIP and task.key() in _SKIP:
        return Block((), skipped=True)
    doc: Document | FailedDocument = task.load()
    if isinstance(doc, FailedDocument):
        return _failed(doc)
    try:
        records = records_for(doc, annotate(default_pipeline(_OPTIONS), doc))
    except Exception as e:  # one article's failure must not stop a corpus run
        log.exception("%s: extraction failed", doc.path)
        failed = FailedDocument(
            doc.doc_id, doc.path, f"extraction failed: {e!r}", doc.sha256, doc.jsonl_line
        )
        return _failed(failed)
    return Block(tuple(record_line(r) for r in records), chars=len(doc.raw))


def _failed(doc: FailedDocument) -> Block:
    return Block((record_line(document_record(doc)),), failure=f"{doc.path}: {doc.error}")


def run_blocks(
    tasks: Iterable[Task | FailedDocument],
    *,
    jobs: int = 1,
    skip: frozenset[str] = frozenset(),
    options: PipelineOptions = DEFAULT_OPTIONS,
) -> Iterator[Block]:
    """Blocks in input order; `jobs` worker processes each load the pipeline once."""
    if jobs <= 1:
        init_worker(skip, options)
        yield from map(process, tasks)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    window = jobs * 16
    with context.Pool(jobs, initializer=init_worker, initargs=(skip, options)) as pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(process, (task,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def resume_state(path: Path) -> tuple[frozenset[str], int]:
    """(keys `doc_id|sha256` of the documents complete in `path`, bytes of complete blocks).

    A block is complete when its `document` line is followed by as many lines of the same
    document as it announces; anything after the last complete block is a torn tail.
    """
    done: set[str] = set()
    good_end = 0
    expected = 0
    current: dict | None = None
    offset = 0
    with path.open("rb") as fh:
        for raw in fh:
            offset += len(raw)
            if not raw.endswith(b"\n"):
                break
            try:
                line = json.loads(raw)
            except ValueError:
                break
            if line.get("type") == "document":
                current, expected = line, line.get("records", 0)
            elif current is None or line.get("doc_id") != current.get("doc_id"):
                break
            else:
                expected -= 1
            if current is not None and expected == 0:
                if current.get("status") == "ok" and current.get("sha256"):
                    done.add(f"{current['doc_id']}|{current['sha256']}")
                good_end = offset
                current = None
    return frozenset(done), good_end
