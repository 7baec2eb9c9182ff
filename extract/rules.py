"""The one place that reads `extract/rules/` (package data); each file is validated at load.

Rules are data, code is engine. A stage declares a model for its file (on `RulesModel`) and
calls `load_yaml`; every problem in the file is reported at once, with the file and key path.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from extract.grammar.grammar_kit import simplified_view

# Package data: found through importlib.resources in a wheel install and in the repo alike.
RULES_DIR: Traversable = resources.files("extract") / "rules"

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Script = Literal["simplified", "as_written"]


class RulesModel(BaseModel):
    """Base of every rules-file model: an unknown key is an error, and loaded rules are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesError(ValueError):
    """A rules file is missing, unparsable or does not fit its model."""


def rules_path(name: str) -> Traversable:
    return RULES_DIR / name


def _format_errors(path: Traversable, err: ValidationError) -> str:
    lines = [f"{path}: {err.error_count()} problem(s)"]
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        lines.append(f"  {path.name}: {loc}: {e['msg']}")
    return "\n".join(lines)


# libyaml's parser when PyYAML has it (the same data, a tenth of the start-up's YAML time).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _read_yaml(path: Traversable) -> object:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except FileNotFoundError as e:
        raise RulesError(f"{path}: rules file not found") from e
    except yaml.YAMLError as e:
        raise RulesError(f"{path}: not valid YAML: {e}") from e


def _folded(data: object) -> object:
    """Every string of the data (keys too) in its Simplified view; a word listed in both
    scripts (关停, 關停) is then listed once."""
    if isinstance(data, str):
        return simplified_view(data)
    if isinstance(data, list):
        items = [_folded(x) for x in data]
        return list(dict.fromkeys(items)) if all(isinstance(x, str) for x in items) else items
    if isinstance(data, dict):
        return {_folded(k): _folded(v) for k, v in data.items()}
    return data


def load_yaml(name: str, model: type[M], *, script: Script = "simplified") -> M:
    """Load `rules/<name>` and validate it against `model` (which should forbid extra keys).

    The one script policy: stages match the Simplified view of a text, so their rules are
    folded to it here (`simplified`): an entry may be written in either script and means the
    same. Rules that read the text as written (ingestion, before there is a view) keep their
    strings (`as_written`) and list both scripts.
    """
    path = rules_path(name)
    data = _read_yaml(path)
    try:
        return model.model_validate(_folded(data) if script == "simplified" else data)
    except ValidationError as e:
        raise RulesError(_format_errors(path, e)) from None


# --- compiled rules, cached on disk -----------------------------------------------------------
#
# Compiling the grammars (the `regex` module parses patterns in Python) is most of the start-up.
# A compiled grammar pickles with its compiled code, so it is kept in the user's cache folder,
# keyed by the bytes of every rules file and every module of the package (a change to either
# makes a new key) and by the Python and `regex` versions. A cache that cannot be read (corrupt,
# another version) is rebuilt; one that cannot be written (read-only) is skipped.

CACHE_ENV = "EXTRACT_FACTS_CACHE"  # a folder, or "off"
STALE_SECONDS = 7 * 24 * 3600  # another checkout may still use its own key meanwhile


def cache_dir() -> Path | None:
    """Where compiled rules are kept: $EXTRACT_FACTS_CACHE, else $XDG_CACHE_HOME or ~/.cache."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no home folder: no cache
        return None
    return Path(base) / "extract-facts"


@cache
def _source_key() -> str:
    """A hash of the rules files, the package's modules and the versions that pickles depend on."""
    import regex

    digest = hashlib.sha256(f"{sys.version}|{regex.__version__}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted([*package.rglob("*.py"), *package.joinpath("rules").rglob("*")]):
        if path.is_file():
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def compiled(name: str, build: Callable[[], T]) -> T:
    """`build()`, or what it built last time with the same rules and code (from the cache)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{_source_key()}.pickle"
    try:
        with path.open("rb") as fh:  # the user's own folder, written by `compiled` only
            loaded = pickle.load(fh)
        os.utime(path)  # in use: not stale
        return loaded
    except Exception:  # missing, corrupt, unreadable or from another version: rebuild
        pass
    built = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError:  # read-only: run without the cache
        return built
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in folder.glob(f"{name}-*.pickle"):  # other rules or code, unused a week
            if stale != path and time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):  # full, or gone meanwhile: run without it
        Path(tmp).unlink(missing_ok=True)
    return built
