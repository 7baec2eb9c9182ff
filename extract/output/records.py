"""Stage output to records: the one place where clean-view spans become source provenance.

Every mention's `quote` is cut from the raw text at the span the offset map gives, so
`source[span.start:span.end] == quote` holds by construction; `text` is the clean view.

The hot path builds each record once, as a plain dict in the contract's field order (`rows`),
from what the stages already typed: no Pydantic validation per record. The models stay the
contract: the shapes are compiled from their fields, `records_for` validates the rows into
models for the API, and the tests validate every line a run writes against the models.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticUndefined
from spacy.tokens import Doc

from extract.ingest import Document, FailedDocument
from extract.models import (
    MENTION_TYPES,
    MODEL_OF_TYPE,
    SCHEMA_VERSION,
    DocumentRecord,
    Record,
    _MentionRecord,
    record_id,
)
from extract.pipeline.annotations import Found, found_of, warnings_of

Row = dict[str, Any]


def _nested(annotation: Any) -> tuple[bool, type[BaseModel]] | None:
    """(is a list, model) when a field holds contract models, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return False, annotation
    origin = get_origin(annotation)
    if origin is list:
        found = _nested(get_args(annotation)[0])
        return (True, found[1]) if found else None
    if origin is Union or origin is UnionType:
        for arg in get_args(annotation):
            found = _nested(arg)
            if found:
                return found
    return None


Shaper = Callable[[Any], Any]


def shaper(model: type[BaseModel], skip: Iterable[str] = ()) -> Callable[[Any], Row]:
    """A function that lays a stage payload (a dict or a model) out as `model` would dump it:
    its fields in order, defaults filled, nested models shaped alike; an unknown key raises
    (the contract forbids extra fields)."""
    skipped = set(skip)
    fields: list[tuple[str, Any, Shaper | None]] = []
    for name, info in model.model_fields.items():
        if name in skipped:
            continue
        default = info.get_default(call_default_factory=True)
        nested = _nested(info.annotation)
        sub: Shaper | None = None
        if nested:
            many, inner = nested
            one = shaper(inner)
            sub = (lambda items, one=one: [one(i) for i in items]) if many else one
        elif get_origin(info.annotation) is list:
            sub = list  # a default list or the stage's own: never shared with the row
        fields.append((name, default, sub))
    names = frozenset(name for name, _, _ in fields)
    order = tuple(name for name, _, _ in fields)
    subs = tuple((name, sub) for name, _, sub in fields if sub is not None)

    def shape(value: Any) -> Row:
        if isinstance(value, BaseModel):
            value = value.model_dump()
        if value.keys() == names:  # every field given (a stage's payload): no default to fill
            row = {name: value[name] for name in order}
            for name, sub in subs:
                v = row[name]
                if v is not None:
                    row[name] = sub(v)
            return row
        if not value.keys() <= names:
            raise ValueError(f"{model.__name__}: unknown fields {sorted(value.keys() - names)}")
        row: Row = {}
        for name, default, sub in fields:
            v = value.get(name, default)
            if v is PydanticUndefined:
                raise ValueError(f"{model.__name__}: {name} is required")
            if sub is not None and v is not None:
                v = sub(v)
            row[name] = v
        return row

    return shape


_PAYLOAD = {
    kind: shaper(model, skip=_MentionRecord.model_fields) for kind, model in MENTION_TYPES.items()
}
_DOCUMENT = shaper(DocumentRecord)


def document_row(doc: Document | FailedDocument) -> Row:
    """The `document` line of an article, ok or failed."""
    if isinstance(doc, FailedDocument):
        key = doc.sha256 or f"{doc.path}:{doc.jsonl_line}"
        return _DOCUMENT(
            {
                "id": record_id(key, "document", doc.doc_id),
                "doc_id": doc.doc_id,
                "path": doc.path,
                "jsonl_line": doc.jsonl_line,
                "sha256": doc.sha256,
                "status": "error",
                "error": doc.error,
            }
        )
    return _DOCUMENT(
        {
            "id": record_id(doc.sha256, "document", doc.doc_id),
            "doc_id": doc.doc_id,
            "path": doc.path,
            "jsonl_line": doc.jsonl_line,
            "url": doc.url,
            "sha256": doc.sha256,
            "encoding": doc.encoding,
            "title": doc.title,
            "published": doc.published.isoformat() if doc.published else None,
            "published_time": doc.published_time,
            "published_source": doc.published_source,
            "format": doc.format,
            "front_matter": doc.front_matter,
            "script": doc.script,
            "chars": len(doc.raw),
        }
    )


class _Lifter:
    """Per document, what every record looks up: the offset map and the sentence starts."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.offsets = doc.offsets
        self.sentences = doc.sentences
        self.starts = [s[0] for s in doc.sentences]
        self._last: tuple[int, int, int, str] = (-1, 0, 0, "")  # the last sentence's row

    def mention(self, start: int, end: int) -> Row:
        """Provenance of clean [start, end): raw span, byte span, raw quote and clean text."""
        offsets = self.offsets
        raw_start, raw_end = offsets.to_raw(start, end)
        byte_start, byte_end = offsets.to_bytes(raw_start, raw_end)
        return {
            "span": {"start": raw_start, "end": raw_end},
            "byte_span": {"start": byte_start, "end": byte_end},
            "quote": offsets.raw[raw_start:raw_end],
            "text": offsets.clean[start:end],
        }

    def sentence(self, start: int, end: int) -> Row:
        """The sentence holding clean [start, end), as a raw span with its clean text."""
        i = bisect_right(self.starts, start) - 1
        s_start, s_end = self.sentences[i] if i >= 0 else (start, end)
        inside = i >= 0 and end <= s_end
        if inside and i == self._last[0]:  # records come in text order: the sentence before's
            _, raw_start, raw_end, text = self._last
            return {"start": raw_start, "end": raw_end, "text": text}
        if start < s_start:  # min and max, without two calls per record
            s_start = start
        if end > s_end:
            s_end = end
        raw_start, raw_end = self.offsets.to_raw(s_start, s_end)
        text = self.offsets.clean[s_start:s_end]
        if inside:
            self._last = (i, raw_start, raw_end, text)
        return {"start": raw_start, "end": raw_end, "text": text}

    def mention_row(self, found: Found) -> Row:
        doc = self.doc
        payload = _PAYLOAD[found.type](found.fields)
        where = self.mention(found.start, found.end)
        span = where["span"]
        return {
            "schema_version": SCHEMA_VERSION,
            "id": record_id(doc.sha256, found.type, f"{span['start']}:{span['end']}"),
            "doc_id": doc.doc_id,
            "type": found.type,
            **where,
            "sentence": self.sentence(found.start, found.end),
            "rule": found.rule,
            **payload,
        }

    def organisation_rows(self, items: Iterable[Found]) -> list[Row]:
        by_id: dict[str, list[Found]] = {}
        for item in items:
            by_id.setdefault(item.fields["org_id"], []).append(item)
        rows = []
        for org_id, group in by_id.items():
            first = group[0].fields
            rows.append(
                {
                    "schema_version": SCHEMA_VERSION,
                    "id": record_id(self.doc.sha256, "organisation", org_id),
                    "doc_id": self.doc.doc_id,
                    "type": "organisation",
                    "org_id": org_id,
                    "name": first["name"],
                    "org_type": first["org_type"],
                    "parent": first.get("parent"),
                    "mentions": [self.mention(f.start, f.end) for f in group],
                }
            )
        return rows


def mention(doc: Document, start: int, end: int) -> Row:
    """Provenance of clean [start, end) in `doc` (see `_Lifter.mention`)."""
    return _Lifter(doc).mention(start, end)


def sentence_of(doc: Document, start: int, end: int) -> Row:
    """The sentence of clean [start, end) in `doc` (see `_Lifter.sentence`)."""
    return _Lifter(doc).sentence(start, end)


def record_rows(doc: Document, annotated: Doc) -> list[Row]:
    """All records of one article as rows: its document line, mentions in text order,
    organisations.

    A stage item that cannot become a record is left out and named in `warnings`, next to
    the stages' own warnings; the other records stay.
    """
    found = found_of(annotated)
    warnings = list(warnings_of(annotated))
    lift = _Lifter(doc)
    rows: list[Row] = []
    for f in found:
        if f.type in MENTION_TYPES:
            try:
                rows.append(lift.mention_row(f))
            except Exception as e:  # a malformed item from one rule must not cost the others
                warnings.append(f"records: {f.rule} at {f.start}:{f.end}: {type(e).__name__}: {e}")
    try:
        rows.extend(lift.organisation_rows(f for f in found if f.type == "org"))
    except Exception as e:
        warnings.append(f"records: organisations: {type(e).__name__}: {e}")
    head = document_row(doc)
    head["records"], head["warnings"] = len(rows), warnings
    return [head, *rows]


def validated(rows: list[Row]) -> list[Record]:
    """Rows (document line first) as the contract's models; a row the models refuse is left
    out and named in the document's `warnings`."""
    head, *rest = rows
    warnings = list(head["warnings"])
    records: list[Record] = []
    for row in rest:
        try:
            records.append(MODEL_OF_TYPE[row["type"]].model_validate(row))
        except ValidationError as e:
            warnings.append(f"records: {row['type']} {row['id']}: ValidationError: {e}")
    head = {**head, "records": len(records), "warnings": warnings}
    return [DocumentRecord.model_validate(head), *records]


def records_for(doc: Document, annotated: Doc) -> list[Record]:
    """All records of one article as the contract's models (what the API returns)."""
    return validated(record_rows(doc, annotated))
