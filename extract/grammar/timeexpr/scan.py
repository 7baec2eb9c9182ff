"""Where a date can be: the grammar's alphabet, needed and first characters (see below)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract.grammar.pattern_tree import SPACE, Opaque, parse
from extract.grammar.pattern_tree import alphabet as letters_of
from extract.grammar.pattern_tree import first as first_of
from extract.grammar.pattern_tree import needs as needs_of

# --- where a date can be -------------------------------------------------------------------
#
# Scanning the whole text once per top pattern costs microseconds a character. The grammar is
# analysed once instead (on `extract/grammar/pattern_tree.py`'s parse of each composed pattern):
# - its alphabet: every character a pattern reads, lookarounds included. A match consumes only
#   alphabet characters, and a lookaround that reaches a character outside the alphabet fails on
#   it, so the text cuts cleanly at every such character into runs of alphabet characters;
# - what each pattern needs: characters one of which every match contains (年 in 2021年);
#   only runs holding a needed character can hold a match;
# - what each pattern can start with, as a lookahead in front of it, so that the regex engine
#   skips the other positions of a run at once.
# Each pattern then runs over the runs that hold what it needs, and finds there exactly the
# matches its scan over the whole text finds. Constructs the analysis does not model (., [^x],
# $, backreferences in first place ...) make the grammar opaque: then every pattern scans the
# whole text, as before.

_Chars = frozenset[str]


def _char_class(chars: _Chars) -> str:
    return "[" + "".join(c if c == SPACE else regex.escape(c) for c in sorted(chars)) + "]"


@dataclass(frozen=True, slots=True)
class Scan:
    """One top pattern, guarded by what it can start with, and the run test for what it needs."""

    rule: str
    pattern: regex.Pattern[str]
    needs: _Chars | None  # None: scan every run


@dataclass(frozen=True, slots=True)
class Runs:
    """Finds the runs of alphabet characters that hold a needed character."""

    anchor: regex.Pattern[str]
    back: regex.Pattern[str]
    forward: regex.Pattern[str]

    def __call__(self, text: str) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        m = self.anchor.search(text)
        while m is not None:  # the next needed character after the run: one search a run
            back = self.back.match(text, 0, m.start())
            forward = self.forward.match(text, m.end())
            start = back.start() if back else m.start()
            end = forward.end() if forward else m.end()
            runs.append((start, end))
            m = self.anchor.search(text, end)
        return runs


def scans(
    patterns: tuple[tuple[str, regex.Pattern[str]], ...],
) -> tuple[tuple[Scan, ...], Runs | None]:
    """The patterns as scans and the run finder; unguarded with no run finder if opaque."""
    try:
        trees = [(rule, p, parse(p.pattern)) for rule, p in patterns]
        alphabet = frozenset().union(*(letters_of(tree) for _, _, tree in trees))
        firsts = [first_of(tree) for _, _, tree in trees]
        needs = [needs_of(tree) for _, _, tree in trees]
    except Opaque:  # `regex`-only syntax (\p{Han}) is opaque too
        return tuple(Scan(rule, p, None) for rule, p in patterns), None
    if any(empty for _, empty in firsts) or any(n is None for n in needs):
        return tuple(Scan(rule, p, None) for rule, p in patterns), None
    scans = tuple(
        Scan(
            rule,
            regex.compile(f"(?={_char_class(first)})(?:{p.pattern})"),
            None if SPACE in need else need,
        )
        for (rule, p, _), (first, _), need in zip(trees, firsts, needs, strict=True)
    )
    letters = _char_class(alphabet)
    runs = Runs(
        regex.compile(_char_class(frozenset().union(*needs))),
        regex.compile(f"(?r){letters}*"),
        regex.compile(f"{letters}*"),
    )
    return scans, runs
