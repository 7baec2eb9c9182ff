"""The review page's document texts: records placed on each re-read clean view, and the
clean text rendered as sentence spans (jump targets) with records marked over it.

A record whose source changed or no longer holds its quote is noted as a problem, never
placed: a highlight at a possibly wrong place is worse than none.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from extract.models import DocumentRecord, EventRecord, Mention, OrganisationRecord, Record
from extract.review.trace import Reread, clean_span, quote_problems
from extract.review.trace_query import FIGURE_TYPES

# Highlight types, in legend order; an organisation record is highlighted at each mention.
TYPES = ("amount", "count", "percentage", "date", "organisation", "event")


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class Placed:
    """A record's mention on the clean view of its re-read document."""

    record: int  # index into the page's record list
    start: int
    end: int
    sentence: int | None  # index into the document's sentences


@dataclass
class DocView:
    """One document of the page: its record, its re-read source, what could be placed."""

    index: int
    record: DocumentRecord
    again: Reread | None
    placed: list[Placed] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    orgs: set[str] = field(default_factory=set)


def readable(view: DocView) -> bool:
    """Whether the document's text can be shown: re-read, and its source unchanged."""
    return bool(view.again and view.again.document and not view.again.changed)


def linked_orgs(record: Record) -> set[str]:
    """The organisations a record names: subject and source, actors, or itself."""
    if isinstance(record, FIGURE_TYPES):
        return {s.org_id for s in (record.subject, record.source) if s is not None}
    if isinstance(record, EventRecord):
        return {a.org_id for a in record.actors}
    if isinstance(record, OrganisationRecord):
        return {record.org_id}
    return set()


def mentions(record: Record) -> list[Mention]:
    """Where a record is in its text: an organisation at each mention, others at themselves."""
    if isinstance(record, OrganisationRecord):
        return list(record.mentions)
    if isinstance(record, DocumentRecord):
        return []
    return [record]


def sentence_index(sentences: list[tuple[int, int]], pos: int) -> int | None:
    i = bisect_right(sentences, pos, key=lambda s: s[0]) - 1
    return i if i >= 0 and sentences[i][0] <= pos < sentences[i][1] else None


def place(view: DocView, index: int, record: Record) -> None:
    """Place a record's mentions on the clean view, or note why they cannot be."""
    again = view.again
    if again is None or again.document is None or again.changed:
        return  # the document-level problem says why nothing is highlighted
    where = f"{record.type} {record.id}"
    for m in mentions(record):
        problems = quote_problems(where, m, again)
        if problems:
            view.problems.extend(problems)
            continue
        start, end = clean_span(again.document, m.span)
        if end > start:
            sentence = sentence_index(again.document.sentences, start)
            view.placed.append(Placed(index, start, end, sentence))


def _segments(view: DocView) -> list[tuple[int, int]]:
    assert view.again is not None and view.again.document is not None
    document = view.again.document
    cuts = {0, len(document.clean)}
    for s0, s1 in document.sentences:
        cuts |= {s0, s1}
    for p in view.placed:
        cuts |= {p.start, p.end}
    return list(pairwise(sorted(cuts)))


def render_text(view: DocView, records: list[Record]) -> str:
    """The clean text: sentences as spans (jump targets), records as marks over segments."""
    assert view.again is not None and view.again.document is not None
    document = view.again.document
    clean = document.clean
    sentences = document.sentences
    out: list[str] = []
    current: int | None = None
    placed = sorted(view.placed, key=lambda p: p.start)
    active: list[Placed] = []  # the records that start at or before the segment, sweeping on
    k = 0
    for start, end in _segments(view):
        while k < len(placed) and placed[k].start <= start:
            active.append(placed[k])
            k += 1
        active = [p for p in active if p.end > start]
        sentence = sentence_index(sentences, start)
        if sentence != current:
            if current is not None:
                out.append("</span>")
            if sentence is not None:
                out.append(f'<span class="sent" id="d{view.index}s{sentence}">')
            current = sentence
        covering = [p for p in active if end <= p.end]
        text = escape(clean[start:end])
        if not covering:
            out.append(text)
            continue
        # The shortest record on top: its colour shows, all of them are listed on click.
        covering.sort(key=lambda p: (p.end - p.start, TYPES.index(records[p.record].type)))
        ids = " ".join(str(p.record) for p in covering)
        top = records[covering[0].record]
        # The hover text (the records' labels) is set by the page when the text is shown.
        out.append(f'<mark class="m t-{top.type}" data-r="{ids}">{text}</mark>')
    if current is not None:
        out.append("</span>")
    return "".join(out)
