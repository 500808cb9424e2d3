"""Every test runs the real `coach` entry point against a workspace in tmp_path."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachcli.cli.app import main


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the user's real data and settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user" / "data"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COACH_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    return home


@dataclass
class Result:
    code: int
    out: str
    err: str


Coach = Callable[..., Result]


@pytest.fixture
def coach(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Coach:
    """Run `coach ARGS...` in-process through its real entry point and error handler."""

    def run(*args: str, stdin: str = "") -> Result:
        import io

        views = sys.modules.get("coachcli.ui.views")
        if views is not None:  # a new process would make a new console, sized afresh
            monkeypatch.setattr(views, "console", views._Console(highlight=False))
        monkeypatch.setattr(sys, "argv", ["coach", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = 0
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated
