"""Stage output to records: the one place where clean-view spans become source provenance.

Every mention's `quote` is cut from the raw text at the span the offset map gives, so
`source[span.start:span.end] == quote` holds by construction; `text` is the clean view.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc

from extract.ingest import Document, FailedDocument
from extract.models import (
    MENTION_TYPES,
    DocumentRecord,
    Mention,
    OrganisationRecord,
    Record,
    Sentence,
    Span,
    record_id,
)
from extract.pipeline.annotations import Found, found_of, warnings_of


def document_record(doc: Document | FailedDocument) -> DocumentRecord:
    """The `document` line of an article, ok or failed."""
    if isinstance(doc, FailedDocument):
        return DocumentRecord(
            id=record_id(doc.sha256 or f"{doc.path}:{doc.jsonl_line}", "document", doc.doc_id),
            doc_id=doc.doc_id,
            path=doc.path,
            jsonl_line=doc.jsonl_line,
            sha256=doc.sha256,
            status="error",
            error=doc.error,
        )
    return DocumentRecord(
        id=record_id(doc.sha256, "document", doc.doc_id),
        doc_id=doc.doc_id,
        path=doc.path,
        jsonl_line=doc.jsonl_line,
        url=doc.url,
        sha256=doc.sha256,
        encoding=doc.encoding,
        title=doc.title,
        published=doc.published.isoformat() if doc.published else None,
        published_time=doc.published_time,
        published_source=doc.published_source,
        format=doc.format,
        front_matter=doc.front_matter,
        script=doc.script,
        chars=len(doc.raw),
    )


def mention(doc: Document, start: int, end: int) -> Mention:
    """Provenance of clean [start, end): raw span, byte span, raw quote and clean text."""
    offsets = doc.offsets
    raw_start, raw_end = offsets.to_raw(start, end)
    byte_start, byte_end = offsets.to_bytes(raw_start, raw_end)
    return Mention(
        span=Span(start=raw_start, end=raw_end),
        byte_span=Span(start=byte_start, end=byte_end),
        quote=offsets.raw[raw_start:raw_end],
        text=offsets.clean[start:end],
    )


def sentence_of(doc: Document, start: int, end: int) -> Sentence:
    """The sentence holding clean [start, end), as a raw span with its clean text."""
    i = bisect_right(doc.sentences, start, key=lambda s: s[0]) - 1
    s_start, s_end = doc.sentences[i] if i >= 0 else (start, end)
    s_start, s_end = min(s_start, start), max(s_end, end)
    raw_start, raw_end = doc.offsets.to_raw(s_start, s_end)
    return Sentence(start=raw_start, end=raw_end, text=doc.clean[s_start:s_end])


def _mention_record(doc: Document, found: Found) -> Record:
    model = MENTION_TYPES[found.type]
    where = mention(doc, found.start, found.end)
    return model(
        id=record_id(doc.sha256, found.type, f"{where.span.start}:{where.span.end}"),
        doc_id=doc.doc_id,
        sentence=sentence_of(doc, found.start, found.end),
        rule=found.rule,
        span=where.span,  # model instances: pydantic does not validate them again
        byte_span=where.byte_span,
        quote=where.quote,
        text=where.text,
        **found.fields,
    )


def _organisation_records(doc: Document, items: Iterable[Found]) -> list[OrganisationRecord]:
    by_id: dict[str, list[Found]] = {}
    for item in items:
        by_id.setdefault(item.fields["org_id"], []).append(item)
    records = []
    for org_id, group in by_id.items():
        first = group[0].fields
        records.append(
            OrganisationRecord(
                id=record_id(doc.sha256, "organisation", org_id),
                doc_id=doc.doc_id,
                org_id=org_id,
                name=first["name"],
                org_type=first["org_type"],
                parent=first.get("parent"),
                mentions=[mention(doc, f.start, f.end) for f in group],
            )
        )
    return records


def records_for(doc: Document, annotated: Doc) -> list[Record]:
    """All records of one article: its document line, mentions in text order, organisations.

    A stage item that cannot become a valid record is left out and named in `warnings`, next
    to the stages' own warnings; the other records stay.
    """
    found = found_of(annotated)
    warnings = list(warnings_of(annotated))
    records: list[Record] = []
    for f in found:
        if f.type in MENTION_TYPES:
            try:
                records.append(_mention_record(doc, f))
            except Exception as e:  # a malformed item from one rule must not cost the others
                warnings.append(f"records: {f.rule} at {f.start}:{f.end}: {type(e).__name__}: {e}")
    try:
        records.extend(_organisation_records(doc, (f for f in found if f.type == "org")))
    except Exception as e:
        warnings.append(f"records: organisations: {type(e).__name__}: {e}")
    head = document_record(doc).model_copy(update={"records": len(records), "warnings": warnings})
    return [head, *records]
