"""The committed run: `out/seeds.jsonl` is the reviewed output of the seeds.

When extraction changes, this test fails and prints the diff. Review it; if the change is
right, accept it with `extract-facts run` and commit `out/seeds.jsonl` (see README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import cli
from extract.evaluation.rundiff import diff_runs, load_run, to_text
from tests.conftest import REPO


def test_seed_output_matches_the_reviewed_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # record paths are relative to the repository, as in the committed run
    fresh = tmp_path / "seeds.jsonl"
    assert cli.main(["-q", "run", "seeds", "-o", str(fresh)]) == 0
    changes = diff_runs(load_run(REPO / "out" / "seeds.jsonl"), load_run(fresh))
    assert not changes, (
        "extraction output changed; review the diff below, then accept it with "
        "`extract-facts run` and commit out/seeds.jsonl\n" + to_text(changes)
    )
    committed = (REPO / "out" / "seeds.jsonl").read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == committed, "same records, other bytes or order"
