"""Text from a file, made safe to show: nothing in a note, a name or a framework can
drive the terminal.

A shared folder can hold text with terminal escape sequences (colours, a cleared
screen, a rewritten title, a fake prompt) or right-to-left overrides that make text
read differently from what it is. Every piece of stored text passes through
:func:`visible` before it reaches the screen: each such character is shown as a
visible code (``\\x1b`` as ``\\u241b`` ␛, others as ``<U+202E>``), and tabs and line
breaks are kept only where ``lines`` allows them.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")
_LINES = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}]")


def _shown(found: re.Match[str]) -> str:
    char = found.group()
    if char == "\x1b":
        return "\u241b"  # ␛
    if ord(char) < 0x20:
        return chr(0x2400 + ord(char))  # the Control Pictures block: ␀ … ␟
    return f"<U+{ord(char):04X}>"


def visible(text: str, *, lines: bool = True) -> str:
    """``text`` with every character that could drive the terminal made visible; with
    ``lines`` False, tabs and line breaks too (for one-line cells)."""
    pattern = _CONTROL if lines else _LINES
    return pattern.sub(_shown, text) if pattern.search(text) else text


def each_visible(text: str, *, lines: bool = True) -> list[str]:
    """What :func:`visible` makes of each character of ``text``, one entry per
    character (so that styles laid over ``text`` can be moved with it)."""
    pattern = _CONTROL if lines else _LINES
    return [_shown(found) if (found := pattern.match(char)) else char for char in text]


_BIDI_ONLY = re.compile(f"[{_BIDI}]")


def json_visible(text: str) -> str:
    """JSON text with every direction override written as an escape (``\\u202e``):
    the same data to a program, inert on a screen. ``json.dumps`` already escapes the
    control characters."""
    return _BIDI_ONLY.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
