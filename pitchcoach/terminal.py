"""Text for the terminal: names and messages printed safely.

A file name, a take title or a word list line can hold terminal control codes (ESC sequences
that move the cursor, retitle the window, hide text, or in old terminals type commands), CR
that overwrites the line, or bidirectional overrides that reverse what is shown. The CLI
prints such text, so every character of that kind is shown as a visible escape (``\\x1b``)
instead of being sent raw. Newlines and tabs in the CLI's own layout are kept; inside a name
they are escaped too, so a name cannot fake extra output lines.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

# Exit codes every CLI command shares; a command's own codes (2 and up) live with it.
EXIT_OK = 0
EXIT_FAILED = 1

# C0 controls except \t and \n, DEL and the C1 controls (U+009B is a one-character CSI on many
# terminals), and the invisible bidirectional controls (Trojan Source, CVE-2021-42574).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
# In JSON text these may only occur inside strings, where \\uXXXX means the same character.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control code shown as an escape; newlines and tabs kept."""
    return _UNSAFE.sub(_escape, text)


def shown_name(name: object) -> str:
    """A file name or title for one line of output: newlines and tabs escaped too."""
    return _UNSAFE_IN_NAME.sub(_escape, str(name))


def json_line(record: Any) -> str:
    """One JSON Lines record that is safe on a terminal and still decodes to the same data."""
    text = json.dumps(record, ensure_ascii=False)  # escapes C0 controls itself
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeStream:
    """Wraps stdout/stderr so that nothing the CLI prints can reach the terminal raw."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, s: str) -> int:
        self._inner.write(for_terminal(s))
        return len(s)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno...
        return getattr(self._inner, name)
