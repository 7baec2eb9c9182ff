"""Build the second held-out gold (tests/heldout2/src/*.yaml -> tests/heldout2/<stem>.jsonl).

The specs use tests/gold/build_tools.py's format and functions unchanged, plus an `encoding`
key: the articles in articles/ come in several encodings, so spans count code points of the
decoded text (BOM removed) and byte spans count bytes of the raw file (BOM included).

    python -m tests.heldout2.build   # rewrites tests/heldout2/<stem>.jsonl and .negatives.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.gold.build_tools import write_gold

FOLDER = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.exit(write_gold(FOLDER, FOLDER / "articles"))
