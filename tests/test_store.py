"""The session store keeps every promise: crash-safe, concurrent, private, readable."""

from __future__ import annotations

import errno
import multiprocessing
import os
import random
import re
import shutil
import signal
import stat
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coachcli.records.yamlio
import coachcli.store.files
import coachcli.store.sessions
from coachcli.errors import CoachError
from coachcli.records.identity import legacy_person_id
from coachcli.records.session import SESSION_FORMAT, Note, Session, StageRecord
from coachcli.records.yamlio import dumps, loads
from coachcli.store.reading import read_session
from coachcli.store.sessions import Store
from tests.conftest import Coach, person_dir

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).with_name("fixtures")
QUICK = REPO / "examples" / "answers-quick.yaml"
FULL = REPO / "examples" / "answers-full.yaml"
FORK = multiprocessing.get_context("fork")


def session_files(home: Path) -> list[Path]:
    return sorted(
        p for p in (home / "sessions").rglob("*.yaml") if p.parent.name not in ("_drafts",)
    )


def a_session(store: Store, name: str = "Priya Shah", notes: int = 0) -> Session:
    from coachcli import clock

    now = clock.now()
    session = Session(
        id=store.new_id(name, set()),
        number=1,
        coachee=name,
        coachee_id=legacy_person_id(name),  # one id per name, whichever process saves
        flow="full",
        date=now.date(),
        started=now,
    )
    session.stages["rapport"] = StageRecord(
        title="Check-in", notes=[Note(text=f"note {i}\nline two") for i in range(notes)]
    )
    return session


# --- never lose a note -------------------------------------------------------------


STEPS = ["open", "write", "fsync", "replace", "link"]


def fail_at(monkeypatch: pytest.MonkeyPatch, step: str, code: int) -> None:
    """Make one os call inside atomic_write fail, the way a full disk or a bad one does."""
    real: Callable[..., Any] = getattr(os, step)

    def broken(*args: Any, **kwargs: Any) -> Any:
        first = str(args[0]) if args else ""
        if step in ("write", "fsync") or first.endswith(".tmp"):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(coachcli.store.files.os, step, broken)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EACCES])
@pytest.mark.parametrize("step", STEPS)
def test_a_failed_save_leaves_the_old_file_and_no_debris(
    coach: Coach,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    code: int,
) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    (saved,) = session_files(home)
    before = saved.read_bytes()
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/Year 8 lost/Year 9 lost/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    if step != "link":
        # An amendment replaces the file: every step of that write fails in turn.
        with monkeypatch.context() as broken:
            fail_at(broken, step, code)
            result = coach("session", "amend", saved.stem[11:])
        assert result.code == 1
        assert "could not save" in result.err and os.strerror(code) in result.err
        assert saved.read_bytes() == before, "the original is byte-identical"
    else:
        # A new session is linked into place under its own name: that step fails.
        with monkeypatch.context() as broken:
            fail_at(broken, step, code)
            result = coach("session", "start", "--answers", str(QUICK))
        assert result.code == 1 and "could not save" in result.err
        assert session_files(home) == [saved]
    assert not list(home.rglob("*.tmp")), "no temporary file is left behind"


def _saver(folder: str, ready: Any) -> None:
    """Save a growing draft over and over, and a finished session every tenth time."""
    store = Store(Path(folder))
    session = a_session(store, "Kill Loop")
    count = 0
    while True:
        count += 1
        session.stages["rapport"].notes.append(Note(text=f"note {count}"))
        store.save_draft(session)
        if count % 10 == 0:
            done = a_session(store, "Kill Loop", notes=3)
            store.complete(done)
        ready.value = count


def test_killed_at_random_moments_hundreds_of_times(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    rng = random.Random(1)
    acknowledged_sessions = 0
    for iteration in range(200):
        ready = FORK.Value("i", 0, lock=False)  # a killed child must not leave it locked
        child = FORK.Process(target=_saver, args=(str(folder), ready))
        child.start()
        time.sleep(rng.uniform(0.002, 0.04))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        acknowledged_sessions += ready.value // 10
        store = Store(folder)
        for session in store.drafts():  # every draft is whole, valid and in order
            notes = session.stages["rapport"].notes
            assert [n.text for n in notes] == [f"note {i}" for i in range(1, len(notes) + 1)]
        if iteration % 25 == 24:
            finished = store.sessions(
                legacy_person_id("Kill Loop"), "Kill Loop"
            )  # each one parses and validates
            assert len(finished) >= acknowledged_sessions, "no finished session is lost"
            store.clean_temp_files()


def _writer(folder: str, count: int, done: Any, worker: int) -> None:
    store = Store(Path(folder))
    for n in range(count):
        session = a_session(store, "Many Hands", notes=2)
        # ids of its own: four random hex digits clash about once in 40 runs of 60
        # sessions (the store then refuses to overwrite, as it should)
        session.id = f"many-hands-{worker:x}{n:03x}"
        store.complete(session)
        with done.get_lock():
            done.value += 1


def test_processes_saving_at_once_never_overwrite_each_other(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    done = FORK.Value("i", 0)
    workers = [FORK.Process(target=_writer, args=(str(folder), 15, done, w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    valid = [read_session(p) for p in Store(folder).session_files()]
    assert len(valid) == done.value == 60


def _hold_lock(path: str, held: Any, release: Any) -> None:
    """Take the store's lock, say so, and keep it until told (or killed)."""
    from filelock import FileLock

    with FileLock(path):
        held.set()
        release.wait(120)


def test_a_lock_held_elsewhere_times_out_clearly_and_a_dead_holder_does_not_block(
    coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    (home / "sessions").mkdir(exist_ok=True)
    held, release = FORK.Event(), FORK.Event()
    lock = str(home / "sessions" / ".coach.lock")
    holder = FORK.Process(target=_hold_lock, args=(lock, held, release))
    holder.start()
    try:
        assert held.wait(60), "the other process never took the lock"
        monkeypatch.setenv("COACH_LOCK_TIMEOUT", "0.3")
        blocked = coach("session", "start", "--answers", str(QUICK))
        assert blocked.code == 1 and "another coach command is saving" in blocked.err
        assert holder.is_alive(), "the lock was held throughout"
    finally:
        assert holder.pid is not None
        os.kill(holder.pid, signal.SIGKILL)  # dies holding the lock
        holder.join()
    assert coach("session", "start", "--answers", str(QUICK)).code == 0


def test_a_draft_changed_elsewhere_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    first = Store(folder)
    session = a_session(first, notes=1)
    first.save_draft(session)
    other = Store(folder)  # a second terminal resumes the same draft
    theirs = other.drafts()[0]
    theirs.stages["rapport"].notes.append(Note(text="typed in the other terminal"))
    other.save_draft(theirs)
    session.stages["rapport"].notes.append(Note(text="typed here"))
    with pytest.raises(CoachError, match="kept as"):
        first.save_draft(session)
    draft = read_session(first.draft_path(session))
    assert draft.stages["rapport"].notes[-1].text == "typed in the other terminal"
    (copy,) = first.strays()
    assert read_session(copy).stages["rapport"].notes[-1].text == "typed here"


def test_doctor_reports_sync_conflict_copies_and_other_trouble(
    coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    assert coach("doctor").code == 0
    (saved,) = session_files(home)
    stem = saved.stem
    copies = {
        f"{stem} (Sam's conflicted copy 2026-11-24).yaml": "Dropbox",
        f"{stem}.sync-conflict-20261124-101010-ABCDEF1.yaml": "Syncthing",
        f"{stem}-LAPTOP-SAM.yaml": "OneDrive",
    }
    for name in copies:
        shutil.copy(saved, saved.with_name(name))
    (saved.parent / ".x.yaml.1234.tmp").write_text("half")
    old = home / "sessions" / "_drafts" / "2026-10-01-old-draft-0abc.yaml"
    old.parent.mkdir(mode=0o700, exist_ok=True)
    shutil.copy(FIXTURES / "format-1/sessions/_drafts/2026-11-02-tom-reid-0a1b.yaml", old)
    text = old.read_text().replace("'2026-11-02'", "'2026-10-01'")
    old.write_text(text.replace("id: tom-reid-0a1b", "id: old-draft-0abc"))
    own_pattern = saved.with_name(f"{stem}-beef.yaml")  # a sync copy in the store's pattern
    shutil.copy(saved, own_pattern)
    elsewhere = home / "sessions" / "tom-reid-moved" / saved.name  # the same file, moved
    elsewhere.parent.mkdir(mode=0o700)
    shutil.copy(saved, elsewhere)
    old.chmod(0o644)
    monkeypatch.setenv("COACH_NOW", "2026-11-30T09:00:00+00:00")
    result = coach("doctor")
    assert result.code == 1
    for name, tool in copies.items():
        assert name in result.out and tool in result.out
    assert "left by an interrupted save" in result.out
    assert "readable by others" in result.out
    assert "2026-10-01-old-draft-0abc.yaml: Tom Reid" in result.out
    assert f"{own_pattern.name}: a copy under another name" in result.out.replace("\n", "")
    assert "(a copy in another folder)" in result.out.replace("\n", "")
    listed = coach("session", "list", "--json").out
    assert listed.count('"Tom Reid"') == 2, "conflict copies are never read as sessions"
    assert '"sessions": 1' in coach("followup", "tom", "--json").out


def test_doctor_finds_broken_files_and_dangling_bar_items(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    bar = home / "frameworks" / "bar.yaml"
    bar.write_text(bar.read_text().replace("id: team-meetings", "id: team-meetings-v2"))
    (session_files(home)[0].parent / "2026-11-23-bad-one-0abc.yaml").write_text("id: [oops\n")
    result = coach("doctor")
    assert result.code == 1
    assert "bar item 'team-meetings' is gone" in result.out
    assert "2026-11-23-bad-one-0abc.yaml:" in result.out and "not valid YAML" in result.out


def test_a_hand_edited_session_with_a_wrong_value_names_file_line_and_field(
    coach: Coach, home: Path
) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    (saved,) = session_files(home)
    good = saved.read_text()
    for old, new, expected in (
        ("number: 1", "number: first", "number: must be a whole number"),
        ("number: 1", "number: 0", "number: must be a whole number of at least 1"),
        ("private: false", "private: maybe", "private: must be a boolean"),
        ("status: complete", "status: finished", "status: must be one of 'draft' or 'complete'"),
        ("  looks_like:", "  looks_lik:", "looks_lik: unknown key 'looks_lik' (did you mean"),
    ):
        saved.write_text(good.replace(old, new, 1))
        line = next(n for n, t in enumerate(saved.read_text().splitlines(), 1) if new in t)
        result = coach("session", "show", saved.stem[11:])
        assert result.code == 1, (new, result)
        assert f"{saved.name}:{line}:" in result.err and expected in result.err, result.err
        assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_hand_written_yes_no_words_local_times_and_line_breaks_are_read(
    coach: Coach, home: Path
) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    priya = next(p for p in session_files(home) if "priya" in p.name)
    text = priya.read_text()
    assert "private: false" in text and "coachee: Priya Shah" in text
    text = text.replace("private: false", "private: No")
    text = text.replace("coachee: Priya Shah", "coachee: |\n  Priya\n  Shah")
    lines = text.splitlines(keepends=True)
    started = next(i for i, line in enumerate(lines) if line.startswith("started:"))
    lines[started] = "started: 2026-03-02T09:00:00\n"  # no UTC offset, as a person types it
    priya.write_text("".join(lines))
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: no"))
    bar = home / "frameworks" / "bar.yaml"
    bar.write_text(bar.read_text().replace("critical: true", "critical: Yes", 1))

    listed = coach("session", "list")
    assert listed.code == 0, listed.err
    row = next(line for line in listed.out.splitlines() if "Priya" in line)
    assert "Priya Shah" in row and "2026-" in row, "one row, on one line"
    assert coach("followup").code == 0
    assert coach("frameworks", "validate").code == 0
    assert listed.out.index("Tom Reid") < listed.out.index("Priya"), "started in March: older"
    assert coach("session", "show", priya.stem[11:]).code == 0


# --- YAML that cannot hurt ------------------------------------------------------------


def test_an_alias_bomb_is_refused_at_once_in_little_memory() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 12):
        bomb += (
            f"{chr(97 + level)}: &{chr(97 + level)} ["
            + ", ".join([f"*{chr(96 + level)}"] * 9)
            + "]\n"
        )
    tracemalloc.start()
    started = time.process_time()
    with pytest.raises(CoachError, match="anchors"):
        loads(bomb, "bomb.yaml")
    used = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1_000_000, "refused before anything was expanded"
    assert used < 5, "not a timing test: a runaway expansion would take minutes"


def test_refusals_name_the_file_and_line(tmp_path: Path) -> None:
    for text, expected in (
        ("a: 1\nb: 2\na: 3\n", ":3: the key 'a' appears twice"),
        ("a: !!python/object:os.system x\n", ":1: the tag !!python/object:os.system"),
        ("a: *b\n", ":1: aliases"),
    ):
        with pytest.raises(CoachError, match=expected):
            loads(text, "f.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (coachcli.records.yamlio.MAX_BYTES + 1))
    with pytest.raises(CoachError, match="more than the"):
        read_session(big)


AWKWARD = st.sampled_from(
    [
        "no",
        "yes",
        "on",
        "off",
        "~",
        "null",
        "1:20",
        "2026-01-02",
        "#",
        "# x",
        "- a",
        "--- ",
        "...",
        "\r\n",
        "\t",
        "🙂",
        "'",
        '"',
        ": ",
        "&a",
        "*a",
        "!tag",
        "|",
        ">",
        "%",
        "@",
        "`",
        "x" * 300,
        " ",
        "\n",
        "\u2028",
        "\x85",
    ]
)
TEXT = st.lists(st.one_of(AWKWARD, st.text(max_size=20)), max_size=8).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_survives_a_round_trip(text: str) -> None:
    data = {"note": text, "notes": [text, {"inner": text}]}
    assert loads(dumps(data)).data == data


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(TEXT, TEXT)
def test_any_note_survives_the_store(tmp_path: Path, prompt: str, text: str) -> None:
    store = Store(tmp_path / "sessions")
    session = a_session(store)
    session.stages["rapport"].notes.append(Note(prompt=prompt, text=text))
    path = store.save_draft(session)
    note = read_session(path).stages["rapport"].notes[-1]
    assert (note.prompt, note.text) == (prompt, text)


# --- readable forever -----------------------------------------------------------------


def test_every_old_format_is_still_read(coach: Coach, home: Path) -> None:
    for folder in sorted(FIXTURES.glob("format-*")):
        shutil.rmtree(home, ignore_errors=True)
        coach("init", str(home))
        shutil.copytree(folder / "sessions", home / "sessions", dirs_exist_ok=True)
        listed = coach("session", "list")
        assert listed.code == 0, listed.err
        assert "Priya Shah" in listed.out and "Tom Reid" in listed.out
        brief = coach("followup", "priya")
        assert "Observed the team meeting on Tuesday" in brief.out
        assert coach("export", "--coachee", "priya").code == 0


def test_a_file_from_a_newer_coachcli_is_refused_and_left_alone(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    (saved,) = session_files(home)
    saved.write_text(re.sub(r"format_version: \d+", "format_version: 99", saved.read_text()))
    before = saved.read_bytes()
    result = coach("session", "show", saved.stem[11:])
    assert result.code == 1 and "newer coachcli" in result.err
    assert coach("migrate").code == 1
    assert saved.read_bytes() == before


def test_migrate_backs_up_then_upgrades_every_file_once(
    coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    shutil.copytree(FIXTURES / "format-1" / "sessions", home / "sessions", dirs_exist_ok=True)
    doctor = coach("doctor")
    assert doctor.code == 1 and "format 1; run `coach migrate`" in doctor.out
    before = {p: p.read_bytes() for p in (home / "sessions").rglob("*.yaml")}
    result = coach("migrate")
    assert result.code == 0, result.err
    assert "Migrated 3 of 3 files" in result.out
    (backup,) = (home / "backups").iterdir()
    for path, content in before.items():
        assert (backup / path.relative_to(home / "sessions")).read_bytes() == content
        assert f"format_version: {SESSION_FORMAT}" in path.read_text()
    (finished,) = person_dir(home, "priya-shah").glob("*.yaml")
    text = finished.read_text()  # labels filled in from the workspace's frameworks
    assert "role_name: Phase leader" in text and "name: Highest leverage" in text
    assert "- id: highest_leverage" in text
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    after = {p: p.read_bytes() for p in (home / "sessions").rglob("*.yaml")}
    assert "already in the current format" in coach("migrate").out
    assert {p: p.read_bytes() for p in (home / "sessions").rglob("*.yaml")} == after


def test_amend_keeps_every_earlier_revision(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    (saved,) = session_files(home)
    session_id = saved.stem[11:]
    original = saved.read_bytes()
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/Year 8 lost/Year 9 lost/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    result = coach("session", "amend", session_id)
    assert result.code == 0, result.err
    assert "revision 2" in result.out
    assert "Year 9 lost" in coach("session", "show", session_id).out
    old = coach("session", "show", session_id, "--revision", "1")
    assert "Year 8 lost" in old.out
    (kept,) = (home / "sessions" / "_history" / session_id).iterdir()
    assert kept.read_bytes() == original

    editor.write_text("#!/bin/sh\necho 'stages: [broken' >> \"$1\"\n")
    bad = coach("session", "amend", session_id)
    assert bad.code == 1 and "edit is kept" in bad.err
    assert "Year 9 lost" in saved.read_text()
    editor.write_text("#!/bin/sh\nsed -i '$d' \"$1\"; sed -i 's/Year 9/Year 10/' \"$1\"\n")
    fixed = coach("session", "amend", session_id)
    assert fixed.code == 0, fixed.err
    assert "revision 3" in fixed.out
    assert len(list((home / "sessions" / "_history" / session_id).iterdir())) == 2


# --- private by default ---------------------------------------------------------------


def test_everything_is_private_whatever_the_umask(coach: Coach, home: Path, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        assert coach("session", "start", "--answers", str(FULL)).code == 0
        record = tmp_path / "record.yaml"
        record.write_text(dumps({"steps": [{"status": "practising"}]}))
        assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
        out = tmp_path / "export.md"
        assert coach("export", "--coachee", "priya", "--out", str(out)).code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    for path in (home / "sessions").rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_no_session_text_in_an_unexpected_error(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Year 8 lost the thread")

    monkeypatch.setattr("coachcli.store.sessions.Store.complete", explode)
    for flags in ((), ("--debug",)):
        result = coach(*flags, "session", "start", "--answers", str(QUICK))
        assert result.code == 70
        if not flags:
            assert "Year 8 lost" not in result.err and "Traceback" not in result.err


def test_forget_erases_a_person_everywhere(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    record = tmp_path / "record.yaml"
    record.write_text(dumps({"steps": [{"status": "practising"}]}))
    assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
    priya = next(p for p in session_files(home) if "priya" in p.name and "progress" not in str(p))
    shutil.copy(priya, priya.with_name(priya.stem + " (conflicted copy).yaml"))
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/Clear sense/A clear sense/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    assert coach("session", "amend", priya.stem[11:]).code == 0
    assert coach("export", "--coachee", "priya", "--include-private").code == 0

    refused = coach("forget", "priya")
    assert refused.code == 1 and "--yes" in refused.err
    result = coach("forget", "priya", "--yes")
    assert result.code == 0, result.err
    assert "Erased" in result.out and "sync service" in result.out
    left = "\n".join(
        p.read_text() for p in (home / "sessions").rglob("*") if p.is_file() and p.suffix == ".yaml"
    )
    assert "Priya" not in left and "priya" not in left
    assert not (home / "sessions" / "_history").exists(), "her earlier revisions are gone"
    from coachcli.store.index import cache_dir

    cached = "\n".join(p.read_text() for p in cache_dir().glob("index-*.json"))
    assert cached and "Priya" not in cached, "the index in the cache forgets her too"
    assert "Tom Reid" in coach("session", "list").out


def test_forget_leaves_no_name_in_the_cache_when_the_index_is_off(
    coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.store.index import cache_dir

    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    assert "Tom Reid" in coach("session", "list").out  # the index now holds his name
    old_format = cache_dir() / "index-0123456789abcdef.json"
    old_format.write_text('{"format": 1, "files": {"x": {"summary": {"coachee": "Tom Reid"}}}}')
    monkeypatch.setenv("COACH_NO_INDEX", "1")
    assert coach("forget", "Tom Reid", "--yes").code == 0
    left = [p.read_text() for p in cache_dir().glob("*")]
    assert not [text for text in left if "Tom" in text], "no cache file names him"


def test_the_sessions_folder_is_created_private(coach: Coach, home: Path) -> None:
    coach("init", str(home))
    assert stat.S_IMODE((home / "sessions").stat().st_mode) == 0o700


HAND_WRITTEN = [
    "a: {}\n",
    "a: ~\nb: ''\nc:\n",
    "- no\n- 'no'\n- \"on\"\n",
    "k: |\n  {}\n",
    "k: >-\n  {}\n",
]


def parsed_by(parser: type[Any], doc: str) -> tuple[Any, ...]:
    """What one parser makes of ``doc``: the data and lines it read, or the kind of refusal."""
    import coachcli.records.yamlio as yamlio

    original = yamlio._Parser
    yamlio._Parser = parser
    try:
        loaded = loads(doc)
        return ("read", loaded.data, loaded.lines)
    except CoachError as problem:
        return ("refused", type(problem))  # the message may word it differently
    finally:
        yamlio._Parser = original


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(HAND_WRITTEN))
def test_the_c_and_python_parsers_read_alike(text: str, raw: str) -> None:
    """Both read the same data and lines, or both refuse, whatever the text."""
    import coachcli.records.yamlio as yamlio

    ours = dumps({"note": text, "items": [text, None, ""]})
    hand_written = raw.replace("{}", text.replace("\n", " ").replace("\r", ""))
    for doc in (ours, hand_written):
        c_parser, py_parser = parsed_by(yamlio._Parser, doc), parsed_by(yamlio.PyParser, doc)
        assert c_parser == py_parser, doc
    assert parsed_by(yamlio._Parser, ours)[0] == "read", "coachcli reads what it writes"


@pytest.mark.parametrize(
    ("doc", "line", "read"),
    [
        ("a: \tx\n", 1, None),
        ("a: x\nb: y\t\n", 2, None),
        ("k: |\n  \tx\n", None, {"k": "\tx\n"}),
        ("a: |#\n", 1, None),
        ("note: '|#'\n", None, {"note": "|#"}),  # a note once refused: it was no comment
        ("a: '\t'\n", None, {"a": "\t"}),
    ],
)
def test_what_the_parsers_read_differently_means_the_same_everywhere(
    doc: str, line: int | None, read: object
) -> None:
    """libyaml and PyYAML part ways on some tabs and on a comment right after | or >: a
    text holding either is read by PyYAML's own parser with or without libyaml, so it is
    read alike everywhere, or refused alike in one line naming the line."""
    import coachcli.records.yamlio as yamlio

    assert parsed_by(yamlio._Parser, doc) == parsed_by(yamlio.PyParser, doc)
    if line is not None:
        with pytest.raises(CoachError, match=f"^<text>:{line}: not valid YAML: "):
            loads(doc)
    else:
        assert loads(doc).data == read


# --- the index --------------------------------------------------------------------------


def test_the_index_is_a_cache_outside_the_workspace(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.store.index import cache_dir

    assert coach("session", "start", "--answers", str(FULL)).code == 0
    assert "Priya Shah" in coach("session", "list").out
    (index,) = cache_dir().glob("index-*.json")
    assert not index.is_relative_to(home), "never where a sync tool copies the workspace"
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    assert "Year 3/4 reading display" not in index.read_text(), "no notes in the index"

    (saved,) = session_files(home)
    saved.write_text(saved.read_text().replace("coachee: Priya Shah", "coachee: Priya Shah-Khan"))
    assert "Priya Shah-Khan" in coach("session", "list").out, "a changed file is re-read"
    assert "Priya Shah-Khan" in coach("followup").out

    index.write_text("{ not json")
    assert "Priya Shah-Khan" in coach("followup", "--json").out, "a broken index is rebuilt"
    index.unlink()
    assert "Priya Shah-Khan" in coach("session", "list").out, "deleting it loses nothing"
    saved.unlink()
    assert "No sessions yet" in coach("session", "list").out


def test_the_index_sees_every_change_when_folder_times_stand_still(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    """Files are stat-ed on every call; a folder is listed again only when its time
    moves, and always when it moved within two seconds of the last listing."""
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    (saved,) = session_files(home)
    folder = saved.parent
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(folder, ns=(an_hour_ago, an_hour_ago))
    assert "Priya Shah" in coach("session", "list").out  # listed; the time is trusted

    saved.write_text(saved.read_text().replace("coachee: Priya Shah", "coachee: Priya Shah-Khan"))
    os.utime(folder, ns=(an_hour_ago, an_hour_ago))
    assert "Priya Shah-Khan" in coach("session", "list").out, "an edit in place is seen"

    now = time.time_ns()
    os.utime(folder, ns=(now, now))
    assert coach("session", "list").out.count("Priya Shah-Khan") == 1  # a racy listing
    old_id = saved.stem[11:]
    second = folder / saved.name.replace(old_id, "priya-shah-beef")
    second.write_text(saved.read_text().replace(f"id: {old_id}", "id: priya-shah-beef"))
    os.utime(folder, ns=(now, now))  # as a coarse clock would leave it
    listed = coach("session", "list", "--json").out
    assert "priya-shah-beef" in listed, "a folder listed within 2 s of a change is listed again"


def test_person_commands_read_only_that_persons_files(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    tom = next(person_dir(home, "tom-reid").glob("*.yaml"))
    tom.write_text("id: [broken\n")
    assert coach("followup", "Priya Shah").code == 0
    assert coach("export", "--coachee", "Priya Shah").code == 0
    assert coach("followup").code == 1, "the dashboard does read everyone"


def test_long_lists_are_limited_unless_asked(coach: Coach, home: Path, tmp_path: Path) -> None:
    for number in range(53):
        path = tmp_path / f"a{number}.yaml"
        path.write_text(QUICK.read_text().replace("Tom Reid", f"Person {number:02d}"))
        assert coach("session", "start", "--answers", str(path)).code == 0
    listed = coach("session", "list")
    assert "The latest 50 of 53 sessions; --all lists every one." in listed.out
    assert "Person 52" in listed.out and "Person 00" not in listed.out
    assert "Person 00" in coach("session", "list", "--all").out
    import json

    assert len(json.loads(coach("session", "list", "--json").out)) == 53
    dashboard = coach("followup")
    assert "The first 50 of 53 people; --all lists everyone." in dashboard.out
    assert coach("followup", "--all").out.count("Person ") == 53
    assert len(json.loads(coach("followup", "--json").out)) == 53
