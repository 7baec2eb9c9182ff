"""Shared test helpers: the offset oracle and a pipeline run on literal text.

The oracle checks what every record promises: `source[span] == quote`, the byte span decodes
to the same quote, and the sentence holds the mention. Tests that produce records call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc

from extract.ingest.decode import decode
from extract.ingest.document import Document, build_document
from extract.models import DocumentRecord, Mention, OrganisationRecord, Record
from extract.pipeline.annotations import Found, write

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def assert_quotes_source(records: list[Record], data: bytes) -> None:
    """Fail, naming the record, if any span or byte span does not quote the source exactly."""
    decoded = decode(data)
    text = decoded.text
    for record in records:
        if isinstance(record, DocumentRecord):
            continue
        mentions: list[Mention] = (
            list(record.mentions) if isinstance(record, OrganisationRecord) else [record]
        )
        for m in mentions:
            got = text[m.span.start : m.span.end]
            assert got == m.quote, (
                f"{record.type} {record.id}: span quotes {got!r}, not {m.quote!r}"
            )
            raw = data[m.byte_span.start : m.byte_span.end].decode(decoded.encoding)
            assert raw == m.quote, f"{record.type} {record.id}: byte span quotes {raw!r}"
        if not isinstance(record, OrganisationRecord):
            s = record.sentence
            assert s.start <= record.span.start <= record.span.end <= s.end, (
                f"{record.type} {record.id}: sentence {s.start}:{s.end} misses the span"
            )


def make_document(text: str | bytes, doc_id: str = "test.txt") -> Document:
    """Ingest literal text (or bytes) as if it were a file."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return build_document(decode(data), data, doc_id=doc_id, path=doc_id)


def write_found(doc: Doc, items: Iterable[Found[Any]]) -> Doc:
    """Hand-placed items into the slots their stages write (figures as zh_figures writes them)."""
    slots: dict[str, list[Found[Any]]] = {}
    for f in items:
        slot = {"org": "orgs", "date": "dates", "event": "events"}.get(f.type, "figures")
        slots.setdefault(slot, []).append(f)
    for slot, found in slots.items():
        write(doc, slot, found)
    return doc


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def readme_blocks(section: str, lang: str = "python") -> list[str]:
    """The ```lang code blocks of one README section (a `## ` heading), in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {section}\n")
    end = text.find("\n## ", start + 1)
    body = text[start : end if end >= 0 else len(text)]
    return [block.split("\n```", 1)[0] for block in body.split(f"\n```{lang}\n")[1:]]
