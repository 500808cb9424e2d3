"""A YAML syntax error in plain words: what is wrong on which line, and how to fix it.

PyYAML and libyaml describe a problem as their parser meets it ("mapping values are not
allowed in this context"); a person editing a framework needs the line where the
mistake is and what to type instead ("a colon inside text without quotes: put the
whole value in quotes"). The common mistakes are named here; anything else keeps the
parser's own words.
"""

from __future__ import annotations

import re
from typing import Any

_QUOTE_FIX = 'put the whole value in "double quotes"'

_COLON_IN_TEXT = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:\s+[^'\"\s].*:(?:\s|$)")
"""``key: some text: more``: a value holding ": " without quotes."""


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line] if 0 <= line < len(lines) else ""


def _char(text: str, mark: Any) -> str:
    """The character a mark points at ("" past the end)."""
    if mark is None:
        return ""
    here = _line_text(text, mark.line)
    return here[mark.column] if 0 <= mark.column < len(here) else ""


def plain(problem: Any, text: str) -> tuple[int | None, str]:
    """The line (1-based) and the plain words for a PyYAML ``MarkedYAMLError``."""
    said = str(problem.problem or problem.context or "")
    context = str(problem.context or "")
    at, opened = problem.problem_mark, problem.context_mark
    line = at.line + 1 if at is not None else (opened.line + 1 if opened else None)
    began = opened.line + 1 if opened is not None else line
    if "tab" in said or _char(text, at) == "\t":
        return line, "a tab used for indentation: indent with spaces instead"
    if "quoted scalar" in context:
        quote = _char(text, opened) or '"'
        return began, f"a quote ({quote}) that is never closed: end the text with {quote} too"
    if "flow sequence" in context or "flow mapping" in context:
        pair = "[ ]" if "sequence" in context else "{ }"
        return began, f"an opening {pair[0]} without its {pair[2]}: close it, or quote the text"
    if "mapping values are not allowed" in said:
        if at is not None and _COLON_IN_TEXT.match(_line_text(text, at.line)):
            return line, f"a colon inside text without quotes: {_QUOTE_FIX}"
        return line, (
            "a colon where none was expected: check this line's indentation,"
            " or put text that holds ': ' in quotes"
        )
    if "could not find expected ':'" in said:
        return began, "text with no 'name:' before it: add one, or join it to the line above"
    if "expected key" in said or "expected <block end>" in said:
        before = _line_text(text, at.line)[: at.column].rstrip() if at is not None else ""
        if before.endswith(("'", '"')):
            return line, (
                "text after a closing quote: put the whole value in quotes"
                " (use 'single quotes' around text that holds \")"
            )
        return line, "the indentation does not line up: indent it like the lines beside it"
    if "cannot start any token" in said:
        first = _char(text, at)
        return line, f"a value cannot begin with {first!r}: {_QUOTE_FIX}"
    return line, said
