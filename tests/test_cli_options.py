"""CLI options: -q/-v on either side of the sub-command, progress with total and ETA, NO_COLOR."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from extract import cli
from extract.ingest import JsonlFields
from tests.conftest import REPO, SEEDS
from tests.test_trace import Run, write_run


@pytest.mark.parametrize(
    ("argv", "quiet", "verbose"),
    [
        (["-q", "facts", "x.jsonl"], True, 0),
        (["facts", "x.jsonl", "-q"], True, 0),
        (["facts", "-v", "x.jsonl"], False, 1),
        (["-v", "run", "a.txt"], False, 1),
        (["run", "a.txt", "-vv"], False, 2),
        (["run", "a.txt", "--quiet"], True, 0),
        (["trace", "x.jsonl", "7.29亿"], False, 0),
    ],
)
def test_verbosity_on_either_side(argv: list[str], quiet: bool, verbose: int) -> None:
    args = cli.build_parser().parse_args(argv)
    assert (args.quiet, args.verbose) == (quiet, verbose), f"{argv}: {args}"


@pytest.mark.parametrize("where", ["after", "none"])
def test_quiet_silences_info(where: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("水滴筹累计筹款484亿元。", encoding="utf-8")
    run = ["run", str(article), "-o", str(tmp_path / "o.jsonl")]
    argv = [*run, "-q"] if where == "after" else run
    command = [sys.executable, "-m", "extract", *argv]
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    if where == "none":
        assert "INFO: 1 documents" in proc.stderr, proc.stderr
    else:
        assert proc.stderr == "", f"-q {where} the sub-command still logs: {proc.stderr}"


def test_count_inputs(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": "x"}) + "\n" for i in range(7)))
    fields = JsonlFields()
    assert cli.count_inputs([str(SEEDS), str(corpus)], fields) == 5 + 7
    assert cli.count_inputs(["-"], fields) is None, "stdin cannot be counted ahead"


def test_progress_shows_total_and_eta_on_a_terminal(tmp_path: Path) -> None:
    """A real pseudo-terminal as stderr: the bar must say n/total and an ETA."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    command = [sys.executable, "-m", "extract", "run", str(SEEDS), "-o", str(tmp_path / "o.jsonl")]
    proc = subprocess.run(command, cwd=REPO, stderr=slave, env=env, timeout=300, check=False)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, shown
    assert "5/5" in shown and "100%" in shown, f"no total in the progress bar:\n{shown}"
    assert "<00:" in shown, f"no ETA (elapsed<remaining) in the progress bar:\n{shown}"


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False), ("", True)])
def test_no_color(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_color: str | None,
    coloured: bool,
) -> None:
    run: Run = write_run(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    if no_color is not None:
        monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli.main(["trace", str(run.output), "484亿"]) == 0
    out = capsys.readouterr().out
    assert ("\x1b[" in out) == coloured, f"NO_COLOR={no_color!r}: colour {not coloured}\n{out}"
    assert ("«484亿元»" in out) != coloured, out
