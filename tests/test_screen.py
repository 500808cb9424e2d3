"""What a coach sees in an 80x24 terminal: the installed `coach` in a pseudo-terminal,
its output drawn on an in-memory screen (pyte) and read line by line, as on a laptop."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pyte
import pytest

from coachcli.records.yamlio import load
from tests.test_terminal import COACH, TEACHER, answer, files

pytestmark = pytest.mark.timeout(120)
COLUMNS, LINES = 80, 24
NOW = "2026-11-30T09:00:00+00:00"


class Screen:
    """A coach's terminal: keys go to `coach`, what it draws lands on a screen."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {
            **os.environ,
            "COACH_HOME": str(home),
            "COACH_NOW": NOW,
            "TERM": "xterm-256color",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
        }
        self.child = pexpect.spawn(
            COACH, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(LINES, COLUMNS)
        )
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.Stream(self.screen)

    def wait(self, text: str) -> list[str]:
        """Read until ``text`` is in the output; the screen's lines then."""
        self.child.expect_exact(text)
        self.stream.feed(self.child.before + self.child.after)
        return [line.rstrip() for line in self.screen.display]

    def send(self, keys: str) -> None:
        self.child.send(keys)


def test_long_questions_and_bar_items_are_read_whole_at_80_columns(home: Path) -> None:
    s = Screen(home, "session", "start", "--coachee", "Hannah Lewis", "--role", "phase_leader")
    s.wait("Kind of coaching")
    s.send("\r")
    shown = s.wait("Follows through on what is agreed")
    # the bar's sections head their items; each item is named whole, once
    assert "     Engaging in leadership (practice)" in shown
    assert any(line.endswith("★ Runs team meetings that improve teaching") for line in shown)
    assert not any("(practice) ·" in line for line in shown)
    s.send("1\r")
    s.wait("← Back to Context")
    for number, stage, before in ((4, "Listening", "Follow-up"), (5, "Clarifying", "Listening")):
        s.send("n\r")  # on from the check-in (and its empty follow-up) to Stretching
        s.wait(f"stage {number} of 10: {stage}")
        s.wait(f"← Back to {before}")
    s.send("n\r")
    s.wait("stage 6 of 10: Stretching")
    shown = s.wait("← Back to Clarifying")
    header = next(i for i, line in enumerate(shown) if "stage 6 of 10: Stretching" in line)
    assert "skill: Questioning for understanding" in shown[header + 1], "wrapped, not cut"
    assert all(len(line) <= COLUMNS for line in shown)
    menu = "\n".join(shown)
    assert "how committed are you to working on this? What would make\n      it one higher?" in (
        menu
    ), "a long question wraps under itself in the menu"
    s.send("\x03")
    s.child.expect(pexpect.EOF)


def test_a_date_typed_after_the_pre_filled_one_replaces_it(home: Path) -> None:
    s = Screen(
        home, "session", "start", "--flow", "quick", "--coachee", "Tom Reid", "--role", "teacher"
    )
    s.wait("Kind of coaching")
    s.send("\r")
    s.wait("Which item of the bar is in focus?")
    s.send("1\r")
    s.wait("take a note, or move on")
    s.send("n\r")
    s.wait("Action steps")
    s.send("a\r")
    s.wait("Tom will be able to")
    s.send("use mini whiteboards to check every pupil before moving on, each lesson\r")
    for criterion in TEACHER:
        answer(s.child, f"{criterion}:", "y\r")
    answer(s.child, "Action steps", "n\r")
    answer(s.child, "Strengths you noticed", "\r")
    answer(s.child, "own summary", "\r")
    s.wait("Next meeting")
    shown = s.wait("2026-12-14")
    s.send("+21\r")  # typed after the pre-filled date, as a hurried coach does
    answer(s.child, "All done?", "n\r")
    s.child.expect_exact("Saved session 1")
    s.child.expect(pexpect.EOF)
    (path,) = files(home)
    assert load(path).data["close"]["next_meeting"] == "2026-12-21"
    assert any(line.strip() == "2026-12-14" for line in shown), "the default, pre-filled"
