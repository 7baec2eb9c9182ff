"""Ingestion: any article file or corpus line to a Document with a clean view and offset map."""

from extract.ingest.decode import InputError
from extract.ingest.document import Document, FailedDocument
from extract.ingest.sources import JsonlFields, iter_documents, load_document, load_file

__all__ = [
    "Document",
    "FailedDocument",
    "InputError",
    "JsonlFields",
    "iter_documents",
    "load_document",
    "load_file",
]
