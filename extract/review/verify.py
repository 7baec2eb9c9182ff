"""Re-read every source of an output file and check that each record still quotes it exactly.

This is the offset oracle run over a whole run: sha256 of the source, then for every mention
`source[span] == quote`, `bytes[byte_span].decode(encoding) == quote`, and the sentence span
holding the mention.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from extract.ingest.decode import InputError, decode
from extract.models import DocumentRecord, Mention, OrganisationRecord, Record, parse_record


@dataclass(frozen=True, slots=True)
class Source:
    text: str
    data: bytes
    encoding: str


# A record line's own type: the first "type" key (no nested object of a record has one).
_TYPE = re.compile(r'"type"\s*:\s*"(\w+)"')


def iter_records(
    path: Path, problems: list[str], types: frozenset[str] | None = None
) -> Iterator[Record]:
    """Records of a JSONL output one by one; each invalid line adds a line to `problems`.

    With `types`, only lines of those record types are validated and yielded (the others are
    skipped unread, so a reader that needs a few types does not pay for the rest)."""
    with path.open(encoding="utf-8") as fh:
        try:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                if types is not None and (m := _TYPE.search(line)) and m.group(1) not in types:
                    continue
                try:
                    yield parse_record(line)
                except (ValidationError, ValueError) as e:
                    problems.append(f"{path}:{lineno}: not a valid record: {_first_error(e)}")
        except UnicodeDecodeError:
            raise InputError(
                f"{path}: not a JSONL output (not UTF-8 text); a Parquet output is read with "
                "pyarrow, not by this command"
            ) from None


def read_records(path: Path) -> tuple[list[Record], list[str]]:
    """Records of a JSONL output, and a problem line for each line that is not a valid record."""
    problems: list[str] = []
    records = list(iter_records(path, problems))
    return records, problems


def _first_error(e: ValueError) -> str:
    return e.errors()[0]["msg"] if isinstance(e, ValidationError) else str(e)


def _resolve(doc_path: str, output: Path) -> Path:
    candidate = Path(doc_path)
    if candidate.is_absolute() or candidate.exists():
        return candidate
    for base in (output.parent, output.parent.parent):
        if (base / candidate).exists():
            return base / candidate
    return candidate


def source_path(record: DocumentRecord, output: Path) -> Path:
    """The file a document record points at, found beside the output if the path is relative."""
    return _resolve(record.path, output)


def read_source(record: DocumentRecord, output: Path, text_field: str = "text") -> Source:
    """The source text and bytes a document record points at (a file, or a corpus line)."""
    path = _resolve(record.path, output)
    if record.jsonl_line is None:
        data = path.read_bytes()
        decoded = decode(data)
        return Source(decoded.text, data, decoded.encoding)
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if lineno == record.jsonl_line:
                text = json.loads(line)[text_field]
                return Source(text, text.encode("utf-8", errors="surrogatepass"), "utf-8")
    raise InputError(f"{path} has no line {record.jsonl_line}")


def check_mention(where: str, m: Mention, src: Source) -> list[str]:
    """Problems (none when exact) of one mention against its re-read source."""
    problems = []
    if src.text[m.span.start : m.span.end] != m.quote:
        found = src.text[m.span.start : m.span.end]
        problems.append(
            f"{where}: span {m.span.start}:{m.span.end} quotes {found!r}, not {m.quote!r}"
        )
    try:
        in_bytes = src.data[m.byte_span.start : m.byte_span.end].decode(src.encoding)
    except UnicodeDecodeError:
        in_bytes = None
    if in_bytes != m.quote:
        problems.append(
            f"{where}: byte_span {m.byte_span.start}:{m.byte_span.end} quotes {in_bytes!r}, "
            f"not {m.quote!r}"
        )
    return problems


def verify_file(path: Path, text_field: str = "text") -> tuple[int, list[str]]:
    """(records checked, problems) for one output file."""
    records, problems = read_records(path)
    documents = {r.doc_id: r for r in records if isinstance(r, DocumentRecord)}
    sources: dict[str, Source | None] = {}
    for doc_id, record in documents.items():
        if record.status != "ok":
            sources[doc_id] = None
            continue
        try:
            src = read_source(record, path, text_field)
        except (OSError, InputError, ValueError, KeyError) as e:
            problems.append(f"{doc_id}: cannot re-read {record.path}: {e}")
            sources[doc_id] = None
            continue
        if hashlib.sha256(src.data).hexdigest() != record.sha256:
            problems.append(f"{doc_id}: {record.path} changed since the run (sha256 differs)")
            sources[doc_id] = None
            continue
        sources[doc_id] = src
    for record in records:
        if isinstance(record, DocumentRecord):
            continue
        where = f"{record.doc_id} {record.type} {record.id}"
        if record.doc_id not in documents:
            problems.append(f"{where}: no document record for {record.doc_id!r}")
            continue
        src = sources[record.doc_id]
        if src is None:
            continue
        if isinstance(record, OrganisationRecord):
            for m in record.mentions:
                problems.extend(check_mention(where, m, src))
            continue
        problems.extend(check_mention(where, record, src))
        s = record.sentence
        if not (s.start <= record.span.start and record.span.end <= s.end):
            problems.append(f"{where}: sentence {s.start}:{s.end} does not hold the span")
    return len(records), problems
