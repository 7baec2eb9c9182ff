"""The Chinese DateTime specs of microsoft/Recognizers-Text (MIT) as a measure of the time engine.

The specs are read from a local snapshot, never copied here (workplace rule): set
`RECOGNIZERS_TEXT` to a bare git directory of the repository (default: the `fetch` mirror
below) or to a checkout. Each case is converted faithfully to this project's conventions:

- a year-less date accepts either of its two readings (Recognizers gives past and future);
- a single period (2018-10, 2017-W13) becomes our written value (2018-10, a day interval for a
  week: Recognizers' end is exclusive, ours inclusive); an interval `(a,b,PnX)` is compared at
  the granularity of its unit, its end taken as written or as exclusive (both are accepted: the
  specs mix the two);
- a part of day (昨晚: 2016-11-06TEV) is compared on its day: ours are day precision by design;
- `not resolved` (2月30日) passes when we give no value there.

Results of kinds we do not record are skipped by design, each kind with its reason (`SKIPS`);
a case is skipped when all its results are. A result passes when a date we find overlaps its
span with an accepted value; a case with no results passes when we find no date.

    python -m tests.recognizers_dates            # pass rate per file, then the failures
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from extract.pipeline.temporal import find_temporals

DEFAULT_SNAPSHOT = "/work/.mirror/microsoft+Recognizers-Text/repo"
SPEC_DIR = "Specs/DateTime/Chinese"
FILES = (
    "DateTimeModel",
    "DateParser",
    "DatePeriodParser",
    "HolidayParser",
    "DateTimeParser",
    "DateTimePeriodParser",
)
HOW_TO_GET = (
    "Recognizers-Text snapshot absent: fetch github:microsoft/Recognizers-Text (or clone it) "
    "and set RECOGNIZERS_TEXT to its git directory or checkout"
)

# Kinds of result this project does not record, by design, with the reason.
SKIPS: dict[str, str] = {
    "kind": "a time of day without a date, a duration or a recurring set: not a date record",
    "era": "years before 1900 and imperial eras (康熙三年): the resolver reads 1900-2099",
    "lunar": "lunar dates and lunar holidays: Recognizers writes the lunar month/day as if it "
    "were Gregorian (中秋 -> XXXX-08-15); ours converts to the Gregorian day",
    "open": "open ranges (以前, 之后, 或之后, 起, 开始): the project dates the point, not the ray",
    "window": "rolling windows (近三年, 过去十年, 前1周, 未来两天): ours count whole calendar "
    "units ending with the anchor's (近三年 = three calendar years), theirs exact offsets",
    "clock": "hours and minutes counted from the moment of speaking (上个小时, 2分钟前, 现在): "
    "a news article has no such clock",
    "numeric": "numeric day-first, two-digit-year or year-less numeric dates (3-7-2017, "
    "05/05/89, 12/1): ambiguous in Chinese news, not read",
    "season": "seasons (今年夏天): no date record",
    "no_reference": "no reference date in the case, and the value depends on one",
}
_ERA = re.compile(r"康熙|雍正|神龙|乾隆|嘉庆|道光|光绪|宣统|顺治|咸丰|同治")
_LUNAR = re.compile(
    r"农历|農曆|正月|腊月|臘月|初[一二三四五六七八九十]|大年|春节|春節|中秋|端午|元宵|除夕|重阳|重陽|七夕"
)
_WINDOW = re.compile(
    r"(?:近|过去|過去|前|后|後|上|未来|未來|最后|最後|还剩|還剩)\s*[0-9一二两兩三四五六七八九十]+\s*"
    r"(?:个|個)?\s*(?:年|月|周|週|星期|天|日)"
    r"|(?:最后|最後|前)\s*[0-9一二两兩三四五六七八九十]+\s*(?:个|個)?\s*(?:周|週|月|天)"
)
_NUMERIC = re.compile(r"^\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?$|^\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$")
_PART_OF_DAY = re.compile(r"T(?:MO|AF|EV|NI|MI|DT)$")


@dataclass(frozen=True)
class Expected:
    """One result of a case: its span, and either the values we accept or a skip reason."""

    start: int
    end: int
    text: str
    accepted: frozenset[str]  # empty: we should give no value here
    skip: str | None = None


@dataclass(frozen=True)
class Case:
    file: str
    index: int
    text: str
    anchor: date | None
    results: tuple[Expected, ...]


def snapshot() -> Path | None:
    """The snapshot's path if present (a bare git dir or a checkout)."""
    path = Path(os.environ.get("RECOGNIZERS_TEXT", DEFAULT_SNAPSHOT))
    return path if (path / SPEC_DIR).is_dir() or (path / "HEAD").is_file() else None


def _read_spec(root: Path, name: str) -> list[dict]:
    rel = f"{SPEC_DIR}/{name}.json"
    if (root / rel).is_file():
        text = (root / rel).read_text(encoding="utf-8-sig")
    else:
        out = subprocess.run(
            ["git", "--git-dir", str(root), "show", f"HEAD:{rel}"],
            check=True,
            capture_output=True,
        )
        text = out.stdout.decode("utf-8-sig")
    return json.loads(text)


def _alternatives(result: dict) -> tuple[str, list[tuple[str, str | None, str | None]]]:
    """(type, [(timex, start-or-value, end)]) in either of the two spec shapes."""
    if "Resolution" in result:
        kind = result["TypeName"].split(".")[-1]
        alts = []
        for v in result["Resolution"].get("values", []):
            alts.append((v.get("timex", ""), v.get("value", v.get("start")), v.get("end")))
        return kind, alts
    kind = result.get("Type", "")
    value = result.get("Value") or {}
    alts = []
    for key in ("PastResolution", "FutureResolution"):
        res = value.get(key) or {}
        if not res:
            continue
        start = res.get("date") or res.get("dateTime") or res.get("startDate")
        start = start or res.get("startDateTime")
        end = res.get("endDate") or res.get("endDateTime")
        alts.append((value.get("Timex", ""), start, end))
    return kind, alts


def _at(stamp: str, gran: str) -> str:
    """A resolution stamp (2016-11-06, 2016-11-06 14:00:00) written at a granularity."""
    stamp = stamp.replace(" ", "T")
    cut = {"year": 4, "month": 7, "day": 10, "hour": 13, "minute": 16, "second": 19}[gran]
    return stamp[:cut] + (":00" if gran == "hour" else "")


def _minus_day(stamp: str) -> str:
    day = datetime.fromisoformat(stamp.replace(" ", "T")) - timedelta(days=1)
    return day.isoformat()


def _element_gran(timex: str) -> str:
    """Granularity of one timex point: 2016, 2016-05, XXXX-01-10, 2016-11-06T14, T14:20."""
    if "T" in timex:
        clock = timex.split("T", 1)[1]
        return {1: "hour", 2: "minute", 3: "second"}.get(len(clock.split(":")), "hour")
    parts = timex.split("-")
    if len(parts) == 1:
        return "year"
    if len(parts) == 2 and not parts[1].startswith("W"):
        return "month"
    return "day"


def _accepted(timex: str, alts: list[tuple[str, str | None, str | None]]) -> set[str]:
    out: set[str] = set()
    for _, start, end in alts:
        if start is None:
            continue
        if timex.startswith("("):
            first, second, period = timex[1:-1].split(",")
            unit = period[-1] if not period.startswith("PT") else "T"
            gran = {"Y": "year", "M": "month"}.get(unit, _element_gran(first))
            if unit in ("W", "D"):
                gran = "day"
            end_gran = gran if unit != "T" else _element_gran(second)
            assert end is not None
            lo = _at(start, gran)
            for hi in {_at(end, end_gran), _at(_minus_day(end), end_gran)}:
                out.add(f"{lo}/{hi}")
        elif _PART_OF_DAY.search(timex):
            out.add(_at(start, "day"))
        elif re.search(r"-W\d\d(?:-WE)?$|-WXX-WE$", timex):
            assert end is not None
            out.add(f"{_at(start, 'day')}/{_at(_minus_day(end), 'day')}")
        else:
            out.add(_at(start, _element_gran(timex.replace("XXXX", "2000"))))
    return out


def _skip(kind: str, text: str, timex: str, alts: list, anchor: date | None) -> str | None:
    if kind in ("time", "timerange", "duration", "set"):
        return "kind"
    if _ERA.search(text) or any(s and s[:4].isdigit() and s[:4] < "1900" for _, s, _ in alts):
        return "era"
    if _LUNAR.search(text):
        return "lunar"
    if re.search(r"SU|WI|FA|SP$", timex) and "not resolved" in {s for _, s, _ in alts}:
        return "season"
    if "REF" in timex or re.search(r"PT\d", timex) or re.search(r"(分钟|分鐘|小时|小時)", text):
        return "clock"
    if any(s is None or (e is None and kind.endswith("range")) for _, s, e in alts):
        return "open"
    if _WINDOW.search(text):
        return "window"
    if _NUMERIC.match(text.strip()):
        return "numeric"
    if anchor is None and "XXXX" in timex:
        return "no_reference"
    return None


def _expected(result: dict, anchor: date | None) -> Expected:
    text = result["Text"]
    start = result["Start"]
    end = start + result["Length"] if "Length" in result else result["End"] + 1
    kind, alts = _alternatives(result)
    timex = alts[0][0] if alts else ""
    reason = _skip(kind, text, timex, alts, anchor)
    if reason is not None:
        return Expected(start, end, text, frozenset(), reason)
    unresolved = not alts or any(s in ("not resolved", "0001-01-01") for _, s, _ in alts)
    accepted = frozenset() if unresolved else frozenset(_accepted(timex, alts))
    return Expected(start, end, text, accepted)


def cases(root: Path) -> Iterator[Case]:
    for name in FILES:
        for i, raw in enumerate(_read_spec(root, name)):
            ref = (raw.get("Context") or {}).get("ReferenceDateTime")
            anchor = date.fromisoformat(ref[:10]) if ref else None
            results = tuple(_expected(r, anchor) for r in raw.get("Results", []))
            yield Case(name, i, raw["Input"], anchor, results)


def _passes(case: Case) -> bool:
    found = [f for f in find_temporals(case.text, case.anchor) if f.type == "date"]
    if not case.results:
        return not found
    for exp in case.results:
        if exp.skip is not None:
            continue
        here = [f for f in found if f.start < exp.end and exp.start < f.end]
        if exp.accepted:
            if not any(f.fields["value"] in exp.accepted for f in here):
                return False
        elif any(f.fields["value"] is not None for f in here):
            return False
    return True


def skipped(case: Case) -> str | None:
    """The by-design reason when every result of the case is skipped, else None."""
    reasons = {r.skip for r in case.results}
    if case.results and None not in reasons:
        return sorted(r for r in reasons if r)[0]
    return None


@dataclass
class Score:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def rate(self) -> float:
        return self.passed / max(1, self.passed + self.failed)


def measure(root: Path) -> tuple[dict[str, Score], list[Case], dict[str, int]]:
    """Per-file scores, the failing cases, and how many cases each skip reason took."""
    scores: dict[str, Score] = {name: Score() for name in FILES}
    failures: list[Case] = []
    reasons: dict[str, int] = {}
    for case in cases(root):
        score = scores[case.file]
        reason = skipped(case)
        if reason is not None:
            score.skipped += 1
            reasons[reason] = reasons.get(reason, 0) + 1
        elif _passes(case):
            score.passed += 1
        else:
            score.failed += 1
            failures.append(case)
    return scores, failures, reasons


def main() -> int:
    root = snapshot()
    if root is None:
        print(HOW_TO_GET, file=sys.stderr)
        return 2
    scores, failures, reasons = measure(root)
    total = Score()
    for name, s in scores.items():
        total.passed += s.passed
        total.failed += s.failed
        total.skipped += s.skipped
        print(f"{name:22} pass {s.passed:4} fail {s.failed:4} skip {s.skipped:4}  {s.rate:.3f}")
    print(f"{'all':22} pass {total.passed:4} fail {total.failed:4} skip {total.skipped:4}  "
          f"{total.rate:.3f}")
    for reason, n in sorted(reasons.items()):
        print(f"  skipped by design ({reason}, {n}): {SKIPS[reason]}")
    for case in failures:
        got = [
            (case.text[f.start : f.end], f.fields["value"])
            for f in find_temporals(case.text, case.anchor)
        ]
        want = [(r.text, sorted(r.accepted)) for r in case.results if r.skip is None]
        print(f"FAIL {case.file}[{case.index}] {case.text!r} @{case.anchor}: want {want} got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
