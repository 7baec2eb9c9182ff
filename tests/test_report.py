"""`extract-facts report`: the page's content and structure, then the page in headless Chromium.

The unit tests parse the HTML with the standard library; the browser tests open it in Debian's
`chromium` through Playwright (never `playwright install`: the system browser is used) and skip
with the reason when no Chromium binary is present. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from extract.models import AmountRecord, CountRecord, PercentageRecord, Record, parse_record
from extract.review.report import build_report, register, write_report
from extract.review.report_data import value_text
from tests.conftest import REPO
from tests.test_trace import Run, write_run

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SEEDS_RUN = REPO / "out" / "seeds.jsonl"
VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "source"}


class Page(HTMLParser):
    """What a test needs from the page, and every nesting error found on the way. The page
    renders document texts, timeline items and a large run's consolidated facts from inert
    blocks and its data: those fragments are parsed too (`fragments=True`), as the browser
    would when it shows them. `data` is the page's index with each document's `html` and each
    record's `fields` and `csv` put back from the blocks; `rows` are the facts rows' cells as
    the page shows them."""

    def __init__(self, text: str, fragments: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.external: list[str] = []
        self.tags: list[str] = []
        self.marks: list[tuple[list[int], str]] = []
        self.rows: list[tuple[int, list[str]]] = []
        self.timeline: list[tuple[int, str]] = []
        self.data: dict[str, Any] = {}
        self._text: list[str] | None = None
        self._cells: list[str] | None = None
        self.blocks: dict[str, str] = {}
        self._script: tuple[str, list[str]] | None = None
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed at the end: {self.stack}")
        if "report-data" in self.blocks:
            self._assemble()
        if fragments and self.data:
            pieces = [d["html"] for d in self.data["docs"] if d["html"] is not None]
            pieces += [f"<ol>{item}</ol>" for _, item in self.data["timeline"]]
            pieces += [v for k, v in self.blocks.items() if k == "consolidated-html"]
            for piece in pieces:
                part = Page(piece, fragments=False)
                self.errors += part.errors
                self.ids += part.ids
                self.external += part.external
                self.marks += part.marks
                self.rows += part.rows
                self.timeline += part.timeline

    def _assemble(self) -> None:
        self.data = json.loads(self.blocks["report-data"])
        for d, doc in enumerate(self.data["docs"]):
            doc["html"] = self.blocks.get(f"text-{d}")
        columns = self.data["records"]
        keys = [k for k in columns if k != "org_ids"]
        rows = zip(*(columns[k] for k in keys), strict=True)
        records = [dict(zip(keys, row, strict=True)) for row in rows]
        for key, block in self.blocks.items():
            if key.startswith("rec-"):
                for i, entry in json.loads(block).items():
                    records[int(i)].update(entry)
        search = json.loads(self.blocks["search-index"])
        for r, words in zip(records, search, strict=True):
            r["type"] = self.data["kinds"][r["type"]]
            r["orgs"] = [columns["org_ids"][k] for k in r["orgs"]]
            r["target"] = None if r["target"] is None else f"d{r['d']}s{r['target']}"
            r["search"] = words
        self.data["records"] = records
        strings = self.data["facts"]["strings"]
        for i, *cells in self.data["facts"]["rows"]:
            doc, subject, metric, value, scale, time, text = (strings[k] for k in cells)
            shown = f"{value} {scale}" if scale else value
            self.rows.append((i, [doc, subject or "—", metric or "—", shown, time or "—", text]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.append(a["id"] or "")
        for key in ("src", "href", "action"):
            if a.get(key) and not (a[key] or "").startswith("#"):
                self.external.append(f"{tag} {key}={a[key]}")
        if tag == "link":
            self.external.append(f"link {a}")
        if tag == "mark":
            self._text = []
            self.marks.append(([int(i) for i in (a["data-r"] or "").split()], ""))
        elif tag == "tr" and "data-r" in a:
            self._cells = []
            self.rows.append((int(a["data-r"] or 0), self._cells))
        elif tag == "li" and "data-r" in a:
            self._text = []
            self.timeline.append((int((a["data-r"] or "0").split()[0]), ""))
        elif tag == "td" and self._cells is not None:
            self._cells.append("")
        if tag == "script" and a.get("type") in ("application/json", "text/x-inert"):
            self._script = (a.get("id") or "", [])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == "script" and self._script is not None:
            self.blocks[self._script[0]] = "".join(self._script[1])
            self._script = None
        elif tag == "mark" and self._text is not None:
            self.marks[-1] = (self.marks[-1][0], "".join(self._text))
            self._text = None
        elif tag == "li" and self._text is not None and self.timeline:
            self.timeline[-1] = (self.timeline[-1][0], " ".join(self._text))
            self._text = None
        elif tag == "tr":
            self._cells = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
            return
        if self._text is not None:
            self._text.append(data)
        if self._cells:
            self._cells[-1] += data


@pytest.fixture
def run_files(tmp_path: Path) -> Run:
    return write_run(tmp_path)


@pytest.fixture
def page(run_files: Run) -> tuple[str, Page]:
    report = build_report(run_files.output)
    html, problems = report.html, report.problems
    assert report.files == {}, "a small run is one file"
    assert problems == [], f"a fresh run should re-read cleanly: {problems}"
    return html, Page(html)


def test_structure_is_valid_and_self_contained(page: tuple[str, Page]) -> None:
    html, parsed = page
    assert html.startswith("<!DOCTYPE html>"), "the page should declare HTML5"
    assert parsed.errors == [], f"badly nested tags: {parsed.errors[:5]}"
    for tag in ("html", "head", "body", "main"):
        assert parsed.tags.count(tag) == 1, f"expected one <{tag}>, got {parsed.tags.count(tag)}"
    for tag in ("table", "thead", "tbody"):  # the facts table and the consolidated facts
        assert parsed.tags.count(tag) == 2, f"expected two <{tag}>, got {parsed.tags.count(tag)}"
    dupes = {i for i in parsed.ids if parsed.ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {sorted(dupes)}"
    assert parsed.external == [], f"the page must not load anything: {parsed.external}"
    assert "@@" not in html, "a template marker was left unfilled"
    for needle in ("http://", "https://", "url(", "@import", "@font-face"):
        assert needle not in html, f"{needle!r} would reach for the network or a font file"
    assert "Noto Sans CJK SC" in html and "Microsoft YaHei" in html, "CJK font stack missing"


def test_every_record_is_in_the_page_and_highlighted_where_it_is(
    run_files: Run, page: tuple[str, Page]
) -> None:
    _, parsed = page
    ids = [r["id"] for r in parsed.data["records"]]
    shown = [r for r in run_files.records if r.type != "document"]
    assert {r.id for r in shown} <= set(ids), "every record should be in the page data"
    for record in shown:
        i = ids.index(record.id)
        pieces = "".join(text for covers, text in parsed.marks if i in covers)
        texts = (
            [m.text for m in record.mentions] if record.type == "organisation" else [record.text]
        )
        assert pieces == "".join(texts), (
            f"{record.type} {record.text if hasattr(record, 'text') else record.name}: "
            f"highlighted {pieces!r}, expected {texts}"
        )


def _row_cells(parsed: Page) -> list[list[str]]:
    return [[c.strip() for c in cells] for _, cells in parsed.rows]


def test_facts_table_lists_every_figure_with_subject_metric_value_time(
    page: tuple[str, Page],
) -> None:
    _, parsed = page
    rows = _row_cells(parsed)
    assert len(rows) == 5, f"4 figures in one article and 1 in the other, got {rows}"
    expected = [
        ["huzhu.html", "相互宝", "management_fee_rate", "8%", "—", "8%"],
        ["huzhu.html", "相互宝", "management_fee", "729,000,000 CNY 7.29亿", "2020", "7.29亿元"],
        ["huzhu.html", "水滴筹", "campaigns", "over 2,511,000 人次 251.1万", "2016-06/2021-12",
         "超过251.1万人次"],
        ["huzhu.html", "水滴筹", "funds_raised", "48,400,000,000 CNY 484亿", "2016-06/2021-12",
         "484亿元"],
        ["other.txt", "—", "management_fee", "729,000,000 CNY 7.29亿", "—", "7.29亿元"],
    ]  # fmt: skip
    assert rows == expected, f"facts table rows differ:\n{rows}"


def test_timeline_holds_dated_events_only(run_files: Run, page: tuple[str, Page]) -> None:
    _, parsed = page
    items = [" ".join(text.split()) for _, text in parsed.timeline]
    assert len(items) == 1, f"only the dated event belongs on the timeline, got {items}"
    assert items[0].startswith("2021-03-05 report_published 相互宝"), items[0]


def test_organisation_filter_data(page: tuple[str, Page]) -> None:
    """A figure relates to its subject and to organisations named in its sentence."""
    _, parsed = page
    by_label = {r["label"]: r for r in parsed.data["records"]}
    fee = by_label["amount: 729,000,000 CNY · 相互宝 · management_fee · 2020"]
    assert fee["orgs"] == ["xianghubao"], f"the fee relates to 相互宝: {fee['orgs']}"
    other = by_label["amount: 729,000,000 CNY · management_fee"]
    assert other["orgs"] == [], "an unlinked figure in a sentence without orgs relates to none"
    date = by_label["date: 2021-03-05 · day"]
    assert date["orgs"] == ["xianghubao"], "a date relates to the org in its sentence"
    assert fee["target"] and fee["target"].startswith("d0s"), "facts jump to their sentence"


def test_changed_source_is_reported_not_highlighted(
    run_files: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = run_files.sources["huzhu.html"]
    source.write_text(source.read_text(encoding="utf-8").replace("<h1>", "<h1 id='x'>"), "utf-8")
    target = tmp_path / "report" / "page.html"
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", str(run_files.output), "-o", str(target)])
    assert args.func(args) == 1, "a changed source should make `report` exit 1"
    err = capsys.readouterr().err
    assert "sha256 differs" in err, f"the change should be reported on stderr:\n{err}"
    parsed = Page(target.read_text(encoding="utf-8"))
    assert parsed.errors == [], "the page is still well formed"
    assert "sha256 differs" in target.read_text(encoding="utf-8"), "the page names the problem"
    ids = [r["id"] for r in parsed.data["records"]]
    huzhu = {ids.index(r.id) for r in run_files.records if r.doc_id == "huzhu.html"}
    assert not any(set(covers) & huzhu for covers, _ in parsed.marks), (
        "records of a changed source must not be highlighted at possibly wrong places"
    )
    assert any(covers for covers, _ in parsed.marks), "the unchanged article keeps its marks"


def test_report_writes_atomically_and_exits_0(run_files: Run, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", str(run_files.output), "-o", str(target)])
    assert args.func(args) == 0, "a clean run should exit 0"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.html")] == [], (
        "no temporary file may be left behind"
    )
    assert target.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_text_from_the_run_cannot_break_the_page(run_files: Run) -> None:
    """Titles and quotes are data: a `</script>` in them must neither end the data element
    early nor become markup."""
    hostile = "年报</script><script>alert(1)</script>&amp;"
    lines = run_files.output.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert first["type"] == "document", "the run starts with a document record"
    first["title"] = hostile
    run_files.output.write_text(
        "\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8"
    )
    html = build_report(run_files.output).html
    parsed = Page(html)
    assert parsed.errors == [], f"hostile text broke the nesting: {parsed.errors[:3]}"
    assert len(parsed.blocks) == parsed.tags.count("script") - 1, (
        "only the page's own script may run; every other is a data block"
    )
    titles = [r["fields"].get("title") for r in parsed.data["records"]]
    assert hostile in titles, "the data element should parse whole, title included"


VALUE_CASES = [
    (AmountRecord, {"value": Decimal(729000000), "currency": "CNY"}, "729,000,000 CNY"),
    (CountRecord, {"value": Decimal(2511000), "unit": "人次", "qualifier": "over"},
     "over 2,511,000 人次"),
    (PercentageRecord, {"value": Decimal("0.1709")}, "0.1709%"),
    (CountRecord, {"value": Decimal(1), "unit": "家",
                   "range": {"low": Decimal(1), "high": Decimal(5)}}, "1–5 家"),
    (AmountRecord, {"value": Decimal("1E+4"), "currency": "USD", "qualifier": "at_least"},
     "at least 10,000 USD"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("model", "fields", "shown"), VALUE_CASES, ids=["amount", "count", "per-ten-k", "range", "exp"]
)
def test_value_text(model: type[Record], fields: dict[str, Any], shown: str) -> None:
    span = {"start": 0, "end": 1}
    record = model(id="x", doc_id="d", span=span, byte_span=span, quote="x", text="x",
                   sentence={"start": 0, "end": 1, "text": "x"}, rule="t", **fields)  # fmt: skip
    assert value_text(record) == shown


# --- the seeds: the design card's two facts, once the figures and facts stages have run -------


def _design_card_facts() -> list[Record]:
    """The design card's two facts in the committed seed run; fails (never skips) without them."""
    wanted = {
        ("相互宝", "management_fee", Decimal(729000000), "2020"),
        ("水滴筹", "funds_raised", Decimal(48400000000), "2016-06/2021-12"),
    }
    found = []
    for line in SEEDS_RUN.read_text(encoding="utf-8").splitlines():
        r = parse_record(line)
        if not (isinstance(r, AmountRecord) and r.subject and r.time):
            continue
        if (r.subject.name, r.metric, r.value, r.time.value) in wanted and r.currency == "CNY":
            found.append(r)
    assert len(found) == 2, (
        "out/seeds.jsonl lacks the design card's two facts (相互宝 management_fee 7.29亿 2020, "
        f"水滴筹 funds_raised 484亿 2016-06/2021-12); found {found}: rerun `python -m extract run`"
    )
    return found


DESIGN_ROWS = [
    ("相互宝", "management_fee", "729,000,000 CNY 7.29亿", "2020"),
    ("水滴筹", "funds_raised", "48,400,000,000 CNY 484亿", "2016-06/2021-12"),
]


def test_seeds_report_lists_the_design_card_facts() -> None:
    _design_card_facts()
    report = build_report(SEEDS_RUN)
    html, problems = report.html, report.problems
    assert problems == [], f"the seeds should re-read cleanly: {problems}"
    rows = {tuple(cells[1:5]) for cells in _row_cells(Page(html))}
    for row in DESIGN_ROWS:
        assert row in rows, f"design-card fact {row} missing from the facts table"


# --- in the browser ---------------------------------------------------------------------------


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


CHROMIUM = _chromium()
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary (apt-get install chromium, or set CHROMIUM=/path/to/chrome)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the [browser] extra (Playwright) is not installed: pip install '.[browser]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """A laptop-sized tab that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("request", lambda r: None if r.url.startswith("file:") else tab.errors.append(r.url))
    yield tab
    context.close()


def _write_page(run_output: Path, target: Path) -> str:
    write_report(run_output, target)
    return target.resolve().as_uri()


def _in_viewport(tab: Any, selector: str) -> bool:
    return tab.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }",
    )


def _click_fact(tab: Any, subject: str, metric: str, value: str | None = None) -> None:
    row = tab.locator(
        f'#facts tbody tr:has(td:nth-child(2):text-is("{subject}"))'
        f':has(td:nth-child(3):text-is("{metric}"))'
    )
    if value is not None:
        row = row.filter(has_text=value)
    assert row.count() == 1, f"one facts row for {subject} {metric} expected, got {row.count()}"
    row.click()


@needs_chromium
def test_browser_table_jumps_to_sentence_filters_and_details(
    run_files: Run, tmp_path: Path, open_page: Any
) -> None:
    tab = open_page
    tab.goto(_write_page(run_files.output, tmp_path / "report.html"))
    cells = tab.locator("#facts tbody tr").all_inner_texts()
    assert any("相互宝\tmanagement_fee\t729,000,000 CNY" in c for c in cells), (
        f"the table should list the 相互宝 fee: {cells}"
    )
    assert not _in_viewport(tab, "#d0s3"), "the fee's sentence should start below the fold"

    _click_fact(tab, "相互宝", "management_fee")
    current = tab.locator(".sent.current")
    assert current.count() == 1, "clicking a fact highlights exactly one sentence"
    assert current.inner_text() == "2020年，相互宝实际收到的管理费共计7.29亿元。"
    assert _in_viewport(tab, ".sent.current"), "the sentence should be scrolled into view"
    assert tab.locator("mark.selected").inner_text() == "7.29亿元", "the figure is outlined"
    assert "729000000" in tab.locator("#details").inner_text(), "details show the record"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "report.png"))

    tab.locator("#types input[data-type=amount]").uncheck()
    visible = tab.locator("#facts tbody tr:not([hidden])").all_inner_texts()
    assert visible and not any("CNY" in row for row in visible), f"amounts hidden: {visible}"
    tab.locator("#types input[data-type=amount]").check()
    tab.select_option("#org", "shuidichou")
    visible = tab.locator("#facts tbody tr:not([hidden])").all_inner_texts()
    assert len(visible) == 2 and all("水滴筹" in row for row in visible), visible
    assert tab.locator("section.doc:not([hidden])").count() == 1, "other documents hidden"
    tab.select_option("#org", "")

    tab.locator("mark.t-event", has_text="公布").click()
    assert "report_published" in tab.locator("#details").inner_text(), "a mark shows its record"
    tab.locator(".timeline li").first.click()
    assert tab.locator(".sent.current").inner_text().startswith("今年3月5日"), (
        "a timeline entry jumps to its sentence"
    )
    assert tab.errors == [], f"console errors or network requests: {tab.errors}"


@needs_chromium
def test_browser_seeds_report(tmp_path: Path, open_page: Any) -> None:
    _design_card_facts()
    tab = open_page
    tab.goto(_write_page(SEEDS_RUN, tmp_path / "seeds.html"))
    for subject, metric, value, _ in DESIGN_ROWS:
        _click_fact(tab, subject, metric, value)
        sentence = tab.locator(".sent.current").inner_text()
        assert value.split()[-1].rstrip("亿") in sentence, f"{subject} {metric}: {sentence!r}"
        assert _in_viewport(tab, ".sent.current"), f"{subject} {metric}: not scrolled into view"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "report-seeds.png"))
    assert tab.errors == [], f"console errors or network requests: {tab.errors}"


# --- review features: doc ids, merged events, search data, source links, CSV ----------------


def test_same_document_ids_as_doc_and_source_locations(page: tuple[str, Page]) -> None:
    _, parsed = page
    docs = parsed.data["docs"]
    assert [d["id"] for d in docs] == ["huzhu.html", "other.txt"], docs
    assert all(d["file"].startswith("file:///") for d in docs), "each document links its file"
    fee = next(r for r in parsed.data["records"] if r["label"].startswith("amount: 729,000,000")
               and "相互宝" in r["label"])  # fmt: skip
    text = Path(docs[fee["d"]]["file"].removeprefix("file://")).read_text(encoding="utf-8")
    line, col = (int(x) for x in fee["src"].split(":"))
    pos = sum(len(x) + 1 for x in text.split("\n")[: line - 1]) + col - 1
    assert text[pos:].startswith("7.29亿元"), f"{fee['src']} does not point at the figure"
    items = " ".join(text for _, text in parsed.timeline)
    assert "doc huzhu.html" in items, f"the timeline names documents by doc id: {items}"


def test_duplicate_events_are_merged_on_the_timeline(run_files: Run) -> None:
    lines = run_files.output.read_text(encoding="utf-8").splitlines()
    event = next(json.loads(x) for x in lines if '"type":"event"' in x and "公布" in x)
    again = {**event, "id": "retold", "doc_id": "other.txt"}
    run_files.output.write_text("\n".join([*lines, json.dumps(again, ensure_ascii=False)]) + "\n")
    parsed = Page(build_report(run_files.output).html)
    assert len(parsed.data["timeline"]) == 1, "the same event told twice is one item"
    group, item = parsed.data["timeline"][0]
    ids = [parsed.data["records"][i]["id"] for i in group]
    assert ids == [event["id"], "retold"], f"the item lists both records: {ids}"
    assert "told 2×" in item and "huzhu.html, other.txt" in item, item


def test_search_text_and_csv_cells(page: tuple[str, Page]) -> None:
    _, parsed = page
    records = parsed.data["records"]
    fee = next(r for r in records if r["type"] == "amount" and "相互宝" in r["label"])
    assert fee["z"] == "7.29亿", "search finds 7.29亿 by the value's 亿 form"
    for query in ("729000000", "相互宝", "management_fee", "7.29亿元", "7.29亿"):
        assert query in fee["search"], f"searching {query!r} misses the fee: {fee['search']}"
    org = next(r for r in records if r["type"] == "organisation" and "水滴筹" in r["label"])
    assert org["fields"]["org_id"] == "shuidichou", org
    header = parsed.data["csv"]
    assert header[:3] == ["id", "doc_id", "type"] and header[-1] == "source", header
    assert "shuidichou" in org["search"] and "水滴筹" in org["search"], org["search"]
    cells = dict(zip(header, [*fee["csv"], None], strict=True))
    assert (cells["value"], cells["unit"], cells["subject"]) == ("729000000", "CNY", "相互宝")


def test_the_rule_behind_a_linked_field_is_shown_when_the_record_has_one() -> None:
    template = (REPO / "extract" / "review" / "report_template.html").read_text(encoding="utf-8")
    assert "fields.link" in template and "linked by" in template, (
        "the details panel should show a record's `link` (the rule behind subject/metric/time)"
    )


def _large_run(tmp_path: Path, copies: int) -> Path:
    """`copies` documents: the seeds' files copied under new names, their records re-keyed."""
    lines = SEEDS_RUN.read_text(encoding="utf-8").splitlines()
    articles = tmp_path / "articles"
    articles.mkdir()
    out = []
    for n in range(copies):
        for line in lines:
            r = json.loads(line)
            seed = r["doc_id"]
            doc_id = f"{n:04d}_{seed}"
            if r["type"] == "document":
                shutil.copy(REPO / r["path"], articles / doc_id)
                r["path"] = f"articles/{doc_id}"
            r.update(doc_id=doc_id, id=f"{n:04d}{r['id'][4:]}")
            out.append(json.dumps(r, ensure_ascii=False))
    run = tmp_path / "run.jsonl"
    run.write_text("\n".join(out) + "\n", encoding="utf-8")
    return run


LOAD_BUDGET_MS = SEARCH_BUDGET_MS = 2000


@needs_chromium
def test_browser_1000_documents_open_and_search_fast(tmp_path: Path, open_page: Any) -> None:
    """Opens a 1,000-document report (the seeds' articles 200 times over, ~5,000 characters
    each) and measures load (navigation start to the load event) and search (the figure
    7.29亿 over every record and text, the files beside the page loaded on the way). Both must
    be under 2 s; the load average is printed and saved with the timings (a shared 2-core
    machine at a load of 8 is slower than an idle one; the budget is not loosened for it).
    Timings go to tests/artifacts/report-timing.json."""
    run = _large_run(tmp_path, 200)
    url = _write_page(run, tmp_path / "large.html")
    size = (tmp_path / "large.html").stat().st_size
    beside = sum(f.stat().st_size for f in (tmp_path / "large_files").iterdir())
    assert size < 8e6, f"the page itself should stay a few MB, not {size / 1e6:.1f} MB"
    tab = open_page
    loads = []
    for _ in range(3):  # the median of three loads: one stall of a shared machine is noise
        tab.goto(url, wait_until="load", timeout=120_000)
        loads.append(tab.evaluate(
            "() => { const t = performance.getEntriesByType('navigation')[0];"
            " return t.loadEventEnd - t.startTime; }"
        ))  # fmt: skip
    load = sorted(loads)[1]
    assert tab.locator("section.doc").count() == 1000, "every document has its section"
    assert tab.locator("#facts tbody tr").count() == 200, "the facts table shows a first page"
    assert tab.locator("mark.m").count() == 0, "no text is rendered before it is opened"
    searched = tab.evaluate(
        """() => { const box = document.getElementById("search");
        const start = performance.now(); box.value = "7.29亿";
        box.dispatchEvent(new Event("input"));
        return new Promise(done => { const wait = () =>
          document.getElementById("search-count").textContent
            ? done(performance.now() - start - 120) : setTimeout(wait, 5);
          wait(); }); }"""
    )  # less the 120 ms the page waits for typing to stop
    assert tab.inner_text("#search-count") == "200 records, 200 documents match"
    rows = tab.locator("#facts tbody tr").all_inner_texts()
    assert len(rows) == 200 and all("729,000,000 CNY" in row for row in rows), rows[:3]
    tab.locator("#facts tbody tr").first.click()
    assert tab.locator(".sent.current").inner_text().startswith("2020年"), "jump renders the text"
    with tab.expect_download() as download:
        tab.click("#facts-csv")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.count("\n") == 1 + 200, "the CSV holds the header and every matching fact"
    assert text.splitlines()[0].startswith("id,doc_id,type,subject"), text[:200]
    assert tab.errors == [], f"console errors or network requests: {tab.errors}"
    timing = {"documents": 1000, "page_mb": round(size / 1e6, 1),
              "files_mb": round(beside / 1e6, 1), "load_ms": round(load),
              "loads_ms": [round(x) for x in loads],
              "search_ms": round(searched),
              "load_average": round(os.getloadavg()[0], 1)}  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-timing.json").write_text(json.dumps(timing) + "\n", encoding="utf-8")
    print(f"\nreport timing: {timing}")
    missed = [f"{what} {ms:.0f} ms" for what, ms, budget in
              (("load", load, LOAD_BUDGET_MS), ("search", searched, SEARCH_BUDGET_MS))
              if ms >= budget]  # fmt: skip
    if missed and os.getloadavg()[0] > 2 * (os.cpu_count() or 1):
        # The budget is for an idle machine and stays 2 s; on one running more than twice as
        # many jobs as it has cores a miss says nothing about the page: said, not passed.
        pytest.xfail(f"inconclusive, machine loaded: {', '.join(missed)}: {timing}")
    assert not missed, f"over the 2 s budget: {', '.join(missed)}: {timing}"
