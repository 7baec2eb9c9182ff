"""Encodings and the inputs that are not articles."""

from __future__ import annotations

import codecs
from array import array

import pytest

from extract.ingest.decode import InputError, decode
from extract.ingest.offsets import OffsetMap

ARTICLE = "水滴筹累计筹款484亿元，帮助超过251.1万人次。"
TRADITIONAL = "水滴籌累計籌款484億元，幫助超過251.1萬人次。"


@pytest.mark.parametrize(
    ("data", "encoding", "bom", "text"),
    [
        pytest.param(ARTICLE.encode("utf-8"), "utf-8", 0, ARTICLE, id="utf8"),
        pytest.param(codecs.BOM_UTF8 + ARTICLE.encode(), "utf-8", 3, ARTICLE, id="utf8-bom"),
        pytest.param((ARTICLE * 3).encode("gbk"), "gb18030", 0, ARTICLE * 3, id="gbk"),
        pytest.param((ARTICLE * 3).encode("gb18030"), "gb18030", 0, ARTICLE * 3, id="gb18030"),
        pytest.param((TRADITIONAL * 3).encode("big5"), "big5", 0, TRADITIONAL * 3, id="big5"),
        pytest.param(
            codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16-le", 2, ARTICLE, id="utf16"
        ),
    ],
)
def test_decodes(data: bytes, encoding: str, bom: int, text: str) -> None:
    decoded = decode(data)
    assert decoded.text == text, f"decoded as {decoded.encoding}: {decoded.text!r}"
    assert decoded.encoding.replace("_", "").startswith(encoding.replace("_", "").split("-")[0])
    assert decoded.bom == bom


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"  \n\t\n", "empty", id="whitespace-only"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="png"),
        pytest.param(bytes(range(256)) * 4, "binary", id="control-bytes"),
        pytest.param(codecs.BOM_UTF8 + b"\xff\xfe\xfa bad", "invalid UTF-8", id="bad-utf8-bom"),
    ],
)
def test_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode(data)


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_byte_offsets_in_legacy_encodings(encoding: str) -> None:
    text = TRADITIONAL if encoding == "big5" else ARTICLE
    data = (text * 2).encode(encoding)
    decoded = decode(data)
    clean = decoded.text
    n = len(clean)
    offsets = OffsetMap(
        clean, clean, array("q", range(n)), array("q", range(1, n + 1)), decoded.encoding, 0
    )
    start = clean.index("484")
    b0, b1 = offsets.to_bytes(start, start + 5)
    assert data[b0:b1].decode(decoded.encoding) == clean[start : start + 5]
