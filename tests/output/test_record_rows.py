"""The fast record path against the contract: rows are built without Pydantic and written with
orjson, so every line a run writes is validated here by the models and must be exactly what
`model_dump_json` makes of the validated record (field order, defaults, decimals, escapes)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import runner
from extract.ingest.sources import FileTask
from extract.models import (
    AmountRecord,
    EventRecord,
    Link,
    Mention,
    OrganisationRecord,
    Range,
    Sentence,
    Span,
    Subject,
    TimeRef,
    parse_record,
)
from extract.output.records import shaper, validated
from extract.output.writers import record_line, row_line
from tests.conftest import REPO, SEEDS


def _contract_line(line: str) -> str:
    """The line the models make of `line`: validated, then dumped by Pydantic itself."""
    record = parse_record(line)
    try:
        return record.model_dump_json() + "\n"
    except ValueError:  # a lone surrogate: the escaped form `record_line` documents
        return record_line(record)


def assert_lines_are_the_contract(lines: list[str]) -> None:
    for n, line in enumerate(lines, 1):
        assert line.endswith("\n") and "\n" not in line[:-1], f"line {n} is not one line"
        assert _contract_line(line) == line, f"line {n} drifts from the models: {line[:200]}"


def test_every_line_of_a_seed_run_is_the_contract(tmp_path: Path) -> None:
    runner.init_worker(frozenset(), runner.DEFAULT_OPTIONS)
    lines: list[str] = []
    for path in sorted(p for p in SEEDS.iterdir() if p.is_file()):
        lines.extend(runner.process(FileTask(str(path), path.name)).lines)
    assert len(lines) > 100, "the seeds should give records of every type"
    assert {parse_record(line).type for line in lines} >= {
        "document", "amount", "count", "percentage", "date", "event", "organisation",
    }  # fmt: skip
    assert_lines_are_the_contract(lines)


def test_every_line_of_the_committed_run_is_the_contract() -> None:
    lines = (REPO / "out" / "seeds.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert_lines_are_the_contract(lines)


def test_a_row_the_models_refuse_is_named_not_kept() -> None:
    amount = shaper(AmountRecord)({
        "id": "x", "doc_id": "d", "span": {"start": 0, "end": 1},
        "byte_span": {"start": 0, "end": 1}, "quote": "a", "text": "a",
        "sentence": {"start": 0, "end": 1, "text": "a"}, "rule": "r", "value": Decimal(1),
        "currency": "yuan",
    })  # fmt: skip
    head = {"schema_version": "1.0", "id": "h", "doc_id": "d", "type": "document", "path": "p",
            "sha256": None, "records": 1, "warnings": []}  # fmt: skip
    doc, *rest = validated([head, amount])
    assert rest == [] and doc.records == 0
    assert doc.warnings[0].startswith("records: amount x: ValidationError"), doc.warnings


def test_an_unknown_payload_field_raises() -> None:
    with pytest.raises(ValueError, match="unknown fields"):
        shaper(Subject)({"org_id": "a", "name": "b", "alias": "c"})


_TEXT = st.text(st.characters(codec=None), max_size=12)  # controls, astral, lone surrogates
_DECIMAL = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: abs(d.adjusted()) < 30
)
_SPAN = st.builds(Span, start=st.integers(0, 2**40), end=st.integers(0, 2**40))
_SUBJECT = st.builds(Subject, org_id=_TEXT, name=_TEXT)
_TIME = st.builds(TimeRef, value=st.none() | _TEXT, text=st.none() | _TEXT)
_COMMON = {
    "id": _TEXT, "doc_id": _TEXT, "span": _SPAN, "byte_span": _SPAN, "quote": _TEXT,
    "text": _TEXT, "rule": _TEXT,
    "sentence": st.builds(Sentence, start=st.integers(0, 99), end=st.integers(0, 99), text=_TEXT),
}  # fmt: skip
_RECORDS = st.one_of(
    st.builds(
        AmountRecord, **_COMMON, value=_DECIMAL, currency=st.sampled_from(["CNY", "USD"]),
        subject=st.none() | _SUBJECT, time=st.none() | _TIME, metric=st.none() | _TEXT,
        range=st.none() | st.builds(Range, low=_DECIMAL, high=_DECIMAL),
        link=st.none() | st.builds(Link, subject=st.none() | _TEXT),
    ),
    st.builds(EventRecord, **_COMMON, event_type=_TEXT, actors=st.lists(_SUBJECT, max_size=3),
              date=st.none() | _TIME),
    st.builds(
        OrganisationRecord, id=_TEXT, doc_id=_TEXT, org_id=_TEXT, name=_TEXT,
        org_type=st.just("platform"), parent=st.none() | _TEXT,
        mentions=st.lists(st.builds(Mention, span=_SPAN, byte_span=_SPAN, quote=_TEXT,
                                    text=_TEXT), max_size=3),
    ),
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_RECORDS)
def test_orjson_lines_are_pydantic_lines(record) -> None:
    """Any record, any text: the fast line is Pydantic's line (or, with a lone surrogate, its
    escaped form), and the models read it back to the same line (decimals past 28 digits are
    rounded by the contract's `normalize`, before and after)."""
    line = row_line(shaper(type(record))(record))
    try:
        expected = record.model_dump_json() + "\n"
    except ValueError:
        expected = None  # lone surrogate: Pydantic cannot write it at all
    if expected is not None:
        assert line == expected
    assert _contract_line(line) == line
