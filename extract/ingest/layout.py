"""Atoms to the clean view: paragraphs, whitespace, page furniture and page-break repair.

Every clean character is added with the raw interval it came from, so nothing here can make
an offset wrong: characters are only dropped or kept, never moved, and the clean view stays in
raw order. The decisions (which tags break, what is furniture, what a cut sentence looks like)
are data in `rules/ingest.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

import regex
from pydantic import Field, field_validator

from extract.grammar.grammar_kit import HAN, is_han
from extract.ingest.guard import guarded
from extract.ingest.markup import Atom
from extract.ingest.offsets import Cells, CleanBuilder
from extract.rules import RulesModel, load_yaml


class DatelineRule(RulesModel):
    pattern: str
    wire_pattern: str
    wire_yearless_pattern: str
    furniture: str
    max_furniture_chars: int
    glued_headline_chars: int
    glued_paragraphs: int
    max_paragraph_chars: int
    max_other_chars: int
    first_paragraphs: int


class IngestRules(RulesModel):
    """Schema of rules/ingest.yaml."""

    block_tags: frozenset[str]
    skip_tags: frozenset[str]
    html_tags: frozenset[str]
    html_min_tags: int
    markup_patterns: dict[str, str]
    heading_prefix: str
    bullet_prefix: str
    furniture_paragraphs: dict[str, str]
    sentence_end: str
    sentence_close: str
    sentence_max_chars: int = Field(gt=1)
    sentence_soft_break: str
    continuation_end: str
    dangling_end: str
    prose_marks: str
    dateline: DatelineRule
    tokenised_min_ratio: float
    tokenised_min_gaps: int
    pdf_min_cuts: int
    wrapped_number_end: str
    wrapped_number_start: str
    traditional_min_ratio: float

    @field_validator("wrapped_number_end", "wrapped_number_start")
    @classmethod
    def _compiles_one(cls, pattern: str) -> str:
        try:
            regex.compile(pattern)
        except regex.error as e:
            raise ValueError(f"pattern {pattern!r} does not compile: {e}") from None
        return pattern

    @field_validator("markup_patterns", "furniture_paragraphs")
    @classmethod
    def _compiles(cls, patterns: dict[str, str]) -> dict[str, str]:
        for name, pattern in patterns.items():
            try:
                re.compile(pattern)
            except re.error as e:
                raise ValueError(f"pattern {name!r} does not compile: {e}") from None
        return patterns

    @property
    def markup_re(self) -> re.Pattern[str]:
        return _compile_alternation(tuple(self.markup_patterns.values()), re.I)

    @property
    def furniture_re(self) -> re.Pattern[str]:
        return _compile_alternation(tuple(self.furniture_paragraphs.values()), 0)


@cache
def _compile_alternation(patterns: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile(guarded("|".join(f"(?:{p})" for p in patterns), flags), flags)


@cache
def ingest_rules() -> IngestRules:
    return load_yaml("ingest.yaml", IngestRules, script="as_written")  # before the view exists


BREAK = "\n"


@dataclass(slots=True)
class Paragraph:
    """A paragraph's cells and markdown role."""

    cells: Cells
    heading: int = 0  # markdown heading level, 0 when not a heading
    bullet: bool = False
    new_line: bool = False  # split from the one before by a line break (not an indent)

    @property
    def text(self) -> str:
        return self.cells.text


@dataclass(slots=True)
class Layout:
    """The clean view's structure, before the offset map is frozen."""

    builder: CleanBuilder
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # clean spans
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    tokenised: bool = False
    pdf_cuts: int = 0


def _is_cjk(ch: str) -> bool:
    """A Chinese character, CJK punctuation, a full-width form or general punctuation."""
    o = ord(ch)
    return is_han(ch) or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x206F


def _is_cjk_mark(ch: str) -> bool:
    """CJK punctuation and full-width forms: characters that never need a space beside them."""
    return _is_cjk(ch) and not is_han(ch)


# Control characters other than tab and line breaks (a crawler's stray NUL, the ESC of an escape
# sequence) are never part of the clean view; their raw offsets stay in the offset map.
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")
# What splits paragraphs: a break, or a whole whitespace run (from its start: the look-behind)
# that holds two ideographic spaces, an indent; other runs are not matched at all.
_SPLIT_RE = re.compile(r"\n|(?<![^\S\n])[^\S\n]*\u3000[^\S\n]*\u3000[^\S\n]*")


def _text_cells(text: str, start: int, out: CleanBuilder) -> None:
    """The cells of a text atom at raw `start`, whole runs at a time (a newline is a BREAK)."""
    at = 0
    for m in _CONTROLS_RE.finditer(text):
        out.extend(Cells.of_raw(text[at : m.start()], start + at))
        at = m.end()
    out.extend(Cells.of_raw(text[at:], start + at))


def atoms_to_cells(atoms: list[Atom], rules: IngestRules) -> Cells:
    """Flatten atoms to cells; markup inside text is dropped; newlines break (BREAK is the
    newline itself, so an HTML text newline is a cell like any other: `_squeeze_whitespace`
    and the block tags decide there)."""
    markup = rules.markup_re
    out = CleanBuilder()
    for kind, start, end, text in atoms:
        if kind == "B":
            out.add(BREAK, start, end)
        elif kind == "C":
            out.add(text, start, end)
        else:
            at = 0
            for m in markup.finditer(text):
                if m.end() > m.start():
                    _text_cells(text[at : m.start()], start + at, out)
                    at = m.end()
            _text_cells(text[at:], start + at, out)
    return out.cells()


def _split_paragraphs(cells: Cells) -> list[Paragraph]:
    """Split on breaks, and on a run of two or more ideographic spaces (paragraph indent)."""
    paragraphs: list[Paragraph] = []
    begin, new_line = 0, False
    for m in _SPLIT_RE.finditer(cells.text):
        paragraphs.append(Paragraph(cells[begin : m.start()], new_line=new_line))
        begin, new_line = m.end(), m.group() == BREAK
    paragraphs.append(Paragraph(cells[begin:], new_line=new_line))
    return paragraphs


def _strip_prefixes(para: Paragraph, heading: re.Pattern[str], bullet: re.Pattern[str]) -> None:
    text = para.text
    if m := heading.match(text):
        para.heading = text[: m.end()].count("#")
        para.cells = para.cells[m.end() :]
    elif m := bullet.match(text):
        para.bullet = True
        para.cells = para.cells[m.end() :]


_HAN_RE = regex.compile(HAN)
_GAP_RE = regex.compile(rf"(?<={HAN})\s+(?={HAN})")


def han_count(text: str) -> int:
    """How many Han characters `text` holds, counted without one string per character."""
    return len(text) - len(_HAN_RE.sub("", text))


def _is_tokenised(paragraphs: list[Paragraph], rules: IngestRules) -> bool:
    """Whitespace runs with Han on both sides, against Han characters: the tokenised-text
    signal. Han characters are counted (without one string each) only when the gaps are many."""
    gaps = sum(len(_GAP_RE.findall(para.text)) for para in paragraphs)
    if gaps < rules.tokenised_min_gaps:
        return False
    han = sum(han_count(para.text) for para in paragraphs)
    return gaps >= han * rules.tokenised_min_ratio


_SPACE_RE = re.compile(r"\s+")  # `re`'s \s on text is exactly str.isspace


def _squeeze_whitespace(cells: Cells, tokenised: bool) -> Cells:
    """Trim, collapse runs to one space, drop gaps that Chinese text does not have.

    A gap next to Chinese punctuation is layout (`。</span> <span>`); in pre-tokenised text a
    gap next to any CJK character is a token boundary the writer never typed (`10580.35 万人`).
    Elsewhere a gap between words is kept as one space: it can separate two names.
    """
    text = cells.text
    edits: list[tuple[int, int, bool]] = []  # (run start, run end, keep one space)
    for m in _SPACE_RE.finditer(text):
        i, j = m.span()
        keep = False
        if i and j < len(text):
            left, right = text[i - 1], text[j]
            if tokenised:
                keep = not (_is_cjk(left) or _is_cjk(right))
            else:
                keep = not (_is_cjk_mark(left) or _is_cjk_mark(right))
        if not (keep and j - i == 1 and text[i] == " "):  # one kept space is already itself
            edits.append((i, j, keep))
    if not edits:
        return cells
    out = CleanBuilder()
    at = 0
    for i, j, keep in edits:
        out.extend(cells[at:i])
        if keep:  # the first gap character stands for the run
            out.add(" ", cells.starts[i], cells.ends[i])
        at = j
    out.extend(cells[at:])
    return out.cells()


def _is_cut(para: Paragraph, nxt: Paragraph, rules: IngestRules) -> bool:
    """True when a page or column break cut a sentence between the two paragraphs."""
    if para.heading or para.bullet or nxt.heading or nxt.bullet or not (para.text and nxt.text):
        return False
    text = para.text
    last, first = text[-1], nxt.text[0]
    if last.isdigit() and is_han(first):
        return True  # 在2021 | 年3月推出: a number is never the end of a paragraph
    if _compiled("[" + regex.escape(rules.prose_marks) + "]").search(text) is None:
        return False
    if not (last in rules.continuation_end or last.isalnum()):
        return False
    if first.isdigit():
        return last in rules.continuation_end or last in rules.dangling_end
    return is_han(first) or first in rules.sentence_close


def _is_wrapped_number(para: Paragraph, nxt: Paragraph, rules: IngestRules) -> bool:
    """True when a line wrap cut a number from its unit inside a paragraph or list item of
    plain text (`人民币12.6` / `亿元`): the next line follows on the very next line (no blank
    line, not an indented paragraph, not a new item). One such wrap is enough, unlike page cuts."""
    if para.heading or nxt.heading or nxt.bullet or not nxt.new_line:
        return False
    return (
        _compiled(rules.wrapped_number_end).search(para.text) is not None
        and _compiled(rules.wrapped_number_start).match(nxt.text) is not None
    )


@cache
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def lay_out(
    cells: Cells, rules: IngestRules, *, allow_pdf: bool, lead: Cells | None = None
) -> Layout:
    """Build the clean view from cells; `lead` is a paragraph put first (a front-matter title)."""
    paragraphs = _split_paragraphs(cells)
    if lead:
        paragraphs.insert(0, Paragraph(lead, heading=1))
    heading_re, bullet_re = re.compile(rules.heading_prefix), re.compile(rules.bullet_prefix)
    for para in paragraphs:
        _strip_prefixes(para, heading_re, bullet_re)
    tokenised = _is_tokenised(paragraphs, rules)
    furniture = rules.furniture_re
    kept: list[Paragraph] = []
    last_kept = -2
    for i, para in enumerate(paragraphs):
        para.cells = _squeeze_whitespace(para.cells, tokenised)
        if para.text and not furniture.search(para.text):
            para.new_line = para.new_line and i == last_kept + 1  # no blank line, nothing dropped
            kept.append(para)
            last_kept = i
    cuts = [allow_pdf and _is_cut(a, b, rules) for a, b in pairwise(kept)]
    pdf = allow_pdf and sum(cuts) >= rules.pdf_min_cuts
    wraps = [allow_pdf and _is_wrapped_number(a, b, rules) for a, b in pairwise(kept)]
    layout = Layout(CleanBuilder(), tokenised=tokenised, pdf_cuts=sum(cuts) if pdf else 0)
    builder = layout.builder
    para_start = 0
    for i, para in enumerate(kept):
        if i and not ((pdf and cuts[i - 1]) or wraps[i - 1]):
            prev_end = kept[i - 1].cells.ends[-1]
            layout.paragraphs.append((para_start, builder.length))
            builder.add(BREAK, prev_end, prev_end)
            para_start = builder.length
        if para.heading:
            layout.headings.append((para.heading, para.text))
        builder.extend(para.cells)
    if kept:
        layout.paragraphs.append((para_start, builder.length))
    return layout
