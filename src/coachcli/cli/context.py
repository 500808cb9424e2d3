"""The one application context of a run: made by ``main``, handed to every command as
typer's ``ctx.obj``, and the only place that knows how to reach the workspace, its
store (with the key, when encryption is on), the console and an asker.

Nothing is kept in module globals: tests build their own ``App`` (a recording console,
an asker driven by a pipe) and pass it to ``main``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from coachcli.conversation.asking import Asker
    from coachcli.records.frameworks import Frameworks
    from coachcli.store.sessions import Store
    from coachcli.store.workspace import Workspace

LIST_LIMIT = 50
"""Listings show this many rows unless --all."""


@dataclass
class App:
    home: Path | None = None
    """--home, when given."""
    debug: bool = False
    """--debug: a traceback for an unexpected error."""
    console: Console | None = None
    """Where screens are drawn; made on first use unless a test passes its own."""
    terminal: Callable[[], Asker] | None = None
    """How to ask a person; a test passes one driven by a pipe."""
    _workspace: Workspace | None = field(default=None, repr=False)
    _secrets: dict[str, str | None] = field(default_factory=dict, repr=False)
    """Passphrases taken from the environment (and removed from it) in this run."""

    @property
    def out(self) -> Console:
        if self.console is None:
            from coachcli.ui.console import make_console

            self.console = make_console()
        return self.console

    def workspace(self) -> Workspace:
        if self._workspace is None:
            from coachcli.store.workspace import open_workspace

            self._workspace = open_workspace(self.home, self.passphrase)
            made_here(self._workspace)
        return self._workspace

    def store(self) -> Store:
        return self.workspace().store()

    def frameworks(self) -> Frameworks:
        from coachcli.records.frameworks import load_frameworks

        return load_frameworks(self.workspace().frameworks_dir)

    def person(self) -> Asker:
        """The asker for a person at this terminal (or a test's stand-in)."""
        if self.terminal is not None:
            return self.terminal()
        from coachcli.errors import NoTerminal

        if not sys.stdin.isatty() or not sys.stdout.isatty():
            raise NoTerminal(
                "no terminal: run this in a terminal, or give your answers in a file with"
                " --answers FILE (see the README)"
            )
        from coachcli.ui.prompts import TerminalAsker

        return TerminalAsker(self.out)

    def asker(self, answers: Path | None) -> Asker:
        """The answers file's asker when one is given, otherwise the person's."""
        if answers is None:
            return self.person()
        from coachcli.conversation.answers import AnswersAsker

        return AnswersAsker.open(answers)

    def secret_variable(self, name: str) -> str | None:
        """A passphrase from the environment variable ``name``, read once and then
        removed from this process's environment, so no child process inherits it."""
        if name not in self._secrets:
            self._secrets[name] = os.environ.pop(name, None) or None
        return self._secrets[name]

    def _ask_secret(self, variable: str, message: str, confirm: bool) -> str:
        given = self.secret_variable(variable)
        if given:
            return given
        from coachcli.errors import CoachError

        if self.terminal is None and not sys.stdin.isatty():
            raise CoachError(f"this workspace is encrypted: set {variable} or run in a terminal")
        return self.person().secret(message, confirm=confirm)

    def passphrase(self, confirm: bool) -> str:
        """The workspace's passphrase: from COACH_PASSPHRASE, or asked of the person."""
        return self._ask_secret(
            "COACH_PASSPHRASE", "Passphrase for this workspace's sessions:", confirm
        )

    def new_passphrase(self) -> str:
        """A new passphrase: from COACH_NEW_PASSPHRASE, or asked of the person twice."""
        return self._ask_secret("COACH_NEW_PASSPHRASE", "New passphrase:", True)


def made_here(ws: Workspace) -> None:
    """Say once, on stderr, that the user data folder became the workspace: it is made
    on first use when no coach.yaml is here or above, and a coach may not expect it."""
    from coachcli.store.workspace import USER_DATA

    if ws.made and ws.reason == USER_DATA:
        print(
            f"coach: made a new workspace in your user data folder, {ws.root}, as there is"
            " no coach.yaml here or above (`coach init PATH` makes one where you want it)",
            file=sys.stderr,
        )


def app_of(ctx: typer.Context) -> App:
    """The context of this run, from any command."""
    found = ctx.find_object(App)
    if found is None:  # pragma: no cover - main always passes one
        found = ctx.ensure_object(App)
    return found
