"""Running the pipeline over a corpus: streamed, in input order, on one or N processes.

Each input becomes a Block: the document's JSON lines, its `document` record first (which says
how many records follow). Blocks come back in input order whatever the number of workers, and
at most a window of them is in flight, so memory stays flat as the corpus grows. With
`--resume` the output is appended to block by block and a torn tail is cut off first, so an
interrupted run continues where it stopped.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from extract.ingest import Document, FailedDocument
from extract.ingest.sources import Task
from extract.output.records import document_row, record_rows
from extract.output.writers import PartialRun, row_line
from extract.pipeline import DEFAULT_OPTIONS, PipelineOptions, annotate, default_pipeline

log = logging.getLogger("extract")


@dataclass(frozen=True, slots=True)
class Block:
    """What one input produced: its lines, or nothing when a resumed run skipped it."""

    lines: tuple[str, ...]
    failure: str | None = None
    skipped: bool = False
    chars: int = 0
    warnings: tuple[str, ...] = ()
    path: str = ""


_SKIP: frozenset[str] = frozenset()
_OPTIONS = DEFAULT_OPTIONS


def init_worker(skip: frozenset[str], options: PipelineOptions) -> None:
    """Per worker process: the resume skip-set, and the pipeline loaded once."""
    global _SKIP, _OPTIONS
    _SKIP, _OPTIONS = skip, options
    default_pipeline(options)  # load once per worker, not once per document
    # The loaded pipeline lives as long as the process: out of the collector's sight, a full
    # collection during a record-dense document no longer walks every object of spaCy and rules.
    gc.freeze()


def process(task: Task | FailedDocument) -> Block:
    """Ingest, annotate and serialise one input; never raises for a bad article.

    A document that cannot be read becomes an `error` record; a step that fails after reading
    (a stage, a record) is named in the document's `warnings` and the other records stay.
    """
    try:
        if _SKIP and task.key() in _SKIP:  # the key costs a read: only when resuming
            return Block((), skipped=True)
        return _failed(task) if isinstance(task, FailedDocument) else _process(task)
    except Exception as e:  # the last guard: a bug in any step costs this document only
        log.debug("processing failed", exc_info=True)
        error = f"processing failed: {type(e).__name__}: {e}"
        failed = task if isinstance(task, FailedDocument) else task.failure(error)
        return _failed(failed)


def _process(task: Task) -> Block:
    try:
        doc: Document | FailedDocument = task.load()
    except Exception as e:  # reading is where a document fails: it gets an error record
        doc = task.failure(f"unreadable: {type(e).__name__}: {e}")
    if isinstance(doc, FailedDocument):
        return _failed(doc)
    try:
        nlp = default_pipeline(_OPTIONS)
        with nlp.memory_zone():  # the Doc's strings go with it: memory stays flat
            rows = record_rows(doc, annotate(nlp, doc))
    except Exception as e:  # the pipeline itself (not a stage) failed: keep the document
        head = document_row(doc)
        head["warnings"] = [f"pipeline: {type(e).__name__}: {e}"]
        rows = [head]
    head, *rest = rows
    lines, warnings = [], list(head["warnings"])
    for row in rest:
        try:
            lines.append(row_line(row))
        except Exception as e:  # one record that cannot be written must not cost the others
            warnings.append(f"serialise: {row['type']} {row['id']}: {type(e).__name__}: {e}")
    head = {**head, "records": len(lines), "warnings": warnings}
    lines.insert(0, row_line(head))
    return Block(tuple(lines), chars=len(doc.raw), warnings=tuple(warnings), path=doc.path)


def _failed(doc: FailedDocument) -> Block:
    line = row_line(document_row(doc))
    return Block((line,), failure=f"{doc.path}: {doc.error}", path=doc.path)


class WorkerDied(PartialRun):
    """A worker process died (killed, or out of memory) with documents in flight."""


def run_blocks(
    tasks: Iterable[Task | FailedDocument],
    *,
    jobs: int = 1,
    skip: frozenset[str] = frozenset(),
    options: PipelineOptions = DEFAULT_OPTIONS,
) -> Iterator[Block]:
    """Blocks in input order; `jobs` worker processes each load the pipeline once.

    A worker that dies stops the run with `WorkerDied` (multiprocessing.Pool would wait for
    its result forever); the blocks yielded before are whole, so `--resume` continues.
    """
    if jobs <= 1:
        init_worker(skip, options)
        yield from map(process, tasks)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    if context.get_start_method() == "fork":
        default_pipeline(options)  # built once here; forked workers share it copy-on-write
    window = jobs * 16
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=init_worker, initargs=(skip, options)
    )
    pending: deque[Future[Block]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(process, task))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool:
        raise WorkerDied(
            "a worker process died (killed, or out of memory); the documents written so far "
            "are whole: rerun with --resume to continue"
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def resume_state(path: Path) -> tuple[frozenset[str], int]:
    """(keys `doc_id|sha256` of the documents complete in `path`, bytes of complete blocks).

    A failed document is complete too (its key has an empty sha256 when it could not be read):
    resuming twice gives the file one run gives.

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
                done.add(f"{current.get('doc_id')}|{current.get('sha256') or ''}")
                good_end = offset
                current = None
    return frozenset(done), good_end
