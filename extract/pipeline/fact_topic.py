"""Topics beyond the sentence: what a figure left without subject or time is about, from the
paragraph's lead, the heading over a list, the document's title, or the sentence it breaks down.

Each runs after the sentence resolvers (facts.py) and fills only an empty field, naming its rule:

- `lead` (subject): the one product or foundation a paragraph's first sentence is about, for
  the figures its type has (rules/metrics.yaml `lead_metrics`);
- `heading` (subject and time): a list item's figure, whose item names neither, takes the one
  organisation and the date of the heading over the list (水滴公司2023年业绩： / 营收27亿元);
- `title` (subject): a figure whose sentence names no organisation takes the title's one
  organisation, for the figures its type has (`lead_metrics`);
- `issuer` (subject): a figure left without, after a results announcement defined its issuer
  (X（「本公司」）), whose sentence names no other owner: the issuer's (not a total, nor a
  trade's measure: metrics.yaml `issuer_unowned`);
- `story` (subject): a figure still without, which the story's organisation may own (the one
  the title or lead names and the text is about: fact_story.py).

Limits: headings and titles are read from the paragraph shapes (discourse.py), not markup.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from extract.pipeline.annotations import Found, Spans
from extract.pipeline.discourse import Discourse, Ref
from extract.pipeline.fact_rules import FactGrammar
from extract.pipeline.fact_story import Story
from extract.pipeline.fact_subject import OrgRole, SubjectResolver, ref_of
from extract.pipeline.fact_time import TimeResolver


def _filled(fig: Found, field: str, value: Any, rule: str) -> Found:
    link = {**fig.fields["link"], field: rule}
    return dataclasses.replace(fig, fields={**fig.fields, field: value, "link": link})


class Topics:
    """The topics of one text, for the figures the sentence resolvers left empty."""

    def __init__(
        self, g: FactGrammar, d: Discourse, subjects: SubjectResolver, times: TimeResolver
    ) -> None:
        self.g, self.d, self.subjects, self.times = g, d, subjects, times
        self.orgs: Spans = subjects.orgs
        defined = {o.fields["org_id"]: o for o in self.orgs.items if d.self_defined(o.end)}
        self.issuer = next(iter(defined.values())) if len(defined) == 1 else None
        self.story = Story(g, d, subjects)
        # per heading: its one owner and its dates, found once for all the items under it
        self._headings: dict[tuple[int, int], tuple[OrgRole | None, list[Found]]] = {}

    def _heading(self, heading: tuple[int, int]) -> tuple[OrgRole | None, list[Found]]:
        found = self._headings.get(heading)
        if found is None:
            found = self._headings[heading] = (
                self.subjects.named_in(*heading),
                self.times.dates.within(*heading),
            )
        return found

    def _owns(self, org: Found, fig: Found) -> bool:
        """The figure's metric is one an organisation of this type has."""
        metrics = self.g.rules.lead_metrics.get(org.fields.get("org_type") or "", ())
        metric = fig.fields["metric"] or ""
        base = metric.removesuffix(self.g.growth_suffix)
        return (metric in metrics or base in metrics) and not self._total(fig)

    def _total(self, fig: Found) -> bool:
        """全市医保参保人数约1000万人: a total over a place or a trade has no topic's subject."""
        return bool(self.g.total.search(self.d.text, self.d.clause_of(fig.start)[0], fig.start))

    def lead(self, named: list[Ref], orgs: list[Found]) -> Found | None:
        """The one organisation a paragraph's first sentence is about, when its type has lead
        metrics (瓯惠保首周参保超42万人 -> 瓯惠保)."""
        ids = {n["org_id"] for n in named}
        if len(ids) != 1:
            return None
        org = next(o for o in orgs if o.fields["org_id"] in ids)
        return org if org.fields.get("org_type") in self.g.rules.lead_metrics else None

    def led(self, fig: Found, lead: Found, lead_end: int) -> Found:
        """A figure without subject, with no organisation between the lead sentence and the end
        of its clause, whose metric the lead's type has: the lead is its subject."""
        if fig.fields["subject"] is not None or not self._owns(lead, fig):
            return fig
        if self.orgs.within(lead_end, self.d.clause_of(fig.end)[1]):
            return fig
        return _filled(fig, "subject", ref_of(lead), "lead")

    def headed(self, fig: Found) -> Found:
        """A list item's figure takes the heading's organisation and date when its item names
        none before it (an organisation) or at all (a date)."""
        heading = self.d.heading_of(fig.start)
        if heading is None or fig.start >= self.story.related:
            return fig  # none, or a related-news line (相关新闻：…)
        item = self.d.paragraphs[self.d.paragraph_of(fig.start)]
        owner, dates = self._heading(heading)
        if (
            fig.fields["subject"] is None
            and owner is not None
            and not self.orgs.within(item[0], fig.start)
            and not self._total(fig)
        ):
            fig = _filled(fig, "subject", owner.ref, "heading")
        if fig.fields["time"] is None and len(dates) == 1 and not self.times.dates.within(*item):
            fig = _filled(fig, "time", self.times.ref(dates[0]), "heading")
        return fig

    def titled(self, fig: Found) -> Found:
        """A figure whose sentence names no organisation, whose metric the title's one
        organisation has: the title's organisation is its subject."""
        title = self.subjects.title
        if fig.fields["subject"] is not None or title is None or not self._owns(title.item, fig):
            return fig
        if self.orgs.within(*self.d.sentence_of(fig.start, fig.end)):
            return fig
        return _filled(fig, "subject", title.ref, "title")

    def issued(self, fig: Found) -> Found:
        """A figure without subject after the issuer's definition, in a sentence naming no
        other organisation that may own it: the issuer's (收入为人民币18.62亿元 under 财务摘要)."""
        issuer = self.issuer
        if (
            fig.fields["subject"] is not None
            or issuer is None
            or fig.start < issuer.end
            or fig.fields["metric"] in self.g.rules.issuer_unowned
            or self._total(fig)
        ):
            return fig
        owners = self.subjects.owners(*self.d.sentence_of(fig.start, fig.end))
        if any(r.item.fields["org_id"] != issuer.fields["org_id"] for r in owners):
            return fig
        return _filled(fig, "subject", ref_of(issuer), "issuer")

    def storied(self, fig: Found) -> Found:
        """A figure still without subject, which the story's organisation may own: its."""
        story = self.story
        if story.org is None or fig.fields["subject"] is not None:
            return fig
        heading = self.d.heading_of(fig.start)
        owner = None if heading is None else self._heading(heading)[0]
        if not story.owns(fig, None if owner is None else owner.item):
            return fig
        return _filled(fig, "subject", ref_of(story.org), "story")
