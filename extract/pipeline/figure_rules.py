"""The schema of `rules/figures.yaml` and the composer that turns it into one regex.

`FigureRules` validates the file (every problem at once); `compose` expands the named fragments
and the fragments generated from word lists into the pattern `figure`; `FigureStarts` finds
where that pattern can start; `fold_table` maps the Traditional forms of the grammar's characters
to Simplified, one character for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import opencc
import regex
from pydantic import Field, model_validator

from extract.grammar.grammar_kit import (
    HAN,
    NEVER,
    alternation,
    char_class,
    is_han,
    matches_at,
    references,
)
from extract.grammar.grammar_kit import compose as grammar_compose
from extract.models import Qualifier
from extract.rules import RulesModel

_ISO = r"^[A-Z]{3}$"


class CountNoun(RulesModel):
    unit: str = Field(min_length=1)
    words: list[str] = Field(min_length=1)
    not_before: list[str] = Field(default_factory=list)
    only_before: list[str] = Field(default_factory=list)
    only_after: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)


class QualifierWords(RulesModel):
    prefix: list[str]
    suffix: list[str]


class MoneyContext(RulesModel):
    currency: str = Field(pattern=_ISO)
    words: list[str] = Field(min_length=1)


class Share(RulesModel):
    words: list[str] = Field(min_length=1)
    percent: int = Field(gt=0, le=100)
    qualifier: Qualifier | None = None
    not_after: list[str] = Field(default_factory=list)


class TwoSided(RulesModel):
    low: list[str] = Field(min_length=1)
    high: list[str] = Field(min_length=1)


Change = str  # "increase" or "decrease", checked by FigureRules


class FigureRules(RulesModel):
    """The schema of rules/figures.yaml (see the file's header for what each part means)."""

    fragments: dict[str, str]
    currencies: dict[str, list[str]]
    loose_currencies: dict[str, list[str]]
    currency_not_before: dict[str, list[str]]
    currency_symbols: dict[str, list[str]]
    count_nouns: list[CountNoun]
    people_nouns: dict[str, list[str]]
    open_people_nouns: dict[str, list[str]]
    noun_modifiers: list[str]
    money_nouns: list[str]
    money_context: MoneyContext
    implied_units: dict[str, list[str]]
    link_words: list[str]
    measure_words: list[str]
    qualifiers: dict[Qualifier, QualifierWords]
    bare_scale_qualifiers: dict[Qualifier, list[str]]
    approx: dict[Qualifier, list[str]]
    inclusive: list[str]
    qualifier_not_after: dict[str, list[str]]
    suffix_not_before: dict[str, list[str]]
    percent_suffixes: dict[str, int]
    percent_not_before: dict[str, list[str]]
    shares: list[Share]
    change_words: dict[Change, list[str]]
    change_links: list[str]
    level_qualifiers: list[str]
    cheng_max: int = Field(gt=0)
    two_sided: TwoSided
    range_separators: list[str] = Field(min_length=1)
    aspect_marks: list[str]
    list_joiners: list[str] = Field(min_length=1)
    negative_before: list[str]

    @model_validator(mode="after")
    def _consistent(self) -> FigureRules:
        problems: list[str] = []
        for code in [*self.currencies, *self.currency_symbols]:
            if not regex.match(_ISO, code):
                problems.append(f"currency code {code!r} is not ISO 4217 (three capitals)")
        currency_words = {w for ws in self.currencies.values() for w in ws}
        for word in (set(self.currency_not_before) | set(self.loose_currencies)) - currency_words:
            problems.append(f"{word!r} (currency_not_before / loose_currencies) is no currency")
        before = words_of(self.currency_symbols)
        for word, code in words_of(self.currencies).items():
            if before.get(word, code) != code:
                problems.append(f"{word!r} is {code} after a number but {before[word]} before one")
        for change in self.change_words:
            if change not in ("increase", "decrease"):
                problems.append(f"change_words.{change}: not increase or decrease")
        generated = set(self.word_fragments())
        clash = generated & set(self.fragments)
        if clash:
            problems.append(f"fragments {sorted(clash)} are generated from word lists")
        known = generated | set(self.fragments)
        if "figure" not in self.fragments:
            problems.append("fragments.figure (the pattern to compile) is missing")
        for name, body in self.fragments.items():
            for ref in references(body):
                if ref not in known:
                    problems.append(f"fragments.{name} refers to unknown fragment {{{ref}}}")
        prefix_words = {w for q in self.qualifiers.values() for w in q.prefix}
        prefix_words |= {w for ws in self.bare_scale_qualifiers.values() for w in ws}
        for word in self.qualifier_not_after:
            if word not in prefix_words:
                problems.append(f"qualifier_not_after.{word} is not a prefix qualifier")
        suffix_words = {w for q in self.qualifiers.values() for w in q.suffix}
        for word in [*self.two_sided.low, *self.two_sided.high]:
            if word not in suffix_words:
                problems.append(f"two_sided.{word} is not a suffix qualifier")
        for word in self.suffix_not_before:
            if word not in suffix_words:
                problems.append(f"suffix_not_before.{word} is not a suffix qualifier")
        for i, pattern in enumerate(self.negative_before):
            try:
                regex.compile(pattern)
            except regex.error as e:
                problems.append(f"negative_before.{i}: {e}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def word_fragments(self) -> dict[str, str]:
        """The fragments generated from word lists, longest word first; `X_first` is the class
        of the first characters of list X (for guards: what may come next)."""
        prefix = [w for q in self.qualifiers.values() for w in q.prefix]
        suffix = [w for q in self.qualifiers.values() for w in q.suffix]
        bare = [w for ws in self.bare_scale_qualifiers.values() for w in ws]
        shares = [w for s in self.shares for w in s.words]
        symbols = [w for ws in self.currency_symbols.values() for w in ws]
        counted = [w for c in self.count_nouns for w in c.words]
        lists: dict[str, tuple[list[str], dict[str, Any]]] = {
            "currency": (
                [w for ws in self.currencies.values() for w in ws],
                {
                    "not_before": self.currency_not_before,
                    "not_before_raw": {w: [r"\p{Han}"] for w in self.loose_currencies},
                },
            ),
            "currency_symbol": (symbols, {}),
            "count_noun": (
                counted,
                {
                    "not_before": {w: c.not_before for c in self.count_nouns for w in c.words},
                    "only_before": {w: c.only_before for c in self.count_nouns for w in c.words},
                },
            ),
            "people_noun": ([w for ws in self.people_nouns.values() for w in ws], {}),
            "open_people_noun": ([w for ws in self.open_people_nouns.values() for w in ws], {}),
            "noun_modifier": (self.noun_modifiers, {}),
            "money_noun": (self.money_nouns, {}),
            "prefix_qualifier": (prefix, {}),
            "suffix_qualifier": (suffix, {"not_before": self.suffix_not_before}),
            "bare_scale_qualifier": (bare, {}),
            "approx": ([w for ws in self.approx.values() for w in ws], {}),
            "inclusive": (self.inclusive, {}),
            "percent_suffix": (
                list(self.percent_suffixes),
                {"not_before": self.percent_not_before},
            ),
            "share_word": (
                shares,
                {"not_after": {w: s.not_after for s in self.shares for w in s.words}},
            ),
            "range_sep": (self.range_separators, {}),
        }
        fragments = {name: _guarded(words, **conds) for name, (words, conds) in lists.items()}
        for name, (words, _) in lists.items():
            fragments[f"{name}_first"] = char_class(w[0] for w in words if w)
        # the words a figure can open with, plain, for the prefilter (fragments.start_word)
        fragments["figure_openers"] = alternation([*prefix, *bare, *shares, *symbols])
        return fragments

    def all_words(self) -> list[str]:
        """Every string of the grammar, for the Traditional fold."""
        context = [w for c in self.count_nouns for w in (*c.only_after, *c.not_after)]
        changes = [w for ws in self.change_words.values() for w in ws]
        return [*self.fragments.values(), *self.word_fragments().values(), *context, *changes]


def _guarded(words: Iterable[str], **conditions: Any) -> str:
    """`alternation(words, ...)` behind a lookahead of the words' first characters: `regex`
    tries the words one by one, and most positions fail on the one class instead. The matches
    are the same; the engine does about a sixth less work (callgrind, 30,000 seed chars)."""
    words = list(words)
    body = alternation(words, **conditions)
    if body == NEVER or not all(words):
        return body
    return f"(?={char_class(w[0] for w in words)})(?:{body})"


class Apart(NamedTuple):
    """A range whose bounds are different kinds of figure (三成至5亿港元): read them one by one."""

    low_end: int  # where the low bound's own unit ends


class FigureStarts:
    """The positions of a text where `figure` can start, found with the stdlib `re` (a plain
    class and a word list, which it scans several times faster than `regex` tries the grammar
    at every digit and every first character of a qualifier: 人, 大, 不 ...)."""

    def __init__(self, fragments: dict[str, str]) -> None:
        self.run = re.compile(compose(fragments, "start_run"), re.VERBOSE)
        self.word = re.compile(compose(fragments, "start_word"), re.VERBOSE)
        # `re` knows no \p{Han}: any non-ASCII character stands for it, which widens only the
        # lookahead `number_next` (a run is called dead less often, never wrongly).
        dead = compose(fragments, "dead_run").replace(HAN, "[^\x00-\x7f]")
        self.dead = re.compile(dead, re.VERBOSE)
        self.live = re.compile(compose(fragments, "live_word"), re.VERBOSE)

    def __call__(self, text: str) -> list[int]:
        """Sorted candidates, repeats allowed: the first character of each run not `dead_run`,
        and each `live_word` start of an opening word found or hidden in one (超过半数 holds
        过半数): away from a run, a figure opens with such a word."""
        live, dead = self.live.match, self.dead.match
        starts = [m.start() for m in self.run.finditer(text) if not dead(text, m.start())]
        for m in self.word.finditer(text):
            starts += [i for i in range(m.start(), m.end()) if live(text, i)]
        starts.sort()  # two sorted runs: a merge
        return starts

    def finditer(self, pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
        """`pattern.finditer(text)` for the pattern these starts are of."""
        return matches_at(pattern, text, self(text))


def compose(fragments: dict[str, str], name: str) -> str:
    """Fragment `name` with every `{ref}` expanded, each in a non-capturing group."""
    done: dict[str, str] = {}

    def body_of(ref: str, stack: tuple[str, ...]) -> str:
        if ref not in done:
            done[ref] = grammar_compose(fragments[ref], body_of, stack)
        return f"(?:{done[ref]})"

    return grammar_compose(fragments[name], body_of, (name,))


def fold_table(strings: list[str]) -> dict[int, str]:
    """Traditional -> Simplified for the characters of the grammar, one character for one,
    so that offsets on the folded text are offsets on the original."""
    han = {ch for s in strings for ch in s if is_han(ch)}
    table: dict[int, str] = {}
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        for ch in han:
            trad = converter.convert(ch)
            if len(trad) == 1 and trad != ch and trad not in han:
                table[ord(trad)] = ch
    return table


def ending(words: list[str], aspect: list[str]) -> regex.Pattern | None:
    """A pattern for text that ends with one of `words` (then an optional aspect word), or
    None."""
    if not words:
        return None
    return regex.compile(rf"(?:{alternation(words)})(?:{alternation(aspect)})?\s*$")


def words_of(mapping: dict[str, list[str]]) -> dict[str, str]:
    """word -> its meaning, from meaning -> words."""
    return {w: meaning for meaning, words in mapping.items() for w in words}
