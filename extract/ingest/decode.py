"""Bytes to text: the encoding of a news file, detected, and the problems that stop a file.

UTF-8 (with or without BOM) is tried first and strictly; otherwise charset-normalizer chooses
among the encodings Chinese news comes in (GB18030 covers GBK and GB2312; Big5 and its HKSCS
superset). Newlines are left as they are: offsets count the file's own characters.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class InputError(ValueError):
    """A file that cannot be read as an article; the message says why."""


# Ordered by preference when charset-normalizer finds several equally good.
CHINESE_ENCODINGS = ["gb18030", "big5hkscs", "big5", "utf_16"]


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    bom: int  # bytes of byte-order mark the decoder removed


def _looks_binary(data: bytes) -> bool:
    """NUL or control bytes, unless they are rare in text that is valid UTF-8: a crawler's
    stray NUL or form feed does not make an article binary (the clean view drops them)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls <= RARE_CONTROLS + len(head) // 1000 and _utf8_prefix(head):
        return False
    return b"\x00" in head or controls > len(head) * 0.05


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
# Control bytes tolerated in UTF-8 text: this many, plus one per thousand bytes.
RARE_CONTROLS = 4


def _utf8_prefix(head: bytes) -> bool:
    """True when `head` is valid UTF-8 (a character cut at its end is allowed)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes) -> Decoded:
    """Decode a news file; raise InputError for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError("empty file")
    if _looks_binary(data):
        raise InputError("binary content (NUL or control bytes), not a text article")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8", 3)
        except UnicodeDecodeError as e:
            raise InputError(f"UTF-8 BOM but invalid UTF-8 at byte {e.start + 3}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            return Decoded(data[2:].decode(enc), enc, 2)
        except UnicodeDecodeError as e:
            raise InputError(f"UTF-16 BOM but undecodable at byte {e.start + 2}") from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # 50 ms to import; most input is UTF-8

    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None:
        raise InputError("undecodable: not UTF-8, GB18030/GBK or Big5")
    encoding = codecs.lookup(best.encoding).name
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"undecodable as {encoding} at byte {e.start}") from None
    if text.encode(encoding) != data:
        # Byte offsets are computed by re-encoding; refuse a decoding that does not round-trip.
        raise InputError(f"{encoding} decoding does not round-trip; byte offsets would be wrong")
    return Decoded(text, encoding, 0)
