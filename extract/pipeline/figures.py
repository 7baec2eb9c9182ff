"""Figures: monetary amounts, counts and percentages, exactly normalised (stage `zh_figures`).

The grammar is data (`rules/figures.yaml`, schema and composer in `figure_rules`): named regex
fragments composed by name into one pattern, tried where a prefilter says it can start, and word
lists keyed by meaning (currencies, count nouns, qualifiers, context words). This module
interprets each match: value (an exact Decimal, see `extract.grammar.numerals`), currency or unit,
qualifier, range and change. Candidates the grammar cannot vouch for are dropped (precision
first):

- a number with neither unit nor 万/亿 is never a figure (2021年, 3月24日, 2.0, 阅读:4,628);
- a bare 万/亿 (用户人数1500万) is a figure only after a context word: a money word makes it an
  amount in CNY, a metric word a count of the noun it implies (人数 -> 人); or before a money
  noun (30万医疗费) or a counted noun (近18万儿童, 60万大病家庭); or as the next item of a list
  whose first item carries the unit (5.6亿元、4.3亿);
- a lone Chinese 一 before a classifier is the article "a" (一个平台, 一家人), not a count;
- vague amounts (上万, 数亿, 几十万, 百亿级) are no records: they have no value to check;
- 兆 is 10^12 (新台币3兆元) and only ever scales an amount with its currency written.

Ranges (1-5万元, 3至5万元, 10万到20万) carry `range` {low, high} with the scale written after the
high bound applied to both, and `value` = the low bound: the figure the text guarantees. Only
like joins like (三成至5亿港元 is a share and an amount); 5万元以上10万元以下 is one range. A
sign is the value's (负2.3% -> -2.3); a change word before the figure is its `change`
(下降27.3% -> 27.3, decrease); N个百分点 is a percentage with `unit` percentage_point.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any

import regex
from spacy.language import Language
from spacy.tokens import Doc

from extract.grammar.numerals import (
    CHENG_TAILS,
    DIGITS,
    TRILLION,
    has_section_unit,
    has_unit,
    parse_fraction,
    parse_number,
    parse_percent,
    percent_of_fraction,
    scale_of,
    tidy,
    trailing_scale,
)
from extract.pipeline.annotations import Found, text_of, write
from extract.pipeline.figure_rules import (
    Apart,
    FigureRules,
    FigureStarts,
    alternation,
    compose,
    ending,
    fold_table,
    words_of,
)
from extract.rules import compiled, load_yaml

RULES_FILE = "figures.yaml"
_WINDOW = 16  # characters of context looked at before a figure
_LONE_ONE = frozenset(c for c, v in DIGITS.items() if v == 1)  # 一, 壹, 幺
_NUMBER_GROUPS = ("pfx", "share", "slash", "sign", "csym", "num")  # where a figure's number starts


class FigureGrammar:
    """The compiled grammar: one pattern, the fold table and the word meanings."""

    def __init__(self, rules: FigureRules) -> None:
        fragments = {**rules.fragments, **rules.word_fragments()}
        self.pattern = regex.compile(compose(fragments, "figure"), regex.VERBOSE)
        self.starts = FigureStarts(fragments)  # the pattern is tried only where it can start
        self.cut_from_unit = regex.compile(compose(fragments, "cut_from_unit"), regex.VERBOSE)
        self.lo_unit = regex.compile(compose(fragments, "lo_unit_after"), regex.VERBOSE)
        self.fold = fold_table(rules.all_words())
        # The stdlib engine scans a character class several times faster than `regex`.
        self.foldable = re.compile(f"[{''.join(map(chr, self.fold))}]")
        self.folded_char = {chr(k): v for k, v in self.fold.items()}
        # Match.groups() is ten times cheaper than groupdict(); names are mapped once here.
        by_index = {i: n for n, i in self.pattern.groupindex.items()}
        self.group_names = [by_index.get(i, "") for i in range(1, self.pattern.groups + 1)]
        self.currency_of = words_of(rules.currencies) | words_of(rules.currency_symbols)
        self.loose_currency = {
            w: ending(before, rules.aspect_marks) for w, before in rules.loose_currencies.items()
        }
        self.unit_of = {w: c.unit for c in rules.count_nouns for w in c.words}
        self.people_unit_of = words_of(rules.people_nouns) | words_of(rules.open_people_nouns)
        # Count words that hold only after (or never after) some words: the text before the
        # figure must (or must not) end with one of them, an aspect 了 allowed (举办了3期).
        self.count_context = {
            w: (ending(c.only_after, rules.aspect_marks), ending(c.not_after, rules.aspect_marks))
            for c in rules.count_nouns
            for w in c.words
            if c.only_after or c.not_after
        }
        self.money_currency = rules.money_context.currency
        self.prefix_q = {w: q for q, ws in rules.qualifiers.items() for w in ws.prefix}
        self.suffix_q = {w: q for q, ws in rules.qualifiers.items() for w in ws.suffix}
        self.bare_q = words_of(rules.bare_scale_qualifiers)
        self.approx_q = words_of(rules.approx)
        self.not_after = {w: tuple(before) for w, before in rules.qualifier_not_after.items()}
        self.percent_power = rules.percent_suffixes
        self.shares = {w: share for share in rules.shares for w in share.words}
        self.cheng_max = Decimal(rules.cheng_max)
        # A cue is money (-> currency) or a metric (-> implied unit); closest to the figure wins.
        self.cue_meaning: dict[str, tuple[str, str]] = {
            w: ("amount", rules.money_context.currency) for w in rules.money_context.words
        } | {w: ("count", unit) for w, unit in words_of(rules.implied_units).items()}
        links = alternation(rules.link_words)
        self.cue = regex.compile(
            rf"(?P<cue>{alternation(self.cue_meaning)})(?:\s*(?:{links}))*\s*$"
        )
        self.change_of = words_of(rules.change_words)
        # Matched backwards from the figure's start (REVERSE): one anchored try, not a search.
        self.change = regex.compile(
            rf"(?r)(?P<change>{alternation(self.change_of)})"
            rf"(?:\s*(?:{alternation(rules.change_links)}))*\s*"
        )
        self.level_qualifiers = frozenset(rules.level_qualifiers)
        # Between two items of a list that share the first item's unit (5.6亿元、4.3亿和2.1亿).
        self.list_gap = regex.compile(rf"\s*(?:{alternation(rules.list_joiners)})\s*")
        self.measure = regex.compile(rf"\s*(?:{alternation(rules.measure_words)})")
        self.negative = regex.compile("|".join(f"(?:{p})" for p in rules.negative_before))
        # What a low bound's own unit means, to join only like with like (3成至5亿港元 is two).
        self.lo_meaning: dict[str, tuple[str, str]] = (
            {w: ("percentage", str(power)) for w, power in rules.percent_suffixes.items()}
            | {w: ("amount", code) for w, code in self.currency_of.items()}
            | {w: ("count", unit) for w, unit in self.unit_of.items()}
        )
        self.bound_low = tuple(rules.two_sided.low)
        self.bound_high = tuple(rules.two_sided.high)

    def find(self, text: str) -> list[Found]:
        """Every figure in `text`, in order, on offsets of `text`."""
        # A few grammar characters are Traditional: replacing them beats translating every one.
        folded = self.foldable.sub(lambda m: self.folded_char[m.group()], text)
        found: list[Found] = []
        for match in self.starts.finditer(self.pattern, folded):
            item = self._read(match, folded, found)
            if isinstance(item, Apart):  # 三成至5亿港元: the share and the amount, each alone
                spans = ((match.start(), item.low_end), (match.start("high"), match.end()))
                for piece in filter(None, (self.pattern.match(folded, a, b) for a, b in spans)):
                    self._add(found, self._read(piece, folded, found), folded)
            else:
                self._add(found, item, folded)
        return found

    def _read(self, m: regex.Match, text: str, found: list[Found]) -> Found | Apart | None:
        g = dict(zip(self.group_names, m.groups(), strict=True))
        return self._interpret(m, g, text, found[-1] if found else None)

    def _add(self, found: list[Found], item: Found | Apart | None, text: str) -> None:
        """Append `item`, or fold it into the figure before as the upper half of a two-sided
        bound (5万元以上10万元以下: one record with range {low, high}, no qualifier)."""
        if not isinstance(item, Found):
            return
        low = found[-1] if found else None
        if low is not None and self._two_sided(low, item, text):
            bounds = {"low": low.fields["value"], "high": item.fields["value"]}
            fields = {**low.fields, "qualifier": None, "range": bounds}
            found[-1] = replace(low, end=item.end, rule=f"{item.rule}.range", fields=fields)
        else:
            found.append(item)

    def _two_sided(self, low: Found, high: Found, text: str) -> bool:
        lo, hi = low.fields, high.fields
        return (
            hi["qualifier"] == "at_most"
            and lo["qualifier"] in ("over", "at_least")
            and (low.type, lo.get("currency"), lo.get("unit"))
            == (high.type, hi.get("currency"), hi.get("unit"))
            and lo["range"] is None
            and hi["range"] is None
            and text.endswith(self.bound_low, low.start, low.end)
            and text.endswith(self.bound_high, high.start, high.end)
            and not text[low.end : high.start].strip()
            and lo["value"] < hi["value"]
        )

    def _interpret(
        self, m: regex.Match, g: dict[str, str | None], text: str, previous: Found | None
    ) -> Found | Apart | None:
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
            start = m.start(next(k for k in _NUMBER_GROUPS if g[k]))
        qualifier = self._qualifier(g)
        fields: dict[str, Any] = {}
        kind, detail, rule = "", "", ""
        if g["share"] or g["slash"]:
            kind, rule = "percentage", "percentage.share"
            qualifier = qualifier or (self.shares[g["share"]].qualifier if g["share"] else None)
        elif g["pfx"] or g["pct"] or g["ppt"]:
            marker = g["pct"] or ""
            # a tenths marker (成): more than cheng_max tenths, or a scaled number, is no share
            if self.percent_power.get(marker) == 1 and (scaled or value > self.cheng_max):
                return None
            if self.percent_power.get(marker):
                value = tidy(value.scaleb(self.percent_power[marker]))
            if g["ctail"]:
                value = tidy(value + CHENG_TAILS[g["ctail"]])
            kind, rule = "percentage", "percentage"
            fields["unit"] = "percentage_point" if g["ppt"] else "percent"
        elif g["cur"] or g["csym"]:
            currency = self.currency_of[g["csym"] or g["cur"]]
            if g["cur"] in self.loose_currency and not g["csym"]:
                number_start = m.start("sign" if g["sign"] else "num")
                if self.loose_currency[g["cur"]].search(text, max(0, start - 4), number_start):
                    return None  # 切成两块: pieces, not yuan
            if not g["cur"] and self.cut_from_unit.match(text, m.end()):
                return None  # 人民币12.6 / 亿元: not 12.6 yuan
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
            if cue is not None:
                kind, detail = self.cue_meaning[cue.group("cue")]
                rule = f"{kind}.context"
            elif previous is not None and self._list_item(previous, text, start):
                kind = previous.type
                detail = previous.fields.get("currency") or previous.fields.get("unit") or ""
                rule = f"{kind}.list"
            else:
                return None
        else:
            return None
        if self._is_article(g, kind) or (TRILLION in (high_text or "") and kind != "amount"):
            return None
        if g["sign"]:
            if kind == "count":
                start = m.start("num")  # 负3场 (lost three): no negative head count
            else:
                value = -value
        figure_range = None
        if g["high"]:
            low_unit = self.lo_unit.match(text, m.end("num"), m.start("high"))
            if low_unit and self.lo_meaning[low_unit["lounit"]] != self._meaning(g, kind, detail):
                return Apart(low_unit.end())
            figure_range = self._range(g, kind, high_text, value)
            if figure_range is None:
                return None
            value = figure_range["low"]
            rule += ".range"
        while end > start and text[end - 1].isspace():
            end -= 1
        fields = {"value": value, **fields}
        if kind == "amount":
            fields["currency"] = detail
        elif kind == "count":
            fields["unit"] = detail
        elif "unit" not in fields:
            fields["unit"] = "percent"
        fields["qualifier"] = qualifier
        fields["range"] = figure_range
        fields["change"] = self._change(g, text, start)
        return Found(type=kind, start=start, end=end, rule=f"figures.{rule}", fields=fields)

    def _meaning(self, g: dict[str, str | None], kind: str, detail: str) -> tuple[str, str]:
        """(kind, unit) of a figure's high end, comparable with `lo_meaning`."""
        if kind == "percentage":
            return kind, str(self.percent_power[g["pct"]]) if g["pct"] else "point"
        return kind, detail

    def _change(self, g: dict[str, str | None], text: str, start: int) -> str | None:
        """increase / decrease from the change word right before the figure, or None."""
        if (g["bq"] or g["pq"]) in self.level_qualifiers:
            return None
        change = self.change.match(text, max(0, start - _WINDOW), start)
        return self.change_of[change.group("change")] if change else None

    def _list_item(self, previous: Found, text: str, start: int) -> bool:
        """5.6亿元、4.3亿: the item right after a listed figure with a unit shares its unit."""
        return (
            previous.type in ("amount", "count")
            and previous.fields["range"] is None
            and self.list_gap.fullmatch(text, previous.end, start) is not None
        )

    def _number(self, g: dict[str, str | None]) -> tuple[Decimal, str, bool]:
        """(value before the percent marker, text of the (high) number, whether 万/亿 scaled)."""
        if g["share"]:
            return Decimal(self.shares[g["share"]].percent), "", False
        if g["slash"]:
            return percent_of_fraction(parse_fraction(g["slash"])), g["slash"], False
        if g["bscale"]:
            return parse_number(g["bscale"]), g["bscale"], True
        if g["pfx"]:
            pnum = g["pnum"] or ""
            return parse_percent(g["pfx"] + pnum), pnum, has_section_unit(pnum)
        text = g["high"] or g["num"] or ""
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
        """一个平台, 一家人, 一块去: a lone Chinese 一 before a classifier means "a" (一美元 is a
        dollar: the article reading holds for amounts only with a loose currency word, 块)."""
        if kind == "percentage" or (kind == "amount" and g["cur"] not in self.loose_currency):
            return False
        return g["num"] in _LONE_ONE and not g["high"] and not g["sc2"] and not g["ap1"]

    def _range(
        self, g: dict[str, str | None], kind: str, high_text: str, high: Decimal
    ) -> dict[str, Decimal] | None:
        lo_text = g["num"] or ""
        low = parse_number(lo_text)
        if not has_section_unit(lo_text):
            low *= trailing_scale(high_text, sections_only=has_unit(lo_text))
        if kind == "percentage" and g["pct"]:  # `high` is already in percent
            low = low.scaleb(self.percent_power[g["pct"]])
        if low >= high:
            return None
        return {"low": tidy(low), "high": tidy(high)}


@cache
def load_grammar(name: str = RULES_FILE) -> FigureGrammar:
    """Load, validate and compile a figure grammar once per process (and on disk, across runs)."""
    return compiled(f"figure_grammar-{name}", lambda: FigureGrammar(load_yaml(name, FigureRules)))


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
