"""Literal matching engines (many names in one pass, word sets) and small text helpers."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from operator import attrgetter, le

import regex

from extract.grammar.grammar_kit import HAN, alternation, is_han
from extract.orgs.lexicon import OrgMention

__all__ = ["HAN", "alternation", "is_han"]  # the toolkit's, re-exported for the package

GAP = r"[^\S\n]?"  # a token space of pre-tokenised text (相互 宝), never a line break
ASCII_WORD = re.compile(r"[A-Za-z0-9]")
SENTENCE_ENDS = "。！？!?\n"
_HAN_RUN = regex.compile(f"{HAN}*")
_START, _END = attrgetter("start"), attrgetter("end")


@cache
def _han_ranges() -> str:
    """The Han script as the body of an `re` class: the runs of every code point that
    `regex`'s HAN matches, so both engines agree by construction."""
    codes = array("I", range(0x110000)).tobytes().decode("utf-32-le", "surrogatepass")
    return "".join(f"{chr(m.start())}-{chr(m.end() - 1)}" for m in regex.finditer(HAN + "+", codes))


def han_compile(pattern: str) -> re.Pattern[str]:
    """A pattern written with `HAN` (outside any class), compiled by `re`: matching a short
    span costs about a fifth of what it costs in `regex`, and the stems' place tests run
    hundreds of times per document."""
    return re.compile(pattern.replace(HAN, f"[{_han_ranges()}]"))


def _char_pattern(ch: str) -> str:
    return "[:：]" if ch == ":" else re.escape(ch)


def _char_class(chars: Iterable[str]) -> str:
    return "[" + re.escape("".join(":：" if ch == ":" else ch for ch in chars)) + "]"


def _folded_class(chars: Iterable[str]) -> str:
    """A class of `chars` as written and case-folded, for matching case-folded text."""
    return _char_class(sorted({c for ch in chars for c in (ch, _fold(ch))}))


def _render(node: dict, first: bool) -> str:
    """A trie node as a regex: alternatives at each node come before the end of a word, so the
    longest name matches; names that start or end with a Latin letter or digit do not match
    inside a longer word; an optional token space may stand between two characters."""
    branches = [_branch(ch, child, first) for ch, child in sorted(_children(node))]
    if "" in node:
        last = node[""][-1]
        branches.append("(?![A-Za-z0-9])" if ASCII_WORD.match(last) else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _branch(ch: str, child: dict, first: bool) -> str:
    lead = "(?<![A-Za-z0-9])" if first and ASCII_WORD.match(ch) else ""
    gap = "" if first else GAP
    return f"{gap}{lead}{_char_pattern(ch)}{_render(child, False)}"


def _fold(ch: str) -> str:
    """A character case-folded to one character (ß to s), so folded text keeps its offsets."""
    return ch.casefold()[:1]


def _widths(ch: str) -> tuple[str, ...]:
    return (":", "：") if ch == ":" else (ch,)


def _children(node: dict) -> list[tuple[str, dict]]:
    return [(k, v) for k, v in node.items() if k]


class WordSet:
    """Literal words at every position, longest first: what `regex` finds with
    `finditer(overlapped=True)` over their alternation, but tried only where a word's first
    character stands, with the words starting with that character."""

    def __init__(self, words: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for word in words:
            by_first.setdefault(word[0], []).append(word)
        self._starts = re.compile("[" + re.escape("".join(by_first)) + "]")
        self._at = {ch: re.compile(alternation(ws)) for ch, ws in by_first.items()}

    def spans(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """(start, end) of the longest word at each position of `text[start:end]`."""
        for c in self._starts.finditer(text, start, end):
            m = self._at[c.group()].match(text, c.start(), end)
            if m is not None:
                yield c.start(), m.end()


class NameScanner:
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
        # matched on the case-folded text: a class of folded characters is quicker than
        # IGNORECASE, and folding is the looser equivalence, so no start is lost
        starts = f"{_folded_class(ch for ch, _ in self._firsts)}(?={GAP}{_folded_class(seconds)})"
        single = [ch for ch, child in self._firsts if "" in child]
        if single:
            starts += f"|{_folded_class(single)}"
        self._starts = re.compile(starts)
        self._at_char: dict[str, re.Pattern[str] | None] = {}
        # the first two characters of every name, case-folded, ":" in both widths: most starts
        # the character classes let through are no name's first two characters
        self._pairs = frozenset(
            _fold(a) + _fold(b)
            for first, child in self._firsts
            for second, _ in _children(child)
            for a in _widths(first)
            for b in _widths(second)
        )
        self._singles = frozenset(map(_fold, single))

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
        pairs, singles, at_char = self._pairs, self._singles, self._at_char
        folded = text.casefold()
        if len(folded) != len(text):
            folded = "".join(map(_fold, text))
        for start in self._starts.finditer(folded):
            at = start.start()
            if at < end:
                continue
            pair = folded[at : at + 2]
            if pair not in pairs and pair[0] not in singles and not pair[-1].isspace():
                continue
            char = text[at]
            pattern = at_char[char] if char in at_char else self._pattern_at(char)
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


def blocked_alternation(items: Iterable[tuple[str, list[str], list[str]]]) -> str:
    """Longest-first words, each with what may not follow (and precede) it."""
    parts = []
    for word, after, before in sorted(items, key=lambda it: (-len(it[0]), it[0])):
        # the lookbehind after the word, so every branch starts with a literal and the regex
        # engine skips to the characters that can start one (a leading lookbehind is tried
        # at every position)
        behind = "".join(f"(?<!{re.escape(b + word)})" for b in before)
        ahead = f"(?!{alternation(after)})" if after else ""
        parts.append(re.escape(word) + behind + ahead)
    return "|".join(parts)


def latin_bounded(text: str, start: int, end: int) -> bool:
    """A span that starts or ends with a Latin letter or digit is no part of a longer word."""
    return not (
        start > 0 and ASCII_WORD.match(text[start]) and ASCII_WORD.match(text[start - 1])
    ) and not (end < len(text) and ASCII_WORD.match(text[end - 1]) and ASCII_WORD.match(text[end]))


def squeezed(text: str, m: OrgMention) -> str:
    return "".join(text[m.start : m.end].split())


def all_han(text: str) -> bool:
    return _HAN_RUN.fullmatch(text) is not None  # one call, not one per character


def short_han(match: str) -> bool:
    return len(match) <= 2 and all_han(match)


def is_title(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] == "《" and text.startswith("》", end)


def in_title(titles: list[tuple[int, int]], start: int, end: int) -> bool:
    """Titles are sorted and disjoint: only the last one starting by `start` can hold it."""
    at = bisect_left(titles, (start + 1,)) - 1
    return at >= 0 and titles[at][0] <= start and end <= titles[at][1]


def quoted_part(text: str, start: int, end: int) -> bool:
    """Just after an opening quote but not closed right after: part of a quoted name."""
    return (
        start > 0
        and text[start - 1] in '“「『"'
        and not (end < len(text) and text[end] in '”」』"')
    )


def covered_chars(mentions: Iterable[OrgMention]) -> set[int]:
    covered: set[int] = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    return covered


def non_overlapping(mentions: list[OrgMention]) -> list[OrgMention]:
    """Longest first; on a tie the gazetteer beats a rule."""
    by_start = sorted(mentions, key=_START)
    if all(map(le, map(_END, by_start), map(_START, by_start[1:]))):
        return by_start  # nothing overlaps, the common case
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), m.rule != "org.gazetteer", m.start))
    taken: set[int] = set()
    kept = []
    for m in order:
        if not taken.isdisjoint(range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)
