"""The public Python API: extract from a string or a file, read a run's output back.

    >>> import extract
    >>> records = extract.extract("2020年，相互宝实际收到的管理费共计7.29亿元。")
    >>> [r.type for r in records]
    ['document', 'amount', 'date', 'organisation']

Every function returns the contract's Pydantic records (`extract.Record`, a union of the record
models discriminated by `type`), exactly what `extract-facts run` writes as JSON lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language

from extract.ingest import Document, FailedDocument, InputError, load_file
from extract.ingest.decode import Decoded
from extract.ingest.document import build_document
from extract.models import MODEL_OF_TYPE, RECORD_ADAPTER, Record
from extract.output.records import records_for
from extract.pipeline import DEFAULT_OPTIONS, PipelineOptions, annotate, default_pipeline

TEXT_DOC_ID = "text"


def pipeline(options: PipelineOptions = DEFAULT_OPTIONS) -> Language:
    """The spaCy `Language` the extractor runs (built once per process and options)."""
    return default_pipeline(options)


def _records(doc: Document | FailedDocument) -> list[Record]:
    if isinstance(doc, FailedDocument):
        raise InputError(f"{doc.path}: {doc.error}")
    nlp = pipeline()
    with nlp.memory_zone():  # the Doc's strings go with it: memory stays flat
        return records_for(doc, annotate(nlp, doc))


def extract(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    doc_id: str = TEXT_DOC_ID,
) -> list[Record]:
    """Records of one article given as a string (plain text, HTML or Markdown).

    `published` (YYYY-MM-DD) anchors relative and year-less dates when the text carries no
    date of its own (front matter and a dateline come first, as for corpus lines). Offsets
    count code points of `text`; `byte_span` counts its UTF-8 bytes. Raises `InputError`
    (a `ValueError`) for text with nothing to read.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{doc_id}: empty text")
    meta = {k: v for k, v in (("date", published), ("title", title), ("url", url)) if v}
    data = text.encode("utf-8", errors="surrogatepass")
    doc = build_document(Decoded(text, "utf-8", 0), data, doc_id=doc_id, path=doc_id, meta=meta)
    if not doc.clean.strip():
        raise InputError(f"{doc_id}: no text after removing markup")
    return _records(doc)


def extract_file(path: str | Path) -> list[Record]:
    """Records of one article file (any encoding and format `run` reads); raises `InputError`."""
    path = Path(path)
    return _records(load_file(path, path.name))


def _parquet_rows(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    for file in files:
        for batch in pq.ParquetFile(file).iter_batches(batch_size=1024):
            yield from batch.to_pylist()


def _from_row(row: dict) -> Record:
    """A Parquet row (wide table: null where the type lacks a column) as its record."""
    model = MODEL_OF_TYPE[row["type"]]
    return model.model_validate({k: v for k, v in row.items() if k in model.model_fields})


def read_records(path: str | Path) -> Iterator[Record]:
    """The records of a run's output: JSONL, a Parquet file, or a folder of per-type tables.

    Lazy (one record at a time); raises `ValueError` naming the line of an invalid JSONL record.
    """
    path = Path(path)
    if path.is_dir() or path.suffix.lower() == ".parquet":
        yield from map(_from_row, _parquet_rows(path))
        return
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield RECORD_ADAPTER.validate_json(line)
                except ValueError as e:
                    raise ValueError(f"{path}:{lineno}: not a valid record: {e}") from None


__all__ = ["Record", "extract", "extract_file", "pipeline", "read_records"]
