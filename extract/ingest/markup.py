"""Markup to atoms: YAML front matter split off, HTML walked with positions.

An atom is a piece of the clean view with the raw interval it came from:
- `Atom("T", s, e, text)`: raw[s:e] == text, kept character for character;
- `Atom("C", s, e, ch)`: one character standing for raw[s:e] (an entity such as `&amp;`);
- `Atom("B", s, e, "")`: a paragraph break made by raw[s:e] (a block tag).
The standard library's html.parser gives positions (`getpos`); with `convert_charrefs=False`
entities arrive one by one, so each keeps its own raw interval.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple

import yaml


class Atom(NamedTuple):
    kind: str  # "T" text, "C" replaced character, "B" break
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class FrontMatter:
    end: int  # raw offset where the body starts
    fields: dict[str, str]
    title_span: tuple[int, int] | None  # raw interval of the title's value


_FM_OPEN = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_FM_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\r?$", re.M)


def split_front_matter(raw: str) -> FrontMatter | None:
    """Hexo/Jekyll front matter at the top of the file, or None.

    Values are read as strings (YAML's BaseLoader): `date: Invalid Date` stays a string for the
    metadata stage to judge. A block YAML cannot parse is read line by line as `key: value`.
    """
    opening = _FM_OPEN.match(raw)
    if not opening:
        return None
    closing = _FM_CLOSE.search(raw, opening.end())
    if not closing:
        return None
    block = raw[opening.end() : closing.start()]
    body_start = closing.end()
    if raw.startswith("\r\n", body_start):
        body_start += 2
    elif raw.startswith("\n", body_start):
        body_start += 1
    fields: dict[str, str] = {}
    try:
        loaded = yaml.load(block, Loader=yaml.BaseLoader)
        if isinstance(loaded, dict):
            fields = {str(k): v for k, v in loaded.items() if isinstance(v, str)}
    except yaml.YAMLError:
        loaded = None
    line_values = {m["key"]: m for m in _FM_LINE.finditer(block)}
    if not fields:
        fields = {k: _unquote(m["value"]) for k, m in line_values.items()}
    title_span = None
    if "title" in line_values and fields.get("title"):
        m = line_values["title"]
        start, end = opening.end() + m.start("value"), opening.end() + m.end("value")
        value = raw[start:end]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            start, end = start + 1, end - 1
        title_span = (start, end)
    return FrontMatter(body_start, fields, title_span)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def count_tags(text: str, names: frozenset[str]) -> int:
    """How many start or end tags of the given names the text has."""
    return sum(
        1
        for m in re.finditer(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", text)
        if m.group(1).lower() in names
    )


class _AtomParser(HTMLParser):
    def __init__(self, text: str, offset: int, block: frozenset[str], skip: frozenset[str]):
        super().__init__(convert_charrefs=False)
        self.src = text
        self.base = offset
        self.block = block
        self.skip = skip
        self.skip_depth = 0
        self.atoms: list[Atom] = []
        self._in_title = False
        self.title = ""
        self._line_starts = line_offsets(text)

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _tag_end(self, pos: int) -> int:
        end = self.src.find(">", pos)
        return len(self.src) if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list) -> None:
        pos = self._pos()
        if tag in self.skip:
            self.skip_depth += 1
        if tag == "title":
            self._in_title = True
        if tag in self.block:
            self.atoms.append(Atom("B", pos + self.base, self._tag_end(pos) + self.base, ""))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in self.block:
            pos = self._pos()
            self.atoms.append(Atom("B", pos + self.base, self._tag_end(pos) + self.base, ""))

    def handle_endtag(self, tag: str) -> None:
        pos = self._pos()
        if tag in self.skip and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.block:
            self.atoms.append(Atom("B", pos + self.base, self._tag_end(pos) + self.base, ""))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self.skip_depth:
            return
        pos = self._pos()
        # The parser may hand over a prefix of the remaining text; trust the source, not `data`.
        if self.src.startswith(data, pos):
            self.atoms.append(Atom("T", pos + self.base, pos + len(data) + self.base, data))

    def _ref(self, ch: str | None) -> None:
        if self.skip_depth or ch is None:
            return
        pos = self._pos()
        m = _REF.match(self.src, pos)
        if m:
            self.atoms.append(Atom("C", pos + self.base, m.end() + self.base, ch))

    def handle_entityref(self, name: str) -> None:
        code = html.entities.name2codepoint.get(name)
        self._ref(chr(code) if code is not None else None)

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            self._ref(chr(code) if 0 < code < 0x110000 else None)
        except ValueError:
            self._ref(None)


def html_atoms(
    raw: str, start: int, block: frozenset[str], skip: frozenset[str]
) -> tuple[list[Atom], str]:
    """Atoms of the HTML in raw[start:], and the page's <title> text if any."""
    parser = _AtomParser(raw[start:], start, block, skip)
    parser.feed(raw[start:])
    parser.close()
    return parser.atoms, " ".join(parser.title.split())


_REF = re.compile(r"&#?[A-Za-z0-9]+;?")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def text_atoms(raw: str, start: int) -> list[Atom]:
    """Atoms of plain text in raw[start:]: all text, with HTML entities still decoded."""
    atoms: list[Atom] = []
    pos = start
    for m in _ENTITY.finditer(raw, start):
        ch = html.unescape(m.group())
        if len(ch) != 1:
            continue
        if m.start() > pos:
            atoms.append(Atom("T", pos, m.start(), raw[pos : m.start()]))
        atoms.append(Atom("C", m.start(), m.end(), ch))
        pos = m.end()
    if pos < len(raw):
        atoms.append(Atom("T", pos, len(raw), raw[pos:]))
    return atoms


def line_offsets(text: str) -> list[int]:
    """Start offset of every line, for turning (line, column) back into offsets."""
    return [0] + [m.end() for m in re.finditer("\n", text)]
