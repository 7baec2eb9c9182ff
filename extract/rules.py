"""The one place that reads `extract/rules/` (package data); each file is validated at load.

Rules are data, code is engine. A stage declares a model for its file (on `RulesModel`) and
calls `load_yaml`; every problem in the file is reported at once, with the file and key path.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

# Package data: found through importlib.resources in a wheel install and in the repo alike.
RULES_DIR: Traversable = resources.files("extract") / "rules"

M = TypeVar("M", bound=BaseModel)


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


def load_yaml(name: str, model: type[M]) -> M:
    """Load `rules/<name>` and validate it against `model` (which should forbid extra keys)."""
    path = rules_path(name)
    try:
        return model.model_validate(_read_yaml(path))
    except ValidationError as e:
        raise RulesError(_format_errors(path, e)) from None
