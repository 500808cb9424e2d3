"""Whole sessions through the real questionary prompts, fed by a prompt_toolkit pipe."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from coachcli.records.yamlio import load
from coachcli.ui.prompts import TerminalAsker
from tests.conftest import Coach, Result

ENTER = "\r"
CLEAR = "\x15"  # Ctrl-U: clear the pre-filled text
pytestmark = pytest.mark.timeout(60)  # a wrong key sequence waits for input: fail, not hang
WEAK = "help her write her meeting plan"
STRONG = (
    "open each team meeting with ten minutes looking at pupil work against one agreed"
    " success criterion"
)


@pytest.fixture
def keys(coach: Coach) -> Iterator[PipeInput]:
    """A pipe we type into, standing in for the person at the terminal: `typed` runs
    `coach` with its prompts reading from it."""
    with create_pipe_input() as pipe:
        yield pipe


def typed(coach: Coach, pipe: PipeInput, *args: str) -> Result:
    """`coach ARGS` with the real prompts, answered from ``pipe``."""
    screen = Console(file=io.StringIO(), width=100)
    return coach(*args, terminal=lambda: TerminalAsker(screen, input=pipe, output=DummyOutput()))


def session_file(home: Path) -> dict[str, object]:
    files = [p for p in (home / "sessions").rglob("*.yaml") if "_drafts" not in p.parts]
    assert len(files) == 1, files
    data = load(files[0]).data
    assert isinstance(data, dict)
    return data


def type_all(pipe: PipeInput, *answers: str) -> None:
    pipe.send_text("".join(answers))


def test_a_full_session_keeps_every_answer(coach: Coach, keys: PipeInput, home: Path) -> None:
    type_all(
        keys,
        ENTER,
        "Priya Shah" + ENTER,  # someone new
        "3" + ENTER,  # role: phase leader
        ENTER,  # kind: leadership (from the role)
        "1" + ENTER,  # focus: the first, critical item
        ENTER,
        ENTER,  # their goal, and a pupil measure: none said
        "2" + ENTER,
        "The reading display went up" + ENTER,
        "n" + ENTER,  # rapport
        "t" + ENTER,
        "Worried the team sees her as a peer" + ENTER,  # listening
        "p" + ENTER,
        "n" + ENTER,  # make it private, then next
        "w" + ENTER,
        "What would a useful meeting look like?" + ENTER,  # probing
        "Books on the table, one thing looked at together" + ENTER,
        "n" + ENTER,
        "m" + ENTER,
        "1" + ENTER,
        "Notices, she laughed" + ENTER,
        "n" + ENTER,  # challenge
        "a" + ENTER,
        ENTER,
        "All notices, no pupil work" + ENTER,
        "n" + ENTER,  # evidence: seen, not to collect
        "n" + ENTER,
        "a" + ENTER,
        WEAK + ENTER,  # a weak step: hinted at
        "r" + ENTER,
        CLEAR + STRONG + ENTER,  # reword it (Ctrl-U clears the line)
        "y" + ENTER,
        "y" + ENTER,
        "y" + ENTER,
        "y" + ENTER,
        "n" + ENTER,  # criteria (a key, then Enter), then next
        ENTER,  # no rehearsal now
        ENTER,
        "Next Tuesday's team meeting" + ENTER,
        ENTER,  # practice: place, when, me
        "Ten minutes the same afternoon" + ENTER,
        CLEAR + "2026-12-01" + ENTER,
        "n" + ENTER,
        "Clear about what meetings are for" + ENTER,  # close
        "I can lead this without changing who I am" + ENTER,
        CLEAR + "+14" + ENTER,
        "n" + ENTER,
        ENTER,  # reflect on your own practice now? Enter alone is no
    )
    result = typed(coach, keys, "session", "start")
    assert result.code == 0, result.err
    assert "Saved session 1 with Priya Shah" in result.out

    data = session_file(home)
    assert data["coachee"] == "Priya Shah"
    assert data["role"] == "phase_leader" and data["kind"] == "leadership"
    assert data["flow"] == "full" and data["status"] == "complete"
    assert data["focus"]["id"] == "team-meetings"  # type: ignore[index]
    stages = data["stages"]
    assert stages["rapport"]["notes"][0] == {  # type: ignore[index]
        "prompt": "What has gone well since we last spoke?",
        "text": "The reading display went up",
        "private": "false",
    }
    listening = stages["listening"]["notes"][0]  # type: ignore[index]
    assert listening["text"] == "Worried the team sees her as a peer"
    assert listening["private"] == "true" and "prompt" not in listening
    assert stages["probing"]["notes"][0]["prompt"] == "What would a useful meeting look like?"  # type: ignore[index]
    assert stages["challenging"]["notes"][0]["text"] == "Notices, she laughed"  # type: ignore[index]
    assert data["evidence"] == [
        {
            "source": "meeting_observation",
            "source_name": "Watching the leader run a meeting",
            "seen": "All notices, no pupil work",
            "to_collect": "false",
            "bar_item": "team-meetings",
        }
    ]
    (step,) = data["action_steps"]  # type: ignore[misc]
    assert step["text"] == STRONG
    assert step["earlier_wordings"] == [WEAK]
    assert "one_off_task" in step["hints"]
    assert {c["id"]: c["met"] for c in step["criteria"]} == {
        "highest_leverage": "true",
        "narrow": "true",
        "evidence": "true",
        "transferable": "true",
    }
    assert step["criteria"][0]["name"] == "Highest leverage"
    assert step["practice"] == {
        "place": "team_meeting",
        "place_name": "A team meeting they lead",
        "when": "Next Tuesday's team meeting",
        "observer": "me",
        "feedback": "Ten minutes the same afternoon",
        "due": "2026-12-01",
    }
    close = data["close"]
    assert close["strengths"] == "Clear about what meetings are for"  # type: ignore[index]
    assert close["coachee_summary"] == "I can lead this without changing who I am"  # type: ignore[index]
    assert close["next_meeting"]  # type: ignore[index]
    assert not list((home / "sessions" / "_drafts").glob("*.yaml")), "the draft is gone"


def test_a_quick_session(coach: Coach, keys: PipeInput, home: Path) -> None:
    type_all(
        keys,
        ENTER,
        "Tom Reid" + ENTER,
        ENTER,  # kind: instructional, from the role given on the command line
        "1" + ENTER,  # focus
        "t" + ENTER,
        "Year 8 lost the thread on ratio" + ENTER,
        "n" + ENTER,
        "a" + ENTER,
        "check understanding with mini whiteboards before moving on, every lesson" + ENTER,
        "y" + ENTER,
        "y" + ENTER,
        "n" + ENTER,
        "y" + ENTER,
        "k" + ENTER,  # it misses "specific": keep it as it is, and say why
        "Specific enough for a first week" + ENTER,
        "n" + ENTER,
        ENTER,
        ENTER,
        CLEAR + "fri" + ENTER,
        "n" + ENTER,
        ENTER,  # reflect on your own practice now? Enter alone is no
    )
    result = typed(coach, keys, "session", "start", "--flow", "quick", "--role", "teacher")
    assert result.code == 0, result.err
    data = session_file(home)
    assert data["flow"] == "quick" and data["kind"] == "instructional"
    assert data["stages"]["checkin"]["notes"][0]["text"] == "Year 8 lost the thread on ratio"  # type: ignore[index]
    (step,) = data["action_steps"]  # type: ignore[misc]
    assert {c["id"]: c["met"] for c in step["criteria"]}["specific"] == "false"
    assert step["criteria_set"] == "teacher"
    assert "practice" not in step
    assert data["close"]["next_meeting"]  # type: ignore[index]


def test_going_back_a_stage_keeps_everything_typed(
    coach: Coach, keys: PipeInput, home: Path
) -> None:
    type_all(
        keys,
        "1" + ENTER,  # focus
        "t" + ENTER,
        "First check-in note" + ENTER,
        "n" + ENTER,  # check-in, then next
        "b" + ENTER,  # back from action steps to the check-in
        "t" + ENTER,
        "Second check-in note" + ENTER,
        "n" + ENTER,
        "a" + ENTER,
        "model a clear explanation with a worked example every lesson" + ENTER,
        "y" + ENTER,
        "y" + ENTER,
        "y" + ENTER,
        "y" + ENTER,
        "b" + ENTER,  # back again: the step stays
        "n" + ENTER,  # check-in, next
        "n" + ENTER,  # action steps (one is the quick flow's limit), next
        ENTER,
        ENTER,
        ENTER,
        "n" + ENTER,  # close
        ENTER,  # no reflection now
    )
    result = typed(
        coach,
        keys,
        "session",
        "start",
        "--flow",
        "quick",
        "--coachee",
        "Tom Reid",
        "--role",
        "teacher",
        "--kind",
        "instructional",
    )
    assert result.code == 0, result.err
    data = session_file(home)
    notes = [n["text"] for n in data["stages"]["checkin"]["notes"]]  # type: ignore[index]
    assert notes == ["First check-in note", "Second check-in note"]
    assert len(data["action_steps"]) == 1  # type: ignore[arg-type]


def test_a_disk_error_mid_session_keeps_the_note_for_the_resume(
    coach: Coach, keys: PipeInput, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    replace = os.replace

    def full_disk(source: str, target: str) -> None:
        """The disk fills up just as the note is saved in the draft."""
        if "_drafts" in str(target) and "Said just" in Path(source).read_text():
            raise OSError(errno.ENOSPC, "No space left on device")
        replace(source, target)

    coach("init", str(home))
    type_all(
        keys,
        "1" + ENTER,  # focus
        "t" + ENTER,
        "Said just as the disk filled up" + ENTER,
        "r" + ENTER,  # try again: still full
        "s" + ENTER,  # stop here
    )
    monkeypatch.setattr(os, "replace", full_disk)
    args = ("session", "start", "--flow", "quick", "--coachee", "Tom Reid", "--role", "teacher")
    stopped = typed(coach, keys, *args, "--kind", "instructional")
    monkeypatch.setattr(os, "replace", replace)
    assert stopped.code == 1
    assert "coach session resume" in stopped.err and "Said just" not in stopped.err
    assert len(stopped.err.strip().splitlines()) == 1

    type_all(keys, "n" + ENTER, "\x03")  # resumed: the note is there; next stage, then stop
    resumed = typed(coach, keys, "session", "resume")
    assert resumed.code == 130, resumed.err
    (draft,) = (home / "sessions" / "_drafts").glob("*.yaml")
    notes = load(draft).data["stages"]["checkin"]["notes"]  # type: ignore[index]
    assert [n["text"] for n in notes] == ["Said just as the disk filled up"]
