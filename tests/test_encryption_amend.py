"""Amending an encrypted session: no plaintext working copy outlives the command, the
editor never sees the passphrase, a failed amend takes no revision slot, and a process
holding the key writes no core dump."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import coachcli.store.maintenance
from coachcli.store import crypto
from tests.conftest import Coach
from tests.test_encryption import (
    CANARY,
    PASSPHRASE,
    SECRETS,
    answers,
    editor,
    encrypted_workspace,
    files_under,
    ids,
    keeping_secrets,
    on_disk,
    store_files,
)


@pytest.fixture
def coach(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> Coach:
    return keeping_secrets(coach, monkeypatch)


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the editor's file goes in."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def one_session(coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    encrypted_workspace(coach, home, monkeypatch)
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    (session_id,) = ids(coach)
    return session_id


def kept(home: Path) -> list[Path]:
    return sorted((home / "sessions" / "_drafts").glob("amend-*"))


def history(home: Path) -> list[Path]:
    return sorted((home / "sessions" / "_history").rglob("r*.yaml"))


def test_a_bad_edit_is_kept_sealed_and_the_next_amend_resumes_it(
    coach: Coach, home: Path, tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = one_session(coach, home, tmp_path, monkeypatch)
    seen = tmp_path / "seen.txt"
    editor(
        tmp_path,
        monkeypatch,
        f'stat -c \'%a\' "$1" "$(dirname "$1")" > {seen}; env >> {seen}\n'
        f"sed -i 's/public note/changed note/' \"$1\"; echo 'stages: [{CANARY}' >> \"$1\"",
    )
    bad = coach("session", "amend", session_id)
    assert bad.code == 1 and "your edit is kept" in bad.err
    assert CANARY not in bad.err and len(bad.err.strip().splitlines()) == 1
    modes, environment = seen.read_text().splitlines()[:2], seen.read_text().splitlines()[2:]
    assert modes == ["600", "700"], "a private file in a private folder"
    assert environment and not any(line.startswith(SECRETS) for line in environment)
    assert list(temp.iterdir()) == [], "the working copy is gone"
    (edit,) = kept(home)
    assert edit.read_text().startswith(crypto.MAGIC), "kept for a retry, sealed"
    assert CANARY not in on_disk(home) and history(home) == []

    editor(tmp_path, monkeypatch, "sed -i '$d' \"$1\"")  # the retry starts from the kept edit
    fixed = coach("session", "amend", session_id)
    assert fixed.code == 0, fixed.err
    assert "changed note" in coach("session", "show", session_id).out
    assert kept(home) == [] and len(history(home)) == 1
    assert list(temp.iterdir()) == []


def test_an_editor_error_ctrl_c_or_a_crash_leaves_no_plaintext_copy(
    coach: Coach, home: Path, tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = one_session(coach, home, tmp_path, monkeypatch)
    editor(tmp_path, monkeypatch, f"sed -i 's/public note/{CANARY} again/' \"$1\"; exit 2")
    failed = coach("session", "amend", session_id)
    assert failed.code == 1 and "editor stopped with an error" in failed.err
    assert list(temp.iterdir()) == [] and len(kept(home)) == 1
    assert CANARY + " again" not in on_disk(home)

    real_run = subprocess.run

    def interrupted(command: list[str], **kwargs: object) -> object:
        real_run(command, **kwargs)  # type: ignore[call-overload]
        raise KeyboardInterrupt

    monkeypatch.setattr(coachcli.store.maintenance.subprocess, "run", interrupted)
    editor(tmp_path, monkeypatch, f"sed -i 's/public note/{CANARY} ctrl-c/' \"$1\"")
    stopped = coach("session", "amend", session_id)
    assert stopped.code != 0
    assert list(temp.iterdir()) == [] and len(kept(home)) == 1

    def crashed(command: list[str], **kwargs: object) -> object:
        real_run(command, **kwargs)  # type: ignore[call-overload]
        raise RuntimeError("a bug")

    monkeypatch.setattr(coachcli.store.maintenance.subprocess, "run", crashed)
    bug = coach("session", "amend", session_id)
    assert bug.code != 0 and "unexpected error" in bug.err
    assert list(temp.iterdir()) == [] and len(kept(home)) == 1
    monkeypatch.setattr(coachcli.store.maintenance.subprocess, "run", real_run)
    assert all(p.read_text().startswith(crypto.MAGIC) for p in store_files(home))
    assert CANARY not in on_disk(home) and history(home) == []


def test_a_failed_save_takes_no_revision_slot(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = one_session(coach, home, tmp_path, monkeypatch)
    editor(tmp_path, monkeypatch, "sed -i 's/public note/amended note/' \"$1\"")
    real_write = coachcli.store.maintenance.atomic_write

    def failing(path: Path, text: str, **kwargs: object) -> None:
        if "_history" not in str(path) and "_drafts" not in str(path):
            raise OSError(28, "No space left on device")
        real_write(path, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(coachcli.store.maintenance, "atomic_write", failing)
    failed = coach("session", "amend", session_id)
    assert failed.code != 0
    assert history(home) == [], "no revision slot taken by a failed amend"
    assert "amended note" not in coach("session", "show", session_id).out
    monkeypatch.setattr(coachcli.store.maintenance, "atomic_write", real_write)
    saved = coach("session", "amend", session_id)
    assert saved.code == 0, saved.err
    assert "revision 2" in saved.out and len(history(home)) == 1
    assert "amended note" in coach("session", "show", session_id).out
    assert "amended note" not in coach("session", "show", session_id, "--revision", "1").out


def test_the_editor_never_inherits_the_passphrase(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = one_session(coach, home, tmp_path, monkeypatch)
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", "another")
    seen = tmp_path / "environment.txt"
    editor(tmp_path, monkeypatch, f"env > {seen}; sed -i 's/public note/note/' \"$1\"")
    assert coach("session", "amend", session_id).code == 0
    assert "VISUAL=" in seen.read_text(), "the editor's environment was seen"
    assert PASSPHRASE not in seen.read_text() and "another" not in seen.read_text()


def test_a_run_takes_the_passphrase_out_of_its_environment(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.cli.app import main
    from coachcli.cli.context import App

    monkeypatch.setattr(sys, "argv", ["coach", "init", str(home)])
    with pytest.raises(SystemExit):
        main(App())
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: true"))
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "argv", ["coach", "session", "list"])
    try:
        main(App())
    except SystemExit as stop:
        assert not stop.code
    assert "COACH_PASSPHRASE" not in os.environ


CORE = """
import resource, sys
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
assert resource.getrlimit(resource.RLIMIT_CORE)[0] != 0
sys.argv = ["coach", "session", "list"]
from coachcli.cli.app import main
try:
    main()
except SystemExit as stop:
    assert not stop.code, stop.code
print(resource.getrlimit(resource.RLIMIT_CORE)[0])
"""


def test_a_process_holding_the_key_writes_no_core_dump(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource  # CI runs on Linux, where core dumps can be turned on to show this

    assert resource.getrlimit(resource.RLIMIT_CORE)[1] != 0, "this test needs core dumps allowed"
    encrypted_workspace(coach, home, monkeypatch)
    done = subprocess.run(
        [sys.executable, "-c", CORE], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0"
    assert all("core" not in p.name for p in files_under(home))
