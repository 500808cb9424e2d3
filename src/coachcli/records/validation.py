"""Typed records from YAML data, and one plain line when the data does not fit.

Every file a person reads or edits (sessions, progress records, frameworks,
``coach.yaml``, answers files) has one schema: a pydantic model. Unknown keys are
refused, types and limits are checked, and the first problem becomes
``file:line: field: message`` in plain words (with "and N more" when there are more).

pydantic costs about 200 ms to import and build, so the commands that must answer at
once (`followup`, `session list`) answer from the derived index and never import this
module when the index is current (docs/performance.md).
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from coachcli.errors import FileProblem
from coachcli.records.yamlio import Loaded
from coachcli.records.yamlio import loc_text as loc_text  # also read by frameworks.py

T = TypeVar("T", bound=BaseModel)
Loc = tuple[str | int, ...]


class Record(BaseModel):
    """A record read from a file; unknown keys are refused.

    Values are checked when a file is read and before one is written, not on every
    assignment: a conversation changes its draft after every answer, and an autosave
    must stay cheap (``store.file_text`` validates what it writes).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)
    """``defer_build``: a model's validator is built the first time it is used, so a
    command pays only for the models it reads (each costs a few milliseconds)."""


def to_data(record: BaseModel) -> dict[str, Any]:
    """Plain data for YAML or JSON (dates as ISO text), leaving out every None."""
    return _drop_none(record.model_dump(mode="json"))  # type: ignore[no-any-return]


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def convert(kind: type[T], data: Any, path: Path, source: Loaded) -> T:
    """``data`` as a ``kind``, or a FileProblem naming the file, line and field.

    Before pydantic looks at it, the record's own whole numbers (its top-level ``int``
    keys: ``format_version``, ``number``, ``revision``...) must be written with the
    digits 0-9 and be at most nine digits long, and ``format_version`` must be one this
    coachcli reads: the newest is the model's default, so a file from a newer coachcli
    says "upgrade" instead of being misread."""
    if isinstance(data, dict):
        _check_numbers(kind, data, path, source)
    try:
        return kind.model_validate(data)
    except ValidationError as problem:
        raise first_problem(kind, problem, path, source) from None


def _check_numbers(kind: type[BaseModel], data: dict[str, Any], path: Path, source: Loaded) -> None:
    from coachcli.records.numbers import format_problem

    for name, newest in _whole_numbers(kind):
        value = data.get(name)
        if value is None or isinstance(value, dict | list):
            continue  # missing, or not a number at all: pydantic says so
        found = None
        if name == "format_version" and newest is not None:
            found = format_problem(value, newest)
        elif _long(value):
            found = f"{name}: too large a number (at most nine digits)"
        if found is not None:
            raise FileProblem(path, found, source.line_of((name,)))


def _long(value: object) -> bool:
    """A number of more than nine digits, in any script (``int`` accepts them all)."""
    text = str(value).strip().lstrip("+-").replace("_", "")
    return len(text) > 9 and text.isdigit()


@functools.cache
def _whole_numbers(kind: type[BaseModel]) -> tuple[tuple[str, int | None], ...]:
    """The top-level whole-number keys of ``kind``, each with its default when that is a
    number (for ``format_version``: the newest format this coachcli writes)."""
    found = []
    for name, info in kind.model_fields.items():
        if _unwrap(info.annotation) is int:
            default = info.default if isinstance(info.default, int) else None
            found.append((name, default))
    return tuple(found)


def first_problem(
    kind: type[BaseModel], problem: ValidationError, path: object, source: Loaded | None
) -> FileProblem:
    """The first error of a validation, as one plain line naming file, line and field."""
    errors = problem.errors(include_url=False, include_input=True)
    # A mistyped key shows up twice, as an unknown key and a missing one: name the
    # unknown one, whose did-you-mean says what to fix.
    errors.sort(key=lambda error: error["type"] != "extra_forbidden")
    loc, message = explain(kind, errors[0])
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    where = loc_text(loc)
    line = source.line_of(loc) if source is not None else None
    return FileProblem(path, f"{where}: {message}" if where else message, line)


# --- pydantic's error, in plain words -----------------------------------------------

_PLAIN = {
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "an id may use only lower-case letters, digits, '-' and '_'",
    "string_too_long": "may be at most {max_length} characters",
    "too_short": "needs at least {min_length} entries",
    "too_long": "may have at most {max_length} entries",
    "greater_than_equal": "must be a whole number of at least {ge}",
    "less_than_equal": "must be a whole number of at most {le}",
    "int_parsing": "must be a whole number",
    "int_parsing_size": "too large a number (at most nine digits)",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_parsing": "must be a boolean: yes or no (true or false)",
    "bool_type": "must be a boolean: yes or no (true or false)",
    "dict_type": "must be a mapping of keys",
    "model_type": "must be a mapping of keys",
    "model_attributes_type": "must be a mapping of keys",
    "list_type": "must be a list",
    "string_type": "must be text",
    "date_parsing": "must be a date like 2026-11-23",
    "date_from_datetime_parsing": "must be a date like 2026-11-23",
    "date_from_datetime_inexact": "must be a date like 2026-11-23",
    "date_type": "must be a date like 2026-11-23",
    "datetime_parsing": "must be a date and time like 2026-11-23T09:30:00+00:00",
    "datetime_from_date_parsing": "must be a date and time like 2026-11-23T09:30:00+00:00",
    "datetime_type": "must be a date and time like 2026-11-23T09:30:00+00:00",
}


def explain(kind: type[BaseModel], error: Any) -> tuple[Loc, str]:
    """The location and a plain message for one pydantic error."""
    loc: Loc = tuple(part for part in error["loc"] if isinstance(part, str | int))
    loc = _without_union_tags(kind, loc)
    kind_of_error = error["type"]
    ctx = error.get("ctx") or {}
    if kind_of_error == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        fields = _fields(_type_at(kind, loc[:-1]))
        given = error.get("input")
        import difflib

        free = [f for f in fields if not isinstance(given, dict) or f not in given]
        close = difflib.get_close_matches(key, free or fields, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "check its spelling"
        return loc, f"unknown key {key!r} ({hint})"
    if kind_of_error == "missing":
        return loc[:-1], f"missing key {loc[-1]!r}" if loc else "missing"
    if kind_of_error == "literal_error":
        return loc, f"must be one of {ctx.get('expected', '')}"
    if error.get("input", "") is None and kind_of_error.endswith("_type"):
        return loc, "must not be empty"
    if kind_of_error == "value_error":
        return loc, str(ctx.get("error", error["msg"]))
    plain = _PLAIN.get(kind_of_error)
    if plain is not None:
        try:
            return loc, plain.format(**ctx)
        except (KeyError, IndexError):
            return loc, plain
    return loc, str(error["msg"])


def _without_union_tags(kind: type[BaseModel], loc: Loc) -> Loc:
    """pydantic names the member of a union it tried (``int``, ``function-after[...]``):
    keep only the keys and indexes that are really in the file."""
    kept: list[str | int] = []
    for part in loc:
        tag = isinstance(part, str) and ("[" in part or part in _TYPE_NAMES)
        if tag and not _has_field(_type_at(kind, tuple(kept)), str(part)):
            continue
        kept.append(part)
    return tuple(kept)


_TYPE_NAMES = {"int", "str", "bool", "date", "datetime", "list", "dict", "none", "float"}


def _has_field(kind: Any, name: str) -> bool:
    return name in _fields(kind) or typing.get_origin(kind) is dict


def _unwrap(kind: Any) -> Any:
    """The model, list or dict type inside Annotated[...] and ``X | None``."""
    import types

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
        if isinstance(part, int) or typing.get_origin(kind) in (dict, list):
            args = typing.get_args(kind)
            kind = args[-1] if args else Any
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            found = kind.model_fields.get(part)
            kind = found.annotation if found is not None else Any
        else:
            return Any
    return _unwrap(kind)


def _fields(kind: Any) -> list[str]:
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return list(kind.model_fields)
    return []
