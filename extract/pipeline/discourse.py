"""The discourse layer: sentences, clauses, quotations, titles, bylines, lists, reporting frames
and references back, for every stage that links (zh_facts, zh_events).

One `Discourse` is built per text: it finds the breaks, titles and quotations once, and answers
where things stand (`clause_of`, `sentence_of`, `paragraph_of`, `in_title`, `quoted`) and what a
name is in its context (`byline`, `coordinated`, `listed_end`, `reporting`, `antecedent`). The
grammar is data (`rules/discourse.yaml`); sentences are the ingested document's (or split by the
ingest rules when none are given), so sentence ends are defined in one place.

Limits: references back are resolved by name shape and recency only (no syntax); a topic is
carried within a paragraph (`paragraph_starts_topic`), never across one unless it opens with a
reference back.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

import regex

from extract.ingest.layout import ingest_rules
from extract.ingest.sentences import split_sentences
from extract.pipeline.discourse_rules import DiscourseGrammar, load_discourse

Ref = dict[str, str]  # {org_id, name}: what a subject, source or actor is
Named = tuple[int, int, Ref]  # a name in the text and what it stands for
Reporting = Literal["report", "statement"]


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    for s, e in spans:
        if s <= start and end <= e:
            return s, e
    return None


class _Shape(NamedTuple):
    """What the heading questions ask of one paragraph's stripped body."""

    length: int
    introduces: bool  # ends with a colon
    one_sentence: bool  # no sentence end but at its last character
    sentence_end: bool  # a sentence end anywhere

    def short(self, most: int) -> bool:
        """At most `most` characters and at most one sentence, at its end."""
        return 0 < self.length <= most and self.one_sentence


class _Cuts:
    """Spans that tile a text, found once: the one around an offset is two bisections."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.spans = list(spans)

    def around(self, start: int, end: int) -> tuple[int, int]:
        i = bisect_right(self.starts, start) - 1
        s, e = self.spans[max(i, 0)]
        return min(s, start), max(e, end)


class Starts:
    """Where a pattern matches in a text, found once: whether one starts in a range is one
    bisection (the stages ask per clause and per figure)."""

    def __init__(self, pattern: regex.Pattern[str], text: str) -> None:
        self.at = [m.start() for m in pattern.finditer(text)]

    def any(self, lo: int, hi: int) -> bool:
        i = bisect_left(self.at, lo)
        return i < len(self.at) and self.at[i] < hi


class Discourse:
    """The discourse of one text: breaks, titles and quotations found once, and the questions
    the linking stages ask about a position or a name."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]] | None = None,
        paragraphs: Sequence[tuple[int, int]] | None = None,
        grammar: DiscourseGrammar | None = None,
    ) -> None:
        self.g = g = grammar or load_discourse()
        self.text = text
        if sentences is None:
            sentences = split_sentences(text, ingest_rules())
        self.sentences = list(sentences) or [(0, len(text))]
        self._sentence_cuts = _Cuts(_tile(self.sentences, len(text)))
        self._break_ends = [m.end() for m in g.clause_break.finditer(text)]
        cuts = [0, *self._break_ends]
        if cuts[-1] != len(text):
            cuts.append(len(text))
        self._clause_cuts = _Cuts(list(itertools.pairwise(cuts)) or [(0, 0)])
        self.titles = [m.span() for m in g.title.finditer(text)]
        self.quotes = [m.span() for m in g.quote.finditer(text)]
        if paragraphs is None:
            starts = [0, *(m.end() for m in regex.finditer(r"\n+", text))]
            ends = [m.start() for m in regex.finditer(r"\n+", text)] + [len(text)]
            paragraphs = list(zip(starts, ends, strict=False))
        self.paragraphs = sorted(paragraphs)
        self.paragraph_starts = [s for s, _ in self.paragraphs]
        self._references = Starts(g.reference_start, text)
        self._openers = Starts(g.opener_start, text)
        self._shapes: dict[int, _Shape] = {}
        self._headings: list[tuple[int, int] | None] | None = None  # per paragraph

    # -- where things stand --

    def clause_of(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The clause (between clause breaks, a break ending its clause) around text[start:end]."""
        return self._clause_cuts.around(start, start if end is None else end)

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """The clauses of text[start:end], cut at clause breaks (those of the whole text, found
        once: a break whose lookahead would see past `end` ends the last clause either way)."""
        ends = self._break_ends
        cuts = [start, *ends[bisect_right(ends, start) : bisect_right(ends, end)]]
        if cuts[-1] != end:
            cuts.append(end)
        return list(itertools.pairwise(cuts))

    def sentence_of(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The sentence around text[start:end] (a gap between sentences belongs to the next)."""
        return self._sentence_cuts.around(start, start if end is None else end)

    def paragraph_of(self, at: int) -> int:
        """The index of the paragraph holding offset `at`."""
        return bisect_left(self.paragraph_starts, at + 1) - 1

    def in_title(self, start: int, end: int) -> bool:
        return bool(self.titles) and _inside(self.titles, start, end) is not None

    def quoted(self, start: int, end: int) -> tuple[int, int] | None:
        """The quotation holding text[start:end], if any."""
        return _inside(self.quotes, start, end) if self.quotes else None

    def opener_end(self, at: int) -> int:
        """Where a clause starting at `at` begins after its opener (据了解，目前 ...)."""
        if not self._openers.any(at, at + 1):
            return at  # neither a space nor an opener's first character: nothing to skip
        return self.g.opener.match(self.text, at).end()

    def paragraph_starts_topic(self, sentence_start: int) -> bool:
        """Whether a paragraph whose first sentence starts here starts a new topic: it does
        unless it opens (after an opener) with a reference back (其, 该平台 ...)."""
        at = sentence_start
        if self._openers.any(at, at + 1):
            at = self.g.paragraph_opener.match(self.text, at).end()
        return not (
            (self.may_refer(at, at + 1) and self.g.paragraph_anaphor.match(self.text, at))
            or (
                self.may_refer(sentence_start, sentence_start + 1)
                and self.g.anaphor.match(self.text, sentence_start)  # 其中，…
            )
            or self.heading_of(sentence_start) is not None
        )

    # -- headings, list items and the title --

    def _shape(self, k: int) -> _Shape:
        """Paragraph k's shape, read once per paragraph: every figure of a long list asks."""
        shape = self._shapes.get(k)
        if shape is None:
            s, e = self.paragraphs[k]
            body = self.text[s:e].strip()
            end = self.g.sentence_end.search(body)  # one character: a first end at the last
            shape = self._shapes[k] = _Shape(  # character is the only one
                len(body),
                bool(body) and body[-1] in self.g.rules.headings.ends,
                end is None or end.start() == len(body) - 1,
                end is not None,
            )
        return shape

    def _introduces(self, k: int) -> bool:
        """Paragraph k introduces a list: it ends with a colon (主要数据如下：)."""
        return self._shape(k).introduces

    def _short(self, k: int, most: int) -> bool:
        """Paragraph k is at most `most` characters and at most one sentence, at its end."""
        return self._shape(k).short(most)

    def _heading_shaped(self, k: int) -> bool:
        h = self.g.rules.headings
        shape = self._shape(k)
        return shape.introduces or (shape.short(h.heading_max) and not shape.sentence_end)

    def heading_of(self, at: int) -> tuple[int, int] | None:
        """The heading over the list item holding offset `at` (水滴公司2023年业绩： / 营收27亿元):
        the nearest paragraph before it ending with a colon, over short items only, else the
        first of the run of short paragraphs when it has no sentence end; None for prose.
        Found for every paragraph in one pass, on the first question (each figure asks)."""
        k = bisect_left(self.paragraph_starts, at + 1) - 1  # paragraph_of, inlined: a hot path
        if k < 1:
            return None
        if self._headings is None:
            self._headings = self._all_headings()
        return self._headings[k]

    def _all_headings(self) -> list[tuple[int, int] | None]:
        """Each paragraph's heading, walking forward once: `back` is what a walk back from the
        paragraph before would meet first over short items (the introducing paragraph, or None;
        the first of the short run), so a long list of short items costs linear time."""
        item_max = self.g.rules.headings.item_max
        paragraphs = self.paragraphs
        shapes = [self._shape(k) for k in range(len(paragraphs))]
        out: list[tuple[int, int] | None] = [None] * len(paragraphs)
        back: tuple[int | None, int] = (None, 0)
        for k, shape in enumerate(shapes):
            short = shape.short(item_max)
            if k >= 1 and short:
                intro, first = back
                if intro is not None:
                    out[k] = paragraphs[intro]
                # a heading with no colon heads two items at least, none of them a sentence
                elif first < k and not shape.sentence_end:
                    after = k + 1 < len(shapes) and shapes[k + 1].short(item_max)
                    if k - first + after >= 2 and self._heading_shaped(first):
                        out[k] = None if shape.introduces else paragraphs[first]
            if shape.introduces:
                back = (k, k + 1)
            elif not short:
                back = (None, k + 1)
        return out

    def title_candidates(self) -> list[tuple[int, int]]:
        """The paragraphs that may be the document's title: the leading run (at most
        `title_lines`) shaped as a heading (no sentence end), though longer (a notice's title:
        关于做好…工作的通知), with others after them; a page's navigation line may come first."""
        h = self.g.rules.headings
        out = []
        for k in range(min(h.title_lines, len(self.paragraphs) - 1)):
            if self._introduces(k) or not self._short(k, h.title_max):
                break
            if self._shape(k).sentence_end:
                break
            out.append(self.paragraphs[k])
        return out

    def lead_paragraph(self, within: int) -> tuple[int, int] | None:
        """The lead: the first prose paragraph (one with a sentence end) among the first
        `within`, after the title and any dateline or byline line."""
        for k in range(min(within, len(self.paragraphs))):
            if self._shape(k).sentence_end and not self._introduces(k):
                return self.paragraphs[k]
        return None

    # -- what a name is in its context --

    def byline(self, start: int, end: int) -> bool:
        """text[start:end] is the outlet of a byline or source line (北京商报讯, 来源：新华网,
        【TechWeb】)."""
        text = self.text
        if any(
            text[start - 1 : start] == b[0] and text[end : end + 1] == b[1] for b in self.g.brackets
        ):
            return True
        return bool(
            self.g.byline_after.match(text, end)
            or self.g.byline_before.search(text, max(0, start - 8), start)
        )

    def coordinated(self, end: int, start: int, *, bare: bool = False) -> bool:
        """The names ending at `end` and starting at `start` are joined as one list (A、B,
        A和B); `bare`: a gap of spaces only (tokenised 蚂蚁 水滴) or none joins them too."""
        pattern = self.g.bare_joiner if bare else self.g.joiner
        return end <= start and pattern.fullmatch(self.text, end, start) is not None

    def join_reach(self, end: int) -> int:
        """The furthest offset a name joined to one ending at `end` may start before."""
        stop = self.g.not_joiner.search(self.text, end)
        return stop.start() + 1 if stop else len(self.text) + 1

    def listed_end(self, end: int) -> bool:
        """A list closes right after this name (A、B等)."""
        return self.g.list_end.match(self.text, end) is not None

    def place(self, start: int) -> bool:
        """The name starting at `start` is a place or venue (在X, 于X)."""
        return self.g.place_before.search(self.text, max(0, start - 3), start) is not None

    def reported_by(self, lo: int, start: int) -> bool:
        """The name starting at `start` follows a source word (据X, 根据X) after `lo`."""
        return self.g.source_before.search(self.text, lo, start) is not None

    def reporting(self, end: int, stop: int) -> set[Reporting]:
        """Whether the name ending at `end` reports (X研报, X白皮书) or states (X表示, X数据显示)
        within the reporting gap, looking no further than `stop`."""
        rep = self.g.rules.reporting
        window = self.text[end : min(stop, end + rep.gap + 8)]
        kinds: set[Reporting] = set()
        m = self.g.reports.search(window)
        if m and m.start() <= rep.gap:
            kinds.add("report")
        m = self.g.statements.search(window)
        if m and m.start() <= rep.gap:
            kinds.add("statement")
        return kinds

    def only_reports(self, org_type: str | None) -> bool:
        """Organisations of this type (media, research ...) report figures, never own them."""
        return org_type in self.g.rules.reporting.reporter_types

    def uncarried(self, org_type: str | None) -> bool:
        """A subject of this type (media, regulators ...) is not carried to a later clause."""
        return org_type in self.g.rules.reporting.uncarried_types

    # -- references back --

    def may_refer(self, lo: int, hi: int) -> bool:
        """Whether a pronoun, an anaphor or a first person may start in text[lo:hi] (one of
        their first characters stands there): most clauses of a figure-dense text have none."""
        return self._references.any(lo, hi)

    def pronouns(self, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
        """The pronouns (该基金会, 这家公司) in text[lo:hi]: start, end and their noun."""
        if not self.may_refer(lo, hi):
            return
        for m in self.g.pronoun.finditer(self.text, lo, hi):
            yield m.start(), m.end(), m.group("noun")

    def antecedent(self, noun: str, names: Sequence[Named]) -> Ref | None:
        """The one organisation among `names` (those named before the pronoun) whose name ends
        with the pronoun's noun; None if none or several."""
        fits = {
            ref["org_id"]: ref
            for start, end, ref in names
            if self.text[start:end].endswith(noun) or ref["name"].endswith(noun)
        }
        return next(iter(fits.values())) if len(fits) == 1 else None

    def first_person(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] speaks as 我们 / 本公司."""
        return self.may_refer(lo, hi) and self.g.first_person.search(self.text, lo, hi) is not None

    def self_defined(self, end: int) -> bool:
        """The name ending at `end` is defined as the document's own (X（「本公司」）): the
        issuer of a results announcement, whom later bare 本公司 / 本集团 name."""
        return self.g.self_definition.match(self.text, end) is not None

    def speaker_reach(self, at: int) -> int:
        """Where the speaker of a first-person sentence may still be named: the end of the
        sentence after the one holding `at`."""
        end = self.sentence_of(at)[1]
        return self.sentence_of(end)[1] if end < len(self.text) else end

    def anaphors(self, lo: int, hi: int) -> Iterator[tuple[int, str]]:
        """Where an anaphor (其, 该平台, 平台) starts in text[lo:hi], and the anaphor."""
        if not self.may_refer(lo, hi):
            return
        for m in self.g.anaphor.finditer(self.text, lo, hi):
            yield m.start(), m.group()

    def refers_to(self, anaphor: str, org_type: str | None) -> bool:
        """Whether an anaphor with a noun (该平台, 公司) may name an organisation of this type
        when no subject is recent: the types its noun lists (rules: anaphor_types); 其 none."""
        m = self.g.anaphor_noun.search(anaphor)
        return m is not None and org_type in self.g.rules.antecedents.anaphor_types[m.group()]

    def labelled(self, end: int) -> bool:
        """The name ending at `end` labels what its speaker says (水滴公司CEO沈鹏：): its clause
        ends with a colon within the label gap."""
        stop = self.clause_of(end)[1]
        gap = self.g.rules.antecedents.label_gap
        return stop - end <= gap + 1 and self.text[stop - 1 : stop] in self.g.rules.headings.ends


def _tile(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sentence spans widened to tile the text: the gap before a sentence joins it."""
    ordered = sorted(spans)
    out = []
    for k, (s, e) in enumerate(ordered):
        start = 0 if k == 0 else ordered[k - 1][1]
        end = length if k == len(ordered) - 1 else e
        out.append((min(start, s), max(end, e)))
    return out
