"""The public Python API: extract, extract_file, pipeline, read_records, Record."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from spacy.language import Language

import extract
from extract import cli
from extract.ingest import InputError
from extract.models import parse_record
from extract.output.writers import open_sink
from tests.conftest import REPO, SEEDS, assert_quotes_source, readme_blocks

ARTICLE = (
    "3月26日，水滴互助发布公告称，将于2021年3月31日18点正式终止互助计划。"
    "2020年，相互宝实际收到的管理费共计7.29亿元，会员超过1亿人，参保率高达37.4%。"
)


def test_readme_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = readme_blocks("Python API")
    assert blocks, "the README's Python API section has no python example"
    monkeypatch.chdir(REPO)
    for block in blocks:
        exec(compile(block, "README.md (Python API)", "exec"), {})


def test_extract_gives_typed_records() -> None:
    records = extract.extract(ARTICLE, published="2021-03-27", title="标题", url="https://x.cn/1")
    head = records[0]
    assert head.type == "document" and head.records == len(records) - 1, head
    assert (head.title, head.url, head.published) == ("标题", "https://x.cn/1", "2021-03-27")
    adapter = TypeAdapter(extract.Record)
    for record in records:
        assert adapter.validate_python(record.model_dump()) == record, f"{record} is not a Record"
    amount = next(r for r in records if r.type == "amount")
    assert amount.value == Decimal("729000000") and isinstance(amount.value, Decimal), amount
    assert {r.type for r in records} >= {"date", "event", "count", "percentage", "organisation"}
    assert_quotes_source(records, ARTICLE.encode("utf-8"))


def test_extract_is_the_cli_on_a_corpus_line(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    line = {"id": "a1", "text": ARTICLE, "date": "2021-03-27", "title": "标题"}
    corpus.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli.main(["-q", "run", str(corpus), "-o", str(out)]) == 0
    want = [parse_record(x) for x in out.read_text(encoding="utf-8").splitlines()]
    got = extract.extract(ARTICLE, published="2021-03-27", title="标题", doc_id="a1")
    # Only where the text came from differs: a corpus file's line, or the caller.
    place = {"path": "a1", "jsonl_line": None}
    assert [want[0].model_copy(update=place), *want[1:]] == got


def test_extract_file_is_the_committed_run() -> None:
    path = SEEDS / "000_100585dc6954c7e0.txt"
    committed = [
        line
        for line in (REPO / "out" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["doc_id"] == path.name
    ]
    got = [r.model_dump_json() for r in extract.extract_file(path)]
    assert got == committed, "extract_file differs from the committed run of the same seed"


@pytest.mark.parametrize("bad", ["", "   \n", "<div><!-- 注释 --></div>"])
def test_nothing_to_read_raises(bad: str) -> None:
    with pytest.raises(InputError, match="text"):
        extract.extract(bad)


def test_wrong_types_raise() -> None:
    with pytest.raises(TypeError, match="str"):
        extract.extract(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not found"):
        extract.extract_file(REPO / "no-such-file.txt")


def test_pipeline_is_the_spacy_language_built_once() -> None:
    nlp = extract.pipeline()
    assert isinstance(nlp, Language) and nlp is extract.pipeline(), "built more than once"
    assert "zh_figures" in nlp.pipe_names, nlp.pipe_names


def test_read_records_jsonl_and_parquet(tmp_path: Path) -> None:
    run = REPO / "out" / "seeds.jsonl"
    lines = run.read_text(encoding="utf-8").splitlines(keepends=True)
    want = [parse_record(line) for line in lines]
    assert list(extract.read_records(run)) == want
    parquet = tmp_path / "run.parquet"
    with open_sink(str(parquet), "parquet") as sink:
        sink.write(lines)
    assert list(extract.read_records(parquet)) == want, "the Parquet round trip changed records"


def test_read_records_names_the_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    first = (REPO / "out" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(first + '\n{"type": "amount"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        list(extract.read_records(bad))


PIECES = st.sampled_from(
    ["相互宝", "管理费共计7.29亿元", "超过1亿人", "37.4%", "2021年3月31日", "终止", "。", "\n",
     "<p>", "</p>", "&amp;", " ", "水滴筹", "去年", "近4成", "蚂蚁集团"]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=12).map("".join))
def test_extract_quotes_its_text(text: str) -> None:
    try:
        records = extract.extract(text, published="2021-03-27")
    except InputError:
        return
    assert records[0].records == len(records) - 1, records[0]
    assert_quotes_source(records, text.encode("utf-8"))
