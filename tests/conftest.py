"""Every test runs the real `coach` entry point against a workspace in tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachcli.cli.app import main
from coachcli.cli.context import App
from coachcli.conversation.asking import Asker
from tests import sandbox


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep every test away from the user's real data, settings and environment.

    Every user folder (HOME and each XDG_*_HOME, XDG_RUNTIME_DIR) is made inside
    tmp_path, COACH_HOME is tmp_path/home, every other COACH_ variable and
    UPDATE_GOLDEN are removed (tests/sandbox.py), and no encryption key outlives a test.
    """
    wanted = sandbox.environment(tmp_path, os.environ)
    for name in [name for name in os.environ if name not in wanted]:
        monkeypatch.delenv(name)
    for name, value in wanted.items():
        if os.environ.get(name) != value:
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    _forget_encryption_keys()
    yield tmp_path / "home"
    _forget_encryption_keys()


def _forget_encryption_keys() -> None:
    """Lock encryption, as each new `coach` process starts locked (a no-op when the
    module is not loaded or no longer has ``lock``)."""
    crypto = sys.modules.get("coachcli.store.crypto")
    lock = getattr(crypto, "lock", None)
    if callable(lock):
        lock()


@dataclass
class Result:
    code: int
    out: str
    err: str


Coach = Callable[..., Result]


@pytest.fixture
def coach(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Coach:
    """Run `coach ARGS...` in-process through its real entry point and error handler."""

    def run(*args: str, stdin: str = "", terminal: Callable[[], Asker] | None = None) -> Result:
        """``terminal`` stands in for a person at a terminal (an asker driven by a pipe)."""
        import io

        from coachcli.ui.console import make_console

        monkeypatch.setattr(sys, "argv", ["coach", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = 0
        try:  # a new context each run, as a new process would have (a console sized afresh)
            main(App(console=make_console(), terminal=terminal))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated
