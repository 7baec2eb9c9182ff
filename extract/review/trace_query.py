"""Which records a `trace` query names: an id, a figure as typed, or what a record says.

A figure query (`7.29亿`, `484亿元`, `251.1万人次`, `8%`) matches on the normalised value and any
unit written after it; anything else matches a date's text or ISO value, an event's trigger or
type, an organisation's name, org id or mention, in either script.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from extract.grammar.grammar_kit import simplified_view
from extract.grammar.numerals import parse_number, parse_percent
from extract.models import (
    AmountRecord,
    CountRecord,
    DateRecord,
    DocumentRecord,
    EventRecord,
    OrganisationRecord,
    PercentageRecord,
    Record,
)

FigureRecord = AmountRecord | CountRecord | PercentageRecord
FIGURE_TYPES = (AmountRecord, CountRecord, PercentageRecord)


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


def _text_matches(record: Record, query: str) -> bool:
    """A record whose text, value, event type, name or org id is the query (either script)."""
    wanted = simplified_view(query.strip())
    if isinstance(record, OrganisationRecord):
        names = {record.org_id.casefold(), record.name.casefold()}
        return wanted.casefold() in names or any(
            simplified_view(m.text) == wanted for m in record.mentions
        )
    if isinstance(record, DocumentRecord):
        return False
    said = {simplified_view(record.text), simplified_view(record.quote)}
    if isinstance(record, DateRecord):
        said.add(record.value or "")
    elif isinstance(record, EventRecord):
        said.add(record.event_type)
    return wanted in said


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
    record_type: str | None = None,
) -> list[Record]:
    """Records with this id, else figure records with the value the query writes, else records
    of any type that say the query (`_text_matches`), in file order."""
    documents = {r.doc_id: r for r in records if isinstance(r, DocumentRecord)}
    if record_type is not None:
        records = [r for r in records if r.type == record_type]
    candidates = [r for r in records if r.id == query.strip()]
    if not candidates and (q := parse_query(query)) is not None:
        candidates = [r for r in records if _figure_matches(r, q)]
    if not candidates:
        candidates = [r for r in records if _text_matches(r, query)]
    return [
        r for r in candidates if _doc_matches(r, doc, documents) and _subject_matches(r, subject)
    ]
