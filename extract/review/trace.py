"""`extract-facts trace OUT.jsonl QUERY`: from a figure a reader doubts to the line that says it.

QUERY is a record id or a figure as a person types it (`7.29亿`, `484亿元`, `251.1万人次`, `8%`),
matched on the normalised value, so `7.29亿` finds the record whose value is 729000000 however
the article wrote it. Any other record is found by what it says: a date by its text or ISO value
(`2021年3月31日`, `2021-03-31`), an event by its trigger or type (`终止`, `terminate`), an
organisation by its name, org id or a mention (`相互宝`, `xianghubao`); `--type` narrows
(`extract.review.trace_query`). For each match the source is read again: the file's line and column,
the sentence with the figure marked, the raw quote, the record's fields. A source whose sha256
changed, or whose text no longer holds the quote, is reported on stderr and the exit status is 1:
a trace that silently points at the wrong text is worse than none.

`reread` (the source again, with its clean view rebuilt) and `clean_span` are shared with the
review page (`extract.review.report`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extract.ingest import Document, InputError
from extract.ingest.decode import Decoded, decode
from extract.ingest.document import build_document
from extract.ingest.markup import line_offsets
from extract.models import (
    DocumentRecord,
    Mention,
    OrganisationRecord,
    Record,
    Span,
)
from extract.review.terminal import printable
from extract.review.trace_query import find_matches, parse_query
from extract.review.verify import Source, check_mention, read_records, read_source

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
    line_starts: list[int] = field(default_factory=list)  # of the source text, when needed


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


def line_column(text: str, pos: int, starts: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column (in code points) of a position in the source text; `starts`
    (`line_offsets(text)`) saves recomputing them for many positions in one text."""
    starts = starts or line_offsets(text)
    line = bisect_right(starts, pos)
    return line, pos - starts[line - 1] + 1


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


def source_location(again: Reread | None, span: Span) -> tuple[str, int, int] | None:
    """(`path:line:col`, or `path:N` for a corpus's line N; line; column) of a span in its
    re-read source, None when the source could not be read."""
    if again is None or again.source is None:
        return None
    if not again.line_starts:
        again.line_starts = line_offsets(again.source.text)
    line, col = line_column(again.source.text, span.start, again.line_starts)
    path = again.record.path
    if again.record.jsonl_line is None:
        return f"{path}:{line}:{col}", line, col
    return f"{path}:{again.record.jsonl_line}", line, col


def _location_lines(
    mention: Mention, again: Reread | None, sentence: Span | None, stored: str | None, colour: bool
) -> list[str]:
    span, byte = mention.span, mention.byte_span
    where = f"chars {span.start}-{span.end}, bytes {byte.start}-{byte.end}"
    source = again.source if again is not None else None
    located = source_location(again, span)
    if located is None:
        lines = [f"at        {where} (source not available)"]
    else:
        short, line, col = located
        field = "" if again.record.jsonl_line is None else "text field "
        lines = [f"at        {short} ({field}line {line}, column {col}; {where})"]
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


def trace(
    output: Path,
    query: str,
    *,
    doc: str | None,
    subject: str | None,
    colour: bool,
    record_type: str | None = None,
) -> int:
    """Print every record matching the query with its source; the exit status of `trace`."""
    try:
        records, bad_lines = read_records(output)
    except OSError as e:
        print(f"trace: cannot read {output}: {e.strerror or e}", file=sys.stderr)
        return 2
    for problem in bad_lines:
        print(f"trace: {problem}", file=sys.stderr)
    matches = find_matches(records, query, doc=doc, subject=subject, record_type=record_type)
    if not matches:
        flags = (("--doc", doc), ("--subject", subject), ("--type", record_type))
        narrowed = "".join(f" {flag} {value!r}" for flag, value in flags if value)
        what = "an id or any record's text" if parse_query(query) is None else "a figure or text"
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
        help="show where a record (figure, date, event, organisation) comes from in its source",
        description="Find records by id, by value (7.29亿, 484亿元, 8%) or by what they say "
        "(2021年3月31日, 终止, terminate, 相互宝) and show each one's source line and column, "
        "sentence, raw quote and fields; warn when the source changed.",
    )
    p.add_argument("output", type=Path, help="a run's JSONL")
    p.add_argument(
        "query",
        help="a record id, a figure as written (7.29亿, 251.1万人次, 8%%), a date, an event's "
        "trigger or type, or an organisation's name or id",
    )
    p.add_argument("--doc", help="only this document (doc_id, its prefix such as 000, or path)")
    p.add_argument("--subject", help="only figures about this organisation (name or org_id)")
    p.add_argument(
        "--type",
        dest="record_type",
        choices=("amount", "count", "percentage", "date", "event", "organisation", "document"),
        help="only records of this type",
    )
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    return trace(
        args.output,
        args.query,
        doc=args.doc,
        subject=args.subject,
        colour=sys.stdout.isatty() and not os.environ.get("NO_COLOR"),  # no-color.org
        record_type=args.record_type,
    )
