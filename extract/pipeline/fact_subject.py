"""The subject resolver: which organisation a figure is about, and who reports it (source).

Each organisation of a clause first gets its role from the discourse (`classify`): a byline, a
title, a parent (X旗下Y), a maker (X推出的Y), a place or member of a set (在X, 包括X), a list
member (A、B等), a reporter (据X, X研报) never is the subject; a speaker (X表示, X数据显示) is,
unless its type only reports. Then `subject` picks, and names the rule it used:

- `bracketed_after`: the product named in brackets right after the figure's noun
  (50万元的健康险（水滴健康保）);
- `nearest_before`: the nearest organisation before the figure in its clause that may be it;
- `relative_after`: the organisation the figure modifies (超过1亿人的相互宝);
- `topic`: the sentence's topic (以X为例, 由X推出);
- `anaphor`: through 其 / 该平台 / 该基金会, the latest subject or the pronoun's antecedent;
- `joins_after`: people counted joining or using the organisation after them (超过2000万人加入了
  水滴互助, 1亿人使用相互宝);
- `speaker`: 我们 / 本公司 before the figure: the organisation that speaks later in the sentence
  or in the next one (“我们去年筹得2.5亿元。”X副秘书长表示);
- `carried`: with the subject left out, the subject of a clause just before (never one of a
  type that reports others' figures: discourse.yaml `uncarried_types`; not into a clause
  opening with its own subject, 企业承诺…);
- `lead`, `heading`, `title`, `issuer` (fact_topic.py) and `story` (fact_story.py): topics beyond
  the sentence, for the figures still without one.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from extract.pipeline.annotations import Found, Spans
from extract.pipeline.discourse import Discourse, Ref
from extract.pipeline.fact_rules import FactGrammar

_RELATIVE_REACH = 3
_BRACKET_CLOSE = regex.compile(r"\s*[）)]")

Choice = tuple[Ref | None, str | None]  # the reference and the rule that chose it


def ref_of(org: Found) -> Ref:
    return {"org_id": org.fields["org_id"], "name": org.fields["name"]}


@dataclass(frozen=True, slots=True)
class OrgRole:
    """An organisation mention and what it may be in its clause."""

    item: Found
    subject: bool  # may be what its clause is about
    reporter: bool  # reports figures (source)
    topic: bool  # 以X为例
    listed: bool  # one of a list (A、B等)
    maker: bool  # X推出的Y: X made what the clause is about
    told: bool  # 据X披露 with X a platform or the like: what a later 该平台 refers to

    @property
    def ref(self) -> Ref:
        return ref_of(self.item)


@dataclass(frozen=True, slots=True)
class Anaphor:
    """A reference back in a clause: where, the pronoun's antecedent, the fallback choice."""

    start: int | None
    named: Ref | None
    fallback: Choice = (None, None)


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    orgs: list[OrgRole]
    dates: list[Found]
    figures: list[Found]
    topic: Ref | None = field(default=None)


class SubjectResolver:
    """Roles of organisations, and the subject and source of figures, over one text."""

    def __init__(self, g: FactGrammar, d: Discourse, orgs: Spans, dates: Spans) -> None:
        self.g, self.d, self.orgs, self.dates = g, d, orgs, dates
        self.text = d.text
        self.joined = self._joined()
        named = (self.named_in(*t) for t in d.title_candidates())
        self.title = next((t for t in named if t is not None), None)
        self.types = {o.fields["org_id"]: o.fields.get("org_type") for o in orgs.items}
        self._fits: dict[str, Spans] = {}  # a pronoun's noun -> the organisations it may name
        self._byline_owner: list[Found] | None = None  # the one byline that may own figures

    def owns(self, ref: Ref | None) -> bool:
        """Whether the organisation may own figures a reference back points to: not one whose
        type only reports (民政部发布了报告。其中，… is the report's, not the ministry's)."""
        return ref is not None and not self.d.only_reports(self.types.get(ref["org_id"]))

    def totals(self, start: int, end: int) -> bool:
        """text[start:end] speaks of a total over a place or a trade (全市, 全行业), not after a
        place word (在全市设立), nor a company's own global offering (metrics.yaml `story`)."""
        return any(
            not self.d.place(m.start()) for m in self.g.story_total.finditer(self.text, start, end)
        )

    def names_other(self, start: int, end: int, owner: Found) -> bool:
        """text[start:end] names an organisation other than `owner` (nor a form of its name:
        保康 in 保康健康科技集团): not a byline, a place (在纳斯达克), a partner (联合X), nor of
        a type that names no owner (metrics.yaml story `not_types`: an exchange)."""
        d, text = self.d, self.text
        name = owner.fields["name"]
        return any(
            not (
                o.fields["org_id"] == owner.fields["org_id"]
                or o.fields["name"] in name
                or name in o.fields["name"]
                or o.fields.get("org_type") in self.g.rules.story.not_types
                or d.byline(o.start, o.end)
                or d.place(o.start)
                or self.g.partner_before.search(text, max(0, o.start - 4), o.start)
            )
            for o in self.orgs.within(start, end)
        )

    def about_others(self, start: int, end: int, owner: Found) -> bool:
        """A sentence whose figures are not `owner`'s: it names another, or totals a place."""
        return self.names_other(start, end, owner) or self.totals(start, end)

    def owners(self, start: int, end: int) -> list[OrgRole]:
        """The organisations of text[start:end] that may be what their clause is about, and
        whose type owns figures (not media, research ...)."""
        out = []
        for s, e in self.d.clauses(start, end):
            for org in self.orgs.within(s, e):
                role = self.classify(org, s, e, [])
                if role.subject and not self.d.only_reports(org.fields.get("org_type")):
                    out.append(role)
        return out

    def named_in(self, start: int, end: int) -> OrgRole | None:
        """The one organisation a heading or title is about (one that may own figures), if one."""
        roles = self.owners(start, end)
        return roles[0] if len({r.item.fields["org_id"] for r in roles}) == 1 else None

    def classify(
        self, org: Found, clause_start: int, clause_end: int, figures: list[Found]
    ) -> OrgRole:
        g, d, text = self.g, self.d, self.text
        before = text[clause_start : org.start]
        in_title = d.in_title(org.start, org.end)
        byline = d.byline(org.start, org.end)
        parent = bool(
            g.parent_after.match(text, org.end, clause_end)
            or g.member_after.match(text, org.end, clause_end)
        )
        # 蚂蚁集团2018年10月上线的相互宝: the date of the making stands between
        dated = [
            x
            for x in self.dates.within(org.end, org.end + 2)
            if not text[org.end : x.start].strip()
        ]
        made_at = dated[0].end if dated else org.end
        maker = bool(g.maker_after.match(text, made_at, clause_end))
        # 由X推出 makes X the topic unless the clause named what X made before it (Y由X推出)
        topic = bool(
            g.topic_before.search(before) and g.topic_after.match(text, org.end, clause_end)
        ) or bool(
            not maker
            and g.agent_before.search(before)
            and g.agent_verb.search(text, org.end, clause_end)
            and not self.orgs.within(clause_start, org.start)
        )
        role = bool(g.role_after.match(text, org.end, clause_end)) and any(
            g.ends_relative.search(text[org.end : o.start])
            for o in self.orgs.within(org.end, clause_end)
        )
        listed = id(org) in self.joined or d.listed_end(org.end)
        nxt = self.orgs.first(org.end)
        stop = min(
            [clause_end, *(o.start for o in nxt), *(f.start for f in figures if f.start >= org.end)]
        )
        kinds = d.reporting(org.end, stop)
        reports = d.reported_by(clause_start, org.start) or "report" in kinds
        states = "statement" in kinds
        reporter = reports or states
        subject = not (
            in_title
            or byline
            or parent
            or listed
            or reports
            # 卫福部：上半年… (a label) speaks like 卫福部表示
            or ((states or d.labelled(org.end)) and d.only_reports(org.fields.get("org_type")))
            or role
            or maker
            or (g.not_subject_before.search(before) and not topic)
        )
        reporter = reporter and not byline and not in_title
        told = reporter and org.fields.get("org_type") in g.topic_reporters
        return OrgRole(org, subject, reporter, topic, listed, maker, told)

    def _joined(self) -> set[int]:
        """A、B / A和B: the organisations (by id) joined to another one by a list joiner. Each
        is paired only with those starting before the first character no joiner gap can hold."""
        joined = set()
        for org in self.orgs.items:
            for other in self.orgs.within(org.end, self.d.join_reach(org.end)):
                if self.d.coordinated(org.end, other.start):
                    joined.update((id(org), id(other)))
        return joined

    @staticmethod
    def made(clause: Clause) -> bool:
        """X推出的产品…: the last organisation of the clause that may be about it only made it."""
        roles = [o for o in clause.orgs if o.subject or o.maker]
        return bool(roles) and roles[-1].maker

    def anaphor(self, clause: Clause) -> Anaphor:
        """Where an anaphor (其, 该平台, 平台) stands in the clause, outside organisation names;
        the organisation it names when it is a pronoun with one antecedent (该基金会); and the
        one it names when no subject is recent (`fallback`)."""
        d = self.d
        if d.may_refer(clause.start, clause.end):  # most clauses of a long list hold none
            for start, _, noun in d.pronouns(clause.start, clause.end):
                if not any(o.item.start <= start < o.item.end for o in clause.orgs):
                    fitting = self._fitting(noun).within(0, start)
                    earlier = [(o.start, o.end, ref_of(o)) for o in fitting]
                    named = d.antecedent(noun, earlier)
                    if named is not None:
                        return Anaphor(start, named)
            for start, word in d.anaphors(clause.start, clause.end):
                if not any(o.item.start <= start <= o.item.end for o in clause.orgs):
                    opens = start <= d.opener_end(clause.start)
                    return Anaphor(start, None, self._fallback(start, word, opens))
        at = d.opener_end(clause.start)
        word = self.g.opening_anaphor.match(self.text, at)
        if word is not None:
            lookback = self.text[max(0, at - self.g.rules.linking.anaphor_lookback) : at]
            if word.group()[-2:] in lookback:  # 该项目 / 项目 refer to a 项目 named before
                return Anaphor(at, None)
        return Anaphor(None, None)

    def _fallback(self, at: int, word: str, opens: bool) -> Choice:
        """With no subject recent, 该平台 / 该公司 name the latest organisation before them of a
        type their noun fits (`typed_antecedent`; so a bare 公司 / 集团 opening its clause, but
        a bare 平台 may be an unnamed one); 其 at
        the opening of its clause names the title's organisation (`title`)."""
        if not self.d.g.pronoun.match(word):
            # 全市登记的慈善组织有186家，其中…: a breakdown of a place's total, not the title's
            start = self.d.sentence_of(at)[0]
            total = self.g.total.search(self.text, start, at)
            if opens and self.title is not None and not self.d.g.anaphor_noun.search(word):
                # 据X统计，…。其中…: a breakdown of the sentence before, about others
                if start > 0 and at <= self.d.opener_end(start):
                    before = self.d.sentence_of(start - 1)
                    total = total or self.about_others(*before, self.title.item)
                return (None, None) if total else (self.title.ref, "title")
            if not (opens and self.d.g.bare_typed.fullmatch(word)):
                return None, None  # 探索平台自律 / 本地慈善平台…，平台帮助: maybe an unnamed one
        items = self.orgs.items
        for k in range(bisect_left(self.orgs.starts, at) - 1, -1, -1):  # the latest first
            org = items[k]
            if self.d.refers_to(word, org.fields.get("org_type")) and not self.d.byline(
                org.start, org.end
            ):
                return ref_of(org), "typed_antecedent"
        return None, None

    def subject(
        self,
        clause: Clause,
        fig: Found,
        topic: Ref | None,
        anaphor: int | None,
        recent: Choice,
        carried: Ref | None,
        blocked: bool,
    ) -> Choice:
        text = self.text
        after = None
        if clause.orgs:  # most clauses of a figure-dense text name none: no generator, no list
            after = next((o for o in clause.orgs if o.item.start >= fig.end and o.subject), None)
            if after is not None:
                gap = text[fig.end : after.item.start]
                if self.g.bracketed.fullmatch(gap) and _BRACKET_CLOSE.match(text, after.item.end):
                    return after.ref, "bracketed_after"
            before = [o for o in clause.orgs if o.item.end <= fig.start]
            if any(o.listed for o in before):
                return None, None
            for org in reversed(before):
                if org.subject:
                    return org.ref, "nearest_before"
            if after is not None:
                gap = text[fig.end : after.item.start]
                if len(gap) <= _RELATIVE_REACH and self.g.relative_gap.fullmatch(gap):
                    return after.ref, "relative_after"
        if blocked or self.g.sample.search(text, clause.start, fig.start):
            return None, None  # 受访用户的平均年收入: the people asked, not an organisation
        if topic is not None:
            return topic, "topic"
        if anaphor is not None and anaphor < fig.start:
            return recent
        if (
            fig.type == "count"  # people counted; a share (40%的会员购买了X) is a survey's
            and after is not None
            and self.g.joins_after.fullmatch(text, fig.end, after.item.start)
        ):
            return after.ref, "joins_after"
        if self.d.first_person(clause.start, fig.start):
            return self.speaker(fig.start, fig.end)
        if carried is None or self.d.uncarried(self.types.get(carried["org_id"])):
            return None, None  # 卫福部：上半年… / X研究院的数据：…: a reporter's figures
        if self.g.own_subject.match(text, self.d.opener_end(clause.start)):
            return None, None  # …签约，企业承诺捐赠1.5亿元: the clause names its own subject
        return carried, "carried"

    def clause_topic(
        self,
        clause: Clause,
        mine: list[Ref | None],
        topic: Ref | None,
        anaphor: int | None,
        recent: Choice,
        carried: Ref | None,
        blocked: bool,
    ) -> Ref | None:
        """What the clause is about, for the clauses after it (`mine`: its figures' subjects)."""
        if blocked:
            return None
        if mine and mine[-1] is not None:
            return mine[-1]
        for org in clause.orgs:
            if org.subject:
                return org.ref
        if any(o.topic for o in clause.orgs):
            return topic
        if anaphor is not None:
            return recent[0]
        if clause.figures:
            return carried or topic
        return None

    def speaks(self, org: Found) -> bool:
        """The name states (X表示) or labels a quote (X总裁Y：), outside a byline."""
        stop = self.d.clause_of(org.start, org.end)[1]
        return not self.d.byline(org.start, org.end) and (
            "statement" in self.d.reporting(org.end, stop) or self.d.labelled(org.end)
        )

    def speaker(self, start: int, end: int) -> Choice:
        """我们…。X秘书长说: the first organisation after the figure, in this sentence or the
        next, that makes a statement (X表示) or labels a quote (X总裁Y：); else the latest
        before it, in this sentence or the one before (`speaker`); else the one organisation of
        a byline that may own figures (`byline_speaker`). A speaker that only reports: none."""
        d = self.d
        after = [o for o in self.orgs.within(end, d.speaker_reach(end)) if self.speaks(o)]
        lo = d.sentence_of(max(0, d.sentence_of(start)[0] - 1))[0]
        before = [o for o in self.orgs.within(lo, start) if self.speaks(o)]
        for org in after[:1] or before[-1:]:
            if d.only_reports(org.fields.get("org_type")):
                return None, None
            return ref_of(org), "speaker"
        if self._byline_owner is None:  # per text, not per figure: it reads every organisation
            bylines = {
                o.fields["org_id"]: o
                for o in self.orgs.items
                if d.byline(o.start, o.end) and not d.only_reports(o.fields.get("org_type"))
            }
            self._byline_owner = [*bylines.values()] if len(bylines) == 1 else []
        for org in self._byline_owner:
            return ref_of(org), "byline_speaker"
        return None, None

    def _fitting(self, noun: str) -> Spans:
        """The organisations a pronoun's noun may name (their mention or name ends with it),
        found once per noun: each pronoun asks of those named before it only."""
        found = self._fits.get(noun)
        if found is None:
            text = self.text
            found = self._fits[noun] = Spans(
                o
                for o in self.orgs.items
                if text[o.start : o.end].endswith(noun) or o.fields["name"].endswith(noun)
            )
        return found

    @staticmethod
    def source(clauses: list[Clause], index: int, fig: Found) -> Ref | None:
        """The reporter of the figure: the nearest before it in its clause or earlier ones."""
        for clause in reversed(clauses[: index + 1]):
            for org in reversed(clause.orgs):
                if org.reporter and org.item.end <= fig.start:
                    return org.ref
        return None
