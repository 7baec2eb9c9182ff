"""Every linked field of the committed seed run names the rule that chose it (`link`), and a
null field names none: a fact-checker can always see why a subject, metric or time was chosen."""

from __future__ import annotations

import json
from pathlib import Path

from extract.models import parse_record

SEEDS_OUT = Path(__file__).resolve().parent.parent / "out" / "seeds.jsonl"
RULES = {
    "subject": {
        "bracketed_after",
        "nearest_before",
        "relative_after",
        "topic",
        "anaphor",
        "joins_after",
        "speaker",
        "carried",
        "lead",
        "story",
    },
    "metric": {
        "named_growth",
        "growth",
        "classifier_noun",
        "classifier_cue_before",
        "noun_after",
        "noun_predicate",
        "cue_before",
        "compared_with",
        "connector",
        "cue_after",
    },
    "time": {
        "bracketed",
        "compared_date",
        "clause_before",
        "leading",
        "period",
        "scope",
        "report_period",
        "scope_after",
        "respectively",
        "since",
        "growth_base",
    },
}
EVENT_RULES = {
    "subject": {"before", "topic", "after", "partners", "next_clause"},
    "time": {"clause_before", "after_yu", "sentence_lead"},
}


def _records() -> list[dict]:
    return [json.loads(line) for line in SEEDS_OUT.read_text(encoding="utf-8").splitlines()]


def test_every_linked_figure_field_names_a_known_rule() -> None:
    figures = [r for r in _records() if r["type"] in ("amount", "count", "percentage")]
    assert figures, "the seed run has figures"
    for r in figures:
        parse_record(json.dumps(r))
        for field, rules in RULES.items():
            rule = r["link"][field]
            assert (rule is None) == (r[field] is None), f"{r['id']} {field}: {r[field]} by {rule}"
            assert rule is None or rule in rules, f"{r['id']} {field}: unknown rule {rule!r}"


def test_every_event_names_the_rules_of_its_actors_and_date() -> None:
    events = [r for r in _records() if r["type"] == "event"]
    assert events, "the seed run has events"
    for r in events:
        link = r["link"]
        assert link["subject"] in EVENT_RULES["subject"], f"{r['id']} actors by {link['subject']}"
        assert (link["time"] is None) == (r["date"] is None), f"{r['id']} date by {link['time']}"
        assert link["time"] is None or link["time"] in EVENT_RULES["time"], r["id"]
