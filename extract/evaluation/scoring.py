"""Matching gold and predicted records one-to-one and counting what agrees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from extract.evaluation.corpus import Corpus
from extract.evaluation.fields import FIELDS, MENTION_TYPES
from extract.models import EventRecord, Mention, OrganisationRecord


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
