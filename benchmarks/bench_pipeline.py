"""Throughput against spaCy's floor, per stage, and of the CLI with 1 and 2 jobs, with peak RSS.

The corpus is the seeds and both held-out article sets (HTML, Markdown, GB18030, Big5, PDF
text, tokenised text) as files, repeated until the decoded text reaches `--mb` megabytes of
code points. Speeds are decoded code points per second, start-up excluded in process:

    python -m benchmarks.bench_pipeline                 # 2 MB: floor, in process, CLI -j1/-j2
    python -m benchmarks.bench_pipeline --mb 2 8        # RSS at 2 and 8 MB (CLI -j1 at each)

The floor is what spaCy itself costs: blank `zh` `make_doc` plus the sentencizer over the same
matching views. Start-up is timed with the compiled-rules cache (`extract.rules.compiled`,
filled by earlier runs) and without it (`EXTRACT_FACTS_CACHE=off`, as on a first run). The
machine's load average is printed: on a shared 2-core machine a second job competes with the
others.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from extract.rules import CACHE_ENV

REPO = Path(__file__).resolve().parent.parent
ARTICLE_DIRS = ("seeds", "tests/heldout/articles", "tests/heldout2/articles")


def articles() -> list[Path]:
    return [p for d in ARTICLE_DIRS for p in sorted((REPO / d).iterdir()) if p.is_file()]


def build_corpus(folder: Path, target_chars: int) -> tuple[list[Path], int]:
    """Copies of the articles in `folder` up to `target_chars` code points: (files, chars)."""
    from extract.ingest.sources import load_document

    sizes = [(p, len(load_document(p).raw)) for p in articles()]
    files, chars, i = [], 0, 0
    folder.mkdir(parents=True, exist_ok=True)
    while chars < target_chars:
        src, n = sizes[i % len(sizes)]
        dst = folder / f"{i:05d}_{src.name}"
        shutil.copyfile(src, dst)
        files.append(dst)
        chars += n
        i += 1
    return files, chars


def floor_seconds(texts: list[str]) -> float:
    """spaCy's own cost: blank zh make_doc + sentencizer (CPU seconds)."""
    import spacy

    nlp = spacy.blank("zh")
    sentencizer = nlp.add_pipe("sentencizer")
    start = time.process_time()
    for text in texts:
        sentencizer(nlp.make_doc(text))
    return time.process_time() - start


def in_process(files: list[Path]) -> tuple[float, dict[str, float], list[str]]:
    """CPU seconds of the whole project per document, a per-stage split, the matching views."""
    from extract.ingest.sources import load_file
    from extract.output.records import records_for
    from extract.output.writers import record_line
    from extract.pipeline import annotate, default_pipeline, start_doc

    nlp = default_pipeline()
    clock = time.process_time
    parts: dict[str, float] = defaultdict(float)
    texts = []
    t_all = clock()
    for path in files:
        t0 = clock()
        document = load_file(path)
        t1 = clock()
        lines = [record_line(r) for r in records_for(document, annotate(nlp, document))]
        assert lines
        parts["total"] += clock() - t0
        parts["ingestion"] += t1 - t0
        texts.append(document.match_text)
    whole = clock() - t_all
    # The split, in a second pass (the timers cost a little; the total above has none).
    for path in files:
        t0 = clock()
        document = load_file(path)
        t1 = clock()
        doc = start_doc(nlp, document)
        parts["make_doc"] += clock() - t1
        for name, stage in nlp.pipeline:
            t = clock()
            doc = stage(doc)
            parts[name] += clock() - t
        t = clock()
        records = records_for(document, doc)
        parts["records"] += clock() - t
        t = clock()
        for r in records:
            record_line(r)
        parts["serialise"] += clock() - t
    return whole, parts, texts


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """`python -m extract ARGS`: wall seconds, CPU seconds (user + system, the process and its
    workers) and peak RSS (MB, the largest of them). On a loaded machine the CPU time is the
    fair measure; the wall time is what a user waits."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: extract {' '.join(args)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def run_cli(folder: Path, jobs: int, out: Path) -> tuple[float, float, int]:
    return timed(["-q", "run", str(folder), "-o", str(out), "--jobs", str(jobs)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[2.0], help="corpus sizes (M chars)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first"
        first.mkdir()
        shutil.copyfile(articles()[0], first / articles()[0].name)
        one = ["-q", "run", str(first), "-o", os.devnull]
        for what, argv, env in (
            ("--help", ["--help"], {}),
            ("first record (one article)", one, {}),
            ("first record, compiled-rules cache off", one, {CACHE_ENV: "off"}),
        ):
            wall, cpu, _ = timed(argv, env)
            print(f"start-up, {what}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        for k, mb in enumerate(args.mb):
            folder = Path(tmp) / f"corpus-{mb}"
            files, chars = build_corpus(folder, int(mb * 1e6))
            print(f"\ncorpus: {len(files)} articles, {chars / 1e6:.2f} M code points")
            if k == 0:
                whole, parts, texts = in_process(files)
                floor = floor_seconds(texts)
                print(
                    f"{'spaCy floor (make_doc + sentencizer)':40} {chars / floor:>12,.0f} chars/s"
                )
                print(f"{'project in process, one core':40} {chars / whole:>12,.0f} chars/s")
                print(f"{'ratio to the floor':40} {floor / whole:>12.2f}")
                print("\n| part | share | alone, chars/s |\n|---|---:|---:|")
                total = sum(v for k_, v in parts.items() if k_ != "total")
                for name, seconds in parts.items():
                    if name != "total":
                        print(
                            f"| {name} | {100 * seconds / total:.1f} % | {chars / seconds:,.0f} |"
                        )
                print()
            base = None
            for jobs in args.jobs if k == 0 else [1]:
                wall, cpu, rss = run_cli(folder, jobs, Path(tmp) / "out.jsonl")
                base = base or wall
                print(
                    f"CLI --jobs {jobs}: {wall:6.1f} s wall ({chars / wall:,.0f} chars/s, "
                    f"{base / wall:.2f}x), {cpu:6.1f} s CPU ({chars / cpu:,.0f} chars/s per core), "
                    f"peak RSS {rss} MB, load average {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
            shutil.rmtree(folder)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
