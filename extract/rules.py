"""The one place that reads `extract/rules/` (package data); each file is validated at load.

Rules are data, code is engine. A stage declares a model for its file (on `RulesModel`) and
calls `load_yaml`; every problem in the file is reported at once, with the file and key path.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from extract.grammar.grammar_kit import simplified_view

# Package data: found through importlib.resources in a wheel install and in the repo alike.
RULES_DIR: Traversable = resources.files("extract") / "rules"

M = TypeVar("M", bound=BaseModel)
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


@cache
def _read_yaml(path: Traversable) -> object:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
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
