"""Rules are data: no Chinese rule word in the engine's code, one grammar toolkit for patterns.

A Chinese character in a string of `extract/` (docstrings, comments, and the `help=` /
`description=` prose of the CLI and the models aside) is a rule word that belongs in `rules/`.
The numeral tables (`extract/grammar/numerals.py`) are the one exception: they are the numeral
engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import regex

from extract.grammar.grammar_kit import (
    alternation,
    char_class,
    compose,
    group,
    is_han,
    simplified_view,
)
from extract.grammar.timeexpr import find_expressions
from extract.pipeline.events import find_events
from extract.rules import RulesModel, load_yaml
from tests.conftest import REPO

HAN = regex.compile(r"\p{Han}")
NUMERAL_TABLES = {"extract/grammar/numerals.py"}
# Not rules of the extractor: the words that define issue 17's CLUENER acceptance subset.
MEASURE_DEFINITIONS = {"extract/orgs/cluener.py"}
PROSE_KEYWORDS = {"help", "description", "reason", "epilog"}


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _prose(tree: ast.AST) -> set[int]:
    """String constants given as help / description text (and the pieces of f-strings there)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in PROSE_KEYWORDS:
            ids.update(id(n) for n in ast.walk(node.value))
    return ids


def chinese_literals(path: Path) -> list[str]:
    """`line: literal` for every string constant of `path` that holds a Chinese character."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _prose(tree)
    return [
        f"{node.lineno}: {node.value[:40]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and HAN.search(node.value)
    ]


def test_no_chinese_rule_literal_in_the_code() -> None:
    found = {
        rel: hits
        for path in sorted((REPO / "extract").rglob("*.py"))
        if (rel := path.relative_to(REPO).as_posix()) not in NUMERAL_TABLES | MEASURE_DEFINITIONS
        and (hits := chinese_literals(path))
    }
    assert not found, f"Chinese rule words belong in rules/, not in the code: {found}"


def test_the_check_sees_a_literal(tmp_path: Path) -> None:
    """The scan must catch a rule word in code, an f-string piece too, and skip prose."""
    code = tmp_path / "stage.py"
    code.write_text(
        '"""模块说明."""\nX = "平台"\nY = f"{X}了"\n'
        'parser.add_argument("-x", help="例如 7.29亿")\n',
        encoding="utf-8",
    )
    assert chinese_literals(code) == ["2: '平台'", "3: '了'"], chinese_literals(code)


ALTERNATIONS = [
    ("longest_first", ["筹款", "筹款总额", "总额"], "筹款总额|总额|筹款"),
    ("escaped_and_deduplicated", ["a+b", "a+b", "c"], "a\\+b|c"),
    ("empty_never_matches", [], "(?!)"),
]


@pytest.mark.parametrize(("words", "expected"), [c[1:] for c in ALTERNATIONS],
                         ids=[c[0] for c in ALTERNATIONS])  # fmt: skip
def test_alternation(words: list[str], expected: str) -> None:
    assert alternation(words) == expected


def test_alternation_lookaheads_and_group() -> None:
    pattern = alternation(["成", "万"], not_before={"成": ["本"]}, only_before={"万": ["元"]})
    rx = regex.compile(group(["x"]) + "|" + pattern)
    assert [m.group() for m in rx.finditer("成本 一成 万人 万元 x")] == ["成", "万", "x"]
    assert regex.fullmatch(char_class("的和"), "和") and char_class("") == "(?!)"


def test_compose_expands_prefixes_and_refuses_cycles() -> None:
    fragments = {"year": "(?P<y>\\d{4})年", "span": "{year}至{year:e_}", "loop": "{loop}"}

    def body_of(name: str, stack: tuple[str, ...]) -> str:
        return compose(fragments[name], body_of, stack)

    span = regex.compile(compose(fragments["span"], body_of, ("span",)))
    m = span.fullmatch("2016年至2021年")
    assert m and (m["y"], m["e_y"]) == ("2016", "2021"), span.pattern
    with pytest.raises(ValueError, match="fragment cycle: loop -> loop"):
        compose(fragments["loop"], body_of, ("loop",))


def test_is_han_is_the_han_script() -> None:
    assert all(map(is_han, "水滴筹〇㐀𠀀")), "ideographs of every block are Han"
    assert not any(map(is_han, "，A1。")), "punctuation, Latin and digits are not"


class _Words(RulesModel):
    words: list[str]
    table: dict[str, list[str]]


def test_one_script_policy_folds_every_stage_rules_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stages match the Simplified view, so their rules are folded to it at load (a word in
    both scripts once); ingestion's rules read the text as written and keep theirs."""
    (tmp_path / "w.yaml").write_text("words: [關停, 关停, 籌款]\ntable: {萬: [億]}\n", "utf-8")
    monkeypatch.setattr("extract.rules.RULES_DIR", tmp_path)
    folded = load_yaml("w.yaml", _Words)
    assert (folded.words, folded.table) == (["关停", "筹款"], {"万": ["亿"]}), folded
    as_written = load_yaml("w.yaml", _Words, script="as_written")
    assert as_written.words == ["關停", "关停", "籌款"], as_written


def test_engines_match_traditional_text_as_its_simplified_view() -> None:
    trad, simp = "2021年3月，輕鬆籌宣布關停互助業務。", "2021年3月，轻松筹宣布关停互助业务。"
    assert simplified_view(trad) == simp
    for find in (find_expressions, lambda t: find_events(t, [], [])):
        spans = [(m.start, m.end) for m in find(trad)]
        assert spans and spans == [(m.start, m.end) for m in find(simp)], find
