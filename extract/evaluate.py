"""`extract-facts eval GOLD PRED`: how far a run is from the hand-verified gold set.

Scoring, precisely (tests/test_evaluate.py works examples by hand):

* Only documents present in GOLD are scored; `document` records are ignored.
* Mention records (amount, count, percentage, date, event) match per document and type when
  their spans overlap, one-to-one, greedily by largest overlap (ties: closest start, then file
  order). `span` P/R/F1 = matched / predicted, matched / gold; `exact` counts only matched pairs
  whose spans are identical.
* Events are scored only when dated: gold holds the dated events, so a predicted event whose
  `date` is null is left out (counted under `unscored`).
* Organisation records match per document by canonical name; records left over then match by
  the overlap of their mentions (largest first), so a right entity with a wrong name is a
  `name` error rather than a miss plus a false positive. `organisation.mention` scores every
  mention span on its own, matched like the mention records.
* A field is scored on matched pairs only. Over those pairs: gold-filled = pairs whose gold
  value is not null, pred-filled = pairs whose predicted value is not null, correct = pairs
  where both are filled and equal. precision = correct / pred-filled, recall = correct /
  gold-filled. So a subject guessed where the gold says null costs precision, a subject left
  null where the gold has one costs recall. Values compare as exact decimals, subjects and
  actors by name, dates and times by their normalised ISO value (seconds ":00" dropped,
  "T24:00" read as the next day's "T00:00").
* precision = match / pred and recall = match / gold are null ("-") when their denominator is
  0; F1 = 2·match / (gold + pred), the harmonic mean of the two when both exist, 0 when only
  one side is empty, null when both are. A null score never fails a threshold.
* A predicted record (or organisation mention) overlapping a span of GOLD's
  `*.negatives.jsonl` is a negative hit, listed on its own.

Exit status: 0, or 1 when a score is below a `--min` / `--thresholds` minimum, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from extract.models import (
    DocumentRecord,
    EventRecord,
    Mention,
    OrganisationRecord,
    Subject,
    TimeRef,
    parse_record,
)

MENTION_TYPES = ("amount", "count", "percentage", "date", "event")
TYPES = (*MENTION_TYPES, "organisation")
STATS = ("precision", "recall", "f1")


class EvalInputError(ValueError):
    """GOLD or PRED cannot be read or holds a line that is not a record."""


# ---------------------------------------------------------------- field normalisers

_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$")


def norm_date(value: str | None) -> str | None:
    """One spelling per instant: drop ':00' seconds, read T24:00 as the next day's T00:00."""
    if value is None:
        return None
    if "/" in value:
        return "/".join(str(norm_date(part)) for part in value.split("/"))
    m = _DATETIME.match(value)
    if not m:
        return value
    day, hour, minute, second = m.groups()
    if hour == "24" and minute == "00" and second in (None, "00"):
        day, hour = (date.fromisoformat(day) + timedelta(days=1)).isoformat(), "00"
    tail = f":{second}" if second and second != "00" else ""
    return f"{day}T{hour}:{minute}{tail}"


def _decimal(d: Decimal | None) -> Decimal | None:
    return None if d is None else d.normalize()


def _name(s: Subject | None) -> str | None:
    return None if s is None else s.name


def _time(t: TimeRef | None) -> str | None:
    return None if t is None else norm_date(t.value)


def _range(r: Any) -> tuple[Decimal, Decimal] | None:
    return None if r is None else (r.low.normalize(), r.high.normalize())


def _actors(actors: list[Subject]) -> frozenset[str] | None:
    return frozenset(a.name for a in actors) or None


Getter = Callable[[Any], Hashable | None]
_FIGURE_FIELDS: dict[str, Getter] = {
    "value": lambda r: _decimal(r.value),
    "qualifier": lambda r: r.qualifier,
    "range": lambda r: _range(r.range),
    "subject": lambda r: _name(r.subject),
    "metric": lambda r: r.metric,
    "time": lambda r: _time(r.time),
}
FIELDS: dict[str, dict[str, Getter]] = {
    "amount": {**_FIGURE_FIELDS, "currency": lambda r: r.currency},
    "count": {**_FIGURE_FIELDS, "unit": lambda r: r.unit},
    "percentage": _FIGURE_FIELDS,
    "date": {"value": lambda r: norm_date(r.value), "precision": lambda r: r.precision},
    "event": {
        "event_type": lambda r: r.event_type,
        "actors": lambda r: _actors(r.actors),
        "date": lambda r: _time(r.date),
        "status": lambda r: r.status,
    },
    "organisation": {"name": lambda r: r.name, "org_type": lambda r: r.org_type},
}


def metric_keys() -> list[str]:
    """Every key a threshold may name: <type>.<metric>.<stat>."""
    metrics = {t: ["span", "exact", *FIELDS[t]] for t in MENTION_TYPES}
    metrics["organisation"] = ["span", "mention", "mention_exact", *FIELDS["organisation"]]
    metrics["all"] = ["span", "exact"]
    return [f"{t}.{m}.{s}" for t, ms in metrics.items() for m in ms for s in STATS]


# ---------------------------------------------------------------- loading


@dataclass
class Corpus:
    """Records by document, and the negatives that came with them (gold only)."""

    records: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    negatives: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any] | str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalInputError(f"{path}: cannot read ({exc.strerror})") from exc
    for lineno, line in enumerate(lines, 1):
        if line.strip():
            yield lineno, line


def load_records(path: Path, corpus: Corpus) -> None:
    for lineno, line in _read_jsonl(path):
        try:
            rec = parse_record(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise EvalInputError(
                f"{path}:{lineno}: not a record ({where}: {first['msg']})"
            ) from exc
        if not isinstance(rec, DocumentRecord):
            corpus.records[rec.doc_id].append(rec)


def load_negatives(path: Path, corpus: Corpus) -> None:
    for lineno, line in _read_jsonl(path):
        try:
            neg = json.loads(line)
            corpus.negatives[neg["doc_id"]].append(
                {"start": neg["span"]["start"], "end": neg["span"]["end"], **neg}
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalInputError(f"{path}:{lineno}: not a negative ({exc})") from exc


def load_gold(path: Path) -> Corpus:
    """A folder of <doc>.jsonl (+ <doc>.negatives.jsonl), or one JSONL file (+ its negatives)."""
    corpus = Corpus()
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
    elif path.is_file():
        files = [path, path.with_name(path.name.removesuffix(".jsonl") + ".negatives.jsonl")]
        files = [f for f in files if f.exists()]
    else:
        raise EvalInputError(f"{path}: no such file or folder")
    for f in files:
        if f.name.endswith(".negatives.jsonl"):
            load_negatives(f, corpus)
        else:
            load_records(f, corpus)
    for doc_id in corpus.negatives:
        corpus.records.setdefault(doc_id, [])
    return corpus


def load_pred(path: Path) -> Corpus:
    if not path.is_file():
        raise EvalInputError(f"{path}: no such file")
    corpus = Corpus()
    load_records(path, corpus)
    return corpus


# ---------------------------------------------------------------- matching


def _overlap(a: Any, b: Any) -> int:
    return max(0, min(a.span.end, b.span.end) - max(a.span.start, b.span.start))


def match_spans(gold: Sequence[Any], pred: Sequence[Any]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans, largest overlap first."""
    candidates = sorted(
        (
            (-ov, abs(g.span.start - p.span.start), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if (ov := _overlap(g, p)) > 0
        )
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _mention_overlap(a: OrganisationRecord, b: OrganisationRecord) -> int:
    return sum(_overlap(m, n) for m in a.mentions for n in b.mentions)


def match_organisations(
    gold: Sequence[OrganisationRecord], pred: Sequence[OrganisationRecord]
) -> list[tuple[int, int]]:
    """Same canonical name first; the rest by total mention overlap, largest first."""
    pairs = []
    free_p = set(range(len(pred)))
    free_g = []
    for gi, g in enumerate(gold):
        pi = next((pi for pi in sorted(free_p) if pred[pi].name == g.name), None)
        if pi is None:
            free_g.append(gi)
        else:
            free_p.discard(pi)
            pairs.append((gi, pi))
    candidates = sorted(
        (-ov, gi, pi)
        for gi in free_g
        for pi in free_p
        if (ov := _mention_overlap(gold[gi], pred[pi])) > 0
    )
    used_g: set[int] = set()
    for _, gi, pi in candidates:
        if gi not in used_g and pi in free_p:
            used_g.add(gi)
            free_p.discard(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


# ---------------------------------------------------------------- counting


@dataclass
class Tally:
    """Counts behind one P/R/F1: gold items, predicted items, matched (or correct) items."""

    gold: int = 0
    pred: int = 0
    match: int = 0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.match += other.match

    def scores(self) -> dict[str, float | int | None]:
        """P = match/pred, R = match/gold (null if that side is empty), F1 = 2·match/(gold+pred)."""
        total = self.gold + self.pred
        return {
            "gold": self.gold,
            "pred": self.pred,
            "match": self.match,
            "precision": self.match / self.pred if self.pred else None,
            "recall": self.match / self.gold if self.gold else None,
            "f1": 2 * self.match / total if total else None,
        }


Tallies = dict[str, dict[str, Tally]]  # type -> metric -> Tally


def _new_tallies() -> Tallies:
    return defaultdict(lambda: defaultdict(Tally))


@dataclass
class Report:
    per_doc: dict[str, Tallies] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    field_errors: list[dict[str, Any]] = field(default_factory=list)
    negative_hits: list[dict[str, Any]] = field(default_factory=list)
    undated_events: int = 0
    docs_not_in_gold: list[str] = field(default_factory=list)

    def overall(self) -> Tallies:
        total = _new_tallies()
        for tallies in self.per_doc.values():
            for type_, metrics in tallies.items():
                for metric, tally in metrics.items():
                    total[type_][metric].add(tally)
        return total


def _brief(rec: Any, mention: Mention | None = None) -> dict[str, Any]:
    """Where a record is, for the lists: its span (an organisation's first mention) and context."""
    m = mention or (rec.mentions[0] if isinstance(rec, OrganisationRecord) else rec)
    out = {
        "doc_id": rec.doc_id,
        "type": rec.type,
        "start": m.span.start,
        "end": m.span.end,
        "text": m.text,
    }
    if isinstance(rec, OrganisationRecord):
        out["name"] = rec.name
    else:
        out["sentence"] = rec.sentence.text
    return out


def _jsonable(value: Hashable | None) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _score_fields(
    type_: str,
    gold: Sequence[Any],
    pred: Sequence[Any],
    pairs: list[tuple[int, int]],
    tallies: Tallies,
    report: Report,
) -> None:
    for name, get in FIELDS[type_].items():
        tally = tallies[type_][name]
        for gi, pi in pairs:
            g, p = get(gold[gi]), get(pred[pi])
            tally.gold += g is not None
            tally.pred += p is not None
            tally.match += g is not None and g == p
            if g != p:
                report.field_errors.append(
                    {**_brief(gold[gi]), "field": name, "gold": _jsonable(g), "pred": _jsonable(p)}
                )


def _score_mentions(
    type_: str, gold: list[Any], pred: list[Any], tallies: Tallies, report: Report
) -> None:
    pairs = match_spans(gold, pred)
    span, exact = tallies[type_]["span"], tallies[type_]["exact"]
    for t in (span, exact):
        t.gold += len(gold)
        t.pred += len(pred)
    span.match += len(pairs)
    exact.match += sum(gold[g].span == pred[p].span for g, p in pairs)
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    report.misses += [_brief(r) for i, r in enumerate(gold) if i not in matched_g]
    report.false_positives += [_brief(r) for i, r in enumerate(pred) if i not in matched_p]
    _score_fields(type_, gold, pred, pairs, tallies, report)


def _flat_mentions(orgs: Sequence[OrganisationRecord]) -> list[Any]:
    """Organisation mentions as span-bearing items, so `match_spans` can pair them."""
    return [_OrgMention(o, m) for o in orgs for m in o.mentions]


@dataclass(frozen=True)
class _OrgMention:
    org: OrganisationRecord
    mention: Mention

    @property
    def span(self) -> Any:
        return self.mention.span


def _score_organisations(
    gold: list[OrganisationRecord], pred: list[OrganisationRecord], tallies: Tallies, report: Report
) -> None:
    pairs = match_organisations(gold, pred)
    span = tallies["organisation"]["span"]
    span.gold += len(gold)
    span.pred += len(pred)
    span.match += len(pairs)
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    report.misses += [_brief(r) for i, r in enumerate(gold) if i not in matched_g]
    report.false_positives += [
        _brief(r) for i, r in enumerate(pred) if i not in matched_p and r.mentions
    ]
    _score_fields("organisation", gold, pred, pairs, tallies, report)
    gm, pm = _flat_mentions(gold), _flat_mentions(pred)
    mpairs = match_spans(gm, pm)
    for metric, match in (
        ("mention", len(mpairs)),
        ("mention_exact", sum(gm[g].span == pm[p].span for g, p in mpairs)),
    ):
        t = tallies["organisation"][metric]
        t.gold += len(gm)
        t.pred += len(pm)
        t.match += match


def _negative_hits(pred: list[Any], negatives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    hits = []
    for rec in pred:
        mentions = rec.mentions if isinstance(rec, OrganisationRecord) else [rec]
        for m in mentions:
            for neg in negatives:
                if m.span.start < neg["end"] and neg["start"] < m.span.end:
                    hits.append(
                        {**_brief(rec, m), "negative": neg["quote"][:80], "reason": neg["reason"]}
                    )
    return hits


def evaluate(gold: Corpus, pred: Corpus) -> Report:
    report = Report()
    report.docs_not_in_gold = sorted(set(pred.records) - set(gold.records))
    for doc_id in sorted(gold.records):
        tallies = _new_tallies()
        g_recs, p_recs = gold.records[doc_id], pred.records.get(doc_id, [])
        dated = [r for r in p_recs if not (isinstance(r, EventRecord) and r.date is None)]
        report.undated_events += len(p_recs) - len(dated)
        p_recs = dated
        for type_ in MENTION_TYPES:
            _score_mentions(
                type_,
                [r for r in g_recs if r.type == type_],
                [r for r in p_recs if r.type == type_],
                tallies,
                report,
            )
            tallies["all"]["span"].add(tallies[type_]["span"])
            tallies["all"]["exact"].add(tallies[type_]["exact"])
        _score_organisations(
            [r for r in g_recs if r.type == "organisation"],
            [r for r in p_recs if r.type == "organisation"],
            tallies,
            report,
        )
        report.negative_hits += _negative_hits(p_recs, gold.negatives.get(doc_id, []))
        report.per_doc[doc_id] = tallies
    return report


# ---------------------------------------------------------------- thresholds


def parse_min(items: Iterable[str]) -> dict[str, float]:
    """`amount.span.f1=0.9` strings into a mapping."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise EvalInputError(f"--min {item!r}: expected KEY=VALUE")
        try:
            out[key.strip()] = float(value)
        except ValueError as exc:
            raise EvalInputError(f"--min {item!r}: {value!r} is not a number") from exc
    return out


def load_thresholds(path: Path) -> dict[str, float]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise EvalInputError(f"{path}: cannot read thresholds ({exc})") from exc
    if not isinstance(data, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in data.values()
    ):
        raise EvalInputError(f"{path}: expected a mapping of metric key to number")
    return {str(k): float(v) for k, v in data.items()}


def check_thresholds(scores: dict[str, Any], minima: dict[str, float]) -> list[dict[str, Any]]:
    """The thresholds that fail. A vacuous score (null) passes; an unknown key is an error."""
    known = set(metric_keys())
    unknown = sorted(set(minima) - known)
    if unknown:
        raise EvalInputError(f"unknown threshold keys: {', '.join(unknown)}")
    failed = []
    for key, minimum in sorted(minima.items()):
        type_, metric, stat = key.split(".")
        got = scores.get(type_, {}).get(metric, {}).get(stat)
        if got is not None and got < minimum:
            failed.append({"key": key, "min": minimum, "got": got})
    return failed


# ---------------------------------------------------------------- output


def _scores(tallies: Tallies) -> dict[str, dict[str, dict[str, Any]]]:
    return {t: {m: tally.scores() for m, tally in ms.items()} for t, ms in tallies.items()}


def to_json(report: Report, failed: list[dict[str, Any]], gold: str, pred: str) -> dict[str, Any]:
    return {
        "gold": gold,
        "pred": pred,
        "documents": sorted(report.per_doc),
        "overall": _scores(report.overall()),
        "per_document": {d: _scores(t) for d, t in sorted(report.per_doc.items())},
        "misses": report.misses,
        "false_positives": report.false_positives,
        "field_errors": report.field_errors,
        "negative_hits": report.negative_hits,
        "unscored": {
            "undated_events": report.undated_events,
            "documents_not_in_gold": report.docs_not_in_gold,
        },
        "thresholds_failed": failed,
    }


def _fmt(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def _table(
    scores: dict[str, dict[str, dict[str, Any]]], metrics: Callable[[str], list[str]]
) -> list[str]:
    lines = [
        f"{'type':<13}{'metric':<15}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}"
    ]
    for type_ in (*TYPES, "all"):
        for metric in metrics(type_):
            s = scores.get(type_, {}).get(metric)
            if s is None:
                continue
            lines.append(
                f"{type_:<13}{metric:<15}{s['gold']:>6}{s['pred']:>6}{s['match']:>7}"
                f"   {_fmt(s['precision'])}   {_fmt(s['recall'])}   {_fmt(s['f1'])}"
            )
    return lines


def _item(d: dict[str, Any]) -> str:
    where = f"{d['doc_id']} {d['type']} {d['start']}:{d['end']} {d['text']!r}"
    context = d.get("sentence") or d.get("name", "")
    return f"  {where}\n      {context}"


def to_text(data: dict[str, Any]) -> str:
    out = [f"GOLD {data['gold']} ({len(data['documents'])} documents)   PRED {data['pred']}", ""]
    out += _table(data["overall"], lambda t: list(data["overall"].get(t, {})))
    out += ["", "Per document (span):"]
    for doc_id, scores in data["per_document"].items():
        out += ["", doc_id]
        out += _table(scores, lambda t: ["span"] if t != "organisation" else ["span", "mention"])
    for title, key in (("Misses", "misses"), ("False positives", "false_positives")):
        out += ["", f"{title} ({len(data[key])}):"]
        out += [_item(d) for d in data[key]]
    out += ["", f"Field errors ({len(data['field_errors'])}):"]
    out += [
        f"  {d['doc_id']} {d['type']} {d['start']}:{d['end']} {d['text']!r} "
        f"{d['field']}: gold {d['gold']!r} pred {d['pred']!r}"
        for d in data["field_errors"]
    ]
    out += ["", f"Negative hits ({len(data['negative_hits'])}):"]
    out += [
        f"  {d['doc_id']} {d['type']} {d['start']}:{d['end']} {d['text']!r} inside "
        f"{d['negative']!r} ({d['reason']})"
        for d in data["negative_hits"]
    ]
    unscored = data["unscored"]
    out += [
        "",
        f"Unscored: {unscored['undated_events']} undated predicted events; "
        f"{len(unscored['documents_not_in_gold'])} predicted documents not in gold",
    ]
    if data["thresholds_failed"]:
        out += ["", "BELOW THRESHOLD:"]
        out += [f"  {f['key']} = {f['got']:.3f} < {f['min']}" for f in data["thresholds_failed"]]
    return "\n".join(out)


# ---------------------------------------------------------------- CLI


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `eval` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "eval",
        help="score a run against the gold set",
        description="Precision, recall and F1 per record type and field; see extract/evaluate.py.",
    )
    p.add_argument("gold", type=Path, help="gold folder of JSONL files, or one JSONL file")
    p.add_argument("pred", type=Path, help="the run's JSONL output")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--min",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="fail (exit 1) when a score is below VALUE, e.g. amount.span.f1=0.9",
    )
    p.add_argument("--thresholds", type=Path, help="YAML mapping of KEY: minimum (as --min)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        minima = load_thresholds(args.thresholds) if args.thresholds else {}
        minima.update(parse_min(args.min))
        report = evaluate(load_gold(args.gold), load_pred(args.pred))
        overall = _scores(report.overall())
        failed = check_thresholds(overall, minima)
    except EvalInputError as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    data = to_json(report, failed, str(args.gold), str(args.pred))
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else to_text(data))
    return 1 if failed else 0
