"""Inputs to documents: files, folders (recursively) and JSONL corpora, read lazily.

Nothing here raises for a bad input: a missing, unreadable, binary, empty or undecodable file,
or a broken corpus line, becomes a FailedDocument naming the file and the reason, and the run
goes on with the next one.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.ingest.decode import Decoded, InputError, decode
from extract.ingest.document import Document, FailedDocument, build_document

CORPUS_SUFFIXES = (".jsonl", ".ndjson")

log = logging.getLogger("extract")


@dataclass(frozen=True, slots=True)
class JsonlFields:
    """Names of the corpus fields: configurable because every corpus names them its own way."""

    id: str = "id"
    text: str = "text"
    date: str = "date"
    title: str = "title"
    url: str = "url"
    date_first: bool = False  # the corpus date before front matter and dateline


def display_path(path: Path) -> str:
    """The path as written in records: relative to the working directory when inside it."""
    try:
        absolute = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: show the path as given, made absolute
        absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def read_article(path: Path) -> bytes | str:
    """The bytes of a regular file, or why not (a FIFO or a device would block or never end)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "is a directory" if path.is_dir() else "not a regular file"
        return path.read_bytes()
    except FileNotFoundError:
        return "file not found"
    except OSError as e:
        return f"unreadable: {e.strerror or e}"


def load_file(path: Path, doc_id: str | None = None) -> Document | FailedDocument:
    """Read and ingest one article file."""
    shown = display_path(path)
    doc_id = doc_id or path.name
    data = read_article(path)
    if isinstance(data, str):
        return FailedDocument(doc_id, shown, data)
    sha = hashlib.sha256(data).hexdigest()
    try:
        decoded = decode(data)
        doc = build_document(decoded, data, doc_id=doc_id, path=shown)
    except InputError as e:
        return FailedDocument(doc_id, shown, str(e), sha256=sha)
    if not doc.clean.strip():
        return FailedDocument(doc_id, shown, "no text after removing markup", sha256=sha)
    return doc


def load_document(path: str | Path) -> Document:
    """Ingest one file or raise InputError: the convenient form for tests and scripts."""
    doc = load_file(Path(path))
    if isinstance(doc, FailedDocument):
        raise InputError(f"{doc.path}: {doc.error}")
    return doc


@dataclass(frozen=True, slots=True)
class FileTask:
    """One article file to ingest; cheap to send to a worker process."""

    path: str
    doc_id: str

    def load(self) -> Document | FailedDocument:
        return load_file(Path(self.path), self.doc_id)

    def key(self) -> str:
        """Identity for resumed runs: doc id and content hash (empty if unreadable), as the
        `document` record of this file will hold them."""
        data = read_article(Path(self.path))
        return f"{self.doc_id}|{'' if isinstance(data, str) else hashlib.sha256(data).hexdigest()}"

    def failure(self, error: str) -> FailedDocument:
        return FailedDocument(self.doc_id, display_path(Path(self.path)), error)


@dataclass(frozen=True, slots=True)
class CorpusTask:
    """One article of a corpus: a JSONL line (bytes) or a Parquet row (dict).

    `doc_id` is given when the task is made, in input order, so that it is unique in the run.
    """

    item: bytes | dict
    lineno: int
    doc_id: str
    shown: str
    fields: JsonlFields

    def load(self) -> Document | FailedDocument:
        return _corpus_document(self)

    def key(self) -> str:
        """Identity for resumed runs: doc id and the text's hash (empty if there is no text),
        as the `document` record of this article will hold them."""
        obj = _parse(self.item)
        text = obj.get(self.fields.text) if isinstance(obj, dict) else None
        usable = isinstance(text, str) and text.strip()
        return f"{self.doc_id}|{_text_sha256(text) if usable else ''}"

    def failure(self, error: str) -> FailedDocument:
        return FailedDocument(
            self.doc_id, self.shown, f"line {self.lineno}: {error}", None, self.lineno
        )


Task = FileTask | CorpusTask


def _parse(item: bytes | dict) -> object:
    """A corpus line as JSON, or the reason it is not (a string)."""
    if isinstance(item, dict):
        return item
    try:
        return json.loads(item)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        return f"not JSON: {e}"
    except RecursionError:
        return "not JSON: nested too deeply"


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def _corpus_document(task: CorpusTask) -> Document | FailedDocument:
    obj = _parse(task.item)
    if isinstance(obj, str):
        return task.failure(obj)
    if not isinstance(obj, dict):
        return task.failure("not a JSON object")
    fields = task.fields
    text = obj.get(fields.text)
    if not isinstance(text, str) or not text.strip():
        return task.failure(f"no text in field {fields.text!r}")
    data = text.encode("utf-8", errors="surrogatepass")
    wanted = (("date", fields.date), ("title", fields.title), ("url", fields.url))
    meta = {key: str(obj[field]) for key, field in wanted if obj.get(field)}
    doc = build_document(
        Decoded(text, "utf-8", 0),
        data,
        doc_id=task.doc_id,
        path=task.shown,
        jsonl_line=task.lineno,
        meta=meta,
        corpus_date_first=task.fields.date_first,
    )
    if not doc.clean.strip():
        failed = task.failure("no text after removing markup")
        failed.sha256 = doc.sha256
        return failed
    return doc


class _DocIds:
    """Unique doc ids for a run: a repeated id (two lines with id 7, or 7 and "7", or the same
    relative path under two folders) gets its place appended, `7@corpus.jsonl:12`, which is
    as stable as the input."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, wanted: str, where: str) -> str:
        doc_id = wanted if wanted not in self.seen else f"{wanted}@{where}"
        self.seen.add(doc_id)
        return doc_id


def corpus_task(
    item: bytes | dict,
    lineno: int,
    name: str,
    shown: str,
    fields: JsonlFields,
    ids: _DocIds | None = None,
) -> CorpusTask:
    """The task of one corpus article; its doc id is the corpus id (or `name:line`), made
    unique against the ids of the run so far when `ids` is given."""
    ids = ids or _DocIds()
    obj = _parse(item)
    given = obj.get(fields.id) if isinstance(obj, dict) else None
    where = f"{name}:{lineno}"
    wanted = str(given) if given not in (None, "") and not isinstance(given, bool) else where
    return CorpusTask(item, lineno, ids(wanted, where), shown, fields)


def _corpus_tasks(path: Path, fields: JsonlFields, ids: _DocIds) -> Iterator[Task | FailedDocument]:
    shown = display_path(path)
    try:
        handle = path.open("rb")
    except OSError as e:
        yield FailedDocument(path.name, shown, f"unreadable: {e.strerror or e}")
        return
    with handle:
        for lineno, line in enumerate(handle, 1):
            if line.strip():
                yield corpus_task(line, lineno, path.name, shown, fields, ids)


def _stdin_tasks(fields: JsonlFields, ids: _DocIds) -> Iterator[Task]:
    for lineno, line in enumerate(sys.stdin.buffer, 1):
        if line.strip():
            yield corpus_task(line, lineno, "stdin", "-", fields, ids)


def _parquet_tasks(
    path: Path, fields: JsonlFields, ids: _DocIds
) -> Iterator[Task | FailedDocument]:
    """Rows of a Parquet corpus, a batch at a time: memory stays flat however big the file."""
    shown = display_path(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield FailedDocument(
            path.name, shown, "Parquet input needs pyarrow: pip install 'extract-facts[parquet]'"
        )
        return
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as e:
        yield FailedDocument(path.name, shown, f"unreadable Parquet: {e}")
        return
    row = 0
    for batch in parquet.iter_batches(batch_size=1024):
        for obj in batch.to_pylist():
            row += 1
            yield corpus_task(obj, row, path.name, shown, fields, ids)


def iter_tasks(
    inputs: list[str], fields: JsonlFields | None = None
) -> Iterator[Task | FailedDocument]:
    """Lazily, the articles named by files, folders (recursive, name order), globs, JSONL and
    Parquet corpora, and `-` (a JSONL corpus on standard input); doc ids unique in the run."""
    fields = fields or JsonlFields()
    ids = _DocIds()
    for item in inputs:
        yield from _input_tasks(item, fields, ids)


def _input_tasks(item: str, fields: JsonlFields, ids: _DocIds) -> Iterator[Task | FailedDocument]:
    if item == "-":
        yield from _stdin_tasks(fields, ids)
        return
    root = Path(item)
    if not root.exists() and glob.has_magic(item):
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            yield FailedDocument(ids(item, item), item, "no file matches this pattern")
        for match in matches:
            yield from _input_tasks(match, fields, ids)
        return
    if root.is_dir():
        empty = True
        for path in _walk(root):
            empty = False
            yield from _path_tasks(path, path.relative_to(root).as_posix(), fields, ids)
        if empty:
            log.warning("%s: no files in this folder", item)
    else:
        yield from _path_tasks(root, root.name, fields, ids)


def _path_tasks(
    path: Path, doc_id: str, fields: JsonlFields, ids: _DocIds
) -> Iterator[Task | FailedDocument]:
    suffix = path.suffix.lower()
    if suffix in CORPUS_SUFFIXES and path.is_file():
        yield from _corpus_tasks(path, fields, ids)
    elif suffix == ".parquet" and path.is_file():
        yield from _parquet_tasks(path, fields, ids)
    else:
        yield FileTask(str(path), ids(doc_id, display_path(path)))


def iter_documents(
    inputs: list[str], fields: JsonlFields | None = None
) -> Iterator[Document | FailedDocument]:
    """Documents from files, folders, globs and corpora, ingested one by one."""
    for task in iter_tasks(inputs, fields):
        yield task if isinstance(task, FailedDocument) else task.load()


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
