"""`eval` on tiny hand-made gold and runs whose scores are worked out by hand below."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from extract.evaluation.command import register
from extract.evaluation.fields import norm_date
from extract.models import parse_record

DOC = "t.txt"


def mention(type_: str, start: int, end: int, doc: str = DOC, **fields: Any) -> dict[str, Any]:
    """A valid mention record at [start, end) with the given type-specific fields."""
    rec = {
        "id": f"{type_}-{start}-{end}",
        "doc_id": doc,
        "type": type_,
        "span": {"start": start, "end": end},
        "byte_span": {"start": start, "end": end},
        "quote": "x" * (end - start),
        "text": f"{type_}@{start}",
        "sentence": {"start": 0, "end": 100, "text": f"sentence of {start}"},
        "rule": "test",
        **fields,
    }
    parse_record(json.dumps(rec))  # fail here, not in eval, when a test record is malformed
    return rec


def amount(start: int, end: int, value: str = "100", **kw: Any) -> dict[str, Any]:
    return mention("amount", start, end, value=value, currency="CNY", **kw)


def org(name: str, *spans: tuple[int, int], doc: str = DOC) -> dict[str, Any]:
    return {
        "id": f"org-{name}",
        "doc_id": doc,
        "type": "organisation",
        "org_id": name,
        "name": name,
        "org_type": "platform",
        "mentions": [
            {
                "span": {"start": s, "end": e},
                "byte_span": {"start": s, "end": e},
                "quote": "x" * (e - s),
                "text": name,
            }
            for s, e in spans
        ],
    }


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def run_eval(tmp_path: Path, gold: list, pred: list, *extra: str, negatives: list | None = None):
    """Run `eval --json` through argparse as the CLI will; return (exit status, report)."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir(exist_ok=True)
    write(gold_dir / "t.jsonl", gold)
    if negatives is not None:
        write(gold_dir / "t.negatives.jsonl", negatives)
    pred_file = write(tmp_path / "pred.jsonl", pred)
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["eval", str(gold_dir), str(pred_file), "--json", *extra])
    return args.func(args), args


def report(tmp_path: Path, gold: list, pred: list, capsys, **kw) -> dict[str, Any]:
    status, _ = run_eval(tmp_path, gold, pred, **kw)
    assert status == 0, f"eval exited {status}"
    return json.loads(capsys.readouterr().out)


def approx(x: float) -> Any:
    return pytest.approx(x, abs=1e-9)


def test_span_exact_and_value_scores(tmp_path, capsys):
    gold = [amount(0, 5, "100"), amount(10, 15, "200"), amount(20, 25, "300")]
    pred = [
        amount(0, 5, "100.0"),  # exact span, value equal as a decimal
        amount(11, 16, "250"),  # overlaps gold 10:15, wrong value
        amount(30, 35, "9"),  # overlaps nothing: false positive
    ]
    r = report(tmp_path, gold, pred, capsys)
    span = r["overall"]["amount"]["span"]
    # 2 matched of 3 predicted and 3 gold: P = R = 2/3, F1 = 2*2/(3+3) = 2/3
    assert (span["match"], span["precision"], span["recall"]) == (2, approx(2 / 3), approx(2 / 3))
    assert span["f1"] == approx(2 / 3), "span F1"
    # exact: only 0:5 is identical -> 1/3 both ways
    assert r["overall"]["amount"]["exact"]["precision"] == approx(1 / 3), "exact precision"
    # value over the 2 matched pairs: both filled on both sides, 1 equal -> 1/2
    value = r["overall"]["amount"]["value"]
    assert (value["gold"], value["pred"], value["match"]) == (2, 2, 1), "value tally"
    assert value["f1"] == approx(0.5), "value F1"
    assert [m["start"] for m in r["misses"]] == [20], "miss is the unmatched gold 20:25"
    assert [f["start"] for f in r["false_positives"]] == [30], "false positive is 30:35"
    assert r["misses"][0]["sentence"] == "sentence of 20", "misses carry their sentence"
    errors = [(e["field"], e["gold"], e["pred"]) for e in r["field_errors"]]
    assert errors == [("value", "200", "250")], f"field errors: {errors}"


def test_matching_is_one_to_one_by_largest_overlap(tmp_path, capsys):
    # pred 5:15 overlaps gold 0:10 by 5 and gold 8:20 by 7 -> it pairs with 8:20 only
    gold = [amount(0, 10, "1"), amount(8, 20, "2")]
    pred = [amount(5, 15, "2")]
    r = report(tmp_path, gold, pred, capsys)
    span = r["overall"]["amount"]["span"]
    # match 1: P = 1/1, R = 1/2, F1 = 2*1/(2+1) = 2/3
    assert (span["precision"], span["recall"], span["f1"]) == (1.0, 0.5, approx(2 / 3))
    assert r["overall"]["amount"]["value"]["match"] == 1, "paired with the value-2 gold record"
    assert [m["start"] for m in r["misses"]] == [0]


def test_null_fields_cost_precision_or_recall(tmp_path, capsys):
    subj = {"org_id": "x", "name": "相互宝"}
    gold = [amount(0, 5, subject=None, metric="donations"), amount(10, 15, subject=subj)]
    pred = [amount(0, 5, subject=subj, metric="donations"), amount(10, 15, subject=None)]
    r = report(tmp_path, gold, pred, capsys)
    s = r["overall"]["amount"]["subject"]
    # pair 1: gold null, pred filled -> pred-filled 1; pair 2: gold filled, pred null
    # correct 0: P = 0/1 = 0, R = 0/1 = 0, F1 = 0/(1+1) = 0
    assert (s["gold"], s["pred"], s["match"], s["f1"]) == (1, 1, 0, 0.0), f"subject: {s}"
    m = r["overall"]["amount"]["metric"]
    # only pair 1 has a metric on either side and it agrees: 1/1
    assert (m["gold"], m["pred"], m["match"], m["f1"]) == (1, 1, 1, 1.0), f"metric: {m}"
    q = r["overall"]["amount"]["qualifier"]
    # null on both sides everywhere: nothing to score -> null scores
    assert (q["precision"], q["recall"], q["f1"]) == (None, None, None), f"qualifier: {q}"


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("2021-12-06T24:00", "2021-12-07T00:00"),
        ("2021-12-31T24:00", "2022-01-01T00:00"),
        ("2021-03-31T18:00:00", "2021-03-31T18:00"),
        ("2021-03-27T14:02:45", "2021-03-27T14:02:45"),
        ("2014-09/2021-12", "2014-09/2021-12"),
        ("2020", "2020"),
        (None, None),
    ],
    ids=["24h", "24h-new-year", "zero-seconds", "seconds-kept", "interval", "year", "null"],
)
def test_norm_date(raw, norm):
    assert norm_date(raw) == norm, f"{raw} should normalise to {norm}"


def test_date_values_compare_normalised(tmp_path, capsys):
    gold = [mention("date", 0, 9, value="2021-12-06T24:00", precision="hour")]
    pred = [mention("date", 0, 9, value="2021-12-07T00:00:00", precision="hour")]
    r = report(tmp_path, gold, pred, capsys)
    assert r["overall"]["date"]["value"]["f1"] == 1.0, "24:00 equals next day 00:00"


def test_events_without_date_are_not_scored(tmp_path, capsys):
    when = {"value": "2021-01-31", "precision": "day"}
    actors = [{"org_id": "m", "name": "美团互助"}]
    gold = [mention("event", 5, 7, event_type="shutdown", actors=actors, date=when)]
    pred = [
        mention("event", 5, 7, event_type="shutdown", actors=actors, date=when),
        mention("event", 40, 42, event_type="launch", actors=[], date=None),  # undated
    ]
    r = report(tmp_path, gold, pred, capsys)
    # the undated one is neither a false positive nor in any tally: 1/1 everywhere
    assert r["overall"]["event"]["span"]["precision"] == 1.0, "undated event counted"
    assert r["unscored"]["undated_events"] == 1
    assert r["overall"]["event"]["actors"]["f1"] == 1.0


def test_organisations_match_by_name_then_by_mention(tmp_path, capsys):
    gold = [org("水滴公司", (0, 4), (10, 12)), org("相互宝", (20, 23))]
    pred = [org("水滴公司", (0, 4)), org("相互保", (20, 23)), org("美团", (30, 32))]
    r = report(tmp_path, gold, pred, capsys)
    o = r["overall"]["organisation"]
    # records: 水滴公司 by name, 相互宝~相互保 by mention overlap -> match 2 of gold 2, pred 3
    # P = 2/3, R = 1, F1 = 2*2/(2+3) = 0.8
    assert (o["span"]["precision"], o["span"]["recall"]) == (approx(2 / 3), 1.0)
    assert o["span"]["f1"] == approx(0.8), "organisation record F1"
    # name over the 2 pairs: 1 equal -> 1/2
    assert o["name"]["f1"] == 0.5, "name field"
    # mentions: gold 3 (0:4, 10:12, 20:23), pred 3 (0:4, 20:23, 30:32), 2 matched -> 2/3
    assert (o["mention"]["precision"], o["mention"]["recall"]) == (approx(2 / 3), approx(2 / 3))
    assert [f["name"] for f in r["false_positives"]] == ["美团"]


def test_negative_hits_are_reported(tmp_path, capsys):
    negatives = [{"doc_id": DOC, "span": {"start": 50, "end": 80}, "quote": "<!-- 20亿美元 -->",
                  "reason": "HTML comment"}]  # fmt: skip
    pred = [amount(60, 65), org("乐视", (55, 57))]
    r = report(tmp_path, [amount(0, 5)], pred, capsys, negatives=negatives)
    hits = sorted((h["type"], h["start"]) for h in r["negative_hits"])
    assert hits == [("amount", 60), ("organisation", 55)], f"negative hits: {hits}"
    assert r["negative_hits"][0]["reason"] == "HTML comment"


def test_only_gold_documents_are_scored_and_document_records_ignored(tmp_path, capsys):
    document = {"id": "d", "doc_id": DOC, "type": "document", "path": DOC, "sha256": None}
    pred = [document, amount(0, 5), amount(0, 5, doc="other.txt")]
    r = report(tmp_path, [amount(0, 5)], pred, capsys)
    assert r["overall"]["amount"]["span"]["f1"] == 1.0, "document record or other doc scored"
    assert r["unscored"]["documents_not_in_gold"] == ["other.txt"]


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        (["--min", "amount.span.f1=0.5"], 0),  # F1 2/3 >= 0.5
        (["--min", "amount.span.f1=0.9"], 1),  # F1 2/3 < 0.9
        (["--min", "count.span.f1=0.9"], 0),  # no counts anywhere: null passes
        (["--min", "amount.spam.f1=0.1"], 2),  # unknown key
        (["--min", "amount.span.f1"], 2),  # no value
    ],
    ids=["above", "below", "vacuous", "unknown-key", "malformed"],
)
def test_min_thresholds_set_the_exit_status(tmp_path, capsys, extra, status):
    gold = [amount(0, 5), amount(10, 15), amount(20, 25)]
    pred = [amount(0, 5), amount(10, 15), amount(40, 45)]
    got, _ = run_eval(tmp_path, gold, pred, *extra)
    assert got == status, f"{extra}: exit {got}, expected {status}"


def test_thresholds_file_and_text_table(tmp_path, capsys):
    thresholds = tmp_path / "t.yaml"
    thresholds.write_text("amount.span.recall: 0.9\nall.span.f1: 0\n", "utf-8")
    gold, pred = [amount(0, 5), amount(10, 15)], [amount(0, 5)]
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    write(gold_dir / "t.jsonl", gold)
    pred_file = write(tmp_path / "pred.jsonl", pred)
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(
        ["eval", str(gold_dir), str(pred_file), "--thresholds", str(thresholds)]
    )
    assert args.func(args) == 1, "recall 1/2 < 0.9 must fail"
    out = capsys.readouterr().out
    assert "amount       span" in out and "BELOW THRESHOLD" in out, out
    assert "amount.span.recall = 0.500 < 0.9" in out, out


def test_bad_prediction_line_exits_2(tmp_path, capsys):
    (tmp_path / "gold").mkdir()
    write(tmp_path / "gold" / "t.jsonl", [amount(0, 5)])
    bad = tmp_path / "pred.jsonl"
    bad.write_text('{"type": "amount"}\n', "utf-8")
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["eval", str(tmp_path / "gold"), str(bad)])
    assert args.func(args) == 2
    assert "pred.jsonl:1" in capsys.readouterr().err, "error names file and line"


def test_gold_against_itself_is_perfect(capsys):
    """The real gold set scored against itself: every defined score is 1."""
    gold_dir = Path(__file__).resolve().parent / "gold"
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    files = sorted(p for p in gold_dir.glob("*.jsonl") if ".negatives" not in p.name)
    combined = "".join(p.read_text("utf-8") for p in files)
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as f:
        f.write(combined)
        f.flush()
        args = parser.parse_args(["eval", str(gold_dir), f.name, "--json"])
        assert args.func(args) == 0
    r = json.loads(capsys.readouterr().out)
    for type_, metrics in r["overall"].items():
        for metric, s in metrics.items():
            assert s["f1"] in (None, 1.0), f"{type_}.{metric} F1 {s['f1']} against itself"
    assert r["negative_hits"] == [], "gold overlaps its own negatives"
