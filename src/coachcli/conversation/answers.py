"""Prepared answers: a YAML file that answers the conversation's questions, so a session
can run with no terminal (demos, tests, notes prepared in advance).

Everything about answers files lives here: which answer goes to which question (by the
question's ``key``), what a stage's menu means in a file (add one item for each entry,
then move on), the answers no question used, and the file's shape (checked first
against ``records.answers.AnswersFile``). The keys are listed in docs/answers-file.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.conversation.asking import NEXT, ConfirmQ, Key, Message, SelectQ, TextQ
from coachcli.errors import CoachError
from coachcli.records.yamlio import Loaded
from coachcli.records.yamlio import loc_text as key_text

if TYPE_CHECKING:
    from coachcli.records.session import Session

_MISSING = object()


@dataclass
class AnswersAsker:
    """Answers questions from a YAML answers file; nothing is asked of a person."""

    path: Path
    source: Loaded
    used: set[Key] = field(default_factory=set)
    reached: set[str | int] = field(default_factory=set)
    """The top-level sections a question has been asked of, answered or not."""
    keeps_drafts: bool = False

    @classmethod
    def open(cls, path: Path) -> AnswersAsker:
        """Read an answers file and check its shape: a mistyped key anywhere is one line
        naming the file, line and key, before anything runs or is saved."""
        from coachcli.records.answers import AnswersFile
        from coachcli.records.validation import convert
        from coachcli.records.yamlio import load

        loaded = load(path)
        if not isinstance(loaded.data, dict):
            raise CoachError(f"{path}: an answers file must be a mapping of keys")
        from coachcli.records.formats import ANSWERS_FORMAT
        from coachcli.records.numbers import format_problem

        written = loaded.data.get("format_version", 1)  # optional: 1 unless it says
        problem = format_problem(written, ANSWERS_FORMAT, "answers file ")
        if problem is not None:
            raise CoachError(f"{path}: {problem}")
        convert(AnswersFile, loaded.data, path, loaded)
        return cls(path, loaded)

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
        """One line naming the file, the line (of the key, or of the nearest key around
        it when the answer is missing) and the key."""
        line = self.source.line_of(key)
        where = f"{self.path}:{line}" if line else str(self.path)
        return CoachError(f"{where}: {key_text(key)}: {detail}")

    def _leaf(self, key: Key) -> Any:
        self.reached.add(key[0])
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
        if any(option.value == NEXT for option in q.options):
            # A stage's menu: add one item for each entry the file holds, then move on.
            present = self._get(q.key) is not _MISSING
            return q.adds if q.adds is not None and present else NEXT
        value = self._leaf(q.key)
        if value is _MISSING or value is None:
            if q.unanswered is not None:
                return q.unanswered
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
            if q.unanswered is not None:
                return q.unanswered
            if q.default is None:  # no default: the file must say yes or no
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

    def preset(self, name: str) -> str | None:
        value = self._leaf((name,))
        if value is _MISSING or value is None:
            return None
        return str(value).strip() or None

    def finish(self) -> None:
        self.check_all_used()

    def secret(self, message: str, *, confirm: bool) -> str:
        raise CoachError(
            "an answers file cannot hold a passphrase: set COACH_PASSPHRASE, or run in a terminal"
        )

    def show_session(self, session: Session, path: Path) -> None:
        """An answers file never opens a session read-only (it has no one to show it to)."""

    def unused(self) -> list[Key]:
        """Answers the conversation never asked for: a typo or a stage not in the flow.
        The ``reflection`` section is asked after the session is saved: it is looked at
        once a question of it has been asked (`offer`, or `coach reflect`)."""

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
        later = "reflection" not in self.reached
        return [
            k
            for k in leaves(self.source.data, ())
            if k not in self.used and k not in skip and not (later and k[0] == "reflection")
        ]

    def check_all_used(self) -> None:
        unused = self.unused()
        if unused:
            first = unused[0]
            more = f" (and {len(unused) - 1} more)" if len(unused) > 1 else ""
            raise self._fail(
                first, f"this answer was not used: a typo, or not part of this flow{more}"
            )
