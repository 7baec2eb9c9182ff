"""The first-character guard finds exactly the matches of the plain alternation."""

from __future__ import annotations

import re

import pytest

from extract.ingest.guard import guarded
from extract.ingest.layout import ingest_rules

TEXTS = [
    "见[报告](http://a.cn/x)与**重点**，__注__ ![图](p.png) <https://b.org> //c.com/d",
    "HTTPS://A.CN 与 Ftp://b.cn，ſ 和 K 不是 s 与 k",
    "",
    "没有任何标记的一段新闻。",
]


@pytest.mark.parametrize(
    ("pattern", "flags", "guard"),
    [
        (r"(?<=\])\(x\)|a{2,}|(?:https?|ftp)://", re.I, "(?=[\\(afh])"),
        (r"(?<!\*)\*{2,3}(?!\*)", 0, "(?=[\\*])"),
        (r"a?b", 0, None),  # an optional first item: no guard
        (r"[^a]b", 0, None),  # a negated class: no guard
        (r"[a-z]b", 0, None),  # a range: no guard
    ],
)
def test_guard_and_its_characters(pattern: str, flags: int, guard: str | None) -> None:
    text = guarded(pattern, flags)
    assert text == pattern if guard is None else text.startswith(guard)


def test_markup_matches_are_unchanged() -> None:
    rules = ingest_rules()
    plain = re.compile("|".join(f"(?:{p})" for p in rules.markup_patterns.values()), re.I)
    for text in TEXTS:
        assert [m.span() for m in rules.markup_re.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
