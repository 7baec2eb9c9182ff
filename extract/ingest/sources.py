"""Inputs to documents: files, folders (recursively) and JSONL corpora, read lazily.

Nothing here raises for a bad input: a missing, unreadable, binary, empty or undecodable file,
or a broken corpus line, becomes a FailedDocument naming the file and the reason, and the run
goes on with the next one.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.ingest.decode import Decoded, InputError, decode
from extract.ingest.document import Document, FailedDocument, build_document

CORPUS_SUFFIXES = (".jsonl", ".ndjson")


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
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def load_file(path: Path, doc_id: str | None = None) -> Document | FailedDocument:
    """Read and ingest one article file."""
    shown = display_path(path)
    doc_id = doc_id or path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FailedDocument(doc_id, shown, "file not found")
    except IsADirectoryError:
        return FailedDocument(doc_id, shown, "is a directory")
    except OSError as e:
        return FailedDocument(doc_id, shown, f"unreadable: {e.strerror or e}")
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

    def key(self) -> str | None:
        """Identity for resumed runs: doc id and content hash (None if unreadable)."""
        try:
            return f"{self.doc_id}|{hashlib.sha256(Path(self.path).read_bytes()).hexdigest()}"
        except OSError:
            return None


@dataclass(frozen=True, slots=True)
class CorpusTask:
    """One article of a corpus: a JSONL line (bytes) or a Parquet row (dict)."""

    item: bytes | dict
    lineno: int
    name: str
    shown: str
    fields: JsonlFields

    def load(self) -> Document | FailedDocument:
        return _corpus_document(self.item, self.lineno, self.name, self.shown, self.fields)

    def key(self) -> str | None:
        """Identity for resumed runs: doc id and content hash (None if unusable)."""
        try:
            obj = json.loads(self.item) if isinstance(self.item, bytes) else self.item
            text = obj[self.fields.text]
            sha = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return f"{obj.get(self.fields.id) or f'{self.name}:{self.lineno}'}|{sha}"


Task = FileTask | CorpusTask


def _corpus_document(
    item: bytes | dict, lineno: int, name: str, shown: str, fields: JsonlFields
) -> Document | FailedDocument:
    doc_id = f"{name}:{lineno}"
    try:
        obj = json.loads(item) if isinstance(item, bytes) else item
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        return FailedDocument(doc_id, shown, f"line {lineno}: not JSON: {e}", None, lineno)
    if not isinstance(obj, dict):
        return FailedDocument(doc_id, shown, f"line {lineno}: not a JSON object", None, lineno)
    doc_id = str(obj.get(fields.id) or doc_id)
    text = obj.get(fields.text)
    if not isinstance(text, str) or not text.strip():
        problem = f"no text in field {fields.text!r}"
        return FailedDocument(doc_id, shown, f"line {lineno}: {problem}", None, lineno)
    data = text.encode("utf-8", errors="surrogatepass")
    wanted = (("date", fields.date), ("title", fields.title), ("url", fields.url))
    meta = {key: str(obj[field]) for key, field in wanted if obj.get(field)}
    doc = build_document(
        Decoded(text, "utf-8", 0),
        data,
        doc_id=doc_id,
        path=shown,
        jsonl_line=lineno,
        meta=meta,
        corpus_date_first=fields.date_first,
    )
    if not doc.clean.strip():
        problem = "no text after removing markup"
        return FailedDocument(doc_id, shown, f"line {lineno}: {problem}", doc.sha256, lineno)
    return doc


def _corpus_tasks(path: Path, fields: JsonlFields) -> Iterator[Task | FailedDocument]:
    shown = display_path(path)
    try:
        handle = path.open("rb")
    except OSError as e:
        yield FailedDocument(path.name, shown, f"unreadable: {e.strerror or e}")
        return
    with handle:
        for lineno, line in enumerate(handle, 1):
            if line.strip():
                yield CorpusTask(line, lineno, path.name, shown, fields)


def _stdin_tasks(fields: JsonlFields) -> Iterator[Task]:
    for lineno, line in enumerate(sys.stdin.buffer, 1):
        if line.strip():
            yield CorpusTask(line, lineno, "stdin", "-", fields)


def _parquet_tasks(path: Path, fields: JsonlFields) -> Iterator[Task | FailedDocument]:
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
            yield CorpusTask(obj, row, path.name, shown, fields)


def iter_tasks(
    inputs: list[str], fields: JsonlFields | None = None
) -> Iterator[Task | FailedDocument]:
    """Lazily, the articles named by files, folders (recursive, name order), globs, JSONL and
    Parquet corpora, and `-` (a JSONL corpus on standard input)."""
    fields = fields or JsonlFields()
    for item in inputs:
        if item == "-":
            yield from _stdin_tasks(fields)
            continue
        root = Path(item)
        if not root.exists() and glob.has_magic(item):
            for match in sorted(glob.glob(item, recursive=True)):
                yield from iter_tasks([match], fields)
            continue
        if root.is_dir():
            for path in _walk(root):
                yield from _path_tasks(path, path.relative_to(root).as_posix(), fields)
        else:
            yield from _path_tasks(root, root.name, fields)


def _path_tasks(path: Path, doc_id: str, fields: JsonlFields) -> Iterator[Task | FailedDocument]:
    suffix = path.suffix.lower()
    if suffix in CORPUS_SUFFIXES and path.is_file():
        yield from _corpus_tasks(path, fields)
    elif suffix == ".parquet" and path.is_file():
        yield from _parquet_tasks(path, fields)
    else:
        yield FileTask(str(path), doc_id)


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
