"""Facts: link each figure to its subject, source, metric and time (stage `zh_facts`).

A figure becomes a fact a data team can query ("相互宝, management_fee, 729000000 CNY, 2020")
once we know what it is about. This module walks the document sentence by sentence and clause by
clause over the discourse layer (`discourse.py`: clauses, bylines, lists, reporting frames,
references back) and asks three resolvers, each with its own rules and tests:
`fact_subject.py` (subject and source), `fact_metric.py` and `fact_time.py`. Each linked field
records the rule that chose it in the figure's `link` ({subject, metric, time}), so a reader sees
why. The topic of a sentence carries to the next ones of its paragraph; a new paragraph starts a
new one unless it opens with a reference back (其, 该平台).

Precision first: where the text does not say, the field stays null.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.pipeline.annotations import Found, Spans, found_of, read, text_of, write
from extract.pipeline.discourse import Discourse, Ref
from extract.pipeline.fact_metric import MetricResolver
from extract.pipeline.fact_rules import RULES_FILE, FactGrammar, FactRules, load_grammar
from extract.pipeline.fact_subject import Choice, Clause, SubjectResolver
from extract.pipeline.fact_time import TimeResolver
from extract.pipeline.fact_topic import Topics

__all__ = ["FactGrammar", "FactLinker", "FactRules", "link_facts", "load_grammar"]

FIGURE_TYPES = ("amount", "count", "percentage")


class _Linker:
    """Links the figures of one text; state is per call (one document)."""

    def __init__(self, g: FactGrammar, d: Discourse, orgs: list[Found], dates: list[Found]) -> None:
        self.g, self.d = g, d
        self.orgs = Spans(orgs)
        self.times = TimeResolver(g, d, dates)
        self.subjects = SubjectResolver(g, d, self.orgs, Spans(dates))
        self.metrics = MetricResolver(g, d)
        self.named: list[Ref] = []  # the subject organisations of the last sentence

    def clauses(self, start: int, end: int, figures: list[Found]) -> list[Clause]:
        out = []
        for s, e in self.d.clauses(start, end):
            figs = [f for f in figures if s <= f.start < e]
            orgs = [self.subjects.classify(o, s, e, figs) for o in self.orgs.within(s, e)]
            out.append(Clause(s, e, orgs, self.times.dates.within(s, e), figs))
        return out

    def link_sentence(
        self, start: int, end: int, figures: list[Found], prev_topic: Ref | None
    ) -> tuple[list[Found], Ref | None]:
        """Link the figures of one sentence; returns (linked figures, the sentence's last topic)."""
        subjects = self.subjects
        clauses = self.clauses(start, end, figures)
        linked: list[Found] = []
        metrics: list[tuple[Found, str | None]] = []
        times: dict[int, dict[str, Any] | None] = {}  # figure id -> its time
        topic: Ref | None = None  # 以X为例
        last: tuple[int, Ref | None] | None = None  # (clause index, subject)
        recent = prev_topic  # for anaphors: the latest subject known
        chain: tuple[int, dict[str, Any]] | None = None  # (clause index, time) of the last timed
        for i, clause in enumerate(clauses):
            for org in clause.orgs:
                if org.topic:
                    topic = org.ref
            ref = subjects.anaphor(clause)
            anaphor = ref.start
            antecedent: Choice = (None, None)
            if ref.named is not None or recent is not None:
                back = ref.named or recent
                antecedent = (back, "anaphor") if subjects.owns(back) else (None, None)
            elif anaphor is not None:
                antecedent = ref.fallback
            carried = None
            if last is not None:
                between = [c for c in clauses[last[0] + 1 : i] if not self.times.content_free(c)]
                if len(between) <= self.g.rules.linking.carry_clauses:
                    carried = last[1]
            blocked = bool(clause.orgs) and (  # no organisation: nothing lists or makes
                any(o.listed for o in clause.orgs) or subjects.made(clause)
            )
            mine: list[Ref | None] = []
            for fig in clause.figures:
                subject, subject_rule = subjects.subject(
                    clause, fig, topic, anaphor, antecedent, carried, blocked
                )
                metric, metric_rule = self.metrics.metric(clause, fig, metrics, start)
                metrics.append((fig, metric))
                date, time_rule = self.times.time(clauses, i, fig, end)
                time = self.times.ref(date) if date is not None else None
                base = times.get(id(self.metrics.base_of.get(id(fig))))
                if time is None and base is not None:
                    time, time_rule = base, "growth_base"
                if (
                    time is None
                    and chain is not None
                    and self.times.chains(clause, fig, i - chain[0])
                ):
                    time, time_rule = chain[1], "chain"
                if time is not None:
                    chain = (i, time)
                times[id(fig)] = time
                fields = {
                    **fig.fields,
                    "subject": subject,
                    "source": subjects.source(clauses, i, fig),
                    "metric": metric,
                    "time": time,
                    "link": {
                        "subject": subject_rule if subject is not None else None,
                        "metric": metric_rule if metric is not None else None,
                        "time": time_rule if time is not None else None,
                    },
                }
                mine.append(subject)
                linked.append(Found(fig.type, fig.start, fig.end, fig.rule, fields))
            subject = subjects.clause_topic(
                clause, mine, topic, anaphor, antecedent, carried, blocked
            )
            if subject is not None or blocked:
                last = (i, subject)
                recent = subject
            elif clause.orgs:
                told = [o for o in clause.orgs if o.told]
                if told:
                    recent = told[-1].ref
        self.named = [o.ref for c in clauses for o in c.orgs if o.subject]
        return linked, recent


def _local_currency(g: FactGrammar, text: str) -> str | None:
    """The one local currency (新台币 ...) a document names, when it never names the default."""
    if g.default_words.search(text):
        return None
    named = [code for code, words in g.local_currency.items() if words.search(text)]
    return named[0] if len(named) == 1 else None


def _in_currency(g: FactGrammar, text: str, fig: Found, code: str) -> Found:
    """An amount read in the default currency, in a document written in `code` (新台币)."""
    if (
        fig.type != "amount"
        or fig.fields.get("currency") != g.rules.currency.default
        or g.default_words.search(text, fig.start, fig.end)
    ):
        return fig
    return dataclasses.replace(fig, fields={**fig.fields, "currency": code})


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
    """Each figure of `figures` as a copy with subject, source, metric, time and link filled in.

    `text` is the clean view; `dates` are `date` items, `orgs` `org` items, `sentences` the
    clean-view sentence spans, `paragraphs` the paragraph spans (None: split at line breaks).
    A paragraph starts a new topic unless it opens with an anaphor. Pure: no spaCy, no
    document needed.
    """
    g = grammar or load_grammar()
    spans = list(sentences) or [(0, len(text))]
    d = Discourse(text, spans, paragraphs)
    linker = _Linker(g, d, list(orgs), list(dates))
    topics = Topics(g, d, linker.subjects, linker.times)
    figs = Spans(f for f in figures if f.type in FIGURE_TYPES)
    mines = [figs.within(s, e) for s, e in spans]
    # the topic only matters to figures: none is carried past the last sentence holding one
    last = max((i for i, mine in enumerate(mines) if mine), default=-1)
    out: list[Found] = []
    topic = None
    lead: Found | None = None
    lead_end = 0  # where the lead sentence ends: lead figures come after it
    paragraph = -1
    taken: set[int] = set()
    for (start, end), mine in zip(spans[: last + 1], mines, strict=False):
        here = d.paragraph_of(start)
        first = here != paragraph
        if first:
            paragraph, lead = here, None
            if topic is not None and d.paragraph_starts_topic(start):
                topic = None  # (no topic to end: the question is not asked)
        if not mine and not linker.orgs.within(start, end):
            continue  # no figure, no organisation: the sentence leaves the topic as it was
        linked, topic = linker.link_sentence(start, end, mine, topic)
        if first:
            named = linker.named  # (none: no lead, and no organisations to look through)
            lead = topics.lead(named, linker.orgs.within(start, end)) if named else None
            lead_end = end
        elif lead is not None:
            linked = [topics.led(f, lead, lead_end) for f in linked]
        linked = [topics.storied(topics.issued(topics.titled(topics.headed(f)))) for f in linked]
        out.extend(linked)
        taken.update(id(f) for f in mine)
    for f in figs.items:  # a figure outside every sentence span: linked on its own
        if id(f) not in taken:
            out.extend(linker.link_sentence(f.start, f.end, [f], None)[0])
    local = _local_currency(g, text)
    if local is not None:
        out = [_in_currency(g, text, f, local) for f in out]
    return sorted(out, key=lambda f: (f.start, f.end))


@Language.factory(
    "zh_facts",
    assigns=["doc._.facts"],
    requires=["doc._.figures", "doc._.dates", "doc._.orgs"],
    default_config={"rules": RULES_FILE},
)
class FactLinker:
    """spaCy stage: the figures of `doc._.figures` with subject, source, metric, time and link
    filled in, into `doc._.facts`.

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
