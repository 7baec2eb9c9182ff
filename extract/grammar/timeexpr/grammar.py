"""The temporal grammar of rules/time.yaml: validated, composed by name, compiled once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
from pydantic import Field, model_validator

from extract.grammar.grammar_kit import compose, group
from extract.grammar.timeexpr.calendars import HolidayRule
from extract.grammar.timeexpr.scan import Runs, Scan, scans
from extract.rules import RulesModel, compiled, load_yaml


class _Settings(RulesModel):
    future_days_month: int = Field(ge=0)
    future_days_day: int = Field(ge=0)
    needs_anchor: str
    needs_year: str


class TimeRules(RulesModel):
    """rules/time.yaml: settings, word tables, false-positive names, fragments, top patterns."""

    settings: _Settings
    duration_after: list[str] = Field(min_length=1)
    duration_marks: list[str] = Field(min_length=1)
    name_nouns: list[str] = Field(min_length=1)
    name_gap: int = Field(ge=0)
    name_gap_stop: str
    name_gap_verbs: list[str]
    related_headings: list[str] = Field(min_length=1)
    words: dict[str, dict[str, list[str]]]
    holidays: dict[str, HolidayRule]
    future_cues: list[str] = Field(min_length=1)
    not_dates: list[str]
    fragments: dict[str, str]
    patterns: dict[str, str]

    @model_validator(mode="after")
    def _compiles(self) -> TimeRules:
        named = set(self.words.get("holiday", {})) | set(self.words.get("holiday_short", {}))
        if named - set(self.holidays):
            raise ValueError(f"holidays without a rule: {sorted(named - set(self.holidays))}")
        clash = set(self.words) & set(self.fragments)
        if clash:
            raise ValueError(f"names used both as word table and fragment: {sorted(clash)}")
        for name, text in self.patterns.items():
            try:
                regex.compile(_compose(self, text, (f"patterns.{name}",)))
            except regex.error as e:
                raise ValueError(f"patterns.{name}: not a valid regex: {e}") from None
        return self


def _compose(rules: TimeRules, text: str, stack: tuple[str, ...]) -> str:
    """Expand `{name}` (a word table or a fragment) and `{name:prefix}` references."""

    def body_of(name: str, inner: tuple[str, ...]) -> str:
        if name in rules.words:
            return group(w for ws in rules.words[name].values() for w in ws)
        if name in rules.fragments:
            return _compose(rules, rules.fragments[name], inner)
        raise ValueError(f"{stack[-1]}: unknown fragment {{{name}}}")

    return compose("".join(line.strip() for line in text.splitlines()), body_of, stack)


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled grammar: top patterns in priority order, word -> meaning tables, and the
    context tests that turn a match into a duration or a name (see rules/time.yaml)."""

    rules: TimeRules
    patterns: tuple[tuple[str, regex.Pattern[str]], ...]
    meaning: dict[str, dict[str, str]]
    not_dates: regex.Pattern[str] | None
    scans: tuple[Scan, ...]
    runs: Runs | None
    duration_after: regex.Pattern[str]  # matched backwards, ending at a `near` match
    name_after: regex.Pattern[str]  # matched where a year ends
    related_heading: regex.Pattern[str]  # a whole paragraph


@cache
def grammar() -> Grammar:
    """rules/time.yaml, compiled once per process, and kept compiled on disk across runs."""
    return compiled("time_grammar", _compile_grammar)


def related_headings() -> list[str]:
    """The related-news headings (相关阅读 ...): also where the facts' story stops."""
    return grammar().rules.related_headings


def _compile_grammar() -> Grammar:
    """Load, validate and compile rules/time.yaml."""
    rules = load_yaml("time.yaml", TimeRules)
    patterns = tuple(
        (name, regex.compile(_compose(rules, text, (f"patterns.{name}",))))
        for name, text in rules.patterns.items()
    )
    meaning = {
        table: {w: key for key, ws in keys.items() for w in ws}
        for table, keys in rules.words.items()
    }
    not_dates = regex.compile(group(rules.not_dates)) if rules.not_dates else None
    verbs, marks = group(rules.duration_after), group(rules.duration_marks)
    duration_after = regex.compile(rf"(?r)(?:{verbs}|(?:{verbs}\s{{0,4}})?{marks})\s{{0,4}}")
    stop = regex.escape(rules.name_gap_stop)
    gap = f"(?:(?!{group(rules.name_gap_verbs)})[^\\P{{Han}}{stop}])"
    name_after = regex.compile(f"{gap}{{0,{rules.name_gap}}}?{group(rules.name_nouns)}")
    heading = group(rules.related_headings)
    related = regex.compile(rf"[\s【\[（(<《]*{heading}[\s】\]）)>》:：]*")
    return Grammar(
        rules,
        patterns,
        meaning,
        not_dates,
        *scans(patterns),
        duration_after,
        name_after,
        related,
    )
