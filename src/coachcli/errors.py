"""One family of errors a user can cause and fix; the CLI prints them as one line."""

from __future__ import annotations

from typing import NoReturn


class CoachError(Exception):
    """An error the user can act on. Printed as one line; exit code ``exit_code``."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


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

    exit_code = 130


class NoTerminal(CoachError):
    """An interactive command was run without a terminal."""

    exit_code = 2


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
