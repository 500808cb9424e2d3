"""One family of errors a user can cause and fix, each with its exit code; the CLI's one
handler prints them as one line (``cli.app.main``)."""

from __future__ import annotations

from enum import IntEnum
from typing import NoReturn


class ExitCode(IntEnum):
    """What ``coach`` exits with."""

    OK = 0
    USER_ERROR = 1
    """Something the user can fix: a typo, an unknown id, a damaged file."""
    USAGE = 2
    """The command cannot run like this (no terminal for an interactive command)."""
    BUG = 70
    """Not the user's doing: a traceback with --debug (EX_SOFTWARE)."""
    STOPPED = 130
    """Ctrl-C, as shells expect."""


class CoachError(Exception):
    """An error the user can act on. Printed as one line; exit code ``exit_code``."""

    exit_code: ExitCode = ExitCode.USER_ERROR


class FileProblem(CoachError):
    """A file that cannot be read, parsed or validated. The message names the file."""

    def __init__(self, path: object, detail: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {detail}")
        self.path = path
        self.line = line
        self.detail = detail


class Stopped(CoachError):
    """Ctrl-C during a session: the draft is kept; exit 130 as shells expect."""

    exit_code = ExitCode.STOPPED


class NoTerminal(CoachError):
    """An interactive command was run without a terminal."""

    exit_code = ExitCode.USAGE


def closed_pipe() -> NoReturn:
    """The reader of our output went away (`coach session list | head -1`): stop
    quietly with exit 0, as `git log | head` does, and keep Python from complaining
    about the pipe at exit."""
    import contextlib
    import os
    import sys

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(0)
