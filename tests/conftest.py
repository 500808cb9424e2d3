"""Every test runs the real `coach` entry point against a workspace in tmp_path."""

from __future__ import annotations

import os
import re
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


SLOW = {
    "tests/test_store.py::test_killed_at_random_moments_hundreds_of_times",  # 200 SIGKILLs
    "tests/test_prompts.py::test_a_full_session_keeps_every_answer",
    "tests/test_prompts.py::test_going_back_a_stage_keeps_everything_typed",
    "tests/test_stack.py::test_hot_commands_import_no_pydantic_with_a_warm_index",
    "tests/test_help.py::test_start_up_imports_only_what_a_command_uses",
    "tests/test_followup.py::test_three_sessions_with_progress_between_them",
    "tests/test_store.py::test_long_lists_are_limited_unless_asked",
    "tests/test_identity.py::test_sessions_started_at_once_with_one_person_never_share_a_number",
}
"""Tests of 1.5 s or more (`pytest --durations=25`) not marked where they are written."""


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark as slow: the tests in SLOW, every hypothesis test and every test that drives
    a real terminal with pexpect."""
    for item in items:
        test = getattr(item, "obj", None)
        module = getattr(item, "module", None)
        if (
            item.nodeid.split("[")[0] in SLOW
            or getattr(test, "is_hypothesis_test", False)
            or "pexpect" in vars(module or sys)
        ):
            item.add_marker(pytest.mark.slow)
        if sys.platform == "win32":
            reason = posix_only(test, module)
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"POSIX only: {reason}"))


POSIX = (
    (("SIGKILL", "os.kill("), "kills a process with a signal Windows does not have"),
    (
        ("st_mode", "S_IMODE", "umask", "chmod"),
        "checks POSIX file modes, which Windows does"
        " not keep (tests/test_platform.py covers Windows' own rules)",
    ),
    (("/bin/sh",), "runs a POSIX shell script as the editor"),
    (("symlink_to", "os.symlink"), "makes a symbolic link, which Windows allows only to admins"),
    (
        ("platformdirs.user_",),
        "checks platformdirs' POSIX folders; Windows' own are checked"
        " by test_the_user_folders_on_windows_are_in_local_app_data",
    ),
    (("import resource",), "limits core dumps with the POSIX-only resource module"),
)
"""What a test does that only a POSIX system can, and why it says so on Windows, where
CI (.github/workflows/ci.yml) runs the suite too."""


def posix_only(test: object, module: object) -> str | None:
    """Why ``test`` cannot run on Windows, or None: it drives a pseudo-terminal
    (pexpect), or its own source does something in POSIX."""
    import inspect

    if "pexpect" in vars(module or sys):
        return "drives a pseudo-terminal with pexpect, which needs a POSIX pty"
    try:
        source = inspect.getsource(test)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None
    return next((why for words, why in POSIX if any(w in source for w in words)), None)


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


def person_dir(home: Path, name: str) -> Path:
    """The one folder of the person whose folder begins with ``name`` (``priya-shah``
    finds ``priya-shah-p1a2b3c4d5e``): folders carry the person's id since format 4. In
    an encrypted store, where a folder is the id alone, the one person's folder."""
    folders = list((home / "sessions").iterdir())
    found = [
        p
        for p in folders
        if p.name == name or re.fullmatch(rf"{re.escape(name)}-[pn][0-9a-f]{{10}}", p.name)
    ]
    found = found or [p for p in folders if re.fullmatch(r"[pn][0-9a-f]{10}", p.name)]
    (one,) = found
    return one
