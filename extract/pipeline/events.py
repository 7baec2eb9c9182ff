"""The `zh_events` stage: dated events (关停, 终止, 上线, 发布, 更名, 叫停 ...) as `event` items.

A trigger word (rules/events.yaml) becomes an event when its filters let it through and its
clause names an organisation: the `org` items of the organisation stage when it ran, else the
nearest organisation-like name (X互助, X筹, X宝, X公司 ...). The date is the temporal expression
governing the clause: the nearest one before the trigger in the clause, else the sentence's
leading one when it comes before the trigger. Clauses, sentences, bylines, lists and pronouns
are the discourse layer's (`discourse.py`). Each event's `link` names the rules that chose its
actors (`subject`: before, clause_subject, typed_antecedent, speaker, topic, after, next_clause,
partners; see `event_scope.py`) and its date (`time`: since_start, clause_before, after_yu,
sentence_lead).
Precision first: no actor, no event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import regex
from spacy.language import Language
from spacy.tokens import Doc

from extract.grammar.grammar_kit import simplified_view
from extract.orgs import unknown_org_id
from extract.pipeline.annotations import Found, found_of, text_of, write
from extract.pipeline.discourse import Discourse, Named, Ref
from extract.pipeline.event_rules import EventRules, compiled
from extract.pipeline.event_scope import (
    clause_subject,
    co_actors,
    headline_repeats,
    not_actors,
    own_names,
    own_organisation,
    speaker,
    typed_antecedent,
)

__all__ = ["EventRules", "EventStage", "find_events"]

RULE = "events"  # rule names: <family>.<rule>, as figures.amount
_LOOKBACK = 16  # characters before a trigger that `not_before` may inspect
_OWN_DATE = ("clause_before", "since_start")  # a relative clause's own date (去年获批的Y)


def _names(
    d: Discourse, orgs: list[Found], lo: int, hi: int, own: Ref | None = None
) -> tuple[list[Named], bool]:
    """Organisations in text[lo:hi] (see `_mentions`), with the pronouns (该基金会) among them
    that stand for one of them named earlier, and 本集团 for the document's own one (`own`)."""
    named, staged = _mentions(d, orgs, lo, hi)
    pronouns = [
        (start, end, actor)
        for start, end, noun in d.pronouns(lo, hi)
        if (actor := d.antecedent(noun, _mentions(d, orgs, 0, start)[0])) is not None
    ] + own_names(d, own, lo, hi)
    if not pronouns:
        return named, staged
    return sorted(named + pronouns, key=lambda n: n[0]), staged or (not named and bool(orgs))


def _mentions(d: Discourse, orgs: list[Found], lo: int, hi: int) -> tuple[list[Named], bool]:
    """Organisations in text[lo:hi]: the org stage's items (True), else organisation-like names.
    Bylines (珠江时报讯, 来源：新华网, 【TechWeb】) are no actors."""
    named = [
        (f.start, f.end, {"org_id": f.fields["org_id"], "name": f.fields["name"]})
        for f in orgs
        if lo <= f.start and f.end <= hi and not d.byline(f.start, f.end)
    ]
    if named:
        return named, True
    c = compiled()
    longest: dict[int, regex.Match[str]] = {}  # overlapping 360大病筹 / 60大病筹: keep the longest
    for m in c.actor.finditer(d.text, lo, hi, overlapped=True):
        if m.group() not in c.stop and (
            m.end() not in longest or m.start() < longest[m.end()].start()
        ):
            longest[m.end()] = m
    return [
        (m.start(), m.end(), {"org_id": unknown_org_id(m.group()), "name": m.group()})
        for _, m in sorted(longest.items())
        if not d.byline(m.start(), m.end())
    ], False


def _joined(d: Discourse, outward: list[Named]) -> list[Named]:
    """The nearest name and those coordinated with it, walking away from the trigger."""
    chosen = outward[:1]
    for name in outward[1:]:
        first, second = sorted((name, chosen[-1]))
        if first[1] < second[0] and not d.coordinated(first[1], second[0], bare=True):
            break
        chosen.append(name)
    return sorted(chosen)


def _actors(
    d: Discourse,
    orgs: list[Found],
    dates: list[Found],
    trigger: Found,
    clause: tuple[int, int],
    sentence_start: int,
    own: Ref | None = None,
) -> tuple[list[Ref], str]:
    """Who acts, and the rule: the organisations before the trigger in its clause (`before`:
    the nearest within reach and those coordinated with it, however far; of names found by
    pattern only the nearest), else the topic carried over from an earlier clause of the
    sentence (`topic`: 水滴互助发布公告称，将于……终止), else the ones after it (`after`:
    上线的水滴筹), else, for a clause opening with 从/自, the first name of the next clause
    (`next_clause`: 从2019年上线至今，水滴筹……). A name that only modifies the actor
    (X作为……的Y上线) is not one; nor a venue (在纽交所上市)."""
    c = compiled()
    text = d.text
    reach = c.actor_reach
    # A date between actor and verb (水滴互助于2021年3月31日18点正式终止) does not count.
    skipped = sum(
        x.end - x.start for x in dates if trigger.start - 2 * reach < x.end <= trigger.start
    )
    lo, hi = max(clause[0], trigger.start - reach - skipped), min(clause[1], trigger.end + reach)
    window, staged = _names(d, orgs, clause[0] if orgs else lo, hi, own)
    ahead = not_actors(d, [n for n in window if n[1] <= trigger.start], clause[0])
    before = [n for n in ahead if not d.place(n[0])]
    after = [n for n in window if n[0] >= trigger.end]
    subject: list[Named] = []
    if before and c.modifier_gap.match(text, before[-1][1], trigger.start):
        before = []
    elif before and before[-1][0] < lo:
        before, subject = [], clause_subject(d, ahead, dates, trigger.start)
    earlier = _names(d, orgs, sentence_start, clause[0], own)[0]
    topic = not_actors(d, earlier, sentence_start, objects=True)[-1:]
    rule = "before"
    if before:
        chosen = _joined(d, before[::-1]) if staged else before[-1:]
        chosen = co_actors(d, ahead, chosen, dates) if staged else chosen
    elif subject:
        chosen, rule = subject, "clause_subject"
    elif anaphor := typed_antecedent(d, orgs, clause[0], trigger.start):
        chosen, rule = anaphor, "typed_antecedent"
    elif (said := speaker(d, orgs, clause[0], sentence_start)) is not None:
        chosen, rule = said, "speaker"
    elif topic:
        chosen, rule = topic, "topic"
    elif text[trigger.start : trigger.end] in c.subject_first:
        chosen = []
    else:
        chosen, rule = (_joined(d, after) if staged else after[:1]), "after"
    if not chosen and c.leading_since.match(text, clause[0]):
        nxt = d.clause_of(clause[1])
        chosen = _names(d, orgs, nxt[0], min(nxt[1], nxt[0] + reach))[0][:1]
        chosen = chosen or typed_antecedent(d, orgs, nxt[0], nxt[1])
        rule = "next_clause"
    if before and text[trigger.start : trigger.end] in c.partner_object:
        chosen += _joined(d, after) if staged else after[:1]  # A携手B: B acts too
    return _unique(chosen), rule


def _unique(names: list[Named]) -> list[Ref]:
    actors: list[Ref] = []
    for _, _, actor in names:
        if actor["org_id"] not in {a["org_id"] for a in actors}:
            actors.append(actor)
    return actors


_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day", 13: "hour", 16: "minute", 19: "second"}


def _interval_start(text: str, date: Found) -> dict[str, Any]:
    """An act inside an interval expression (从2019年上线至今: the launch opens the interval)
    happened at the interval's start, at the precision written for it."""
    start = date.fields["value"].split("/")[0]
    return {
        "value": start,
        "precision": _PRECISION_BY_LENGTH.get(len(start), date.fields["precision"]),
        "resolved_from": None,
        "text": text[date.start : date.end],
    }


def _opening(
    text: str, dates: list[Found], trigger: Found, sentence: tuple[int, int]
) -> list[Found]:
    """The date opening the sentence before a comma (2024年9月7日，在民政部的指导下，……，X正式启动)
    when it is the only one before the trigger, within `lead_reach` and with no word between
    that moves the time on (此后, 目前)."""
    c = compiled()
    before = [x for x in dates if sentence[0] <= x.start and x.end <= trigger.start]
    if len(before) != 1 or trigger.start - before[0].start > c.lead_reach:
        return []
    x = before[0]
    if text[sentence[0] : x.start].strip() or not c.lead_break.match(text, x.end):
        return []
    return [] if c.lead_stop.search(text, x.end, trigger.start) else [x]


def _date(
    text: str,
    dates: list[Found],
    trigger: Found,
    clause: tuple[int, int],
    sentence: tuple[int, int],
) -> tuple[dict[str, Any] | None, str | None]:
    """The start of an interval expression around the trigger (`since_start`), else the
    clause's nearest preceding date (`clause_before`), else one right after the trigger
    and 于 (`after_yu`: 成立于2016年), else the sentence's leading one if it precedes
    (`sentence_lead`; beyond `date_reach` when it opens the sentence: `_opening`)."""
    c = compiled()
    around = next((x for x in dates if x.start <= trigger.start and trigger.end <= x.end), None)
    if around is not None and "/" in (around.fields["value"] or ""):
        return _interval_start(text, around), "since_start"
    reach = trigger.start - c.date_reach
    before = [x for x in dates if max(clause[0], reach) <= x.start and x.end <= trigger.start]
    yu = [
        x
        for x in dates
        if x.start >= trigger.end and c.date_after.fullmatch(text, trigger.end, x.start)
    ]
    rule = "clause_before"
    if before:
        chosen = before[-1]
    elif yu:
        chosen, rule = yu[0], "after_yu"
    else:
        lead = [x for x in dates if max(sentence[0], reach) <= x.start < sentence[1]]
        lead = lead[:1] or _opening(text, dates, trigger, sentence)
        if not lead or lead[0].start >= trigger.start:
            return None, None
        chosen, rule = lead[0], "sentence_lead"
    if c.vague_time.search(text, chosen.end, trigger.start):
        return None, None  # 11月23日消息，近日，……推出: the vague word governs the clause
    ref = {
        "value": chosen.fields["value"],
        "precision": chosen.fields["precision"],
        "resolved_from": chosen.fields["resolved_from"],
        "text": text[chosen.start : chosen.end],
    }
    return ref, rule


def _statistic(text: str, trigger: Found, clause: tuple[int, int], event_type: str) -> bool:
    """A counted figure as the trigger's object (推出惠民保产品近50款, 已上线项目1.08万个) or, for
    some event types, its subject (80款产品上线): a total so far, not a dated act
    (rules/events.yaml, statistic)."""
    c = compiled()
    if event_type in c.statistic_subject_of:
        lo = max(clause[0], trigger.start - c.statistic_reach)
        m = c.statistic_subject.search(text, lo, trigger.start)
        if m and not c.statistic_single.fullmatch(m.group("n")):
            return True
    cumulative = c.statistic_cumulative.search(text, clause[0], trigger.start) is not None
    end = min(clause[1], trigger.end + c.statistic_reach)
    for m in c.statistic_count.finditer(text, trigger.end, end):
        if c.statistic_qualifier.search(text[max(clause[0], m.start() - 6) : m.start()]):
            return True
        if cumulative and not c.statistic_single.fullmatch(m.group("n")):
            return True
    return False


def _within(text: str, start: int, end: int, pattern: regex.Pattern[str] | None) -> bool:
    """Whether a match of `pattern` near the trigger covers it (签署合作协议: 合作 its object)."""
    if pattern is None:
        return False
    lo, hi = max(0, start - _LOOKBACK), min(len(text), end + _LOOKBACK)
    return any(
        w.start() <= start and end <= w.end()
        for w in pattern.finditer(text, lo, hi, overlapped=True)
    )


def find_events(
    text: str,
    dates: list[Found],
    orgs: list[Found],
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[Found]:
    """Events in `text`, given the date and org items already found on it (offset order) and
    its sentences (None: split by the ingest rules). Matched on the Simplified view of `text`
    (the one script policy: `extract.grammar.grammar_kit`)."""
    text = simplified_view(text)
    c = compiled()
    found: list[Found] = []
    d: Discourse | None = None
    own: Ref | None = None
    partners: tuple[tuple[int, int], list[Ref]] | None = None
    for m in c.triggers.finditer(text):
        event_type = c.event_type[m.group()]
        nb, na = c.not_before.get(event_type), c.not_after.get(event_type)
        if nb and nb.search(text[max(0, m.start() - _LOOKBACK) : m.start()]):
            continue
        if na and na.match(text, m.end()):
            continue
        follow = c.must_follow.get(m.group())
        if follow and not follow.match(text, m.end()):
            continue
        trigger = Found("event", m.start(), m.end(), f"{RULE}.{event_type}")
        if d is None:
            d = Discourse(text, sentences)
            own = own_organisation(d, orgs)
        clause = d.clause_of(m.start(), m.end())
        ongoing = c.not_in_clause.get(event_type)
        if ongoing and ongoing.search(text, clause[0], m.start()):
            continue
        if _within(text, m.start(), m.end(), c.not_within.get(event_type)):
            continue
        if _statistic(text, trigger, clause, event_type):
            continue
        sentence = d.sentence_of(m.start(), m.end())
        actors, actors_rule = _actors(d, orgs, dates, trigger, clause, sentence[0], own)
        if partners and partners[0] == sentence and c.jointly.search(text, clause[0], m.start()):
            actors, actors_rule = partners[1], "partners"  # A携手B，共同启动: together
        if event_type == "partner" and m.group() in c.partner_object:
            partners = (sentence, actors)
        if not actors:
            continue
        planned = c.planned.search(text[clause[0] : m.start()])
        date, date_rule = _date(text, dates, trigger, clause, sentence)
        if (c.relative.match(text, m.end()) and date_rule not in _OWN_DATE) or (
            date is None and c.relative_any.match(text, m.end())
        ):
            continue  # 联合发布的保险 / 在X上市的Y公布 / X公布的数据显示: no dated act
        found.append(
            Found(
                "event",
                m.start(),
                m.end(),
                trigger.rule,
                {
                    "event_type": event_type,
                    "actors": actors,
                    "date": date,
                    "status": "planned" if planned else "happened",
                    "link": {"subject": actors_rule, "metric": None, "time": date_rule},
                },
            )
        )
    return found if d is None else headline_repeats(d, found)


@Language.factory(
    "zh_events",
    assigns=["doc._.events"],
    requires=["doc._.dates", "doc._.orgs"],
    default_config={},
)
class EventStage:
    """Reads the `date` and `org` items of zh_temporal and zh_organisations; writes events."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def find(self, doc: Doc) -> list[Found]:
        source = doc._.source
        return find_events(
            text_of(doc),
            found_of(doc, "date"),
            found_of(doc, "org"),
            None if source is None else list(source.sentences),
        )

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        write(doc, "events", found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
