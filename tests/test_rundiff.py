"""`diff` on two tiny hand-made runs whose differences are listed by hand below."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from extract.evaluation.rundiff import register
from tests.test_evaluate import amount, mention, org, write

OLD = [
    amount(0, 5, "100"),  # unchanged
    amount(10, 15, "200", metric="donations"),  # value and metric change
    mention("date", 20, 25, value="2020", precision="year"),  # removed
    org("水滴公司", (0, 4)),  # gains a mention
]
NEW = [
    amount(0, 5, "100"),
    amount(10, 15, "250", metric="funds_raised"),
    mention("count", 30, 35, value="3", unit="家"),  # added
    org("水滴公司", (0, 4), (40, 42)),
]


def run_diff(tmp_path: Path, old: list, new: list, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    old_f, new_f = write(tmp_path / "old.jsonl", old), write(tmp_path / "new.jsonl", new)
    args = parser.parse_args(["diff", str(old_f), str(new_f), *extra])
    return args.func(args)


def test_added_removed_changed_as_json(tmp_path, capsys):
    assert run_diff(tmp_path, OLD, NEW, "--json") == 0, "diff exits 0 without --exit-code"
    out = json.loads(capsys.readouterr().out)
    # 1 added (count 30:35), 1 removed (date 20:25), 2 changed (amount 10:15, 水滴公司)
    assert out["summary"] == {"added": 1, "removed": 1, "changed": 2, "documents": 1}
    doc = out["documents"]["t.txt"]
    assert [r["type"] for r in doc["added"]] == ["count"]
    assert [r["span"]["start"] for r in doc["removed"]] == [20]
    amount_change, org_change = doc["changed"]
    assert amount_change["changes"] == {
        "metric": {"old": "donations", "new": "funds_raised"},
        "value": {"old": "200", "new": "250"},
    }, "only the fields that differ, old -> new"
    assert list(org_change["changes"]) == ["mentions"], "organisation keyed by org_id"
    mentions = org_change["changes"]["mentions"]
    assert [m["span"] for m in mentions["added"]] == [{"start": 40, "end": 42}], mentions
    assert mentions["removed"] == [], "the unchanged mention is not repeated"


def test_list_fields_item_by_item(tmp_path, capsys):
    a, b = {"org_id": "a", "name": "甲公司"}, {"org_id": "b", "name": "乙基金会"}
    event = dict(event_type="launch", date=None, status="happened")
    old = [mention("event", 5, 7, actors=[a], **event), org("水滴公司", (0, 4), (10, 14))]
    new = [mention("event", 5, 7, actors=[b], **event), org("水滴公司", (0, 4), (20, 24))]
    run_diff(tmp_path, old, new, "--json")
    raw = capsys.readouterr().out
    assert "\\u" not in raw, "JSON output must keep Chinese as UTF-8"
    event_change, org_change = json.loads(raw)["documents"]["t.txt"]["changed"]
    assert event_change["changes"] == {"actors": {"added": [b], "removed": [a]}}, event_change
    spans = org_change["changes"]["mentions"]
    assert [m["span"]["start"] for m in spans["added"]] == [20], spans
    assert [m["span"]["start"] for m in spans["removed"]] == [10], spans
    run_diff(tmp_path, old, new)
    out = capsys.readouterr().out
    assert "actors: +乙基金会, -甲公司" in out, out
    assert "mentions: +'水滴公司' 20:24, -'水滴公司' 10:14" in out, out
    assert len(out) < 1000, f"a mention change should not dump both lists:\n{out}"


def test_text_output_groups_by_document_with_sentences(tmp_path, capsys):
    run_diff(tmp_path, OLD, NEW)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "t.txt", out
    assert "+ count 30:35" in out and "- date 20:25" in out and "~ amount 10:15" in out, out
    assert 'value: "200" -> "250"' in out, out
    assert "sentence of 10" in out, "a changed record shows its sentence"
    assert out.rstrip().endswith("1 added, 1 removed, 2 changed in 1 documents"), out


@pytest.mark.parametrize(
    ("old", "new", "status"),
    [(OLD, NEW, 1), (OLD, OLD, 0)],
    ids=["different", "identical"],
)
def test_exit_code_flag(tmp_path, capsys, old, new, status):
    assert run_diff(tmp_path, old, new, "--exit-code") == status
    if status == 0:
        assert capsys.readouterr().out.strip() == "no differences"


def test_records_at_the_same_span_pair_in_order(tmp_path, capsys):
    # two amounts on one span (two readings): the second one changes, the first does not
    old = [amount(0, 5, "1"), amount(0, 5, "2")]
    new = [amount(0, 5, "1"), amount(0, 5, "3")]
    run_diff(tmp_path, old, new, "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["summary"] == {"added": 0, "removed": 0, "changed": 1, "documents": 1}


def test_id_only_change_is_not_a_difference(tmp_path, capsys):
    moved = {**amount(0, 5, "1"), "id": "another"}
    assert run_diff(tmp_path, [amount(0, 5, "1")], [moved], "--exit-code") == 0


def test_unreadable_run_exits_2(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["diff", str(tmp_path / "missing.jsonl"), str(tmp_path / "x")])
    assert args.func(args) == 2
    assert "missing.jsonl" in capsys.readouterr().err
