"""rules/metrics.yaml for the fact linkers: its schema and its compiled patterns.

The words of the discourse (clauses, quotations, bylines, lists, reporting frames, references
back) are rules/discourse.yaml's (`extract.pipeline.discourse`); this file holds what only facts
need: the metric lexicon, growth, the subject roles and the time scopes.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import regex
from pydantic import Field, model_validator

from extract.grammar.grammar_kit import anchored
from extract.grammar.timeexpr.grammar import related_headings
from extract.pipeline.discourse_rules import first_chars, load_discourse, words
from extract.rules import RulesModel, compiled, load_yaml

RULES_FILE = "metrics.yaml"
FigureType = Literal["amount", "count", "percentage"]


class Metric(RulesModel):
    cues: list[str] = Field(min_length=1)
    types: list[FigureType] = Field(min_length=1)
    units: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    not_in: list[str] = Field(default_factory=list)


class Growth(RulesModel):
    suffix: str = Field(pattern=r"^_[a-z_]+$")
    change_words: list[str] = Field(min_length=1)
    comparison: list[str] = Field(min_length=1)
    respectively: list[str]
    rates: list[str]
    copulas: list[str]
    points: list[str] = Field(min_length=1)


class Linking(RulesModel):
    opening_anaphors: list[str]
    anaphor_lookback: int = Field(gt=0)
    opening_anaphor_next: list[str]
    agent_before: list[str]
    agent_verbs: list[str]
    maker_after: list[str]
    topic_reporters: list[str]
    role_after: list[str]
    period_reports: list[str]
    topic_before: list[str]
    topic_after: list[str]
    parent_after: list[str]
    member_after: list[str]
    sample_words: list[str]
    not_subject_before: list[str]
    joins_after: list[str]
    carry_clauses: int = Field(ge=0)
    classifier_units: list[str]
    classifier_reach: int = Field(ge=0)
    weak_cues: list[str]
    metric_connectors: list[str]
    time_not_after: list[str]
    change_from: list[str]
    since_before: list[str]
    since_until: list[str]
    scope_prefixes: list[str]
    period_marks: list[str]
    future_marks: list[str]
    chain_stops: list[str]
    of_words: list[str] = Field(min_length=1)
    not_predicate: str
    change_aspect: list[str]
    join_aspect: list[str]
    figure_adverbs: list[str]
    join_adverbs: list[str]
    total_words: list[str]


class Currency(RulesModel):
    default: str = Field(pattern=r"^[A-Z]{3}$")
    default_words: list[str] = Field(min_length=1)
    local: dict[str, list[str]]

    @model_validator(mode="after")
    def _codes(self) -> Currency:
        bad = [c for c in self.local if not regex.fullmatch(r"[A-Z]{3}", c)]
        if bad:
            raise ValueError(f"currency codes must be ISO 4217: {bad}")
        return self


class Story(RulesModel):
    min_paragraphs: int = Field(gt=0)
    lead_paragraphs: int = Field(gt=0)
    title_weight: int = Field(ge=0)
    lead_weight: int = Field(ge=0)
    min_weight: int = Field(gt=0)
    dominance: int = Field(gt=0)
    not_types: list[str]
    norm_before: list[str]
    own_subject_openers: list[str]
    breakdown: list[str] = Field(min_length=1)
    not_totals: list[str]
    condition_openers: list[str]
    person_words: list[str]
    partner_before: list[str]
    survey_words: list[str]
    kind_nouns: list[str] = Field(min_length=1)


class FactRules(RulesModel):
    """The schema of rules/metrics.yaml (see the file's header for what each part means)."""

    metrics: dict[str, Metric]
    unnamed: list[str]
    modifiers: dict[str, list[str]]
    growth: Growth
    linking: Linking
    lead_metrics: dict[str, list[str]]
    issuer_unowned: list[str]
    story: Story
    currency: Currency

    @model_validator(mode="after")
    def _names(self) -> FactRules:
        bad = [
            m for m in [*self.metrics, *self.modifiers] if not regex.fullmatch(r"[a-z][a-z_]*", m)
        ]
        bad += [m for ms in self.lead_metrics.values() for m in ms if m not in self.metrics]
        bad += [m for m in self.issuer_unowned if m not in self.metrics]
        if bad:
            raise ValueError(f"metric and modifier names must be snake_case and known: {bad}")
        return self


def _after(items: list[str]) -> regex.Pattern[str]:
    """One of `items` right at the match position, after spaces (X旗下, X推出的)."""
    return anchored(f"\\s*(?:{words(items)})")


def _before(items: list[str]) -> regex.Pattern[str]:
    """One of `items` ending the searched text, before spaces (以X, 由X)."""
    return regex.compile(f"(?:{words(items)})\\s*$")


class FactGrammar:
    """The compiled rules: cue pattern, linking patterns and the metric table."""

    def __init__(self, rules: FactRules) -> None:
        self.rules = rules
        link = rules.linking
        self.metrics = rules.metrics
        self.by_cue: dict[str, list[str]] = {}
        for name, metric in rules.metrics.items():
            for cue in metric.cues:
                self.by_cue.setdefault(cue, []).append(name)
        self.unnamed = frozenset(rules.unnamed)
        self.cue = regex.compile(words([*self.by_cue, *self.unnamed]))
        self.cue_start = first_chars([*self.by_cue, *self.unnamed])  # where no cue starts, none
        self.modifier = {w: name for name, ws in rules.modifiers.items() for w in ws}
        self.modifier_end = regex.compile(f"(?:{words(list(self.modifier))})$")
        self.topic_before = _before(link.topic_before)
        self.topic_after = _after(link.topic_after)
        self.opening_anaphor = regex.compile(
            f"(?:{words(link.opening_anaphors)})(?=\\s*(?:{words(link.opening_anaphor_next)}))"
        )
        self.agent_before = _before(link.agent_before)
        self.agent_verb = regex.compile(words(link.agent_verbs))
        self.maker_after = _after(link.maker_after)
        self.topic_reporters = frozenset(link.topic_reporters)
        cur = rules.currency
        self.default_words = regex.compile(words(cur.default_words))
        self.local_currency = {code: regex.compile(words(ws)) for code, ws in cur.local.items()}
        growth = rules.growth
        # 营收增长20% / 会员数同比下降5%: a cue, then a change word, right before a percentage
        self.cue_change = regex.compile(
            f"(?P<cue>{words(list(self.by_cue))})\\s*(?:{words(growth.comparison)})?"
            f"\\s*(?:(?:{words(growth.change_words)})\\s*(?:{words(link.change_aspect)})?|(?:{words(growth.rates)})"
            f"\\s*(?:{words(growth.copulas)})?)\\s*$"
        )
        self.role_after = _after(link.role_after)
        self.period_report = _after(link.period_reports)
        self.parent_after = _after(link.parent_after)
        self.member_after = _after(link.member_after)
        self.sample = regex.compile(words(link.sample_words))
        self.joins_after = regex.compile(
            f"\\s*(?:{words(link.join_adverbs)})?\\s*(?:{words(link.joins_after)})"
            f"\\s*(?:{words(link.join_aspect)})?\\s*"
        )
        self.not_subject_before = regex.compile(f"(?:{words(link.not_subject_before)})\\s*[“「]?$")
        self.weak_cues = frozenset(link.weak_cues)
        self.connector = regex.compile(f"\\s*(?:{words(link.metric_connectors)})\\s*")
        self.time_not_after = _before(link.time_not_after)
        self.since_before = _before(link.since_before)
        self.since_until = regex.compile(words(link.since_until))
        self.change_from = _before(link.change_from)
        self.scope_prefix = regex.compile(f"(?:{words(link.scope_prefixes)})")
        self.period_mark = regex.compile(words(link.period_marks))
        self.future_mark = regex.compile(words(link.future_marks))
        of = words(link.of_words)
        self.of_words = tuple(link.of_words)
        self.of_gap = regex.compile(f"\\s*(?:{of})\\s*")
        # not 捐赠和行为 (a list): a two-character predicate after "figure 的 noun"
        not_first = regex.escape(link.not_predicate)
        self.predicate = regex.compile(f"\\s*(?![{not_first}])\\p{{Han}}{{2}}")
        self.adverbs = regex.compile(f"\\s*(?:{words(link.figure_adverbs)})?\\s*")
        self.relative_gap = regex.compile(f'(?:{of})\\s*[“「"]?')
        # 50万元的健康险（水滴健康保）: the product named in brackets right after the figure's noun
        self.bracketed = regex.compile(f"(?:{of})\\s*\\p{{Han}}{{1,6}}\\s*[（(]\\s*")
        self.ends_relative = regex.compile(f'(?:{of})\\s*[“「"]?\\s*$')
        self.total = regex.compile(words(link.total_words))
        story = rules.story
        norms = story.norm_before  # 高于法定的70%: a norm, maybe with its 的, right before
        self.norm_before = _before([*norms, *(n + o for n in norms for o in link.of_words)])
        self.related_news = regex.compile(f"\\s*(?:{words(related_headings())})")
        self.own_subject = regex.compile(
            words([*story.own_subject_openers, *story.condition_openers])
        )
        self.person = regex.compile(words(story.person_words))
        self.breakdown = regex.compile(f"\\s*(?:{words(story.breakdown)})")
        not_totals = words(story.not_totals)
        self.story_total = regex.compile(f"(?!{not_totals})(?:{words(link.total_words)})")
        self.partner_before = _before(story.partner_before)
        self.survey = regex.compile(words(story.survey_words))
        common = words(load_discourse().rules.antecedents.anaphor_not_after)
        self.unnamed_kind = regex.compile(f"(?:{common})(?:{words(story.kind_nouns)})")
        self.means = regex.compile(words(link.not_subject_before))
        self.growth_suffix = growth.suffix
        self.growth = regex.compile(
            f"(?:{words(growth.comparison)}).*?(?:{words(growth.change_words)})\\s*$"
        )
        self.respectively = regex.compile(words(growth.respectively))
        self.points = regex.compile(f"(?:{words(growth.points)})$")
        self.bare_growth = regex.compile(
            f"\\s*(?:{words(growth.change_words)})\\s*(?:{words(link.change_aspect)})?\\s*"
        )
        self.chain_stop = regex.compile(words(link.chain_stops))
        # 较2021年的180亿元 / 相比去年同期的: the gap before a figure a comparison is made with
        self.compared = regex.compile(
            f"[\\s，,]*(?:{words(growth.comparison)}|{words(link.time_not_after)})"
            f"[^，,。；;！？\n]{{0,12}}?(?:{of})\\s*"
        )


@cache
def load_grammar(name: str = RULES_FILE) -> FactGrammar:
    """Load, validate and compile the fact rules once per process (and on disk, across runs)."""
    return compiled(f"fact_grammar-{name}", lambda: FactGrammar(load_yaml(name, FactRules)))
