"""`extract-facts report OUT.jsonl -o out/report.html`: one static page to review a run.

A fact-checker reads each article's clean text with every record highlighted by type, clicks a
highlight for the record's fields, and works down a facts table whose rows jump to their
sentence; filters by type and organisation and a timeline of dated events narrow the view.
The page is one file (CSS, JS and data inline; no server, no network, no external font) so it
can be mailed or archived next to the run.

It reads records only, never runs the pipeline: each source is read again and its clean view
rebuilt with the ingestion code, and record spans are placed through the offset map
(`report_text`). The page parses one compact index at load (`report_data`); each document's
text and its records' details are inert blocks read when the document is opened or searched,
so a 1,000-document run opens in under 2 s.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from extract.consolidation.view import facts_view
from extract.grammar.grammar_kit import LONE_SURROGATE
from extract.models import DocumentRecord, OrganisationRecord, Record
from extract.output.writers import atomic_text
from extract.review.report_data import (
    ALL_TYPES,
    CSV_FIELDS,
    RecordIndex,
    facts_rows,
    record_details,
    record_index,
    script_json,
    timeline,
)
from extract.review.report_text import (
    TYPES,
    DocView,
    escape,
    linked_orgs,
    place,
    readable,
    render_text,
)
from extract.review.trace import reread
from extract.review.verify import read_records, source_path

TEMPLATE = "report_template.html"
# Up to this many documents the page opens (and renders) every text and the consolidated facts
# at load; above, a text is rendered when its document is opened or a record in it is shown,
# and the consolidated facts when asked for, so a large run opens fast.
OPEN_AT_MOST = 12
# Up to this many documents the page is one file. Above, texts and record details go to
# `<page>_files/`, CHUNK documents a file, each a script that hands its blocks to the page,
# loaded by <script src> when needed (works from file://, unlike fetch): the page itself stays
# a few MB whatever the run's size.
INLINE_AT_MOST = 50
CHUNK = 50
_MARKER = re.compile(r"@@([A-Z]+)@@")
# An inert block: the browser keeps its text without parsing it as markup or running it.
_INERT = '<script type="text/x-inert" id="{}">{}</script>'
# The facts table; the page fills its body from the data, a page of rows at a time.
_FACTS_TABLE = (
    '<div class="scroll"><table id="facts"><thead><tr><th>doc</th><th>subject</th>'
    "<th>metric</th><th>value</th><th>time</th><th>as written</th></tr></thead>"
    '<tbody></tbody></table></div><p class="more" hidden><button type="button" '
    'id="facts-more">show more</button></p>'
)


def _document_section(view: DocView, records: list[Record], open_all: bool) -> str:
    """A document's header and its body, shown when its title is pressed (a button, not
    <details>: a thousand of those cost a second at load); its text is rendered then."""
    doc = view.record
    meta = [doc.doc_id, doc.path, f"published {doc.published or 'unknown'}"]
    meta += [x for x in (doc.format, doc.script) if x]
    counts = Counter(records[p.record].type for p in view.placed)
    meta.append(", ".join(f"{n} {t}" for t, n in sorted(counts.items())) or "no highlights")
    problems = list(view.again.problems if view.again else ["no source"]) + view.problems
    if doc.status != "ok":
        problems = [f"the run could not read this document: {doc.error}"]
    warn = "".join(f"<li>{escape(p)}</li>" for p in problems)
    body = (
        f'<div class="text" lang="zh" data-doc="{view.index}"></div>'
        if readable(view)
        else '<p class="empty">No text to show.</p>'
    )
    return (
        f'<section class="doc{"" if open_all else " lazy"}" id="doc-{view.index}" '
        f'data-orgs="{escape(" ".join(sorted(view.orgs)))}">'
        f'<h2 lang="zh"><button type="button" class="doc-open" aria-expanded='
        f'"{"true" if open_all else "false"}">{escape(doc.title or doc.doc_id)}</button></h2>'
        f'<span class="meta">{escape(" · ".join(meta))}</span>'
        f'<div class="body"{"" if open_all else " hidden"}>'
        + (f'<ul class="warn">{warn}</ul>' if warn else "")
        + '<p class="src"></p>'
        + body
        + "</div></section>"
    )


@dataclass
class ReportPage:
    """The page, the files beside it (name in `<page>_files/` -> text; none for a small
    run), and the problems found re-reading the sources."""

    html: str
    problems: list[str]
    files: dict[str, str] = field(default_factory=dict)


def _blocks(
    docs: dict[str, DocView], records: list[Record], index: RecordIndex, open_all: bool
) -> dict[str, str]:
    """Per document its rendered text (`text-N`) and its records' details (`rec-N`, JSON);
    `rec-x` for records whose document the run lacks; what search matches (`search-index`); a
    large run's consolidated facts."""
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_doc.setdefault(str(docs[r.doc_id].index) if r.doc_id in docs else "x", []).append(i)
    blocks = {
        f"text-{view.index}": render_text(view, records) for view in docs.values() if readable(view)
    }
    for key, indices in by_doc.items():
        blocks[f"rec-{key}"] = record_details(indices, records, index)
    blocks["search-index"] = script_json(index.search)
    if not open_all:
        blocks["consolidated-html"] = facts_view(records)
    return blocks


def chunk_of(block: str) -> str:
    """The file (in `<page>_files/`, without `.js`) holding a block: text-N and rec-N by
    document N's chunk, as the page's script computes it."""
    kind, _, key = block.partition("-")
    if kind not in ("text", "rec") or not key.isdigit():
        return block
    return f"{kind}-{int(key) // CHUNK}"


def _chunk_files(blocks: dict[str, str]) -> dict[str, str]:
    chunks: dict[str, dict[str, str]] = {}
    for key, text in blocks.items():
        chunks.setdefault(chunk_of(key), {})[key] = text
    return {f"{name}.js": f"reportBlocks({script_json(part)});\n" for name, part in chunks.items()}


def _doc_data(view: DocView, output: Path) -> dict[str, str | bool | None]:
    doc = view.record
    return {
        "id": doc.doc_id,
        "title": doc.title or "",
        "path": doc.path,
        "file": source_path(doc, output).resolve().as_uri() if doc.status == "ok" else None,
        "url": doc.url,
        "text": readable(view),  # else no `text-N` block: a search does not ask for it
    }


def _consolidated(records: list[Record], open_all: bool) -> str:
    """The consolidated facts, inline for a small run; for a large one a block the page
    renders when its button is pressed (its sources are thousands of buttons)."""
    if open_all:
        return facts_view(records)
    return (
        '<p class="more"><button type="button" id="consolidated-show">show the consolidated '
        'facts</button></p><div id="consolidated-box"></div>'
    )


def build_report(output: Path, files: str = "report_files") -> ReportPage:
    """The page for one run's records; a large run's texts and details go to the folder
    `files` beside the page."""
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
        view.orgs |= linked_orgs(r)
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
        f'<option value="{escape(org_id)}">{escape(name)} ({escape(org_id)})</option>'
        for org_id, name in sorted(orgs.items(), key=lambda o: o[1])
    )
    toc = "".join(
        f'<li><a href="#doc-{v.index}"><span lang="zh">'
        f"{escape(v.record.title or v.record.doc_id)}</span></a></li>"
        for v in docs.values()
    )
    problem_list = "".join(f"<li>{escape(p)}</li>" for p in problems)
    open_all = len(docs) <= OPEN_AT_MOST
    index = record_index(records, docs)
    blocks = _blocks(docs, records, index, open_all)
    inline = len(docs) <= INLINE_AT_MOST
    facts = facts_rows(records)
    data = {
        "records": index.columns,
        "docs": [_doc_data(v, output) for v in docs.values()],
        "facts": facts,
        "timeline": timeline(records),
        "csv": [*CSV_FIELDS, "source"],
        "types": list(TYPES),
        "kinds": list(ALL_TYPES),
        "run": str(output),
        "files": None if inline else files,
        "chunk": CHUNK,
    }
    parts = {
        "TITLE": escape(f"Review: {output.name}"),
        "SUMMARY": escape(
            f"{len(docs)} documents · " + " · ".join(f"{counts.get(t, 0)} {t}" for t in TYPES)
        ),
        "LEGEND": legend,
        "ORGS": org_options,
        "PROBLEMS": f'<ul class="warn">{problem_list}</ul>' if problems else "",
        "FACTS": _FACTS_TABLE if facts["rows"] else '<p class="empty">No figures in this run.</p>',
        "CONSOLIDATED": _consolidated(records, open_all),
        "TIMELINE": "" if data["timeline"] else '<p class="empty">No dated events in this run.</p>',
        "TOC": toc,
        "DOCUMENTS": "".join(_document_section(v, records, open_all) for v in docs.values()),
        "BLOCKS": "".join(_INERT.format(k, v) for k, v in blocks.items()) if inline else "",
        "DATA": script_json(data),
    }
    return ReportPage(fill_template(parts), problems, {} if inline else _chunk_files(blocks))


def write_report(output: Path, target: Path) -> list[str]:
    """Write the page for `output` at `target` (and its files beside it); the problems."""
    folder = target.with_name(f"{target.stem}_files")
    report = build_report(output, folder.name)
    with atomic_text(target) as fh:
        fh.write(LONE_SURROGATE.sub("\ufffd", report.html))  # no UTF-8 form; shown as U+FFFD
    if report.files:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in set(folder.glob("*.js")) - {folder / n for n in report.files}:
            stale.unlink()
        for name, text in report.files.items():
            with atomic_text(folder / name) as fh:
                fh.write(LONE_SURROGATE.sub("\ufffd", text))
    return report.problems


def fill_template(parts: dict[str, str]) -> str:
    """The template with each @@KEY@@ replaced in one pass (so article text is never rescanned)."""
    page = resources.files("extract.review").joinpath(TEMPLATE).read_text(encoding="utf-8")
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
        problems = write_report(args.output, args.html)
    except OSError as e:
        print(f"report: {e.filename or args.output}: {e.strerror or e}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"report: WARNING: {problem}", file=sys.stderr)
    print(f"report: wrote {args.html}", file=sys.stderr)
    return 1 if problems else 0
