"""The command line: run over good and bad inputs, atomic output, verify, schema."""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
from pathlib import Path

import pytest

from extract import cli, runner
from extract.models import DocumentRecord, parse_record
from tests.conftest import REPO, SEEDS, assert_quotes_source

GOOD = "<p>2020年，相互宝实际收到的管理费共计7.29亿元。</p><p>会员超过1亿人。</p>"


def run(argv: list[str]) -> int:
    return cli.main(["-q", *argv])


def read(path: Path) -> list:
    return [parse_record(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "b.txt").write_bytes("水滴筹累计筹款484亿元。".encode("gbk") * 3)
    (folder / "sub" / "c.txt").write_bytes("愛心籌幫助近60萬大病家庭。".encode("big5") * 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "markup-only.html").write_text(
        "<div><!-- 只有注释 --></div><p></p>", encoding="utf-8"
    )
    (folder / "bad.txt").write_bytes(b"abc \xff\xfd\xfc" * 50)
    return folder


def test_run_goes_on_past_bad_inputs(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "missing.txt"
    status = run(["run", str(corpus), str(missing), "-o", str(out)])
    assert status == 1, "a failed document must make the exit status non-zero"
    docs = {r.doc_id: r for r in read(out) if isinstance(r, DocumentRecord)}
    errors = {doc_id: r.error for doc_id, r in docs.items() if r.status == "error"}
    assert set(errors) == {"empty.txt", "image.png", "markup-only.html", "bad.txt", "missing.txt"}
    assert "empty" in errors["empty.txt"]
    assert "binary" in errors["image.png"]
    assert "no text" in errors["markup-only.html"]
    assert "not found" in errors["missing.txt"]
    assert "undecodable" in errors["bad.txt"]
    assert {d for d, r in docs.items() if r.status == "ok"} == {"a.html", "sub/b.txt", "sub/c.txt"}
    assert docs["sub/b.txt"].encoding == "gb18030"
    assert docs["sub/c.txt"].script == "traditional"
    for name in ("empty.txt", "image.png", "bad.txt", "missing.txt"):
        assert name in caplog.text, f"{name} not reported on stderr"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("正文。", encoding="utf-8")
    real_read = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)  # root reads any file; simulate a 0o000 one
    out = tmp_path / "out.jsonl"
    assert run(["run", str(path), "-o", str(out)]) == 1
    (doc,) = read(out)
    assert doc.status == "error" and doc.error == "unreadable: Permission denied"


def test_jsonl_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"doc": "x1", "body": GOOD, "pub": "2021-03-27", "headline": "标题"},
        "not json",
        {"doc": "x3", "other": "no text field"},
    ]
    corpus.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x for x in lines),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    status = run(
        [
            "run",
            str(corpus),
            "-o",
            str(out),
            "--jsonl-id",
            "doc",
            "--jsonl-text",
            "body",
            "--jsonl-date",
            "pub",
            "--jsonl-title",
            "headline",
        ]
    )
    assert status == 1
    docs = [r for r in read(out) if isinstance(r, DocumentRecord)]
    assert [(d.doc_id, d.status, d.jsonl_line) for d in docs] == [
        ("x1", "ok", 1),
        ("corpus.jsonl:2", "error", 2),
        ("x3", "error", 3),
    ]
    assert (docs[0].published, docs[0].published_source, docs[0].title) == (
        "2021-03-27",
        "jsonl",
        "标题",
    )
    assert run(["verify", str(out), "--jsonl-text", "body"]) == 0


def test_crash_leaves_previous_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "a.html"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")

    def explode(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "record_rows", explode)
    assert run(["run", str(src), str(src), "-o", str(out)]) == 130, "interrupt exits 130"
    assert out.read_text(encoding="utf-8") == "previous run\n"
    left = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("a.html", "out.jsonl"))
    assert len(left) == 1 and left[0].startswith(".out.jsonl."), (
        f"an interrupt keeps exactly one partial output for --resume, found {left}"
    )


def test_default_run_and_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    assert run(["run"]) == 0
    out = tmp_path / "out" / "seeds.jsonl"
    records = read(out)
    docs = [r for r in records if isinstance(r, DocumentRecord)]
    assert [d.published for d in docs] == ["2021-03-27", None, "2022-01-20", "2020-12-27", None]
    for seed in sorted((tmp_path / "seeds").iterdir()):
        mine = [r for r in records if r.doc_id == seed.name]
        assert_quotes_source(mine, seed.read_bytes())
    assert run(["verify", str(out)]) == 0


def test_verify_catches_a_changed_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.html"
    src.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["run", "a.html", "-o", "out.jsonl"]) == 0
    src.write_text(GOOD.replace("7.29", "8.88"), encoding="utf-8")
    assert run(["verify", "out.jsonl"]) == 1
    assert "changed since the run" in capsys.readouterr().err


def test_verify_catches_a_wrong_quote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.html"
    src.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["run", "a.html", "-o", "out.jsonl"]) == 0
    lines = Path("out.jsonl").read_text(encoding="utf-8").splitlines()
    doc = json.loads(lines[0])
    forged = {
        "type": "amount",
        "id": "x",
        "doc_id": doc["doc_id"],
        "span": {"start": 0, "end": 3},
        "byte_span": {"start": 0, "end": 3},
        "quote": "7.2",
        "text": "7.2",
        "sentence": {"start": 0, "end": 3, "text": "7.2"},
        "rule": "forged",
        "value": "7.2",
        "currency": "CNY",
    }
    Path("out.jsonl").write_text(lines[0] + "\n" + json.dumps(forged) + "\n", encoding="utf-8")
    assert run(["verify", "out.jsonl"]) == 1
    assert "quotes '<p>'" in capsys.readouterr().err


def test_schema_is_in_sync(tmp_path: Path) -> None:
    assert run(["schema", "--dir", str(tmp_path)]) == 0
    fresh = (tmp_path / "record.schema.json").read_text(encoding="utf-8")
    committed = (REPO / "extract" / "schemas" / "record.schema.json").read_text(encoding="utf-8")
    assert fresh == committed, "extract/schemas/ is stale: run `extract-facts schema` and commit it"


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "extract", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0 and "verify" in result.stdout


def test_each_plugin_command_registers_the_name_it_is_listed_under() -> None:
    for name, (module, _help) in cli.PLUGIN_COMMANDS.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        added = list(sub.choices)
        assert added == [name], f"{module}.register adds {added}, not {name}"
