"""Issue 16's phrase table (tests/data/time_phrases.txt): each phrase with its anchor, the
expression found and its value, in Simplified and in Traditional (OpenCC s2t) script.
Phrases with "-" must yield no date at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import opencc
import pytest

from extract.pipeline.temporal import find_temporals

TABLE = Path(__file__).parent / "data" / "time_phrases.txt"
_S2T = opencc.OpenCC("s2t")


def _rows() -> list[tuple[str, str, str, str | None, str | None]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, anchor, written, value, precision = (c.strip() for c in line.split("|"))
        rows.append(
            (text, anchor, written, None if value == "-" else value,
             None if precision == "-" else precision)
        )
    return rows


ROWS = _rows()
CASES = [pytest.param(*row, id=f"s:{row[0]}") for row in ROWS] + [
    pytest.param(_S2T.convert(t), a, _S2T.convert(w), v, p, id=f"t:{t}")
    for t, a, w, v, p in ROWS
]


def test_table_size() -> None:
    assert len(CASES) >= 150, f"the phrase table has {len(CASES)} phrases in both scripts"


@pytest.mark.parametrize(("text", "anchor", "written", "value", "precision"), CASES)
def test_phrase(text: str, anchor: str, written: str, value: str | None, precision: str | None):
    found = find_temporals(text, date.fromisoformat(anchor))
    got = [(text[f.start : f.end], f.fields["value"], f.fields["precision"]) for f in found]
    if written == "-":
        assert not got, f"{text!r}: no date expected, got {got}"
        return
    hits = [g for g in got if g[0] == written]
    assert hits, f"{text!r}: expected {written!r}, found {got}"
    assert hits[-1][1:] == (value, precision), f"{text!r} @ {anchor}: {hits[-1]} != {value}"
