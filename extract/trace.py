"""`extract-facts trace OUT.jsonl QUERY`: from a figure a reader doubts to the line that says it.

QUERY is a record id or a figure as a person types it (`7.29亿`, `484亿元`, `251.1万人次`, `8%`),
matched on the normalised value, so `7.29亿` finds the record whose value is 729000000 however
the article wrote it. For each match the source is read again: the file's line and column, the
sentence with the figure marked, the raw quote, the record's fields. A source whose sha256
changed, or whose text no longer holds the quote, is reported on stderr and the exit status is 1:
a trace that silently points at the wrong text is worse than none.

`reread` (the source again, with its clean view rebuilt) and `clean_span` are shared with the
review page (`extract.report`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from extract.ingest import Document, InputError
from extract.ingest.decode import Decoded, decode
from extract.ingest.document import build_document, simplified_view
from extract.ingest.markup import line_offsets
from extract.models import (
    AmountRecord,
    CountRecord,
    DocumentRecord,
    EventRecord,
    Mention,
    OrganisationRecord,
    PercentageRecord,
    Record,
    Span,
)
from extract.numerals import parse_number, parse_percent
from extract.terminal import printable
from extract.verify import Source, check_mention, read_records, read_source

FigureRecord = AmountRecord | CountRecord | PercentageRecord
FIGURE_TYPES = (AmountRecord, CountRecord, PercentageRecord)
# Shown in their own lines of a trace, so left out of the "fields" block.
_PROVENANCE = {"schema_version", "id", "doc_id", "type", "span", "byte_span", "quote", "text"}
_PROVENANCE |= {"sentence", "mentions"}
# The value and what it counts first, where and when after, the producing rule last.
FIELD_ORDER = ["value", "currency", "unit", "qualifier", "range", "subject", "metric", "time",
                "source", "event_type", "actors", "date", "status", "precision", "resolved_from",
                "needs_anchor", "name", "org_id", "org_type", "parent"]  # fmt: skip
_BOLD, _RESET = "\x1b[1;33m", "\x1b[0m"


@dataclass(slots=True)
class Reread:
    """A document's source read again: the text for quote checks, its clean view rebuilt with
    today's ingestion (to place raw spans in clean text), and what went wrong."""

    record: DocumentRecord
    source: Source | None = None
    document: Document | None = None
    problems: list[str] = field(default_factory=list)
    changed: bool = False  # the source bytes differ from the ones the run read


def reread(record: DocumentRecord, output: Path) -> Reread:
    """Read the source of a document record again and rebuild its clean view."""
    out = Reread(record)
    if record.status != "ok":
        problem = f"the run could not read {record.path}: {record.error}"
        out.problems.append(f"{record.doc_id}: {problem}")
        return out
    try:
        src = read_source(record, output)
        decoded = decode(src.data) if record.jsonl_line is None else Decoded(src.text, "utf-8", 0)
        out.document = build_document(
            decoded,
            src.data,
            doc_id=record.doc_id,
            path=record.path,
            jsonl_line=record.jsonl_line,
        )
    except (OSError, InputError, ValueError, KeyError) as e:
        out.problems.append(f"{record.doc_id}: cannot re-read {record.path}: {e}")
        return out
    out.source = src
    if hashlib.sha256(src.data).hexdigest() != record.sha256:
        out.changed = True
        out.problems.append(
            f"{record.doc_id}: {record.path} changed since the run (sha256 differs): "
            "spans may point at other text"
        )
    return out


def quote_problems(where: str, mention: Mention, again: Reread) -> list[str]:
    """Why the source read again no longer quotes this mention (empty when it does)."""
    if again.source is None:
        return []  # the document-level problem already says why nothing could be checked
    return check_mention(where, mention, again.source)


def clean_span(document: Document, span: Span) -> tuple[int, int]:
    """Clean-view [start, end) of a raw span."""
    offsets = document.offsets
    return offsets.raw_to_clean(span.start), offsets.raw_to_clean(span.end)


def line_column(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column (in code points) of a position in the source text."""
    starts = line_offsets(text)
    line = bisect_right(starts, pos)
    return line, pos - starts[line - 1] + 1


# --- matching -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureQuery:
    """A figure as typed: its value, the record types it can be, and any unit written after it."""

    value: Decimal
    types: tuple[type[FigureRecord], ...]
    unit: str = ""


def parse_query(query: str) -> FigureQuery | None:
    """`8%`/`三成` -> a percentage; `7.29亿`, `484亿元`, `251.1万人次` -> an amount or count of
    that value, the trailing unit (元, 人次) kept to narrow the match. None if not a figure."""
    text = query.strip()
    try:
        return FigureQuery(parse_percent(text), (PercentageRecord,))
    except ValueError:
        pass
    for end in range(len(text), 0, -1):
        try:
            value = parse_number(text[:end])
        except ValueError:
            continue
        return FigureQuery(value, (AmountRecord, CountRecord), simplified_view(text[end:].strip()))
    return None


def _figure_matches(record: Record, q: FigureQuery) -> bool:
    if not isinstance(record, q.types):
        return False
    values = {record.value}
    if record.range is not None:
        values |= {record.range.low, record.range.high}
    return q.value in values and q.unit in simplified_view(record.text)


def _doc_matches(record: Record, doc: str | None, documents: dict[str, DocumentRecord]) -> bool:
    if doc is None:
        return True
    path = documents[record.doc_id].path if record.doc_id in documents else ""
    return record.doc_id.startswith(doc) or path == doc or path.endswith("/" + doc)


def _subject_matches(record: Record, name: str | None) -> bool:
    if name is None:
        return True
    wanted = simplified_view(name).casefold()
    orgs = []
    if isinstance(record, FIGURE_TYPES):
        orgs = [s for s in (record.subject, record.source) if s is not None]
    elif isinstance(record, EventRecord):
        orgs = list(record.actors)
    elif isinstance(record, OrganisationRecord):
        return wanted in (record.org_id.casefold(), record.name.casefold())
    return any(wanted in (o.org_id.casefold(), o.name.casefold()) for o in orgs)


def find_matches(
    records: list[Record],
    query: str,
    *,
    doc: str | None = None,
    subject: str | None = None,
) -> list[Record]:
    """Records with this id, else figure records with the value the query writes, in file order."""
    documents = {r.doc_id: r for r in records if isinstance(r, DocumentRecord)}
    by_id = [r for r in records if r.id == query.strip()]
    if by_id:
        candidates = by_id
    elif (q := parse_query(query)) is not None:
        candidates = [r for r in records if _figure_matches(r, q)]
    else:
        candidates = []
    return [
        r for r in candidates if _doc_matches(r, doc, documents) and _subject_matches(r, subject)
    ]


# --- printing -------------------------------------------------------------------------------


def _marked(before: str, figure: str, after: str, colour: bool) -> str:
    start, end = (_BOLD, _RESET) if colour else ("«", "»")
    return f"{before}{start}{figure}{end}{after}".replace("\n", " ")


def _sentence_line(
    document: Document, mention: Mention, sentence: Span | None, colour: bool
) -> str:
    """The clean sentence around a mention with the mention marked, from the re-read source."""
    c0, c1 = clean_span(document, mention.span)
    if sentence is not None:
        s0, s1 = clean_span(document, sentence)
    else:  # organisation mentions carry no sentence: take the clean view's own
        i = bisect_right(document.sentences, c0, key=lambda s: s[0]) - 1
        s0, s1 = document.sentences[i] if i >= 0 else (c0, c1)
    s0, s1 = min(s0, c0), max(s1, c1)
    clean = document.clean
    return _marked(clean[s0:c0], clean[c0:c1], clean[c1:s1], colour)


def _document_lines(doc: DocumentRecord | None, doc_id: str) -> list[str]:
    if doc is None:
        return [f"document  {doc_id} (no document record in this file)"]
    published = doc.published or "unknown"
    if doc.published_source:
        published += f" ({doc.published_source})"
    return [
        f"document  {doc.title or '(untitled)'}",
        f"          {doc.path} · published {published} · {doc.doc_id}",
    ]


def _location_lines(
    mention: Mention, again: Reread | None, sentence: Span | None, stored: str | None, colour: bool
) -> list[str]:
    span, byte = mention.span, mention.byte_span
    where = f"chars {span.start}-{span.end}, bytes {byte.start}-{byte.end}"
    source = again.source if again is not None else None
    if source is None:
        lines = [f"at        {where} (source not available)"]
    else:
        line, col = line_column(source.text, span.start)
        path = again.record.path
        if again.record.jsonl_line is None:
            lines = [f"at        {path}:{line}:{col} (line {line}, column {col}; {where})"]
        else:
            lines = [
                f"at        {path}:{again.record.jsonl_line} (text field line {line}, "
                f"column {col}; {where})"
            ]
    holds = source is not None and source.text[span.start : span.end] == mention.quote
    if holds and again.document is not None:
        lines.append(f"sentence  {_sentence_line(again.document, mention, sentence, colour)}")
    elif stored is not None:
        why = "source not re-read" if source is None else "the source no longer holds it"
        lines.append(f"sentence  {stored} (as stored by the run; {why})")
    lines.append(f"quote     {json.dumps(mention.quote, ensure_ascii=False)}")
    if source is not None and not holds:
        now = source.text[span.start : span.end]
        lines.append(f"now       {json.dumps(now, ensure_ascii=False)} (the source at that span)")
    return lines


def ordered_fields(record: Record) -> dict[str, object]:
    """A record as JSON-ready fields, what it claims first and the producing rule last."""
    data = record.model_dump(mode="json")
    rank = {key: i for i, key in enumerate(FIELD_ORDER)}
    return dict(sorted(data.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def _field_lines(record: Record) -> list[str]:
    data = ordered_fields(record)
    lines = []
    for key, value in data.items():
        if key in _PROVENANCE:
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f"  {key}: {shown}")
    return ["fields", *lines]


def describe(
    record: Record,
    doc: DocumentRecord | None,
    again: Reread | None,
    colour: bool,
) -> Iterator[str]:
    """The lines that show one record against its source."""
    title = f"{record.type} {record.id}"
    yield f"── {title} " + "─" * max(3, 76 - len(title))
    yield from _document_lines(doc, record.doc_id)
    if isinstance(record, OrganisationRecord):
        for i, m in enumerate(record.mentions, 1):
            yield f"mention {i}/{len(record.mentions)}"
            yield from _location_lines(m, again, None, None, colour)
    elif not isinstance(record, DocumentRecord):
        stored = record.sentence.text.replace("\n", " ")
        sentence = Span(start=record.sentence.start, end=record.sentence.end)
        yield from _location_lines(record, again, sentence, stored, colour)
    yield from _field_lines(record)


def _problems_of(record: Record, again: Reread | None) -> list[str]:
    if again is None:
        return [f"{record.doc_id}: no document record, the source cannot be checked"]
    problems = list(again.problems)
    where = f"{record.doc_id} {record.type} {record.id}"
    if isinstance(record, OrganisationRecord):
        for m in record.mentions:
            problems.extend(quote_problems(where, m, again))
    elif not isinstance(record, DocumentRecord):
        problems.extend(quote_problems(where, record, again))
    return problems


def trace(output: Path, query: str, *, doc: str | None, subject: str | None, colour: bool) -> int:
    """Print every record matching the query with its source; the exit status of `trace`."""
    try:
        records, bad_lines = read_records(output)
    except OSError as e:
        print(f"trace: cannot read {output}: {e.strerror or e}", file=sys.stderr)
        return 2
    for problem in bad_lines:
        print(f"trace: {problem}", file=sys.stderr)
    matches = find_matches(records, query, doc=doc, subject=subject)
    if not matches:
        flags = (("--doc", doc), ("--subject", subject))
        narrowed = "".join(f" {flag} {value!r}" for flag, value in flags if value)
        what = "a record id or a figure" if parse_query(query) is None else "any figure's value"
        print(
            f"trace: no record in {output} matches {query!r}{narrowed} (read as {what})",
            file=sys.stderr,
        )
        return 1
    documents = {r.doc_id: r for r in records if isinstance(r, DocumentRecord)}
    rereads: dict[str, Reread] = {}
    warned = False
    for n, record in enumerate(matches, 1):
        doc_record = documents.get(record.doc_id)
        again = None
        if doc_record is not None:
            if record.doc_id not in rereads:
                rereads[record.doc_id] = reread(doc_record, output)
            again = rereads[record.doc_id]
        if n > 1:
            print()
        for line in describe(record, doc_record, again, colour):
            print(printable(line))
        for problem in _problems_of(record, again):
            warned = True
            print(f"trace: WARNING: {problem}", file=sys.stderr)
    print(f"\n{len(matches)} match(es) for {query!r}", file=sys.stderr)
    if warned:
        print(
            "trace: WARNING: the source no longer says what the record quotes; "
            "re-run the extraction before relying on it",
            file=sys.stderr,
        )
    return 1 if warned else 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `trace` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "trace",
        help="show where a record or a figure comes from in its source",
        description="Find records by id or by value (7.29亿, 484亿元, 8%) and show each one's "
        "source line and column, sentence, raw quote and fields; warn when the source changed.",
    )
    p.add_argument("output", type=Path, help="a run's JSONL")
    p.add_argument("query", help="a record id, or a figure as written: 7.29亿, 251.1万人次, 8%%")
    p.add_argument("--doc", help="only this document (doc_id, its prefix such as 000, or path)")
    p.add_argument("--subject", help="only figures about this organisation (name or org_id)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    return trace(
        args.output, args.query, doc=args.doc, subject=args.subject, colour=sys.stdout.isatty()
    )
