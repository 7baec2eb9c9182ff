"""The output contract: one frozen Pydantic model per record type.

These models are the single source of truth of what a JSONL line may hold; `extract/schemas/` is
generated from them (`extract-facts schema`) and a test keeps it in sync.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, TypeAdapter

SCHEMA_VERSION = "1.0"

# Exact decimals travel as JSON strings ("729000000", "0.1709"): a JSON number would be read as
# a float by most loaders and lose the exactness the extractor guarantees.
DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"
ExactDecimal = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d.normalize(), "f"), return_type=str, when_used="json"),
    Field(json_schema_extra={"pattern": DECIMAL_PATTERN}),
]

Qualifier = Literal["over", "at_least", "nearly", "about", "under", "at_most"]
Change = Literal["increase", "decrease"]
Precision = Literal["year", "half", "quarter", "month", "day", "hour", "minute", "second"]
Format = Literal["html", "plain", "tokenised", "pdf_text"]
Script = Literal["simplified", "traditional"]
OrgType = Literal[
    "platform", "company", "insurer", "broker", "regulator", "government", "court", "research",
    "university", "media", "foundation", "association", "securities_firm", "hospital", "bank",
    "ngo", "international", "exchange", "insurance_product", "other",
]  # fmt: skip


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """Half-open interval [start, end)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Sentence(_Frozen):
    """The source sentence: code-point span in the decoded source and its clean text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Mention(_Frozen):
    """Where a piece of text sits in the source file."""

    span: Span = Field(
        description="Code points of the decoded source text, newlines as in the file."
    )
    byte_span: Span = Field(description="Bytes of the raw source file.")
    quote: str = Field(description="The decoded source text at `span`, markup and all.")
    text: str = Field(description="The clean text of the mention.")


class Subject(_Frozen):
    org_id: str
    name: str


class Range(_Frozen):
    low: ExactDecimal
    high: ExactDecimal


class TimeRef(_Frozen):
    """A temporal value attached to a figure or event (same shape as a `date` record's value)."""

    value: str | None = Field(
        description="ISO-8601 partial date/time, or start/end; null if unresolved."
    )
    precision: Precision | None = None
    resolved_from: str | None = Field(default=None, description="Anchor date used, ISO, if any.")
    text: str | None = Field(default=None, description="Clean text of the temporal expression.")


class Link(_Frozen):
    """The rule that chose each linked field (null where the field is null); the rules are
    listed in the README's "Rules of linking". On an event, `subject` is the rule behind its
    `actors` and `time` the one behind its `date`."""

    subject: str | None = Field(default=None, description="nearest_before, topic, anaphor ...")
    metric: str | None = Field(default=None, description="cue_before, noun_after, growth ...")
    time: str | None = Field(default=None, description="clause_before, leading, period ...")


class _Record(_Frozen):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    id: str = Field(description="Stable id: hash of document sha256, type and span (or key).")
    doc_id: str
    type: str  # each record type narrows it to its Literal; declared here to lead every line


class _MentionRecord(Mention, _Record):
    sentence: Sentence
    rule: str = Field(description="The rule or component that produced the record.")


class DocumentRecord(_Record):
    type: Literal["document"] = "document"
    path: str
    jsonl_line: int | None = Field(
        default=None, description="1-based line of the article in a JSONL corpus; null for files."
    )
    url: str | None = None
    sha256: str | None = Field(description="Of the raw bytes (the `text` field's UTF-8 for JSONL).")
    encoding: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    published_time: str | None = Field(default=None, description="Full ISO datetime when known.")
    published_source: Literal["front_matter", "dateline", "jsonl"] | None = None
    format: Format | None = None
    front_matter: bool = False
    script: Script | None = None
    chars: int = Field(default=0, description="Code points of the decoded source text.")
    records: int = Field(
        default=0, description="How many records of this document follow this line in the output."
    )
    status: Literal["ok", "error"] = "ok"
    error: str | None = None
    warnings: list[str] = Field(
        default_factory=list,
        description="Steps that failed on an ok document (`stage: Error: message`); the records "
        "of the other steps are kept.",
    )


class _Figure(_MentionRecord):
    qualifier: Qualifier | None = None
    subject: Subject | None = None
    source: Subject | None = Field(default=None, description="Who reports the figure, when clear.")
    metric: str | None = None
    time: TimeRef | None = None
    change: Change | None = Field(
        default=None,
        description="The figure is a change, from the word before it (同比下降27.3% -> decrease, "
        "value 27.3); null for a level. A sign belongs to the value (负2.3% -> -2.3).",
    )
    link: Link | None = Field(default=None, description="The rule behind subject, metric, time.")


class AmountRecord(_Figure):
    type: Literal["amount"] = "amount"
    value: ExactDecimal = Field(description="Exact value in units of `currency`.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    range: Range | None = None


class CountRecord(_Figure):
    type: Literal["count"] = "count"
    value: ExactDecimal
    unit: str | None = Field(description="The counted noun, simplified: 人, 人次, 家庭, 个 ...")
    range: Range | None = None


class PercentageRecord(_Figure):
    type: Literal["percentage"] = "percentage"
    value: ExactDecimal = Field(description="In percent: 8% -> 8, 万分之17.09 -> 0.1709.")
    unit: Literal["percent", "percentage_point"] = Field(
        default="percent",
        description="percentage_point for N个百分点 (a difference of two percentages).",
    )
    range: Range | None = None


class DateRecord(_MentionRecord):
    type: Literal["date"] = "date"
    value: str | None = Field(
        description="ISO-8601 partial date/time or start/end; null if unresolved."
    )
    precision: Precision | None = None
    resolved_from: str | None = Field(default=None, description="Anchor date used, if any.")
    needs_anchor: str | None = Field(
        default=None, description="When unresolved: the anchor that would resolve it (e.g. 'year')."
    )


class EventRecord(_MentionRecord):
    type: Literal["event"] = "event"
    event_type: str
    actors: list[Subject] = Field(default_factory=list)
    date: TimeRef | None = None
    status: Literal["happened", "planned"] = "happened"
    link: Link | None = Field(default=None, description="The rule behind actors and date.")


class OrganisationRecord(_Record):
    type: Literal["organisation"] = "organisation"
    org_id: str
    name: str = Field(description="Canonical simplified name.")
    org_type: OrgType
    parent: str | None = Field(default=None, description="org_id of the parent organisation.")
    mentions: list[Mention]


MENTION_TYPES: dict[str, type[_MentionRecord]] = {
    "amount": AmountRecord,
    "count": CountRecord,
    "percentage": PercentageRecord,
    "date": DateRecord,
    "event": EventRecord,
}

MODEL_OF_TYPE: dict[str, type[_Record]] = {
    "document": DocumentRecord,
    **MENTION_TYPES,
    "organisation": OrganisationRecord,
}

Record = Annotated[
    DocumentRecord
    | AmountRecord
    | CountRecord
    | PercentageRecord
    | DateRecord
    | EventRecord
    | OrganisationRecord,
    Field(discriminator="type"),
]
RECORD_ADAPTER: TypeAdapter[Record] = TypeAdapter(Record)


def record_id(doc_sha256: str | None, type_: str, key: str) -> str:
    """Stable id from content, never random: same document, type and span give the same id."""
    key = f"{doc_sha256}|{type_}|{key}"
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()[:20]


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def parse_record(line: str) -> Record:
    """Validate one JSONL line into its record model (lone surrogates arrive JSON-escaped,
    which pydantic's JSON parser refuses, so such a line goes through `json` first)."""
    if _ESCAPED_SURROGATE.search(line):
        return RECORD_ADAPTER.validate_python(json.loads(line))
    return RECORD_ADAPTER.validate_json(line)


def record_schema() -> dict:
    """The JSON Schema of one record line (what `extract/schemas/record.schema.json` holds)."""
    schema = RECORD_ADAPTER.json_schema(mode="serialization")
    schema["title"] = "extract-facts record"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
