"""What characters a regex can read, start with and must contain, from a parse of our own.

The time grammar's pre-filter (`extract/grammar/timeexpr.py`) needs three facts about each composed
pattern: its alphabet (every character it reads, lookarounds included), the characters a match
can start with, and a set of characters one of which every match contains. This module parses
the subset of regex syntax the rules use into a small tree and answers those three questions.
Anything outside the subset (`.`, negated classes, anchors, `\\d`, inline flags ...) raises
`Opaque`: the caller then scans the whole text, which is always correct.

The subset: literal characters and escapes (`\\.`, `\\-`, `\\n`), classes of characters, ranges
and `\\s`, groups (`(?:`, `(?P<name>`, atomic `(?>`), lookarounds (`(?=`, `(?!`, `(?<=`, `(?<!`),
backreferences `(?P=name)` (dropped: they re-read what their group read, never first),
alternation, and the quantifiers `?`, `*`, `+`, `{m}`, `{m,}`, `{m,n}`, lazy or possessive.
"""

from __future__ import annotations

from dataclasses import dataclass

SPACE = "\\s"  # stands for the whitespace category among characters
Chars = frozenset[str]
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
_SPECIAL = set(".^$*+?{}[]\\|()")


class Opaque(ValueError):
    """A regex construct the analysis does not model."""


@dataclass(frozen=True, slots=True)
class Node:
    """`kind` is `chars` (one character of `chars`), `seq`, `alt`, `repeat` (`low` times at
    least), `look` (a lookaround: reads, consumes nothing) or `atomic`."""

    kind: str
    chars: Chars = frozenset()
    items: tuple[Node, ...] = ()
    low: int = 1


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.s, self.i = pattern, 0

    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def take(self, n: int = 1) -> str:
        out = self.s[self.i : self.i + n]
        self.i += n
        return out

    def alternation(self) -> Node:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.take()
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else Node("alt", items=tuple(branches))

    def sequence(self) -> Node:
        items: list[Node] = []
        while self.i < len(self.s) and self.peek() not in ("|", ")"):
            atom = self.atom()
            if atom is not None:
                items.append(self.quantified(atom))
        return Node("seq", items=tuple(items))

    def atom(self) -> Node | None:
        c = self.take()
        if c == "(":
            return self.group()
        if c == "[":
            return Node("chars", self.char_class())
        if c == "\\":
            return Node("chars", self.escape())
        if c in ".^$":
            raise Opaque(f"{c!r} at {self.i - 1}")
        if c in "*+?{":
            raise Opaque(f"quantifier {c!r} without an atom at {self.i - 1}")
        return Node("chars", frozenset(c))

    def group(self) -> Node | None:
        kind = "seq"
        if self.peek() == "?":
            self.take()
            head = self.take()
            if head == ":":
                pass
            elif head == ">":
                kind = "atomic"
            elif head in "=!":
                kind = "look"
            elif head == "<" and self.peek() in ("=", "!"):
                self.take()
                kind = "look"
            elif head == "P" and self.peek() == "<":
                self.i = self.s.index(">", self.i) + 1
            elif head == "P" and self.peek() == "=":
                self.i = self.s.index(")", self.i) + 1
                return None
            else:
                raise Opaque(f"group (?{head} at {self.i}")
        inner = self.alternation()
        if self.take() != ")":
            raise Opaque("unbalanced parenthesis")
        return Node(kind, items=(inner,))

    def escape(self) -> Chars:
        c = self.take()
        if c == "s":
            return frozenset({SPACE})
        if c in _ESCAPES:
            return frozenset(_ESCAPES[c])
        if c.isalnum():
            raise Opaque(f"escape \\{c}")
        return frozenset(c)

    def char_class(self) -> Chars:
        if self.peek() == "^":
            raise Opaque("negated class")
        out: set[str] = set()
        first = True
        while first or self.peek() != "]":
            if self.i >= len(self.s):
                raise Opaque("unterminated class")
            first = False
            c = self.take()
            lo = self.escape() if c == "\\" else frozenset(c)
            if self.peek() == "-" and self.peek(2) != "-]" and self.peek(2)[1:] != "]":
                self.take()
                h = self.take()
                hi = self.escape() if h == "\\" else frozenset(h)
                if SPACE in lo | hi or len(lo) != 1 or len(hi) != 1:
                    raise Opaque("range of a category")
                (a,), (b,) = lo, hi
                out.update(map(chr, range(ord(a), ord(b) + 1)))
            else:
                out |= lo
        self.take()
        return frozenset(out)

    def quantified(self, atom: Node) -> Node:
        low: int | None = None
        c = self.peek()
        if c in ("?", "*"):
            low = 0
        elif c == "+":
            low = 1
        elif c == "{":
            close = self.s.find("}", self.i)
            body = self.s[self.i + 1 : close] if close > 0 else ""
            parts = body.split(",")
            if len(parts) > 2 or not all(p.isdigit() or p == "" for p in parts) or not body:
                raise Opaque(f"brace at {self.i}")
            self.i = close
            low = int(parts[0] or 0)
        if low is None:
            return atom
        self.take()
        if self.peek() in ("?", "+"):
            self.take()  # lazy or possessive: the same characters
        if self.peek() in ("?", "*", "+", "{"):
            raise Opaque(f"double quantifier at {self.i}")
        return Node("repeat", items=(atom,), low=low)


def parse(pattern: str) -> Node:
    """The tree of `pattern` (the `regex` module's syntax, subset above); `Opaque` otherwise."""
    if "(?" in pattern and any(f"(?{f}" in pattern for f in "aiLmsuxV"):
        raise Opaque("inline flags")
    p = _Parser(pattern)
    tree = p.alternation()
    if p.i != len(pattern):
        raise Opaque(f"unbalanced parenthesis at {p.i}")
    return tree


def alphabet(node: Node) -> Chars:
    """Every character the pattern reads, in lookarounds too."""
    if node.kind == "chars":
        return node.chars
    return frozenset().union(*(alphabet(item) for item in node.items))


def first(node: Node) -> tuple[Chars, bool]:
    """The characters a match can start with, and whether it can be empty."""
    if node.kind == "chars":
        return node.chars, False
    if node.kind == "look":
        return frozenset(), True
    if node.kind == "alt":
        firsts = [first(item) for item in node.items]
        return frozenset().union(*(f[0] for f in firsts)), any(f[1] for f in firsts)
    if node.kind == "repeat":
        chars, empty = first(node.items[0])
        return chars, empty or node.low == 0
    out: set[str] = set()
    for item in node.items:  # seq, atomic
        chars, empty = first(item)
        out |= chars
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def needs(node: Node) -> Chars | None:
    """Characters one of which every match contains (the smallest such set of one mandatory
    part, the later on a tie: the unit 年 rather than the digits before it); None if none."""
    if node.kind == "chars":
        return node.chars
    if node.kind == "look" or (node.kind == "repeat" and node.low == 0):
        return None
    if node.kind == "alt":
        found = [needs(item) for item in node.items]
        return None if any(n is None for n in found) else frozenset().union(*found)
    best: Chars | None = None
    for item in node.items:  # seq, atomic, repeat
        need = needs(item)
        if need is not None and (best is None or len(need) <= len(best)):
            best = need
    return best
