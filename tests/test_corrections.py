"""The coach corrects the record during the meeting: the installed `coach` in a real
pseudo-terminal. Notes and steps are listed from the stage's menu, reworded, deleted,
made private or shared again, and every change is in the saved draft at once."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from coachcli.records.yamlio import load
from tests.test_terminal import TEACHER, answer, files, finished_session, no_goal, spawn

pytestmark = pytest.mark.timeout(120)
BACKSPACE = "\x7f"
MENU = "take a note, or move on"


def draft_data(home: Path) -> dict[str, object]:
    (draft,) = files(home, "_drafts")
    data = load(draft).data
    assert isinstance(data, dict)
    return data


def quick(home: Path) -> pexpect.spawn:
    child = spawn(
        home, "session", "start", "--flow", "quick", "--coachee", "Tom Reid", "--role", "teacher"
    )
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    return child


def stop(child: pexpect.spawn) -> None:
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()


def test_notes_are_reworded_deleted_made_private_and_shared_again(home: Path) -> None:
    child = quick(home)
    for text in ("Lost the thread on ratio", "Worried about Year 9", "Tired this week"):
        answer(child, MENU, "t\r")
        answer(child, "Note", text + "\r")
    answer(child, "(3 notes so far)", "c\r")
    answer(child, "Which one would you like to look at?", "1\r")
    answer(child, "What would you like to do with it?", "e\r")
    child.expect_exact("Lost the thread on ratio")  # the note, ready to be edited
    child.send(BACKSPACE * len("ratio") + "fractions\r")
    answer(child, "Changed.", "")
    answer(child, "Which one would you like to look at?", "2\r")
    answer(child, "What would you like to do with it?", "p\r")
    answer(child, "Private now", "")
    answer(child, "Which one would you like to look at?", "3\r")
    answer(child, "What would you like to do with it?", "p\r")
    answer(child, "Which one would you like to look at?", "3\r")
    answer(child, "What would you like to do with it?", "p\r")
    answer(child, "Shared again", "")
    answer(child, "Which one would you like to look at?", "d\r")
    child.expect_exact("(3 notes so far)")
    notes = draft_data(home)["stages"]["checkin"]["notes"]  # type: ignore[index]
    assert [(n["text"], n.get("private")) for n in notes] == [
        ("Lost the thread on fractions", "false"),
        ("Worried about Year 9", "true"),
        ("Tired this week", "false"),
    ]
    child.send("c\r")
    answer(child, "Which one would you like to look at?", "1\r")
    answer(child, "What would you like to do with it?", "x\r")
    answer(child, "Delete it for good?", "n\r")  # thought better of it
    answer(child, "Which one would you like to look at?", "1\r")
    answer(child, "What would you like to do with it?", "x\r")
    answer(child, "Delete it for good?", "y\r")
    answer(child, "Deleted.", "")
    answer(child, "Which one would you like to look at?", "d\r")
    child.expect_exact("(2 notes so far)")
    stop(child)
    notes = draft_data(home)["stages"]["checkin"]["notes"]  # type: ignore[index]
    assert [(n["text"], n.get("private")) for n in notes] == [
        ("Worried about Year 9", "true"),
        ("Tired this week", "false"),
    ]


def test_a_step_is_reworded_in_place_then_deleted_and_a_new_one_takes_its_place(
    home: Path,
) -> None:
    child = quick(home)
    answer(child, MENU, "n\r")
    answer(child, "Action steps", "a\r")
    answer(child, "Tom will be able to", "use mini whiteboards to check every pupil, each lesson\r")
    for criterion in TEACHER:
        answer(child, f"{criterion}:", "y\r")
    answer(child, "Action steps", "c\r")
    answer(child, "Which one would you like to look at?", "1\r")
    answer(child, "What would you like to do with it?", "e\r")
    child.expect_exact("each lesson")  # the wording so far, the cursor after it
    child.send(BACKSPACE * len("each lesson") + "before moving on\r")
    answer(child, "Check the new wording against the criteria again?", "y\r")
    answer(child, "Which one would you like to look at?", "d\r")
    for criterion in TEACHER:  # asked again, of the new wording
        answer(child, f"{criterion}:", "y\r")
    child.expect_exact("Action steps")
    (step,) = draft_data(home)["action_steps"]  # type: ignore[misc]
    assert step["text"] == "use mini whiteboards to check every pupil, before moving on"
    assert step["earlier_wordings"] == ["use mini whiteboards to check every pupil, each lesson"]
    assert [c["met"] for c in step["criteria"]] == ["true"] * 4
    first_id = step["id"]

    child.send("c\r")
    answer(child, "Which one would you like to look at?", "1\r")
    answer(child, "What would you like to do with it?", "x\r")
    answer(child, "Delete this step for good", "y\r")
    answer(child, "Deleted.", "")
    answer(child, "Action steps", "a\r")  # back at the menu: no step, so add one
    answer(child, "Tom will be able to", "ask three hinge questions in every lesson this week\r")
    for criterion in TEACHER:
        answer(child, f"{criterion}:", "y\r")
    answer(child, "Action steps", "n\r")
    answer(child, "Strengths", "\r")
    answer(child, "own summary", "\r")
    answer(child, "Next meeting", "\r")
    answer(child, "All done?", "n\r")
    child.expect_exact("Saved session 1 with Tom Reid")
    answer(child, "practice now (private to you)?", "\r")  # Enter alone: no reflection
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (path,) = files(home)
    (step,) = load(path).data["action_steps"]
    assert step["text"] == "ask three hinge questions in every lesson this week"
    assert step["id"] == first_id  # the only step keeps the first id: no gap, no clash


def test_a_pre_filled_answer_is_edited_in_place(home: Path) -> None:
    child = quick(home)
    answer(child, MENU, "n\r")
    answer(child, "Action steps", "a\r")
    answer(child, "Tom will be able to", "help her write her meeting plan\r")
    answer(child, "Reword it now", "r\r")
    child.expect_exact("Enter keeps it")
    child.expect_exact("help her write her meeting plan")
    child.send(BACKSPACE * len("help her write her meeting plan"))
    child.send("open each lesson with three questions, every pupil answering, this term\r")
    if child.expect_exact([f"{TEACHER[0]}:", "Reword it now"]) == 1:
        child.send("k\r")
        child.expect_exact(f"{TEACHER[0]}:")
    child.send("y\r")
    for criterion in TEACHER[1:]:
        answer(child, f"{criterion}:", "y\r")
    child.expect_exact("Action steps")
    stop(child)
    (step,) = draft_data(home)["action_steps"]  # type: ignore[misc]
    assert step["text"] == "open each lesson with three questions, every pupil answering, this term"
    assert step["earlier_wordings"] == ["help her write her meeting plan"]


def test_evidence_is_reworded_marked_seen_and_deleted(home: Path) -> None:
    child = spawn(home, "session", "start", "--coachee", "Tom Reid", "--role", "teacher")
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    child.expect_exact("In focus:")
    no_goal(child)  # the goal questions: none said, no measure
    while child.expect_exact(["Evidence: what", "(↑↓"]) == 1:  # a menu waiting for a key
        child.send("n\r")  # on through the stages before the evidence
    for seen, later in (("Lesson 3 seen: half the class silent", "n"), ("Book look", "y")):
        child.send("a\r")
        answer(child, "Where does it come from?", "\r")
        answer(child, "What was seen", seen + "\r")
        answer(child, "Is this still to be collected?", later + "\r")
        if later == "y":  # who collects it, and by when: the coach, by the default date
            answer(child, "Who will collect it?", "\r")
            answer(child, "By when?", "\r")
        child.expect_exact("Evidence: what")
    child.send("c\r")
    answer(child, "Which one would you like to look at?", "1\r")
    answer(child, "What would you like to do with it?", "e\r")
    child.expect_exact("half the class silent")  # pre-filled, the cursor after it
    child.send(BACKSPACE * len("silent") + "quiet\r")
    answer(child, "Changed.", "")
    answer(child, "Which one would you like to look at?", "2\r")
    answer(child, "What would you like to do with it?", "s\r")  # collected since
    answer(child, "Which one would you like to look at?", "1\r")
    answer(child, "What would you like to do with it?", "x\r")
    answer(child, "Delete it for good?", "y\r")
    answer(child, "Deleted.", "")
    answer(child, "Which one would you like to look at?", "d\r")
    child.expect_exact("Evidence: what")
    stop(child)
    (evidence,) = draft_data(home)["evidence"]  # type: ignore[misc]
    assert evidence["seen"] == "Book look" and evidence["to_collect"] == "false"


def test_a_review_of_an_earlier_step_is_gone_over_again(home: Path) -> None:
    finished_session(home)  # Tom Reid, one open step
    child = spawn(home, "session", "start", "--flow", "quick", "--coachee", "Tom Reid")
    answer(child, "Same focus as last time", "\r")  # a corridor conversation keeps it
    answer(child, MENU, "n\r")
    child.expect_exact("Tom will be able to check understanding")  # the step, with his name
    answer(child, "Where is it now?", "2\r")
    answer(child, "What practice has been seen", "Tried it on Tuesday\r")
    answer(child, "Follow-up done", "c\r")
    answer(child, "Which one would you like to look at?", "1\r")
    child.expect_exact("Tried it on Tuesday")
    answer(child, "What would you like to do with it?", "a\r")
    answer(child, "Where is it now?", "3\r")
    child.expect_exact("Tried it on Tuesday")  # what was said is pre-filled
    child.send(" and Thursday\r")
    answer(child, "Changed.", "")
    answer(child, "Which one would you like to look at?", "d\r")
    child.expect_exact("Follow-up done")
    stop(child)
    data = draft_data(home)
    (review,) = data["followup"]  # type: ignore[misc]
    assert review["status"] == "achieved"
    assert review["evidence"] == "Tried it on Tuesday and Thursday"
    (carried,) = [s for s in data["action_steps"] if s.get("carried_from")]  # type: ignore[union-attr]
    assert carried["status"] == "achieved"


def test_a_long_note_is_shown_in_part_and_edited_whole(home: Path) -> None:
    child = quick(home)
    answer(child, MENU, "t\r")
    lines = [f"pasted line {n}" for n in range(1, 21)]
    answer(child, "Note", "\x1b\r".join(lines) + "\r")  # Alt+Enter between lines
    answer(child, "(1 note so far)", "c\r")
    answer(child, "Which one would you like to look at?", "1\r")
    child.expect_exact("pasted line 12")
    child.expect_exact("… (+8)")  # not 400 lines scrolling past
    answer(child, "What would you like to do with it?", "e\r")
    child.expect_exact("pasted line 20")  # the whole note is there to edit
    child.send(BACKSPACE * len("pasted line 20") + "the end\r")
    answer(child, "Changed.", "")
    answer(child, "Which one would you like to look at?", "d\r")
    stop(child)
    (note,) = draft_data(home)["stages"]["checkin"]["notes"]  # type: ignore[index]
    assert note["text"].splitlines() == [*lines[:19], "the end"]
