"""`extract-facts diff OLD NEW`: what a change did to a run, record by record.

Records pair up by document, type and span (organisations by org_id, `document` records by
doc_id). A pair whose other values differ is "changed" and lists each field old -> new, or for
a list (an organisation's mentions, an event's actors) the items added and removed, each named
by its span or org id; the rest are "added" (only in NEW) or "removed" (only in OLD). Output is
grouped by document, each record with its sentence, so a reviewer reads the change in
context. Exit 0, or with `--exit-code` 1 when anything differs; 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extract.models import parse_record

Key = tuple[str, str, str, int]  # doc_id, type, span or org_id, occurrence

# Fields that follow from the key or from the source file, not from what was extracted.
_IGNORED = {"id"}


class DiffInputError(ValueError):
    """A run file cannot be read or holds a line that is not a record."""


def _key_part(rec: dict[str, Any]) -> str:
    if rec["type"] == "document":
        return ""
    if rec["type"] == "organisation":
        return rec["org_id"]
    return f"{rec['span']['start']}:{rec['span']['end']}"


def load_run(path: Path) -> dict[Key, dict[str, Any]]:
    """Records of a run by key, as JSON-ready dicts (validated through the record models)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DiffInputError(f"{path}: cannot read ({exc.strerror})") from exc
    out: dict[Key, dict[str, Any]] = {}
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(parse_record(line).model_dump_json())
        except ValidationError as exc:
            raise DiffInputError(
                f"{path}:{lineno}: not a record ({exc.errors()[0]['msg']})"
            ) from exc
        base = (rec["doc_id"], rec["type"], _key_part(rec))
        out[(*base, seen[base])] = rec
        seen[base] += 1
    return out


@dataclass
class DocDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)


def diff_runs(old: dict[Key, dict[str, Any]], new: dict[Key, dict[str, Any]]) -> dict[str, DocDiff]:
    """Per document: records added, removed, and changed (field -> {old, new})."""
    docs: dict[str, DocDiff] = defaultdict(DocDiff)
    for key in sorted(old.keys() | new.keys(), key=_sort_key):
        o, n = old.get(key), new.get(key)
        if o is None:
            docs[key[0]].added.append(n)
        elif n is None:
            docs[key[0]].removed.append(o)
        else:
            changes = {
                f: _change(o.get(f), n.get(f))
                for f in sorted((o.keys() | n.keys()) - _IGNORED)
                if o.get(f) != n.get(f)
            }
            if changes:
                docs[key[0]].changed.append({"record": n, "changes": changes})
    return dict(sorted(docs.items()))


def _change(old: Any, new: Any) -> dict[str, Any]:
    """{old, new} of a field; for two lists, the items only in one ({added, removed})."""
    if not (isinstance(old, list) and isinstance(new, list)):
        return {"old": old, "new": new}
    before = {json.dumps(i, sort_keys=True): i for i in old}
    after = {json.dumps(i, sort_keys=True): i for i in new}
    return {
        "added": [after[k] for k in after if k not in before],
        "removed": [before[k] for k in before if k not in after],
    }


def _item(item: Any) -> str:
    """A list item in one line: a mention as its text and span, an actor as its name."""
    if isinstance(item, dict) and "span" in item:
        return f"{item.get('text', '')!r} {item['span']['start']}:{item['span']['end']}"
    return _show(item) if not isinstance(item, dict) or "name" not in item else item["name"]


def _sort_key(key: Key) -> tuple[str, int, int, str, int]:
    """Document record first, then mention records in text order, then organisations."""
    doc_id, type_, part, occurrence = key
    rank = {"document": 0, "organisation": 2}.get(type_, 1)
    start = int(part.split(":")[0]) if rank == 1 else 0
    return doc_id, rank, start, type_ + part, occurrence


# ---------------------------------------------------------------- output


def _where(rec: dict[str, Any]) -> str:
    if rec["type"] == "document":
        return f"document {rec.get('title') or rec['path']!r}"
    if rec["type"] == "organisation":
        return f"organisation {rec['name']} ({len(rec['mentions'])} mentions)"
    return f"{rec['type']} {rec['span']['start']}:{rec['span']['end']} {rec['text']!r}"


def _show(value: Any) -> str:
    if isinstance(value, dict) and "name" in value and "org_id" in value:
        return value["name"]
    if isinstance(value, dict) and "value" in value and "precision" in value:
        return str(value["value"])
    if isinstance(value, list) and value and isinstance(value[0], dict) and "name" in value[0]:
        return "[" + ", ".join(v["name"] for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


_SUMMARY_FIELDS = (
    "value", "currency", "unit", "qualifier", "range", "subject", "metric", "time",
    "precision", "event_type", "actors", "date", "status", "org_type", "published",
)  # fmt: skip


def _summary(rec: dict[str, Any]) -> str:
    parts = [f"{f}={_show(rec[f])}" for f in dict.fromkeys(_SUMMARY_FIELDS) if rec.get(f)]
    return " ".join(parts)


def _context(rec: dict[str, Any]) -> str:
    if "sentence" in rec:
        return rec["sentence"]["text"]
    if rec["type"] == "organisation":
        return "mentions: " + ", ".join(m["text"] for m in rec["mentions"])
    return rec.get("path", "")


def to_text(docs: dict[str, DocDiff]) -> str:
    out = []
    for doc_id, d in docs.items():
        out.append(doc_id)
        for sign, recs in (("+", d.added), ("-", d.removed)):
            for rec in recs:
                out.append(f"  {sign} {_where(rec)}  {_summary(rec)}")
                out.append(f"      {_context(rec)}")
        for ch in d.changed:
            out.append(f"  ~ {_where(ch['record'])}")
            for f, v in ch["changes"].items():
                if "added" in v:
                    items = [f"+{_item(i)}" for i in v["added"]]
                    items += [f"-{_item(i)}" for i in v["removed"]]
                    out.append(f"      {f}: {', '.join(items)}")
                else:
                    out.append(f"      {f}: {_show(v['old'])} -> {_show(v['new'])}")
            out.append(f"      {_context(ch['record'])}")
        out.append("")
    out.append(_totals_line(docs))
    return "\n".join(out)


def _totals(docs: dict[str, DocDiff]) -> dict[str, int]:
    return {
        "added": sum(len(d.added) for d in docs.values()),
        "removed": sum(len(d.removed) for d in docs.values()),
        "changed": sum(len(d.changed) for d in docs.values()),
        "documents": len(docs),
    }


def _totals_line(docs: dict[str, DocDiff]) -> str:
    t = _totals(docs)
    if not docs:
        return "no differences"
    counts = f"{t['added']} added, {t['removed']} removed, {t['changed']} changed"
    return f"{counts} in {t['documents']} documents"


def to_json(docs: dict[str, DocDiff]) -> dict[str, Any]:
    return {
        "summary": _totals(docs),
        "documents": {
            doc_id: {"added": d.added, "removed": d.removed, "changed": d.changed}
            for doc_id, d in docs.items()
        },
    }


# ---------------------------------------------------------------- CLI


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `diff` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "diff",
        help="records added, removed and changed between two runs",
        description="Compare two run outputs record by record, grouped by document.",
    )
    p.add_argument("old", type=Path, help="the earlier run's JSONL")
    p.add_argument("new", type=Path, help="the later run's JSONL")
    p.add_argument("--json", action="store_true", help="print the diff as JSON")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when the runs differ")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        docs = diff_runs(load_run(args.old), load_run(args.new))
    except DiffInputError as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(to_json(docs), ensure_ascii=False, indent=2) if args.json else to_text(docs))
    return 1 if args.exit_code and docs else 0
