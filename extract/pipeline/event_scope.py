"""Who else acts in an event, and which events a document states twice: rules of the
`zh_events` stage over the discourse layer that the nearest-name rule of `events.py` misses.

- A clause whose subject opens it and whose trigger comes after a long predicate (X（下称Y）今日在
  Z主板挂牌上市): the subject acts (`clause_subject`), the venue never does.
- A subject joined to the nearest name by a preposition (A去年12月与B签约, A会同B印发): both act.
- A source (据X统计) is no actor; the object of a preposition (与X达成合作，……推出) or a list
  member (X等四家公司共同承保，……上线) is no topic for a later clause.
- An undated event of the headline whose actors act in the body sums the body up: the body's.
- The document's own organisation (X（「本公司」）) acts where 本公司 / 本集团 does; the one that
  states (X表示：「我们将……推出」) where 我们 does.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.pipeline.annotations import Found
from extract.pipeline.discourse import Discourse, Named, Ref
from extract.pipeline.event_rules import compiled

__all__ = [
    "clause_subject",
    "co_actors",
    "headline_repeats",
    "not_actors",
    "own_names",
    "own_organisation",
]


def _gap(text: str, dates: Sequence[Found], end: int, start: int) -> str:
    """text[end:start] without the dates and parenthesised asides in it (（下称“Y”）, （10日）)."""
    spans = sorted((x.start, x.end) for x in dates if end <= x.start and x.end <= start)
    parts, at = [], end
    for s, e in spans:
        parts.append(text[at:s])
        at = max(at, e)
    parts.append(text[at:start])
    return compiled().aside.sub("", "".join(parts))


def clause_subject(
    d: Discourse, before: list[Named], dates: Sequence[Found], start: int
) -> list[Named]:
    """The name opening the clause when the trigger at `start` is beyond the actor reach and
    what lies between is a predicate only (no 的, no other name but venues, a bounded length)."""
    c = compiled()
    names = [n for n in before if not d.place(n[0])]
    if not names:
        return []
    first = names[0]
    if any(n[0] > first[1] and not d.place(n[0]) for n in before):
        return []
    gap = _gap(d.text, dates, first[1], start)
    if len(gap) > c.subject_gap_max or not c.subject_gap.fullmatch(gap):
        return []
    aside = c.aside.match(d.text, first[1])  # （以下简称“本会”）: no 称 of a statement
    said = d.reporting(aside.end() if aside else first[1], start)
    return [] if said else [first]  # 中金公司研报……关停: a source


def co_actors(
    d: Discourse, names: list[Named], chosen: list[Named], dates: Sequence[Found]
) -> list[Named]:
    """`chosen` and the name right before it when a co-actor word alone (dates and adverbs
    aside) joins them: A去年12月与B签约 (A and B sign), A会同B印发."""
    if not chosen:
        return chosen
    earlier = [n for n in names if n[1] <= chosen[0][0]]
    if not earlier:
        return chosen
    a = earlier[-1]
    if compiled().co_actor.fullmatch(_gap(d.text, dates, a[1], chosen[0][0])):
        return [a, *chosen]
    return chosen


def not_actors(d: Discourse, names: list[Named], lo: int, *, objects: bool = False) -> list[Named]:
    """`names` without the sources (据X统计) and, with `objects` (the topic a later clause
    carries), the objects of a preposition (与X达成合作, 由X指导) and list members (X等四家);
    A与B签约 keeps B, who signs."""
    pattern = compiled().object_before
    return [
        n
        for n in names
        if not d.reported_by(lo, n[0])
        and not (objects and (pattern.search(d.text, max(0, n[0] - 3), n[0]) or d.listed_end(n[1])))
    ]


def headline_repeats(d: Discourse, found: list[Found]) -> list[Found]:
    """`found` without the undated events of the title lines whose actors act in the body: the
    headline sums up the body's acts (X宣布关停：最后一期分摊后退出 / X将于6月30日关停)."""
    titles = d.title_candidates()
    if not titles:
        return found

    def key(f: Found) -> tuple[str, frozenset[str]]:
        return f.fields["event_type"], frozenset(a["org_id"] for a in f.fields["actors"])

    def in_title(f: Found) -> bool:
        return any(s <= f.start and f.end <= e for s, e in titles)

    body = {key(f)[1] for f in found if not in_title(f)}
    return [
        f for f in found if not (in_title(f) and f.fields["date"] is None and key(f)[1] in body)
    ]


def own_names(d: Discourse, own: Ref | None, lo: int, hi: int) -> list[Named]:
    """本公司 / 本集团 in text[lo:hi], standing for the document's own organisation `own`."""
    if own is None:
        return []
    return [(m.start(), m.end(), own) for m in compiled().self_word.finditer(d.text, lo, hi)]


def own_organisation(d: Discourse, orgs: Sequence[Found]) -> Ref | None:
    """The organisation the document defines as its own (安屿集团有限公司（「本公司」）), if any."""
    own = next((f for f in orgs if d.self_defined(f.end)), None)
    return None if own is None else {"org_id": own.fields["org_id"], "name": own.fields["name"]}


def typed_antecedent(
    d: Discourse, orgs: Sequence[Found], clause_start: int, trigger_start: int
) -> list[Named]:
    """A bare 公司 / 集团 or a 该平台 opening the trigger's clause (此前，公司已于1月获批) names the
    latest organisation before it of a type its noun fits (the discourse layer's anaphor types)."""
    at = d.opener_end(clause_start)
    word = next((w for start, w in d.anaphors(at, trigger_start) if start == at), None)
    if word is None or not (d.g.bare_typed.fullmatch(word) or d.g.pronoun.match(word)):
        return []  # a bare 平台 may be an unnamed one; 该平台 refers back
    for org in reversed([o for o in orgs if o.end <= at]):
        if d.refers_to(word, org.fields.get("org_type")) and not d.byline(org.start, org.end):
            return [
                (at, at + len(word), {"org_id": org.fields["org_id"], "name": org.fields["name"]})
            ]
    return []


def speaker(
    d: Discourse, orgs: Sequence[Found], clause_start: int, sentence_start: int
) -> list[Named] | None:
    """我们 opening the trigger's clause (X行政总监Y表示：「……，我们将于明年推出……」): the
    organisation opening a clause earlier in the sentence that states it (X表示, X总裁Y：); none
    when no such one (the speaker is unnamed: no topic, no name after, acts for 我们)."""
    at = d.opener_end(clause_start)
    if d.g.first_person.match(d.text, at) is None:
        return None  # no 我们: other rules choose
    for org in reversed([o for o in orgs if sentence_start <= o.start and o.end <= at]):
        opens = org.start == d.opener_end(d.clause_of(org.start)[0])  # not 用户使用X后认为
        if opens and ("statement" in d.reporting(org.end, at) or d.labelled(org.end)):
            ref = {"org_id": org.fields["org_id"], "name": org.fields["name"]}
            return [(org.start, org.end, ref)]
    return []
