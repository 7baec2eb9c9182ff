"""The held-out gold is only as good as its offsets: every line validates and quotes its article.

Same checks as tests/test_gold.py, over tests/heldout/, whose articles come in several encodings
(UTF-8 with BOM, GB18030, Big5): spans are code points of the decoded text, byte spans are bytes
of the raw file in its own encoding.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import sys
from pathlib import Path

import pytest
import yaml

from extract.models import MENTION_TYPES, OrganisationRecord, parse_record, record_id

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "heldout"
ARTICLES = HELDOUT / "articles"
SPECS = sorted((HELDOUT / "src").glob("*.yaml"))

GOLD_FILES = sorted(p for p in HELDOUT.glob("*.jsonl") if not p.name.endswith(".negatives.jsonl"))
NEGATIVE_FILES = sorted(HELDOUT.glob("*.negatives.jsonl"))


def _build_module():
    """tests/heldout/build.py is a script, not a package module: load it by path."""
    spec = importlib.util.spec_from_file_location("heldout_build", HELDOUT / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _encodings() -> dict[str, str]:
    """Article file name -> the encoding its spec says it was written in."""
    specs = [yaml.safe_load(p.read_text("utf-8")) for p in SPECS]
    return {s["doc"]: s["encoding"] for s in specs}


ENCODINGS = _encodings()


def _lines(path: Path) -> list[tuple[int, str]]:
    return [(i, line) for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line]


def _article(doc_id: str) -> tuple[bytes, str, str]:
    """Raw bytes, decoded text (a UTF-8 BOM removed) and the encoding of a held-out article."""
    raw = (ARTICLES / doc_id).read_bytes()
    encoding = ENCODINGS[doc_id]
    text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    return raw, text, encoding


def _check_mention(raw: bytes, text: str, encoding: str, m, where: str) -> None:
    assert text[m.span.start : m.span.end] == m.quote, f"{where}: span does not quote the article"
    got = raw[m.byte_span.start : m.byte_span.end].decode(encoding)
    assert got == m.quote, f"{where}: byte_span gives {got!r}, quote is {m.quote!r}"
    assert m.text, f"{where}: empty clean text"


@pytest.mark.parametrize(
    ("name", "encoding", "bom"),
    [
        ("101_ouhuibao.html", "utf-8", False),
        ("102_huzhu_retreat.md", "utf-8", True),
        ("103_jiangcheng_gb18030.txt", "gb18030", False),
        ("104_nuanliu_big5.txt", "big5", False),
        ("105_xinghuo_pdf.txt", "utf-8", False),
    ],
    ids=["html", "markdown-bom", "gb18030", "big5", "pdf"],
)
def test_articles_are_in_their_stated_shape(name: str, encoding: str, bom: bool):
    raw = (ARTICLES / name).read_bytes()
    assert ENCODINGS[name] == encoding, f"{name}: spec says {ENCODINGS[name]}, not {encoding}"
    assert raw.startswith(b"\xef\xbb\xbf") == bom, f"{name}: BOM presence is not {bom}"
    if encoding != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    _, text, _ = _article(name)
    assert 600 <= len(text) <= 2000, f"{name}: {len(text)} code points, outside the brief's size"


def test_every_article_has_a_spec_and_gold():
    articles = {p.name for p in ARTICLES.iterdir()}
    assert articles == set(ENCODINGS), f"articles vs specs differ: {articles ^ set(ENCODINGS)}"
    golds = {p.stem for p in GOLD_FILES}
    missing = sorted(a for a in articles if Path(a).stem not in golds)
    assert not missing, f"articles without gold JSONL: {missing}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_lines_validate_and_quote_their_article(path: Path):
    seen_ids: set[str] = set()
    for lineno, line in _lines(path):
        where = f"{path.name}:{lineno}"
        rec = parse_record(line)
        assert Path(rec.doc_id).stem == path.stem, f"{where}: doc_id {rec.doc_id} is not this file"
        assert rec.id not in seen_ids, f"{where}: duplicate id {rec.id}"
        seen_ids.add(rec.id)
        raw, text, encoding = _article(rec.doc_id)
        sha = hashlib.sha256(raw).hexdigest()
        if isinstance(rec, OrganisationRecord):
            assert rec.id == record_id(sha, "organisation", rec.org_id), f"{where}: id mismatch"
            assert rec.mentions, f"{where}: organisation without mentions"
            for k, m in enumerate(rec.mentions):
                _check_mention(raw, text, encoding, m, f"{where} mention {k}")
            continue
        assert rec.type in MENTION_TYPES, f"{where}: unexpected type {rec.type}"
        assert rec.rule == "gold", f"{where}: rule is {rec.rule!r}"
        key = f"{rec.span.start}:{rec.span.end}"
        assert rec.id == record_id(sha, rec.type, key), f"{where}: id is not from sha, type, span"
        _check_mention(raw, text, encoding, rec, where)
        s = rec.sentence
        inside = s.start <= rec.span.start and rec.span.end <= s.end
        assert inside, f"{where}: span outside its sentence"
        assert rec.text in s.text, f"{where}: clean text {rec.text!r} not in its sentence"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_organisation_mentions_do_not_overlap(path: Path):
    spans = []
    for _, line in _lines(path):
        rec = parse_record(line)
        if isinstance(rec, OrganisationRecord):
            spans += [(m.span.start, m.span.end, rec.name) for m in rec.mentions]
    spans.sort()
    for a, b in itertools.pairwise(spans):
        assert a[1] <= b[0], f"{path.name}: mentions {a} and {b} overlap"


@pytest.mark.parametrize("path", NEGATIVE_FILES, ids=lambda p: p.name.split(".")[0])
def test_negatives_quote_their_article_and_hold_no_gold(path: Path):
    gold_path = HELDOUT / path.name.replace(".negatives", "")
    gold_spans = []
    for _, line in _lines(gold_path):
        rec = parse_record(line)
        mentions = rec.mentions if isinstance(rec, OrganisationRecord) else [rec]
        gold_spans += [(m.span.start, m.span.end) for m in mentions]
    for lineno, line in _lines(path):
        neg = json.loads(line)
        where = f"{path.name}:{lineno}"
        _, text, _ = _article(neg["doc_id"])
        start, end = neg["span"]["start"], neg["span"]["end"]
        assert text[start:end] == neg["quote"], f"{where}: span does not quote the article"
        assert neg["reason"], f"{where}: a negative needs a reason"
        clash = [g for g in gold_spans if g[0] < end and start < g[1]]
        assert not clash, f"{where}: negative overlaps gold spans {clash}"


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.stem)
def test_gold_files_are_built_from_their_specs(spec_path: Path):
    builder = _build_module()
    lines, negatives = builder.build(spec_path)
    stem = builder.stem_of(spec_path)
    on_disk = [line for _, line in _lines(HELDOUT / f"{stem}.jsonl")]
    assert on_disk == lines, f"{stem}.jsonl is stale: run python tests/heldout/build.py"
    neg_disk = [line for _, line in _lines(HELDOUT / f"{stem}.negatives.jsonl")]
    assert neg_disk == negatives, f"{stem}.negatives.jsonl is stale: rebuild it"
