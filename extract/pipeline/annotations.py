"""The typed stage contract: one Doc slot per kind, written by one stage, read by the later ones.

`doc._.source` is the ingested Document (clean text, offset map, publication date), set when
the Doc is made. Each stage writes its own slot, a list of `Found` items with a typed payload:

| slot | written by | items | payload |
|---|---|---|---|
| `doc._.orgs` | zh_organisations | `org` | `OrgFields` |
| `doc._.figures` | zh_figures | `amount`, `count`, `percentage` | `FigureFields`: value ... |
| `doc._.dates` | zh_temporal | `date` | `DateFields` |
| `doc._.facts` | zh_facts | the figures, linked | `FigureFields`: ... subject, metric, time |
| `doc._.events` | zh_events | `event` | `EventFields` |

A slot is None until its stage has run. Stages declare what they read (`requires`) and write
(`assigns`) with these names, `check_order` turns spaCy's `analyze_pipes` problems into an
error, and reading a slot no stage has written raises `StageOrderError` naming its writer.

Stages never compute provenance. They report items in clean-view code points (the text the Doc
was made from); `extract.output.records` lifts every one of them to raw offsets in one place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, Literal, NotRequired, TypedDict, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from extract.models import OrgType, Precision, Qualifier

_TEXT_KEY = "extract.text"
_WARNINGS_KEY = "extract.warnings"

Kind = Literal["org", "amount", "count", "percentage", "date", "event"]
FIGURE_KINDS: tuple[Kind, ...] = ("amount", "count", "percentage")


class OrgRef(TypedDict):
    org_id: str
    name: str


class OrgFields(OrgRef):
    org_type: OrgType
    parent: str | None
    passes: NotRequired[list[str]]  # the named resolution passes that changed the mention


class TimeFields(TypedDict):
    value: str | None
    precision: Precision | None
    resolved_from: str | None
    text: str | None


class FigureFields(TypedDict, total=False):
    """`value`, `qualifier`, `range` and `currency` (amount) or `unit` (count) from zh_figures;
    `subject`, `source`, `metric` and `time` added by zh_facts."""

    value: Decimal
    currency: str
    unit: str | None
    qualifier: Qualifier | None
    range: dict[str, Decimal] | None
    subject: OrgRef | None
    source: OrgRef | None
    metric: str | None
    time: TimeFields | None


class DateFields(TypedDict):
    value: str | None
    precision: Precision | None
    resolved_from: str | None
    needs_anchor: str | None


class EventFields(TypedDict):
    event_type: str
    actors: list[OrgRef]
    date: TimeFields | None
    status: Literal["happened", "planned"]


P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Found(Generic[P]):
    """One extraction on the clean view: its kind, span, rule and typed payload."""

    type: Kind
    start: int
    end: int
    rule: str
    fields: P = field(default_factory=dict)  # type: ignore[assignment]


Org = Found[OrgFields]
Figure = Found[FigureFields]
DateItem = Found[DateFields]
Event = Found[EventFields]


@dataclass(frozen=True, slots=True)
class Slot:
    name: str  # the Doc extension: doc._.<name>
    writer: str  # the stage that writes it
    kinds: tuple[Kind, ...]

    @property
    def attr(self) -> str:
        """The name spaCy's `assigns`/`requires` use."""
        return f"doc._.{self.name}"


SLOTS: dict[str, Slot] = {
    s.name: s
    for s in (
        Slot("orgs", "zh_organisations", ("org",)),
        Slot("figures", "zh_figures", FIGURE_KINDS),
        Slot("dates", "zh_temporal", ("date",)),
        Slot("facts", "zh_facts", FIGURE_KINDS),
        Slot("events", "zh_events", ("event",)),
    )
}
# Where a kind is read from: the linked figures once zh_facts has run, else the bare ones.
_READ_FROM: dict[Kind, tuple[str, ...]] = {
    "org": ("orgs",),
    "amount": ("facts", "figures"),
    "count": ("facts", "figures"),
    "percentage": ("facts", "figures"),
    "date": ("dates",),
    "event": ("events",),
}


class StageOrderError(RuntimeError):
    """A stage reads a slot that no stage before it writes."""


def _key(slot: str) -> str:
    return f"extract.slot.{slot}"


def _getter(slot: str) -> Any:
    return lambda doc: doc.user_data.get(_key(slot))


for _slot in SLOTS:
    if not Doc.has_extension(_slot):
        Doc.set_extension(_slot, getter=_getter(_slot))
if not Doc.has_extension("source"):
    Doc.set_extension("source", default=None)


def write(doc: Doc, slot: str, items: Iterable[Found[Any]]) -> None:
    """Set `doc._.<slot>` to `items` in offset order (each stage writes its slot once)."""
    allowed = SLOTS[slot].kinds
    ordered = sorted(items, key=lambda f: (f.start, f.end))
    wrong = sorted({f.type for f in ordered} - set(allowed))
    if wrong:
        raise TypeError(f"doc._.{slot} holds {', '.join(allowed)} items, not {', '.join(wrong)}")
    doc.user_data[_key(slot)] = ordered


def clear_slots_of(doc: Doc, stage: str) -> None:
    """After `stage` failed: its slots hold nothing, except `facts`, which is unset so readers
    fall back to the unlinked figures."""
    for slot in SLOTS.values():
        if slot.writer == stage:
            if slot.name == "facts":
                doc.user_data.pop(_key(slot.name), None)
            else:
                doc.user_data[_key(slot.name)] = []


def read(doc: Doc, slot: str) -> list[Found[Any]]:
    """`doc._.<slot>`; raises `StageOrderError`, naming the stage that writes it, when unset."""
    items = doc.user_data.get(_key(slot))
    if items is None:
        writer = SLOTS[slot]
        raise StageOrderError(
            f"{writer.attr} is not set: add {writer.writer} to the pipeline before the stage "
            "that reads it"
        )
    return items


def found_of(doc: Doc, type_: Kind | None = None) -> list[Found[Any]]:
    """The items of one kind in offset order (figures linked once zh_facts ran); with no kind,
    every item of every slot written so far. Raises `StageOrderError` when no stage before has
    written the kind's slot."""
    if type_ is not None:
        *linked, slot = _READ_FROM[type_]
        written = [s for s in linked if doc.user_data.get(_key(s)) is not None]
        return [f for f in read(doc, (written or [slot])[0]) if f.type == type_]
    written = [s for s in SLOTS if doc.user_data.get(_key(s)) is not None]
    if "facts" in written:
        written.remove("figures")
    items = [f for s in written for f in doc.user_data[_key(s)]]
    return sorted(items, key=lambda f: (f.start, f.end))


def check_order(nlp: Language) -> None:
    """Raise `StageOrderError` when a stage requires what no stage before it assigns."""
    problems = {pipe: attrs for pipe, attrs in nlp.analyze_pipes()["problems"].items() if attrs}
    if not problems:
        return
    writers = {s.attr: s.writer for s in SLOTS.values()}
    lines = [
        f"{pipe} requires {attr}, which no stage before it assigns"
        + (f" (add {writers[attr]} before {pipe})" if attr in writers else "")
        for pipe, attrs in problems.items()
        for attr in attrs
    ]
    raise StageOrderError(
        f"stages in a wrong order ({' -> '.join(nlp.pipe_names)}): " + "; ".join(lines)
    )


def text_of(doc: Doc) -> str:
    """`doc.text`, made once per Doc: spaCy rebuilds it from every token on each access, which
    costs more than a whole stage when five stages ask for it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (spaCy's tokenisation never changes it)."""
    doc.user_data[_TEXT_KEY] = text


def warnings_of(doc: Doc) -> list[str]:
    """What went wrong while annotating (`stage: Error: message`), for the document record."""
    return doc.user_data.setdefault(_WARNINGS_KEY, [])


class Spans:
    """Found items in offset order, with the ones starting in a range found by bisection."""

    def __init__(self, items: Iterable[Found]) -> None:
        self.items = sorted(items, key=lambda f: f.start)
        self.starts = [f.start for f in self.items]

    def within(self, start: int, end: int | None = None) -> list[Found]:
        """The items starting in [start, end), in offset order."""
        hi = len(self.items) if end is None else bisect_left(self.starts, end)
        return self.items[bisect_left(self.starts, start) : hi]

    def first(self, start: int) -> list[Found]:
        """The first item starting at or after `start` (none or one): `within(start)[:1]`
        without copying every later item."""
        at = bisect_left(self.starts, start)
        return self.items[at : at + 1]
