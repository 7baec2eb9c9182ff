"""`extract-facts trace`: ids, typed figures, no match, and a source that changed after the run.

The run under test is built from two small articles written here, through the real ingestion
and `extract.output.records` (stage findings placed by hand on the clean view), so these tests do
not depend on what the figure stages find today. `write_run` is shared with tests/test_report.py.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import spacy

from extract.ingest import iter_documents, load_document
from extract.models import Record, parse_record
from extract.output.records import records_for
from extract.output.writers import record_line
from extract.pipeline.annotations import Found
from extract.review.trace import find_matches, line_column, parse_query, register, trace
from tests.conftest import REPO, assert_quotes_source, write_found

HUZHU = """---
title: 互助平台年报解读
date: 2021-03-27
---
<h1>互助平台年报解读</h1>
<p>今年3月5日，相互宝公布了2020年度运行报告。</p>
<p>目前维持平台运转的唯一收入，是来自成员分摊的8%管理费。2020年，相互宝实际收到的管理费共计7.29亿元。</p>
<p>另一边，水滴筹累计超过251.1万人次发起筹款，筹款总额484亿元。</p>
"""

OTHER = """某互助平台去年收到的管理费为7.29亿元，与上年持平。
该平台称将于明年上线新计划。
"""

XHB = {"org_id": "xianghubao", "name": "相互宝"}
SDC = {"org_id": "shuidichou", "name": "水滴筹"}
ORG_FIELDS = {"xianghubao": ("platform", "ant_group"), "shuidichou": ("platform", None)}
TIME_2020 = {"value": "2020", "precision": "year", "resolved_from": None, "text": "2020年"}
TIME_SDC = {"value": "2016-06/2021-12", "precision": "month", "resolved_from": None, "text": None}
MARCH_5 = {"value": "2021-03-05", "precision": "day", "resolved_from": "2021-03-27", "text": None}


def figure(value: str, subject: dict | None, metric: str | None, time: dict | None) -> dict:
    return {"value": value, "qualifier": None, "range": None, "subject": subject,
            "source": None, "metric": metric, "time": time}  # fmt: skip


# (type, text as it reads in the clean view, occurrence, fields): what the stages would report.
HUZHU_FOUND = [
    ("date", "今年3月5日", 0, {"value": "2021-03-05", "precision": "day",
                              "resolved_from": "2021-03-27", "needs_anchor": None}),
    ("org", "相互宝", 0, XHB),
    ("event", "公布", 0, {"event_type": "report_published", "actors": [XHB], "date": MARCH_5,
                        "status": "happened"}),
    ("date", "2020年", 0, {"value": "2020", "precision": "year", "resolved_from": None,
                          "needs_anchor": None}),
    ("percentage", "8%", 0, figure("8", XHB, "management_fee_rate", None)),
    ("date", "2020年", 1, {"value": "2020", "precision": "year", "resolved_from": None,
                          "needs_anchor": None}),
    ("org", "相互宝", 1, XHB),
    ("amount", "7.29亿元", 0, {**figure("729000000", XHB, "management_fee", TIME_2020),
                              "currency": "CNY"}),
    ("org", "水滴筹", 0, SDC),
    ("count", "超过251.1万人次", 0, {**figure("2511000", SDC, "campaigns", TIME_SDC),
                                   "qualifier": "over", "unit": "人次"}),
    ("amount", "484亿元", 0, {**figure("48400000000", SDC, "funds_raised", TIME_SDC),
                             "currency": "CNY"}),
]  # fmt: skip
OTHER_FOUND = [
    ("amount", "7.29亿元", 0, {**figure("729000000", None, "management_fee", None),
                              "currency": "CNY"}),
    ("event", "上线", 0, {"event_type": "launch", "actors": [], "date": None,
                        "status": "planned"}),
]  # fmt: skip


@dataclass
class Run:
    """A run written to disk: its output file, the article files, and its records."""

    output: Path
    sources: dict[str, Path]
    records: list[Record]

    def one(self, type_: str, text: str, doc: str = "huzhu.html") -> Record:
        hits = [r for r in self.records if r.type == type_ and r.doc_id == doc and
                getattr(r, "text", None) == text]  # fmt: skip
        assert len(hits) == 1, f"expected one {type_} {text!r} in {doc}, got {len(hits)}"
        return hits[0]


def _found(clean: str, text: str, nth: int) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = clean.index(text, start + 1)
    return start, start + len(text)


def write_run(tmp_path: Path) -> Run:
    """Ingest the two articles, turn the hand-placed findings into records, write the run."""
    nlp = spacy.blank("zh")
    sources: dict[str, Path] = {}
    records: list[Record] = []
    for name, article, items in (("huzhu.html", HUZHU, HUZHU_FOUND), ("other.txt", OTHER,
                                                                       OTHER_FOUND)):  # fmt: skip
        path = tmp_path / "articles" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(article, encoding="utf-8")
        sources[name] = path
        document = load_document(path)
        doc = nlp.make_doc(document.match_text)
        placed = []
        for type_, text, nth, fields in items:
            start, end = _found(document.clean, text, nth)
            if type_ == "org":
                org_type, parent = ORG_FIELDS[fields["org_id"]]
                fields = {**fields, "org_type": org_type, "parent": parent}
            placed.append(Found(type_, start, end, f"test.{type_}", fields))
        write_found(doc, placed)
        made = records_for(document, doc)
        assert_quotes_source(made, path.read_bytes())
        records.extend(made)
    output = tmp_path / "out" / "run.jsonl"
    output.parent.mkdir()
    output.write_text("".join(map(record_line, records)), encoding="utf-8")
    return Run(output, sources, records)


@pytest.fixture
def run_files(tmp_path: Path) -> Run:
    return write_run(tmp_path)


def cli(argv: list[str]) -> int:
    """Parse like `extract-facts` does, through the module's own `register`."""
    parser = argparse.ArgumentParser(prog="extract-facts")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def expected_location(source: Path, quote: str) -> str:
    """`path:line:col` computed independently of extract.review.trace."""
    text = source.read_text(encoding="utf-8")
    pos = text.index(quote)
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f":{line}:{column}"


def test_trace_by_id_shows_document_location_sentence_quote_fields(
    run_files: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    record = run_files.one("amount", "7.29亿元")
    status = cli(["trace", str(run_files.output), record.id])
    out, err = capsys.readouterr()
    assert status == 0, f"a clean trace should exit 0; stderr: {err}"
    assert "互助平台年报解读" in out, "the document title is missing"
    assert "published 2021-03-27 (front_matter)" in out, "the publication date is missing"
    where = expected_location(run_files.sources["huzhu.html"], "7.29亿元")
    assert f"huzhu.html{where}" in out, f"expected the location {where} in:\n{out}"
    assert "2020年，相互宝实际收到的管理费共计«7.29亿元»。" in out, (
        f"the sentence should show the figure between «» when not on a terminal:\n{out}"
    )
    assert 'quote     "7.29亿元"' in out, "the raw quote is missing"
    for field in ("value: 729000000", "currency: CNY", "metric: management_fee",
                  '"value": "2020"', '"name": "相互宝"'):  # fmt: skip
        assert field in out, f"field {field!r} missing from:\n{out}"


def test_trace_of_an_organisation_lists_each_mention(
    run_files: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    org = next(r for r in run_files.records if r.type == "organisation" and r.name == "相互宝")
    assert cli(["trace", str(run_files.output), org.id]) == 0, "an org trace should pass"
    out = capsys.readouterr().out
    assert "mention 1/2" in out and "mention 2/2" in out, f"both mentions expected:\n{out}"
    assert "今年3月5日，«相互宝»公布了2020年度运行报告。" in out, (
        f"an organisation mention should show its sentence:\n{out}"
    )


def test_colour_on_a_terminal(run_files: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert trace(run_files.output, "484亿", doc=None, subject=None, colour=True) == 0
    out = capsys.readouterr().out
    assert "\x1b[1;33m484亿元\x1b[0m" in out, "on a terminal the figure should be bold/coloured"
    assert "«" not in out, "no «» markers when colouring"


# (query, extra args, (type, doc_id) of each expected match in file order)
VALUE_CASES = [
    ("7.29亿", [], [("amount", "huzhu.html"), ("amount", "other.txt")]),
    ("7.29亿元", ["--doc", "huzhu"], [("amount", "huzhu.html")]),
    ("7.29亿", ["--doc", "articles/other.txt"], [("amount", "other.txt")]),
    ("7.29亿", ["--subject", "相互宝"], [("amount", "huzhu.html")]),
    ("7.29亿", ["--subject", "xianghubao"], [("amount", "huzhu.html")]),
    ("729000000", [], [("amount", "huzhu.html"), ("amount", "other.txt")]),
    ("７．２９亿元", [], [("amount", "huzhu.html"), ("amount", "other.txt")]),
    ("484亿元", [], [("amount", "huzhu.html")]),
    ("四百八十四亿", [], [("amount", "huzhu.html")]),
    ("251.1万", [], [("count", "huzhu.html")]),
    ("251.1万人次", [], [("count", "huzhu.html")]),
    ("8%", [], [("percentage", "huzhu.html")]),
    ("百分之八", [], [("percentage", "huzhu.html")]),
]


@pytest.mark.parametrize(
    ("query", "extra", "expected"),
    VALUE_CASES,
    ids=[f"{q} {' '.join(e)}" for q, e, _ in VALUE_CASES],
)
def test_trace_by_value(
    run_files: Run,
    capsys: pytest.CaptureFixture[str],
    query: str,
    extra: list[str],
    expected: list[tuple[str, str]],
) -> None:
    records, _ = _records(run_files.output)
    got = find_matches(records, query, doc=_flag(extra, "--doc"), subject=_flag(extra, "--subject"))
    assert [(r.type, r.doc_id) for r in got] == expected, f"{query!r} {extra} matched wrongly"
    assert cli(["trace", str(run_files.output), query, *extra]) == 0, f"{query!r} should pass"
    out = capsys.readouterr().out
    assert out.count("── ") == len(expected), f"{query!r}: one block per match expected:\n{out}"


def _flag(extra: list[str], name: str) -> str | None:
    return extra[extra.index(name) + 1] if name in extra else None


def _records(path: Path) -> tuple[list[Record], list[str]]:
    from extract.review.verify import read_records

    return read_records(path)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("123亿", "a value no record has"),
        ("7.29亿人", "the right value with a unit no record has"),
        ("8", "a bare 8 is not the percentage 8%"),
        ("某某基金会", "neither an id, a figure nor what any record says"),
        ("ffffffffffffffffffff", "an id not in the run"),
    ],
    ids=["unknown value", "wrong unit", "bare number vs percent", "not a figure", "unknown id"],
)
def test_no_match_says_so_and_exits_1(
    run_files: Run, capsys: pytest.CaptureFixture[str], query: str, reason: str
) -> None:
    assert cli(["trace", str(run_files.output), query]) == 1, f"{reason}: exit status 1 expected"
    out, err = capsys.readouterr()
    assert out == "", f"{reason}: nothing on stdout expected, got {out!r}"
    assert "no record" in err and query in err, f"{reason}: the message should name the query"


def test_no_match_with_filters(run_files: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["trace", str(run_files.output), "484亿", "--subject", "相互宝"]) == 1
    assert "--subject '相互宝'" in capsys.readouterr().err, "the message should name the filter"


def _edit(path: Path, old: str, new: str) -> None:
    path.chmod(0o644)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "warnings"),
    [
        ("<h1>", "<h1 class='t'>", ["sha256 differs", "span", "byte_span"]),
        ("7.29亿元", "7.92亿元", ["sha256 differs", "span"]),
        ("与上年持平", "与上年相比持平", ["sha256 differs"]),
    ],
    ids=["text shifted before the figure", "figure edited", "edited after the figure"],
)
def test_changed_source_warns_and_exits_1(
    run_files: Run, capsys: pytest.CaptureFixture[str], old: str, new: str, warnings: list[str]
) -> None:
    name = "other.txt" if "持平" in old else "huzhu.html"
    _edit(run_files.sources[name], old, new)
    record = run_files.one("amount", "7.29亿元", name)
    assert cli(["trace", str(run_files.output), record.id]) == 1, "a changed source must exit 1"
    out, err = capsys.readouterr()
    for warning in warnings:
        assert warning in err, f"expected a warning about {warning!r} in:\n{err}"
    assert "WARNING" in err, "the warning should be loud"
    assert record.id in out, "the record is still shown so the reader sees what was claimed"
    if "span" in warnings:
        assert "the source no longer holds it" in out and "now       " in out, (
            f"a stale quote should show the stored sentence and what the span holds now:\n{out}"
        )


def test_missing_source_warns_and_exits_1(
    run_files: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    run_files.sources["huzhu.html"].unlink()
    assert cli(["trace", str(run_files.output), "484亿"]) == 1, "a missing source must exit 1"
    out, err = capsys.readouterr()
    assert "cannot re-read" in err, f"the missing file should be reported:\n{err}"
    assert "(as stored by the run; source not re-read)" in out, "the stored sentence is labelled"


def test_unreadable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["trace", str(tmp_path / "none.jsonl"), "8%"]) == 2, "a missing run file exits 2"
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "value", "types", "unit"),
    [
        ("7.29亿", "729000000", "amount count", ""),
        ("484亿元", "48400000000", "amount count", "元"),
        (" 251.1万人次 ", "2511000", "amount count", "人次"),
        ("三成", "30", "percentage", ""),
        ("萬分之17.09", "0.1709", "percentage", ""),
    ],
    ids=["scaled", "with currency", "with count unit", "cheng", "per ten thousand"],
)
def test_parse_query(query: str, value: str, types: str, unit: str) -> None:
    q = parse_query(query)
    assert q is not None, f"{query!r} should read as a figure"
    assert str(q.value) == value, f"{query!r}: value {q.value}, expected {value}"
    assert " ".join(t.model_fields["type"].default for t in q.types) == types
    assert q.unit == unit, f"{query!r}: unit {q.unit!r}, expected {unit!r}"


def test_line_column_counts_code_points_from_1() -> None:
    text = "第一行\n第二行7.29亿\r\nx"
    assert line_column(text, 0) == (1, 1)
    assert line_column(text, text.index("7.29")) == (2, 4)
    assert line_column(text, text.index("x")) == (3, 1)


SEEDS_RUN = REPO / "out" / "seeds.jsonl"


def test_acceptance_seed_000_management_fee(capsys: pytest.CaptureFixture[str]) -> None:
    fees = [
        r
        for r in map(parse_record, SEEDS_RUN.read_text(encoding="utf-8").splitlines())
        if r.type == "amount" and r.doc_id.startswith("000") and r.value == 729000000
    ]
    assert fees, "out/seeds.jsonl has no 7.29亿 amount for seed 000: rerun `python -m extract run`"
    status = cli(["trace", str(SEEDS_RUN), "7.29亿"])
    out, err = capsys.readouterr()
    assert status == 0, f"tracing the seeds should pass; stderr: {err}"
    source = REPO / "seeds" / "000_100585dc6954c7e0.txt"
    assert f"000_100585dc6954c7e0.txt{expected_location(source, '7.29亿元')}" in out, out
    assert "管理费共计«7.29亿元»" in out, f"the 相互宝 management fee sentence is missing:\n{out}"


def test_trace_in_a_jsonl_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Corpus articles are located by corpus line, then line and column inside `text`."""
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"id": "a", "text": "首段。"},
        {"id": "b", "text": "导语。\n报道称，筹款总额484亿元。"},
    ]
    corpus.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    records: list[Record] = []
    for document in iter_documents([str(corpus)]):
        doc = spacy.blank("zh").make_doc(document.match_text)
        if "484" in document.clean:
            start, end = _found(document.clean, "484亿元", 0)
            fields = {**figure("48400000000", None, None, None), "currency": "CNY"}
            write_found(doc, [Found("amount", start, end, "test.amount", fields)])
        records.extend(records_for(document, doc))
    output = tmp_path / "run.jsonl"
    output.write_text("".join(map(record_line, records)), encoding="utf-8")
    assert cli(["trace", str(output), "484亿"]) == 0, "a corpus trace should pass"
    out = capsys.readouterr().out
    assert "corpus.jsonl:2 (text field line 2, column 9" in out, f"corpus location wrong:\n{out}"
    assert "报道称，筹款总额«484亿元»。" in out, f"the corpus sentence is missing:\n{out}"


@pytest.mark.parametrize(
    ("query", "flags", "want"),
    [
        ("今年3月5日", [], [("date", "今年3月5日", "huzhu.html")]),
        ("2021-03-05", [], [("date", "今年3月5日", "huzhu.html")]),
        ("2020年", ["--type", "date"], [("date", "2020年", "huzhu.html")] * 2),
        ("公布", [], [("event", "公布", "huzhu.html")]),
        ("launch", [], [("event", "上线", "other.txt")]),
        ("上線", [], [("event", "上线", "other.txt")]),  # Traditional query, Simplified text
        ("相互宝", [], [("organisation", "相互宝", "huzhu.html")]),
        ("shuidichou", [], [("organisation", "水滴筹", "huzhu.html")]),
        ("7.29亿", ["--type", "amount", "--doc", "other"], [("amount", "7.29亿元", "other.txt")]),
    ],
    ids=["date text", "date value", "date by type", "event trigger", "event type",
         "traditional trigger", "organisation name", "org id", "figure with --type"],
)  # fmt: skip
def test_trace_every_record_type(
    run_files: Run, capsys: pytest.CaptureFixture[str], query: str, flags: list[str], want: list
) -> None:
    assert cli(["trace", str(run_files.output), query, *flags]) == 0, f"{query}: no clean match"
    got = []
    for record in find_matches(
        run_files.records,
        query,
        doc=flags[flags.index("--doc") + 1] if "--doc" in flags else None,
        record_type=flags[flags.index("--type") + 1] if "--type" in flags else None,
    ):
        text = record.name if record.type == "organisation" else record.text
        got.append((record.type, text, record.doc_id))
    assert got == want, f"{query} {flags}: matched {got}"
    out = capsys.readouterr().out
    assert out.count("── ") == len(want), f"{query}: one block per match expected:\n{out}"
    assert "sentence  " in out, f"{query}: no sentence shown:\n{out}"
    assert ".html:" in out or ".txt:" in out, f"{query}: no path:line:col shown:\n{out}"
