"""An article, ingested: raw text, clean view with its offset map, metadata, sentences."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import numpy

from extract.grammar.grammar_kit import simplified_view
from extract.ingest.decode import Decoded
from extract.ingest.layout import atoms_to_cells, han_count, ingest_rules, lay_out
from extract.ingest.markup import count_tags, html_atoms, split_front_matter, text_atoms
from extract.ingest.metadata import choose_published, guess_title
from extract.ingest.offsets import Cells, OffsetMap, code_points
from extract.ingest.sentences import split_sentences


@dataclass(slots=True)
class Document:
    """A readable article. `match_text` is what stages see: the clean view in Simplified script,
    character for character the same length as `clean`, so one offset map serves both."""

    doc_id: str
    path: str
    sha256: str
    encoding: str
    offsets: OffsetMap
    match_text: str
    format: str
    front_matter: bool
    script: str
    title: str | None
    published: date | None
    published_time: str | None
    published_source: str | None
    sentences: list[tuple[int, int]]
    paragraphs: list[tuple[int, int]]
    jsonl_line: int | None = None
    url: str | None = None

    @property
    def raw(self) -> str:
        return self.offsets.raw

    @property
    def clean(self) -> str:
        return self.offsets.clean


@dataclass(slots=True)
class FailedDocument:
    """An input that could not be read; it still gets a `document` record, with the reason."""

    doc_id: str
    path: str
    error: str
    sha256: str | None = None
    jsonl_line: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def key(self) -> str:
        """Identity for resumed runs, as `resume_state` reads it from the output."""
        return f"{self.doc_id}|{self.sha256 or ''}"


def _han_changed_ratio(clean: str, simplified: str) -> float:
    if clean == simplified:  # most text is Simplified already: nothing to count
        return 0.0
    han = han_count(clean)
    if not han:
        return 0.0
    differ = numpy.flatnonzero(code_points(clean) != code_points(simplified))  # the same length
    changed = "".join(clean[i] for i in differ.tolist())
    return han_count(changed) / han


def build_document(
    decoded: Decoded,
    raw_bytes: bytes,
    *,
    doc_id: str,
    path: str,
    jsonl_line: int | None = None,
    meta: dict[str, str] | None = None,
    corpus_date_first: bool = False,
) -> Document:
    """Clean, measure and date an article; `meta` holds corpus fields (title, date, url);
    `corpus_date_first` puts the corpus `date` before the dates found in the text."""
    rules = ingest_rules()
    raw = decoded.text
    meta = meta or {}
    fm = split_front_matter(raw)
    body_start = fm.end if fm else 0
    html = count_tags(raw[body_start:], rules.html_tags) >= rules.html_min_tags
    if html:
        atoms, page_title = html_atoms(raw, body_start, rules.block_tags, rules.skip_tags)
    else:
        atoms, page_title = text_atoms(raw, body_start), ""
    cells = atoms_to_cells(atoms, rules)
    lead = None
    fm_title = fm.fields.get("title", "").strip() if fm else ""
    if fm and fm.title_span and fm_title and fm_title not in cells.text:
        start, end = fm.title_span
        lead = Cells.of_raw(raw[start:end], start)
    layout = lay_out(cells, rules, allow_pdf=not html, lead=lead)
    offsets = layout.builder.build(raw, decoded.encoding, decoded.bom)
    clean = offsets.clean
    match_text = simplified_view(clean)
    traditional = _han_changed_ratio(clean, match_text) >= rules.traditional_min_ratio
    if html:
        fmt = "html"
    elif layout.pdf_cuts:
        fmt = "pdf_text"
    elif layout.tokenised:
        fmt = "tokenised"
    else:
        fmt = "plain"

    published, published_source = choose_published(
        fm.fields if fm else None,
        clean,
        layout.paragraphs,
        rules,
        meta.get("date"),
        corpus_first=corpus_date_first,
    )

    title = (
        meta.get("title")
        or fm_title
        or page_title
        or guess_title(clean, layout.paragraphs, layout.headings)
    )
    return Document(
        doc_id=doc_id,
        path=path,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        encoding=decoded.encoding,
        offsets=offsets,
        match_text=match_text,
        format=fmt,
        front_matter=fm is not None,
        script="traditional" if traditional else "simplified",
        title=title or None,
        published=published[0] if published else None,
        published_time=published[1] if published else None,
        published_source=published_source,
        sentences=split_sentences(clean, rules),
        paragraphs=layout.paragraphs,
        jsonl_line=jsonl_line,
        url=meta.get("url"),
    )
