"""Figure records made by hand for the consolidation tests: only what grouping reads varies."""

from __future__ import annotations

import itertools
from decimal import Decimal

from extract.models import (
    AmountRecord,
    CountRecord,
    DocumentRecord,
    PercentageRecord,
    Range,
    Sentence,
    Span,
    Subject,
    TimeRef,
)

_ids = itertools.count()
KINDS = {"amount": AmountRecord, "count": CountRecord, "percentage": PercentageRecord}


def document(doc_id: str, published: str | None) -> DocumentRecord:
    return DocumentRecord(id=f"doc-{doc_id}", doc_id=doc_id, path=doc_id, sha256=None,
                          published=published)  # fmt: skip


def figure(
    value: str,
    *,
    kind: str = "count",
    qualifier: str | None = None,
    range_: tuple[str, str] | None = None,
    time: str | None = "2020-12",
    time_text: str = "截至2020年底",
    doc: str = "a.txt",
    subject: str = "xianghubao",
    metric: str = "members",
    unit: str | None = "",
    sentence: str | None = None,
    text: str = "X",
    model: type | None = None,
    **extra: object,
) -> AmountRecord | CountRecord | PercentageRecord:
    """A figure record of `kind` (or of `model`) with a fresh id."""
    body = sentence if sentence is not None else f"{time_text}，成员{text}。"
    at = body.find(text) if text in body else 0
    fields: dict[str, object] = {
        "id": f"r{next(_ids)}",
        "doc_id": doc,
        "span": Span(start=at, end=at + len(text)),
        "byte_span": Span(start=at, end=at + len(text)),
        "quote": text,
        "text": text,
        "sentence": Sentence(start=0, end=len(body), text=body),
        "rule": "test",
        "value": Decimal(value),
        "qualifier": qualifier,
        "range": Range(low=Decimal(range_[0]), high=Decimal(range_[1])) if range_ else None,
        "subject": Subject(org_id=subject, name=subject),
        "metric": metric,
        "time": TimeRef(value=time, precision=None, text=time_text) if time else None,
        **extra,
    }
    if kind == "amount":
        fields["currency"] = "CNY"
    cls = model or KINDS[kind]
    if "unit" in cls.model_fields:  # "": the kind's usual unit (人; percent); None: no unit
        fields["unit"] = unit if unit != "" else ("percent" if kind == "percentage" else "人")
    return cls(**fields)
