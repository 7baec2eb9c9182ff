"""extract-facts: checkable facts from Chinese news, with exact provenance."""

from extract.consolidation import consolidate

__all__ = ["consolidate"]
