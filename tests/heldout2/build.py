"""Build the second held-out gold (tests/heldout2/src/*.yaml -> tests/heldout2/<stem>.jsonl).

Nothing is copied: tests/heldout/build.py (loaded by path, as tests/test_gold.py loads builders)
already reads specs in tests/gold/build_tools.py's format from articles in any encoding; this
script only points it at this folder.

    python tests/heldout2/build.py   # rewrites tests/heldout2/<stem>.jsonl and .negatives.jsonl
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HELDOUT2_DIR = Path(__file__).resolve().parent
FIRST_BUILDER = HELDOUT2_DIR.parent / "heldout" / "build.py"


def _load_first_builder():
    """tests/heldout/build.py is a script, not a package module: load it by path."""
    spec = importlib.util.spec_from_file_location("heldout2_first_builder", FIRST_BUILDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


first = _load_first_builder()
stem_of = first.stem_of


def build(spec_path: Path) -> tuple[list[str], list[str]]:
    """The first builder's build, reading articles from this set's articles/ folder."""
    first.ARTICLES_DIR = HELDOUT2_DIR / "articles"
    return first.build(spec_path)


def main() -> int:
    """The first builder's main, with this folder as its gold, spec and article folders."""
    first.HELDOUT_DIR, first.SRC_DIR = HELDOUT2_DIR, HELDOUT2_DIR / "src"
    first.ARTICLES_DIR = HELDOUT2_DIR / "articles"
    return first.main()


if __name__ == "__main__":
    sys.exit(main())
