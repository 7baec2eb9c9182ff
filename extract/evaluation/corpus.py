"""Reading GOLD (records and negatives) and PRED into records by document."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extract.models import DocumentRecord, parse_record


class EvalInputError(ValueError):
    """GOLD or PRED cannot be read or holds a line that is not a record."""


@dataclass
class Corpus:
    """Records by document, and the negatives that came with them (gold only)."""

    records: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    negatives: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any] | str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalInputError(f"{path}: cannot read ({exc.strerror})") from exc
    for lineno, line in enumerate(lines, 1):
        if line.strip():
            yield lineno, line


def load_records(path: Path, corpus: Corpus) -> None:
    for lineno, line in _read_jsonl(path):
        try:
            rec = parse_record(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise EvalInputError(
                f"{path}:{lineno}: not a record ({where}: {first['msg']})"
            ) from exc
        if not isinstance(rec, DocumentRecord):
            corpus.records[rec.doc_id].append(rec)


def load_negatives(path: Path, corpus: Corpus) -> None:
    for lineno, line in _read_jsonl(path):
        try:
            neg = json.loads(line)
            corpus.negatives[neg["doc_id"]].append(
                {"start": neg["span"]["start"], "end": neg["span"]["end"], **neg}
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalInputError(f"{path}:{lineno}: not a negative ({exc})") from exc


def load_gold(path: Path) -> Corpus:
    """A folder of <doc>.jsonl (+ <doc>.negatives.jsonl), or one JSONL file (+ its negatives)."""
    corpus = Corpus()
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
    elif path.is_file():
        files = [path, path.with_name(path.name.removesuffix(".jsonl") + ".negatives.jsonl")]
        files = [f for f in files if f.exists()]
    else:
        raise EvalInputError(f"{path}: no such file or folder")
    for f in files:
        if f.name.endswith(".negatives.jsonl"):
            load_negatives(f, corpus)
        else:
            load_records(f, corpus)
    for doc_id in corpus.negatives:
        corpus.records.setdefault(doc_id, [])
    return corpus


def load_pred(path: Path) -> Corpus:
    if not path.is_file():
        raise EvalInputError(f"{path}: no such file")
    corpus = Corpus()
    load_records(path, corpus)
    return corpus
