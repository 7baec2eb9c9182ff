"""Sentences on the clean view: after Chinese or Western end punctuation, and at every break.

A closing quote or bracket right after the end mark stays with its sentence (`……。”`); a
Western full stop ends a sentence only before whitespace, so 7.29 and 2.0 stay whole.
"""

from __future__ import annotations

import re
from functools import cache

from extract.ingest.layout import IngestRules


@cache
def _boundary_re(ends: str, closers: str) -> re.Pattern[str]:
    end_class = re.escape(ends)
    close_class = re.escape(closers)
    return re.compile(rf"(?:[{end_class}]+|…{{2,}}|(?<!\d)\.(?=\s))[{close_class}]*|\n")


def split_sentences(text: str, rules: IngestRules) -> list[tuple[int, int]]:
    """Clean-view spans of the sentences, whitespace trimmed, empty ones dropped; none longer
    than `sentence_max_chars` (a longer run is cut after a soft break where it can be)."""
    spans: list[tuple[int, int]] = []
    start, limit = 0, rules.sentence_max_chars
    for m in _boundary_re(rules.sentence_end, rules.sentence_close).finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        if 0 < end - start <= limit and not (text[start].isspace() or text[end - 1].isspace()):
            spans.append((start, end))  # the common sentence: nothing to trim, nothing to cut
        else:
            _add(text, start, end, spans, rules)
        start = m.end()
    _add(text, start, len(text), spans, rules)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]], rules: IngestRules) -> None:
    limit, soft = rules.sentence_max_chars, rules.sentence_soft_break
    while end - start > limit:
        cut = start + limit
        soft_at = max(text.rfind(ch, start + limit // 2, cut) for ch in soft)
        cut = soft_at + 1 if soft_at >= 0 else cut
        _trim(text, start, cut, spans)
        start = cut
    _trim(text, start, end, spans)


def _trim(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
