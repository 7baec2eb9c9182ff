"""Where a date can be: the grammar's alphabet, needed and first characters (see below)."""

from __future__ import annotations

import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

_NAMED_GROUP = regex.compile(r"\(\?P<[a-z_0-9]+>")
_BACKREF = regex.compile(r"\(\?P=[a-z_0-9]+\)")

# --- where a date can be -------------------------------------------------------------------
#
# Scanning the whole text once per top pattern costs microseconds a character. The grammar is
# analysed once instead (on the standard library's parse of each composed pattern):
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

_SPACE = "\\s"  # stands for the whitespace category among characters
_Chars = frozenset[str]
_Items = Iterable[tuple[Any, Any]]  # (opcode, argument) pairs of the parse tree


class _Opaque(Exception):
    """A regex construct the analysis does not model."""


def _parsed(pattern: str) -> _Items:
    """The pattern's parse tree; group names and backreferences dropped (the analysis does not
    need them: a backreference re-reads characters its group already read, never first)."""
    tree = sre_parse.parse(_BACKREF.sub("", _NAMED_GROUP.sub("(?:", pattern)))
    if tree.state.flags & ~(sre.SRE_FLAG_UNICODE | sre.SRE_FLAG_VERBOSE):
        raise _Opaque(f"flags {tree.state.flags}")
    return tree


def _class(items: _Items) -> _Chars:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.RANGE:
            lo, hi = av
            out.update(map(chr, range(lo, hi + 1)))
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            out.add(_SPACE)
        else:
            raise _Opaque(f"{op} {av}")
    return frozenset(out)


def _alphabet(items: _Items) -> _Chars:
    """Every character the pattern reads, in lookarounds too."""
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.IN:
            out |= _class(av)
        elif op is sre.BRANCH:
            for branch in av[1]:
                out |= _alphabet(branch)
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:  # no inline flags
            out |= _alphabet(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            out |= _alphabet(av[2])
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            out |= _alphabet(av[1])
        elif op is sre.ATOMIC_GROUP:
            out |= _alphabet(av)
        else:
            raise _Opaque(f"{op} {av}")
    return frozenset(out)


def _first(items: _Items) -> tuple[_Chars, bool]:
    """The characters a match can start with, and whether it can be empty."""
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            return frozenset(out | {chr(av)}), False
        if op is sre.IN:
            return frozenset(out | _class(av)), False
        if op is sre.BRANCH:
            firsts = [_first(branch) for branch in av[1]]
            chars, empty = frozenset().union(*(f[0] for f in firsts)), any(f[1] for f in firsts)
        elif op is sre.SUBPATTERN:
            chars, empty = _first(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            chars, empty = _first(av[2])
            empty = empty or av[0] == 0
        elif op is sre.ATOMIC_GROUP:
            chars, empty = _first(av)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            chars, empty = frozenset(), True
        else:
            raise _Opaque(f"{op} {av}")
        out |= chars
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def _needs(items: _Items) -> _Chars | None:
    """Characters one of which every match contains (the smallest such set of one mandatory
    part, the later on a tie: the unit 年 rather than the digits before it); None if none."""
    best: _Chars | None = None
    for op, av in items:
        need: _Chars | None = None
        if op is sre.LITERAL:
            need = frozenset({chr(av)})
        elif op is sre.IN:
            need = _class(av)
        elif op is sre.BRANCH:
            needs = [_needs(branch) for branch in av[1]]
            if all(n is not None for n in needs):
                need = frozenset().union(*needs)
        elif op is sre.SUBPATTERN:
            need = _needs(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0]:
            need = _needs(av[2])
        elif op is sre.ATOMIC_GROUP:
            need = _needs(av)
        if need is not None and (best is None or len(need) <= len(best)):
            best = need
    return best


def _char_class(chars: _Chars) -> str:
    return "[" + "".join(c if c == _SPACE else regex.escape(c) for c in sorted(chars)) + "]"


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
        end = -1
        for m in self.anchor.finditer(text):
            if m.start() >= end:
                back = self.back.match(text, 0, m.start())
                forward = self.forward.match(text, m.end())
                start = back.start() if back else m.start()
                end = forward.end() if forward else m.end()
                runs.append((start, end))
        return runs


def scans(
    patterns: tuple[tuple[str, regex.Pattern[str]], ...],
) -> tuple[tuple[Scan, ...], Runs | None]:
    """The patterns as scans and the run finder; unguarded with no run finder if opaque."""
    try:
        trees = [(rule, p, _parsed(p.pattern)) for rule, p in patterns]
        alphabet = frozenset().union(*(_alphabet(tree) for _, _, tree in trees))
        firsts = [_first(tree) for _, _, tree in trees]
        needs = [_needs(tree) for _, _, tree in trees]
    except (_Opaque, sre.error):  # `regex`-only syntax (\p{Han}) is opaque too
        return tuple(Scan(rule, p, None) for rule, p in patterns), None
    if any(empty for _, empty in firsts) or any(n is None for n in needs):
        return tuple(Scan(rule, p, None) for rule, p in patterns), None
    scans = tuple(
        Scan(
            rule,
            regex.compile(f"(?={_char_class(first)})(?:{p.pattern})"),
            None if _SPACE in need else need,
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
