"""The figure prefilter and guard: speed-ups that must change no match.

The grammar is tried only where `FigureStarts` says a figure can start, and `number_next`
ends a try after a number nothing of a figure can follow. The properties are checked directly
on real text (the seeds and the spent held-out sets) and on random text made of the grammar's
own characters and words: a position the prefilter leaves out is one where `figure` does not
match, the matches found are exactly those of `finditer`, and those of the grammar without the
guard.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
import regex

from extract import ingest
from extract.grammar.grammar_kit import matches_at
from extract.pipeline.figure_rules import FigureRules, compose
from extract.pipeline.figures import RULES_FILE, load_grammar
from extract.rules import load_yaml
from tests.conftest import REPO, SEEDS

HELD_OUT = ["heldout", "heldout2", "heldout3", "heldout4", "heldout5"]


def _folded(text: str) -> str:
    grammar = load_grammar()
    return grammar.foldable.sub(lambda m: grammar.folded_char[m.group()], text)


def _real_texts() -> list[str]:
    paths = sorted(SEEDS.glob("*.txt"))
    for name in HELD_OUT:
        paths += sorted((REPO / "tests" / name / "articles").glob("*.txt"))
    return [_folded(ingest.load_document(Path(p)).match_text) for p in paths]


def _random_texts(count: int, length: int) -> list[str]:
    """Texts of the grammar's pieces: its words, numerals, signs, blanks and some other text."""
    rules = load_grammar()
    words = sorted(
        set(rules.currency_of) | set(rules.unit_of) | set(rules.prefix_q) | set(rules.suffix_q)
    )
    words += sorted(set(rules.bare_q) | set(rules.shares) | set(rules.percent_power))
    pieces = [*words, *"0123456789.,-−－ 　〇零一二两三四五六七八九十百千万亿兆负正的年月人大不"]
    pieces += ["1/3的", "百分之", "三分之", "个百分点", "(含)", "至", "~"]
    pieces += ["点", "分", "了", "人士", "省"]  # what dead_run and live_word look at
    rng = random.Random(15)
    return ["".join(rng.choice(pieces) for _ in range(length)) for _ in range(count)]


@cache
def _unguarded() -> regex.Pattern[str]:
    rules = load_yaml(RULES_FILE, FigureRules)
    fragments = {**rules.fragments, **rules.word_fragments(), "number_next": ""}
    return regex.compile(compose(fragments, "figure"), regex.VERBOSE)


def _check(text: str) -> None:
    grammar = load_grammar()
    starts = set(grammar.starts(text))
    missed = [s for s in range(len(text)) if s not in starts and grammar.pattern.match(text, s)]
    assert not missed, [text[s : s + 12] for s in missed]
    found = [(m.span(), m.groups()) for m in grammar.starts.finditer(grammar.pattern, text)]
    assert found == [(m.span(), m.groups()) for m in grammar.pattern.finditer(text)]
    assert found == [(m.span(), m.groups()) for m in _unguarded().finditer(text)]


def test_no_figure_starts_outside_the_prefilter_in_real_text() -> None:
    for text in _real_texts():
        _check(text)


@pytest.mark.parametrize("batch", range(4))
def test_no_figure_starts_outside_the_prefilter_in_random_text(batch: int) -> None:
    for text in _random_texts(50, 120)[batch * 50 // 4 : (batch + 1) * 50 // 4]:
        _check(text)


def test_matches_at_is_finditer_over_the_given_starts() -> None:
    pattern = regex.compile(r"ab|b")
    text = "abab b"
    starts = [0, 0, 1, 2, 3, 5]  # sorted, with a repeat
    assert [m.span() for m in matches_at(pattern, text, starts)] == [
        m.span() for m in pattern.finditer(text)
    ]
