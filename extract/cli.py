"""The `extract-facts` command: run, verify, schema, and the evaluation tools.

Records go to the output file (or stdout); logs and the summary go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Callable
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from extract import __version__

if TYPE_CHECKING:  # imported where used: `--help` and `--version` load no spaCy
    from tqdm import tqdm

    from extract.ingest import JsonlFields
    from extract.runner import Block

log = logging.getLogger("extract")

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "out/seeds.jsonl"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"  # package data, beside the code
# Sub-commands that live in their own modules, each exposing `register(subparsers)`; a module
# is imported only when its command runs (the others show this help in `--help`).
PLUGIN_COMMANDS = {
    "eval": ("extract.evaluation.command", "score a run against the gold set"),
    "diff": ("extract.evaluation.rundiff", "records added, removed and changed between two runs"),
    "trace": (
        "extract.review.trace",
        "show where a record (figure, date, event, organisation) comes from in its source",
    ),
    "report": (
        "extract.review.report",
        "write a static HTML page to review a run's records against their sources",
    ),
    "facts": ("extract.review.factstable", "print the facts of a run as a table (or JSON, or CSV)"),
    "consolidate": (
        "extract.consolidation.command",
        "one fact per subject, metric and time across runs, with agree/conflict status",
    ),
    "serve": ("extract.serve", "serve the extractor as an HTTP JSON API (needs the [serve] extra)"),
    "tables": (
        "extract.output.tables",
        "a run's JSONL as one Parquet table per record type (needs pyarrow)",
    ),
}


class _NoDocuments(Exception):
    """Raised inside the output's `with` so that an empty run replaces no existing file."""


def cmd_run(args: argparse.Namespace) -> int:
    from extract.ingest import JsonlFields
    from extract.ingest.sources import iter_tasks
    from extract.output.writers import adopt_partial, open_sink, output_problem
    from extract.pipeline import PipelineOptions
    from extract.runner import WorkerDied, resume_state, run_blocks

    inputs = args.paths or [DEFAULT_INPUT]
    output = args.output if args.output is not None else (None if args.paths else DEFAULT_OUTPUT)
    problem = output_problem(output, inputs, args.format, resume=args.resume)
    if problem:
        log.error("%s", problem)
        return 2
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
        if adopted := adopt_partial(Path(output)):
            log.info("resuming from %s, left by an interrupted run", adopted.name)
        skip, append_at = resume_state(Path(output)) if Path(output).exists() else (skip, 0)
        log.info("resuming: %d document(s) already done in %s", len(skip), output)
    options = PipelineOptions(
        segmenter=args.segmenter, pkuseg_model=args.pkuseg_model, ner_model=args.model
    )
    tally = Tally()
    blocks = run_blocks(iter_tasks(inputs, fields), jobs=args.jobs, skip=skip, options=options)
    count = partial(count_inputs, inputs, fields)
    try:
        with (
            open_sink(output, args.format, append_at=append_at) as sink,
            progress(args, count) as bar,
        ):
            for block in blocks:
                bar.update(1)
                if not block.skipped:
                    sink.write(block.lines)
                tally.add(block)
            if not tally.seen:
                raise _NoDocuments
    except _NoDocuments:
        log.error("no documents in %s: nothing written", " ".join(inputs))
        return 2
    except OSError as e:
        log.error("cannot write %s: %s", output or "stdout", e.strerror or e)
        return 2
    except WorkerDied as e:
        log.error("%s", e)
        return 2
    where = output if output not in (None, "-") else "stdout"
    log.info("%s -> %s", tally.summary(), where)
    return 1 if tally.failures else 0


class Tally:
    """Counts of a run, and each kind of step warning logged once (with its first document)."""

    def __init__(self) -> None:
        self.seen = self.documents = self.failures = self.records = self.skipped = 0
        self.warned = 0
        self.kinds: set[str] = set()

    def add(self, block: Block) -> None:
        self.seen += 1
        if block.skipped:
            self.skipped += 1
            return
        self.documents += 1
        self.records += len(block.lines)
        if block.failure:
            self.failures += 1
            log.error("%s", block.failure)
        self.warned += bool(block.warnings)
        for warning in block.warnings:
            kind = ":".join(warning.split(":", 2)[:2])  # `stage: ErrorType`
            if kind not in self.kinds:
                self.kinds.add(kind)
                log.warning(
                    "%s: %s (further ones of this kind are only in the records)",
                    block.path,
                    warning,
                )

    def summary(self) -> str:
        return (
            f"{self.documents} documents ({self.failures} failed, {self.warned} with warnings, "
            f"{self.skipped} skipped as done), {self.records} records"
        )


def progress(args: argparse.Namespace, count: Callable[[], int | None]) -> tqdm:
    """Documents per second on stderr, only when stderr is a terminal; with the total (so a
    percentage and an ETA) when `count` can tell it: not for standard input."""
    from tqdm import tqdm

    disable = args.quiet or not sys.stderr.isatty()
    total = None if disable else count()
    return tqdm(unit="doc", disable=disable, total=total, file=sys.stderr)


def count_inputs(inputs: list[str], fields: JsonlFields) -> int | None:
    """How many documents the inputs hold (files, corpus lines), read once more; None for stdin."""
    from extract.ingest.sources import iter_tasks

    if "-" in inputs:
        return None
    return sum(1 for _ in iter_tasks(inputs, fields))


def cmd_verify(args: argparse.Namespace) -> int:
    from extract.review.verify import verify_file

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
    from extract.consolidation.model import FACT_ADAPTER
    from extract.models import record_schema

    target = directory / "record.schema.json"
    _write_json_schema(record_schema(), "record", target)
    fact = FACT_ADAPTER.json_schema(mode="serialization")
    _write_json_schema(fact, "consolidated fact", directory / "fact.schema.json")
    return target


def _write_json_schema(schema: dict, what: str, target: Path) -> None:
    from extract.output.writers import atomic_text

    schema["title"] = f"extract-facts {what}"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    with atomic_text(target) as fh:
        fh.write(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def cmd_schema(args: argparse.Namespace) -> int:
    target = write_schema(Path(args.dir))
    log.info("wrote %s", target)
    return 0


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `command`, only that plugin command's module is imported."""
    parser = argparse.ArgumentParser(
        prog="extract-facts", description="Checkable facts from Chinese news, with provenance."
    )
    add_verbosity(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
        help="word segmentation: none (default: one token per sentence, no model) or spacy-pkuseg",
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

    for name, (module, help_text) in PLUGIN_COMMANDS.items():
        if command in (None, name):
            import_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_text, add_help=False)
    for parser_of in sub.choices.values():  # `extract-facts run -q` and `extract-facts -q run`
        add_verbosity(parser_of, default=argparse.SUPPRESS)
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
    """The command; exit status 0 all ok, 1 some documents failed, 2 usage or output error."""
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if not a.startswith("-")), "")  # options come before it
    args = build_parser(command).parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `timeout`, `kill`: stop like Ctrl-C
    try:
        return args.func(args)
    except BrokenPipeError:
        # `extract-facts ... | head`: the reader left early, which is not our error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        log.error("interrupted; a run's whole documents so far are kept: rerun with --resume")
        return 130
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        log.error("%s%s", where, e.strerror or e)
        return 2
    except (_input_error(), UnicodeDecodeError) as e:  # evaluated only when one is raised
        log.error("%s", e)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)


def _input_error() -> type[Exception]:
    from extract.ingest.decode import InputError

    return InputError


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def console() -> None:
    """Console-script entry point."""
    sys.exit(main())
