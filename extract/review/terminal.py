"""Text from articles, made safe to print on a terminal.

Article text can carry escape sequences (ESC, OSC: set the window title, write the clipboard,
move the cursor). Printed raw they act on the reader's terminal; here every control character
is shown as a visible escape instead. Colour (SGR: `ESC [ 1;31 m`) is kept, so a command's own
highlighting survives; the worst it can do from an article is colour text.
"""

from __future__ import annotations

import re

_SGR = r"\x1b\[[0-9;]*m"
_UNSAFE = re.compile(rf"({_SGR})|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every control character but newline, tab and colour shown as `\\x1b`, and
    every lone surrogate (which no terminal encoding can write) as `\\ud83d`."""
    return _UNSAFE.sub(lambda m: m.group(1) or _escape(m.group()), text)


def _escape(ch: str) -> str:
    return ch.encode("unicode_escape", errors="backslashreplace").decode("ascii")
