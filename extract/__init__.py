"""extract-facts: checkable facts from Chinese news, with exact provenance."""

__version__ = "0.1.0"
