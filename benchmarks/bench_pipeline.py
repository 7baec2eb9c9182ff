"""End-to-end throughput, peak memory and scaling of `extract-facts run`.

Builds a JSONL corpus from the seeds and our own paragraphs (numbers varied so that no two
articles are identical), then runs the real command in a subprocess and reads its peak
resident memory from the kernel (wait4: the process and its worker children):

    python benchmarks/bench_pipeline.py                  # 0.2 MB base: 1x, 10x, 100x; 1 and 2 jobs
    python benchmarks/bench_pipeline.py --scales 100 --jobs 2 --spark   # and Spark at 100x

Prints one line per run: corpus size, documents, jobs, seconds, chars/s, docs/s, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Our own text, in the domain's style but not from the seeds.
OWN_PARAGRAPHS = [
    "据平台披露，截至{y}年{m}月底，轻松筹累计服务大病患者超过{a}万人次，筹款总额约{b}亿元。",
    "{y}年上半年，某城市惠民保参保人数达到{a}万人，参保率为{p}%，较去年同期提高{q}个百分点。",
    "美团互助上线{a}天后会员突破{b}万人，此后每期分摊金额从{c}元上涨至{d}元左右。",
    "中国红十字基金会{y}年共接收社会捐赠{b}亿元，资助困境患儿{a}名，项目覆盖{c}个省份。",
    "记者从民政部获悉，全国已登记慈善组织{a}家，其中具有公开募捐资格的有{c}家。",
    "相互宝公告显示，{y}年{m}月第二期分摊人数为{a}万人，人均分摊{c}元，共有{d}名成员获得互助金。",
    "水滴公司发布财报称，第{q}季度营收{b}亿元，同比增长{p}%，净利润为{c}万元。",
    "该基金会联合{c}家医院开展救助项目，累计发放救助款{b}亿元，惠及{a}个家庭。",
]


def build_corpus(target_bytes: int, path: Path, seed: int = 7) -> tuple[int, int]:
    """A JSONL corpus of at least `target_bytes` of text: (documents, characters)."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").iterdir())]
    docs = chars = size = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target_bytes:
            own = "\n\n".join(
                rng.choice(OWN_PARAGRAPHS).format(
                    y=rng.randint(2015, 2023),
                    m=rng.randint(1, 12),
                    a=rng.randint(2, 9999),
                    b=round(rng.uniform(0.5, 900), 2),
                    c=rng.randint(2, 500),
                    d=rng.randint(2, 90),
                    p=round(rng.uniform(0.1, 90), 1),
                    q=rng.randint(1, 4),
                )
                for _ in range(rng.randint(3, 12))
            )
            text = seeds[docs % len(seeds)] + "\n\n" + own
            line = json.dumps({"id": f"bench-{docs}", "text": text}, ensure_ascii=False) + "\n"
            fh.write(line)
            docs += 1
            chars += len(text)
            size += len(text.encode("utf-8"))
    return docs, chars


def run_cli(corpus: Path, jobs: int, out: Path) -> tuple[float, int]:
    """Seconds and peak RSS (MB, the largest of the process and its workers) of one run."""
    cmd = [
        sys.executable,
        "-m",
        "extract",
        "-q",
        "run",
        str(corpus),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"run failed: {cmd}")
    return seconds, usage.ru_maxrss // 1024


def run_spark(corpus: Path) -> float:
    from pyspark.sql import SparkSession

    from extract.spark import extract_records

    spark = (
        SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    )
    try:
        articles = spark.read.json(str(corpus)).repartition(4)
        start = time.perf_counter()
        extract_records(articles, source_name=corpus.name).write.mode("overwrite").parquet(
            str(corpus.with_suffix(".spark.parquet"))
        )
        return time.perf_counter() - start
    finally:
        spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-mb", type=float, default=0.2)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--spark", action="store_true", help="also Spark local[2], last scale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'corpus':>9} {'docs':>6} {'jobs':>4} {'seconds':>8} {'chars/s':>10} "
            f"{'docs/s':>7} {'peak RSS':>9}"
        )
        for scale in args.scales:
            corpus = Path(tmp) / f"corpus-{scale}.jsonl"
            docs, chars = build_corpus(int(args.base_mb * scale * 1e6), corpus)
            for jobs in args.jobs:
                seconds, rss = run_cli(corpus, jobs, Path(tmp) / "out.jsonl")
                print(
                    f"{chars / 1e6:7.1f}MC {docs:6d} {jobs:4d} {seconds:8.1f} "
                    f"{chars / seconds:10,.0f} {docs / seconds:7.1f} {rss:7d}MB",
                    flush=True,
                )
            if args.spark and scale == args.scales[-1]:
                seconds = run_spark(corpus)
                print(
                    f"{chars / 1e6:7.1f}MC {docs:6d} spark {seconds:7.1f} "
                    f"{chars / seconds:10,.0f} {docs / seconds:7.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
