"""The `zh_temporal` stage: dates, periods and relative expressions as `date` Found items.

Grammar, resolution and the anchoring policy live in extract/grammar/timeexpr/ (rules/time.yaml);
this stage runs them over the clean view with the publication date as anchor. After a related-news
heading (相关阅读, rules/time.yaml) the snippets are other articles: day-relative words there
(昨日) have no anchor.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extract.grammar.timeexpr import grammar
from extract.grammar.timeexpr.anchoring import in_context
from extract.pipeline.annotations import Found, text_of, write

RULE = "temporal"  # rule names: <family>.<rule>, as figures.amount


def related_news_start(text: str, paragraphs: list[tuple[int, int]]) -> int | None:
    """Where a related-news block starts: the end of the first heading paragraph (相关阅读)."""
    heading = grammar().related_heading
    for start, end in paragraphs:
        if heading.fullmatch(text, start, end):
            return end
    return None


def find_temporals(
    text: str, anchor: date | None, unanchored_from: int | None = None
) -> list[Found]:
    """Every temporal expression in `text`, resolved against `anchor` (None: unresolved).
    From `unanchored_from` on (a related-news block), day-relative words get no anchor."""
    return [
        Found("date", m.start, m.end, f"{RULE}.{rule}", resolved.fields())
        for m, resolved, rule in in_context(text, anchor, unanchored_from)
    ]


@Language.factory(
    "zh_temporal",
    assigns=["doc._.dates"],
    requires=[],
    default_config={},
)
class TemporalStage:
    """Finds temporal expressions; anchor is `doc._.source.published` when there is a source."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def find(self, doc: Doc) -> list[Found]:
        source = doc._.source
        if source is None:
            return find_temporals(text_of(doc), None)
        text = text_of(doc)
        cut = related_news_start(text, getattr(source, "paragraphs", []))
        return find_temporals(text, getattr(source, "published", None), cut)

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        write(doc, "dates", found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc
