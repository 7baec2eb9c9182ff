"""Inputs to documents: files, folders (recursively) and JSONL corpora, read lazily.

Nothing here raises for a bad input: a missing, unreadable, binary, empty or undecodable file,
or a broken corpus line, becomes a FailedDocument naming the file and the reason, and the run
goes on with the next one.
"""

from __future__ import annotations

import hashlib
import json
import os
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


def load_corpus(path: Path, fields: JsonlFields) -> Iterator[Document | FailedDocument]:
    """One document per JSONL line; offsets point into the line's `text` value."""
    shown = display_path(path)
    try:
        handle = path.open("rb")
    except OSError as e:
        yield FailedDocument(path.name, shown, f"unreadable: {e.strerror or e}")
        return
    with handle:
        for lineno, line in enumerate(handle, 1):
            if line.strip():
                yield _corpus_document(line, lineno, path.name, shown, fields)


def _corpus_document(
    line: bytes, lineno: int, name: str, shown: str, fields: JsonlFields
) -> Document | FailedDocument:
    doc_id = f"{name}:{lineno}"
    try:
        obj = json.loads(line)
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
        Decoded(text, "utf-8", 0), data, doc_id=doc_id, path=shown, jsonl_line=lineno, meta=meta
    )
    if not doc.clean.strip():
        problem = "no text after removing markup"
        return FailedDocument(doc_id, shown, f"line {lineno}: {problem}", doc.sha256, lineno)
    return doc


def iter_documents(
    inputs: list[str], fields: JsonlFields | None = None
) -> Iterator[Document | FailedDocument]:
    """Documents from files, folders (recursively, in name order) and JSONL corpora."""
    fields = fields or JsonlFields()
    for item in inputs:
        root = Path(item)
        if root.is_dir():
            for path in _walk(root):
                rel = path.relative_to(root).as_posix()
                if path.suffix.lower() in CORPUS_SUFFIXES:
                    yield from load_corpus(path, fields)
                else:
                    yield load_file(path, rel)
        elif root.suffix.lower() in CORPUS_SUFFIXES and root.is_file():
            yield from load_corpus(root, fields)
        else:
            yield load_file(root)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
