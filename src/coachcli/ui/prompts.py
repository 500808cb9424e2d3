"""The asker for a person at a terminal: questionary prompts and rich output.

Every prompt uses ``unsafe_ask`` so Ctrl-C is never swallowed. In a text prompt, Enter
saves, Alt+Enter (or Esc then Enter) starts a new line, and Ctrl-C hands back what was
typed so the engine can keep it in the draft.
"""

from __future__ import annotations

from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from questionary import Choice, Separator
from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from coachcli.conversation.asking import NAV_VALUES, ConfirmQ, Interrupted, Message, SelectQ, TextQ

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

    return bindings


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
        instruction = f"{q.instruction}  " if q.instruction else ""
        answer = questionary.text(
            q.message,
            default=q.default,
            validate=valid,
            multiline=True,
            instruction=f"\n  {instruction}({hint})\n ",
            key_bindings=_text_bindings(),
            **self.io,
        ).unsafe_ask()
        return str(answer)

    def select(self, q: SelectQ) -> str:
        choices: list[Any] = []
        for option in q.options:
            if option.value in NAV_VALUES and not any(isinstance(c, Separator) for c in choices):
                choices.append(Separator("  ─────"))
            choices.append(
                Choice(option.label, value=option.value, shortcut_key=option.key or True)
            )
        default = q.default if any(o.value == q.default for o in q.options) else None
        shortcuts = len(q.options) <= MAX_SHORTCUTS
        answer = questionary.select(
            q.message,
            choices=choices,
            default=default,
            use_shortcuts=shortcuts,
            use_jk_keys=False,
            instruction="(↑↓ or a key, then Enter)" if shortcuts else "(↑↓, then Enter)",
            **self.io,
        ).unsafe_ask()
        return str(answer)

    def confirm(self, q: ConfirmQ) -> bool:
        if not q.person_asked:
            return q.default
        return bool(questionary.confirm(q.message, default=q.default, **self.io).unsafe_ask())

    def show(self, message: Message) -> None:
        out = self.console
        if message.style == "header":
            out.print()
            out.print(Rule(Text(message.title or "", style="bold cyan"), align="left"))
            out.print(Text(message.text, style="italic"))
        elif message.style == "hint":
            out.print(
                Panel(
                    Text(message.text),
                    title=message.title,
                    border_style="yellow",
                    title_align="left",
                )
            )
        elif message.style == "done":
            out.print(Text(message.text, style="green"))
        elif message.style == "dim":
            out.print(Text(message.text, style="dim"))
        else:
            if message.title:
                out.print(Text(message.title, style="bold"))
            out.print(Text(message.text))
