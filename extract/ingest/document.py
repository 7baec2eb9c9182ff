"""An article, ingested: raw text, clean view with its offset map, metadata, sentences."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import opencc

from extract.ingest.decode import LONE_SURROGATE, Decoded
from extract.ingest.layout import atoms_to_cells, ingest_rules, lay_out
from extract.ingest.markup import count_tags, html_atoms, split_front_matter, text_atoms
from extract.ingest.metadata import DATE_KEYS, find_dateline, guess_title, parse_date_value
from extract.ingest.sentences import split_sentences
from extract.offsets import OffsetMap


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


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified_view(text: str) -> str:
    """OpenCC t2s, kept the same length as the input so that offsets carry over.

    A phrase conversion that changes length is redone line by line, then character by
    character for the lines that still change length. A lone surrogate (no UTF-8 form, which
    OpenCC and spaCy need) becomes U+FFFD, one character for one.
    """
    converter = _t2s()
    text = LONE_SURROGATE.sub("\ufffd", text)
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    out: list[str] = []
    for line in text.split("\n"):
        conv = converter.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return "\n".join(out)


def _han_changed_ratio(clean: str, simplified: str) -> float:
    han = changed = 0
    for a, b in zip(clean, simplified, strict=True):
        if "\u4e00" <= a <= "\u9fff":
            han += 1
            changed += a != b
    return changed / han if han else 0.0


def build_document(
    decoded: Decoded,
    raw_bytes: bytes,
    *,
    doc_id: str,
    path: str,
    jsonl_line: int | None = None,
    meta: dict[str, str] | None = None,
) -> Document:
    """Clean, measure and date an article; `meta` holds corpus fields (title, date, url)."""
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
    cells = atoms_to_cells(atoms, html, rules)
    lead = None
    fm_title = fm.fields.get("title", "").strip() if fm else ""
    if fm and fm.title_span and fm_title:
        body_text = "".join(c[0] for c in cells)
        if fm_title not in body_text:
            start, end = fm.title_span
            lead = [(raw[i], i, i + 1) for i in range(start, end)]
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

    published = published_source = None
    candidates = [(fm.fields.get(k, ""), "front_matter") for k in DATE_KEYS] if fm else []
    for value, source in candidates:
        if value and (parsed := parse_date_value(value)):
            published, published_source = parsed, source
            break
    if published is None and (parsed := find_dateline(clean, layout.paragraphs, rules)):
        published, published_source = parsed, "dateline"
    if published is None and meta.get("date") and (parsed := parse_date_value(meta["date"])):
        published, published_source = parsed, "jsonl"

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
