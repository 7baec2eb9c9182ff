"""The whole pipeline on random Unicode: it never raises out of the run, and `verify` accepts
every record it writes (issue 13).

The text mixes what breaks things: lone surrogates, astral and control characters, mixed
scripts, markup fragments, digits and scale words, numbers longer than Decimal's precision.
Each example goes through the runner twice, as a JSONL corpus line and as a file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import runner
from extract.ingest.sources import iter_tasks
from extract.models import DocumentRecord, parse_record
from extract.review.verify import verify_file

FRAGMENTS = [
    "484亿元",
    "7.29亿",
    "251.1万人次",
    "8%",
    "万分之17.09",
    "三点五亿",
    "一千二百万",
    "１２３",
    "10000000000000000000000亿元",
    "9" * 40,
    "2021年3月27日 14:02 ",
    "2021年",
    "去年底",
    "水滴筹",
    "相互宝",
    "輕鬆籌",
    "技术专家委员会委员",
    "市民政局",
    "蚂蚁 集团",
    "水 滴 筹",
    "\ud83d",
    "\ud800",
    "\udfff",
    "&#xD800;",
    "&#0;",
    "&amp;",
    "&#x1F600;",
    "😀",
    "𠀀",
    "\x00",
    "\x1b]0;x\x07",
    "\x1b[2J",
    "\x0c",
    "\r\n",
    "\n\n",
    "\u3000\u3000",
    "\u200b",
    "<p>",
    "</p>",
    "<div>",
    "<script>x</script>",
    "<!--",
    "-->",
    "<br/>",
    "<title>",
    "---\n",
    "title: 标题\n",
    "date: 2021-03-27\n",
    "# ",
    "- ",
    "[",
    "]",
    "（",
    "）",
    "“",
    "”",
    "。",
    "，",
    "；",
    "至",
    "超过",
    "约",
    "万",
    "亿",
    "元",
    "人",
    "%",
    ".",
    "-",
    "~",
]

texts = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(st.characters(codec=None, categories=None), max_size=4),
    ),
    min_size=1,
    max_size=40,
).map("".join)


def _run_and_verify(inputs: list[str], folder: Path) -> None:
    out = folder / "out.jsonl"
    lines = []
    for block in runner.run_blocks(iter_tasks(inputs)):
        lines.extend(block.lines)
    out.write_text("".join(lines), encoding="utf-8")
    records = [parse_record(line) for line in lines]
    heads = [r for r in records if isinstance(r, DocumentRecord)]
    assert len(heads) == 1, f"one document record per input: {heads}"
    assert heads[0].records == len(records) - 1, "the document record counts its records"
    checked, problems = verify_file(out)
    assert not problems, f"verify rejects the run's records: {problems[:5]}"
    assert checked == len(records)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(texts)
def test_random_unicode_never_breaks_the_run(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "c.jsonl"
        corpus.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
        _run_and_verify([str(corpus)], folder)
        article = folder / "a.txt"
        article.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        _run_and_verify([str(article)], folder)
