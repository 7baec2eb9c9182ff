"""The gold set is only as good as its offsets: every line validates and quotes its seed exactly."""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from pathlib import Path

import pytest

from extract.models import MENTION_TYPES, OrganisationRecord, parse_record, record_id

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"

GOLD_FILES = sorted(p for p in GOLD.glob("*.jsonl") if not p.name.endswith(".negatives.jsonl"))
NEGATIVE_FILES = sorted(GOLD.glob("*.negatives.jsonl"))


def _lines(path: Path) -> list[tuple[int, str]]:
    return [(i, line) for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line]


def _seed(doc_id: str) -> tuple[bytes, str]:
    raw = (SEEDS / doc_id).read_bytes()
    return raw, raw.decode("utf-8")


def _check_mention(raw: bytes, text: str, m, where: str) -> None:
    assert text[m.span.start : m.span.end] == m.quote, f"{where}: span does not quote the seed"
    got = raw[m.byte_span.start : m.byte_span.end].decode("utf-8")
    assert got == m.quote, f"{where}: byte_span gives {got!r}, quote is {m.quote!r}"
    assert m.text, f"{where}: empty clean text"


def test_every_seed_has_gold():
    seeds = {p.stem for p in SEEDS.glob("*.txt")}
    golds = {p.stem for p in GOLD_FILES}
    assert seeds <= golds, f"seeds without gold: {sorted(seeds - golds)}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_lines_validate_and_quote_their_seed(path: Path):
    seen_ids: set[str] = set()
    for lineno, line in _lines(path):
        where = f"{path.name}:{lineno}"
        rec = parse_record(line)
        assert rec.doc_id == f"{path.stem}.txt", f"{where}: doc_id {rec.doc_id} is not this seed"
        assert rec.id not in seen_ids, f"{where}: duplicate id {rec.id}"
        seen_ids.add(rec.id)
        raw, text = _seed(rec.doc_id)
        sha = hashlib.sha256(raw).hexdigest()
        if isinstance(rec, OrganisationRecord):
            assert rec.id == record_id(sha, "organisation", rec.org_id), f"{where}: id mismatch"
            assert rec.mentions, f"{where}: organisation without mentions"
            for k, m in enumerate(rec.mentions):
                _check_mention(raw, text, m, f"{where} mention {k}")
            continue
        assert rec.type in MENTION_TYPES, f"{where}: unexpected type {rec.type}"
        assert rec.rule == "gold", f"{where}: rule is {rec.rule!r}"
        key = f"{rec.span.start}:{rec.span.end}"
        assert rec.id == record_id(sha, rec.type, key), f"{where}: id is not from sha, type, span"
        _check_mention(raw, text, rec, where)
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
def test_negatives_quote_their_seed_and_hold_no_gold(path: Path):
    gold_path = GOLD / path.name.replace(".negatives", "")
    gold_spans = []
    for _, line in _lines(gold_path):
        rec = parse_record(line)
        mentions = rec.mentions if isinstance(rec, OrganisationRecord) else [rec]
        gold_spans += [(m.span.start, m.span.end) for m in mentions]
    for lineno, line in _lines(path):
        neg = json.loads(line)
        where = f"{path.name}:{lineno}"
        _, text = _seed(neg["doc_id"])
        start, end = neg["span"]["start"], neg["span"]["end"]
        assert text[start:end] == neg["quote"], f"{where}: span does not quote the seed"
        assert neg["reason"], f"{where}: a negative needs a reason"
        clash = [g for g in gold_spans if g[0] < end and start < g[1]]
        assert not clash, f"{where}: negative overlaps gold spans {clash}"


def _build_tools():
    """tests/gold/build_tools.py is a script, not a package module: load it by path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gold_build_tools", GOLD / "build_tools.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("spec_path", sorted((GOLD / "src").glob("*.yaml")), ids=lambda p: p.stem)
def test_gold_files_are_built_from_their_specs(spec_path: Path):
    tools = _build_tools()
    lines, negatives = tools.build(spec_path)
    stem = next(p.stem for p in GOLD_FILES if p.stem.startswith(spec_path.stem + "_"))
    on_disk = [line for _, line in _lines(GOLD / f"{stem}.jsonl")]
    assert on_disk == lines, f"{stem}.jsonl is stale: run python tests/gold/build_tools.py"
    neg_disk = [line for _, line in _lines(GOLD / f"{stem}.negatives.jsonl")]
    assert neg_disk == negatives, f"{stem}.negatives.jsonl is stale: rebuild it"
