"""`coach passphrase change`: every file encrypted again, all or nothing, and finished by
running it again after a crash (SIGKILL at random moments, and a crash at every step)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import coachcli.store.rekey
from coachcli.store import crypto
from tests.conftest import Coach
from tests.test_encryption import (
    PASSPHRASE,
    answers,
    editor,
    encrypted_workspace,
    ids,
    keeping_secrets,
)


@pytest.fixture
def coach(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> Coach:
    return keeping_secrets(coach, monkeypatch)


NEW = "a much longer new passphrase"
KEYS = (crypto.KEY_FILE, crypto.NEXT_KEY, crypto.OLD_KEY)


def a_full_store(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copies: int = 0
) -> str:
    """An encrypted store with a session, an earlier revision, a backup and ``copies``
    more sealed files in a backup folder."""
    encrypted_workspace(coach, home, monkeypatch)
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    (session_id,) = ids(coach)
    editor(tmp_path, monkeypatch, "sed -i 's/public note/amended note/' \"$1\"")
    assert coach("session", "amend", session_id).code == 0
    sealed = next(p for p in crypto.store_files(home) if "_history" not in str(p))
    bulk = home / "backups" / "sessions-20260101-000000" / "bulk"
    bulk.mkdir(parents=True)
    for number in range(copies):
        shutil.copy(sealed, bulk / f"copy-{number:04d}.yaml")
    return session_id


def plaintexts(home: Path, passphrases: tuple[str, ...]) -> dict[Path, str]:
    """Every store file's text, each opened with whichever key on disk opens it: the
    old passphrase or the new one, never neither."""
    ciphers = []
    for name in KEYS:
        if (home / name).exists():
            for passphrase in passphrases:
                master = crypto.open_key(home / name, passphrase)
                if master is not None:
                    ciphers.append(crypto.Cipher(home.resolve(), master))
    texts = {}
    for path in crypto.store_files(home):
        raw = path.read_text("ascii")
        opened = [c for c in ciphers if c.opens(raw.encode())]
        assert opened, f"{path} opens with neither passphrase"
        texts[path] = opened[0].unseal(raw, path)
    return texts


def test_a_change_re_encrypts_everything(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = a_full_store(coach, home, tmp_path, monkeypatch, copies=3)
    before = plaintexts(home, (PASSPHRASE,))
    raw = {p: p.read_bytes() for p in before}
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", NEW)
    changed = coach("passphrase", "change")
    assert changed.code == 0, changed.err
    assert "Changed the passphrase" in changed.out and f"{len(before)} files" in changed.out
    assert plaintexts(home, (NEW,)) == before
    assert all(p.read_bytes() != raw[p] for p in before), "every file sealed again"
    assert not (home / crypto.NEXT_KEY).exists() and not (home / crypto.OLD_KEY).exists()
    assert not [p for p in home.rglob(".*.rekey")]

    monkeypatch.delenv("COACH_NEW_PASSPHRASE")
    old = coach("session", "list")
    assert old.code == 1 and "wrong passphrase" in old.err
    monkeypatch.setenv("COACH_PASSPHRASE", NEW)
    assert "amended note" in coach("session", "show", session_id).out
    assert "amended note" not in coach("session", "show", session_id, "--revision", "1").out


def test_a_change_asks_at_the_terminal(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from rich.console import Console

    from coachcli.ui.prompts import TerminalAsker

    session_id = a_full_store(coach, home, tmp_path, monkeypatch)
    monkeypatch.delenv("COACH_PASSPHRASE")
    screen = Console(file=io.StringIO(), width=100)
    with create_pipe_input() as pipe:
        pipe.send_text(f"{PASSPHRASE}\r{NEW}\r{NEW}\r")
        changed = coach(
            "passphrase",
            "change",
            terminal=lambda: TerminalAsker(screen, input=pipe, output=DummyOutput()),
        )
    assert changed.code == 0, changed.err
    monkeypatch.setenv("COACH_PASSPHRASE", NEW)
    assert "amended note" in coach("session", "show", session_id).out


def test_a_change_refuses_clearly_and_changes_nothing(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_full_store(coach, home, tmp_path, monkeypatch)
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    monkeypatch.setenv("COACH_PASSPHRASE", "wrong")
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", NEW)
    wrong = coach("passphrase", "change")
    assert wrong.code == 1 and "wrong passphrase" in wrong.err
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", PASSPHRASE)
    same = coach("passphrase", "change")
    assert same.code == 1 and "the same as the old one" in same.err
    monkeypatch.delenv("COACH_NEW_PASSPHRASE")
    asked = coach("passphrase", "change")
    assert asked.code == 1 and "COACH_NEW_PASSPHRASE" in asked.err
    (damaged,) = [p for p in crypto.store_files(home) if "_history" in str(p)]
    text = damaged.read_text()
    damaged.write_text(text[:40] + ("A" if text[40] != "A" else "B") + text[41:])
    before[damaged] = damaged.read_bytes()
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", NEW)
    broken = coach("passphrase", "change")
    assert broken.code == 1 and "failed authentication" in broken.err
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before
    for result in (wrong, same, asked, broken):
        assert len(result.err.strip().splitlines()) == 1


class Crash(BaseException):
    """The process dies here (nothing after it runs, no handler catches it)."""


def test_a_crash_at_every_step_is_finished_by_running_it_again(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_full_store(coach, home, tmp_path, monkeypatch)
    original = plaintexts(home, (PASSPHRASE,))
    snapshot = tmp_path / "snapshot"
    shutil.copytree(home, snapshot, symlinks=True)
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", NEW)
    real_write, real_replace = coachcli.store.rekey.atomic_write, coachcli.store.rekey.replace
    step = 0
    while True:
        step += 1
        shutil.rmtree(home)
        shutil.copytree(snapshot, home, symlinks=True)
        calls = 0

        def dies(real: object, *args: object, at: int = step, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            if calls == at:
                raise Crash
            return real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(
            coachcli.store.rekey, "atomic_write", lambda *a, **k: dies(real_write, *a, **k)
        )
        monkeypatch.setattr(coachcli.store.rekey, "replace", lambda *a: dies(real_replace, *a))
        try:
            coach("passphrase", "change")
            crashed = False
        except Crash:
            crashed = True
        monkeypatch.setattr(coachcli.store.rekey, "atomic_write", real_write)
        monkeypatch.setattr(coachcli.store.rekey, "replace", real_replace)
        assert plaintexts(home, (PASSPHRASE, NEW)) == original, f"crash at step {step}"
        if not crashed:
            break
        waiting = coach("session", "list")
        assert waiting.code == 1 and "run `coach passphrase change` again" in waiting.err
        assert "passphrase change was interrupted" in coach("doctor").err
        again = coach("passphrase", "change")
        assert again.code == 0, f"step {step}: {again.err}"
        assert plaintexts(home, (NEW,)) == original
        assert not any(p.name.endswith(".rekey") for p in home.rglob("*"))
    print(f"crash points: {step - 1} crashes, then a whole run; {len(original)} files")
    assert step > 2 * len(original), "every write and rename was a crash point"


def test_killed_at_random_moments_a_rerun_finishes_the_change(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_full_store(coach, home, tmp_path, monkeypatch, copies=300)
    original = plaintexts(home, (PASSPHRASE,))
    phases = kill_rounds(home, original, rounds=4, seed=7)
    assert sum(phases.values()) == 4


@pytest.mark.slow
def test_killed_at_random_moments_many_times(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_full_store(coach, home, tmp_path, monkeypatch, copies=300)
    original = plaintexts(home, (PASSPHRASE,))
    phases = kill_rounds(home, original, rounds=40, seed=11)
    assert phases["prepared"] and phases["committed"], phases


def kill_rounds(home: Path, original: dict[Path, str], rounds: int, seed: int) -> Counter[str]:
    """Run `coach passphrase change` in a process killed with SIGKILL at a random moment,
    ``rounds`` times, each time checking that every file opens with one passphrase or
    the other and holds what it held; then let one run finish the job. Returns how
    many kills landed in each phase."""
    rng = random.Random(seed)
    old, new = PASSPHRASE, NEW
    phases: Counter[str] = Counter()
    started = time.monotonic()
    finish_run(home, original, old, new)  # how long a whole change takes here
    whole = time.monotonic() - started
    old, new = new, old
    for _ in range(rounds):
        env = {**os.environ, "COACH_PASSPHRASE": old, "COACH_NEW_PASSPHRASE": new}
        child = subprocess.Popen(
            [sys.executable, "-m", "coachcli", "passphrase", "change"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.4, 1.0) * whole)
        child.send_signal(signal.SIGKILL)
        code = child.wait()
        if (home / crypto.NEXT_KEY).exists():
            phases["prepared"] += 1
        elif (home / crypto.OLD_KEY).exists():
            phases["committed"] += 1
        elif code == 0 or crypto.open_key(home / crypto.KEY_FILE, new) is not None:
            phases["finished" if code == 0 else "done, not yet exited"] += 1
            old, new = new, old  # the change was made: change back next time
        else:
            phases["before"] += 1
        assert plaintexts(home, (old, new)) == original
    finish_run(home, original, old, new)
    print(f"kill rounds: {dict(phases)}, a whole change {whole:.2f} s")
    return phases


def finish_run(home: Path, original: dict[Path, str], old: str, new: str) -> None:
    env = {**os.environ, "COACH_PASSPHRASE": old, "COACH_NEW_PASSPHRASE": new}
    done = subprocess.run(
        [sys.executable, "-m", "coachcli", "passphrase", "change"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert plaintexts(home, (new,)) == original
    assert not any(".rekey" in p.name for p in home.rglob("*")), "no leftovers"
    assert not any((home / name).exists() for name in KEYS[1:])
