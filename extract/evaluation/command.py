"""The `eval` sub-command: thresholds, the JSON and text reports, and the CLI entry."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from extract.evaluation.corpus import EvalInputError, load_gold, load_pred
from extract.evaluation.fields import TYPES, metric_keys
from extract.evaluation.scoring import Report, Tallies, evaluate


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


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `eval` sub-command to the CLI's sub-parsers."""
    p = subparsers.add_parser(
        "eval",
        help="score a run against the gold set",
        description="Precision, recall and F1 per record type and field; see extract/evaluation/.",
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
