"""Every question the conversation asks goes through one door: an :class:`Asker`.

The engine describes questions as data (with a ``key`` naming where the answer lives in
an answers file); an asker answers them. There are three: the questionary one for a
person at a terminal (:mod:`coachcli.prompts`), :class:`AnswersAsker` for a prepared
answers file, and the tests' own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from coachcli.errors import CoachError
from coachcli.records.yamlio import Loaded

Key = tuple[str | int, ...]

NEXT, BACK = "next", "back"
NAV_VALUES = frozenset({NEXT, BACK})
"""Menu values that move between stages; every other value acts within a stage."""


def key_text(key: Key) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    key: str | None = None
    """A one-key shortcut shown before the label (digits are given out automatically)."""


@dataclass
class TextQ:
    key: Key
    message: str
    default: str = ""
    required: bool = False
    multiline: bool = False
    check: Callable[[str], object] | None = None
    """Raises ValueError (with a short hint) when the text is not acceptable."""
    instruction: str | None = None


@dataclass
class SelectQ:
    key: Key
    message: str
    options: list[Option]
    default: str | None = None
    scripted: tuple[str, str] | None = None
    """For an answers file: the value when ``key`` is present, and when it is absent."""
    free: bool = False
    """An answers file may give any text, not only one of the options."""


@dataclass
class ConfirmQ:
    key: Key
    message: str
    default: bool = False
    required: bool = False
    interactive: bool = True
    """False: a person is not asked (the default stands); only answers files set it."""


Style = Literal["header", "info", "hint", "done", "dim"]


@dataclass
class Message:
    text: str
    style: Style = "info"
    title: str | None = None


class Asker(Protocol):
    def text(self, q: TextQ) -> str: ...

    def select(self, q: SelectQ) -> str: ...

    def confirm(self, q: ConfirmQ) -> bool: ...

    def show(self, message: Message) -> None: ...


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while typing: carries the unfinished text so that it is not lost."""

    def __init__(self, partial: str = "") -> None:
        super().__init__()
        self.partial = partial


_MISSING = object()


@dataclass
class AnswersAsker:
    """Answers questions from a YAML answers file; nothing is asked of a person."""

    path: Path
    source: Loaded
    used: set[Key] = field(default_factory=set)

    def _get(self, key: Key) -> Any:
        node: Any = self.source.data
        for part in key:
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return _MISSING
                node = node[part]
            else:
                if not isinstance(node, dict) or part not in node:
                    return _MISSING
                node = node[part]
        return node

    def _fail(self, key: Key, detail: str) -> CoachError:
        line = self.source.lines.get(key)
        where = f"{self.path}:{line}" if line else str(self.path)
        return CoachError(f"{where}: {key_text(key)}: {detail}")

    def _leaf(self, key: Key) -> Any:
        value = self._get(key)
        if value is not _MISSING:
            if isinstance(value, dict | list):
                raise self._fail(key, "expected a single value here")
            self.used.add(key)
        return value

    def text(self, q: TextQ) -> str:
        value = self._leaf(q.key)
        if value is _MISSING or value is None:
            if q.required:
                raise self._fail(q.key, f"missing answer ({q.message})")
            return q.default
        if q.check is not None:
            try:
                q.check(value)
            except ValueError as problem:
                raise self._fail(q.key, str(problem)) from None
        return str(value)

    def select(self, q: SelectQ) -> str:
        if q.scripted is not None:
            present, absent = q.scripted
            return present if self._get(q.key) is not _MISSING else absent
        value = self._leaf(q.key)
        if value is _MISSING or value is None:
            if q.default is not None:
                return q.default
            raise self._fail(q.key, f"missing answer ({q.message})")
        wanted = str(value).strip().casefold()
        for option in q.options:
            if wanted in (option.value.casefold(), option.label.casefold()):
                return option.value
        if q.free:
            return str(value)
        allowed = ", ".join(option.value for option in q.options)
        raise self._fail(q.key, f"{value!r} is not one of: {allowed}")

    def confirm(self, q: ConfirmQ) -> bool:
        value = self._leaf(q.key)
        if value is _MISSING or value is None:
            if q.required:
                raise self._fail(q.key, f"missing yes/no answer ({q.message})")
            return q.default
        answer = str(value).strip().casefold()
        if answer in ("yes", "y", "true", "on", "1"):
            return True
        if answer in ("no", "n", "false", "off", "0"):
            return False
        raise self._fail(q.key, f"expected yes or no, not {value!r}")

    def show(self, message: Message) -> None:
        """An answers file runs silently; the saved file says what happened."""

    def unused(self) -> list[Key]:
        """Answers the conversation never asked for: a typo or a stage not in the flow."""

        def leaves(node: Any, key: Key) -> Iterator[Key]:
            if isinstance(node, dict):
                for name, child in node.items():
                    yield from leaves(child, (*key, name))
            elif isinstance(node, list):
                for index, child in enumerate(node):
                    yield from leaves(child, (*key, index))
            else:
                yield key

        skip = {("format_version",)}
        return [k for k in leaves(self.source.data, ()) if k not in self.used and k not in skip]

    def check_all_used(self) -> None:
        unused = self.unused()
        if unused:
            first = unused[0]
            more = f" (and {len(unused) - 1} more)" if len(unused) > 1 else ""
            raise self._fail(
                first, f"this answer was not used: a typo, or not part of this flow{more}"
            )
