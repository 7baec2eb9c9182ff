"""Microsoft Recognizers-Text's Chinese specs as a public test of the figure grammar.

Recognizers-Text (MIT licence, https://github.com/microsoft/Recognizers-Text) shares its test
cases as JSON specs. Nothing of it is committed here: this converter reads the specs from a local
snapshot of the repository (a bare git directory, `RECOGNIZERS_TEXT_GIT`, by default where the
search tool's `fetch github:microsoft/Recognizers-Text` puts it) and scores them:

- money (`Specs/NumberWithUnit/Chinese/CurrencyModel.json`) and percent
  (`Specs/Number/Chinese/PercentModel.json`) run through the whole pipeline: a case passes when
  its amount (percentage) records are exactly the spec's results: same span, same value, same
  ISO currency where the spec gives one;
- numbers (`Specs/Number/Chinese/NumberModel.json`) run through the numeral parser on each
  expected span (the pipeline writes no bare numbers, by design): a result passes when
  `parse_fraction` gives its value (to the spec's 15 significant digits where it prints a
  rounded double, 350.333333333333).

Cases skipped by design are matched by `SKIPS` (a form, never a listed case) and reported with
their reason. `python -m tests.recognizers_text` prints the pass rates (`-v`: each failure).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

import regex

DEFAULT_GIT = "/work/.mirror/microsoft+Recognizers-Text/repo"
GIT_DIR = Path(os.environ.get("RECOGNIZERS_TEXT_GIT", DEFAULT_GIT))
HOW_TO_GET = (
    "Recognizers-Text snapshot not found at {path}: fetch github:microsoft/Recognizers-Text "
    "with the search tool (or clone it bare) and set RECOGNIZERS_TEXT_GIT to its git directory"
)
SPECS = {
    "money": "Specs/NumberWithUnit/Chinese/CurrencyModel.json",
    "percent": "Specs/Number/Chinese/PercentModel.json",
    "number": "Specs/Number/Chinese/NumberModel.json",
}
RECORD_TYPE = {"money": "amount", "percent": "percentage"}


@dataclass(frozen=True)
class Skip:
    models: tuple[str, ...]
    pattern: str  # searched in the case's result texts (and its input with `in_input`)
    reason: str
    in_input: bool = False


# Forms the figure grammar leaves out on purpose, each for a reason about news text.
SKIPS = [
    Skip(
        ("percent",),
        r"折",
        "折 is a discount (九折 is 90 % of a price), a shop term, not a share",
        in_input=True,
    ),
    Skip(
        ("percent", "number", "money"),
        r"[0-9０-９.．]\s*[kKｋＫmMｍＭ](?![a-zA-Z])|\d[eE][+\-－]?\d|\^",
        "scientific and programmer notation (2e5, 2^5, 40k, 2.5 M) is not how Chinese news "
        "prints a figure",
    ),
    Skip(("number",), r"打", "打 (a dozen) is a measure word, never part of a figure in news"),
    Skip(
        ("money",),
        r"[角毛]|美分|銭|\d分|[一二三四五六七八九]分$",
        "sub-units after the main unit (五元三毛, 两美元又三美分) are shop talk; news prints 5.3元",
    ),
]
NO_AMOUNT = "a currency name with no amount (人民币 美元) is no figure"


@dataclass
class Result:
    model: str
    case: str
    passed: bool
    skipped: str | None = None
    detail: str = ""


def load_spec(model: str, git_dir: Path = GIT_DIR) -> list[dict]:
    """The cases of one spec, read from the snapshot (raises FileNotFoundError without it)."""
    if not git_dir.exists():
        raise FileNotFoundError(HOW_TO_GET.format(path=git_dir))
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"HEAD:{SPECS[model]}"],
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout.decode("utf-8-sig"))


def skip_reason(model: str, case: dict) -> str | None:
    results = [r["Text"] for r in case["Results"]]
    for skip in SKIPS:
        texts = [case["Input"], *results] if skip.in_input else results
        if model in skip.models and any(regex.search(skip.pattern, t) for t in texts):
            return skip.reason
    if model == "money" and any(r["Resolution"].get("value") is None for r in case["Results"]):
        return NO_AMOUNT
    return None


def expected_value(text: str) -> Decimal:
    """A spec value (`'-2.3%'`, `'2.02107211321364E+23'`, `'6E-05%'`) as a Decimal."""
    return Decimal(text.rstrip("%"))


def same_value(got: Decimal | Fraction, spec: str) -> bool:
    """Exact, or equal to the 15 significant digits of a double the spec printed rounded."""
    want = expected_value(spec)
    if Fraction(got) == Fraction(want):
        return True
    digits = len(want.as_tuple().digits)
    if digits < 14:
        return False
    return abs(Fraction(got) - Fraction(want)) <= abs(Fraction(want)) * Fraction(1, 10**13)


def _pipeline_runner() -> Callable[[str], list]:
    from extract.ingest.decode import decode
    from extract.ingest.document import build_document
    from extract.output.records import records_for
    from extract.pipeline import annotate, default_pipeline

    nlp = default_pipeline()

    def run(text: str) -> list:
        data = text.encode("utf-8")
        document = build_document(decode(data), data, doc_id="case.txt", path="case.txt")
        return records_for(document, annotate(nlp, document))

    return run


def score_pipeline_case(model: str, case: dict, run: Callable[[str], list]) -> Result:
    name = case["Input"]
    wanted = RECORD_TYPE[model]
    got = [r for r in run(case["Input"]) if r.type == wanted]
    expected = case["Results"]
    problems = []
    unmatched = list(got)
    for e in expected:
        span = (e["Start"], e["Start"] + len(e["Text"]))
        value = e["Resolution"]["value"]
        iso = e["Resolution"].get("isoCurrency")
        match = next(
            (
                r
                for r in unmatched
                if (r.span.start, r.span.end) == span
                and same_value(r.value, value)
                and (iso is None or r.currency == iso)
            ),
            None,
        )
        if match is None:
            problems.append(f"missed {e['Text']!r} = {value} {iso or ''}".rstrip())
        else:
            unmatched.remove(match)
    for r in unmatched:
        problems.append(f"extra {r.quote!r} = {r.value} {getattr(r, 'currency', '')}".rstrip())
    return Result(model, name, not problems, detail="; ".join(problems))


def score_number_case(case: dict) -> list[Result]:
    from extract.grammar.numerals import parse_fraction

    results = []
    for e in case["Results"]:
        text, value = e["Text"], e["Resolution"]["value"]
        try:
            got: Fraction | None = parse_fraction(text)
        except (ValueError, InvalidOperation) as err:
            got, why = None, f"{type(err).__name__}: {err}"
        if got is not None:
            ok = case.get("IgnoreResolution", False) or same_value(got, value)
            why = f"parsed {float(got)!r}"
        else:
            ok = False
        results.append(
            Result("number", f"{case['Input']} / {text}", ok, detail=f"want {value}, {why}")
        )
    return results


def score(model: str, git_dir: Path = GIT_DIR) -> list[Result]:
    """One Result per case (money, percent) or per expected numeral (number)."""
    cases = load_spec(model, git_dir)
    run = _pipeline_runner() if model in RECORD_TYPE else None
    results: list[Result] = []
    for case in cases:
        reason = skip_reason(model, case)
        if reason is not None:
            results.append(Result(model, case["Input"], False, skipped=reason))
        elif run is not None:
            results.append(score_pipeline_case(model, case, run))
        else:
            results.extend(score_number_case(case))
    return results


def rate(results: list[Result]) -> tuple[int, int, float]:
    """(passed, counted, pass rate) over the results not skipped by design."""
    counted = [r for r in results if r.skipped is None]
    passed = sum(r.passed for r in counted)
    return passed, len(counted), passed / len(counted) if counted else 0.0


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    for model in SPECS:
        results = score(model)
        passed, counted, share = rate(results)
        skipped = len(results) - counted
        print(f"{model:8} {passed:4}/{counted:<4} = {share:6.1%}   ({skipped} skipped by design)")
        if verbose:
            for r in results:
                if r.skipped is None and not r.passed:
                    print(f"    FAIL {r.case!r}: {r.detail}")
    if verbose:
        reasons: dict[str, int] = {}
        for model in SPECS:
            for r in score(model):
                if r.skipped:
                    reasons[f"{model}: {r.skipped}"] = reasons.get(f"{model}: {r.skipped}", 0) + 1
        for reason, n in sorted(reasons.items()):
            print(f"  skipped {n:3}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
