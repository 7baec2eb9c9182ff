"""rules/events.yaml for the `zh_events` stage: its schema, validated once, and its compiled
patterns (triggers and their filters, statistics, planned markers, fallback actors)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
from pydantic import Field, model_validator

from extract.pipeline.discourse_rules import words
from extract.rules import RulesModel, load_yaml
from extract.rules import compiled as cached


class _Trigger(RulesModel):
    words: list[str] = Field(min_length=1)
    not_before: str | None = None
    not_after: str | None = None
    not_in_clause: str | None = None  # blocks the trigger when found before it in its clause
    not_within: str | None = None  # blocks the trigger when a match of it covers the trigger
    must_follow: dict[str, str] = Field(default_factory=dict)  # word -> what must come after it


class _Statistic(RulesModel):
    reach: int = Field(gt=0)
    count: str
    qualifier: str
    cumulative: str
    single: str
    subject_of: list[str]
    ordinal: str
    subject_gap: str


class _Actor(RulesModel):
    pattern: str
    stop: list[str]


class EventRules(RulesModel):
    """rules/events.yaml: planned markers, triggers, statistics, fallback actors."""

    planned: str
    triggers: dict[str, _Trigger]
    actor_reach: int = Field(gt=0)
    date_reach: int = Field(gt=0)
    actor: _Actor
    statistic: _Statistic
    subject_first: list[str]
    leading_since: str
    date_after: str
    relative: str
    relative_any: str
    partner_object: list[str]
    jointly: str
    vague_time: str
    modifier_gap: str
    aside: str
    subject_gap: str
    subject_gap_max: int = Field(gt=0)
    co_actor: str
    object_before: str
    self_words: list[str]
    lead_reach: int = Field(gt=0)
    lead_break: str
    lead_stop: str

    @model_validator(mode="after")
    def _valid(self) -> EventRules:
        seen: dict[str, str] = {}
        for event_type, trigger in self.triggers.items():
            if not regex.fullmatch(r"[a-z]+(?:_[a-z]+)*", event_type):
                raise ValueError(f"triggers.{event_type}: event_type must be snake_case")
            for word in trigger.words:
                if word in seen:
                    raise ValueError(f"trigger {word!r} under both {seen[word]} and {event_type}")
                seen[word] = event_type
        unknown = set(self.statistic.subject_of) - set(self.triggers)
        if unknown:
            raise ValueError(f"statistic.subject_of: no such event_type {sorted(unknown)}")
        for name, pattern in self._regexes():
            try:
                regex.compile(pattern, regex.VERBOSE)
            except regex.error as e:
                raise ValueError(f"{name}: not a valid regex: {e}") from None
        return self

    def _regexes(self) -> list[tuple[str, str]]:
        out = [
            ("planned", self.planned),
            ("actor.pattern", self.actor.pattern),
            ("jointly", self.jointly),
            ("leading_since", self.leading_since),
            ("date_after", self.date_after),
            ("relative", self.relative),
            ("relative_any", self.relative_any),
            ("vague_time", self.vague_time),
            ("modifier_gap", self.modifier_gap),
            ("aside", self.aside),
            ("subject_gap", self.subject_gap),
            ("co_actor", self.co_actor),
            ("object_before", self.object_before),
            ("lead_break", self.lead_break),
            ("lead_stop", self.lead_stop),
            ("statistic.count", self.statistic.count),
            ("statistic.qualifier", self.statistic.qualifier),
            ("statistic.cumulative", self.statistic.cumulative),
            ("statistic.single", self.statistic.single),
            ("statistic.ordinal", self.statistic.ordinal),
            ("statistic.subject_gap", self.statistic.subject_gap),
        ]
        for event_type, t in self.triggers.items():
            filters = (
                ("not_before", t.not_before),
                ("not_after", t.not_after),
                ("not_in_clause", t.not_in_clause),
                ("not_within", t.not_within),
            )
            out += [(f"triggers.{event_type}.{k}", p) for k, p in filters if p]
            out += [(f"triggers.{event_type}.must_follow.{w}", p) for w, p in t.must_follow.items()]
        return out


@dataclass(frozen=True, slots=True)
class _Compiled:
    triggers: regex.Pattern[str]
    event_type: dict[str, str]
    not_before: dict[str, regex.Pattern[str]]
    not_after: dict[str, regex.Pattern[str]]
    not_in_clause: dict[str, regex.Pattern[str]]
    not_within: dict[str, regex.Pattern[str]]
    must_follow: dict[str, regex.Pattern[str]]
    statistic_reach: int
    statistic_count: regex.Pattern[str]
    statistic_qualifier: regex.Pattern[str]
    statistic_cumulative: regex.Pattern[str]
    statistic_single: regex.Pattern[str]
    statistic_subject_of: frozenset[str]
    statistic_subject: regex.Pattern[str]
    subject_first: frozenset[str]
    leading_since: regex.Pattern[str]
    date_after: regex.Pattern[str]
    relative: regex.Pattern[str]
    planned: regex.Pattern[str]
    actor: regex.Pattern[str]
    stop: frozenset[str]
    actor_reach: int
    date_reach: int
    partner_object: frozenset[str]
    jointly: regex.Pattern[str]
    vague_time: regex.Pattern[str]
    modifier_gap: regex.Pattern[str]
    aside: regex.Pattern[str]
    subject_gap: regex.Pattern[str]
    subject_gap_max: int
    co_actor: regex.Pattern[str]
    object_before: regex.Pattern[str]
    self_word: regex.Pattern[str]
    relative_any: regex.Pattern[str]
    lead_reach: int
    lead_break: regex.Pattern[str]
    lead_stop: regex.Pattern[str]


def _rx(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.VERBOSE)


@cache
def compiled() -> _Compiled:
    """rules/events.yaml, validated and compiled once per process (and on disk, across runs)."""
    return cached("event_rules", _compile)


def _compile() -> _Compiled:
    rules = load_yaml("events.yaml", EventRules)
    return _Compiled(
        triggers=regex.compile(words([w for t in rules.triggers.values() for w in t.words])),
        event_type={w: et for et, t in rules.triggers.items() for w in t.words},
        not_before={
            et: _rx(f"(?:{t.not_before})$") for et, t in rules.triggers.items() if t.not_before
        },
        not_after={et: _rx(t.not_after) for et, t in rules.triggers.items() if t.not_after},
        not_in_clause={
            et: _rx(t.not_in_clause) for et, t in rules.triggers.items() if t.not_in_clause
        },
        not_within={et: _rx(t.not_within) for et, t in rules.triggers.items() if t.not_within},
        must_follow={w: _rx(p) for t in rules.triggers.values() for w, p in t.must_follow.items()},
        statistic_reach=rules.statistic.reach,
        statistic_count=_rx(rules.statistic.count),
        statistic_qualifier=_rx(f"(?:{rules.statistic.qualifier})\\s*$"),
        statistic_cumulative=_rx(rules.statistic.cumulative),
        statistic_single=_rx(rules.statistic.single),
        statistic_subject_of=frozenset(rules.statistic.subject_of),
        statistic_subject=_rx(
            f"(?<!{rules.statistic.ordinal})(?:{rules.statistic.count})"
            f"(?:{rules.statistic.subject_gap})$"
        ),
        subject_first=frozenset(rules.subject_first),
        leading_since=_rx(rules.leading_since),
        date_after=_rx(rules.date_after),
        relative=_rx(rules.relative),
        planned=_rx(rules.planned),
        actor=_rx(rules.actor.pattern),
        stop=frozenset(rules.actor.stop),
        actor_reach=rules.actor_reach,
        date_reach=rules.date_reach,
        partner_object=frozenset(rules.partner_object),
        jointly=_rx(rules.jointly),
        vague_time=_rx(rules.vague_time),
        modifier_gap=_rx(rules.modifier_gap),
        aside=_rx(rules.aside),
        subject_gap=_rx(rules.subject_gap),
        subject_gap_max=rules.subject_gap_max,
        co_actor=_rx(rules.co_actor),
        object_before=_rx(f"(?:{rules.object_before})\\s*$"),
        self_word=regex.compile(words(rules.self_words)),
        relative_any=_rx(rules.relative_any),
        lead_reach=rules.lead_reach,
        lead_break=_rx(rules.lead_break),
        lead_stop=_rx(rules.lead_stop),
    )
