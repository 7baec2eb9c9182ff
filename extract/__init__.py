"""extract-facts: checkable facts from Chinese news, with exact provenance.

The public API (see the README's "Python API"): `extract`, `extract_file`, `pipeline`,
`read_records`, `Record` (the union of the record models) and `consolidate`.
"""

from extract.api import Record as Record
from extract.api import extract as extract
from extract.api import extract_file as extract_file
from extract.api import pipeline as pipeline
from extract.api import read_records as read_records
from extract.consolidation import consolidate as consolidate

__version__ = "0.1.0"
