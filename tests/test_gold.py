"""A gold set is only as good as its offsets: every line validates and quotes its article.

Seven gold sets share these checks: tests/gold/ (the five seeds, UTF-8), tests/heldout/ (five
held-out articles in several encodings: UTF-8 with BOM, GB18030, Big5), tests/heldout2/ (a
second blind set: UTF-8, GBK), tests/heldout3/ (a third blind set of fifteen: UTF-8, GBK, Big5),
tests/heldout4/ (a fourth blind set of fourteen: UTF-8, GBK, Big5), tests/heldout5/ (a
fifth blind set of fourteen: UTF-8, GBK, Big5) and tests/heldout6/ (a sixth blind set of
fourteen: UTF-8, GBK, Big5; never run by any test: these checks read only its files).
Spans are code points of the decoded text (a UTF-8 BOM removed), byte spans
are bytes of the raw file in its own encoding.
Each set is built from hand-written specs by tests/gold/build_tools.py; a stale JSONL fails here.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from extract.models import MENTION_TYPES, OrganisationRecord, parse_record, record_id
from tests.gold.build_tools import build, stem_of

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class GoldSet:
    name: str
    folder: Path
    articles: Path

    @property
    def gold_files(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.jsonl") if ".negatives" not in p.name)

    @property
    def negative_files(self) -> list[Path]:
        return sorted(self.folder.glob("*.negatives.jsonl"))

    @property
    def specs(self) -> list[Path]:
        return sorted((self.folder / "src").glob("*.yaml"))

    def encoding(self, doc_id: str) -> str:
        return _encodings(self.folder).get(doc_id, "utf-8")


SEEDS = GoldSet("seeds", ROOT / "tests" / "gold", ROOT / "seeds")
HELDOUT = GoldSet("heldout", ROOT / "tests" / "heldout", ROOT / "tests" / "heldout" / "articles")
HELDOUT2 = GoldSet(
    "heldout2", ROOT / "tests" / "heldout2", ROOT / "tests" / "heldout2" / "articles"
)
HELDOUT3 = GoldSet(
    "heldout3", ROOT / "tests" / "heldout3", ROOT / "tests" / "heldout3" / "articles"
)
HELDOUT4 = GoldSet(
    "heldout4", ROOT / "tests" / "heldout4", ROOT / "tests" / "heldout4" / "articles"
)
HELDOUT5 = GoldSet(
    "heldout5", ROOT / "tests" / "heldout5", ROOT / "tests" / "heldout5" / "articles"
)
HELDOUT6 = GoldSet(
    "heldout6", ROOT / "tests" / "heldout6", ROOT / "tests" / "heldout6" / "articles"
)
SETS = [SEEDS, HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4, HELDOUT5, HELDOUT6]
# The blind sets whose articles state their encoding (no BOM) and keep to the brief's size.
SIZED_SETS = [HELDOUT3, HELDOUT4, HELDOUT5, HELDOUT6]


@cache
def _encodings(folder: Path) -> dict[str, str]:
    """Article file name -> the encoding its spec states (seed specs state none: UTF-8)."""
    specs = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((folder / "src").glob("*.yaml"))]
    return {s["doc"]: s["encoding"] for s in specs if "encoding" in s}


def _lines(path: Path) -> list[tuple[int, str]]:
    return [(i, line) for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line]


def _article(set_: GoldSet, doc_id: str) -> tuple[bytes, str, str]:
    """Raw bytes, decoded text (a UTF-8 BOM removed) and encoding of an article."""
    raw = (set_.articles / doc_id).read_bytes()
    encoding = set_.encoding(doc_id)
    return raw, raw.decode("utf-8-sig" if encoding == "utf-8" else encoding), encoding


def _check_mention(raw: bytes, text: str, encoding: str, m, where: str) -> None:
    assert text[m.span.start : m.span.end] == m.quote, f"{where}: span does not quote the article"
    got = raw[m.byte_span.start : m.byte_span.end].decode(encoding)
    assert got == m.quote, f"{where}: byte_span gives {got!r}, quote is {m.quote!r}"
    assert m.text, f"{where}: empty clean text"


def _cases(attr: str) -> list:
    return [
        pytest.param(s, p, id=f"{s.name}-{p.name.split('.')[0]}")
        for s in SETS
        for p in getattr(s, attr)
    ]


@pytest.mark.parametrize("set_", SETS, ids=lambda s: s.name)
def test_every_article_has_gold(set_: GoldSet) -> None:
    articles = {p.stem for p in set_.articles.iterdir() if p.is_file()}
    golds = {p.stem for p in set_.gold_files}
    assert articles <= golds, f"{set_.name}: articles without gold: {sorted(articles - golds)}"


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
def test_heldout_articles_are_in_their_stated_shape(name: str, encoding: str, bom: bool) -> None:
    raw = (HELDOUT.articles / name).read_bytes()
    assert HELDOUT.encoding(name) == encoding, f"{name}: spec says {HELDOUT.encoding(name)}"
    assert raw.startswith(b"\xef\xbb\xbf") == bom, f"{name}: BOM presence is not {bom}"
    if encoding != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    _, text, _ = _article(HELDOUT, name)
    assert 600 <= len(text) <= 2000, f"{name}: {len(text)} code points, outside the brief's size"


@pytest.mark.parametrize(
    ("set_", "spec_path"),
    [pytest.param(s, p, id=f"{s.name}-{p.stem}") for s in SIZED_SETS for p in s.specs],
)
def test_blind_articles_are_in_their_stated_encoding_and_size(
    set_: GoldSet, spec_path: Path
) -> None:
    name = yaml.safe_load(spec_path.read_text("utf-8"))["doc"]
    raw = (set_.articles / name).read_bytes()
    encoding = set_.encoding(name)
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: unexpected BOM"
    if encoding != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    _, text, _ = _article(set_, name)
    assert 600 <= len(text) <= 1500, f"{name}: {len(text)} code points, outside the brief's size"


@pytest.mark.parametrize(("set_", "path"), _cases("gold_files"))
def test_gold_lines_validate_and_quote_their_article(set_: GoldSet, path: Path) -> None:
    seen_ids: set[str] = set()
    for lineno, line in _lines(path):
        where = f"{path.name}:{lineno}"
        rec = parse_record(line)
        assert Path(rec.doc_id).stem == path.stem, f"{where}: doc_id {rec.doc_id} is not this file"
        assert rec.id not in seen_ids, f"{where}: duplicate id {rec.id}"
        seen_ids.add(rec.id)
        raw, text, encoding = _article(set_, rec.doc_id)
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


@pytest.mark.parametrize(("set_", "path"), _cases("gold_files"))
def test_organisation_mentions_do_not_overlap(set_: GoldSet, path: Path) -> None:
    spans = []
    for _, line in _lines(path):
        rec = parse_record(line)
        if isinstance(rec, OrganisationRecord):
            spans += [(m.span.start, m.span.end, rec.name) for m in rec.mentions]
    spans.sort()
    for a, b in itertools.pairwise(spans):
        assert a[1] <= b[0], f"{path.name}: mentions {a} and {b} overlap"


@pytest.mark.parametrize(("set_", "path"), _cases("negative_files"))
def test_negatives_quote_their_article_and_hold_no_gold(set_: GoldSet, path: Path) -> None:
    gold_path = set_.folder / path.name.replace(".negatives", "")
    gold_spans = []
    for _, line in _lines(gold_path):
        rec = parse_record(line)
        mentions = rec.mentions if isinstance(rec, OrganisationRecord) else [rec]
        gold_spans += [(m.span.start, m.span.end) for m in mentions]
    for lineno, line in _lines(path):
        neg = json.loads(line)
        where = f"{path.name}:{lineno}"
        _, text, _ = _article(set_, neg["doc_id"])
        start, end = neg["span"]["start"], neg["span"]["end"]
        assert text[start:end] == neg["quote"], f"{where}: span does not quote the article"
        assert neg["reason"], f"{where}: a negative needs a reason"
        clash = [g for g in gold_spans if g[0] < end and start < g[1]]
        assert not clash, f"{where}: negative overlaps gold spans {clash}"


@pytest.mark.parametrize(("set_", "spec_path"), _cases("specs"))
def test_gold_files_are_built_from_their_specs(set_: GoldSet, spec_path: Path) -> None:
    lines, negatives = build(spec_path, set_.articles)
    stem = stem_of(spec_path)
    on_disk = [line for _, line in _lines(set_.folder / f"{stem}.jsonl")]
    rebuild = f"python -m tests.gold.build_tools tests/{set_.folder.name}"
    assert on_disk == lines, f"{stem}.jsonl is stale: run {rebuild}"
    neg_disk = [line for _, line in _lines(set_.folder / f"{stem}.negatives.jsonl")]
    assert neg_disk == negatives, f"{stem}.negatives.jsonl is stale: rebuild it"
