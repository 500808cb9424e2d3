"""Typed records from YAML data, and one plain line when the data does not fit.

Every file coachcli reads (sessions, progress records, frameworks, ``coach.yaml``) is
checked by turning its data into a msgspec ``Struct``: unknown keys are refused, types
and limits are checked, and the first problem becomes ``file:line: field: message``.
msgspec rather than pydantic because it imports in a few milliseconds and builds no
schema at start-up, which is what keeps read-only commands fast (see docs/performance.md).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from coachcli.errors import FileProblem
from coachcli.yamlio import Loaded

T = TypeVar("T")
Loc = tuple[str | int, ...]


class Record(msgspec.Struct, forbid_unknown_fields=True):
    """A record read from a file; unknown keys are refused.

    Subclasses say ``kw_only=True`` themselves: msgspec applies it only to the fields of
    the class that says it, and it lets a required field follow one with a default.
    """


def to_data(record: msgspec.Struct) -> dict[str, Any]:
    """Plain data for YAML or JSON (dates as ISO text), leaving out every None."""
    return _drop_none(msgspec.to_builtins(record))  # type: ignore[no-any-return]


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


YES_NO = dict.fromkeys(("true", "yes", "y", "on", "t", "1"), True) | dict.fromkeys(
    ("false", "no", "n", "off", "f", "0"), False
)
"""Words a person may write for true or false, in any case. Only in yes/no fields: a
note saying "no" stays text."""


def convert(kind: type[T], data: Any, path: Path, source: Loaded) -> T:
    """``data`` as a ``kind``, or a FileProblem naming the file, line and field."""
    while True:
        try:
            return msgspec.convert(data, kind, strict=False)
        except msgspec.ValidationError as problem:
            loc, message = explain(kind, data, str(problem))
            if not _yes_or_no(kind, data, loc):
                where = loc_text(loc)
                raise FileProblem(
                    path, f"{where}: {message}" if where else message, source.line_of(loc)
                ) from None


def _yes_or_no(kind: type[Any], data: Any, loc: Loc) -> bool:
    """Put True or False in place of a yes/no word where a boolean is expected; each
    call fixes one value, so the retries in ``convert`` end."""
    if not loc or _type_at(kind, loc) is not bool:
        return False
    parent, value = _value_at(data, loc[:-1]), _value_at(data, loc)
    if not isinstance(value, str) or value.strip().lower() not in YES_NO:
        return False
    parent[loc[-1]] = YES_NO[value.strip().lower()]
    return True


def loc_text(loc: Iterable[Any]) -> str:
    """``stages.listening.notes[0].text`` for a location inside a file."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --- turning msgspec's message into a location and plain words ----------------------

_AT = r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$"
_PART = r"\.([^.\[]+)|\[(\d+|\.\.\.)\]"
_PLAIN: list[tuple[str, str]] = [  # compiled on first use: only errors need them
    (r"Expected `[a-z]+(?: \| null)?`, got `null`", "must not be empty"),
    (
        r"Expected `str` matching regex",
        "an id may use only lower-case letters, digits, '-' and '_'",
    ),
    (r"Expected `str` of length >= 1", "must not be empty"),
    (r"Expected `str` of length <= (\d+)", "may be at most {0} characters"),
    (r"Expected `array` of length >= (\d+)", "needs at least {0} entries"),
    (r"Expected `int` >= (\d+)", "must be a whole number of at least {0}"),
    (r"Expected `int` <= (\d+)", "must be a whole number of at most {0}"),
    (r"Expected `(?:int|int \| null)`", "must be a whole number"),
    (r"Expected `(?:bool|bool \| null)`", "must be a boolean: true or false"),
    (r"Expected `(?:object|object \| null)`", "must be a mapping of keys"),
    (r"Expected `(?:array|array \| null)`", "must be a list"),
    (r"Expected `(?:str|str \| null)`", "must be text"),
    (
        r"RFC3339 encoded datetime",
        "must be a date and time like 2026-11-23T09:30:00+00:00",
    ),
    (r"RFC3339 encoded date", "must be a date like 2026-11-23"),
    (r"Expected `datetime", "must be a date and time like 2026-11-23T09:30:00+00:00"),
    (r"Expected `date", "must be a date like 2026-11-23"),
]


def explain(kind: type[Any], data: Any, error: str) -> tuple[Loc, str]:
    """The location and a plain message for one msgspec validation error."""
    found = re.match(_AT, error, re.S)
    assert found is not None  # the pattern matches any text
    message, path = found["message"], found["path"] or ""
    loc = _resolve(kind, data, [m[1] or _index(m[2]) for m in re.finditer(_PART, path)])
    unknown = re.match(r"Object contains unknown field `(.*)`", message)
    if unknown:
        key = unknown[1]
        at = _value_at(data, loc)
        fields = _fields(_type_at(kind, loc))
        missing = [f for f in fields if not isinstance(at, dict) or f not in at]
        import difflib

        close = difflib.get_close_matches(key, missing, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "check its spelling"
        return (*loc, key), f"unknown key {key!r} ({hint})"
    missing_key = re.match(r"Object missing required field `(.*)`", message)
    if missing_key:
        return loc, f"missing key {missing_key[1]!r}"
    if message.startswith("Invalid enum value"):
        choices = _literal_values(_type_at(kind, loc))
        return loc, "must be one of " + " or ".join(repr(c) for c in choices)
    for pattern, plain in _PLAIN:
        matched = re.search(pattern, message)
        if matched:
            return loc, plain.format(*matched.groups())
    return loc, message


def _index(part: str) -> int | str:
    return int(part) if part.isdigit() else part


def _resolve(kind: type[Any], data: Any, parts: list[str | int]) -> Loc:
    """msgspec writes ``[...]`` for a mapping key: find the key whose value fails."""
    loc: list[str | int] = []
    for part in parts:
        if part == "...":
            at, value_type = _value_at(data, tuple(loc)), _type_at(kind, (*loc, part))
            bad = next((k for k, v in (at or {}).items() if not _fits(v, value_type)), None)
            if bad is None:
                break
            part = bad
        loc.append(part)
    return tuple(loc)


def _fits(value: Any, kind: Any) -> bool:
    try:
        msgspec.convert(value, kind, strict=False)
    except msgspec.ValidationError:
        return False
    return True


def _value_at(data: Any, loc: Iterable[str | int]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _unwrap(kind: Any) -> Any:
    """The struct, list or dict type inside Annotated[...] and ``X | None``."""
    while True:
        if typing.get_origin(kind) is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
            kind = next(a for a in typing.get_args(kind) if a is not type(None))
        else:
            return kind


def _type_at(kind: Any, loc: Iterable[str | int]) -> Any:
    for part in loc:
        kind = _unwrap(kind)
        if isinstance(part, int) or typing.get_origin(kind) is dict:
            args = typing.get_args(kind)
            kind = args[-1] if args else Any
        elif isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            kind = next((f.type for f in msgspec.structs.fields(kind) if f.name == part), Any)
        else:
            return Any
    return _unwrap(kind)


def _fields(kind: Any) -> list[str]:
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return [f.name for f in msgspec.structs.fields(kind)]
    return []


def _literal_values(kind: Any) -> tuple[Any, ...]:
    return typing.get_args(kind) if typing.get_origin(kind) is typing.Literal else ()
