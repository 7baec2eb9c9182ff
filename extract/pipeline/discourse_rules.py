"""rules/discourse.yaml for the discourse layer: its schema, validated once, and its compiled
patterns (`DiscourseGrammar`); `words` is the alternation the linking rules files share."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex
from pydantic import Field, model_validator

from extract.grammar.grammar_kit import alternation, anchored, char_class
from extract.ingest.layout import ingest_rules
from extract.rules import RulesModel, compiled, load_yaml

RULES_FILE = "discourse.yaml"


class _Byline(RulesModel):
    after: str
    before: str
    brackets: list[str]


class _Lists(RulesModel):
    joiners: list[str] = Field(min_length=1)
    end: list[str]


class _Reporting(RulesModel):
    source_before: list[str]
    reports: list[str]
    statements: list[str]
    gap: int = Field(gt=0)
    reporter_types: list[str]
    uncarried_types: list[str]


class _Antecedents(RulesModel):
    pronoun_words: list[str] = Field(min_length=1)
    pronoun_nouns: list[str] = Field(min_length=1)
    anaphors: list[str]
    anaphor_not_before: list[str]
    anaphor_not_after: list[str]
    paragraph_anaphors: list[str]
    first_person: list[str]
    anaphor_types: dict[str, list[str]]
    bare_typed: list[str] = Field(min_length=1)
    self_names: list[str] = Field(min_length=1)
    self_defined_before: list[str]
    label_gap: int = Field(gt=0)


class _Headings(RulesModel):
    ends: str = Field(min_length=1)
    title_max: int = Field(gt=0)
    title_lines: int = Field(gt=0)
    heading_max: int = Field(gt=0)
    item_max: int = Field(gt=0)


class DiscourseRules(RulesModel):
    """The schema of rules/discourse.yaml (see the file's comments)."""

    clause_breaks: str = Field(min_length=1)
    clause_separators: str = Field(min_length=1)
    quotes: list[str]
    titles: list[str]
    byline: _Byline
    lists: _Lists
    reporting: _Reporting
    antecedents: _Antecedents
    openers: list[str]
    place_before: list[str]
    headings: _Headings

    @model_validator(mode="after")
    def _valid(self) -> DiscourseRules:
        bad = [p for p in [*self.quotes, *self.titles, *self.byline.brackets] if len(p) != 2]
        if bad:
            raise ValueError(f"quotes/titles/brackets must be open+close pairs: {bad}")
        for name in ("after", "before"):
            try:
                regex.compile(getattr(self.byline, name))
            except regex.error as e:
                raise ValueError(f"byline.{name}: not a valid regex: {e}") from None
        return self


def words(items: Sequence[str]) -> str:
    """An alternation, longest word first (筹款总额 wins over 筹款); never matches when empty."""
    return alternation(items)


def first_chars(items: Sequence[str], also: str = "") -> regex.Pattern[str]:
    """The first characters of the words, and the class `also` (any character when a word is
    empty: it matches anywhere)."""
    if not all(items):
        return regex.compile(".", regex.DOTALL)
    chars = char_class(w[0] for w in items)
    return regex.compile(f"{chars}|[{also}]" if also else chars)


def _pairs_pattern(pairs: Sequence[str]) -> regex.Pattern[str]:
    alts = [f"{regex.escape(p[0])}[^{regex.escape(p)}\n]*{regex.escape(p[1])}" for p in pairs]
    return regex.compile("|".join(alts) or "(?!)")


class DiscourseGrammar:
    """rules/discourse.yaml, compiled."""

    def __init__(self, rules: DiscourseRules) -> None:
        self.rules = rules
        # a separator between digits (9,800个, 10:35) is part of a number, no clause break
        self.clause_break = regex.compile(
            f"(?!(?<=\\d)[{regex.escape(rules.clause_separators)}]\\d)"
            f"[{regex.escape(rules.clause_breaks)}]"
        )
        self.quote = _pairs_pattern(rules.quotes)
        self.title = _pairs_pattern(rules.titles)
        self.byline_after = regex.compile(rules.byline.after)
        self.byline_before = regex.compile(rules.byline.before)
        self.brackets = rules.byline.brackets
        joiners = words(rules.lists.joiners)
        self.joiner = regex.compile(f"\\s*(?:{joiners})\\s*")
        self.bare_joiner = regex.compile(f"(?:\\s|{joiners})*")
        joiner_chars = regex.escape("".join(sorted(set("".join(rules.lists.joiners)))))
        self.not_joiner = regex.compile(f"[^\\s{joiner_chars}]")
        self.list_end = anchored(f"\\s*(?:{words(rules.lists.end)})")
        rep = rules.reporting
        self.source_before = regex.compile(f"(?:{words(rep.source_before)})\\s*$")
        self.reports = regex.compile(words(rep.reports))
        self.statements = regex.compile(words(rep.statements))
        ante = rules.antecedents
        self.pronoun = regex.compile(
            f"(?:{words(ante.pronoun_words)})(?P<noun>{words(ante.pronoun_nouns)})"
        )
        anaphor = f"(?:{words(ante.anaphors)})"
        self.anaphor = regex.compile(
            f"(?<!{words(ante.anaphor_not_after)}){anaphor}(?!{words(ante.anaphor_not_before)})"
        )
        self.first_person = regex.compile(words(ante.first_person))
        self.anaphor_noun = regex.compile(words(list(ante.anaphor_types)))
        self.bare_typed = regex.compile(words(ante.bare_typed))
        opens = char_class(q[0] for q in rules.quotes)
        closes = char_class(q[1] for q in rules.quotes)
        self.self_definition = regex.compile(
            f"\\s*[（(]\\s*(?:{words(ante.self_defined_before)})?\\s*{opens}\\s*"
            f"(?:{words(ante.self_names)})\\s*{closes}"
        )
        self.sentence_end = regex.compile(f"[{regex.escape(ingest_rules().sentence_end)}]")
        self.paragraph_anaphor = regex.compile(f"{anaphor}|(?:{words(ante.paragraph_anaphors)})")
        # what a pronoun, an anaphor or a first person can start with: where none stands, none is
        # looked for
        self.reference_start = first_chars(
            [*ante.pronoun_words, *ante.anaphors, *ante.paragraph_anaphors, *ante.first_person]
        )
        self.place_before = regex.compile(f"(?:{words(rules.place_before)})\\s*$")
        openers = words(rules.openers)
        self.opener = regex.compile(f"\\s*(?:(?:{openers})\\s*)?")
        breaks = regex.escape(rules.clause_breaks)
        self.paragraph_opener = regex.compile(f"\\s*(?:(?:{openers})[\\s{breaks}]*)?")
        # what an opener can start with: elsewhere both opener patterns match empty
        self.opener_start = first_chars(rules.openers, also="\\s")


@cache
def load_discourse(name: str = RULES_FILE) -> DiscourseGrammar:
    """Load, validate and compile the discourse rules once per process (and on disk, across
    runs)."""
    return compiled(
        f"discourse_grammar-{name}", lambda: DiscourseGrammar(load_yaml(name, DiscourseRules))
    )
