"""Whole numbers as a file writes them: the digits 0-9 only, and not too many of them.

Python's ``int`` reads ``٣`` and ``３`` as 3 (so a file could mean a number nobody
reading it sees), fails on ``³``, and refuses more than 4,300 digits with an error that
is no one's fault. Every ``format_version`` is read here; it imports nothing, so the
hot paths may use it.
"""

from __future__ import annotations


def whole_number(value: object, digits: int = 9) -> int | None:
    """``value`` as a whole number when it is one written with the digits 0-9 (at most
    ``digits`` of them), else None. Python's ``int`` would also take ``٣`` or ``３``
    (and fail on ``³`` or on more than 4,300 digits): a file must not mean a number
    that nobody reading it sees."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if len(str(abs(value))) <= digits else None
    if isinstance(value, str) and 0 < len(value) <= digits and value.isascii() and value.isdigit():
        return int(value)
    return None


def format_problem(value: object, newest: int, what: str = "") -> str | None:
    """What is wrong with a file's ``format_version`` (``newest`` is the newest format
    this coachcli reads), in plain words, or None when it can be read."""
    if value is None:
        return "format_version: missing (the format the file is written in, such as 1)"
    number = whole_number(value)
    if number is None or number < 1:
        return "format_version: must be a whole number such as 1, in the digits 0-9"
    if number > newest:
        return (
            f"was written by a newer coachcli ({what}format {number}; this one reads up to"
            f" {newest}): upgrade coachcli"
        )
    return None
