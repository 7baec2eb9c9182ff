"""The compiled-rules cache (`extract.rules.compiled`): a hit returns what was built, and a
cache that is corrupt, read-only or switched off never changes the result or ends a run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.grammar.timeexpr import find_expressions
from extract.grammar.timeexpr.grammar import _compile_grammar, grammar
from extract.ingest.decode import Decoded
from extract.ingest.document import build_document
from extract.orgs import recogniser
from extract.output.records import records_for
from extract.pipeline import (
    annotate,
    build_pipeline,
    discourse_rules,
    event_rules,
    fact_rules,
    figures,
)
from extract.rules import CACHE_ENV, compiled

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


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


_LOADERS = (
    figures.load_grammar,
    fact_rules.load_grammar,
    discourse_rules.load_discourse,
    event_rules.compiled,
    recogniser.load_recogniser,
    grammar,
)


def _records_built_now(text: str) -> list[str]:
    """The records of `text` from a pipeline whose stages load their grammars afresh."""
    for loader in _LOADERS:
        loader.cache_clear()
    doc = build_document(Decoded(text, "utf-8", 0), text.encode(), doc_id="t", path="t", meta={})
    return [r.model_dump_json() for r in records_for(doc, annotate(build_pipeline(), doc))]


def test_every_stage_grammar_is_cached_and_reads_back_the_same(folder: Path) -> None:
    """Built (and written) on a cold cache, then read back: the same records, byte for byte."""
    text = (SEEDS / sorted(os.listdir(SEEDS))[0]).read_text(encoding="utf-8")
    try:
        cold = _records_built_now(text)
        names = {p.name.rsplit("-", 1)[0] for p in folder.glob("*.pickle")}
        warm = _records_built_now(text)
    finally:
        for loader in _LOADERS:
            loader.cache_clear()
    assert len(cold) > 5 and warm == cold
    assert {n.split("-")[0] for n in names} == {
        "figure_grammar",
        "fact_grammar",
        "discourse_grammar",
        "event_rules",
        "org_recogniser",
        "time_grammar",
    }


def test_spacy_imports_without_its_command_line() -> None:
    """`import extract` keeps spaCy's import from loading its CLI; `spacy.info` and `spacy.cli`
    still work afterwards (a fresh process: this one has spaCy imported already)."""
    probe = (
        "import sys, extract, spacy\n"
        "assert not [m for m in sys.modules if m.startswith(('spacy.cli', 'weasel', 'typer'))]\n"
        "assert 'spacy.cli.info' not in sys.modules\n"
        "assert spacy.info()['spacy_version'] == spacy.__version__\n"
        "import spacy.cli\n"
        "assert sys.modules['spacy.cli.info'].__file__.endswith('info.py')\n"
        "assert 'info' in [c.name for c in spacy.cli.app.registered_commands]\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, cwd=REPO, timeout=120)
