"""The organisation recogniser: candidate generators, then an ordered list of named passes."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache

import regex

from extract.grammar.grammar_kit import char_class, simplified_view
from extract.orgs.grammar import SuffixRules
from extract.orgs.identity import IdentityNames, IdentityRules
from extract.orgs.known import KnownNames
from extract.orgs.legal import LegalNames
from extract.orgs.lexicon import Alias, Gazetteer, Org, OrgMention, alias_key, names_of
from extract.orgs.ner import ModelNames
from extract.orgs.passes import ResolutionPasses
from extract.orgs.platforms import PlatformNames
from extract.orgs.scan import (
    GAP,
    HAN,
    NameScanner,
    WordBounds,
    WordSet,
    alternation,
    blocked_alternation,
    han_compile,
    non_overlapping,
)
from extract.orgs.suffixes import SuffixNames
from extract.rules import compiled, load_yaml


class OrgRecogniser(
    KnownNames,
    SuffixNames,
    PlatformNames,
    IdentityNames,
    LegalNames,
    ModelNames,
    ResolutionPasses,
):
    """Finds organisation mentions in clean simplified text and resolves each to one `Org`."""

    def __init__(self, gazetteer: Gazetteer, rules: SuffixRules, identity: IdentityRules) -> None:
        self.orgs = {e.id: Org(e.id, e.name, e.type, e.parent) for e in gazetteer.organisations}
        self._root = {oid: self._root_of(oid) for oid in self.orgs}
        self._aliases: dict[str, Alias] = {}
        for entry in gazetteer.organisations:
            for name in [entry.name, *entry.aliases]:
                self._aliases[alias_key(name)] = Alias(entry.id, "alias")
            for name in entry.short_forms:
                self._aliases[alias_key(name)] = Alias(entry.id, "short")
            for name in entry.title_aliases:
                self._aliases[alias_key(name)] = Alias(entry.id, "title")
        spellings = set()
        writers: dict[str, set[str]] = {}
        for entry in gazetteer.organisations:
            for name in names_of(entry):
                spellings.update({"".join(name.split()), alias_key(name)})
                writers.setdefault(alias_key(name), set()).add(entry.id)
        self._gazetteer = NameScanner(spellings)
        self._initials = {e.list_initial: e.id for e in gazetteer.organisations if e.list_initial}
        self._alias_written: dict[str, tuple[Org, str, bool]] = {}
        self._blocked_next: dict[str, tuple[str, ...]] = {}  # by gazetteer name as written
        self._sports_written: dict[str, bool] = {}  # by gazetteer name as written
        self.rules = rules
        self._compile_rules(rules)
        sf = rules.short_forms
        one = f"[{re.escape(''.join(self._initials))}]" if self._initials else "(?!)"
        self._initials_re = re.compile(
            f"{one}(?:、{one}){{{sf.initials_min - 1},}}(?={alternation(sf.initials_end)})"
        )
        self._compile_identity(identity)
        self._compile_legal(identity.legal_names, writers)

    def lookup(self, text: str) -> Org | None:
        """The gazetteer organisation `text` names outright (an alias, not a short form)."""
        alias = self._aliases.get(alias_key(text))
        return self.orgs[alias.org_id] if alias is not None and alias.kind == "alias" else None

    def type_from_suffix(self, name: str) -> str:
        """The org_type the longest matching suffix gives a name; `other` when none does."""
        for suffix in self._suffixes_by_length:
            if name.endswith(suffix):
                return self._suffix[suffix].org_type
        return "other"

    def _root_of(self, oid: str) -> str:
        while self.orgs[oid].parent is not None:
            oid = self.orgs[oid].parent  # type: ignore[assignment]
        return oid

    def _compile_rules(self, r: SuffixRules) -> None:
        self._suffix = {s.suffix: s for s in r.suffixes}
        self._suffixes_by_length = sorted(self._suffix, key=len, reverse=True)
        self._suffix_re = re.compile(
            blocked_alternation((s.suffix, s.blocked_next, []) for s in r.suffixes)
        )
        self._platform_re = re.compile(
            blocked_alternation(
                (p.suffix, p.blocked_next, p.blocked_prev) for p in r.platform_forms
            )
        )
        self._platform_cue_re = re.compile(alternation(r.platform_cues.before))
        self._media_cue_re = re.compile(alternation(r.media_cues.before))
        self._media_cues_after = (*r.media_cues.after, "》")  # or a title's end (《东海晨报》)
        self._platform_cues_after = tuple(r.platform_cues.after)
        # what a stem led by a place must hold somewhere: a listed place or a place suffix
        self._place_char_re = re.compile(
            f"{alternation(r.places)}|[{re.escape(r.place_suffix_chars)}]"
        )
        lb = r.left_boundary
        fn = r.false_names
        self._boundary_words = WordSet([*lb.words, *fn.time_words, *fn.quantity_words])
        counted = alternation([*fn.time_words, *fn.quantity_words])
        counts = re.escape(lb.numerals + lb.measure_words + lb.stop_chars)
        suffixes = alternation(self._suffix)
        self._false_name_re = re.compile(f"(?:{counted}|[{counts}])+(?:{suffixes})")
        # a character at which the left walk may stop, so protected words matter
        walk_stops = lb.stop_chars + "".join(lb.conjunctions) + lb.measure_words
        self._walk_stop_re = re.compile(f"[{re.escape(walk_stops)}]")
        # the rightmost character at which any test of the left walk can stop it
        walk_tests = walk_stops + lb.indefinite + lb.date_marks
        self._walk_test_re = regex.compile(f"[{regex.escape(walk_tests)}]", regex.REVERSE)
        # up to the last character that is no Han, Latin letter or digit: where the walk ends
        self._name_run_re = han_compile(f"(?s:.*)(?!{HAN})[^A-Za-z0-9]")
        self._title_words = re.compile(alternation(r.person_titles))
        # 人力资源和社会保障(局): a conjunction inside the stem of an abbreviation's full form
        full_stems = [
            a.full[: -len(next(s for s in self._suffixes_by_length if a.full.endswith(s)))]
            for a in r.abbreviations
        ]
        self._protected = WordSet([*lb.protected, *r.places, *filter(None, full_stems)])
        generic = alternation(r.generic_words)
        conj = re.escape("".join(lb.conjunctions))
        self._generic_re = re.compile(f"(?:{generic})+(?:[{conj}](?:{generic})+)*")  # 律师与彩票
        self._generic_tail = re.compile(f"(?:{generic})+$")
        self._generic_end = re.compile(f"(?:{generic})$")
        self._place_re = han_compile(
            f"(?:{alternation(r.places)})(?:[{r.place_suffix_chars}])?"
            f"|{HAN}{{2,3}}[{r.place_suffix_chars}]"
        )
        self._org_endings = tuple(lb.organisation_endings)
        self._brand_places = frozenset(r.brand_places)
        self._place_list_re = re.compile(alternation(r.places))
        qp = r.quoted_platform
        opens = "".join(q[0] for q in qp.quotes)
        closes = "".join(q[1] for q in qp.quotes)
        self._quoted_re = re.compile(
            f"[{re.escape(opens)}]([^{re.escape(closes)}\\n，。；！？、,;!?]{{2,{qp.max_chars}}})"
            f"[{re.escape(closes)}]"
        )
        # time words and adverbs, or a Taiwan/HK bracketed day (昨（11）日), then a reporting cue
        self._quoted_after_re = re.compile(
            f"(?:{alternation(qp.gap_words)}|{qp.bracketed_day})*(?:{alternation(qp.cues_after)})"
        )
        self._quote_context_re = re.compile(alternation(qp.sentence_context))
        self._abbreviations = [(a.short, a.full) for a in r.abbreviations]
        pf = r.page_furniture
        self._furniture_re = re.compile(alternation([*pf.cues, *pf.nav_cues]))
        self._nav_cues = frozenset(pf.nav_cues)
        self._title_re = re.compile(r"《([^《》\n]{1,80})》")
        ip = r.insurance_products
        self._product_form = {f.suffix: f for f in ip.forms}
        self._not_platform_endings = (*self._suffix, *self._product_form)
        self._product_re = re.compile(
            blocked_alternation((f.suffix, ip.blocked_next, []) for f in ip.forms)
        )
        self._product_context = re.compile(alternation(ip.context))
        self._product_year_re = han_compile(
            f"{char_class(q[0] for q in ip.year_quotes)}"
            f"({HAN}{{1,{ip.max_quoted_chars - 1}}}{regex.escape(ip.year_product_end)})"
            f"{GAP}(?:19|20)\\d\\d(?:{alternation(ip.edition_marks)})?"
            f"{char_class(q[1] for q in ip.year_quotes)}"
        )
        chars = re.escape(r.local_prefix_chars)
        self._local_place_re = re.compile(f"(?:{alternation(r.places)})[{chars}]")
        self._defined_place_re = han_compile(f"{HAN}{{2,3}}?[{chars}]")

    # --- the whole document ---------------------------------------------------------------

    def find(
        self,
        text: str,
        words: WordBounds | None = None,
        model_spans: Iterable[tuple[int, int]] = (),
    ) -> list[OrgMention]:
        """Every organisation mention in `text`, non-overlapping, in offset order.

        `words`, the word boundaries of a word segmenter (pkuseg), lets a stem that the character
        rules reject start at a word instead; without it recognition is by characters alone.
        `model_spans` are a statistical NER's organisation spans (`extract.orgs.ner`).
        Matched on the Simplified view of `text` (the one script policy:
        `extract.grammar.grammar_kit`).
        """
        run = self._candidates(simplified_view(text), words, model_spans)
        chosen = run.candidates
        for name, step in self.passes:
            out = step(run, chosen)
            if len(out) == len(chosen) and all(map(operator.is_, out, chosen)):
                continue  # a pass returns the mentions it keeps as they were
            before = set(map(id, chosen))
            chosen = [m if id(m) in before else replace(m, passes=(*m.passes, name)) for m in out]
        return chosen

    def _candidates(
        self, text: str, words: WordBounds | None, model_spans: Iterable[tuple[int, int]]
    ) -> Run:
        """What every generator proposes, before any resolution pass."""
        gaz, shorts = self._brand_phrases(text, *self._gazetteer_matches(text))
        gaz_starts = [g.start for g in gaz]  # gaz is in offset order
        titles = [(m.start(1), m.end(1)) for m in self._title_re.finditer(text)]
        candidates = [*gaz, *self._suffix_candidates(text, gaz, gaz_starts, titles, words)]
        candidates += self._platform_candidates(text, gaz)
        products = list(self._product_candidates(text, [*gaz, *shorts]))
        candidates += self._quoted_platforms(text, [*gaz, *products])  # “绵阳惠民保”: a product
        candidates += products
        candidates += self._prefixed_candidates(text, gaz)
        candidates += self._initial_lists(text)
        candidates += self.model_mentions(text, model_spans, gaz)
        return Run(text, gaz, gaz_starts, shorts, candidates)

    @property
    def passes(self) -> tuple[tuple[str, Pass], ...]:
        """The resolution passes, in order; each takes the run and the mentions so far."""
        return (
            ("context_extensions", lambda r, c: self._drop_context_extensions(r.text, c, r.gaz)),
            ("generic_vetoes", lambda r, c: [m for m in c if not self._vetoed(r.text, m)]),
            ("false_names", lambda r, c: [m for m in c if not self._false_name(m)]),
            ("model_arbitration", lambda r, c: self._arbitrated(c)),
            ("overlaps", lambda r, c: non_overlapping(c)),
            ("parents", lambda r, c: [self._with_parent(m, r.gaz, r.gaz_starts) for m in c]),
            ("legal_names", lambda r, c: self._legal_names(r.text, c)),
            ("branches", lambda r, c: self._branches(r.text, c)),
            ("unit_types", lambda r, c: self._unit_types(c)),
            ("short_forms", lambda r, c: c + self._supported_short_forms(r.text, r.shorts, c)),
            ("overlaps", lambda r, c: non_overlapping(c)),
            ("products", lambda r, c: self._merged_products(c)),
            ("cores", lambda r, c: self._core_merged(c)),
            ("propagation", lambda r, c: c + self._propagated(r.text, c)),
            ("overlaps", lambda r, c: sorted(non_overlapping(c), key=lambda m: m.start)),
            ("local_names", lambda r, c: self._localised(r.text, c)),
            ("abbreviations", lambda r, c: self._abbreviations_merged(c)),
            ("defined_names", lambda r, c: self._defined_names(r.text, c)),
            ("furniture", lambda r, c: self._off_furniture(r.text, c)),
        )


@dataclass(frozen=True, slots=True)
class Run:
    """One text's candidates and what the passes need to know about them."""

    text: str
    gaz: list[OrgMention]
    gaz_starts: list[int]
    shorts: list[OrgMention]
    candidates: list[OrgMention]


Pass = Callable[[Run, list[OrgMention]], list[OrgMention]]


@cache
def load_recogniser(
    gazetteer: str = "organisations.yaml",
    suffixes: str = "org_suffixes.yaml",
    identity: str = "org_identity.yaml",
) -> OrgRecogniser:
    """Load, validate and compile the rules files once per process (and on disk, across runs)."""
    return compiled(
        f"org_recogniser-{gazetteer}-{suffixes}-{identity}",
        lambda: OrgRecogniser(
            load_yaml(gazetteer, Gazetteer),
            load_yaml(suffixes, SuffixRules),
            load_yaml(identity, IdentityRules),
        ),
    )
