"""One fact across articles: figures grouped by subject, metric and time, with a status."""

from extract.consolidation.group import consolidate
from extract.consolidation.model import ConsolidatedFact

__all__ = ["ConsolidatedFact", "consolidate"]
