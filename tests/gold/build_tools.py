"""Turn the hand-written gold specs (tests/gold/src/*.yaml) into gold JSONL.

The specs say WHAT is in each article: the quote chosen by reading it (with the occurrence, or a
longer unique context that contains it) and every value. This script only does the arithmetic a
person gets wrong: code-point and byte offsets, the clean text, the sentence, the id. It never
looks for figures, dates or names on its own.

    python -m tests.gold.build_tools                  # tests/gold/ from the seeds
    python -m tests.gold.build_tools tests/heldout2   # a held-out set from its articles/

The held-out sets (tests/heldout*/) use the same specs with an `encoding` key (their articles
come in several encodings) and their own articles/ folder.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extract.models import (
    RECORD_ADAPTER,
    Mention,
    OrganisationRecord,
    Sentence,
    Span,
    record_id,
)

GOLD_DIR = Path(__file__).resolve().parent
SEEDS_DIR = GOLD_DIR.parent.parent / "seeds"

_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z0-9]+)")
# Inline tags do not end a sentence; block tags (p, div, h1, br, img ...) do.
_INLINE_TAGS = {"span", "strong", "b", "em", "i", "a", "abbr", "font", "u"}
_END = "。！？!?"
_PDF_SOFT_BREAK_BEFORE = "。！？：”—"


class SpecError(ValueError):
    """A spec entry does not locate exactly one place in the article."""


@dataclass(frozen=True)
class Article:
    """An article as raw bytes and decoded text, with how its clean text is made.

    Spans count code points of the decoded text (a UTF-8 BOM removed); byte spans count bytes
    of the raw file in its own encoding (the BOM included), as the record contract says.
    """

    name: str
    raw: bytes
    text: str
    layout: str  # html | tokenised | pdf | plain
    encoding: str = "utf-8"
    bom: int = 0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def byte_offset(self, cp: int) -> int:
        return self.bom + len(self.text[:cp].encode(self.encoding))

    def clean(self, s: str) -> str:
        """The clean text of a raw slice: tags gone; token spaces (001) and PDF breaks gone."""
        s = _TAG.sub("", s)
        if self.layout == "tokenised":
            s = s.replace(" ", "").replace("\u3000", "")
        elif self.layout == "pdf":
            s = s.replace("\n", "")
        return s.strip()

    def locate(self, q: str, n: int | None = None, ctx: str | None = None) -> int:
        """Start of the quote: the n-th occurrence (1-based), or inside a unique context string."""
        if ctx is not None:
            if self.text.count(ctx) != 1:
                raise SpecError(f"{self.name}: context {ctx!r} occurs {self.text.count(ctx)} times")
            where = ctx.find(q)
            if where < 0:
                raise SpecError(f"{self.name}: {q!r} not inside context {ctx!r}")
            return self.text.find(ctx) + where
        starts = [m.start() for m in re.finditer(re.escape(q), self.text)]
        if n is None:
            if len(starts) != 1:
                raise SpecError(f"{self.name}: {q!r} occurs {len(starts)} times; give n or ctx")
            return starts[0]
        if not 1 <= n <= len(starts):
            raise SpecError(f"{self.name}: {q!r} has {len(starts)} occurrences, not {n}")
        return starts[n - 1]

    def all_starts(self, q: str) -> list[int]:
        return [m.start() for m in re.finditer(re.escape(q), self.text)]

    def _is_boundary_newline(self, i: int) -> bool:
        """Whether the newline run around position i ends a sentence (PDF breaks may not)."""
        if self.layout != "pdf":
            return True
        before = self.text[:i].rstrip("\n")
        after = self.text[i:].lstrip("\n")
        prev_line = before.rsplit("\n", 1)[-1]
        next_line = after.split("\n", 1)[0]
        return (
            not before
            or before[-1] in _PDF_SOFT_BREAK_BEFORE
            or prev_line.startswith("#")
            or next_line.startswith("#")
            or len(prev_line.strip()) <= 15
        )

    def _inline_tag(self, at: int) -> bool:
        m = _TAG_NAME.match(self.text, at)
        return bool(m) and m.group(1).lower() in _INLINE_TAGS

    def sentence(self, start: int, end: int) -> Sentence:
        """Best-effort sentence around [start, end): up to 。！？, a paragraph break or a tag."""
        t = self.text
        s = start
        while s > 0:
            c = t[s - 1]
            if c in _END:
                break
            if c == ">" and self.layout == "html":
                open_at = t.rfind("<", 0, s - 1)
                if not self._inline_tag(open_at):
                    break
                s = open_at
                continue
            if c == "\n" and self._is_boundary_newline(s - 1):
                break
            s -= 1
        e = end
        while e < len(t):
            c = t[e]
            if c in _END:
                e += 1
                break
            if c == "<" and self.layout == "html":
                if not self._inline_tag(e):
                    break
                e = t.find(">", e) + 1
                continue
            if c == "\n" and self._is_boundary_newline(e):
                break
            e += 1
        while s < e and t[s] in " \t\u3000":
            s += 1
        while e > s and t[e - 1] in " \t\u3000":
            e -= 1
        return Sentence(start=s, end=e, text=self.clean(t[s:e]))

    def mention(self, start: int, end: int) -> dict[str, Any]:
        quote = self.text[start:end]
        return {
            "span": {"start": start, "end": end},
            "byte_span": {"start": self.byte_offset(start), "end": self.byte_offset(end)},
            "quote": quote,
            "text": self.clean(quote),
        }


def load_article(path: Path, layout: str, encoding: str = "utf-8") -> Article:
    raw = path.read_bytes()
    bom = len(codecs.BOM_UTF8) if encoding == "utf-8" and raw.startswith(codecs.BOM_UTF8) else 0
    text = raw[bom:].decode(encoding)
    return Article(path.name, raw, text, layout, encoding, bom)


def _timeref(spec: list[Any] | None) -> dict[str, Any] | None:
    """[value, precision, text, resolved_from?] -> TimeRef dict."""
    if spec is None:
        return None
    value, precision, text, *rest = spec
    return {
        "value": value,
        "precision": precision,
        "resolved_from": rest[0] if rest else None,
        "text": text,
    }


def _subject(orgs: dict[str, dict[str, Any]], org_id: str | None) -> dict[str, str] | None:
    if org_id is None:
        return None
    return {"org_id": org_id, "name": orgs[org_id]["name"]}


_FIGURE_KEYS = {"value", "qualifier", "metric"}


def build_mention_record(art: Article, orgs: dict[str, dict[str, Any]], e: dict[str, Any]) -> dict:
    """One amount/count/percentage/date/event record from its spec entry."""
    type_ = e["t"]
    start = art.locate(e["q"], e.get("n"), e.get("ctx"))
    end = start + len(e["q"])
    rec: dict[str, Any] = {
        "id": record_id(art.sha256, type_, f"{start}:{end}"),
        "doc_id": art.name,
        "type": type_,
        **art.mention(start, end),
        "sentence": art.sentence(start, end).model_dump(),
        "rule": "gold",
    }
    if type_ in ("amount", "count", "percentage"):
        rec.update({k: e.get(k) for k in _FIGURE_KEYS})
        rec["value"] = str(e["value"])
        rec["subject"] = _subject(orgs, e.get("subj"))
        rec["source"] = _subject(orgs, e.get("source"))
        rec["time"] = _timeref(e.get("time"))
        rng = e.get("range")
        rec["range"] = {"low": str(rng[0]), "high": str(rng[1])} if rng else None
        if e.get("change"):  # heldout4 states change words; earlier specs leave it out (null)
            rec["change"] = e["change"]
        if type_ == "amount":
            rec["currency"] = e.get("cur", "CNY")
        elif type_ == "count":
            rec["unit"] = e.get("unit")
        elif e.get("unit"):  # a percentage in points (个百分点); default percent
            rec["unit"] = e["unit"]
    elif type_ == "date":
        rec["value"] = e["value"]
        rec["precision"] = e["p"]
        rec["resolved_from"] = e.get("from")
        rec["needs_anchor"] = e.get("needs")
    elif type_ == "event":
        rec["event_type"] = e["etype"]
        rec["actors"] = [_subject(orgs, a) for a in e.get("actors", [])]
        rec["date"] = _timeref(e.get("date"))
        rec["status"] = e.get("status", "happened")
    else:
        raise SpecError(f"{art.name}: unknown type {type_!r}")
    return rec


def negative_spans(art: Article, neg: dict[str, Any]) -> list[tuple[int, int]]:
    """A negative's spans: the quote itself, or from the quote to the end of `upto`.

    `all: true` takes every occurrence of the quote (every HTML comment, every image URL).
    """
    if neg.get("all"):
        starts = art.all_starts(neg["q"])
    else:
        starts = [art.locate(neg["q"], neg.get("n"), neg.get("ctx"))]
    spans = []
    for start in starts:
        end = start + len(neg["q"])
        if "upto" in neg:
            close = art.text.find(neg["upto"], end)
            if close < 0:
                raise SpecError(f"{art.name}: {neg['upto']!r} not found after {neg['q']!r}")
            end = close + len(neg["upto"])
        spans.append((start, end))
    return spans


def _in_any(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in regions)


def build_org_records(
    art: Article, orgs: dict[str, dict[str, Any]], blocked: list[tuple[int, int]]
) -> list[dict]:
    """Organisation records: every occurrence of each listed alias, longest alias first.

    An occurrence inside a blocked region (negatives, non-organisation words listed under
    `not_orgs`) or inside a longer alias already taken is not a mention.
    """
    aliases = sorted(
        ((alias, oid) for oid, o in orgs.items() for alias in o["mentions"]),
        key=lambda a: -len(a[0]),
    )
    taken: list[tuple[int, int]] = list(blocked)
    found: dict[str, list[tuple[int, int]]] = {oid: [] for oid in orgs}
    for alias, oid in aliases:
        for s in art.all_starts(alias):
            e = s + len(alias)
            if not _in_any(s, e, taken):
                found[oid].append((s, e))
                taken.append((s, e))
    out = []
    for oid, o in orgs.items():
        if not found[oid]:
            raise SpecError(f"{art.name}: organisation {oid} has no mention")
        rec = OrganisationRecord(
            id=record_id(art.sha256, "organisation", oid),
            doc_id=art.name,
            org_id=oid,
            name=o["name"],
            org_type=o["type"],
            parent=o.get("parent"),
            mentions=[
                Mention(
                    span=Span(start=s, end=e),
                    byte_span=Span(start=art.byte_offset(s), end=art.byte_offset(e)),
                    quote=art.text[s:e],
                    text=art.clean(art.text[s:e]),
                )
                for s, e in sorted(found[oid])
            ],
        )
        out.append(json.loads(rec.model_dump_json()))
    return out


def build(spec_path: Path, articles: Path = SEEDS_DIR) -> tuple[list[str], list[str]]:
    """The gold lines and negative lines of one spec, every gold line validated by the models."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    art = load_article(articles / spec["doc"], spec["layout"], spec.get("encoding", "utf-8"))
    orgs: dict[str, dict[str, Any]] = spec.get("orgs") or {}
    negatives = [
        {
            "doc_id": art.name,
            "span": {"start": start, "end": end},
            "quote": art.text[start:end],
            "reason": neg["reason"],
        }
        for neg in spec.get("negatives") or []
        for start, end in negative_spans(art, neg)
    ]
    blocked = [(n["span"]["start"], n["span"]["end"]) for n in negatives]
    for word in spec.get("not_orgs") or []:
        blocked += [(s, s + len(word)) for s in art.all_starts(word)]
    records = [build_mention_record(art, orgs, e) for e in spec.get("records") or []]
    records.sort(key=lambda r: (r["span"]["start"], r["type"]))
    records += build_org_records(art, orgs, blocked)
    lines = []
    for rec in records:
        model = RECORD_ADAPTER.validate_python(rec)
        # `link` explains a pipeline's choice; gold states facts, not how they were found
        lines.append(model.model_dump_json(exclude={"link"}))
    return lines, [json.dumps(n, ensure_ascii=False) for n in negatives]


def stem_of(spec_path: Path) -> str:
    """The gold file stem of a spec: its article's name without the extension."""
    return yaml.safe_load(spec_path.read_text(encoding="utf-8"))["doc"].rsplit(".", 1)[0]


def write_gold(folder: Path, articles: Path) -> int:
    """Rebuild <folder>/<stem>.jsonl and .negatives.jsonl from <folder>/src/*.yaml."""
    for spec_path in sorted((folder / "src").glob("*.yaml")):
        stem = stem_of(spec_path)
        lines, negatives = build(spec_path, articles)
        (folder / f"{stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / f"{stem}.negatives.jsonl").write_text(
            "\n".join(negatives) + ("\n" if negatives else ""), encoding="utf-8"
        )
        print(f"{stem}: {len(lines)} records, {len(negatives)} negatives", file=sys.stderr)
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else GOLD_DIR
    sys.exit(write_gold(target, SEEDS_DIR if target == GOLD_DIR else target / "articles"))
