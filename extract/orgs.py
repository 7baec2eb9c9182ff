"""Organisation recognition with canonical identities: gazetteer, suffix rules, platform forms.

Data lives in `rules/organisations.yaml` (who exists) and `rules/org_suffixes.yaml` (how an
unknown name looks); this module validates both and compiles them once. `OrgRecogniser.find`
works on the clean simplified view and returns every mention with the one organisation it names
in this document, so that mentions in other scripts or forms (水滴籌, 相互 宝, 相互保) merge.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import opencc
from pydantic import Field, model_validator

from extract.rules import RulesModel, load_yaml

OrgType = Literal[
    "platform", "company", "insurer", "broker", "regulator", "government", "court", "research",
    "university", "media", "foundation", "association", "securities_firm", "hospital", "bank",
    "ngo", "international", "exchange", "insurance_product", "other",
]  # fmt: skip

ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_GAP = r"[^\S\n]?"  # a token space of pre-tokenised text (相互 宝), never a line break
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_T2S = opencc.OpenCC("t2s")
_SENTENCE_ENDS = "。！？!?\n"
# Types whose names prefix a department's (银保监会打非局, 南开大学...学院); a platform's do not.
_HAS_UNITS = frozenset(
    {
        "regulator",
        "government",
        "court",
        "company",
        "university",
        "research",
        "association",
        "insurer",
        "bank",
        "securities_firm",
        "hospital",
        "international",
        "foundation",
    }
)


# --- the gazetteer -------------------------------------------------------------------------


class OrgEntry(RulesModel):
    """One organisation: canonical id and name, type, parent and the names it goes by."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    type: OrgType
    parent: str | None = None
    aliases: list[str] = Field(default_factory=list)
    short_forms: list[str] = Field(default_factory=list)
    title_aliases: list[str] = Field(default_factory=list)


def alias_key(text: str) -> str:
    """The form two spellings of one name share: Simplified, no whitespace, case-folded."""
    return _T2S.convert("".join(text.split())).replace("：", ":").casefold()


class Gazetteer(RulesModel):
    """The organisations file; cross-entry problems are all reported in one error."""

    organisations: list[OrgEntry]

    @model_validator(mode="after")
    def _consistent(self) -> Gazetteer:
        problems: list[str] = []
        ids: dict[str, int] = {}
        for i, org in enumerate(self.organisations):
            if org.id in ids:
                problems.append(
                    f"organisations.{i}: duplicate id {org.id!r} (first at {ids[org.id]})"
                )
            ids.setdefault(org.id, i)
        claimed: dict[str, str] = {}
        for i, org in enumerate(self.organisations):
            if org.parent is not None and org.parent not in ids:
                problems.append(f"organisations.{i}: {org.id}: parent {org.parent!r} is not an id")
            for name in _names(org):
                key = alias_key(name)
                owner = claimed.setdefault(key, org.id)
                if owner != org.id:
                    problems.append(
                        f"organisations.{i}: alias {name!r} of {org.id} is claimed by {owner}"
                    )
        problems.extend(self._cycles())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _cycles(self) -> list[str]:
        parent = {o.id: o.parent for o in self.organisations}
        bad = []
        for start in parent:
            seen, node = set(), start
            while node is not None and node in parent:
                if node in seen:
                    bad.append(f"{start}: parent chain loops through {node!r}")
                    break
                seen.add(node)
                node = parent[node]
        return bad


def _names(org: OrgEntry) -> Iterator[str]:
    yield org.name
    yield from org.aliases
    yield from org.short_forms
    yield from org.title_aliases


# --- the recogniser's rules ----------------------------------------------------------------


class SuffixRule(RulesModel):
    suffix: str
    org_type: OrgType
    needs: Literal["none", "place_or_org", "media_cue"] = "none"
    place_only: bool = False
    blocked_next: list[str] = Field(default_factory=list)
    stem_not_ending: list[str] = Field(default_factory=list)
    stem_not_containing: list[str] = Field(default_factory=list)
    titled_generic: bool = False


class PlatformForm(RulesModel):
    suffix: str
    blocked_prev: list[str] = Field(default_factory=list)
    blocked_next: list[str] = Field(default_factory=list)


class Cues(RulesModel):
    before: list[str]
    after: list[str]


class QuotedPlatform(RulesModel):
    quotes: list[str] = Field(description="Opening and closing quote, as a two-character string.")
    max_chars: int = Field(gt=1)
    not_endings: list[str]
    cues_before: list[str] = Field(min_length=1)
    not_followed_by: list[str]
    cues_after: list[str] = Field(min_length=1)
    gap_words: list[str]
    clause_openers: str
    sentence_context: list[str] = Field(min_length=1)


class Abbreviation(RulesModel):
    short: str = Field(min_length=2)
    full: str = Field(min_length=3)


class CoreMerge(RulesModel):
    min_core_chars: int = Field(ge=2)
    suffix_families: dict[str, str]


class PageFurniture(RulesModel):
    cues: list[str] = Field(min_length=1)
    nav_cues: list[str] = Field(min_length=1)
    max_line_chars: int = Field(gt=0)


class LeftBoundary(RulesModel):
    stop_chars: str
    words: list[str]
    protected: list[str]
    conjunctions: list[str]
    organisation_endings: list[str]
    measure_words: str
    numerals: str


class ShortFormRules(RulesModel):
    next_chars: str
    next_words: list[str]


class ProductForm(RulesModel):
    suffix: str
    stem: Literal["place", "name"]
    min_stem: int = Field(default=1, ge=1)
    max_stem: int = Field(default=4, ge=1)


class InsuranceProducts(RulesModel):
    forms: list[ProductForm]
    blocked_next: list[str]
    not_places: list[str]
    stem_not: list[str]
    context: list[str] = Field(min_length=1)
    context_chars: int = Field(gt=0)
    year_quotes: list[str]
    max_quoted_chars: int = Field(gt=1)


class SuffixRules(RulesModel):
    max_name_chars: int = Field(gt=2)
    min_stem_chars: int = Field(ge=1)
    max_free_stem_chars: int = Field(ge=1)
    suffixes: list[SuffixRule]
    media_cues: Cues
    platform_forms: list[PlatformForm]
    platform_cues: Cues
    quoted_platform: QuotedPlatform
    left_boundary: LeftBoundary
    person_titles: list[str]
    places: list[str]
    place_suffix_chars: str
    generic_words: list[str]
    short_forms: ShortFormRules
    insurance_products: InsuranceProducts
    local_prefix_chars: str
    local_prefix_not: list[str]
    abbreviations: list[Abbreviation]
    core_merge: CoreMerge
    page_furniture: PageFurniture

    @model_validator(mode="after")
    def _recognisable(self) -> SuffixRules:
        """Each abbreviation's forms and suffix family member must end with a suffix rule."""
        suffixes = tuple(s.suffix for s in self.suffixes)
        names = [
            (f"abbreviations.{i}", w)
            for i, a in enumerate(self.abbreviations)
            for w in (a.short, a.full)
        ]
        names += [
            (f"core_merge.suffix_families.{k}", w)
            for k, v in self.core_merge.suffix_families.items()
            for w in (k, v)
        ]
        problems = [
            f"{where}: {w!r} ends with no suffix" for where, w in names if not w.endswith(suffixes)
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


# --- compiled matching -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Org:
    """The canonical identity a mention resolves to."""

    org_id: str
    name: str
    org_type: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class OrgMention:
    start: int
    end: int
    org: Org
    rule: str


@dataclass(frozen=True, slots=True)
class _Alias:
    org_id: str
    kind: Literal["alias", "short", "title"]


@lru_cache(maxsize=4096)
def unknown_org_id(name: str) -> str:
    """Deterministic id of an organisation outside the gazetteer: the same name, the same id."""
    return "org:" + hashlib.sha1(alias_key(name).encode()).hexdigest()[:10]


def _alternation(words: Iterable[str]) -> str:
    """Longest-first alternation, so 有限公司 wins over 公司 at one position."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _char_pattern(ch: str) -> str:
    return "[:：]" if ch == ":" else re.escape(ch)


def _char_class(chars: Iterable[str]) -> str:
    return "[" + re.escape("".join(":：" if ch == ":" else ch for ch in chars)) + "]"


def _render(node: dict, first: bool) -> str:
    """A trie node as a regex: alternatives at each node come before the end of a word, so the
    longest name matches; names that start or end with a Latin letter or digit do not match
    inside a longer word; an optional token space may stand between two characters."""
    branches = [_branch(ch, child, first) for ch, child in sorted(_children(node))]
    if "" in node:
        last = node[""][-1]
        branches.append("(?![A-Za-z0-9])" if _ASCII_WORD.match(last) else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _branch(ch: str, child: dict, first: bool) -> str:
    lead = "(?<![A-Za-z0-9])" if first and _ASCII_WORD.match(ch) else ""
    gap = "" if first else _GAP
    return f"{gap}{lead}{_char_pattern(ch)}{_render(child, False)}"


def _children(node: dict) -> list[tuple[str, dict]]:
    return [(k, v) for k, v in node.items() if k]


class _WordSet:
    """Literal words at every position, longest first: what `regex` finds with
    `finditer(overlapped=True)` over their alternation, but tried only where a word's first
    character stands, with the words starting with that character."""

    def __init__(self, words: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for word in words:
            by_first.setdefault(word[0], []).append(word)
        self._starts = re.compile("[" + re.escape("".join(by_first)) + "]")
        self._at = {ch: re.compile(_alternation(ws)) for ch, ws in by_first.items()}

    def spans(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """(start, end) of the longest word at each position of `text[start:end]`."""
        for c in self._starts.finditer(text, start, end):
            m = self._at[c.group()].match(text, c.start(), end)
            if m is not None:
                yield c.start(), m.end()


class _NameScanner:
    """Many names in one pass, the matches `finditer` of one trie regex over all of them gives.

    That one regex tries every name's first character at every position (slow with
    IGNORECASE); here a character class finds the positions where a name can start and each
    is tried with the branches of the names starting with that character only.
    """

    def __init__(self, words: Iterable[str]) -> None:
        trie: dict = {}
        for word in words:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = word
        self._firsts = sorted(_children(trie))
        # a name's first two characters, a class each, find where a name may start
        seconds = {ch for _, child in self._firsts for ch, _ in _children(child)}
        starts = f"{_char_class(ch for ch, _ in self._firsts)}(?={_GAP}{_char_class(seconds)})"
        single = [ch for ch, child in self._firsts if "" in child]
        if single:
            starts += f"|{_char_class(single)}"
        self._starts = re.compile(starts, re.IGNORECASE)
        self._at_char: dict[str, re.Pattern[str] | None] = {}

    def _pattern_at(self, char: str) -> re.Pattern[str] | None:
        """The names that may start with `char` (case-insensitively), in trie order."""
        if char not in self._at_char:
            branches = [
                _branch(ch, child, first=True)
                for ch, child in self._firsts
                if re.fullmatch(_char_pattern(ch), char, re.IGNORECASE)
            ]
            self._at_char[char] = (
                re.compile("|".join(branches), re.IGNORECASE) if branches else None
            )
        return self._at_char[char]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        end = 0
        for start in self._starts.finditer(text):
            at = start.start()
            if at < end:
                continue
            pattern = self._pattern_at(text[at])
            m = pattern.match(text, at) if pattern is not None else None
            if m is not None:
                end = m.end()
                yield m


@dataclass(frozen=True, slots=True)
class WordBounds:
    """Where a word segmenter's words start in a text (token offsets of a pkuseg Doc)."""

    starts: tuple[int, ...]  # sorted, the first 0
    length: int  # of the text

    def word_at(self, pos: int) -> tuple[int, int]:
        """Start and end of the word holding the character at `pos`."""
        at = bisect_right(self.starts, pos) - 1
        end = self.starts[at + 1] if at + 1 < len(self.starts) else self.length
        return self.starts[at], end

    def name_starts(self, start: int, end: int) -> Iterator[int]:
        """Word starts after `start` and before `end`, left to right, where a name may begin: a
        word of two or more characters right after a one-character word (受华夏慈善联合会,
        与白云科技公司: 受, 与, 经 are prepositions and verbs that the character rules cannot
        tell from a name's first character)."""
        for at in self.starts[bisect_right(self.starts, start) : bisect_left(self.starts, end)]:
            word_start, word_end = self.word_at(at)
            if word_end - word_start > 1 and at - self.word_at(at - 1)[0] == 1:
                yield at


class OrgRecogniser:
    """Finds organisation mentions in clean simplified text and resolves each to one `Org`."""

    def __init__(self, gazetteer: Gazetteer, rules: SuffixRules) -> None:
        self.orgs = {e.id: Org(e.id, e.name, e.type, e.parent) for e in gazetteer.organisations}
        self._root = {oid: self._root_of(oid) for oid in self.orgs}
        self._aliases: dict[str, _Alias] = {}
        for entry in gazetteer.organisations:
            for name in [entry.name, *entry.aliases]:
                self._aliases[alias_key(name)] = _Alias(entry.id, "alias")
            for name in entry.short_forms:
                self._aliases[alias_key(name)] = _Alias(entry.id, "short")
            for name in entry.title_aliases:
                self._aliases[alias_key(name)] = _Alias(entry.id, "title")
        spellings = set()
        for entry in gazetteer.organisations:
            for name in _names(entry):
                spellings.update({"".join(name.split()), alias_key(name)})
        self._gazetteer = _NameScanner(spellings)
        self._alias_written: dict[str, _Alias] = {}
        self._blocked_next: dict[str, tuple[str, ...]] = {}  # by gazetteer name as written
        self.rules = rules
        self._compile_rules(rules)

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
            _blocked_alternation((s.suffix, s.blocked_next, []) for s in r.suffixes)
        )
        self._platform_re = re.compile(
            _blocked_alternation(
                (p.suffix, p.blocked_next, p.blocked_prev) for p in r.platform_forms
            )
        )
        lb = r.left_boundary
        self._boundary_words = _WordSet(lb.words)
        self._title_words = re.compile(_alternation(r.person_titles))
        self._protected = _WordSet([*lb.protected, *r.places])
        generic = _alternation(r.generic_words)
        self._generic_re = re.compile(f"(?:{generic})+")
        self._generic_tail = re.compile(f"(?:{generic})+$")
        self._generic_end = re.compile(f"(?:{generic})$")
        self._place_re = re.compile(
            f"(?:{_alternation(r.places)})(?:[{r.place_suffix_chars}])?"
            f"|[{_HAN}]{{2,3}}[{r.place_suffix_chars}]"
        )
        self._org_endings = tuple(lb.organisation_endings)
        self._place_list_re = re.compile(_alternation(r.places))
        qp = r.quoted_platform
        opens = "".join(q[0] for q in qp.quotes)
        closes = "".join(q[1] for q in qp.quotes)
        self._quoted_re = re.compile(
            f"[{re.escape(opens)}]([^{re.escape(closes)}\\n，。；！？、,;!?]{{2,{qp.max_chars}}})"
            f"[{re.escape(closes)}]"
        )
        # time words and adverbs, or a Taiwan/HK bracketed day (昨（11）日), then a reporting cue
        self._quoted_after_re = re.compile(
            f"(?:{_alternation(qp.gap_words)}|[昨今前本]?[（(]\\d{{1,2}}[)）]日)*"
            f"(?:{_alternation(qp.cues_after)})"
        )
        self._quote_context_re = re.compile(_alternation(qp.sentence_context))
        self._abbreviations = [(a.short, a.full) for a in r.abbreviations]
        pf = r.page_furniture
        self._furniture_re = re.compile(_alternation([*pf.cues, *pf.nav_cues]))
        self._nav_cues = frozenset(pf.nav_cues)
        self._title_re = re.compile(r"《([^《》\n]{1,80})》")
        ip = r.insurance_products
        self._product_form = {f.suffix: f for f in ip.forms}
        self._not_platform_endings = (*self._suffix, *self._product_form)
        self._product_re = re.compile(
            _blocked_alternation((f.suffix, ip.blocked_next, []) for f in ip.forms)
        )
        self._product_context = re.compile(_alternation(ip.context))
        opens = re.escape("".join(q[0] for q in ip.year_quotes))
        closes = re.escape("".join(q[1] for q in ip.year_quotes))
        self._product_year_re = re.compile(
            f"[{opens}]([{_HAN}]{{1,{ip.max_quoted_chars - 1}}}保)"
            f"{_GAP}(?:19|20)\\d\\d(?:年|版)?[{closes}]"
        )
        chars = re.escape(r.local_prefix_chars)
        self._local_place_re = re.compile(f"(?:{_alternation(r.places)})[{chars}]")
        self._defined_place_re = re.compile(f"[{_HAN}]{{2,3}}?[{chars}]")

    # --- the whole document ---------------------------------------------------------------

    def find(self, text: str, words: WordBounds | None = None) -> list[OrgMention]:
        """Every organisation mention in `text`, non-overlapping, in offset order.

        `words`, the word boundaries of a word segmenter (pkuseg), lets a stem that the character
        rules reject start at a word instead; without it recognition is by characters alone.
        """
        gaz, shorts = self._brand_phrases(text, *self._gazetteer_matches(text))
        gaz_starts = [g.start for g in gaz]  # gaz is in offset order
        titles = [(m.start(1), m.end(1)) for m in self._title_re.finditer(text)]
        candidates = [*gaz, *self._suffix_candidates(text, gaz, gaz_starts, titles, words)]
        candidates += self._platform_candidates(text, gaz)
        products = list(self._product_candidates(text, [*gaz, *shorts]))
        candidates += self._quoted_platforms(text, [*gaz, *products])  # “绵阳惠民保”: a product
        candidates += products
        chosen = _non_overlapping(self._drop_context_extensions(text, candidates, gaz))
        chosen = [self._with_parent(m, gaz, gaz_starts) for m in chosen]
        chosen += self._supported_short_forms(text, shorts, chosen)
        chosen = self._core_merged(self._merged_products(_non_overlapping(chosen)))
        chosen += self._propagated(text, chosen)
        chosen = self._localised(text, sorted(_non_overlapping(chosen), key=lambda m: m.start))
        return self._off_furniture(text, self._abbreviations_merged(chosen))

    # --- gazetteer ------------------------------------------------------------------------

    def _gazetteer_matches(self, text: str) -> tuple[list[OrgMention], list[OrgMention]]:
        found: list[OrgMention] = []
        shorts: list[OrgMention] = []
        ends: set[int] = set()
        for m in self._gazetteer.finditer(text):
            alias = self._written(m.group())
            mention = OrgMention(m.start(), m.end(), self.orgs[alias.org_id], "org.gazetteer")
            if alias.kind == "short":
                shorts.append(OrgMention(m.start(), m.end(), mention.org, "org.short_form"))
                continue
            if alias.kind == "title" and not _is_title(text, m.start(), m.end()):
                continue
            if self._blocked_after(text, m.group(), m.end()):
                continue  # 民政部门 is no 民政部, 中国银行业 no 中国银行
            if _short_han(m.group()) and not self._left_open(text, m.start(), ends):
                # 京东 in 北京东路, 众安 in 群众安全: kept only if the document names the family
                shorts.append(OrgMention(m.start(), m.end(), mention.org, "org.weak_alias"))
                continue
            found.append(mention)
            ends.add(m.end())
        return found, shorts

    def _brand_phrases(
        self, text: str, gaz: list[OrgMention], shorts: list[OrgMention]
    ) -> tuple[list[OrgMention], list[OrgMention]]:
        """蚂蚁相互保, 腾讯微信: a company's short name (two characters) right before one of its own
        products is one mention of the product."""
        child_at = {m.start: m for m in gaz}
        merged: dict[int, OrgMention] = {}  # by the child's start
        prefixes: set[int] = set()
        for p in [*gaz, *shorts]:
            if self.orgs[p.org.org_id].parent is not None or len(_squeezed(text, p)) > 2:
                continue
            at = p.end + 1 if text[p.end : p.end + 1] in (" ", "\t", "\u3000") else p.end
            child = child_at.get(at)
            if child is None or child.org.org_id == p.org.org_id:
                continue
            if self._root[child.org.org_id] != p.org.org_id:
                continue
            merged[child.start] = OrgMention(p.start, child.end, child.org, child.rule)
            prefixes.add(p.start)
        if not merged:
            return gaz, shorts
        gaz = sorted(
            [merged.get(m.start, m) for m in gaz if m.start not in prefixes],
            key=lambda m: m.start,
        )
        return gaz, [m for m in shorts if m.start not in prefixes]

    def _written(self, name: str) -> _Alias:
        """The alias a name as written matches (memoised: alias_key converts scripts)."""
        alias = self._alias_written.get(name)
        if alias is None:
            alias = self._alias_written[name] = self._aliases[alias_key(name)]
        return alias

    def _blocked_after(self, text: str, name: str, end: int) -> bool:
        blocked = self._blocked_next.get(name)
        if blocked is None:
            suffix = next((s for s in self._suffixes_by_length if name.endswith(s)), None)
            blocked = tuple(self._suffix[suffix].blocked_next) if suffix is not None else ()
            self._blocked_next[name] = blocked
        return bool(blocked) and text.startswith(blocked, end)

    def _left_open(self, text: str, start: int, org_ends: set[int]) -> bool:
        """A name may start here: not inside a word (start, punctuation, a stop word, an org)."""
        if start == 0 or start in org_ends:
            return True
        ch = text[start - 1]
        lb = self.rules.left_boundary
        if not _is_han(ch):
            return not _ASCII_WORD.match(ch)
        if ch in lb.stop_chars or ch in lb.conjunctions:
            return True
        return any(
            e == start for _, e in self._boundary_words.spans(text, max(0, start - 6), start)
        )

    def _supported_short_forms(
        self, text: str, shorts: list[OrgMention], chosen: list[OrgMention]
    ) -> list[OrgMention]:
        """水滴 is 水滴公司 when the document names its family outright and the context fits."""
        families = {self._root.get(m.org.org_id) for m in chosen if m.rule == "org.gazetteer"}
        ends = {m.end for m in chosen}
        starts = {m.start for m in chosen}
        sf = self.rules.short_forms
        kept = []
        for m in shorts:
            if self._root[m.org.org_id] not in families:
                continue
            if m.rule == "org.weak_alias":
                kept.append(OrgMention(m.start, m.end, m.org, "org.gazetteer"))
                continue
            if _quoted_part(text, m.start, m.end):
                continue  # 「水滴行者」 is a product name, not the company
            nxt = text[m.end : m.end + 6]
            right_ok = (
                m.end == len(text)
                or nxt[0] in sf.next_chars
                or nxt.startswith(tuple(sf.next_words))
                or m.end in starts
            )
            if right_ok and self._left_open(text, m.start, ends):
                kept.append(m)
        return kept

    # --- unknown organisations by suffix ----------------------------------------------------

    def _suffix_candidates(
        self,
        text: str,
        gaz: list[OrgMention],
        gaz_starts: list[int],
        titles: list[tuple[int, int]],
        words: WordBounds | None,
    ) -> Iterator[OrgMention]:
        gaz_ends = {m.end: m for m in gaz}
        people = self._person_names(text)
        for m in self._suffix_re.finditer(text):
            rule = self._suffix[m.group()]
            inner = gaz_ends.get(m.start())
            if inner is not None and inner.org.org_type in ("platform", "media"):
                continue  # 水滴筹医院扫楼: a platform and a noun, not a hospital
            start = self._stem_start(text, m.start(), gaz_ends, words)
            person = next((p for p in people if text.startswith(p, start)), "")
            start += len(person)
            starts = [start, *(words.name_starts(start, m.start()) if words else ())]
            at = next(
                (
                    s
                    for s in starts
                    if self._stem_accepted(text, s, m, rule, gaz, gaz_starts, titles)
                ),
                None,
            )
            kind = "org.suffix"
            if at is None and self._local_stem(text[start : m.start()], rule, m.group()):
                at, kind = start, "org.local"  # 市民政局: kept only if the document names a city
            if at is None:
                continue
            name = "".join(text[at : m.end()].split())
            org = Org(unknown_org_id(name), name, rule.org_type, None)
            yield OrgMention(at, m.end(), org, kind)

    def _local_stem(self, stem: str, rule: SuffixRule, suffix: str) -> bool:
        """市(民政)局, 县卫健委, 区政府: a local prefix and a short generic unit, no 市场监管局 or
        bare 市局; such a name needs a place of the document to resolve it (see `_localised`)."""
        return (
            rule.place_only
            and stem[:1] in self.rules.local_prefix_chars
            and len(stem) + len(suffix) >= 3
            and len(stem) <= self.rules.max_free_stem_chars
            and _all_han(stem)
            and not stem.startswith(tuple(self.rules.local_prefix_not))
        )

    def _stem_accepted(
        self,
        text: str,
        start: int,
        m: re.Match[str],
        rule: SuffixRule,
        gaz: list[OrgMention],
        gaz_starts: list[int],
        titles: list[tuple[int, int]],
    ) -> bool:
        """Whether `text[start:m.start()]` is the stem of a name with suffix `m`."""
        stem = text[start : m.start()]
        if len(stem) < self.rules.min_stem_chars:
            return False
        if stem.endswith(tuple(rule.stem_not_ending)) or any(
            w in stem for w in rule.stem_not_containing
        ):
            return False  # 城市定制型商业医疗保险: a kind of cover, not an insurer
        if not self._stem_names_someone(stem, rule.place_only) and not (
            rule.titled_generic and self._title_words.match(text, m.end())
        ):
            return False
        inside = gaz[bisect_left(gaz_starts, start) : bisect_left(gaz_starts, m.start())]
        if len(stem) > self.rules.max_free_stem_chars and not (
            self._place_re.match(stem)
            or any(g.start == start for g in inside)
            or self._nested(stem)
        ):
            return False  # a long run without a place or known name in front is a clause
        if rule.needs == "place_or_org" and not (
            self._place_re.match(stem) or any(g.org.org_type in _HAS_UNITS for g in inside)
        ):
            return False
        if (
            rule.needs == "media_cue"
            and not self._cued(text, start, m.end(), self.rules.media_cues, skip=":：")
            and (start, m.end()) not in titles
        ):
            return False
        # 《个人大病求助互联网服务平台自律公约》 is a document, 《东海晨报》 an outlet
        return not _in_title(titles, start, m.end()) or (
            rule.org_type == "media" and (start, m.end()) in titles
        )

    def _person_names(self, text: str) -> list[str]:
        """Two- and three-character runs right after a person's title, longest first."""
        names = set()
        for m in self._title_words.finditer(text):
            run = text[m.end() : m.end() + 3]
            names.update(run[:n] for n in (2, 3) if len(run) >= n and _all_han(run[:n]))
        return sorted(names, key=len, reverse=True)

    def _stem_start(
        self,
        text: str,
        end: int,
        gaz_ends: dict[int, OrgMention],
        words: WordBounds | None = None,
    ) -> int:
        """Walk left from the suffix to the nearest boundary; known names are crossed whole.

        With `words`, a stop character inside a longer word (都 of 南都晨报) does not stop the walk,
        unless that word is generic (在 of 所在).
        """
        lb = self.rules.left_boundary
        limit = max(0, end - self.rules.max_name_chars)
        protected: set[int] = set()
        for s, e in self._protected.spans(text, limit, end):
            protected.update(range(s, e))
        word_ends = {
            e
            for s, e in self._boundary_words.spans(text, limit, end)
            if not protected or protected.isdisjoint(range(s, e))
        }
        i = end
        while i > limit:
            if i in word_ends:
                break
            ch = text[i - 1]
            if not (_is_han(ch) or (ch.isascii() and ch.isalnum())):
                break
            if (
                ch in lb.stop_chars
                and i - 1 not in protected
                and not (words and self._in_name_word(text, words, i - 1))
            ):
                break
            if (
                ch in lb.conjunctions
                and i - 1 not in protected
                and self._conjunction_breaks(text, i - 1, end, gaz_ends)
            ):
                break
            before = text[i - 2] if i >= 2 else ""
            if (
                ch in lb.measure_words
                and before
                and before in lb.numerals + lb.stop_chars
                and i - 1 not in protected
            ):
                break  # 93家, 一款, 这种: counted things start after the measure word
            if (
                ch in lb.conjunctions
                and i == end
                and self._generic_end.search(text, max(0, i - 5), i - 1)
            ):
                break  # 公益和保险, not 鼎和保险: generic word, conjunction, suffix
            if ch in "年月日号版" and before.isdigit():
                break  # 2024年, 2023版: a date or edition ends a name
            i -= 1
        while i < end and text[i].isdigit():
            i += 1  # 2020珠宝行业协会: a year, not part of the name
        if not self._place_re.match(text, i, end):
            inner = self._place_list_re.search(text, i + 1, min(end, i + 4))
            if inner and not any(i <= g < inner.start() for g in gaz_ends):
                i = inner.start()  # 送往北京安贞医院: the name starts at the place
        return i

    def _in_name_word(self, text: str, words: WordBounds, pos: int) -> bool:
        """`pos` lies in a word of two or more characters, no generic one (南都, not 所在)."""
        start, end = words.word_at(pos)
        return end - start > 1 and not self._generic_re.fullmatch(text, start, end)

    def _conjunction_breaks(
        self, text: str, at: int, end: int, gaz_ends: dict[int, OrgMention]
    ) -> bool:
        left = text[max(0, at - 6) : at]
        return (
            at in gaz_ends
            or left.endswith(self._org_endings)
            or bool(self._place_re.match(text, at + 1, end))
            or (at + 2 < end and text[at + 1] in self.rules.local_prefix_chars)
        )

    def _stem_names_someone(self, stem: str, place_only: bool) -> bool:
        """Generic words name no one (网络公司) unless a place leads them (中国保险行业协会)."""
        place = self._place_re.match(stem)
        if place and self._generic_end.search(place.group()):
            place = None  # 大城市, 上市: not places
        rest = stem[place.end() :] if place else stem
        if not rest:
            return place_only
        return bool(place) or not self._generic_re.fullmatch(rest)

    def _nested(self, stem: str) -> bool:
        """明德大学社会保障(研究中心): an organisation's name, then a short unit name."""
        for ending in self._org_endings:
            at = stem.rfind(ending)
            if at > 0:
                inner, rest = stem[:at], stem[at + len(ending) :]
                if rest and len(rest) <= self.rules.max_free_stem_chars:
                    return self._stem_names_someone(inner, place_only=False)
        return False

    def _cued(self, text: str, start: int, end: int, cues: Cues, skip: str = "") -> bool:
        before = text[max(0, start - 8) : start].rstrip(skip + " ")
        return before.endswith(tuple(cues.before)) or text.startswith(tuple(cues.after), end)

    # --- platform forms -------------------------------------------------------------------

    def _platform_candidates(self, text: str, gaz: list[OrgMention]) -> Iterator[OrgMention]:
        covered = _covered(gaz)
        for m in self._platform_re.finditer(text):
            if m.start() in covered:
                continue
            start = self._stem_start(text, m.start(), {})
            stem = text[start : m.start()]
            if not 2 <= len(stem) <= 4 or not covered.isdisjoint(range(start, m.end())):
                continue
            if self._generic_end.search(stem):
                continue  # 网络互助, 南昌惠民保: a kind of scheme, not a platform
            if not self._cued(text, start, m.end(), self.rules.platform_cues):
                continue
            name = stem + m.group()
            yield OrgMention(
                start,
                m.end(),
                Org(unknown_org_id(name), name, "platform", None),
                "org.platform_form",
            )

    def _quoted_platforms(self, text: str, gaz: list[OrgMention]) -> Iterator[OrgMention]:
        covered = _covered(gaz)
        qp = self.rules.quoted_platform
        for m in self._quoted_re.finditer(text):
            name = m.group(1)
            if not covered.isdisjoint(range(m.start(1), m.end(1))):
                continue
            if not _is_han(name[0]) or name.endswith(tuple(qp.not_endings)):
                continue
            if self._generic_re.fullmatch(name) or not self._quote_is_platform(text, m):
                continue
            org = Org(unknown_org_id(name), name, "platform", None)
            yield OrgMention(m.start(1), m.end(1), org, "org.quoted_platform")

    def _quote_is_platform(self, text: str, m: re.Match[str]) -> bool:
        """“链上公益”平台; 慈善平台「爱心速递」 (no 功能/口号 after it); 「暖流募资」昨日公布 (the
        quote opens its clause)."""
        qp = self.rules.quoted_platform
        if text.startswith("平台", m.end()):
            return True
        if m.group(1).endswith(self._not_platform_endings):
            return False  # “互联网医院”, “惠民保”: the suffix and product rules' business
        before = text[max(0, m.start() - 8) : m.start()]
        if before.endswith(tuple(qp.cues_before)):
            return not text.startswith(tuple(qp.not_followed_by), m.end())
        opens_clause = m.start() == 0 or text[m.start() - 1] in qp.clause_openers
        if not opens_clause or self._quoted_after_re.match(text, m.end()) is None:
            return False
        lo = max(text.rfind(c, 0, m.start()) for c in _SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(c, m.end()) for c in _SENTENCE_ENDS) if i >= 0]
        hi = min(ends, default=len(text))
        return bool(
            self._quote_context_re.search(text, lo, m.start())
            or self._quote_context_re.search(text, m.end(), hi)
        )

    # --- insurance products ---------------------------------------------------------------

    def _product_candidates(self, text: str, known: list[OrgMention]) -> Iterator[OrgMention]:
        """Product names; a known name right before the suffix is the whole stem (水滴健康保)."""
        known_at = {m.end: m.start for m in known}
        for m in self._product_re.finditer(text):
            form = self._product_form[m.group()]
            start = known_at.get(m.start())
            if start is None:
                start = self._stem_start(text, m.start(), {})
            if self._product_stem(text[start : m.start()], form):
                yield from self._product(text, start, m.end())
        for m in self._product_year_re.finditer(text):
            yield from self._product(text, m.start(1), m.end(1))

    def _product_stem(self, stem: str, form: ProductForm) -> bool:
        """南昌(惠民保), 齐(惠保), 水滴(健康保); not 全国(惠民保), 普(惠保), 商业(健康保)."""
        ip = self.rules.insurance_products
        if not stem or not _all_han(stem):
            return False
        if form.stem == "place":
            place = self._place_re.fullmatch(stem)
            return place is not None and stem.rstrip(self.rules.place_suffix_chars) not in (
                ip.not_places
            )
        return (
            form.min_stem <= len(stem) <= form.max_stem
            and stem[-1] not in ip.stem_not
            and not self._generic_re.fullmatch(stem)
        )

    def _product(self, text: str, start: int, end: int) -> Iterator[OrgMention]:
        """A product name with an insurance word near it; its parent from a known name inside."""
        reach = self.rules.insurance_products.context_chars
        if not (
            self._product_context.search(text, max(0, start - reach), start)
            or self._product_context.search(text, end, end + reach)
        ):
            return
        name = "".join(text[start:end].split())
        owner = next(
            (
                self._aliases[alias_key(name[:k])]
                for k in range(len(name) - 2, 1, -1)
                if alias_key(name[:k]) in self._aliases
            ),
            None,
        )
        parent = self._root[owner.org_id] if owner is not None else None
        org = Org(unknown_org_id(name), name, "insurance_product", parent)
        yield OrgMention(start, end, org, "org.product")

    def _merged_products(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """Names of one product merge: 齐惠保 and 淄博齐惠保 (a place in front); 淄博惠民保, the
        city's scheme, and the one product of that city the document names."""
        products = [m.org for m in chosen if m.rule == "org.product"]
        if not products:
            return chosen
        schemes = {f.suffix for f in self.rules.insurance_products.forms if f.stem == "place"}

        def key(name: str) -> str:
            core = self._product_core(name)[1]
            return name if core in schemes else core

        by_key: dict[str, Org] = {}
        for org in sorted(products, key=lambda o: -len(o.name)):
            by_key.setdefault(key(org.name), org)
        canonical = {o.name: by_key[key(o.name)] for o in products}
        for name in canonical:
            place, core = self._product_core(name)
            if place and core in schemes:
                named = {
                    o.org_id: o
                    for o in by_key.values()
                    if o.name.startswith(place) and self._product_core(o.name)[1] not in schemes
                }
                if len(named) == 1:
                    canonical[name] = next(iter(named.values()))
        return [
            OrgMention(m.start, m.end, canonical[m.org.name], m.rule)
            if m.rule == "org.product"
            else m
            for m in chosen
        ]

    def _product_core(self, name: str) -> tuple[str, str]:
        """A product name as (leading place, the rest): 淄博齐惠保 -> (淄博, 齐惠保)."""
        place = self._place_re.match(name)
        if place is None or len(name) - place.end() < 2:
            return "", name
        return place.group().rstrip(self.rules.place_suffix_chars), name[place.end() :]

    # --- resolution -------------------------------------------------------------------------

    def _drop_context_extensions(
        self, text: str, candidates: list[OrgMention], gaz: list[OrgMention]
    ) -> list[OrgMention]:
        """A suffix name that only adds context to a known name (2020年轻松集团) is the known name;
        one that adds a place (淄博市医保局) is another organisation."""
        by_end = {m.end: m for m in gaz}
        kept = []
        for c in candidates:
            known = by_end.get(c.end)
            if c.rule != "org.gazetteer" and known is not None and known.start >= c.start:
                extra = text[c.start : known.start]
                place = self._place_re.fullmatch(extra)
                if not extra or not place or self._generic_end.search(extra):
                    continue
            kept.append(c)
        return kept

    def _with_parent(
        self, m: OrgMention, gaz: list[OrgMention], gaz_starts: list[int]
    ) -> OrgMention:
        """An unknown name that contains a known one (南开大学周恩来政府管理学院) hangs under it."""
        if m.rule != "org.suffix":
            return m
        window = gaz[bisect_left(gaz_starts, m.start) : bisect_left(gaz_starts, m.end)]
        inner = [g for g in window if g.end < m.end]
        if not inner:
            return m
        parent = max(inner, key=lambda g: (g.end, g.end - g.start)).org.org_id
        return OrgMention(
            m.start, m.end, Org(m.org.org_id, m.org.name, m.org.org_type, parent), m.rule
        )

    def _propagated(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """Later mentions of a recognised unknown name, or of its core (春晖博爱 for
        北京春晖博爱公益基金会), name the same organisation."""
        covered = _covered(chosen)
        forms: dict[str, Org] = {}
        for m in chosen:
            if m.rule in ("org.platform_form", "org.quoted_platform", "org.suffix", "org.product"):
                forms.setdefault(m.org.name, m.org)
            if m.rule == "org.product":
                forms.setdefault("".join(text[m.start : m.end].split()), m.org)
            if m.rule == "org.suffix":
                core = self._core(m.org.name)
                if core:
                    forms.setdefault(core, m.org)
        found = []
        for form, org in sorted(forms.items(), key=lambda kv: -len(kv[0])):
            for hit in re.finditer(re.escape(form), text):
                if not covered.isdisjoint(range(hit.start(), hit.end())):
                    continue
                found.append(OrgMention(hit.start(), hit.end(), org, "org.propagated"))
                covered.update(range(hit.start(), hit.end()))
        return found

    def _localised(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """市物业管理协会 is 天津市物业管理协会 when its sentence names 天津市, else when the
        document named one earlier (one name each); 市民政局 with no such place is dropped."""
        chars = tuple(self.rules.local_prefix_chars)  # an empty name starts with none of them
        renamed: dict[str, Org] = {}
        places: list[re.Match[str]] | None = None
        for m in chosen:
            org = m.org
            if org.org_id in renamed or org.org_id in self.orgs or not org.name.startswith(chars):
                continue
            if places is None:
                places = self._document_places(text, chosen)
            place = self._nearest_place(text, places, m.start, m.end, org.name[0])
            if place is not None:
                name = place + org.name[1:]
                renamed[org.org_id] = Org(unknown_org_id(name), name, org.org_type, org.parent)
        return [
            OrgMention(m.start, m.end, renamed.get(m.org.org_id, m.org), m.rule)
            for m in chosen
            if m.rule != "org.local" or m.org.org_id in renamed
        ]

    def _document_places(self, text: str, chosen: list[OrgMention]) -> list[re.Match[str]]:
        """Known places with a local suffix (天津市), and the ones the document defines by
        heading a name of a place-led rule (衡川市人民政府, 衡川市民政局 -> 衡川市), in order."""
        defined = set()
        for m in chosen:
            if m.rule != "org.suffix" or not self._suffix[self._suffix_of(m.org.name)].place_only:
                continue
            head = self._defined_place_re.match(m.org.name)
            if head and not self._generic_end.search(head.group()):
                defined.add(head.group())
        if not defined:
            return list(self._local_place_re.finditer(text))
        pattern = f"{self._local_place_re.pattern}|{_alternation(defined)}"
        return list(re.finditer(pattern, text))

    def _suffix_of(self, name: str) -> str:
        return next(s for s in self._suffixes_by_length if name.endswith(s))

    @staticmethod
    def _nearest_place(
        text: str, places: list[re.Match[str]], start: int, end: int, suffix: str
    ) -> str | None:
        """The place ending in `suffix` nearest to the name in its sentence, outside it; else
        the nearest one before it in the document."""
        lo = max(text.rfind(c, 0, start) for c in _SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(c, end) for c in _SENTENCE_ENDS) if i >= 0]
        hi = min(ends, default=len(text))
        fitting = [
            p
            for p in places
            if p.group().endswith(suffix) and (p.end() <= start or p.start() >= end)
        ]
        near = [p for p in fitting if p.start() >= lo and p.end() <= hi]
        if near:
            best = min(near, key=lambda p: start - p.end() if p.end() <= start else p.start() - end)
            return best.group()
        before = [p for p in fitting if p.end() <= start]
        return before[-1].group() if before else None

    def _name_parts(self, name: str) -> tuple[str, str, str, str] | None:
        """An unknown name as (place, core, descriptor, suffix family): 北京星火医疗救助基金会 ->
        (北京, 星火, 医疗救助, 基金会); None when no distinctive core is left."""
        suffix = next((s for s in self._suffixes_by_length if name.endswith(s)), None)
        if suffix is None:
            return None
        stem = name[: -len(suffix)]
        place = self._place_re.match(stem)
        lead = place.group() if place and not self._generic_end.search(place.group()) else ""
        rest = stem[len(lead) :]
        tail = self._generic_tail.search(rest)
        core = rest[: tail.start()] if tail else rest
        if (
            len(core) < self.rules.core_merge.min_core_chars
            or not _all_han(core)
            or self._generic_re.fullmatch(core)
        ):
            return None
        family = self.rules.core_merge.suffix_families.get(suffix, suffix)
        return lead, core, rest[len(core) :], family

    def _core_merged(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """星火基金会 (and 北京星火基金会) is 北京星火医疗救助基金会 when that is the one longer
        name of the document with its core and suffix, and holds the place and descriptor it
        keeps."""
        parts = {
            m.org.name: (m.org, p)
            for m in chosen
            if m.rule == "org.suffix" and (p := self._name_parts(m.org.name)) is not None
        }
        if len(parts) < 2:
            return chosen
        target: dict[str, Org] = {}
        for name, (_, (place, core, tail, family)) in sorted(
            parts.items(), key=lambda kv: -len(kv[0])
        ):
            longer = {
                target.get(other, org).org_id: target.get(other, org)
                for other, (org, (o_place, o_core, o_tail, o_family)) in parts.items()
                if len(other) > len(name)
                and (o_core, o_family) == (core, family)
                and place in ("", o_place)
                and tail in o_tail
            }
            if len(longer) == 1:
                target[name] = next(iter(longer.values()))
        if not target:
            return chosen
        return [
            OrgMention(m.start, m.end, target[m.org.name], m.rule)
            if m.rule == "org.suffix" and m.org.name in target
            else m
            for m in chosen
        ]

    def _abbreviations_merged(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """温州市医保局 and 温州市医疗保障局 are one organisation, named in full when the document
        writes the full form; 温州 and 温州市 are one place when only one of them has a suffix."""
        groups: dict[tuple[str, str], list[tuple[bool, Org]]] = {}
        for m in chosen:
            if m.org.org_id in self.orgs:
                continue
            for short, full in self._abbreviations:
                for form, is_short in ((full, False), (short, True)):
                    if m.org.name.endswith(form) and len(m.org.name) > len(form):
                        place = m.org.name[: -len(form)]
                        groups.setdefault((place, full), []).append((is_short, m.org))
                        break
                else:
                    continue
                break
        if not groups:
            return chosen
        chars = self.rules.place_suffix_chars
        for place, full in list(groups):
            suffixed = [(place + c, full) for c in chars if (place + c, full) in groups]
            if len(suffixed) == 1:
                groups[suffixed[0]] += groups.pop((place, full))
        canonical: dict[str, Org] = {}
        for members in groups.values():
            best = min(members, key=lambda sm: sm[0])[1]  # a full form, else the first short
            canonical.update((org.org_id, best) for _, org in members)
        return [
            OrgMention(m.start, m.end, canonical.get(m.org.org_id, m.org), m.rule) for m in chosen
        ]

    def _off_furniture(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """Names in a footer or header line (版权所有; 联系我们 with 关于我们) are furniture."""
        cues_by_line: dict[tuple[int, int], set[str]] = {}
        for cue in self._furniture_re.finditer(text):
            lo = text.rfind("\n", 0, cue.start()) + 1
            hi = text.find("\n", cue.end())
            cues_by_line.setdefault((lo, len(text) if hi < 0 else hi), set()).add(cue.group())
        lines = [
            (lo, hi)
            for (lo, hi), cues in cues_by_line.items()
            if hi - lo <= self.rules.page_furniture.max_line_chars
            and (len(cues) > 1 or not cues <= self._nav_cues)
        ]
        if not lines:
            return chosen
        return [m for m in chosen if not any(lo <= m.start and m.end <= hi for lo, hi in lines)]

    def _core(self, name: str) -> str | None:
        """The distinctive middle of a name: no leading place, no suffix, no generic tail."""
        suffix = next((s for s in self._suffixes_by_length if name.endswith(s)), None)
        if suffix is None:
            return None
        core = name[: -len(suffix)]
        place = self._place_re.match(core)
        if place:
            core = core[place.end() :]
        tail = self._generic_tail.search(core)
        if tail:
            core = core[: tail.start()]
        if len(core) < 3 or not _all_han(core) or self._generic_re.fullmatch(core):
            return None
        return core


def _blocked_alternation(items: Iterable[tuple[str, list[str], list[str]]]) -> str:
    """Longest-first words, each with what may not follow (and precede) it."""
    parts = []
    for word, after, before in sorted(items, key=lambda it: (-len(it[0]), it[0])):
        behind = "".join(f"(?<!{re.escape(b)})" for b in before)
        ahead = f"(?!{_alternation(after)})" if after else ""
        parts.append(behind + re.escape(word) + ahead)
    return "|".join(parts)


def _squeezed(text: str, m: OrgMention) -> str:
    return "".join(text[m.start : m.end].split())


def _all_han(text: str) -> bool:
    return all(map(_is_han, text))


def _is_han(ch: str) -> bool:
    """One character in the ranges of `_HAN` (a comparison: cheaper than a regex call)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _short_han(match: str) -> bool:
    return len(match) <= 2 and _all_han(match)


def _is_title(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] == "《" and text.startswith("》", end)


def _in_title(titles: list[tuple[int, int]], start: int, end: int) -> bool:
    """Titles are sorted and disjoint: only the last one starting by `start` can hold it."""
    at = bisect_left(titles, (start + 1,)) - 1
    return at >= 0 and titles[at][0] <= start and end <= titles[at][1]


def _quoted_part(text: str, start: int, end: int) -> bool:
    """Just after an opening quote but not closed right after: part of a quoted name."""
    return (
        start > 0
        and text[start - 1] in '“「『"'
        and not (end < len(text) and text[end] in '”」』"')
    )


def _covered(mentions: Iterable[OrgMention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _non_overlapping(mentions: list[OrgMention]) -> list[OrgMention]:
    """Longest first; on a tie the gazetteer beats a rule."""
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), m.rule != "org.gazetteer", m.start))
    taken: set[int] = set()
    kept = []
    for m in order:
        if not taken.isdisjoint(range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


@cache
def load_recogniser(
    gazetteer: str = "organisations.yaml", suffixes: str = "org_suffixes.yaml"
) -> OrgRecogniser:
    """Load, validate and compile both rules files once per process."""
    return OrgRecogniser(load_yaml(gazetteer, Gazetteer), load_yaml(suffixes, SuffixRules))
