"""The five seed articles: metadata from reading them, and a clean view that reads as prose."""

from __future__ import annotations

import re

import pytest

from extract.ingest import load_document
from tests.conftest import SEEDS

EXPECTED = [
    # file, format, script, published, published_source, title
    (
        "000_100585dc6954c7e0.txt",
        "html",
        "simplified",
        "2021-03-27",
        "dateline",
        "行业巨头相继终止互助计划，网络互助变天，下一个是谁？",
    ),
    (
        "001_93860c97cd0956a8.txt",
        "tokenised",
        "simplified",
        None,
        None,
        "美团互助关停百度灯火互助下线网络互助美团互助关停百度灯火互助下线蚂蚁集团相互宝用户数量骤减网络互助？",
    ),
    (
        "002_c5be1e22cb1903c7.txt",
        "html",
        "simplified",
        "2022-01-20",
        "front_matter",
        "深度参与多地惠民保 水滴探索共同富裕新路径",
    ),
    (
        "003_5d0e800a51db5098.txt",
        "plain",
        "traditional",
        "2020-12-27",
        "dateline",
        "構建長效機制,愛心籌推動大病求助行業自律公約再升級",
    ),
    (
        "004_c6233d240e700392.txt",
        "pdf_text",
        "simplified",
        None,
        None,
        "多方协同构建多元化医疗救助体系",
    ),
]


@pytest.mark.parametrize(
    ("name", "fmt", "script", "published", "source", "title"),
    EXPECTED,
    ids=[e[0][:3] for e in EXPECTED],
)
def test_seed_metadata(
    name: str, fmt: str, script: str, published: str | None, source: str | None, title: str
) -> None:
    doc = load_document(SEEDS / name)
    got = doc.published.isoformat() if doc.published else None
    assert (doc.format, doc.script, got, doc.published_source, doc.title) == (
        fmt,
        script,
        published,
        source,
        title,
    )


@pytest.mark.parametrize("name", [e[0] for e in EXPECTED], ids=[e[0][:3] for e in EXPECTED])
def test_no_markup_or_urls_in_clean_view(name: str) -> None:
    clean = load_document(SEEDS / name).clean
    for pattern in (
        r"<[a-zA-Z/!]",
        r"https?:",
        r"//[a-z]",
        r"&[a-z]+;",
        r"^(title|date|layout):",
        "乐视20亿美元",
        "贵州茅台",
        r"\.png",
        "EM_StockImg",
    ):
        assert not re.search(pattern, clean, re.M), f"{name}: {pattern!r} in the clean view"


def test_tokenised_seed_reads_as_prose() -> None:
    clean = load_document(SEEDS / "001_93860c97cd0956a8.txt").clean
    for phrase in (
        "美团互助用户人数1500万",
        "分摊人数10580.35万人",
        "蚂蚁集团旗下相互宝",
        "2018年11月27日",
        "银保监会",
    ):
        assert phrase in clean, f"{phrase!r} not joined in the clean view of 001"
    assert not re.search(r"\p{Han} \p{Han}".replace(r"\p{Han}", "[\u4e00-\u9fff]"), clean)


def test_pdf_seed_reads_as_prose() -> None:
    clean = load_document(SEEDS / "004_c6233d240e700392.txt").clean
    for phrase in (
        "在平台筹款顾问的协助下发起求助",
        "面向的人群更多元",
        "政府、平台和慈善组织",
        "阿里巴巴公益在2021年3月推出",
        "中国社会科学院大学",
        "较2020年同期增长0.73%",
    ):
        assert phrase in clean, f"{phrase!r}: page break not repaired in 004"
    for furniture in ("jujiao", "gongyixingdong", "图/本报记者", "xinzhengsudi"):
        assert furniture not in clean, f"{furniture!r}: page furniture left in 004"
