"""The regex analysis behind the time pre-filter: alphabet, first characters, needed ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.grammar.pattern_tree import SPACE, Opaque, alphabet, first, needs, parse
from extract.grammar.timeexpr import grammar


def _set(chars: str) -> frozenset[str]:
    """Characters, with ␣ for the whitespace category."""
    return frozenset(SPACE if c == "␣" else c for c in chars)


CASES = [
    # (name, pattern, alphabet, first chars, can be empty, needs)
    ("literal_word", "截至", "截至", "截", False, "至"),
    ("class_and_range", "[0-2]年", "012年", "012", False, "年"),
    ("optional_prefix", "(?:从|自)?\\s*(?P<y>[12])年", "从自␣12年", "从自␣12", False, "年"),
    ("lookbehind_reads", "(?<![0-9])1", "0123456789", "1", False, "1"),
    ("later_on_a_tie", "近\\s{0,4}?[一二]{1,3}个?月", "近␣一二个月", "近", False, "月"),
    ("alternation_union", "上半年|下旬", "上半年下旬", "上下", False, "年旬"),
    ("all_optional", "(?:年)?", "年", "年", True, None),
    ("backreference_dropped", "(?P<s>[-/])1(?P=s)2", "-/12", "-/", False, "2"),
]


@pytest.mark.parametrize(("pattern", "letters", "starts", "empty", "need"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])  # fmt: skip
def test_analysis(pattern: str, letters: str, starts: str, empty: bool, need: str | None) -> None:
    tree = parse(pattern)
    assert alphabet(tree) == _set(letters), pattern
    assert first(tree) == (_set(starts), empty), pattern
    assert needs(tree) == (None if need is None else _set(need)), pattern


@pytest.mark.parametrize("pattern", [".年", "[^年]", "^年", "\\d年", "(?i)年", "年{x}", "\\p{Han}"])
def test_what_it_does_not_model_is_opaque(pattern: str) -> None:
    with pytest.raises(Opaque):
        parse(pattern)


LETTERS = "0123456789２０年月日号上下半旬季度底初末截至止从自近个一二三十前后今去明本 ，-/"


TREES = [(rule, pattern, parse(pattern.pattern)) for rule, pattern in grammar().patterns]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=LETTERS, max_size=30))
def test_every_match_starts_with_a_first_and_holds_a_needed_character(text: str) -> None:
    """On the real time grammar: what the analysis claims holds for every match it finds."""
    for rule, pattern, tree in TREES:
        starts, _ = first(tree)
        need = needs(tree)
        for m in pattern.finditer(text):
            if not m.group():
                continue
            chars = {SPACE if c.isspace() else c for c in m.group()}
            assert (SPACE if m.group()[0].isspace() else m.group()[0]) in starts, (rule, m)
            assert need is None or chars & need, f"{rule}: {m.group()!r} holds none of {need}"
            assert chars <= alphabet(tree), f"{rule}: {m.group()!r} reads outside the alphabet"
