"""extract-facts: checkable facts from Chinese news, with exact provenance.

The public API (see the README's "Python API"): `extract`, `extract_file`, `pipeline`,
`read_records`, `Record` (the union of the record models) and `consolidate`. They are imported
on first use (module `__getattr__`), so `extract-facts --help` and `--version` load no spaCy.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_LAZY = {
    "Record": "extract.api",
    "extract": "extract.api",
    "extract_file": "extract.api",
    "pipeline": "extract.api",
    "read_records": "extract.api",
    "consolidate": "extract.consolidation",
}

if TYPE_CHECKING:
    from extract.api import Record as Record
    from extract.api import extract as extract
    from extract.api import extract_file as extract_file
    from extract.api import pipeline as pipeline
    from extract.api import read_records as read_records
    from extract.consolidation import consolidate as consolidate


def __getattr__(name: str) -> object:
    """The public API on first access; submodules (`extract.cli`) import as usual."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'extract' has no attribute {name!r}")
    # All of them at once: importing extract.api binds the subpackage `extract.pipeline` here,
    # which the function `pipeline` must replace, as the eager import used to.
    for other, where in _LAZY.items():
        globals()[other] = getattr(import_module(where), other)
    return globals()[name]


__all__ = sorted(_LAZY)


def _spacy_info(*args: object, **kwargs: object) -> object:
    """`spacy.info`, importing spaCy's command line when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _SpacyInfoLater(ModuleType):
    """Stands in for `spacy.cli.info` while `spacy` imports: spaCy's `__init__` imports its
    whole command line (typer, weasel, httpx, jinja2: 0.4 s of a 1.5 s import) only to bind
    `spacy.info`. Once that name is taken, it steps aside and `spacy.cli` imports as usual."""

    def __getattr__(self, name: str) -> object:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        if name == "info":
            return _spacy_info
        raise AttributeError(name)


if "spacy" not in sys.modules:
    sys.modules.setdefault("spacy.cli.info", _SpacyInfoLater("spacy.cli.info"))
