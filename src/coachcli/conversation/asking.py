"""Every question the conversation asks goes through one door: an :class:`Asker`.

The engine describes questions as data (with a ``key`` naming where the answer lives in
an answers file); an asker answers them. There are three: the questionary one for a
person at a terminal (``coachcli.ui.prompts``), the answers-file one
(``coachcli.conversation.answers``), and the tests' own. No code asks which one it
holds: what differs between them is said by the questions and the asker itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from coachcli.records.session import Session

Key = tuple[str | int, ...]

NEXT, BACK = "next", "back"
NAV_VALUES = frozenset({NEXT, BACK})
"""Menu values that move between stages; every other value acts within a stage."""

HEADER_SEP = "  ·  "
"""Between the parts of a stage header's title (an asker may wrap it there)."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    key: str | None = None
    """A one-key shortcut shown before the label (digits are given out automatically)."""
    group: str | None = None
    """A heading a menu shows above the first option of each run with the same group."""


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
    adds: str | None = None
    """In a stage's menu, the option that adds one more item (a note, a piece of
    evidence, a step) at ``key``."""
    unanswered: str | None = None
    """The choice when there is no answer to give (prepared answers that say nothing)."""
    free: bool = False
    """Any text may be given, not only one of the options."""
    unexpected: bool = False
    """Asked out of turn (a save that failed): keys typed ahead while the coach waited
    are dropped first, so they cannot choose for them."""
    person_asked: bool = True
    """False: a person chooses this from the stage's menu instead (a library step with
    'l'); only prepared answers give it here, else ``unanswered``."""


@dataclass
class ConfirmQ:
    """A yes/no question: a person types y or n, then Enter (as in every menu)."""

    key: Key
    message: str
    default: bool | None = False
    """The answer Enter alone gives. None: there is no default, every answer must say
    yes or no (each action-step criterion); Enter alone does nothing."""
    person_asked: bool = True
    """False: a person sets this from the stage's menu instead (a note made private
    with 'p'); only prepared answers give it here."""
    unanswered: bool | None = None
    """The answer when there is none to give (prepared answers that say nothing)."""


Style = Literal["header", "info", "hint", "done", "dim"]


@dataclass
class Message:
    text: str
    style: Style = "info"
    title: str | None = None


class Asker(Protocol):
    """The one door every question goes through.

    ``keeps_drafts``: whether answers are saved as a draft as they come (a person can
    stop at any moment; prepared answers are saved only once all of them are used).
    ``preset(name)``: a setting (flow, role, kind, coach) that prepared answers fix
    before the conversation begins, else None. ``finish()``: called once the
    conversation has asked everything (prepared answers check none was left unused).
    ``secret(message)``: a passphrase, never echoed and never written anywhere.
    ``show_session(session, path)``: a whole session, read-only (a draft open elsewhere).
    """

    keeps_drafts: bool

    def text(self, q: TextQ) -> str: ...

    def select(self, q: SelectQ) -> str: ...

    def confirm(self, q: ConfirmQ) -> bool: ...

    def show(self, message: Message) -> None: ...

    def preset(self, name: str) -> str | None: ...

    def finish(self) -> None: ...

    def secret(self, message: str, *, confirm: bool) -> str: ...

    def show_session(self, session: Session, path: Path) -> None: ...


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while typing: carries the unfinished text so that it is not lost."""

    def __init__(self, partial: str = "") -> None:
        super().__init__()
        self.partial = partial
