"""Issue 13: no input, fault or flag ends a run badly.

Every input here is made by the test. Each case checks the promise: a clear message (never a
traceback), an error record for what cannot be read, the other documents kept, and `verify`
passing on what was written.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from extract import __version__, cli, runner
from extract.models import DocumentRecord, parse_record
from extract.output.writers import _JsonlSink
from extract.pipeline import default_pipeline
from tests.conftest import REPO

GOOD = "2020年，水滴筹累计筹款484亿元，帮助超过251万名患者。"


def run(argv: list[str]) -> int:
    return cli.main(["-q", *argv])


def records(path: Path) -> list:
    return [parse_record(line) for line in path.read_text(encoding="utf-8").splitlines()]


def documents(path: Path) -> list[DocumentRecord]:
    return [r for r in records(path) if isinstance(r, DocumentRecord)]


def assert_verifies(out: Path) -> None:
    assert run(["verify", str(out)]) == 0, f"verify rejects {out}: {out.read_text()[:2000]}"


def assert_no_traceback(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> str:
    """What the user read on stderr (printed, and logged), checked for tracebacks."""
    err = capsys.readouterr().err + caplog.text
    assert "Traceback" not in err, f"a traceback reached the user:\n{err}"
    return err


def write_corpus(path: Path, items: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item) + "\n")  # ensure_ascii: lone surrogates as \ud83d
    return path


# --- inputs that used to end the whole run -----------------------------------------------------


@pytest.mark.parametrize(
    "name, make",
    [
        ("html surrogate entity", lambda d: _file(d, "e.html", "<p>484亿元&#xD800;水滴筹</p>")),
        (
            "jsonl lone surrogate",
            lambda d: write_corpus(d / "s.jsonl", [{"id": "a", "text": "水滴筹484亿元\ud83d。"}]),
        ),
        ("file name not UTF-8", lambda d: _file(d, os.fsdecode(b"a\xff.txt"), GOOD)),
    ],
)
def test_unencodable_text_and_names_are_kept_and_verify(name: str, make, tmp_path: Path) -> None:
    source = make(tmp_path)
    out = tmp_path / "out.jsonl"
    assert run(["run", str(source), "-o", str(out)]) == 0, f"{name}: the run should succeed"
    docs = documents(out)
    assert [d.status for d in docs] == ["ok"], f"{name}: {docs}"
    assert len(records(out)) > 1, f"{name}: the figures of the document are lost"
    assert_verifies(out)
    for argv in (["facts", str(out)], ["trace", str(out), "484亿"]):
        assert run(argv) == 0, f"{name}: {argv[0]} fails on the run's output"
    assert run(["report", str(out), "-o", str(tmp_path / "r.html")]) == 0, f"{name}: report"


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_symlink_loop_and_fifo_fail_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("l2", folder / "l1")
    os.symlink("l1", folder / "l2")
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "out.jsonl"
    # In a subprocess with a timeout: a FIFO read with read_bytes blocks forever.
    done = subprocess.run(
        [sys.executable, "-m", "extract", "run", str(folder), "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, f"some documents failed, so exit 1: {done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    status = {d.doc_id: (d.status, d.error) for d in documents(out)}
    assert status["good.txt"] == ("ok", None), status
    assert "symbolic links" in status["l1"][1], status
    assert status["pipe.txt"] == ("error", "not a regular file"), status


def test_deep_json_line_fails_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    deep = '{"id":"d","text":' + "[" * 100_000 + "]" * 100_000 + "}"
    corpus.write_text(deep + "\n" + json.dumps({"id": "g", "text": GOOD}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(["run", str(corpus), "-o", str(out)]) == 1
    status = {d.doc_id: (d.status, d.error) for d in documents(out)}
    assert status["c.jsonl:1"] == ("error", "line 1: not JSON: nested too deeply"), status
    assert status["g"] == ("ok", None), status


# --- a stage error keeps the document ----------------------------------------------------------


def test_failing_stage_keeps_the_other_stages(tmp_path: Path, monkeypatch) -> None:
    nlp = default_pipeline()
    stage = nlp.get_pipe("zh_temporal")

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(stage), "__call__", lambda self, doc: broken(doc))
    src = _file(tmp_path, "a.txt", GOOD)
    out = tmp_path / "out.jsonl"
    assert run(["run", str(src), "-o", str(out)]) == 0, "a stage error is not a failed document"
    head, *rest = records(out)
    assert head.status == "ok" and head.warnings == ["zh_temporal: RuntimeError: boom"], head
    types = {r.type for r in rest}
    assert "amount" in types and "date" not in types, f"other stages' records kept: {types}"
    assert_verifies(out)


@pytest.mark.parametrize(
    "text, quote, value",
    [
        ("技术专家委员会委员说，水滴筹筹款484亿元。", "484亿元", "48400000000"),
        ("筹款10000000000000000000000亿元。", "10000000000000000000000亿元", "1" + "0" * 30),
    ],
)
def test_inputs_that_broke_a_stage(text: str, quote: str, value: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run(["run", str(_file(tmp_path, "a.txt", text)), "-o", str(out)]) == 0
    head, *rest = records(out)
    assert head.warnings == [], f"no stage should fail on {text!r}: {head.warnings}"
    amounts = [(r.quote, format(r.value, "f")) for r in rest if r.type == "amount"]
    assert amounts == [(quote, value)], amounts


# --- resume and identity -------------------------------------------------------------------------


def test_resume_twice_equals_one_run_with_failed_documents(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path / "c.jsonl", [{"id": "a", "text": GOOD}, {"id": "b"}, {"id": "c", "text": "x"}]
    )
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    assert run(["run", str(corpus), "-o", str(once)]) == 1
    # The exit status is of the documents this run processed: the second one skips them all.
    for expected in (1, 0):
        assert run(["run", str(corpus), "-o", str(twice), "--resume"]) == expected
    assert twice.read_text() == once.read_text(), "a resumed run appended documents again"


def test_duplicate_ids_get_distinct_stable_doc_ids(tmp_path: Path) -> None:
    other = "2021年，相互宝会员超过1亿人。"
    items = [{"id": 7, "text": GOOD}, {"id": "7", "text": other}, {"id": 7, "text": GOOD}]
    corpus = write_corpus(tmp_path / "c.jsonl", items)
    out = tmp_path / "out.jsonl"
    assert run(["run", str(corpus), "-o", str(out)]) == 0
    ids = [d.doc_id for d in documents(out)]
    assert ids == ["7", "7@c.jsonl:2", "7@c.jsonl:3"], ids
    assert_verifies(out)
    again = tmp_path / "again.jsonl"
    assert run(["run", str(corpus), "-o", str(again)]) == 0
    assert again.read_text() == out.read_text(), "doc ids must be the same on every run"


def test_killed_run_is_continued_by_resume(tmp_path: Path, monkeypatch) -> None:
    corpus = write_corpus(
        tmp_path / "c.jsonl", [{"id": f"d{i}", "text": f"{GOOD}第{i}次。"} for i in range(4)]
    )
    once = tmp_path / "once.jsonl"
    assert run(["run", str(corpus), "-o", str(once)]) == 0
    out = tmp_path / "out.jsonl"
    real, calls = runner.record_rows, []

    def dies_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # what the SIGTERM handler raises
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "record_rows", dies_on_the_third)
    assert run(["run", str(corpus), "-o", str(out)]) == 130
    assert not out.exists(), "an interrupted run must not look finished"
    monkeypatch.setattr(runner, "record_rows", real)
    assert run(["run", str(corpus), "-o", str(out), "--resume"]) == 0
    assert out.read_text() == once.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_onto_an_input_is_refused(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", [{"id": "a", "text": GOOD}])
    before = corpus.read_bytes()
    assert run(["run", str(corpus), "-o", str(corpus)]) == 2
    assert corpus.read_bytes() == before, "the corpus was replaced by its records"


_process = runner.process  # the real one: the test patches `runner.process` with the function below


def kill_worker_on_b(task):
    """Runs in a worker process: dies as an out-of-memory kill would, on document b."""
    if getattr(task, "doc_id", "") == "b":
        os._exit(9)
    return _process(task)  # not `runner.process`: patched, that is this function (a recursion)


def test_dead_worker_stops_the_run_with_a_message(
    tmp_path: Path, monkeypatch, capsys, caplog
) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", [{"id": i, "text": GOOD} for i in "abc"])
    monkeypatch.setattr(runner, "process", kill_worker_on_b)
    out = tmp_path / "out.jsonl"
    assert cli.main(["run", str(corpus), "-o", str(out), "--jobs", "2"]) == 2
    err = assert_no_traceback(capsys, caplog)
    assert "worker process died" in err and "--resume" in err, err


# --- errors a person can read --------------------------------------------------------------------


def _parquet_like(tmp_path: Path) -> Path:
    path = tmp_path / "out.parquet"
    path.write_bytes(b"PAR1\x15\x00\x15\xff\xfe\x80" * 20 + b"PAR1")
    return path


@pytest.mark.parametrize(
    "case, argv, message",
    [
        ("-o a directory", lambda d: ["run", str(d / "a.txt"), "-o", str(d)], "is a directory"),
        (
            "-o under a file",
            lambda d: ["run", str(d / "a.txt"), "-o", str(d / "a.txt" / "o")],
            "not a folder",
        ),
        (
            "parquet to stdout",
            lambda d: ["run", str(d / "a.txt"), "--format", "parquet"],
            "needs an output file",
        ),
        (
            "resume a foreign file",
            lambda d: ["run", str(d / "a.txt"), "-o", str(d / "notes.jsonl"), "--resume"],
            "not an extract-facts output",
        ),
        ("facts on a missing file", lambda d: ["facts", str(d / "missing.jsonl")], "No such file"),
        (
            "verify a parquet file",
            lambda d: ["verify", str(_parquet_like(d))],
            "not a JSONL output",
        ),
        (
            "trace a parquet file",
            lambda d: ["trace", str(_parquet_like(d)), "484亿"],
            "not a JSONL output",
        ),
        (
            "report a parquet file",
            lambda d: ["report", str(_parquet_like(d)), "-o", str(d / "r.html")],
            "not a JSONL output",
        ),
        (
            "an empty folder",
            lambda d: ["run", str(d / "empty"), "-o", str(d / "o.jsonl")],
            "no documents",
        ),
    ],
)
def test_usage_and_output_errors_exit_2_with_a_message(
    case, argv, message, tmp_path, capsys, caplog
):
    _file(tmp_path, "a.txt", GOOD)
    (tmp_path / "notes.jsonl").write_text("my notes\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    assert cli.main(argv(tmp_path)) == 2, case
    err = assert_no_traceback(capsys, caplog)
    assert message in err, f"{case}: {err}"
    assert (tmp_path / "notes.jsonl").read_text() == "my notes\n", "a foreign file was changed"
    assert not (tmp_path / "o.jsonl").exists(), "an empty run must not write an empty file"


def test_glob_matching_nothing_is_a_failed_input(tmp_path: Path, capsys, caplog) -> None:
    out = tmp_path / "o.jsonl"
    assert cli.main(["run", str(tmp_path / "none*.txt"), "-o", str(out)]) == 1
    assert "no file matches" in assert_no_traceback(capsys, caplog)


@pytest.mark.parametrize("where", ["open", "write"])
def test_unwritable_output_is_a_message(
    where: str, tmp_path: Path, monkeypatch, capsys, caplog
) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    if where == "open":  # a read-only folder (root ignores chmod, so the refusal is simulated)
        error = OSError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(tempfile, "mkstemp", lambda **kw: (_ for _ in ()).throw(error))
    else:  # a full disk
        error = OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(_JsonlSink, "write", lambda self, lines: (_ for _ in ()).throw(error))
    assert cli.main(["run", str(_file(tmp_path, "a.txt", GOOD)), "-o", str(out)]) == 2
    assert error.strerror in assert_no_traceback(capsys, caplog)
    assert out.read_text() == "previous\n", "the previous output must stay whole"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_version(capsys, caplog) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"extract-facts {__version__}"


# --- text refused or printed unsafely ------------------------------------------------------------


def test_stray_control_bytes_keep_the_file_as_text(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes(GOOD.encode() + b"\x00\x0c\x01" + "相互宝会员超过1亿人。".encode())
    out = tmp_path / "out.jsonl"
    assert run(["run", str(src), "-o", str(out)]) == 0
    head, *rest = records(out)
    assert head.status == "ok", head.error
    assert all("\x00" not in r.sentence.text for r in rest if hasattr(r, "sentence"))
    assert_verifies(out)


def test_escape_sequences_are_not_printed_raw(tmp_path: Path, capsys, caplog) -> None:
    text = "水滴筹\x1b]0;owned\x07筹款484亿元\x1b[2J。"
    corpus = write_corpus(tmp_path / "c.jsonl", [{"id": "a", "text": text}])
    out = tmp_path / "out.jsonl"
    assert run(["run", str(corpus), "-o", str(out)]) == 0
    capsys.readouterr()
    for argv in (["facts", str(out)], ["trace", str(out), "484亿"]):
        cli.main(["-q", *argv])
        printed = capsys.readouterr().out
        assert "\x1b]" not in printed and "\x1b[2J" not in printed, f"{argv[0]}: {printed!r}"
        assert "484亿元" in printed, f"{argv[0]} should still show the figure: {printed!r}"
