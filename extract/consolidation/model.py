"""The contract of a consolidated fact: one line of `extract-facts consolidate` output.

A fact is one (subject, metric, unit, time) with every figure record behind it; its JSON Schema
is generated into `extract/schemas/fact.schema.json` (`extract-facts schema`) and a test keeps it in
sync, as for the records.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, TypeAdapter

from extract.models import (
    SCHEMA_VERSION,
    ExactDecimal,
    Qualifier,
    Range,
    Sentence,
    Span,
    Subject,
    TimeRef,
    _Frozen,
)

Status = Literal["agree", "compatible", "conflict", "single"]
Basis = Literal["as_of", "period", "published", "undated"]


class ValueInterval(_Frozen):
    """The values a claim (or all claims of a fact) allows; null bounds are unbounded."""

    low: ExactDecimal | None
    high: ExactDecimal | None
    low_open: bool = Field(description="True when `low` itself is excluded (超过1亿: > 1亿).")
    high_open: bool = Field(description="True when `high` itself is excluded (不到1亿: < 1亿).")


class FactTime(_Frozen):
    """When a fact holds: a level as of a moment in a window, or a flow over a period."""

    basis: Basis = Field(
        description="as_of: a level at some moment of [start, end]; period: a flow over exactly "
        "[start, end]; published: no time written, the article's publication date; undated: "
        "neither (compared within its document only)."
    )
    start: str | None = Field(description="First day, YYYY-MM-DD.")
    end: str | None = Field(description="Last day, YYYY-MM-DD.")


class FactSource(_Frozen):
    """One figure record behind a fact: where it is and what it claims."""

    doc_id: str
    record_id: str
    published: str | None = Field(description="The article's publication date, if known.")
    quote: str
    text: str
    span: Span
    byte_span: Span
    sentence: Sentence
    value: ExactDecimal
    qualifier: Qualifier | None
    range: Range | None
    time: TimeRef | None
    allows: ValueInterval = Field(description="The values this claim allows (README rules).")


class Claim(_Frozen):
    """One distinct claim among a fact's sources, and the records that make it."""

    value: ExactDecimal
    qualifier: Qualifier | None
    range: Range | None
    allows: ValueInterval
    record_ids: list[str]


class Fall(_Frozen):
    """An earlier fact of a cumulative series that stood higher than this one allows."""

    fact_id: str
    time: FactTime
    allows: ValueInterval
    record_ids: list[str]
    doc_ids: list[str]


class ConsolidatedFact(_Frozen):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    id: str = Field(description="Stable id: hash of subject, metric, unit, apart fields, time.")
    type: Literal["amount", "count", "percentage"]
    subject: Subject
    metric: str
    unit: str | None = Field(description="CNY (currency), 人, 人次, 家庭 ..., percent.")
    apart: dict[str, str] = Field(
        default_factory=dict, description="Other fields that keep facts apart (change: increase)."
    )
    time: FactTime
    status: Status
    value: ExactDecimal | None = Field(
        description="single, agree: the value as written (its qualifier is in `claims`); "
        "compatible: the most precise unqualified claim within `allows`, if any; conflict: null."
    )
    allows: ValueInterval | None = Field(
        description="What all claims allow together; null when they conflict."
    )
    claims: list[Claim]
    falls_from: list[Fall] = Field(
        default_factory=list,
        description="Cumulative series: an earlier fact whose value this one falls below.",
    )
    documents: int = Field(description="How many documents the sources come from.")
    sources: list[FactSource]


FACT_ADAPTER: TypeAdapter[ConsolidatedFact] = TypeAdapter(ConsolidatedFact)
