"""The asker for a person at a terminal: questionary prompts and rich output.

Every question is answered the same way: a key (or some text), then Enter. A menu moves
to the option of the key pressed; a yes/no question shows "Yes" or "No" for y or n and
waits for Enter, so the Enter a coach presses by habit never answers the next question.
Every prompt uses ``unsafe_ask`` so Ctrl-C is never swallowed. In a text prompt, Enter
saves, Alt+Enter (or Esc then Enter) starts a new line, and Ctrl-C hands back what was
typed so the engine can keep it in the draft. A pre-filled answer (an earlier wording,
a note being corrected) is the text being edited, cursor at its end; Ctrl-U clears it.

Text from files (names, earlier notes, hints, a school's own words) passes through
``visible`` before it reaches the screen, so none of it can drive the terminal.
"""

from __future__ import annotations

import contextlib
import sys
import textwrap
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit import PromptSession
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator
from questionary.constants import DEFAULT_QUESTION_PREFIX
from questionary.question import Question
from questionary.styles import merge_styles_default
from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from coachcli.conversation.asking import (
    HEADER_SEP,
    NAV_VALUES,
    ConfirmQ,
    Interrupted,
    Message,
    SelectQ,
    TextQ,
)
from coachcli.ui.visible import visible

if TYPE_CHECKING:
    from pathlib import Path

    from coachcli.records.session import Session

LABEL_INDENT = 6
"""Where a menu option's label starts (after " » 1) "): its next lines start there too."""

MAX_SHORTCUTS = 30
"""questionary gives out at most 36 one-key shortcuts; leave room for the fixed ones."""


def _text_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("enter", eager=True)
    def _save(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    @bindings.add("escape", "enter", eager=True)
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    @bindings.add("c-c", eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=Interrupted(event.current_buffer.text))

    @bindings.add("c-u", eager=True)
    def _clear(event: KeyPressEvent) -> None:
        """Everything before the cursor, every line of it: a pre-filled answer of
        several lines goes in one key."""
        buffer = event.current_buffer
        buffer.delete_before_cursor(len(buffer.document.text_before_cursor))

    return bindings


def confirm_question(message: str, default: bool | None, **io: Any) -> Question:
    """A yes/no question answered with a key, then Enter.

    y or n shows "Yes" or "No" and waits; Enter takes it (Backspace undoes it). Enter
    alone takes the default, or, with no default (None), does nothing but say what to
    type. Any other key is ignored.
    """
    status: dict[str, bool | None] = {"answer": None, "nudged": False, "done": False}
    hint = {True: "(Y/n, then Enter) ", False: "(y/N, then Enter) ", None: "(y or n, then Enter) "}

    def tokens() -> FormattedText:
        parts = [("class:qmark", DEFAULT_QUESTION_PREFIX), ("class:question", f" {message} ")]
        answer = status["answer"]
        if not status["done"]:
            nudged = status["nudged"] and answer is None
            nudge = "Type y or n, then Enter " if nudged else hint[default]
            parts.append(("class:instruction", nudge))
        if answer is not None:
            parts.append(("class:answer", "Yes" if answer else "No"))
        return FormattedText(parts)

    bindings = KeyBindings()

    @bindings.add(Keys.ControlC, eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add("y")
    @bindings.add("Y")
    def _yes(event: KeyPressEvent) -> None:
        status["answer"] = True

    @bindings.add("n")
    @bindings.add("N")
    def _no(event: KeyPressEvent) -> None:
        status["answer"] = False

    @bindings.add(Keys.ControlH)
    @bindings.add(Keys.Backspace)
    def _undo(event: KeyPressEvent) -> None:
        status["answer"] = None

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event: KeyPressEvent) -> None:
        if status["answer"] is None:
            if default is None:
                status["nudged"] = True
                return
            status["answer"] = default
        status["done"] = True
        event.app.exit(result=status["answer"])

    @bindings.add(Keys.Any)
    def _other(event: KeyPressEvent) -> None:
        """Nothing else can be typed here."""

    session: PromptSession[bool] = PromptSession(
        tokens, key_bindings=bindings, style=merge_styles_default([None]), **io
    )
    return Question(session.app)


def _packed(parts: list[str], sep: str, width: int) -> list[str]:
    """The parts joined by ``sep`` into as few lines of ``width`` as they fit, each
    part whole on one line."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(sep) + len(part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


class TerminalAsker:
    keeps_drafts = True
    """A person can stop at any moment: every answer is saved in the draft."""

    def __init__(self, console: Console | None = None, **io: Any) -> None:
        self.console = console or Console(highlight=False)
        self.io = io
        """``input``/``output`` for prompt_toolkit: tests pass a pipe and DummyOutput."""

    def preset(self, name: str) -> str | None:
        """A person chooses as the conversation goes (or with options)."""
        return None

    def finish(self) -> None:
        """Nothing to check: a person answered what was asked."""

    def secret(self, message: str, *, confirm: bool) -> str:
        """A passphrase, typed unseen (twice for a new one)."""
        from coachcli.errors import CoachError

        first = str(questionary.password(message, **self.io).unsafe_ask())
        if confirm:
            again = str(questionary.password("The same again:", **self.io).unsafe_ask())
            if again != first:
                raise CoachError("the two passphrases differ; nothing was changed")
        if not first:
            raise CoachError("a passphrase is needed")
        return first

    def text(self, q: TextQ) -> str:
        def valid(value: str) -> bool | str:
            if q.required and not value.strip():
                return "Type something (it can be short), or Ctrl-C to stop and keep the draft."
            if q.check is not None:
                try:
                    q.check(value)
                except ValueError as problem:
                    return str(problem)
            return True

        hint = "Enter saves · Alt+Enter new line" if q.multiline else "Enter saves"
        if q.default:
            hint = hint.replace("Enter saves", "edit it · Enter keeps it · Ctrl-U clears it")
        instruction = f"{visible(q.instruction, lines=False)}  " if q.instruction else ""
        if len(instruction) + len(hint) + 4 > self.console.width:  # each on its own line
            instruction = f"{instruction.rstrip()}\n  "
        question = questionary.text(
            visible(q.message),
            validate=valid,
            multiline=True,
            instruction=f"\n  {instruction}({hint})\n ",
            key_bindings=_text_bindings(),
            **self.io,
        )
        # The answer given before is the text being edited, with the cursor after it:
        # Backspace takes from its end, Enter keeps it, and what is typed goes where the
        # cursor is (never after an unseen default, as a placeholder would have it).
        question.application.current_buffer.reset(Document(q.default, len(q.default)))
        return str(question.unsafe_ask())

    def select(self, q: SelectQ) -> str:
        if not q.person_asked:  # chosen from the stage's menu instead
            return str(q.unanswered if q.unanswered is not None else q.default)
        choices: list[Any] = []
        group, ruled = None, False
        width = max(20, self.console.width - LABEL_INDENT - 1)
        for option in q.options:
            if option.group and option.group != group:
                choices.append(Separator(visible(f"  {option.group}", lines=False)))
            group = option.group
            if option.value in NAV_VALUES and not ruled:
                choices.append(Separator("  ─────"))
                ruled = True
            label = visible(option.label, lines=False)
            if len(label) > width:  # wrapped under itself: a long question is read whole
                label = ("\n" + " " * LABEL_INDENT).join(textwrap.wrap(label, width))
            choices.append(Choice(label, value=option.value, shortcut_key=option.key or True))
        if q.unexpected:
            self._drop_typeahead()
        default = q.default if any(o.value == q.default for o in q.options) else None
        shortcuts = len(q.options) <= MAX_SHORTCUTS
        hint = "(↑↓ or a key, then Enter)" if shortcuts else "(↑↓, then Enter)"
        message = visible(q.message)
        if len(message) + len(hint) + 3 > self.console.width:  # the hint on a line of its own
            message, hint = self._wrapped(message, 0), f"\n  {hint}"
        answer = questionary.select(
            message,
            choices=choices,
            default=default,
            use_shortcuts=shortcuts,
            use_jk_keys=False,
            instruction=hint,
            **self.io,
        ).unsafe_ask()
        return str(answer)

    def confirm(self, q: ConfirmQ) -> bool:
        if not q.person_asked:
            return bool(q.default)
        message = self._wrapped(visible(q.message), len("(y or n, then Enter) "))
        return bool(confirm_question(message, q.default, **self.io).unsafe_ask())

    def _wrapped(self, message: str, tail: int) -> str:
        """``message`` broken between words to fit after "? " with ``tail`` more cells
        after it: a terminal would cut a word in two at its edge."""
        room = self.console.width - 2
        if len(message) + tail <= room:
            return message
        lines = textwrap.wrap(message, room)
        if len(lines[-1]) + tail > room:
            lines.append("")
        return "\n  ".join(lines)

    def _drop_typeahead(self) -> None:
        """Forget keys typed before the question was on the screen (a terminal's only:
        a test's pipe is left alone)."""
        if "input" in self.io or not sys.stdin.isatty():
            return
        from prompt_toolkit.input import create_input
        from prompt_toolkit.input.typeahead import clear_typeahead

        clear_typeahead(create_input())
        with contextlib.suppress(ImportError, OSError):
            import termios

            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)

    def show_session(self, session: Session, path: Path) -> None:
        """A whole session, read-only, as `coach session show` draws it."""
        from coachcli.ui.session import show_session

        show_session(self.console, session, path)

    def show(self, message: Message) -> None:
        out = self.console
        text, title = visible(message.text), visible(message.title or "", lines=False)
        if message.style == "header":
            out.print()
            lines = _packed(title.split(HEADER_SEP), HEADER_SEP, out.width - 4)
            for line in lines[:-1]:  # too long for one line: wrapped, never cut
                out.print(Text(line, style="bold cyan"))
            out.print(Rule(Text(lines[-1], style="bold cyan"), align="left"))
            out.print(Text(text, style="italic"))
        elif message.style == "hint":
            out.print(
                Panel(
                    Text(text),
                    title=Text(title) if title else None,
                    border_style="yellow",
                    title_align="left",
                )
            )
        elif message.style == "done":
            out.print(Text(text, style="green"))
        elif message.style == "dim":
            out.print(Text(text, style="dim"))
        else:
            if title:
                out.print(Text(title, style="bold"))
            out.print(Text(text))
