"""The `extract-facts` command: run, verify, schema, and the evaluation tools.

Records go to the output file (or stdout); logs and the summary go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from functools import partial
from importlib import import_module
from pathlib import Path

from tqdm import tqdm

from extract.consolidation.model import FACT_ADAPTER
from extract.ingest import JsonlFields
from extract.ingest.sources import iter_tasks
from extract.models import record_schema
from extract.pipeline import PipelineOptions
from extract.runner import resume_state, run_blocks
from extract.writers import atomic_text, open_sink

log = logging.getLogger("extract")

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "out/seeds.jsonl"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
# Sub-commands that live in their own modules, each exposing `register(subparsers)`.
PLUGIN_COMMANDS = (
    "extract.evaluate",
    "extract.rundiff",
    "extract.trace",
    "extract.report",
    "extract.factstable",
    "extract.consolidation.command",
    "extract.serve",
    "extract.tables",
)


def cmd_run(args: argparse.Namespace) -> int:
    inputs = args.paths or [DEFAULT_INPUT]
    output = args.output if args.output is not None else (None if args.paths else DEFAULT_OUTPUT)
    fields = JsonlFields(
        id=args.jsonl_id,
        text=args.jsonl_text,
        date=args.jsonl_date,
        title=args.jsonl_title,
        url=args.jsonl_url,
        date_first=args.jsonl_date_first,
    )
    skip: frozenset[str] = frozenset()
    append_at = None
    if args.resume:
        if output in (None, "-") or args.format != "jsonl":
            log.error("--resume needs a JSONL output file (-o FILE)")
            return 2
        if Path(output).exists():
            skip, append_at = resume_state(Path(output))
            log.info("resuming: %d document(s) already done in %s", len(skip), output)
        else:
            append_at = 0
    failures = records = documents = skipped = 0
    options = PipelineOptions(
        segmenter=args.segmenter, pkuseg_model=args.pkuseg_model, ner_model=args.model
    )
    blocks = run_blocks(iter_tasks(inputs, fields), jobs=args.jobs, skip=skip, options=options)
    count = partial(count_inputs, inputs, fields)
    with open_sink(output, args.format, append_at=append_at) as sink, progress(args, count) as bar:
        for block in blocks:
            bar.update(1)
            if block.skipped:
                skipped += 1
                continue
            sink.write(block.lines)
            documents += 1
            records += len(block.lines)
            if block.failure:
                failures += 1
                log.error("%s", block.failure)
    where = output if output not in (None, "-") else "stdout"
    log.info(
        "%d documents (%d failed, %d skipped as done), %d records -> %s",
        documents,
        failures,
        skipped,
        records,
        where,
    )
    return 1 if failures else 0


def progress(args: argparse.Namespace, count: Callable[[], int | None]) -> tqdm:
    """Documents per second on stderr, only when stderr is a terminal; with the total (so a
    percentage and an ETA) when `count` can tell it: not for standard input."""
    disable = args.quiet or not sys.stderr.isatty()
    total = None if disable else count()
    return tqdm(unit="doc", disable=disable, total=total, file=sys.stderr)


def count_inputs(inputs: list[str], fields: JsonlFields) -> int | None:
    """How many documents the inputs hold (files, corpus lines), read once more; None for stdin."""
    if "-" in inputs:
        return None
    return sum(1 for _ in iter_tasks(inputs, fields))


def cmd_verify(args: argparse.Namespace) -> int:
    from extract.verify import verify_file

    path = Path(args.file)
    if not path.exists():
        log.error("%s: no such file", path)
        return 2
    checked, problems = verify_file(path, args.jsonl_text)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        log.error("%s: %d problem(s) in %d records", path, len(problems), checked)
        return 1
    log.info("%s: %d records verified against their sources", path, checked)
    return 0


def write_schema(directory: Path) -> Path:
    """Write the JSON Schemas of a record line and of a consolidated fact (`fact.schema.json`);
    the files a test compares with the models."""
    target = directory / "record.schema.json"
    _write_json_schema(record_schema(), "record", target)
    fact = FACT_ADAPTER.json_schema(mode="serialization")
    _write_json_schema(fact, "consolidated fact", directory / "fact.schema.json")
    return target


def _write_json_schema(schema: dict, what: str, target: Path) -> None:
    schema["title"] = f"extract-facts {what}"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    with atomic_text(target) as fh:
        fh.write(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def cmd_schema(args: argparse.Namespace) -> int:
    target = write_schema(Path(args.dir))
    log.info("wrote %s", target)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extract-facts", description="Checkable facts from Chinese news, with provenance."
    )
    add_verbosity(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="extract records from files, folders or JSONL corpora")
    run.add_argument(
        "paths",
        nargs="*",
        help=f"files, folders, globs, JSONL or Parquet corpora, - for JSONL on stdin "
        f"(default: {DEFAULT_INPUT}/)",
    )
    run.add_argument(
        "-o",
        "--output",
        help=f"output JSONL, '-' for stdout (default: {DEFAULT_OUTPUT} when no path is given, "
        "else stdout)",
    )
    for name, default in (
        ("id", "id"),
        ("text", "text"),
        ("date", "date"),
        ("title", "title"),
        ("url", "url"),
    ):
        run.add_argument(f"--jsonl-{name}", default=default, help=f"corpus field for {name}")
    run.add_argument(
        "--jsonl-date-first",
        action="store_true",
        help="take the corpus date before a date found in the text (front matter, dateline)",
    )
    run.add_argument(
        "--format",
        choices=("jsonl", "parquet", "tables"),
        default="jsonl",
        help="JSONL, one wide Parquet table, or a folder of Parquet tables, one per record type",
    )
    run.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    run.add_argument(
        "--resume",
        action="store_true",
        help="append to the output, skipping documents (by sha256) it already holds",
    )
    run.add_argument(
        "--segmenter",
        choices=("char", "pkuseg"),
        default="char",
        help="word segmentation: characters (default, no model) or spacy-pkuseg",
    )
    run.add_argument("--pkuseg-model", help="spacy-pkuseg model folder (with --segmenter pkuseg)")
    run.add_argument(
        "--model",
        help="a spaCy pipeline (name or folder) with an ner, e.g. one from extract.orgs.train_ner",
    )
    run.set_defaults(func=cmd_run)

    verify = sub.add_parser("verify", help="check that every record still quotes its source")
    verify.add_argument("file")
    verify.add_argument("--jsonl-text", default="text", help="corpus field holding the text")
    verify.set_defaults(func=cmd_verify)

    schema = sub.add_parser("schema", help="write the JSON Schema of the records")
    schema.add_argument("--dir", default=str(SCHEMA_DIR))
    schema.set_defaults(func=cmd_schema)

    for module in PLUGIN_COMMANDS:
        import_module(module).register(sub)
    for command in sub.choices.values():  # `extract-facts run -q` as well as `extract-facts -q run`
        add_verbosity(command, default=argparse.SUPPRESS)
    return parser


def add_verbosity(parser: argparse.ArgumentParser, default: object = None) -> None:
    """-q/--quiet (only errors on stderr) and -v/--verbose (debug messages too)."""
    quiet, verbose = (False, 0) if default is None else (default, default)
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-q", "--quiet", action="store_true", default=quiet, help="only errors on stderr"
    )
    group.add_argument(
        "-v", "--verbose", action="count", default=verbose, help="debug messages too"
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args.func(args)
    except BrokenPipeError:
        # `extract-facts ... | head`: the reader left early, which is not our error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def console() -> None:
    """Console-script entry point."""
    sys.exit(main())
