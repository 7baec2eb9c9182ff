"""Title and publication date, and where each came from. A date is never guessed.

Order for the date (`choose_published`): front matter (`date`, `published`, ...), then a
dateline near the top of the body, then the corpus field; with `corpus_first` the corpus
field comes first. An unparsable value such as `date: Invalid Date` is skipped, not repaired.
A dateline is a short paragraph near the top holding a full date and at most a source name or
page furniture (来源: X 编辑: Y 浏览(1234), a column name, a read counter), or a headline with
its date glued to its end, or a wire dateline opening a paragraph (【XX2024年3月15日讯】).
A wire dateline without its year (本报3月15日讯) takes its year from the page date found
by the order above and then replaces it (it is the story's date); alone it is not used.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from extract.ingest.layout import DatelineRule, IngestRules

DATE_KEYS = ("date", "published", "pubDate", "pubdate", "publish_date", "created")
_TERMINAL = re.compile(r"[。！!；;]$")
_SENTENCE = re.compile(r"[。！？；]")
_HEADLINE_END = re.compile(r"[？?！!\s]$")


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
        import dateparser  # 35 ms to import; ISO dates need none of it

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
    """A dateline near the top (the shapes above); a sentence that mentions a date (it has
    end punctuation) is news, not a dateline."""
    rule = rules.dateline
    pattern, wire = _dateline_re(rule.pattern), _dateline_re(rule.wire_pattern)
    furniture = _dateline_re(rule.furniture)
    for i, (start, end) in enumerate(paragraphs[: rule.first_paragraphs]):
        text = clean[start:end].strip()
        if m := wire.search(text):
            return _stamp(m)
        if i < rule.glued_paragraphs and (found := _glued(text, pattern, rule)):
            return found
        if _SENTENCE.search(text):
            continue
        m = pattern.search(text)
        if m is None:
            continue
        rest = pattern.sub("", text)
        if "，" in rest:
            continue  # a clause: news about a date (平台于2021年3月27日宣布关停，……)
        if len(text) > rule.max_paragraph_chars or len(rest) > rule.max_other_chars:
            rest = furniture.sub("", rest)
            if len(text) > rule.max_furniture_chars or len(rest.strip()) > rule.max_other_chars:
                continue
        if found := _stamp(m):
            return found
    return None


def _glued(text: str, pattern: re.Pattern[str], rule: DatelineRule) -> tuple[date, str] | None:
    """A headline with its dateline glued to its end (……下一个是谁？2021-03-27 14:02:45)."""
    last = None
    for last in pattern.finditer(text):  # noqa: B007  (the last match is wanted)
        pass
    if last is None or last.end() != len(text) or last.start() == 0:
        return None
    if last.start() > rule.glued_headline_chars or _TERMINAL.search(text[: last.start()]):
        return None
    if not last.group("H") and not _HEADLINE_END.search(text[: last.start()]):
        return None  # a bare date after prose ……于2021年3月27日 is news, not a dateline
    return _stamp(last)


def find_yearless_wire(
    clean: str, paragraphs: list[tuple[int, int]], rules: IngestRules, page: date
) -> tuple[date, str] | None:
    """A wire dateline without its year (本报3月15日讯) in the year that puts it no later than
    the page date."""
    rule = rules.dateline
    wire = _dateline_re(rule.wire_yearless_pattern)
    for start, end in paragraphs[: rule.first_paragraphs]:
        if m := wire.search(clean[start:end]):
            for year in (page.year, page.year - 1):
                try:
                    day = date(year, int(m["m"]), int(m["d"]))
                except ValueError:
                    continue
                if day <= page:
                    return day, day.isoformat()
            return None
    return None


def choose_published(
    front_matter: dict[str, str] | None,
    clean: str,
    paragraphs: list[tuple[int, int]],
    rules: IngestRules,
    corpus_date: str | None,
    corpus_first: bool = False,
) -> tuple[tuple[date, str] | None, str | None]:
    """The publication date (date, ISO timestamp) and its source, in the order above."""

    def from_front_matter() -> tuple[date, str] | None:
        for key in DATE_KEYS:
            if (value := (front_matter or {}).get(key, "")) and (parsed := parse_date_value(value)):
                return parsed
        return None

    def from_corpus() -> tuple[date, str] | None:
        return parse_date_value(corpus_date) if corpus_date else None

    order = [
        ("front_matter", from_front_matter),
        ("dateline", lambda: find_dateline(clean, paragraphs, rules)),
        ("jsonl", from_corpus),
    ]
    if corpus_first:
        order.insert(0, order.pop())
    for source, find in order:
        if (found := find()) is not None:
            wire = find_yearless_wire(clean, paragraphs, rules, found[0])
            return (wire, "dateline") if wire else (found, source)
    return None, None


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
