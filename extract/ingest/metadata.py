"""Title and publication date, and where each came from. A date is never guessed.

Order for the date: front matter (`date`, `published`, ...), then a dateline near the top of the
body (`2021-03-27 14:02:45`, `2020-12-27 手機鳳凰網`), then the corpus field; an unparsable
value such as `date: Invalid Date` is skipped, not repaired.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

import dateparser

from extract.ingest.layout import IngestRules

DATE_KEYS = ("date", "published", "pubDate", "pubdate", "publish_date", "created")
_TERMINAL = re.compile(r"[。！!；;]$")
_SENTENCE = re.compile(r"[。！？；]")


@cache
def _dateline_re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def parse_date_value(value: str) -> tuple[date, str] | None:
    """A front-matter or corpus date: (date, ISO timestamp as precise as given), or None.

    dateparser does ISO and Western forms well; STRICT_PARSING refuses to invent missing parts.
    """
    value = value.strip()
    if not value or not re.search(r"\d{4}", value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = dateparser.parse(
            value,
            languages=["en"],
            settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"},
        )
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", value))
    stamp = parsed.isoformat() if has_time else parsed.date().isoformat()
    return parsed.date(), stamp


def find_dateline(
    clean: str, paragraphs: list[tuple[int, int]], rules: IngestRules
) -> tuple[date, str] | None:
    """A short paragraph near the top that is a full date plus at most a source name, or a
    wire dateline opening a paragraph (【XX2024年3月15日讯】).

    A sentence that mentions a date (it has end punctuation) is news, not a dateline.
    """
    rule = rules.dateline
    pattern, wire = _dateline_re(rule.pattern), _dateline_re(rule.wire_pattern)
    for start, end in paragraphs[: rule.first_paragraphs]:
        text = clean[start:end]
        if m := wire.search(text):
            return _stamp(m)
        if len(text) > rule.max_paragraph_chars or _SENTENCE.search(text):
            continue
        m = pattern.search(text)
        if m and len(text) - len(m.group()) <= rule.max_other_chars and (found := _stamp(m)):
            return found
    return None


def _stamp(m: re.Match[str]) -> tuple[date, str] | None:
    """(date, ISO timestamp as precise as the match) of a dateline match; None if no such day."""
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    hour = m.groupdict().get("H")
    if hour is None:
        return day, day.isoformat()
    try:
        stamp = datetime(day.year, day.month, day.day, int(hour), int(m["M"]), int(m["S"] or 0))
    except ValueError:
        return day, day.isoformat()
    return day, stamp.isoformat()


def guess_title(
    clean: str, paragraphs: list[tuple[int, int]], headings: list[tuple[int, str]]
) -> str | None:
    """The first top-level heading, else a short first paragraph that is not a sentence."""
    top = [text for level, text in headings if level == 1]
    if top:
        return top[0]
    if len(paragraphs) > 1:
        start, end = paragraphs[0]
        first = clean[start:end].strip()
        if 0 < len(first) <= 64 and not _TERMINAL.search(first):
            return first
    return None
