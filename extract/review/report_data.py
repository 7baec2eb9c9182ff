"""The review page's data: what each record shows, the facts rows, the timeline, and the
record details kept per document.

The page parses one compact index at load (labels, filters, search keys, facts rows); a
record's fields and CSV cells sit with its document in an inert block parsed the first time
one of them is shown or exported, so a 1,000-document run opens fast.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from extract.grammar.numerals import DISPLAY_SCALES
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
from extract.review.factstable import DATA_FIELDS, fact_data
from extract.review.report_text import TYPES, DocView, escape, linked_orgs, mentions
from extract.review.trace import ordered_fields, source_location
from extract.review.trace_query import FIGURE_TYPES

# The page's CSV export: the `facts --csv` fields but the sentence (the source link points at
# it), then `source` (path:line:col).
CSV_FIELDS = tuple(f for f in DATA_FIELDS if f != "sentence")
_SCALES = tuple((Decimal(10) ** power, word) for power, word in DISPLAY_SCALES)
# Left out of a record's details: shown elsewhere (the sentence is in the text, the document
# by its index) or not needed to review it; `mentions` becomes a count.
_NOT_SHOWN = {"schema_version", "id", "doc_id", "byte_span"}
# The record types the page's index numbers.
ALL_TYPES = (*TYPES, "document")


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def chinese_scale(value: Decimal) -> str:
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


def facts_rows(records: list[Record]) -> dict[str, list[Any]]:
    """Per figure [record index, doc id, subject, metric, value, 亿/万 form, time, as
    written], each text an index into `strings` (subjects, metrics, values repeat: a run of
    1,000 documents needs 2.5 MB less); the page builds the rows it shows from them."""
    strings: dict[str, int] = {}
    rows = []
    for i, r in enumerate(records):
        if not isinstance(r, FIGURE_TYPES):
            continue
        scale = chinese_scale(r.value) if not isinstance(r, PercentageRecord) else ""
        time = r.time.value if r.time and r.time.value else ""
        subject = r.subject.name if r.subject else ""
        texts = (r.doc_id, subject, r.metric or "", value_text(r), scale, time, r.text)
        rows.append([i, *(strings.setdefault(t, len(strings)) for t in texts)])
    return {"strings": list(strings), "rows": rows}


def timeline(records: list[Record]) -> list[list[Any]]:
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
            f'<li data-r="{" ".join(map(str, group))}" tabindex="0" class="{escape(status)}">'
            f'<time>{escape(value)}</time><span class="dot t-event"></span>'
            f'<b>{escape(r.event_type)}</b> <span lang="zh">{escape(actors)}</span> '
            f'<q lang="zh">{escape(r.text)}</q> <small>{escape(status)}{told} · doc '
            f"{escape(', '.join(doc_ids))}</small></li>"
        ])  # fmt: skip
    return items


def shown_fields(record: Record) -> dict[str, Any]:
    """A record's fields as its details show them."""
    fields = {k: v for k, v in ordered_fields(record).items() if k not in _NOT_SHOWN}
    if isinstance(record, DocumentRecord):
        return fields
    if "sentence" in fields:
        fields["sentence"] = {k: v for k, v in fields["sentence"].items() if k != "text"}
    if "mentions" in fields:
        fields["mentions"] = len(fields["mentions"])
    return fields


def _search_text(record: Record) -> str:
    """What search matches beyond the label: the text as written, the exact value, an
    organisation's mentions as written (its name and id are in the label)."""
    if isinstance(record, OrganisationRecord):
        return " ".join(dict.fromkeys(m.text for m in record.mentions))
    if isinstance(record, DocumentRecord):
        return ""
    value = f" {record.value}" if isinstance(record, FIGURE_TYPES) else ""
    return record.text + value


@dataclass
class RecordIndex:
    """The page's records in three parts: `columns`, parsed at load (type as an index into
    ALL_TYPES, organisations as indices into `org_ids`, linked, document), one column a
    field so no key repeats 60,000 times; per record what its details show (`entries`: id,
    label, jump target as its sentence's number, `line:col` of its source, 亿/万 form), kept
    with its document; and `search`, what search matches per record, read at the first search.
    """

    columns: dict[str, list[Any]]
    entries: list[dict[str, Any]]
    search: list[str]


def record_index(records: list[Record], docs: dict[str, DocView]) -> RecordIndex:
    """The records' index. A record relates to an organisation it names (subject, source,
    actor) or one mentioned in its sentence, so the organisation filter still works for
    figures not yet linked."""
    sentence_orgs: dict[tuple[int, int], set[str]] = {}
    sentences: dict[int, int] = {}
    for view in docs.values():
        for p in view.placed:
            if p.sentence is None:
                continue
            sentences.setdefault(p.record, p.sentence)
            record = records[p.record]
            if isinstance(record, OrganisationRecord):
                sentence_orgs.setdefault((view.index, p.sentence), set()).add(record.org_id)
    org_ids = sorted({o for r in records for o in linked_orgs(r)})
    org_index = {o: k for k, o in enumerate(org_ids)}
    index = RecordIndex({"org_ids": org_ids, "type": [], "orgs": [], "linked": [], "d": []}, [], [])
    for i, r in enumerate(records):
        view = docs.get(r.doc_id)
        orgs = linked_orgs(r)
        if view and i in sentences and not isinstance(r, OrganisationRecord):
            orgs |= sentence_orgs.get((view.index, sentences[i]), set())
        linked = isinstance(r, FIGURE_TYPES) and r.subject is not None and r.metric is not None
        index.columns["type"].append(ALL_TYPES.index(r.type))
        index.columns["orgs"].append(sorted(org_index[o] for o in orgs))
        index.columns["linked"].append(int(linked))
        index.columns["d"].append(view.index if view else None)
        spans = mentions(r)
        located = source_location(view.again, spans[0].span) if view and spans else None
        entry = {
            "id": r.id,
            "label": label(r),
            "target": sentences.get(i),
            "src": located[0].removeprefix(view.record.path + ":") if located else None,
            "z": chinese_scale(r.value) if isinstance(r, AmountRecord | CountRecord) else None,
        }
        index.entries.append(entry)
        words = (entry["label"], _search_text(r), entry["z"])
        index.search.append(" ".join(w for w in words if w).lower())
    return index


def record_details(indices: list[int], records: list[Record], index: RecordIndex) -> str:
    """Some records' (one document's) details as the page's JSON: by record index, its entry
    with its fields and, for a figure, its CSV cells."""
    details = {}
    for i in indices:
        r = records[i]
        item = {**index.entries[i], "fields": shown_fields(r)}
        if isinstance(r, FIGURE_TYPES):
            data = fact_data(r)
            item["csv"] = [data[k] for k in CSV_FIELDS]
        details[str(i)] = item
    return script_json(details)


def script_json(data: object) -> str:
    """JSON safe inside <script>: no `<` at all (neither `</script` nor `<!--` can change how
    the element ends), and no line separators a JavaScript string may not hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
