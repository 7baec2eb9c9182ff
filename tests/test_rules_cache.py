"""The compiled-rules cache (`extract.rules.compiled`): a hit returns what was built, and a
cache that is corrupt, read-only or switched off never changes the result or ends a run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.grammar.timeexpr import find_expressions
from extract.grammar.timeexpr.grammar import _compile_grammar
from extract.rules import CACHE_ENV, compiled


def _counting() -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    return calls, build


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_call_reads_the_cache(folder: Path) -> None:
    calls, build = _counting()
    assert compiled("probe", build) == {"built": 1}
    assert compiled("probe", build) == {"built": 1}
    assert len(calls) == 1
    assert len(list(folder.glob("probe-*.pickle"))) == 1


def test_corrupt_cache_is_rebuilt(folder: Path) -> None:
    _, build = _counting()
    compiled("probe", build)
    (path,) = folder.glob("probe-*.pickle")
    path.write_bytes(b"\x80\x05not a pickle")
    assert compiled("probe", build) == {"built": 2}
    assert compiled("probe", build) == {"built": 2}  # and written again


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_runs_without_cache(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o500)
    try:
        _, build = _counting()
        assert compiled("probe", build) == {"built": 1}
        assert compiled("probe", build) == {"built": 2}
    finally:
        folder.chmod(0o700)


def test_unwritable_place_runs_without_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    _, build = _counting()
    assert compiled("probe", build) == {"built": 1}
    assert compiled("probe", build) == {"built": 2}


def test_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    calls, build = _counting()
    compiled("probe", build)
    compiled("probe", build)
    assert len(calls) == 2


def test_cached_time_grammar_finds_the_same(folder: Path) -> None:
    """The grammar read back from the cache (its patterns pickled compiled) matches as built."""
    built = compiled("time_grammar", _compile_grammar)
    cached = compiled("time_grammar", _compile_grammar)
    assert cached is not built
    text = "2021年3月5日至6月底，较2019年同期；去年国庆，近三年来"
    for (rule, p), (rule2, q) in zip(built.patterns, cached.patterns, strict=True):
        assert rule == rule2
        assert [m.span() for m in p.finditer(text)] == [m.span() for m in q.finditer(text)]
    assert cached.rules == built.rules and cached.meaning == built.meaning
    assert find_expressions(text)
