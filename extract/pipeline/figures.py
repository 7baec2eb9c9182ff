"""Figures: monetary amounts, counts and percentages, exactly normalised (stage `zh_figures`).

The grammar is data (`rules/figures.yaml`): named regex fragments composed by name into one
pattern, compiled once and run once over a text, and word lists keyed by meaning (currencies,
count nouns, qualifiers, context words). This module composes the pattern, then interprets
each match: value (an exact Decimal, see `extract.numerals`), currency or unit, qualifier and
range. Candidates the grammar cannot vouch for are dropped (precision first):

- a number with neither unit nor 万/亿 is never a figure (2021年, 3月24日, 2.0, 阅读:4,628);
- a bare 万/亿 (用户人数1500万) is a figure only after a context word: a money word makes it an
  amount in CNY, a metric word a count of the noun it implies (人数 -> 人); or before a money
  noun (30万医疗费) or a counted noun (近18万儿童, 60万大病家庭);
- a lone Chinese 一 before a classifier is the article "a" (一个平台, 一家人), not a count.

Ranges (1-5万元, 3至5万元, 10万到20万) carry `range` {low, high} with the scale written after the
high bound applied to both, and `value` = the low bound: the figure the text guarantees.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

import opencc
import regex
from pydantic import Field, model_validator
from spacy.language import Language
from spacy.tokens import Doc

from extract.grammar_kit import alternation, compose, is_han, references
from extract.models import Qualifier
from extract.numerals import (
    DIGITS,
    has_section_unit,
    has_unit,
    parse_number,
    scale_of,
    tidy,
    trailing_scale,
)
from extract.pipeline.annotations import Found, text_of, write
from extract.rules import RulesModel, load_yaml

RULES_FILE = "figures.yaml"
_ISO = r"^[A-Z]{3}$"
_WINDOW = 16  # characters of context looked at before a figure
_LONE_ONE = frozenset(c for c, v in DIGITS.items() if v == 1)  # 一, 壹, 幺


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


class FigureRules(RulesModel):
    """The schema of rules/figures.yaml (see the file's header for what each part means)."""

    fragments: dict[str, str]
    currencies: dict[str, list[str]]
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
    percent_prefixes: dict[str, int]
    percent_suffixes: dict[str, int]
    cheng_max: int = Field(gt=0)
    aspect_marks: list[str]
    range_separators: list[str] = Field(min_length=1)
    negative_before: list[str]

    @model_validator(mode="after")
    def _consistent(self) -> FigureRules:
        problems: list[str] = []
        for code in [*self.currencies, *self.currency_symbols]:
            if not regex.match(_ISO, code):
                problems.append(f"currency code {code!r} is not ISO 4217 (three capitals)")
        currency_words = {w for ws in self.currencies.values() for w in ws}
        for word in set(self.currency_not_before) - currency_words:
            problems.append(f"currency_not_before.{word} is not a currency word")
        before = _words_of(self.currency_symbols)
        for word, code in _words_of(self.currencies).items():
            if before.get(word, code) != code:
                problems.append(f"{word!r} is {code} after a number but {before[word]} before one")
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
        """The fragments generated from word lists, longest word first."""
        prefix = [w for q in self.qualifiers.values() for w in q.prefix]
        suffix = [w for q in self.qualifiers.values() for w in q.suffix]
        return {
            "currency": alternation(
                (w for ws in self.currencies.values() for w in ws),
                not_before=self.currency_not_before,
            ),
            "currency_symbol": alternation(w for ws in self.currency_symbols.values() for w in ws),
            "count_noun": alternation(
                (w for c in self.count_nouns for w in c.words),
                not_before={w: c.not_before for c in self.count_nouns for w in c.words},
                only_before={w: c.only_before for c in self.count_nouns for w in c.words},
            ),
            "people_noun": alternation(w for ws in self.people_nouns.values() for w in ws),
            "open_people_noun": alternation(
                w for ws in self.open_people_nouns.values() for w in ws
            ),
            "noun_modifier": alternation(self.noun_modifiers),
            "money_noun": alternation(self.money_nouns),
            "prefix_qualifier": alternation(prefix),
            "suffix_qualifier": alternation(suffix, not_before=self.suffix_not_before),
            "bare_scale_qualifier": alternation(
                w for ws in self.bare_scale_qualifiers.values() for w in ws
            ),
            "approx": alternation(w for ws in self.approx.values() for w in ws),
            "inclusive": alternation(self.inclusive),
            "percent_prefix": alternation(self.percent_prefixes),
            "percent_suffix": alternation(self.percent_suffixes),
            "range_sep": alternation(self.range_separators),
        }

    def all_words(self) -> list[str]:
        """Every string of the grammar, for the Traditional fold."""
        context = [w for c in self.count_nouns for w in (*c.only_after, *c.not_after)]
        return [*self.fragments.values(), *self.word_fragments().values(), *context]


def _expand(fragments: dict[str, str], name: str) -> str:
    """Fragment `name` with every reference expanded, each as a group."""
    done: dict[str, str] = {}

    def body_of(ref: str, stack: tuple[str, ...]) -> str:
        if ref not in done:
            done[ref] = compose(fragments[ref], body_of, stack)
        return f"(?:{done[ref]})"

    return compose(fragments[name], body_of, (name,))


def _fold_table(strings: list[str]) -> dict[int, str]:
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


def _ending(words: list[str], aspect: list[str]) -> regex.Pattern | None:
    """A pattern for text that ends with one of `words` (then an optional aspect word), or
    None."""
    if not words:
        return None
    return regex.compile(rf"(?:{alternation(words)})(?:{alternation(aspect)})?\s*$")


def _words_of(mapping: dict[str, list[str]]) -> dict[str, str]:
    return {w: meaning for meaning, words in mapping.items() for w in words}


class FigureGrammar:
    """The compiled grammar: one pattern, the fold table and the word meanings."""

    def __init__(self, rules: FigureRules) -> None:
        fragments = {**rules.fragments, **rules.word_fragments()}
        self.pattern = regex.compile(_expand(fragments, "figure"), regex.VERBOSE)
        self.fold = _fold_table(rules.all_words())
        # The stdlib engine scans a character class several times faster than `regex`.
        self.foldable = re.compile(f"[{''.join(map(chr, self.fold))}]")
        # Match.groups() is ten times cheaper than groupdict(); names are mapped once here.
        by_index = {i: n for n, i in self.pattern.groupindex.items()}
        self.group_names = [by_index.get(i, "") for i in range(1, self.pattern.groups + 1)]
        self.currency_of = _words_of(rules.currencies) | _words_of(rules.currency_symbols)
        self.unit_of = {w: c.unit for c in rules.count_nouns for w in c.words}
        self.people_unit_of = _words_of(rules.people_nouns) | _words_of(rules.open_people_nouns)
        # Count words that hold only after (or never after) some words: the text before the
        # figure must (or must not) end with one of them, an aspect 了 allowed (举办了3期).
        self.count_context = {
            w: (_ending(c.only_after, rules.aspect_marks), _ending(c.not_after, rules.aspect_marks))
            for c in rules.count_nouns
            for w in c.words
            if c.only_after or c.not_after
        }
        self.money_currency = rules.money_context.currency
        self.prefix_q = {w: q for q, ws in rules.qualifiers.items() for w in ws.prefix}
        self.suffix_q = {w: q for q, ws in rules.qualifiers.items() for w in ws.suffix}
        self.bare_q = _words_of(rules.bare_scale_qualifiers)
        self.approx_q = _words_of(rules.approx)
        self.not_after = {w: tuple(before) for w, before in rules.qualifier_not_after.items()}
        self.percent_power = rules.percent_prefixes | rules.percent_suffixes
        self.cheng_max = Decimal(rules.cheng_max)
        # A cue is money (-> currency) or a metric (-> implied unit); closest to the figure wins.
        self.cue_meaning: dict[str, tuple[str, str]] = {
            w: ("amount", rules.money_context.currency) for w in rules.money_context.words
        } | {w: ("count", unit) for w, unit in _words_of(rules.implied_units).items()}
        links = alternation(rules.link_words)
        self.cue = regex.compile(
            rf"(?P<cue>{alternation(self.cue_meaning)})(?:\s*(?:{links}))*\s*$"
        )
        self.measure = regex.compile(rf"\s*(?:{alternation(rules.measure_words)})")
        self.negative = regex.compile("|".join(f"(?:{p})" for p in rules.negative_before))

    def find(self, text: str) -> list[Found]:
        """Every figure in `text`, in order, on offsets of `text`."""
        folded = text.translate(self.fold) if self.foldable.search(text) else text
        names = self.group_names
        found = []
        for match in self.pattern.finditer(folded):
            item = self._interpret(match, dict(zip(names, match.groups(), strict=True)), folded)
            if item is not None:
                found.append(item)
        return found

    def _interpret(self, m: regex.Match, g: dict[str, str | None], text: str) -> Found | None:
        start, end = m.start(), m.end()
        before = text[max(0, start - _WINDOW) : start]
        if self.negative.search(before):
            return None
        try:
            value, high_text, scaled = self._number(g)
        except ValueError:  # NotExact (三四个) or a malformed numeral
            return None
        word = g["bq"] or g["pq"]
        if word in self.not_after and text.endswith(self.not_after[word], 0, start):
            if g["bq"]:
                return None  # 打破亿: no number without the qualifier
            g["pq"] = g["pincl"] = None  # 签约100家: 约 belongs to 签约
            start = m.start("pfx") if g["pfx"] else m.start("csym") if g["csym"] else m.start("num")
        qualifier = self._qualifier(g)
        kind, detail, rule = "", "", ""
        if g["pfx"] or g["pct"]:
            marker = g["pfx"] or g["pct"]
            # a tenths marker (成): more than cheng_max tenths, or a scaled number, is no share
            if self.percent_power[marker] == 1 and (scaled or value > self.cheng_max):
                return None
            if self.percent_power[marker]:
                value = tidy(value * Decimal(10) ** self.percent_power[marker])
            kind, rule = "percentage", "percentage"
        elif g["cur"] or g["csym"]:
            currency = self.currency_of[g["csym"] or g["cur"]]
            kind, detail, rule = "amount", currency, "amount"
        elif g["cnt"]:
            if g["cnt"] in self.count_context:
                only_after, not_after = self.count_context[g["cnt"]]
                before_figure = text[max(0, start - _WINDOW) : start]
                if only_after and not only_after.search(before_figure):
                    return None
                if not_after and not_after.search(before_figure):
                    return None
            kind, detail, rule = "count", self.unit_of[g["cnt"]], "count"
        elif (noun := g["pnoun"] or g["onoun"]) and scaled:
            # 近18万儿童: the noun says what is counted but is not part of the figure's span.
            kind, detail, rule = "count", self.people_unit_of[noun], "count.noun"
            end = m.start("omod") if g["onoun"] else m.start("mod" if g["mod"] else "pnoun")
        elif g["mnoun"] and scaled:
            kind, detail, rule = "amount", self.money_currency, "amount.money_noun"
            end = m.start("mnoun")
        elif scaled and not (g["pnoun"] or g["mnoun"]):
            if self.measure.match(text, m.end()):
                return None
            cue = self.cue.search(before)
            if cue is None:
                return None
            kind, detail = self.cue_meaning[cue.group("cue")]
            rule = f"{kind}.context"
        else:
            return None
        if self._is_article(g, kind):
            return None
        figure_range = None
        if g["high"]:
            figure_range = self._range(g, kind, high_text, value)
            if figure_range is None:
                return None
            value = figure_range["low"]
            rule += ".range"
        while end > start and text[end - 1].isspace():
            end -= 1
        fields: dict[str, Any] = {"value": value}
        if kind == "amount":
            fields["currency"] = detail
        elif kind == "count":
            fields["unit"] = detail
        fields["qualifier"] = qualifier
        fields["range"] = figure_range
        return Found(type=kind, start=start, end=end, rule=f"figures.{rule}", fields=fields)

    def _number(self, g: dict[str, str | None]) -> tuple[Decimal, str, bool]:
        """(value before the percent marker, text of the (high) number, whether 万/亿 scaled)."""
        if g["bscale"]:
            return parse_number(g["bscale"]), g["bscale"], True
        if g["pfx"]:
            return parse_number(g["pnum"]), g["pnum"], has_section_unit(g["pnum"])
        text = g["high"] or g["num"]
        value = parse_number(text)
        if g["sc2"]:
            value = tidy(value * scale_of(g["sc2"]))
            text += g["sc2"]
        return value, text, has_section_unit(text)

    def _qualifier(self, g: dict[str, str | None]) -> str | None:
        """Prefix qualifier first (超过1亿人以上 is over), then suffix, then 多/余 inside."""
        qualifier = None
        if g["bq"]:
            qualifier = self.bare_q[g["bq"]]
        elif g["pq"]:
            qualifier = self.prefix_q[g["pq"]]
        if qualifier is None and g["sq"]:
            qualifier = self.suffix_q[g["sq"]]
        if qualifier is None and (g["ap1"] or g["ap2"]):
            qualifier = self.approx_q[g["ap1"] or g["ap2"]]
        if g["pincl"] or g["sincl"]:
            qualifier = {"over": "at_least", "under": "at_most"}.get(qualifier, qualifier)
        return qualifier

    def _is_article(self, g: dict[str, str | None], kind: str) -> bool:
        """一个平台, 一家人: a lone Chinese 一 before a classifier or currency means "a"."""
        num = g["num"]
        return (
            kind != "percentage"
            and num in _LONE_ONE
            and not g["high"]
            and not g["sc2"]
            and not g["ap1"]
        )

    def _range(
        self, g: dict[str, str | None], kind: str, high_text: str, high: Decimal
    ) -> dict[str, Decimal] | None:
        lo_text = g["num"]
        low = parse_number(lo_text)
        if not has_section_unit(lo_text):
            low *= trailing_scale(high_text, sections_only=has_unit(lo_text))
        if kind == "percentage":  # `high` is already in percent
            low *= Decimal(10) ** self.percent_power[g["pfx"] or g["pct"]]
        if low >= high:
            return None
        return {"low": tidy(low), "high": tidy(high)}


@cache
def load_grammar(name: str = RULES_FILE) -> FigureGrammar:
    """Load, validate and compile a figure grammar once per process."""
    return FigureGrammar(load_yaml(name, FigureRules))


def find_figures(text: str) -> list[Found]:
    """Every amount, count and percentage in `text` (clean view), with the default grammar."""
    return load_grammar().find(text)


@Language.factory(
    "zh_figures",
    assigns=["doc._.figures"],
    requires=[],
    default_config={"rules": RULES_FILE},
)
class FigureRecogniser:
    """spaCy stage: amounts, counts and percentages of `doc.text` into `doc._.figures`."""

    def __init__(self, nlp: Language, name: str, *, rules: str) -> None:
        self.name = name
        self.grammar = load_grammar(rules)

    def find(self, doc: Doc) -> list[Found]:
        return self.grammar.find(text_of(doc))

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        write(doc, "figures", found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
