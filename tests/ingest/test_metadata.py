"""Publication-date page shapes (issue 16): one test per shape, and the corpus date order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.ingest.sources import JsonlFields, iter_tasks
from tests.conftest import make_document

BODY = "\n\n据了解，平台昨日宣布关停互助业务。\n\n二"


@pytest.mark.parametrize(
    ("raw", "published", "published_time"),
    [
        pytest.param(
            "标题\n\n2021-03-27 14:02:45\n\n2021-03-27 14:02:45" + BODY,
            "2021-03-27",
            "2021-03-27T14:02:45",
            id="date-line-twice",
        ),
        pytest.param(
            "标题\n\n2021年3月27日 2021年3月27日" + BODY,
            "2021-03-27",
            "2021-03-27",
            id="date-twice-in-one-line",
        ),
        pytest.param(
            "行业巨头相继终止互助计划，网络互助变天，下一个是谁？2021-03-27 14:02:45" + BODY,
            "2021-03-27",
            "2021-03-27T14:02:45",
            id="glued-to-headline",
        ),
        pytest.param(
            "标题\n\n2021-03-27 14:02:45 来源: 每日经济新闻 编辑: 张小明 浏览(1234)" + BODY,
            "2021-03-27",
            "2021-03-27T14:02:45",
            id="furniture-line",
        ),
        pytest.param(
            "標題\n\n2021年03月27日 14時02分45秒 財經頻道 閱讀 1,234" + BODY,
            "2021-03-27",
            "2021-03-27T14:02:45",
            id="chinese-time-column-counter",
        ),
        pytest.param(
            "标题\n\n2021年3月27日 14时02分 民生栏目 阅读：5678" + BODY,
            "2021-03-27",
            "2021-03-27T14:02:00",
            id="chinese-time-minutes",
        ),
        pytest.param(
            "标题\n\n2024-03-16\n\n【本报3月15日讯】今日，某平台宣布上线。\n\n二",
            "2024-03-15",
            "2024-03-15",
            id="yearless-wire-with-page-date",
        ),
        pytest.param(
            "标题\n\n2024-01-02\n\n本报12月31日电 平台宣布上线。\n\n二",
            "2023-12-31",
            "2023-12-31",
            id="yearless-wire-across-new-year",
        ),
        pytest.param(
            "标题\n\n【本报3月15日讯】今日，某平台宣布上线。\n\n二",
            None,
            None,
            id="yearless-wire-alone-is-not-guessed",
        ),
        pytest.param(
            "标题\n\n平台于2021年3月27日宣布关停，会员可申请退款" + BODY,
            None,
            None,
            id="news-sentence-ending-is-no-dateline",
        ),
    ],
)
def test_page_shape(raw: str, published: str | None, published_time: str | None) -> None:
    doc = make_document(raw)
    got = doc.published.isoformat() if doc.published else None
    assert (got, doc.published_time) == (published, published_time), f"{raw[:40]!r}"
    assert doc.published_source == ("dateline" if published else None), doc.published_source


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    line = {"id": "a", "text": "标题\n\n2021-03-27 14:02:45\n\n正文。", "date": "2021-03-28"}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("corpus_first", "published", "source"),
    [(False, "2021-03-27", "dateline"), (True, "2021-03-28", "jsonl")],
)
def test_corpus_date_order(tmp_path: Path, corpus_first: bool, published: str, source: str):
    fields = JsonlFields(date_first=corpus_first)
    (task,) = list(iter_tasks([_corpus(tmp_path)], fields))
    doc = task.load() if hasattr(task, "load") else task
    assert (doc.published.isoformat(), doc.published_source) == (published, source), doc
