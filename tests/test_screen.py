"""What a coach sees in an 80x24 terminal: the installed `coach` in a pseudo-terminal,
its output drawn on an in-memory screen (pyte) and read line by line, as on a laptop."""

from __future__ import annotations

import itertools
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


def cut_words(lines: list[str]) -> list[str]:
    """Lines that fill the screen's width and end in the middle of a word that the
    next line carries on (as a terminal wraps text nobody broke between words)."""
    return [
        line
        for line, after in itertools.pairwise(lines)
        if len(line) == COLUMNS and line[-1].isalpha() and after[:1].isalpha()
    ]


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
    answer(s.child, "own words: what do they want to get better at?", "\r")
    answer(s.child, "A measure about pupils", "\r")
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
    answer(s.child, "practice now (private to you)?", "\r")  # Enter alone: no reflection
    s.child.expect(pexpect.EOF)
    (path,) = files(home)
    assert load(path).data["close"]["next_meeting"] == "2026-12-21"
    assert any(line.strip() == "2026-12-14" for line in shown), "the default, pre-filled"


def test_a_coach_records_goal_evidence_owner_and_a_rehearsal_at_the_keyboard(
    home: Path,
) -> None:
    s = Screen(home, "session", "start", "--coachee", "Ella Brook", "--role", "teacher")
    c = s.child
    answer(c, "Kind of coaching", "\r")
    answer(c, "Which item of the bar is in focus?", "1\r")
    answer(c, "In Ella's own words", "Every pupil shows me before I move on\r")
    answer(c, "A measure about pupils", "Pupils right on the hinge question\r")
    answer(c, "Where is it now?", "about half\r")
    answer(c, "Where should it get to?", "28 of 30\r")
    answer(c, "When will you check it?", "+42\r")
    s.wait("← Back to Context")
    for before in ("Follow-up", "Listening", "Clarifying", "Stretching"):
        c.send("n\r")  # on to the evidence (the follow-up stage has nothing to review)
        s.wait(f"← Back to {before}")
    c.send("a\r")
    answer(c, "Where does it come from?", "\r")
    answer(c, "What was seen", "Next week's plans: where the hinge questions sit\r")
    answer(c, "Is this still to be collected?", "y\r")
    answer(c, "Who will collect it?", "\x15Ella\r")
    answer(c, "By when?", "\x15fri\r")
    s.wait("← Back to Stretching")
    c.send("n\r")
    answer(c, "Action steps", "a\r")
    answer(c, "Ella will be able to", "check every pupil's whiteboard before moving on\r")
    if c.expect_exact([f"{TEACHER[0]}:", "Reword it now"]) == 1:
        c.send("k\r")
        c.expect_exact(f"{TEACHER[0]}:")
    c.send("y\r")
    for criterion in TEACHER[1:]:
        answer(c, f"{criterion}:", "y\r")
    answer(c, "Action steps", "n\r")
    answer(c, "Rehearse it here and now?", "r\r")
    answer(c, "See it:", "I modelled scanning the boards and saying the count\r")
    answer(c, "Name it:", "scan and count; then decide\r")
    answer(c, "how many rounds", "\x15two\r")  # not a number: asked again
    c.expect_exact("a whole number of rounds")
    c.send("\x153\r")
    answer(c, "What changed", "By the third she paused to count\r")
    shown = s.wait("Rehearsal noted: 3 round(s).")
    assert any("Rehearsal noted: 3 round(s)." in line for line in shown)
    c.send("\x03")
    c.expect(pexpect.EOF)
    (draft,) = files(home, "_drafts")
    data = load(draft).data
    assert data["goal"]["target"] == "28 of 30" and data["goal"]["check_by"] == "2027-01-11"
    (evidence,) = data["evidence"]
    assert (evidence["collector"], evidence["due"]) == ("Ella", "2026-12-04")
    (rehearsal,) = data["action_steps"][0]["rehearsals"]
    assert rehearsal["rounds"] == "3" and rehearsal["moves"] == "scan and count; then decide"


def test_a_coach_picks_a_library_step_adapts_it_and_meets_its_rehearsal_cue(
    home: Path,
) -> None:
    library = load(Path(__file__).resolve().parents[1] / "frameworks" / "steps.yaml").data
    first = next(s for s in library["steps"] if s["bar_item"] == "checking-understanding")
    s = Screen(home, "session", "start", "--coachee", "Ella Brook", "--role", "teacher")
    c = s.child
    answer(c, "Kind of coaching", "\r")
    answer(c, "Which item of the bar is in focus?", "1\r")  # checks for understanding
    answer(c, "own words: what do they want to get better at?", "\r")
    answer(c, "A measure about pupils", "\r")
    s.wait("← Back to Context")
    for before in ("Follow-up", "Listening", "Clarifying", "Stretching"):
        c.send("n\r")
        s.wait(f"← Back to {before}")
    c.send("n\r")  # on past the evidence to the action steps
    s.wait("Choose from the library for Checks for understanding")
    s.wait("← Back to Evidence")
    c.send("l\r")
    shown = s.wait("← None of these")
    assert any("★ " + first["step"][:40] in line for line in shown), "the first, suggested"
    assert "  (↑↓ or a key, then Enter)" in shown, "a long question's hint has its own line"
    c.send("\r")  # Enter takes the suggested step
    answer(c, "Ella will be able to", " in maths lessons\r")  # adapted to her context
    s.wait("Highest leverage:")  # no weak-step hint came first
    assert "This step may be weak" not in c.before
    shown = s.wait("then Enter)")
    asked = shown[next(i for i, line in enumerate(shown) if "Highest leverage:" in line) :]
    assert not cut_words(asked), "a long yes/no question breaks between words"
    c.send("y\r")
    for criterion in TEACHER[1:]:
        answer(c, f"{criterion}:", "y\r")
    answer(c, "Action steps", "n\r")
    shown = s.wait("Rehearse it here and now?")
    assert "The library's rehearsal cue." in " ".join(" ".join(shown).split())
    c.send("\x03")
    c.expect(pexpect.EOF)
    (draft,) = files(home, "_drafts")
    (step,) = load(draft).data["action_steps"]
    assert step["library"] == first["id"]
    assert step["text"] == " ".join(first["step"].split()) + " in maths lessons"
