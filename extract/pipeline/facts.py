"""Facts: link each figure to its subject, source, metric and time (stage `zh_facts`).

A figure becomes a fact a data team can query ("相互宝, management_fee, 729000000 CNY, 2020")
once we know what it is about. The grammar is data (`rules/metrics.yaml`): the metric lexicon
and the linking words. The linking works clause by clause (clauses split by ，；。 ...):

- subject: the nearest organisation before the figure in its clause that the clause is about;
  else the organisation the figure modifies (超过1亿人的相互宝); else the sentence topic
  (以X为例); else, through an anaphor (其, 该平台, 平台), the subject of the previous clause or
  sentence; else, with the subject left out, the subject of the clause just before. Never a
  reporter (据X统计, X研报, a media outlet saying something), a byline, a parent (X旗下Y), a
  place (在X平台) or a member of a list (水滴筹、轻松筹等): those leave the subject null.
- source: the organisation that reports the figure in its sentence, when one does.
- metric: the nearest cue before the figure in its clause whose metric accepts the figure's
  type and unit, else the nearest after it; a change after a comparison (较2020年增长8.57%) is
  the growth of the figure before it.
- time: the temporal expression that scopes the figure: one alone in brackets right after it
  (300亿元（2022年）), else the nearest one before it in its clause, else a leading, period or
  截至 one earlier in the sentence, else a 截至 one after it; comparison bases (较2020年), dates
  in titles and the date of a change's start (从2022年的A增至B: 2022年 is A's, not B's) never.

Precision first: where the text does not say, the field stays null.
"""

from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import regex
from pydantic import Field, model_validator
from spacy.language import Language
from spacy.tokens import Doc

from extract.grammar_kit import HAN, char_class
from extract.grammar_kit import alternation as _words  # longest first: 筹款总额 before 筹款
from extract.pipeline.annotations import Found, found_of, read, text_of, write
from extract.rules import RulesModel, load_yaml

RULES_FILE = "metrics.yaml"
FIGURE_TYPES = ("amount", "count", "percentage")
FigureType = Literal["amount", "count", "percentage"]
_BRACKET_OPEN = regex.compile(r"\s*[（(]\s*")
_NOT_BRACKET_GAP = regex.compile(r"[^\s（(]")  # the gap to a bracketed date ends before it
_RELATIVE_REACH = 3
_BRACKET_CLOSE = regex.compile(r"\s*[）)]")
_HAN = regex.compile(HAN)


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


class Linking(RulesModel):
    clause_breaks: str = Field(min_length=1)
    quotes: list[str]
    titles: list[str]
    anaphors: list[str]
    anaphor_not_before: list[str]
    anaphor_not_after: list[str]
    opening_anaphors: list[str]
    anaphor_lookback: int = Field(gt=0)
    opening_anaphor_next: list[str]
    agent_before: list[str]
    agent_verbs: list[str]
    maker_after: list[str]
    pronoun_words: list[str]
    pronoun_nouns: list[str]
    paragraph_anaphors: list[str]
    topic_reporters: list[str]
    role_after: list[str]
    period_reports: list[str]
    topic_before: list[str]
    topic_after: list[str]
    parent_after: list[str]
    not_subject_before: list[str]
    byline_after: list[str]
    byline_before: list[str]
    report_before: list[str]
    report_cues: list[str]
    statement_cues: list[str]
    reporter_gap: int = Field(gt=0)
    reporter_types: list[str]
    list_joiners: list[str]
    list_end: list[str]
    carry_clauses: int = Field(ge=0)
    classifier_units: list[str]
    classifier_reach: int = Field(ge=0)
    weak_cues: list[str]
    metric_connectors: list[str]
    time_not_after: list[str]
    change_from: list[str]
    scope_prefixes: list[str]
    period_marks: list[str]
    future_marks: list[str]
    clause_openers: list[str]
    of_words: list[str] = Field(min_length=1)
    not_predicate: str
    aspect_marks: list[str]

    @model_validator(mode="after")
    def _pairs(self) -> Linking:
        bad = [p for p in [*self.quotes, *self.titles] if len(p) != 2]
        if bad:
            raise ValueError(f"quotes/titles must be open+close character pairs: {bad}")
        return self


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


class FactRules(RulesModel):
    """The schema of rules/metrics.yaml (see the file's header for what each part means)."""

    metrics: dict[str, Metric]
    modifiers: dict[str, list[str]]
    growth: Growth
    linking: Linking
    lead_metrics: dict[str, list[str]]
    currency: Currency

    @model_validator(mode="after")
    def _names(self) -> FactRules:
        bad = [
            m for m in [*self.metrics, *self.modifiers] if not regex.fullmatch(r"[a-z][a-z_]*", m)
        ]
        bad += [m for ms in self.lead_metrics.values() for m in ms if m not in self.metrics]
        if bad:
            raise ValueError(f"metric and modifier names must be snake_case and known: {bad}")
        return self


def _pairs_pattern(pairs: Sequence[str]) -> regex.Pattern[str]:
    alts = [f"{regex.escape(p[0])}[^{regex.escape(p)}\n]*{regex.escape(p[1])}" for p in pairs]
    return regex.compile("|".join(alts) or "(?!)")


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
        self.cue = regex.compile(_words(list(self.by_cue)))
        self.modifier = {w: name for name, ws in rules.modifiers.items() for w in ws}
        self.modifier_end = regex.compile(f"(?:{_words(list(self.modifier))})$")
        self.clause_break = regex.compile(f"[{regex.escape(link.clause_breaks)}]")
        self.quote = _pairs_pattern(link.quotes)
        self.title = _pairs_pattern(link.titles)
        anaphor = f"(?:{_words(link.anaphors)})"
        self.anaphor = regex.compile(
            f"(?<!{_words(link.anaphor_not_after)}){anaphor}(?!{_words(link.anaphor_not_before)})"
        )
        self.topic_before = regex.compile(f"(?:{_words(link.topic_before)})\\s*$")
        self.topic_after = regex.compile(f"\\s*(?:{_words(link.topic_after)})")
        self.opening_anaphor = regex.compile(
            f"(?:{_words(link.opening_anaphors)})(?=\\s*(?:{_words(link.opening_anaphor_next)}))"
        )
        self.agent_before = regex.compile(f"(?:{_words(link.agent_before)})\\s*$")
        self.agent_verb = regex.compile(_words(link.agent_verbs))
        self.maker_after = regex.compile(f"\\s*(?:{_words(link.maker_after)})")
        self.pronoun = regex.compile(
            f"(?:{_words(link.pronoun_words)})(?P<noun>{_words(link.pronoun_nouns)})"
        )
        self.paragraph_anaphor = regex.compile(f"{anaphor}|(?:{_words(link.paragraph_anaphors)})")
        self.paragraph_opener = regex.compile(
            f"\\s*(?:(?:{_words(link.clause_openers)})[\\s{regex.escape(link.clause_breaks)}]*)?"
        )
        self.topic_reporters = frozenset(link.topic_reporters)
        of = f"(?:{_words(link.of_words)})"
        self.relative_gap = regex.compile(f"{of}\\s*[“「\"]?")
        # 50万元的健康险（水滴健康保）: the product named in brackets right after the noun
        self.bracketed = regex.compile(f"{of}\\s*{HAN}{{1,6}}\\s*[（(]\\s*")
        self.ends_relative = regex.compile(f"{of}\\s*[“「\"]?\\s*$")
        # 的 between a figure and its noun (86.36万人次的求助者上传了…: a subset) or a date and
        # its figure (从2022年的200万元)
        self.of_gap = regex.compile(f"\\s*{of}\\s*")
        self.predicate = regex.compile(f"\\s*(?!{char_class(link.not_predicate)}){HAN}{{2}}")
        cur = rules.currency
        self.default_words = regex.compile(_words(cur.default_words))
        self.local_currency = {
            code: regex.compile(_words(words)) for code, words in cur.local.items()
        }
        # 营收增长20% / 会员数同比下降5%: a cue, then a change word, right before a percentage
        self.cue_change = regex.compile(
            f"(?P<cue>{_words(list(self.by_cue))})\\s*(?:{_words(rules.growth.comparison)})?"
            f"\\s*(?:{_words(rules.growth.change_words)})\\s*(?:{_words(link.aspect_marks)})?\\s*$"
        )
        self.role_after = regex.compile(f"\\s*(?:{_words(link.role_after)})")
        self.period_report = regex.compile(f"\\s*(?:{_words(link.period_reports)})")
        self.parent_after = regex.compile(f"\\s*(?:{_words(link.parent_after)})")
        self.not_subject_before = regex.compile(f"(?:{_words(link.not_subject_before)})\\s*[“「]?$")
        self.byline_after = regex.compile(f"\\s*(?:{_words(link.byline_after)})")
        # matched backwards from an organisation: it ends where the organisation starts
        self.byline_before = regex.compile(f"(?:{_words(link.byline_before)})\\s*$", regex.REVERSE)
        self.report_before = regex.compile(f"(?:{_words(link.report_before)})\\s*$")
        self.report_cue = regex.compile(_words(link.report_cues))
        self.statement_cue = regex.compile(_words(link.statement_cues))
        self.list_joiner = regex.compile(f"\\s*(?:{_words(link.list_joiners)})\\s*$")
        # a character no list joiner gap can hold: the gap ends before it
        joiner_chars = regex.escape("".join(sorted(set("".join(link.list_joiners)))))
        self.not_joiner = regex.compile(f"[^\\s{joiner_chars}]")
        self.list_end = regex.compile(f"\\s*(?:{_words(link.list_end)})")
        self.weak_cues = frozenset(link.weak_cues)
        self.connector = regex.compile(f"\\s*(?:{_words(link.metric_connectors)})\\s*")
        self.time_not_after = regex.compile(f"(?:{_words(link.time_not_after)})\\s*$")
        self.change_from = regex.compile(f"(?:{_words(link.change_from)})\\s*$")
        self.scope_prefix = regex.compile(f"(?:{_words(link.scope_prefixes)})")
        self.period_mark = regex.compile(_words(link.period_marks))
        self.future_mark = regex.compile(_words(link.future_marks))
        self.opener = regex.compile(f"\\s*(?:(?:{_words(link.clause_openers)})\\s*)?")
        growth = rules.growth
        self.growth_suffix = growth.suffix
        self.growth = regex.compile(
            f"(?:{_words(growth.comparison)}).*?(?:{_words(growth.change_words)})\\s*$"
        )
        self.respectively = regex.compile(_words(growth.respectively))


@cache
def load_grammar(name: str = RULES_FILE) -> FactGrammar:
    """Load, validate and compile the fact rules once per process."""
    return FactGrammar(load_yaml(name, FactRules))


# --- the document as clauses -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Org:
    """An organisation mention and what it may be in its clause."""

    item: Found
    subject: bool  # may be what its clause is about
    reporter: bool  # reports figures (source)
    topic: bool  # 以X为例
    listed: bool  # one of a list (A、B等)
    maker: bool  # X推出的Y: X made what the clause is about
    told: bool  # 据X披露 with X a platform or the like: what a later 该平台 refers to

    @property
    def ref(self) -> dict[str, str]:
        return {"org_id": self.item.fields["org_id"], "name": self.item.fields["name"]}


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    orgs: list[_Org]
    dates: list[Found]
    figures: list[Found]
    topic: dict[str, str] | None = None


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    for s, e in spans:
        if s <= start and end <= e:
            return s, e
    return None


class _Linker:
    """Links the figures of one text; state is per call (one document)."""

    def __init__(self, g: FactGrammar, text: str, orgs: list[Found], dates: list[Found]) -> None:
        self.g = g
        self.text = text
        self.titles = [m.span() for m in g.title.finditer(text)]
        self.quotes = [m.span() for m in g.quote.finditer(text)]
        self.orgs = sorted(orgs, key=lambda f: f.start)
        self.org_starts = [o.start for o in self.orgs]
        self.dates = [d for d in sorted(dates, key=lambda f: f.start) if self._date_ok(d)]
        self.date_starts = [d.start for d in self.dates]
        self.changes: set[int] = set()  # percentages read as a change (较2020年增长8.57%)
        self.named: list[dict[str, str]] = []  # the subject organisations of the last sentence
        self.joined = self._joined()

    def orgs_in(self, start: int, end: int | None = None) -> list[Found]:
        """The organisations starting in [start, end), in offset order."""
        hi = len(self.orgs) if end is None else bisect_left(self.org_starts, end)
        return self.orgs[bisect_left(self.org_starts, start) : hi]

    def dates_in(self, start: int, end: int | None = None) -> list[Found]:
        """The dates starting in [start, end), in offset order."""
        hi = len(self.dates) if end is None else bisect_left(self.date_starts, end)
        return self.dates[bisect_left(self.date_starts, start) : hi]

    # -- organisations --

    def _classify(
        self, org: Found, clause_start: int, clause_end: int, figures: list[Found]
    ) -> _Org:
        g, text = self.g, self.text
        before = text[clause_start : org.start]
        after = text[org.end : clause_end]
        in_title = _inside(self.titles, org.start, org.end) is not None
        byline = bool(g.byline_after.match(after) or g.byline_before.match(text, 0, org.start))
        parent = bool(g.parent_after.match(after))
        maker = bool(g.maker_after.match(after))
        # 由X推出 makes X the topic unless the clause named what X made before it (Y由X推出)
        topic = bool(g.topic_before.search(before) and g.topic_after.match(after)) or bool(
            not maker
            and g.agent_before.search(before)
            and g.agent_verb.search(after)
            and not self.orgs_in(clause_start, org.start)
        )
        role = bool(g.role_after.match(after)) and any(
            g.ends_relative.search(text[org.end : o.start])
            for o in self.orgs_in(org.end, clause_end)
        )
        listed = id(org) in self.joined or bool(g.list_end.match(text, org.end))
        reports = bool(g.report_before.search(before))
        states = False
        limit = min(clause_end, org.end + g.rules.linking.reporter_gap + 8)
        nxt = self.orgs_in(org.end)[:1]
        stop = min(
            [limit, *(o.start for o in nxt), *(f.start for f in figures if f.start >= org.end)]
        )
        window = text[org.end : stop]
        report = g.report_cue.search(window)
        if report and report.start() <= g.rules.linking.reporter_gap:
            reports = True
        statement = g.statement_cue.search(window)
        if statement and statement.start() <= g.rules.linking.reporter_gap:
            states = True
        only_reports = org.fields.get("org_type") in g.rules.linking.reporter_types
        reporter = reports or states
        subject = not (
            in_title
            or byline
            or parent
            or listed
            or reports
            or (states and only_reports)
            or role
            or maker
            or (g.not_subject_before.search(before) and not topic)
        )
        reporter = reporter and not byline and not in_title
        told = reporter and org.fields.get("org_type") in g.topic_reporters
        return _Org(org, subject, reporter, topic, listed, maker, told)

    def _joined(self) -> set[int]:
        """A、B / A和B: the organisations (by id) joined to another one by a list joiner (with 等
        after it, one is listed too). Each is paired only with those starting before the first
        character after it that no joiner gap can hold."""
        joined = set()
        for org in self.orgs:
            stop = self.g.not_joiner.search(self.text, org.end)
            end = stop.start() + 1 if stop else len(self.text) + 1
            for other in self.orgs_in(org.end, end):
                if self.g.list_joiner.fullmatch(self.text, org.end, other.start):
                    joined.update((id(org), id(other)))
        return joined

    # -- dates --

    def _date_ok(self, date: Found) -> bool:
        if _inside(self.titles, date.start, date.end) is not None:
            return False
        return not self.g.time_not_after.search(self.text[max(0, date.start - 4) : date.start])

    def _is_period(self, date: Found) -> bool:
        value = date.fields.get("value") or ""
        return "/" in value or bool(self.g.period_mark.search(self.text, date.start, date.end))

    def _is_scope(self, date: Found) -> bool:
        return bool(self.g.scope_prefix.match(self.text, date.start))

    def _time_ref(self, date: Found) -> dict[str, Any]:
        f = date.fields
        return {
            "value": f.get("value"),
            "precision": f.get("precision"),
            "resolved_from": f.get("resolved_from"),
            "text": self.text[date.start : date.end],
        }

    # -- the walk --

    def clauses(self, start: int, end: int, figures: list[Found]) -> list[_Clause]:
        cuts = [start] + [m.end() for m in self.g.clause_break.finditer(self.text, start, end)]
        if cuts[-1] != end:
            cuts.append(end)
        out = []
        for s, e in itertools.pairwise(cuts):
            figs = [f for f in figures if s <= f.start < e]
            orgs = [self._classify(o, s, e, figs) for o in self.orgs_in(s, e)]
            dates = self.dates_in(s, e)
            out.append(_Clause(s, e, orgs, dates, figs))
        return out

    def _leading(self, clause: _Clause, date: Found) -> bool:
        """The date opens its clause (2020年，... / 据了解，2020年 ...)."""
        m = self.g.opener.match(self.text, clause.start)
        return m is not None and m.end() >= date.start

    def _content_free(self, clause: _Clause) -> bool:
        """A clause that is only a time (2020年，) or an opener (据了解，) carries nothing."""
        rest = self.text[clause.start : clause.end]
        for d in clause.dates:
            rest = rest.replace(self.text[d.start : d.end], "")
        rest = self.g.clause_break.sub("", rest)
        return not rest.strip() or bool(self.g.opener.fullmatch(rest))

    def link_sentence(self, start: int, end: int, figures: list[Found], prev_topic: Any) -> tuple:
        """Link the figures of one sentence; returns (linked figures, the sentence's last topic)."""
        clauses = self.clauses(start, end, figures)
        linked: list[Found] = []
        metrics: list[tuple[Found, str | None]] = []
        topic: dict[str, str] | None = None  # 以X为例
        last: tuple[int, dict[str, str] | None] | None = None  # (clause index, subject)
        recent = prev_topic  # for anaphors: the latest subject known
        for i, clause in enumerate(clauses):
            for org in clause.orgs:
                if org.topic:
                    topic = org.ref
            anaphor, named = self._anaphor(clause)
            antecedent = named or recent
            carried = None
            if last is not None:
                between = [c for c in clauses[last[0] + 1 : i] if not self._content_free(c)]
                if len(between) <= self.g.rules.linking.carry_clauses:
                    carried = last[1]
            blocked = any(o.listed for o in clause.orgs) or self._made(clause)
            for fig in clause.figures:
                subject = self._subject(clause, fig, topic, anaphor, antecedent, carried, blocked)
                fields = dict(fig.fields)
                fields["subject"] = subject
                fields["source"] = self._source(clauses, i, fig)
                metric = self._metric(clause, fig, metrics, start)
                fields["metric"] = metric
                metrics.append((fig, metric))
                date = self._time(clauses, i, fig, end)
                fields["time"] = self._time_ref(date) if date is not None else None
                linked.append(dataclasses.replace(fig, fields=fields))
            subject = self._clause_topic(
                clause, linked, topic, anaphor, antecedent, carried, blocked
            )
            if subject is not None or blocked:
                last = (i, subject)
                recent = subject
            else:
                told = [o for o in clause.orgs if o.told]
                if told:
                    recent = told[-1].ref
        self.named = [o.ref for c in clauses for o in c.orgs if o.subject]
        return linked, recent

    @staticmethod
    def _made(clause: _Clause) -> bool:
        """X推出的产品…: the last organisation of the clause that may be about it only made it."""
        roles = [o for o in clause.orgs if o.subject or o.maker]
        return bool(roles) and roles[-1].maker

    def _anaphor(self, clause: _Clause) -> tuple[int | None, dict[str, str] | None]:
        """Where an anaphor (其, 该平台, 平台) stands in the clause, outside organisation names,
        and the organisation it names when it is a pronoun with one antecedent (该基金会)."""
        for m in self.g.pronoun.finditer(self.text, clause.start, clause.end):
            if not any(o.item.start <= m.start() < o.item.end for o in clause.orgs):
                named = self._antecedent(m.start(), m.group("noun"))
                if named is not None:
                    return m.start(), named
        for m in self.g.anaphor.finditer(self.text, clause.start, clause.end):
            if not any(o.item.start <= m.start() <= o.item.end for o in clause.orgs):
                return m.start(), None
        opener = self.g.opener.match(self.text, clause.start)
        at = opener.end() if opener else clause.start
        word = self.g.opening_anaphor.match(self.text, at)
        if word is not None:
            lookback = self.text[max(0, at - self.g.rules.linking.anaphor_lookback) : at]
            if word.group()[-2:] in lookback:  # 该项目 / 项目 refer to a 项目 named before
                return at, None
        return None, None

    def _antecedent(self, at: int, noun: str) -> dict[str, str] | None:
        """The one organisation named before `at` whose name ends with `noun`, else None."""
        fits = {
            o.fields["org_id"]: o
            for o in self.orgs_in(0, at)
            if o.fields["name"].endswith(noun) or self.text[o.start : o.end].endswith(noun)
        }
        if len(fits) != 1:
            return None
        (org,) = fits.values()
        return {"org_id": org.fields["org_id"], "name": org.fields["name"]}

    def _subject(
        self,
        clause: _Clause,
        fig: Found,
        topic: dict[str, str] | None,
        anaphor: int | None,
        recent: dict[str, str] | None,
        carried: dict[str, str] | None,
        blocked: bool,
    ) -> dict[str, str] | None:
        after = next((o for o in clause.orgs if o.item.start >= fig.end and o.subject), None)
        if after is not None:
            gap = self.text[fig.end : after.item.start]
            if self.g.bracketed.fullmatch(gap) and _BRACKET_CLOSE.match(self.text, after.item.end):
                return after.ref  # 50万元的健康险（水滴健康保）: more specific than any before
        before = [o for o in clause.orgs if o.item.end <= fig.start]
        if any(o.listed for o in before):
            return None
        for org in reversed(before):
            if org.subject:
                return org.ref
        if after is not None:
            gap = self.text[fig.end : after.item.start]
            if len(gap) <= _RELATIVE_REACH and self.g.relative_gap.fullmatch(gap):
                return after.ref
        if blocked:
            return None
        if topic is not None:
            return topic
        if anaphor is not None and anaphor < fig.start:
            return recent
        return carried

    def _clause_topic(
        self,
        clause: _Clause,
        linked: list[Found],
        topic: dict[str, str] | None,
        anaphor: int | None,
        recent: dict[str, str] | None,
        carried: dict[str, str] | None,
        blocked: bool,
    ) -> dict[str, str] | None:
        """What the clause is about, for the clauses after it."""
        if blocked:
            return None
        mine = [f.fields["subject"] for f in linked if clause.start <= f.start < clause.end]
        if mine and mine[-1] is not None:
            return mine[-1]
        for org in clause.orgs:
            if org.subject:
                return org.ref
        if any(o.topic for o in clause.orgs):
            return topic
        if anaphor is not None:
            return recent
        if clause.figures:
            return carried or topic
        return None

    def _source(self, clauses: list[_Clause], index: int, fig: Found) -> dict[str, str] | None:
        for clause in reversed(clauses[: index + 1]):
            for org in reversed(clause.orgs):
                if org.reporter and org.item.end <= fig.start:
                    return org.ref
        return None

    def _metric(
        self, clause: _Clause, fig: Found, done: list[tuple[Found, str | None]], sentence_start: int
    ) -> str | None:
        g, text = self.g, self.text
        seg_start, seg_end = clause.start, clause.end
        quoted = _inside(self.quotes, fig.start, fig.end)
        if quoted is not None:
            seg_start, seg_end = max(seg_start, quoted[0]), min(seg_end, quoted[1])
        previous = [f for f in clause.figures if f.end <= fig.start and f.end > seg_start]
        following = [f for f in clause.figures if f.start >= fig.end and f.start < seg_end]
        lo = previous[-1].end if previous else seg_start
        hi = following[0].start if following else seg_end
        if fig.type == "percentage" and (named := g.cue_change.search(text, lo, fig.start)):
            self.changes.add(id(fig))
            return self._named_growth(named.group("cue"))
        if fig.type == "percentage" and (
            g.growth.search(text, clause.start, fig.start)
            or (
                previous
                and id(previous[-1]) in self.changes
                and g.connector.fullmatch(text, lo, fig.start)
            )
        ):
            self.changes.add(id(fig))
            return self._growth(clause, fig, done)
        link = g.rules.linking
        if (
            fig.type == "count"
            and fig.fields.get("unit") in link.classifier_units
            and _HAN.match(text, fig.end)
        ):
            m = g.cue.search(text, fig.end, min(hi, fig.end + link.classifier_reach + 4))
            if m is None or m.start() > fig.end + link.classifier_reach:
                return self._adjacent_classifier_cue(fig, lo, sentence_start)
            return self._accept(m, fig, sentence_start)
        cues = list(g.cue.finditer(text, lo, fig.start))
        head = g.cue.match(text, fig.start, fig.end)  # 最高300万元: a qualifier that is a cue
        if head is not None:
            cues.append(head)
        for k in range(len(cues) - 1, -1, -1):
            m = cues[k]
            if k and m.group() in g.weak_cues:
                continue  # 筹款最高达1亿元: the maximum of 筹款
            metric = self._accept(m, fig, sentence_start)
            if metric is not None:
                return metric
        if previous and g.connector.fullmatch(text, lo, fig.start):
            for f, metric in reversed(done):
                if f is previous[-1] and f.type == fig.type:
                    return metric
        for m in g.cue.finditer(text, fig.end, hi):
            metric = self._accept(m, fig, sentence_start)
            if metric is not None:
                if g.of_gap.fullmatch(text, fig.end, m.start()) and g.predicate.match(
                    text, m.end(), hi
                ):
                    return None  # 86.36万人次的求助者上传了…: a subset, not all fundraisers
                return metric
        return None

    def _adjacent_classifier_cue(self, fig: Found, lo: int, sentence_start: int) -> str | None:
        """会员单位467家企业: a cue right before a classifier count names it when its metric lists
        that classifier (the noun after the count is then only what the units are)."""
        unit = fig.fields.get("unit")
        for m in self.g.cue.finditer(self.text, lo, fig.start):
            if self.text[m.end() : fig.start].strip():
                continue
            if any(unit in self.g.metrics[name].units for name in self.g.by_cue[m.group()]):
                return self._accept(m, fig, sentence_start)
        return None

    def _accept(self, m: regex.Match[str], fig: Found, sentence_start: int) -> str | None:
        """The first metric named by cue `m` that takes this figure, with its modifier."""
        text = self.text
        for name in self.g.by_cue[m.group()]:
            metric = self.g.metrics[name]
            if fig.type not in metric.types:
                continue
            if fig.type == "count" and metric.units and fig.fields.get("unit") not in metric.units:
                continue
            if metric.needs and not any(
                w in text[sentence_start : m.start()] for w in metric.needs
            ):
                continue
            if any(self._covers(word, m) for word in metric.not_in):
                continue
            mod = self.g.modifier_end.search(text[max(0, m.start() - 4) : m.start()])
            return f"{name}_{self.g.modifier[mod.group()]}" if mod else name
        return None

    def _covers(self, word: str, m: regex.Match[str]) -> bool:
        """Whether `word` (a longer word with another meaning) covers the cue at `m`."""
        lo = max(0, m.end() - len(word))
        return any(
            self.text.startswith(word, s) and s + len(word) >= m.end()
            for s in range(lo, m.start() + 1)
        )

    def _named_growth(self, cue: str) -> str | None:
        """营收同比增长20%: the growth of the first metric of the cue that counts or sums."""
        for name in self.g.by_cue[cue]:
            if set(self.g.metrics[name].types) - {"percentage"}:
                return name + self.g.growth_suffix
        return None

    def _growth(
        self, clause: _Clause, fig: Found, done: list[tuple[Found, str | None]]
    ) -> str | None:
        """A change in a comparison: the growth of the figure before it (分别: in order)."""
        # the figures the changes follow, metric or not: an unnamed one (None) names no growth
        bases = [m for f, m in done if f.type != "percentage"]
        respectively = self.g.respectively.search(self.text, clause.start, fig.start)
        group = [fig]
        if respectively is not None:
            group = [
                f
                for f in clause.figures
                if f.type == "percentage" and f.start > respectively.start()
            ]
        if len(bases) < len(group):
            return None
        k = next(i for i, f in enumerate(group) if f is fig)
        base = bases[len(bases) - len(group) + k]
        return base + self.g.growth_suffix if base else None

    def _time(
        self, clauses: list[_Clause], index: int, fig: Found, sentence_end: int
    ) -> Found | None:
        text = self.text
        stop = _NOT_BRACKET_GAP.search(text, fig.end)
        for d in self.dates_in(fig.end, stop.start() + 1 if stop else len(text) + 1):
            if _BRACKET_OPEN.fullmatch(text, fig.end, d.start) and _BRACKET_CLOSE.match(
                text, d.end
            ):
                return d  # （2021年为200亿元）is another figure's time, not this one's
        clause = clauses[index]
        same = [
            d for d in clause.dates if d.end <= fig.start and not self._change_start(clause, d, fig)
        ]
        if same:
            return same[-1]
        for earlier in reversed(clauses[:index]):
            if self.g.future_mark.search(text, earlier.end, fig.start):
                break  # 计划在未来3—5年内，打造 ...: the earlier times do not scope it
            for d in reversed(earlier.dates):
                if (
                    self._leading(earlier, d)
                    or self._is_period(d)
                    or self._is_scope(d)
                    or self.g.period_report.match(text, d.end)
                ):
                    return d
        for d in self.dates_in(fig.end, sentence_end):
            if self._is_scope(d):
                return d
        return None

    def _change_start(self, clause: _Clause, date: Found, fig: Found) -> bool:
        """从2022年的200万元增至300万元: the date is the start figure's own (date 的 figure, or
        date figure right after 从 / 由) and `fig` ends the change: the date does not scope it."""
        g, text = self.g, self.text
        for a, b in itertools.pairwise(clause.figures):
            if (
                b is not fig
                or a.start < date.end
                or not g.connector.fullmatch(text, a.end, b.start)
            ):
                continue
            if g.of_gap.fullmatch(text, date.end, a.start) or (
                not text[date.end : a.start].strip()
                and g.change_from.search(text, max(0, date.start - 4), date.start)
            ):
                return True
        return False


def _paragraph_starts(text: str, paragraphs: Sequence[tuple[int, int]] | None) -> list[int]:
    """Where paragraphs start: the given spans, else after each line break."""
    if paragraphs is not None:
        return sorted(s for s, _ in paragraphs)
    return [0, *(m.end() for m in regex.finditer(r"\n+", text))]


def _lead(g: FactGrammar, named: list[dict[str, str]], orgs: list[Found]) -> Found | None:
    """The one organisation a paragraph's first sentence is about, when its type has lead
    metrics (瓯惠保首周参保超42万人 -> 瓯惠保)."""
    ids = {n["org_id"] for n in named}
    if len(ids) != 1:
        return None
    org = next(o for o in orgs if o.fields["org_id"] in ids)
    return org if org.fields.get("org_type") in g.rules.lead_metrics else None


def _local_currency(g: FactGrammar, text: str) -> str | None:
    """The one local currency (新台币 ...) a document names, when it never names the default."""
    if g.default_words.search(text):
        return None
    named = [code for code, words in g.local_currency.items() if words.search(text)]
    return named[0] if len(named) == 1 else None


def link_facts(
    text: str,
    figures: Sequence[Found],
    dates: Sequence[Found],
    orgs: Sequence[Found],
    sentences: Sequence[tuple[int, int]],
    *,
    paragraphs: Sequence[tuple[int, int]] | None = None,
    grammar: FactGrammar | None = None,
) -> list[Found]:
    """Each figure of `figures` as a copy with subject, source, metric and time filled in.

    `text` is the clean view; `dates` are `date` items, `orgs` `org` items, `sentences` the
    clean-view sentence spans, `paragraphs` the paragraph spans (None: split at line breaks).
    A paragraph starts a new topic unless it opens with an anaphor. Pure: no spaCy, no
    document needed.
    """
    g = grammar or load_grammar()
    linker = _Linker(g, text, list(orgs), list(dates))
    spans = list(sentences) or [(0, len(text))]
    figs = sorted((f for f in figures if f.type in FIGURE_TYPES), key=lambda f: f.start)
    fig_starts = [f.start for f in figs]
    mines = [figs[bisect_left(fig_starts, s) : bisect_left(fig_starts, e)] for s, e in spans]
    # the topic only matters to figures: none is carried past the last sentence holding one
    last = max((i for i, mine in enumerate(mines) if mine), default=-1)
    starts = _paragraph_starts(text, paragraphs)
    local = _local_currency(g, text)
    out: list[Found] = []
    topic = None
    lead: Found | None = None
    lead_end = 0  # where the lead sentence ends: lead figures come after it
    paragraph = -1
    taken: set[int] = set()
    for (start, end), mine in zip(spans[: last + 1], mines, strict=False):
        here = bisect_left(starts, start + 1) - 1  # the paragraph holding the sentence
        first = here != paragraph
        if first:
            paragraph, lead = here, None
            if not g.paragraph_anaphor.match(text, g.paragraph_opener.match(text, start).end()):
                topic = None  # a new paragraph, a new topic
        if not mine and not linker.orgs_in(start, end):
            continue  # no figure, no organisation: the sentence leaves the topic as it was
        linked, topic = linker.link_sentence(start, end, mine, topic)
        if first:
            lead, lead_end = _lead(g, linker.named, linker.orgs_in(start, end)), end
        elif lead is not None:
            linked = [_led(g, linker, f, lead, lead_end) for f in linked]
        out.extend(linked)
        taken.update(id(f) for f in mine)
    for f in figs:  # a figure outside every sentence span: linked on its own
        if id(f) not in taken:
            out.extend(linker.link_sentence(f.start, f.end, [f], None)[0])
    if local is not None:
        out = [_in_currency(g, text, f, local) for f in out]
    return sorted(out, key=lambda f: (f.start, f.end))


def _led(g: FactGrammar, linker: _Linker, fig: Found, lead: Found, lead_end: int) -> Found:
    """A figure without subject, with no organisation between the lead sentence and the end of
    its clause, whose metric the lead's type has: the lead is its subject."""
    if fig.fields["subject"] is not None or fig.fields["metric"] not in g.rules.lead_metrics.get(
        lead.fields.get("org_type"), ()
    ):
        return fig
    brk = g.clause_break.search(linker.text, fig.end)
    if linker.orgs_in(lead_end, brk.start() if brk else len(linker.text)):
        return fig
    ref = {"org_id": lead.fields["org_id"], "name": lead.fields["name"]}
    return dataclasses.replace(fig, fields={**fig.fields, "subject": ref})


def _in_currency(g: FactGrammar, text: str, fig: Found, code: str) -> Found:
    """An amount read in the default currency, in a document written in `code` (新台币)."""
    if (
        fig.type != "amount"
        or fig.fields.get("currency") != g.rules.currency.default
        or g.default_words.search(text, fig.start, fig.end)
    ):
        return fig
    return dataclasses.replace(fig, fields={**fig.fields, "currency": code})


@Language.factory(
    "zh_facts",
    assigns=["doc._.facts"],
    requires=["doc._.figures", "doc._.dates", "doc._.orgs"],
    default_config={"rules": RULES_FILE},
)
class FactLinker:
    """spaCy stage: the figures of `doc._.figures` with subject, source, metric and time filled
    in, into `doc._.facts`.

    Runs after zh_organisations, zh_figures and zh_temporal (and zh_sentences when there is no
    ingested source to take sentences from).
    """

    def __init__(self, nlp: Language, name: str, *, rules: str) -> None:
        self.name = name
        self.grammar = load_grammar(rules)

    def find(self, doc: Doc) -> list[Found]:
        source = doc._.source
        if source is not None:
            sentences = list(source.sentences)
        elif doc.has_annotation("SENT_START"):
            sentences = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            sentences = [(0, len(text_of(doc)))]
        return link_facts(
            text_of(doc),
            read(doc, "figures"),
            found_of(doc, "date"),
            found_of(doc, "org"),
            sentences,
            paragraphs=None if source is None else list(source.paragraphs),
            grammar=self.grammar,
        )

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        """Write each figure of `doc._.figures` as its linked copy (Found is frozen)."""
        linked = {(f.type, f.start, f.end): f for f in found}
        figures = [linked.get((f.type, f.start, f.end), f) for f in read(doc, "figures")]
        write(doc, "facts", figures)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
