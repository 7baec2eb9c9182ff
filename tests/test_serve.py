"""`extract-facts serve`: a real server on a free local port, a real HTTP client, 200+ requests.

Good requests must give exactly the records the CLI writes for the same articles (as a JSONL
corpus); every malformed or oversized one must get a 4xx with a message.
"""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from extract import cli
from extract.ingest.decode import decode
from tests.conftest import REPO, SEEDS, readme_blocks

pytest.importorskip("fastapi", reason="the [serve] extra (FastAPI, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the [serve] extra (FastAPI, uvicorn) is not installed")
httpx = pytest.importorskip("httpx", reason="the test extra's httpx is not installed")

MAX_BYTES = 100_000
MAX_BATCH = 8
# Our own sentences, combined into many short articles.
SENTENCES = [
    "2020年，相互宝实际收到的管理费共计7.29亿元。",
    "水滴筹累计筹款超过484亿元，帮助近200万大病家庭。",
    "3月26日晚，水滴互助发布公告称，将于3月31日正式终止互助计划。",
    "截至去年底，惠民保参保人数超过1.4亿人次，参保率达到37.4%。",
    "轻松筹表示，平台今年上半年新增用户约1200万人。",
    "蚂蚁集团宣布，相互宝将于2022年1月28日停止运行。",
    "<p>据银保监会通报，2021年共有15家机构被处罚。</p>",
    "愛心籌去年幫助近60萬個家庭，籌款總額逾30億元。",
]


def _articles() -> list[dict[str, Any]]:
    articles = [
        {"id": path.name, "text": decode(path.read_bytes()).text}
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    combos = itertools.chain.from_iterable(
        itertools.combinations(SENTENCES, n) for n in (1, 2, 3)
    )
    for i, combo in enumerate(itertools.islice(combos, 100)):
        article: dict[str, Any] = {"id": f"s{i:03d}", "text": "\n".join(combo)}
        if i % 3 == 0:
            article["published"] = f"2021-{1 + i % 12:02d}-15"
        if i % 4 == 1:
            article["title"] = f"标题{i}"
            article["url"] = f"https://example.com/{i}"
        articles.append(article)
    return articles


ARTICLES = _articles()


def _bad_requests() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, httpx keyword arguments) that must each get a 4xx."""
    good = {"text": SENTENCES[0]}
    js = "application/json"
    bodies = [b"", b"nope", b"{", b'{"text": "a"', b"[]", b"1", b'"text"', b"null", b"\xff\xfe"]
    bad = [("POST", "/extract", {"content": b, "headers": {"content-type": js}}) for b in bodies]
    objects: list[Any] = [
        {}, {"text": None}, {"text": 5}, {"text": ["a"]}, {"text": ""}, {"text": " \n\t"},
        {"text": "<div><!-- 注释 --></div><p></p>"}, {**good, "published": "yesterday"},
        {**good, "published": 20210327}, {**good, "unknown": 1}, {**good, "title": ["x"]},
        {"Text": SENTENCES[0]},
    ]
    bad += [("POST", "/extract", {"json": o}) for o in objects]
    batches: list[Any] = [
        {}, {"articles": []}, {"articles": good}, {"articles": [good] * (MAX_BATCH + 1)},
        {"articles": [good, {"text": ""}]}, {"articles": [good, {}]}, [good],
        {"articles": [good], "extra": True},
    ]
    bad += [("POST", "/extract/batch", {"json": b}) for b in batches]
    huge = {"text": "相互宝" * (MAX_BYTES // 3)}
    bad.append(("POST", "/extract", {"json": huge}))
    bad.append(("POST", "/extract/batch", {"json": {"articles": [huge]}}))
    bad.append(("POST", "/extract", {"content": _chunks(MAX_BYTES + 10)}))
    bad += [("GET", "/extract", {}), ("GET", "/nowhere", {}), ("DELETE", "/health", {})]
    bad += [("PUT", "/extract/batch", {"json": {"articles": [good]}})]
    return bad * 3  # thrice: a failed request must leave the server as it was


def _chunks(size: int) -> list[bytes]:
    """A body sent in pieces with no declared length (chunked), over `size` bytes in all."""
    return [b'{"text": "', *[b"a" * 1000] * (size // 1000 + 1), b'"}']


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    command = [
        sys.executable, "-m", "extract", "serve", "--port", str(port),
        "--max-bytes", str(MAX_BYTES), "--max-batch", str(MAX_BATCH),
    ]  # fmt: skip
    with log.open("w") as stderr:
        proc = subprocess.Popen(command, cwd=REPO, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {log.read_text()}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def cli_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """The CLI's records of the same articles, as a JSONL corpus, by doc_id."""
    folder = tmp_path_factory.mktemp("cli")
    corpus = folder / "articles.jsonl"
    lines = []
    for a in ARTICLES:
        line = {("date" if k == "published" else k): v for k, v in a.items()}
        lines.append(json.dumps(line, ensure_ascii=False))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "out.jsonl"
    assert cli.main(["-q", "run", str(corpus), "-o", str(out)]) == 0, "the CLI run failed"
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for raw in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(raw)
        if record["type"] == "document":  # where the text came from: a file line, or a request
            record.update(path=record["doc_id"], jsonl_line=None)
        by_doc.setdefault(record["doc_id"], []).append(record)
    return by_doc


def test_good_requests_give_the_cli_records(
    server: str, cli_records: dict[str, list[dict[str, Any]]]
) -> None:
    sent = 0
    with httpx.Client(base_url=server, timeout=60) as client:
        for article in ARTICLES:
            reply = client.post("/extract", json=article)
            sent += 1
            assert reply.status_code == 200, f"{article['id']}: {reply.status_code} {reply.text}"
            assert "\\u" not in reply.text, f"{article['id']}: the reply escapes Chinese"
            got = reply.json()["records"]
            assert got == cli_records[article["id"]], f"{article['id']}: not the CLI's records"
        for i in range(0, 40, MAX_BATCH):
            batch = ARTICLES[5 + i : 5 + i + MAX_BATCH]
            reply = client.post("/extract/batch", json={"articles": batch})
            sent += 1
            assert reply.status_code == 200, f"batch {i}: {reply.status_code} {reply.text}"
            want = [r for a in batch for r in cli_records[a["id"]]]
            assert reply.json()["records"] == want, f"batch {i}: not the CLI's records in order"
        health = client.get("/health")
        schema = client.get("/schema")
        sent += 2
    assert health.json()["status"] == "ok", health.text
    assert schema.json()["title"] == "extract-facts record", schema.text[:200]
    assert sent >= 100, sent


def test_bad_requests_get_a_4xx_with_a_message(server: str) -> None:
    bad = _bad_requests()
    assert len(bad) >= 100, len(bad)
    with httpx.Client(base_url=server, timeout=60) as client:
        for method, path, kwargs in bad:
            reply = client.request(method, path, **kwargs)
            shown = f"{method} {path} {str(kwargs)[:120]}"
            assert 400 <= reply.status_code < 500, f"{shown}: got {reply.status_code} {reply.text}"
            message = reply.json().get("error") or reply.json().get("detail")
            assert message, f"{shown}: {reply.status_code} without a message: {reply.text}"
        oversized = client.post("/extract", json={"text": "相互宝" * MAX_BYTES})
        assert oversized.status_code == 413, oversized.text
        assert str(MAX_BYTES) in oversized.json()["error"], oversized.text
        empty = client.post("/extract", json={"text": ""})
        assert "text is empty" in empty.json()["error"], empty.text
        assert client.get("/health").status_code == 200, "the server broke after bad requests"


def test_readme_service_example(server: str) -> None:
    blocks = readme_blocks("HTTP service")
    assert blocks, "the README's HTTP service section has no python example"
    for block in blocks:
        code = block.replace("http://127.0.0.1:8000", server)
        exec(compile(code, "README.md (HTTP service)", "exec"), {})
