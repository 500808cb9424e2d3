"""The installed `coach` in a real pseudo-terminal, as a coach would use it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from coachcli.records.yamlio import load

COACH = str(Path(sys.executable).with_name("coach"))
pytestmark = pytest.mark.timeout(120)
TEACHER = ("Highest leverage", "Narrow", "Specific", "Transferable")
LEADER = ("Highest leverage", "Narrow", "Connected to evidence", "Transferable")
"""The criteria of each set, as their questions begin (a key, then Enter, for each)."""


def spawn(home: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "COACH_HOME": str(home),
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": "110",
        "LINES": "40",
    }
    child = pexpect.spawn(
        COACH, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(40, 110)
    )
    return child


def answer(child: pexpect.spawn, wait_for: str, keys: str) -> None:
    child.expect_exact(wait_for)
    child.send(keys)


def no_goal(child: pexpect.spawn) -> None:
    """A full conversation's goal questions, left empty (no pupil measure either)."""
    answer(child, "own words: what do they want to get better at?", "\r")
    answer(child, "A measure about pupils", "\r")


def files(home: Path, folder: str = "") -> list[Path]:
    found = sorted((home / "sessions").rglob("*.yaml"))
    if folder == "_drafts":
        return [p for p in found if "_drafts" in p.parts]
    return [p for p in found if "_drafts" not in p.parts]


def test_a_quick_session_in_a_real_terminal(home: Path) -> None:
    child = spawn(home, "session", "start", "--flow", "quick", "--role", "teacher")
    answer(child, "Who are you coaching?", "\r")
    answer(child, "Their name", "Siobhán O'Neill\r")
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    answer(child, "take a note, or move on", "t\r")
    answer(child, "Note", "no\r")  # a note that is just "no" stays the text "no"
    answer(child, "(1 note so far)", "n\r")
    answer(child, "Action steps", "a\r")
    answer(
        child, "Siobhán will be able to", "use mini whiteboards to check every pupil, each lesson\r"
    )
    for criterion in TEACHER:
        answer(child, f"{criterion}:", "y\r")
    answer(child, "Action steps", "n\r")
    answer(child, "Strengths you noticed", "\r")
    answer(child, "own summary", "Whiteboards first\r")
    answer(child, "Next meeting", "\r")
    answer(child, "All done?", "n\r")
    child.expect_exact("Saved session 1 with Siobhán O'Neill")
    answer(child, "practice now (private to you)?", "\r")  # Enter alone: no reflection
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (path,) = files(home)
    data = load(path).data
    assert data["coachee"] == "Siobhán O'Neill"
    assert data["stages"]["checkin"]["notes"][0]["text"] == "no"
    assert data["close"]["coachee_summary"] == "Whiteboards first"
    assert "strengths" not in data["close"]


def test_killed_mid_session_then_resumed_keeps_every_answer(home: Path) -> None:
    child = spawn(home, "session", "start", "--coachee", "Priya Shah", "--role", "phase_leader")
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    no_goal(child)  # the goal questions: none said, no measure
    answer(child, "take a note, or move on", "t\r")
    answer(child, "Note", "Before the kill: rapport note\r")
    answer(child, "(1 note so far)", "n\r")
    answer(child, "take a note, or move on", "t\r")  # listening
    answer(child, "Note", "Before the kill: listening note\r")
    child.expect_exact("(1 note so far)")
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    (draft,) = files(home, "_drafts")
    kept = load(draft).data
    assert kept["stages"]["listening"]["notes"][0]["text"] == "Before the kill: listening note"

    child = spawn(home, "session", "resume")
    answer(child, "(1 note so far)", "n\r")  # still in listening, where it stopped
    for _ in range(2):  # probing, challenging
        answer(child, "take a note, or move on", "n\r")
    answer(child, "Evidence", "n\r")
    answer(child, "Action steps", "a\r")
    answer(child, "Priya will be able to", "After the kill: open each meeting with pupil work\r")
    if child.expect_exact([f"{LEADER[0]}:", "Reword it now"]) == 1:
        child.send("k\r")  # the weak-step hint (no evidence was recorded): keep it
        child.expect_exact(f"{LEADER[0]}:")
    child.send("y\r")
    for criterion in LEADER[1:]:
        answer(child, f"{criterion}:", "y\r")
    answer(child, "Action steps", "n\r")
    answer(child, "Rehearse it here and now?", "n\r")
    answer(child, "most authentic place", "1\r")
    answer(child, "When will it happen?", "Tuesday\r")
    answer(child, "Who will observe it?", "\r")
    answer(child, "How and when will feedback", "Same day\r")
    answer(child, "Due date", "\r")
    answer(child, "Next: Close", "n\r")
    answer(child, "Strengths", "\r")
    answer(child, "own summary", "\r")
    answer(child, "Next meeting", "\r")
    answer(child, "All done?", "n\r")
    child.expect_exact("Saved session 1 with Priya Shah")
    answer(child, "practice now (private to you)?", "\r")  # offered after a resume too
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    (path,) = files(home)
    data = load(path).data
    assert data["stages"]["rapport"]["notes"][0]["text"] == "Before the kill: rapport note"
    assert data["stages"]["listening"]["notes"][0]["text"] == "Before the kill: listening note"
    assert data["action_steps"][0]["text"].startswith("After the kill")
    assert files(home, "_drafts") == []


def test_ctrl_c_keeps_the_draft_and_the_half_typed_note(home: Path) -> None:
    child = spawn(home, "session", "start", "--coachee", "Tom Reid", "--role", "teacher")
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    no_goal(child)  # the goal questions: none said, no measure
    answer(child, "take a note, or move on", "t\r")
    answer(child, "Note", "half a thought")
    child.send("\x03")
    child.expect_exact("coach session resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    (draft,) = files(home, "_drafts")
    assert load(draft).data["pending"]["text"] == "half a thought"

    child = spawn(home, "session", "resume")
    answer(child, "take a note, or move on", "t\r")
    child.expect_exact("half a thought")  # offered again, ready to finish
    child.send(" that is finished\r")
    child.expect_exact("(1 note so far)")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    (draft,) = files(home, "_drafts")
    notes = load(draft).data["stages"]["rapport"]["notes"]
    assert notes[0]["text"] == "half a thought that is finished"


def test_start_offers_to_resume_an_open_draft(home: Path) -> None:
    child = spawn(home, "session", "start", "--coachee", "Tom Reid", "--role", "teacher")
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    no_goal(child)  # the goal questions: none said, no measure
    answer(child, "take a note, or move on", "\x03")
    child.expect(pexpect.EOF)
    child.close()
    child = spawn(home, "session", "start", "--coachee", "tom reid")
    answer(child, "unfinished session with Tom Reid", "y\r")
    child.expect_exact("take a note, or move on")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert len(files(home, "_drafts")) == 1


class LockHolder:
    """Another process holding the workspace's lock file (as a slow command would)."""

    def __init__(self, home: Path) -> None:
        script = (
            "import sys, time; from filelock import FileLock;"
            "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True);"
            "time.sleep(120)"
        )
        lock = str(home / "sessions" / ".coach.lock")
        self.child = pexpect.spawn(sys.executable, ["-c", script, lock], encoding="utf-8")
        self.child.expect_exact("held")

    def release(self) -> None:
        self.child.kill(signal.SIGKILL)
        self.child.expect(pexpect.EOF)
        self.child.close()


def test_a_lock_held_too_long_mid_session_keeps_the_note_and_offers_it_again(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_LOCK_TIMEOUT", "0.5")
    child = spawn(home, "session", "start", "--coachee", "Tom Reid", "--role", "teacher")
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    no_goal(child)  # the goal questions: none said, no measure
    answer(child, "take a note, or move on", "t\r")
    child.expect_exact("Note")
    holder = LockHolder(home)
    try:
        child.send("Typed while the lock was held\r")
        child.send("s\r")  # typed ahead while the save waits: it must not choose for the coach
        answer(child, "The draft could not be saved", "")
        answer(child, "Try to save again, or stop here?", "r\r")  # still held: fails again
        answer(child, "The draft could not be saved", "")
        answer(child, "Try to save again, or stop here?", "s\r")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 1
        said = " ".join((child.before or "").split())
        assert "coach session resume" in said and "Typed while" not in said
        (draft,) = files(home, "_drafts")
        assert not load(draft).data.get("stages", {}).get("rapport", {}).get("notes")
        (rescue,) = (home / "sessions" / ".leases").glob("*.unsaved.yaml")
        assert "Typed while the lock was held" in rescue.read_text()
    finally:
        holder.release()

    child = spawn(home, "session", "resume")
    answer(child, "back in place", "")
    answer(child, "(1 note so far)", "t\r")  # the note is back, and the session goes on
    child.expect_exact("Note")
    holder = LockHolder(home)
    try:
        child.send("A second note\r")
        answer(child, "Try to save again, or stop here?", "")
    finally:
        holder.release()
    child.send("r\r")  # the lock is free now: saved, and on we go
    answer(child, "(2 notes so far)", "\x03")
    child.expect(pexpect.EOF)
    child.close()
    (draft,) = files(home, "_drafts")
    notes = load(draft).data["stages"]["rapport"]["notes"]
    assert [n["text"] for n in notes] == ["Typed while the lock was held", "A second note"]
    assert not list((home / "sessions" / ".leases").glob("*.unsaved.yaml"))


def a_draft(home: Path, name: str) -> Path:
    """A draft with ``name``, stopped at its first stage's menu."""
    child = spawn(
        home, "session", "start", "--flow", "quick", "--coachee", name, "--role", "teacher"
    )
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    answer(child, "take a note, or move on", "\x03")
    child.expect(pexpect.EOF)
    child.close()
    (draft,) = [p for p in files(home, "_drafts") if name.split()[0].lower() in p.name]
    return draft


def finished_session(home: Path) -> Path:
    example = Path(__file__).resolve().parents[1] / "examples" / "answers-quick.yaml"
    child = spawn(home, "session", "start", "--answers", str(example))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (path,) = files(home)
    return path


def run(home: Path, *args: str) -> tuple[int, list[str]]:
    child = spawn(home, *args)
    child.expect(pexpect.EOF)
    child.close()
    lines = [line for line in (child.before or "").splitlines() if line.strip()]
    return child.exitstatus, lines


def snapshot(home: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (home / "sessions").rglob("*") if p.is_file()}


def test_session_discard_asks_then_removes_only_that_draft_and_its_rescue(home: Path) -> None:
    finished = finished_session(home)
    other = a_draft(home, "Ada Lovelace")
    draft = a_draft(home, "Priya Shah")
    draft_id = load(draft).data["id"]
    leases = home / "sessions" / ".leases"
    keys = {p.stem for p in leases.glob("*.owner")}
    from coachcli.store.leases import Lease
    from coachcli.store.sessions import Store

    lease = Lease(Store(home / "sessions"), draft_id)
    lease.rescue_path.write_bytes(draft.read_bytes())  # kept when a save failed
    assert lease.key in keys
    kept = {p: b for p, b in snapshot(home).items() if p not in (draft, lease.rescue_path)}
    kept = {p: b for p, b in kept.items() if not p.name.startswith(lease.key)}
    kept = {p: b for p, b in kept.items() if p.name != ".coach.lock"}

    child = spawn(home, "session", "discard", draft_id)
    answer(child, "Discard the unfinished session with Priya Shah", "n\r")
    child.expect_exact("Nothing was removed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and draft.exists() and lease.rescue_path.exists()

    child = spawn(home, "session", "discard", draft_id)
    answer(child, "Discard the unfinished session with Priya Shah", "y")
    child.expect_exact("Yes")  # shown, and waits for Enter
    child.send("\r")
    child.expect_exact("Discarded the unfinished session with Priya Shah")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not draft.exists() and not lease.rescue_path.exists()
    assert not list(leases.glob(f"{lease.key}.*"))
    after = {p: b for p, b in snapshot(home).items() if p.name != ".coach.lock"}
    assert after == kept  # the other draft, its lease and the finished session untouched
    assert other.exists() and finished.exists()


def test_session_discard_with_yes_refuses_finished_and_needs_yes_without_a_terminal(
    home: Path,
) -> None:
    finished = finished_session(home)
    draft = a_draft(home, "Ada Lovelace")
    before = snapshot(home)

    code, lines = run(home, "session", "discard", load(finished).data["id"])
    assert code == 1 and len(lines) == 1 and "finished, not a draft" in lines[0]
    assert snapshot(home) == before

    env = {**os.environ, "COACH_HOME": str(home)}
    done = subprocess.run(
        [COACH, "session", "discard"], stdin=subprocess.DEVNULL, capture_output=True,
        text=True, env=env, check=False,
    )  # fmt: skip
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0 and len(lines) == 1 and "--yes" in lines[0], lines
    assert draft.exists()

    code, lines = run(home, "session", "discard", "--yes")
    assert code == 0 and "Discarded" in lines[-1]
    assert not draft.exists() and finished.exists()
    code, lines = run(home, "session", "discard", "--yes")
    assert code == 1 and lines == ["coach: no unfinished sessions to discard"]


def test_session_discard_leaves_a_draft_open_in_another_terminal(home: Path) -> None:
    child = spawn(
        home, "session", "start", "--flow", "quick", "--coachee", "Tom Reid", "--role", "teacher"
    )
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    child.expect_exact("take a note, or move on")
    try:
        (draft,) = files(home, "_drafts")
        before = draft.read_bytes()
        code, lines = run(home, "session", "discard", "--yes")
        assert code == 1 and len(lines) == 1 and "open in another terminal" in lines[0]
        assert draft.read_bytes() == before
    finally:
        child.send("\x03")
        child.expect(pexpect.EOF)
        child.close()
    assert files(home, "_drafts") == [draft]
