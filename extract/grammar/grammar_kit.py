"""The grammar toolkit every stage builds its patterns with (no spaCy, no rules of its own).

- `alternation` / `group`: a word list as a regex alternation, longest word first (so that
  筹款总额 wins over 筹款 at one position), each word escaped, optionally with what may not or
  must follow it; an empty list never matches.
- `compose`: named fragments, `{name}` referring to another fragment or word table and
  `{name:prefix}` renaming its named groups (`(?P<y>` -> `(?P<e_y>`); cycles are an error.
- `matches_at`: what `finditer` finds, trying only positions a prefilter gave.
- `HAN` / `is_han`: the one class of Chinese characters, Unicode's Han script (`\\p{Han}`), for
  patterns (the `regex` module) and for single characters.
- `simplified_view`: the one script policy. Every rules file is written in either script;
  stages match on the Simplified view of the text (`Document.match_text`: OpenCC t2s, one
  one, so offsets carry over); so each rules string is folded the same way when it is compiled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache

import opencc
import regex

HAN = r"\p{Han}"
_HAN_RE = regex.compile(HAN)
_REF = regex.compile(r"\{([a-z_]+)(?::([a-z_]+))?\}")
_GROUP = regex.compile(r"\(\?P([<=])([a-z_0-9]+)")
NEVER = "(?!)"
# A lone surrogate: a code point Python strings can hold (`&#xD800;`, a corpus's "\ud83d", a
# file name that is not UTF-8) but UTF-8, OpenCC, spaCy and terminals cannot.
LONE_SURROGATE = regex.compile("[\ud800-\udfff]")


def alternation(
    words: Iterable[str],
    *,
    not_before: Mapping[str, Iterable[str]] | None = None,
    not_before_raw: Mapping[str, Iterable[str]] | None = None,
    only_before: Mapping[str, Iterable[str]] | None = None,
    not_after: Mapping[str, Iterable[str]] | None = None,
) -> str:
    """`a|b|...`, longest word first (ties in text order), each escaped; a word listed in
    `not_before` may not be followed by one of its words (`not_before_raw`: by one of its
    patterns), one in `only_before` must be, one in `not_after` may not follow one of its words."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        piece = regex.escape(word)
        if not_after and not_after.get(word):  # the word first: most positions fail on it
            piece += f"(?<!(?:{alternation(not_after[word])}){regex.escape(word)})"
        if not_before_raw and not_before_raw.get(word):
            piece += f"(?!{'|'.join(not_before_raw[word])})"
        if not_before and not_before.get(word):
            piece += f"(?!{alternation(not_before[word])})"
        if only_before and only_before.get(word):
            piece += f"(?={alternation(only_before[word])})"
        parts.append(piece)
    return "|".join(parts) or NEVER


def anchored(pattern: str) -> regex.Pattern[str]:
    """`pattern` compiled for anchored matches at many positions of a long text. The branch
    that never matches changes no match: it keeps `regex` from first looking for a literal the
    pattern requires (one word after `\\s*`) in all the rest of the text, on every call."""
    return regex.compile(f"(?:{pattern})|(?!)")


def matches_at(
    pattern: regex.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text)`, given (sorted, repeats allowed) every position where a match
    can start: the same matches, leftmost first and never overlapping, without trying the
    positions in between."""
    end = 0
    for start in starts:
        if start < end:
            continue
        found = pattern.match(text, start)
        if found is None:
            end = start + 1
        else:
            end = max(found.end(), start + 1)
            yield found


def group(words: Iterable[str]) -> str:
    """`alternation(words)` as one non-capturing group."""
    return f"(?:{alternation(words)})"


def char_class(chars: Iterable[str]) -> str:
    """A class of the given characters, each escaped (`[]` never matches, as `(?!)`)."""
    chars = sorted(set(chars))
    return "[" + "".join(map(regex.escape, chars)) + "]" if chars else NEVER


def compose(
    text: str, body_of: Callable[[str, tuple[str, ...]], str], stack: tuple[str, ...]
) -> str:
    """Expand every `{name}` / `{name:prefix}` in `text`. `body_of(name, stack)` gives the
    pattern a name stands for (composing it further with the longer `stack`); `stack` names
    what is being expanded, for the cycle error."""

    def expand(m: regex.Match[str]) -> str:
        name, prefix = m.group(1), m.group(2)
        if name in stack:
            raise ValueError(f"fragment cycle: {' -> '.join((*stack, name))}")
        body = body_of(name, (*stack, name))
        if prefix:
            body = _GROUP.sub(lambda g: f"(?P{g.group(1)}{prefix}{g.group(2)}", body)
        return body

    return _REF.sub(expand, text)


def references(text: str) -> list[str]:
    """The fragment names `text` refers to."""
    return [m.group(1) for m in _REF.finditer(text)]


@lru_cache(maxsize=16384)
def is_han(ch: str) -> bool:
    """Whether one character is a Chinese character (Unicode's Han script)."""
    return _HAN_RE.fullmatch(ch) is not None


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified_view(text: str) -> str:
    """OpenCC t2s, kept the same length as the input so that offsets carry over.

    A phrase conversion that changes length is redone line by line, then character by
    character for the lines that still change length. A lone surrogate (no UTF-8 form, which
    OpenCC and spaCy need) becomes U+FFFD, one character for one.
    """
    converter = _t2s()
    text = LONE_SURROGATE.sub("\ufffd", text)
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    out: list[str] = []
    for line in text.split("\n"):
        conv = converter.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return "\n".join(out)
