"""Scale paths: worker processes, resumed runs and Parquet give the single-process records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extract import cli, runner
from extract.runner import resume_state
from tests.conftest import SEEDS


def run(argv: list[str]) -> int:
    return cli.main(["-q", *argv])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, a second copy under another folder, and a JSONL corpus of the seeds."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "a")
    shutil.copytree(SEEDS, root / "b")
    with (root / "c.jsonl").open("w", encoding="utf-8") as fh:
        for i, seed in enumerate(sorted(SEEDS.iterdir())):
            text = seed.read_text(encoding="utf-8")
            fh.write(json.dumps({"id": f"j{i}", "text": text}, ensure_ascii=False) + "\n")
    return root


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("single") / "out.jsonl"
    assert run(["run", str(corpus), "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8").splitlines()


def test_two_workers_equal_one(corpus: Path, single: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run(["run", str(corpus), "-o", str(out), "--jobs", "2"]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == single


def test_interrupted_then_resumed_equals_one_run(
    corpus: Path, single: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.jsonl"
    real = runner.record_rows
    calls = {"n": 0}

    def dies_on_the_seventh(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "record_rows", dies_on_the_seventh)
    code = run(["run", str(corpus), "-o", str(out), "--resume"])
    assert code == 130, f"an interrupted run should exit 130 (as after Ctrl-C), not {code}"
    partial = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(partial) < len(single), "the interrupted run should have kept whole blocks"
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"schema_version":"1.0","type":"amou')  # a torn last line, as after a kill -9
    monkeypatch.setattr(runner, "record_rows", real)
    assert run(["run", str(corpus), "-o", str(out), "--resume"]) == 0
    resumed = out.read_text(encoding="utf-8").splitlines()
    # Resumed blocks come after the kept ones in input order, so the files are equal.
    assert resumed == single


def test_resume_state_cuts_an_incomplete_block(tmp_path: Path) -> None:
    doc = {"type": "document", "doc_id": "d", "sha256": "s1", "status": "ok", "records": 2}
    rec = {"type": "amount", "doc_id": "d"}
    lines = [json.dumps(doc), json.dumps(rec), json.dumps(rec)]
    doc2 = {**doc, "doc_id": "e", "sha256": "s2"}
    torn = [json.dumps(doc2), json.dumps({**rec, "doc_id": "e"})]
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(lines + torn) + "\n", encoding="utf-8")
    done, end = resume_state(path)
    assert done == {"d|s1"}
    assert end == len(("\n".join(lines) + "\n").encode())


def test_parquet_output_reads_in_duckdb_and_pandas(corpus: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    jsonl, parquet = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    assert run(["run", str(corpus / "a"), "-o", str(jsonl)]) == 0
    assert run(["run", str(corpus / "a"), "-o", str(parquet), "--format", "parquet"]) == 0
    expected = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    frame = pd.read_parquet(parquet)
    assert list(frame["id"]) == [r["id"] for r in expected]
    amounts = duckdb.sql(
        f"SELECT id, quote, value, currency, span.start, sentence.text FROM '{parquet}' "
        "WHERE type = 'amount' ORDER BY id"
    ).fetchall()
    want = sorted(
        (r["id"], r["quote"], r["value"], r["currency"], r["span"]["start"], r["sentence"]["text"])
        for r in expected
        if r["type"] == "amount"
    )
    assert amounts == want and amounts, "Parquet amounts differ from the JSONL run"


def test_stdin_corpus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    import io
    import sys

    line = json.dumps({"id": "s1", "text": "<p>水滴筹累计筹款484亿元。</p>"}, ensure_ascii=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((line + "\n").encode())))
    assert run(["run", "-"]) == 0
    records = [json.loads(x) for x in capsysbinary.readouterr().out.decode().splitlines()]
    assert records[0]["doc_id"] == "s1" and records[0]["path"] == "-"
