"""The story's organisation (`story`): what an article about one organisation is about, for the
figures every other rule left without a subject.

An article about one organisation (a listing, a year's results, a scheme's or a foundation's
annual report, a platform's story) names it in its title or lead and then gives figures that
name no one (分渠道看，个人代理渠道实现保费收入约401亿元): they are its. The story's organisation
is the one named in the title or the lead paragraph that outweighs every other (mentions, plus a
weight for the title and the lead: rules/metrics.yaml `story`), of a type that may own figures.

Precision first (a wrong subject is worse than none): a figure takes it only when its sentence
names no other organisation (nor is reported by one: 据X统计, nor names one by its kind: 本地慈善
平台…), it is no total over a place or a trade (全国, 行业), no survey's (调查显示, 受访用户),
no rule's (法定的70%, 对于…的项目), no one person's case (妈妈还需要30万), no trade's measure
(渗透率), under no other organisation's heading, in no clause opening with its own subject
(企业承诺…), in no 其中 sentence breaking down a sentence about others, and not after a
related-news marker (相关新闻：…).

Limits: mentions are counted by organisation id, so a short name the organisation stage does
not tie to the full name counts apart; two organisations of similar weight give no story.
"""

from __future__ import annotations

from collections import Counter

from extract.pipeline.annotations import Found
from extract.pipeline.discourse import Discourse
from extract.pipeline.fact_rules import FactGrammar
from extract.pipeline.fact_subject import SubjectResolver


class Story:
    """The story's organisation of one text, and which figures without subject it owns."""

    def __init__(self, g: FactGrammar, d: Discourse, subjects: SubjectResolver) -> None:
        self.g, self.d, self.subjects = g, d, subjects
        self.related = self._related()
        self.org = self._story()
        self._others: dict[tuple[int, int], bool] = {}  # sentence -> names someone else

    def _related(self) -> int:
        """Where related news start (a paragraph opening 相关新闻 / 延伸阅读): the end if none."""
        for s, e in self.d.paragraphs[1:]:
            if self.g.related_news.match(self.d.text, s, e):
                return s
        return len(self.d.text) + 1

    def _candidate(self, org: Found) -> bool:
        kind = org.fields.get("org_type")
        return (
            org.start < self.related
            and not self.d.only_reports(kind)
            and kind not in self.g.rules.story.not_types
            and not self.d.byline(org.start, org.end)
        )

    def _story(self) -> Found | None:
        """The organisation named in the title or lead whose weight is at least `min_weight`
        and `dominance` times any other's; None when no one dominates."""
        rules, d = self.g.rules.story, self.d
        if sum(1 for s, e in d.paragraphs if d.text[s:e].strip()) < rules.min_paragraphs:
            return None
        orgs = [o for o in self.subjects.orgs.items if self._candidate(o)]
        weight = Counter(o.fields["org_id"] for o in orgs)
        first: dict[str, Found] = {}
        for o in orgs:
            first.setdefault(o.fields["org_id"], o)
        spans = d.title_candidates()
        titled = {o.fields["org_id"] for o in orgs if any(s <= o.start < e for s, e in spans)}
        lead = d.lead_paragraph(rules.lead_paragraphs)
        led = {o.fields["org_id"] for o in orgs if lead and lead[0] <= o.start < lead[1]}
        for org_id in titled:
            weight[org_id] += rules.title_weight
        for org_id in led:
            weight[org_id] += rules.lead_weight
        named = [i for i, _ in weight.most_common() if i in titled | led]
        if not named:
            return None
        top = named[0]
        rest = max((w for i, w in weight.items() if i != top), default=0)
        if weight[top] < rules.min_weight or weight[top] < rules.dominance * rest:
            return None
        return first[top]

    def names_others(self, start: int, end: int) -> bool:
        """The sentence text[start:end] names an organisation other than the story's."""
        key = (start, end)
        found = self._others.get(key)
        if found is None:
            assert self.org is not None
            found = self._others[key] = self.subjects.names_other(start, end, self.org)
        return found

    def _unnamed(self, start: int, end: int) -> bool:
        """本地慈善平台上月筹款…: text[start:end] names someone by kind, not as a means
        (通过互联网公开募捐平台筹款) nor as a partner."""
        g, d, orgs = self.g, self.d, self.subjects.orgs
        return any(
            not g.means.search(d.text, d.clause_of(m.start())[0], m.start())
            and not any(o.start <= m.start() < o.end for o in orgs.within(start, m.end()))
            for m in g.unnamed_kind.finditer(d.text, start, end)
        )

    def _speaker_other(self, fig: Found, clause_start: int) -> bool:
        """我们… in a sentence whose speaker, named in the next one, is another organisation."""
        d = self.d
        if not d.first_person(clause_start, fig.start):
            return False
        later = self.subjects.orgs.within(fig.end, d.speaker_reach(fig.end))
        story = self.org
        assert story is not None
        return any(
            self.subjects.speaks(o) and self.subjects.names_other(o.start, o.end, story)
            for o in later
        )

    def owns(self, fig: Found, heading_owner: Found | None) -> bool:
        """Whether the story's organisation may be the subject of this figure without one."""
        story, g, d, text = self.org, self.g, self.d, self.d.text
        if story is None or fig.fields["subject"] is not None or fig.start >= self.related:
            return False
        source = fig.fields.get("source")
        if source is not None and source["org_id"] != story.fields["org_id"]:
            return False  # 据X统计 / X的数据显示: a reporter's figures about others
        if heading_owner is not None and self.subjects.names_other(
            heading_owner.start, heading_owner.end, story
        ):
            return False
        cs, ce = d.clause_of(fig.start, fig.end)
        s, e = d.sentence_of(fig.start, fig.end)
        if (
            self.subjects.totals(s, fig.start)
            or g.sample.search(text, cs, ce)  # 约七成受访捐款人: the people asked
            or g.norm_before.search(text, cs, fig.start)
            or g.person.search(text, s, fig.start)  # 妈妈还需要30万医疗费: one person's case
            or g.survey.search(text, s, fig.start)
            or fig.fields["metric"] in g.rules.issuer_unowned  # a trade's 渗透率
            or self._unnamed(s, fig.start)
            or g.own_subject.match(text, d.opener_end(cs))
        ):
            return False
        if self.names_others(s, e) or self._speaker_other(fig, cs):
            return False
        if s > 0 and g.breakdown.match(text, s):  # 其中…: the sentence before's breakdown
            return not self.subjects.about_others(*d.sentence_of(s - 1), story)
        return True
