"""Offsets between the clean view and the source: the one place where spans are lifted to raw.

The clean view is built a run of text at a time, each clean character remembering the raw
code-point interval it came from (an entity such as `&amp;` is one clean character from five raw
ones; a paragraph break made from a tag maps to an empty interval). Byte offsets come from the
raw text re-encoded in the file's own encoding, plus the BOM the decoder removed.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

import numpy


def code_points(text: str) -> numpy.ndarray:
    """The code points of `text` as an array (lone surrogates included)."""
    return numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


@dataclass(slots=True)
class Cells:
    """Clean characters with the raw interval of each: one string and two offset arrays of its
    length (a run of text costs a slice, not one Python object per character)."""

    text: str = ""
    starts: array = field(default_factory=lambda: array("q"))
    ends: array = field(default_factory=lambda: array("q"))

    @classmethod
    def of_raw(cls, text: str, raw_start: int) -> Cells:
        """`text` as it stands in the raw text at `raw_start`: one code point per character."""
        points = numpy.arange(raw_start, raw_start + len(text) + 1, dtype="int64").tobytes()
        step = numpy.dtype("int64").itemsize  # one offset's bytes: the ends are the starts + 1
        return cls(text, array("q", points[:-step]), array("q", points[step:]))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, span: slice) -> Cells:
        return Cells(self.text[span], self.starts[span], self.ends[span])


class CleanBuilder:
    """Accumulates clean characters with the raw interval of each one, a run at a time."""

    __slots__ = ("_pieces", "ends", "length", "starts")

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self.length = 0  # characters added so far
        self.starts = array("q")
        self.ends = array("q")

    def add(self, ch: str, raw_start: int, raw_end: int) -> None:
        """Add one character standing for raw[raw_start:raw_end] (an entity, a break)."""
        self._pieces.append(ch)
        self.length += 1
        self.starts.append(raw_start)
        self.ends.append(raw_end)

    def extend(self, cells: Cells) -> None:
        """Add a run of cells at once."""
        self._pieces.append(cells.text)
        self.length += len(cells.text)
        self.starts.extend(cells.starts)
        self.ends.extend(cells.ends)

    def cells(self) -> Cells:
        return Cells("".join(self._pieces), self.starts, self.ends)

    def build(self, raw: str, encoding: str, bom: int) -> OffsetMap:
        return OffsetMap(raw, "".join(self._pieces), self.starts, self.ends, encoding, bom)


class OffsetMap:
    """Clean text plus the map from every clean character to its raw interval."""

    def __init__(
        self, raw: str, clean: str, starts: array, ends: array, encoding: str, bom: int
    ) -> None:
        if not (len(clean) == len(starts) == len(ends)):
            raise ValueError("offset map and clean text differ in length")
        self.raw = raw
        self.clean = clean
        self._starts = starts
        self._ends = ends
        self.encoding = encoding
        self.bom = bom
        self._byte_index: list[int] | None = None

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw code-point interval covering clean [start, end)."""
        if not 0 <= start < end <= len(self.clean):
            raise ValueError(f"clean span [{start}, {end}) outside [0, {len(self.clean)})")
        raw_start = self._starts[start]
        raw_end = self._ends[end - 1]
        return raw_start, max(raw_start, raw_end)

    def raw_to_clean(self, raw_pos: int) -> int:
        """The first clean character whose raw interval starts at or after `raw_pos`."""
        return bisect_right(self._starts, raw_pos - 1)

    def to_bytes(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Byte interval in the raw file of a raw code-point interval."""
        if self._byte_index is None:
            self._byte_index = self._build_byte_index()
        return self._byte_index[raw_start], self._byte_index[raw_end]

    def _build_byte_index(self) -> list[int]:
        if self.encoding in ("utf-8", "utf_8", "utf-8-sig") and self.raw.isascii():
            return list(range(self.bom, self.bom + len(self.raw) + 1))
        if self.encoding in ("utf-8", "utf_8", "utf-8-sig"):
            # UTF-8 widths follow from the code points alone: 1, 2, 3 or 4 bytes.
            points = code_points(self.raw)
            widths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
            index = numpy.empty(len(points) + 1, dtype="int64")
            index[0] = self.bom
            numpy.cumsum(widths, out=index[1:])
            index[1:] += self.bom
            return index.tolist()
        codec = self.encoding
        widths = (len(ch.encode(codec, errors="strict")) for ch in self.raw)
        return list(accumulate(widths, initial=self.bom))

    def quote(self, start: int, end: int) -> str:
        """Raw text of clean [start, end): what a fact-checker finds in the file."""
        raw_start, raw_end = self.to_raw(start, end)
        return self.raw[raw_start:raw_end]
