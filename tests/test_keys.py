"""Every question is answered the same way: a key, then Enter (the installed `coach` in a
real pseudo-terminal). A coach's habitual Enter after `y` never answers the next
question, and an action-step criterion is never answered for them."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from coachcli.records.yamlio import dumps, load
from tests.test_terminal import LEADER, TEACHER, answer, files, no_goal, spawn

pytestmark = pytest.mark.timeout(180)

STEPS = (
    "open each team meeting with ten minutes looking at pupil work against one agreed"
    " success criterion",
    "give each teacher in the team one precise, kind piece of feedback on pupil work"
    " in every weekly meeting",
)
EVIDENCE = (
    "Ask two team members what they take away from meetings",
    "Collect the agendas of the last three meetings",
)
NOTE = "Worried the team sees her as a peer: y, n and Enter are words here"
STRENGTHS = "Clear about what meetings are for"
SUMMARY = "I can lead this without changing who I am"


def yes_then_enter(child: pexpect.spawn, question: str, crossed: list[str]) -> None:
    """The habit under test: `y` and Enter typed together, as one burst."""
    answer(child, question, "y\r")
    crossed.append(question)


def test_y_then_enter_at_every_yes_no_question_of_a_full_session_shifts_nothing(
    home: Path,
) -> None:
    crossed: list[str] = []
    child = spawn(
        home, "session", "start", "--flow", "full", "--coachee", "Priya Shah", "--role",
        "phase_leader",
    )  # fmt: skip
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    no_goal(child)  # the goal questions: none said, no measure
    answer(child, "take a note, or move on", "t\r")  # rapport
    answer(child, "Note", NOTE + "\r")
    answer(child, "(1 note so far)", "n\r")
    for _ in range(3):  # listening, clarifying, stretching
        answer(child, "take a note, or move on", "n\r")
    for seen in EVIDENCE:
        answer(child, "Evidence: what has been seen", "a\r")
        answer(child, "Where does it come from?", "\r")
        answer(child, "What was seen", seen + "\r")
        yes_then_enter(child, "Is this still to be collected?", crossed)
        answer(child, "Who will collect it?", "\r")  # the coach
        answer(child, "By when?", "\r")  # by the usual gap to the next meeting
    answer(child, "Evidence: what has been seen", "n\r")
    for step in STEPS:
        answer(child, "Action steps: what will they be able to do?", "a\r")
        answer(child, "Priya will be able to", step + "\r")
        if child.expect_exact([f"{LEADER[0]}:", "Reword it now"]) == 1:
            child.send("k\r")  # a weak-step hint: keep it as written
            child.expect_exact(f"{LEADER[0]}:")
        child.send("y\r")
        crossed.append(LEADER[0])
        for criterion in LEADER[1:]:
            yes_then_enter(child, f"{criterion}:", crossed)
    answer(child, "Action steps: what will they be able to do?", "n\r")
    for _ in STEPS:
        answer(child, "Rehearse it here and now?", "n\r")
        answer(child, "most authentic place", "1\r")
        answer(child, "When will it happen?", "Tuesday\r")
        answer(child, "Who will observe it?", "\r")
        answer(child, "How and when will feedback", "Same day\r")
        answer(child, "Due date", "\r")
    answer(child, "Next: Close", "n\r")
    answer(child, "Strengths you noticed", STRENGTHS + "\r")
    answer(child, "own summary", SUMMARY + "\r")
    answer(child, "Next meeting", "\r")
    answer(child, "All done?", "n\r")
    child.expect_exact("Saved session 1 with Priya Shah")
    answer(child, "practice now (private to you)?", "\r")  # Enter alone: no reflection
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    assert len(crossed) == 10  # 2 pieces of evidence, 4 criteria for each of 2 steps
    (path,) = files(home)
    data = load(path).data
    assert [note["text"] for note in data["stages"]["rapport"]["notes"]] == [NOTE]
    for stage in ("listening", "probing", "challenging"):
        assert not data["stages"].get(stage, {}).get("notes")
    assert [(e["seen"], e["to_collect"]) for e in data["evidence"]] == [
        (seen, "true") for seen in EVIDENCE
    ]
    assert [step["text"] for step in data["action_steps"]] == list(STEPS)
    for step in data["action_steps"]:
        assert [c["met"] for c in step["criteria"]] == ["true"] * 4, step["criteria"]
        assert step["practice"]["when"] == "Tuesday"
    assert data["close"]["strengths"] == STRENGTHS
    assert data["close"]["coachee_summary"] == SUMMARY


def test_a_criterion_has_no_default_and_shows_the_answer_before_enter(home: Path) -> None:
    child = spawn(
        home, "session", "start", "--flow", "quick", "--coachee", "Tom Reid", "--role", "teacher"
    )
    answer(child, "Kind of coaching", "\r")
    answer(child, "Which item of the bar is in focus?", "1\r")
    answer(child, "take a note, or move on", "n\r")
    answer(child, "Action steps", "a\r")
    answer(child, "Tom will be able to", "use mini whiteboards to check every pupil, each lesson\r")
    child.expect_exact(f"{TEACHER[0]}:")
    child.send("\r\r\r")  # Enter alone: nothing is assumed (the record below says so)
    child.send("x")  # any other key is ignored
    child.send("y")
    child.expect_exact("Yes")  # the answer is shown, and waits for Enter
    child.send("\x7f")  # Backspace takes it back
    child.send("n")
    child.expect_exact("No")
    child.send("\r")
    for criterion, keys in zip(TEACHER[1:], ("y\r", "n\r", "Y\r"), strict=True):
        answer(child, f"{criterion}:", keys)
    answer(child, "Meets 2 of 4 criteria", "")
    answer(child, "What would change that?", "k\r")
    answer(child, "Why keep it as it is?", "a first step\r")
    answer(child, "Action steps", "n\r")
    answer(child, "Strengths", "\r")
    answer(child, "own summary", "\r")
    answer(child, "Next meeting", "\r")
    answer(child, "All done?", "n\r")
    answer(child, "practice now (private to you)?", "\r")  # Enter alone: no reflection
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (path,) = files(home)
    (step,) = load(path).data["action_steps"]
    assert {c["id"]: c["met"] for c in step["criteria"]} == {
        "highest_leverage": "false",
        "narrow": "true",
        "specific": "false",
        "transferable": "true",
    }


def test_an_answers_file_must_name_every_criterion_of_the_set(home: Path, tmp_path: Path) -> None:
    child = spawn(home, "init", str(home))
    child.expect(pexpect.EOF)
    prepared = {
        "coachee": "Tom Reid",
        "role": "teacher",
        "flow": "quick",
        "focus": "checking-understanding",
        "action_steps": [
            {
                "text": "use mini whiteboards to check every pupil, each lesson",
                "criteria": {"highest_leverage": "yes", "narrow": "yes", "transferable": "no"},
            }
        ],
    }
    path = tmp_path / "answers.yaml"
    path.write_text(dumps(prepared), encoding="utf-8")
    child = spawn(home, "session", "start", "--answers", str(path))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    lines = [line for line in (child.before or "").splitlines() if line.strip()]
    assert len(lines) == 1, lines
    line = next(
        n for n, t in enumerate(path.read_text().splitlines(), 1) if "highest_leverage" in t
    )
    assert f"answers.yaml:{line}: action_steps[0].criteria.specific: missing" in lines[0]
    assert "mini whiteboards" not in lines[0]  # no session text in an error
    assert not list((home / "sessions").rglob("*.yaml"))
