"""Build the held-out gold (tests/heldout/src/*.yaml -> tests/heldout/<stem>.jsonl).

The specs use tests/gold/build_tools.py's format and functions unchanged; only the articles
differ: they live in tests/heldout/articles/ and come in several encodings (UTF-8 with BOM,
GB18030, Big5), so spans count code points of the DECODED text (BOM removed) and byte spans
count bytes of the raw file in its own encoding (BOM included), as the record contract says.

    python tests/heldout/build.py   # rewrites tests/heldout/<stem>.jsonl and .negatives.jsonl
"""

from __future__ import annotations

import codecs
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HELDOUT_DIR = Path(__file__).resolve().parent
SRC_DIR = HELDOUT_DIR / "src"
ARTICLES_DIR = HELDOUT_DIR / "articles"
GOLD_TOOLS = HELDOUT_DIR.parent / "gold" / "build_tools.py"


def _load_gold_tools():
    """tests/gold/build_tools.py is a script, not a package module: load it by path."""
    spec = importlib.util.spec_from_file_location("heldout_gold_tools", GOLD_TOOLS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tools = _load_gold_tools()


@dataclass(frozen=True)
class EncodedArticle(tools.Article):
    """An article whose file is in `encoding`; a UTF-8 BOM counts in bytes, not in code points."""

    encoding: str = "utf-8"
    bom: int = 0

    def byte_offset(self, cp: int) -> int:
        return self.bom + len(self.text[:cp].encode(self.encoding))


def load_article(name: str, layout: str, encoding: str) -> EncodedArticle:
    raw = (ARTICLES_DIR / name).read_bytes()
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    text = raw[bom:].decode(encoding)
    return EncodedArticle(name=name, raw=raw, text=text, layout=layout, encoding=encoding, bom=bom)


def build(spec_path: Path) -> tuple[list[str], list[str]]:
    """build_tools.build, reading the article in the spec's encoding from articles/."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    encoding = spec["encoding"]
    tools.load_article = lambda name, layout: load_article(name, layout, encoding)
    return tools.build(spec_path)


def stem_of(spec_path: Path) -> str:
    return yaml.safe_load(spec_path.read_text(encoding="utf-8"))["doc"].rsplit(".", 1)[0]


def main() -> int:
    for spec_path in sorted(SRC_DIR.glob("*.yaml")):
        stem = stem_of(spec_path)
        lines, negatives = build(spec_path)
        (HELDOUT_DIR / f"{stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (HELDOUT_DIR / f"{stem}.negatives.jsonl").write_text(
            "\n".join(negatives) + ("\n" if negatives else ""), encoding="utf-8"
        )
        print(f"{stem}: {len(lines)} records, {len(negatives)} negatives", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
