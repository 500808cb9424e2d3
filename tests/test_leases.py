"""A draft open in one terminal is never silently opened in another: the second is
warned at once, and may look at it read-only or take it over (the installed `coach` in
real pseudo-terminals); prepared answers get a one-line error."""

from __future__ import annotations

import datetime as dt
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from coachcli.records.session import Session
from coachcli.records.yamlio import dumps, load
from coachcli.store.leases import Lease
from coachcli.store.reading import read_session
from coachcli.store.sessions import Store
from tests.conftest import Coach
from tests.test_terminal import answer, files, spawn

pytestmark = pytest.mark.timeout(120)


def a_draft(folder: Path) -> Session:
    now = dt.datetime(2026, 11, 3, 9, 0).astimezone()
    return Session(
        id="tom-reid-1a2b",
        number=1,
        coachee="Tom Reid",
        coachee_id="p0123456789",
        flow="quick",
        date=now.date(),
        started=now,
    )


def test_a_lease_is_held_by_one_run_and_let_go_when_it_ends(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions")
    first, second = Lease(store, "tom-reid-1a2b"), Lease(store, "tom-reid-1a2b")
    assert first.try_hold()
    first.own()
    assert not second.try_hold(), "held by the first"
    assert first.ours() and not second.ours()
    assert "on this computer" in second.holder().describe()
    first.release()
    assert second.try_hold()
    second.own()
    assert not first.ours(), "the second has it now"
    second.release(finished=True)
    assert not list((store.folder / ".leases").iterdir()), "a finished draft leaves nothing"


def test_a_killed_holder_leaves_no_stale_lease(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions")
    script = (
        "import sys, time; from pathlib import Path; from coachcli.store.leases import Lease;"
        "from coachcli.store.sessions import Store;"
        "lease = Lease(Store(Path(sys.argv[1])), 'tom-reid-1a2b'); assert lease.try_hold();"
        "lease.own(); print('held', flush=True); time.sleep(120)"
    )
    holder = pexpect.spawn(sys.executable, ["-c", script, str(store.folder)], encoding="utf-8")
    holder.expect_exact("held")
    assert not Lease(store, "tom-reid-1a2b").try_hold()
    holder.kill(signal.SIGKILL)
    holder.expect(pexpect.EOF)
    holder.close()
    assert Lease(store, "tom-reid-1a2b").try_hold()


def test_a_rescue_of_a_draft_never_saved_is_the_draft_itself(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions")
    draft = a_draft(store.folder)
    lease = Lease(store, draft.id)
    assert lease.rescue(draft) == store.draft_path(draft)  # `session resume` finds it
    draft.number = 2
    assert lease.rescue(draft) == lease.rescue_path  # never over an existing draft
    assert read_session(store.draft_path(draft)).number == 1
    assert lease.rescued() is not None and lease.rescued().number == 2  # type: ignore[union-attr]


def first_terminal(home: Path) -> tuple[pexpect.spawn, str]:
    """A session with Tom Reid open at the check-in's menu, and its draft's id."""
    child = spawn(
        home, "session", "start", "--flow", "quick", "--coachee", "Tom Reid", "--role", "teacher"
    )
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    answer(child, "take a note, or move on", "t\r")
    answer(child, "Note", "First terminal's note\r")
    child.expect_exact("(1 note so far)")
    (draft,) = files(home, "_drafts")
    return child, str(load(draft).data["id"])


def test_a_second_terminal_is_warned_and_may_only_look(home: Path) -> None:
    first, draft_id = first_terminal(home)
    (path,) = files(home, "_drafts")
    before = path.read_bytes()

    second = spawn(home, "session", "resume", draft_id)
    answer(second, "open in another terminal", "")
    answer(second, "What would you like to do?", "r\r")
    second.expect_exact("First terminal's note")  # shown, read-only
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 0
    assert path.read_bytes() == before, "looking changed nothing"

    first.send("n\r")  # the first carries on, unaware and unharmed
    answer(first, "what will they be able to do?", "\x03")
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 130


def test_start_warns_and_a_take_over_stops_the_first_keeping_its_answer(home: Path) -> None:
    first, draft_id = first_terminal(home)

    second = spawn(home, "session", "start", "--coachee", "Tom Reid")
    answer(second, "open in another terminal", "")
    answer(second, "What would you like to do?", "")
    answer(second, "Begin a new session instead", "t\r")
    answer(second, "(1 note so far)", "")  # taken over: the draft carries on here

    first.send("t\r")
    answer(first, "Note", "Typed in the first terminal after the take-over\r")
    first.expect_exact("taken over in another terminal")
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 1

    second.send("n\r")
    answer(second, "what will they be able to do?", "\x03")
    second.expect(pexpect.EOF)
    second.close()
    draft = next(p for p in files(home, "_drafts") if ".conflict-" not in p.name)
    notes = load(draft).data["stages"]["checkin"]["notes"]
    assert [n["text"] for n in notes] == ["First terminal's note"]
    (copy,) = [p for p in files(home, "_drafts") if ".conflict-" in p.name]
    kept = load(copy).data["stages"]["checkin"]["notes"]
    assert kept[-1]["text"] == "Typed in the first terminal after the take-over"
    assert draft_id in draft.name


def test_prepared_answers_for_a_draft_open_elsewhere_are_one_line(
    home: Path, coach: Coach, tmp_path: Path
) -> None:
    first, draft_id = first_terminal(home)
    try:
        answers = tmp_path / "answers.yaml"
        answers.write_text(dumps({"coachee": "Tom Reid", "flow": "quick"}), encoding="utf-8")
        result = coach("session", "start", "--answers", str(answers))
        assert result.code == 1
        assert result.err.count("\n") == 1 and "open in another terminal" in result.err
        assert draft_id in result.err and "First terminal" not in result.err
        assert files(home) == [], "nothing saved"
    finally:
        first.sendcontrol("c")
        first.expect(pexpect.EOF)
        first.close()
