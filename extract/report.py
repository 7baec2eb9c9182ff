"""`extract-facts report OUT.jsonl -o out/report.html`: one static page to review a run.

A fact-checker reads each article's clean text with every record highlighted by type, clicks a
highlight for the record's fields, and works down a facts table whose rows jump to their
sentence; filters by type and organisation and a timeline of dated events narrow the view.
The page is one file (CSS, JS and data inline; no server, no network, no external font) so it
can be mailed or archived next to the run.

It reads records only, never runs the pipeline: each source is read again and its clean view
rebuilt with the ingestion code, and record spans are placed through the offset map. A record
whose source changed or no longer holds its quote is listed as a problem, not highlighted.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from extract.consolidation.view import facts_view
from extract.factstable import DATA_FIELDS, fact_data
from extract.grammar_kit import LONE_SURROGATE
from extract.models import (
    AmountRecord,
    CountRecord,
    DateRecord,
    DocumentRecord,
    EventRecord,
    Mention,
    OrganisationRecord,
    PercentageRecord,
    Record,
)
from extract.numerals import DISPLAY_SCALES
from extract.trace import (
    Reread,
    clean_span,
    ordered_fields,
    quote_problems,
    reread,
    source_location,
)
from extract.trace_query import FIGURE_TYPES
from extract.verify import read_records, source_path
from extract.writers import atomic_text

# Highlight types, in legend order; an organisation record is highlighted at each mention.
TYPES = ("amount", "count", "percentage", "date", "organisation", "event")
TEMPLATE = "report_template.html"
# Up to this many documents the page opens (and renders) every text at load; above, a text is
# rendered when its document is opened or a record in it is shown, so a large run opens fast.
OPEN_AT_MOST = 12
# The page's CSV export: the `facts --csv` fields but the sentence (the source link points at
# it), then `source` (path:line:col).
CSV_FIELDS = tuple(f for f in DATA_FIELDS if f != "sentence")
_MARKER = re.compile(r"@@([A-Z]+)@@")
_SCALES = tuple((Decimal(10) ** power, word) for power, word in DISPLAY_SCALES)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# --- what a record shows --------------------------------------------------------------------


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def _chinese_scale(value: Decimal) -> str:
    """729000000 -> 7.29亿: how a Chinese article (and its reader) writes the figure."""
    for scale, name in _SCALES:
        if abs(value) >= scale:
            return f"{(value / scale).normalize():f}{name}"
    return ""


def value_text(record: Record) -> str:
    """The value of a figure as a reviewer reads it: qualifier, number or range, unit."""
    if not isinstance(record, FIGURE_TYPES):
        return ""
    if record.range is not None:
        number = f"{_number(record.range.low)}–{_number(record.range.high)}"
    else:
        number = _number(record.value)
    if isinstance(record, AmountRecord):
        unit = f" {record.currency}"
    elif isinstance(record, CountRecord):
        unit = f" {record.unit}" if record.unit else ""
    else:
        unit = " percentage points" if record.unit == "percentage_point" else "%"
    qualifier = f"{record.qualifier.replace('_', ' ')} " if record.qualifier else ""
    change = f"{record.change} of " if record.change else ""
    return f"{change}{qualifier}{number}{unit}"


def label(record: Record) -> str:
    """One line that says what a record claims (hover text, timeline, details heading)."""
    parts: list[str] = []
    if isinstance(record, FIGURE_TYPES):
        parts = [value_text(record)]
        parts += [record.subject.name if record.subject else "", record.metric or ""]
        parts.append(record.time.value or "" if record.time else "")
    elif isinstance(record, DateRecord):
        parts = [record.value or "unresolved", record.precision or ""]
    elif isinstance(record, EventRecord):
        parts = [record.event_type, "、".join(a.name for a in record.actors)]
        parts += [record.date.value or "" if record.date else "", record.status]
    elif isinstance(record, OrganisationRecord):
        parts = [record.name, record.org_id, record.org_type]
    return f"{record.type}: " + " · ".join(p for p in parts if p)


def _linked_orgs(record: Record) -> set[str]:
    if isinstance(record, FIGURE_TYPES):
        return {s.org_id for s in (record.subject, record.source) if s is not None}
    if isinstance(record, EventRecord):
        return {a.org_id for a in record.actors}
    if isinstance(record, OrganisationRecord):
        return {record.org_id}
    return set()


# --- placing records in the clean text ------------------------------------------------------


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


def _sentence_index(sentences: list[tuple[int, int]], pos: int) -> int | None:
    i = bisect_right(sentences, pos, key=lambda s: s[0]) - 1
    return i if i >= 0 and sentences[i][0] <= pos < sentences[i][1] else None


def _mentions(record: Record) -> list[Mention]:
    if isinstance(record, OrganisationRecord):
        return list(record.mentions)
    if isinstance(record, DocumentRecord):
        return []
    return [record]


def place(view: DocView, index: int, record: Record) -> None:
    """Place a record's mentions on the clean view, or note why they cannot be."""
    again = view.again
    if again is None or again.document is None or again.changed:
        return  # the document-level problem says why nothing is highlighted
    where = f"{record.type} {record.id}"
    for m in _mentions(record):
        problems = quote_problems(where, m, again)
        if problems:
            view.problems.extend(problems)
            continue
        start, end = clean_span(again.document, m.span)
        if end > start:
            sentence = _sentence_index(again.document.sentences, start)
            view.placed.append(Placed(index, start, end, sentence))


# --- HTML -----------------------------------------------------------------------------------


def _segments(view: DocView) -> list[tuple[int, int]]:
    assert view.again is not None and view.again.document is not None
    document = view.again.document
    cuts = {0, len(document.clean)}
    for s0, s1 in document.sentences:
        cuts |= {s0, s1}
    for p in view.placed:
        cuts |= {p.start, p.end}
    ordered = sorted(cuts)
    return list(pairwise(ordered))


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
        sentence = _sentence_index(sentences, start)
        if sentence != current:
            if current is not None:
                out.append("</span>")
            if sentence is not None:
                out.append(f'<span class="sent" id="d{view.index}s{sentence}">')
            current = sentence
        covering = [p for p in active if end <= p.end]
        text = _e(clean[start:end])
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


def _document_section(view: DocView, records: list[Record], open_all: bool) -> str:
    """A document's header; its text is page data (`docs[i].html`), rendered when opened."""
    doc = view.record
    meta = [doc.doc_id, doc.path, f"published {doc.published or 'unknown'}"]
    meta += [x for x in (doc.format, doc.script) if x]
    counts = Counter(records[p.record].type for p in view.placed)
    meta.append(", ".join(f"{n} {t}" for t, n in sorted(counts.items())) or "no highlights")
    problems = list(view.again.problems if view.again else ["no source"]) + view.problems
    if doc.status != "ok":
        problems = [f"the run could not read this document: {doc.error}"]
    warn = "".join(f"<li>{_e(p)}</li>" for p in problems)
    body = (
        f'<div class="text" lang="zh" data-doc="{view.index}"></div>'
        if _readable(view)
        else '<p class="empty">No text to show.</p>'
    )
    return (
        f'<section class="doc" id="doc-{view.index}" data-orgs="{_e(" ".join(sorted(view.orgs)))}">'
        f'<details{" open" if open_all else ""}><summary><h2 lang="zh">'
        f"{_e(doc.title or doc.doc_id)}</h2>"
        f'<span class="meta">{_e(" · ".join(meta))}</span></summary>'
        + (f'<ul class="warn">{warn}</ul>' if warn else "")
        + '<p class="src"></p>'
        + body
        + "</details></section>"
    )


def _readable(view: DocView) -> bool:
    return bool(view.again and view.again.document and not view.again.changed)


def _doc_data(view: DocView, records: list[Record], output: Path) -> dict[str, Any]:
    """What the page needs to render a document when it is opened, and to search it."""
    doc = view.record
    return {
        "id": doc.doc_id,
        "title": doc.title or "",
        "path": doc.path,
        "file": source_path(doc, output).resolve().as_uri() if doc.status == "ok" else None,
        "url": doc.url,
        "html": render_text(view, records) if _readable(view) else None,
    }


def _facts_rows(records: list[Record]) -> list[list[Any]]:
    """[record index, row HTML] per figure; the page shows the filtered rows a page at a time."""
    rows = []
    for i, r in enumerate(records):
        if not isinstance(r, FIGURE_TYPES):
            continue
        scale = _chinese_scale(r.value) if not isinstance(r, PercentageRecord) else ""
        rows.append([i,
            f'<tr data-r="{i}" tabindex="0" class="t-{r.type}">'
            f'<td class="num">{_e(r.doc_id)}</td>'
            f"<td>{_e(r.subject.name) if r.subject else '<i>—</i>'}</td>"
            f"<td>{_e(r.metric) if r.metric else '<i>—</i>'}</td>"
            f'<td class="value"><span class="dot"></span>{_e(value_text(r))}'
            + (f' <small lang="zh">{_e(scale)}</small>' if scale else "")
            + "</td>"
            f"<td>{_e(r.time.value) if r.time and r.time.value else '<i>—</i>'}</td>"
            f'<td lang="zh">{_e(r.text)}</td></tr>'
        ])  # fmt: skip
    return rows


def _facts_table(rows: list[list[Any]]) -> str:
    if not rows:
        return '<p class="empty">No figures in this run.</p>'
    return (
        '<div class="scroll"><table id="facts"><thead><tr><th>doc</th><th>subject</th>'
        "<th>metric</th><th>value</th><th>time</th><th>as written</th></tr></thead>"
        '<tbody></tbody></table></div><p class="more" hidden><button type="button" '
        'id="facts-more">show more</button></p>'
    )


def _timeline(records: list[Record]) -> list[list[Any]]:
    """[record indices, item HTML] per dated event; the same event (type, actors, date,
    status) told in several sentences or documents is one item listing all its records."""
    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(records):
        if isinstance(r, EventRecord) and r.date is not None and r.date.value:
            actors = tuple(sorted(a.org_id for a in r.actors))
            groups.setdefault((r.date.value, r.event_type, actors, r.status), []).append(i)
    items = []
    for (value, _, _, status), group in sorted(groups.items(), key=lambda g: (g[0][0], g[1][0])):
        r = records[group[0]]
        assert isinstance(r, EventRecord)
        actors = "、".join(a.name for a in r.actors) or "—"
        doc_ids = list(dict.fromkeys(records[i].doc_id for i in group))
        told = f" · told {len(group)}×" if len(group) > 1 else ""
        items.append([group,
            f'<li data-r="{" ".join(map(str, group))}" tabindex="0" class="{_e(status)}">'
            f'<time>{_e(value)}</time><span class="dot t-event"></span>'
            f'<b>{_e(r.event_type)}</b> <span lang="zh">{_e(actors)}</span> '
            f'<q lang="zh">{_e(r.text)}</q> <small>{_e(status)}{told} · doc '
            f"{_e(', '.join(doc_ids))}</small></li>"
        ])  # fmt: skip
    return items


# Left out of a record's page data: shown elsewhere (the sentence is in the text, the document
# by its index) or not needed to review it; `mentions` becomes a count.
_NOT_SHOWN = {"schema_version", "id", "doc_id", "byte_span"}


def _shown_fields(record: Record) -> dict[str, Any]:
    fields = {k: v for k, v in ordered_fields(record).items() if k not in _NOT_SHOWN}
    if isinstance(record, DocumentRecord):
        return fields
    if "sentence" in fields:
        fields["sentence"] = {k: v for k, v in fields["sentence"].items() if k != "text"}
    if "mentions" in fields:
        fields["mentions"] = len(fields["mentions"])
    return fields


def _record_data(records: list[Record], docs: dict[str, DocView]) -> list[dict[str, Any]]:
    """What the page's script needs per record: fields, label, jump target, organisations,
    its document, where its source says it (`path:line:col`), what search matches, CSV cells.

    A record relates to an organisation it names (subject, source, actor) or one mentioned in
    its sentence, so the organisation filter still works for figures not yet linked.
    """
    sentence_orgs: dict[str, set[str]] = {}
    sentences: dict[int, list[str]] = {}
    for view in docs.values():
        for p in view.placed:
            if p.sentence is None:
                continue
            key = f"d{view.index}s{p.sentence}"
            sentences.setdefault(p.record, []).append(key)
            record = records[p.record]
            if isinstance(record, OrganisationRecord):
                sentence_orgs.setdefault(key, set()).add(record.org_id)
    out = []
    for i, r in enumerate(records):
        orgs = _linked_orgs(r)
        if not isinstance(r, OrganisationRecord):
            for key in sentences.get(i, ()):
                orgs |= sentence_orgs.get(key, set())
        linked = isinstance(r, FIGURE_TYPES) and r.subject is not None and r.metric is not None
        view = docs.get(r.doc_id)
        mentions = _mentions(r)
        located = source_location(view.again, mentions[0].span) if view and mentions else None
        item = {
            "id": r.id,
            "type": r.type,
            "label": label(r),
            "target": sentences[i][0] if i in sentences else None,
            "orgs": sorted(orgs),
            "linked": linked,
            "d": view.index if view else None,
            "src": located[0].removeprefix(view.record.path + ":") if located else None,
            "z": _chinese_scale(r.value) if isinstance(r, AmountRecord | CountRecord) else None,
            "fields": _shown_fields(r),
        }
        if isinstance(r, FIGURE_TYPES):
            cells = fact_data(r)
            item["csv"] = [cells[k] for k in CSV_FIELDS]
        out.append(item)
    return out


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no `</` can close the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def build_report(output: Path) -> tuple[str, list[str]]:
    """The page for one run's records, and the problems found re-reading its sources."""
    records, problems = read_records(output)
    records = [r for r in records if r.type in TYPES or isinstance(r, DocumentRecord)]
    docs: dict[str, DocView] = {}
    for r in records:
        if isinstance(r, DocumentRecord) and r.doc_id not in docs:
            again = reread(r, output) if r.status == "ok" else None
            docs[r.doc_id] = DocView(len(docs), r, again)
    for i, r in enumerate(records):
        if isinstance(r, DocumentRecord):
            continue
        view = docs.get(r.doc_id)
        if view is None:
            problems.append(f"{r.doc_id} {r.type} {r.id}: no document record in {output}")
            continue
        view.orgs |= _linked_orgs(r)
        place(view, i, r)
    for view in docs.values():
        if view.again:
            problems.extend(view.again.problems)
        problems.extend(view.problems)

    orgs = {r.org_id: r.name for r in records if isinstance(r, OrganisationRecord)}
    counts = Counter(r.type for r in records if not isinstance(r, DocumentRecord))
    legend = "".join(
        f'<label class="chip t-{t}"><input type="checkbox" data-type="{t}" checked>'
        f'<span class="dot"></span>{t} <small>{counts.get(t, 0)}</small></label>'
        for t in TYPES
    )
    org_options = "".join(
        f'<option value="{_e(org_id)}">{_e(name)} ({_e(org_id)})</option>'
        for org_id, name in sorted(orgs.items(), key=lambda o: o[1])
    )
    toc = "".join(
        f'<li><a href="#doc-{v.index}"><span lang="zh">'
        f"{_e(v.record.title or v.record.doc_id)}</span></a></li>"
        for v in docs.values()
    )
    problem_list = "".join(f"<li>{_e(p)}</li>" for p in problems)
    facts = _facts_rows(records)
    open_all = len(docs) <= OPEN_AT_MOST
    data = {
        "records": _record_data(records, docs),
        "docs": [_doc_data(v, records, output) for v in docs.values()],
        "facts": facts,
        "timeline": _timeline(records),
        "csv": [*CSV_FIELDS, "source"],
        "types": list(TYPES),
        "run": str(output),
    }
    parts = {
        "TITLE": _e(f"Review: {output.name}"),
        "SUMMARY": _e(
            f"{len(docs)} documents · " + " · ".join(f"{counts.get(t, 0)} {t}" for t in TYPES)
        ),
        "LEGEND": legend,
        "ORGS": org_options,
        "PROBLEMS": f'<ul class="warn">{problem_list}</ul>' if problems else "",
        "FACTS": _facts_table(facts),
        "CONSOLIDATED": facts_view(records),
        "TIMELINE": "" if data["timeline"] else '<p class="empty">No dated events in this run.</p>',
        "TOC": toc,
        "DOCUMENTS": "".join(_document_section(v, records, open_all) for v in docs.values()),
        "DATA": _script_json(data),
    }
    return fill_template(parts), problems


def fill_template(parts: dict[str, str]) -> str:
    """The template with each @@KEY@@ replaced in one pass (so article text is never rescanned)."""
    page = resources.files("extract").joinpath(TEMPLATE).read_text(encoding="utf-8")
    missing = {m for m in parts if f"@@{m}@@" not in page} | (
        set(_MARKER.findall(page)) - parts.keys()
    )
    if missing:
        raise ValueError(f"{TEMPLATE} and the report disagree on markers: {sorted(missing)}")
    return _MARKER.sub(lambda m: parts[m.group(1)], page)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `report` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "report",
        help="write a static HTML page to review a run's records against their sources",
        description="One self-contained HTML file: each article's text with the records "
        "highlighted, a facts table, filters and a timeline. Exit 1 when a source changed.",
    )
    p.add_argument("output", type=Path, help="a run's JSONL")
    p.add_argument("-o", "--html", type=Path, default=Path("out/report.html"),
                   help="the page to write (default: out/report.html)")  # fmt: skip
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        page, problems = build_report(args.output)
    except OSError as e:
        print(f"report: cannot read {args.output}: {e.strerror or e}", file=sys.stderr)
        return 2
    with atomic_text(args.html) as fh:
        fh.write(LONE_SURROGATE.sub("\ufffd", page))  # no UTF-8 form; shown as U+FFFD
    for problem in problems:
        print(f"report: WARNING: {problem}", file=sys.stderr)
    print(f"report: wrote {args.html}", file=sys.stderr)
    return 1 if problems else 0
