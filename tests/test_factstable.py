"""`extract-facts facts`: the table of a run's facts, through argparse as the CLI wires it."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest
import regex

import extract.pipeline.facts  # noqa: F401  (registers zh_facts until it is a default stage)
from extract.output.records import records_for
from extract.pipeline import annotate, build_pipeline
from extract.review.factstable import DATA_FIELDS, register, width
from tests.conftest import make_document

STAGES = ("zh_sentences", "zh_organisations", "zh_figures", "zh_temporal", "zh_facts")
TEXTS = {
    "a.txt": "2020年，相互宝实际收到的管理费共计7.29亿元。来自成员分摊的8%管理费。",
    "b.txt": "以水滴筹为例，2016年6月至2021年底，累计超过251.1万人次通过水滴筹发起筹款，"
    "筹款总额484亿元；近4成求助者筹得了1-5万元善款。",
}


@pytest.fixture(scope="module")
def run_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nlp = build_pipeline(STAGES)
    lines = []
    for name, text in TEXTS.items():
        document = make_document(text, doc_id=name)
        lines += [r.model_dump_json() for r in records_for(document, annotate(nlp, document))]
    path = tmp_path_factory.mktemp("run") / "out.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def facts(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers()
    register(sub)
    args = p.parse_args(["facts", *argv])
    code = args.func(args)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_table_rows(run_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = facts([str(run_file)], capsys)
    assert code == 0
    header = lines[0].split()
    want = ["id", "subject", "metric", "value", "qualifier", "time", "doc", "sentence"]
    assert header == want, lines
    body = "\n".join(" ".join(line.split()) for line in lines)
    for expected in (
        "相互宝 management_fee 729,000,000 CNY 2020 a.txt 0: 2020年，相互宝实际收到的管理费共计"
        "7.29亿元。",
        "水滴筹 funds_raised 48,400,000,000 CNY 2016-06/2021-12 b.txt",
        "2016-06/2021-12",
        "10,000–50,000 CNY",
        "8%",
        "over",
        "2,511,000 人次",
    ):
        assert expected in body, f"{expected!r} missing from the table:\n{body}"
    assert "figure(s)" in lines[-1], lines[-1]


def test_columns_aligned(run_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, lines, _ = facts([str(run_file)], capsys)
    column = width(lines[0][: lines[0].index("sentence")])
    rows = [line for line in lines[2:] if line and "figure(s)" not in line]
    starts = {width(line[: regex.search(r"\d+: ", line).start()]) for line in rows}
    assert starts == {column}, f"the sentence column does not start at {column}: {starts}"


@pytest.mark.parametrize(
    ("argv", "present", "absent"),
    [
        (["--doc", "a.txt"], "729,000,000", "48,400,000,000"),
        (["--doc", "b"], "48,400,000,000", "729,000,000"),
        (["--type", "percentage"], "8%", "CNY"),
        (["--type", "count"], "人次", "CNY"),
    ],
    ids=["doc-exact", "doc-prefix", "type-percentage", "type-count"],
)
def test_filters(
    run_file: Path, capsys: pytest.CaptureFixture[str], argv: list[str], present: str, absent: str
) -> None:
    _, lines, _ = facts([str(run_file), *argv], capsys)
    body = "\n".join(lines)
    assert present in body and absent not in body, f"{argv}: table was\n{body}"


def test_bad_line_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "amount"}\n', encoding="utf-8")
    code, lines, err = facts([str(path)], capsys)
    assert code == 1 and "bad.jsonl:1" in err, err
    assert lines[-1].startswith("0 figure(s)"), lines


def _records(run_file: Path) -> dict[str, dict]:
    lines = run_file.read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines) if r["type"] in FIGURES}


FIGURES = ("amount", "count", "percentage")


def test_every_row_has_its_record_id_and_whole_sentence(
    run_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, lines, _ = facts([str(run_file)], capsys)
    rows = [line for line in lines[2:] if line and "figure(s)" not in line]
    records = _records(run_file)
    assert sorted(line.split()[0] for line in rows) == sorted(records), "ids in the id column"
    for line in rows:
        record = records[line.split()[0]]
        assert line.endswith(record["sentence"]["text"]), f"sentence cut or missing: {line}"
        assert f" {record['doc_id']} " in line, f"doc id cut: {line}"
        assert "…" not in line, f"truncated: {line}"


def test_json_output(run_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = facts([str(run_file), "--json"], capsys)
    raw = "\n".join(lines)
    assert code == 0 and "\\u" not in raw, "JSON must be UTF-8, not \\u escapes"
    data = json.loads(raw)
    records = _records(run_file)
    assert [d["id"] for d in data] == list(records), "one object per fact, in file order"
    fee = next(d for d in data if d["quote"] == "7.29亿元")
    assert fee["value"] == "729000000" and fee["unit"] == "CNY", fee
    assert (fee["subject"], fee["subject_id"], fee["time"]) == ("相互宝", "xianghubao", "2020")
    ranged = next(d for d in data if d["range_low"] is not None)
    assert (ranged["range_low"], ranged["range_high"]) == ("10000", "50000"), ranged
    assert all(list(d) == list(DATA_FIELDS) for d in data), "fields in DATA_FIELDS order"


def test_csv_output(run_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, lines, _ = facts([str(run_file), "--csv", "--type", "count"], capsys)
    rows = list(csv.DictReader(lines))
    assert rows and all(r["type"] == "count" for r in rows), rows
    people = next(r for r in rows if r["quote"] == "超过251.1万人次")
    assert (people["value"], people["unit"], people["qualifier"]) == ("2511000", "人次", "over")
    assert people["sentence"].startswith("以水滴筹为例"), people
    assert list(rows[0]) == list(DATA_FIELDS), list(rows[0])
