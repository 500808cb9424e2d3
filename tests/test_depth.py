"""Coaching depth, part 2, through the real `coach` command: the coachee's goal in their
words and a measure about pupils (seen in the brief and the journey, reviewed at the
next follow-up), evidence with an owner and a date, evidence sources for the kind of
coaching, a rehearsal in the room, and the feedback given after an observation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.records.session import SESSION_FORMAT
from coachcli.records.yamlio import dumps, load
from tests.conftest import Coach, person_dir
from tests.test_coaching import FULL, Person, meet, workspace

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COACH = str(Path(sys.executable).with_name("coach"))

SECOND = {
    "format_version": 1,
    "coachee": "Priya Shah",
    "goal_now": "2 in 6, asked after the last two meetings",
    "followup": [
        {
            "status": "practising",
            "evidence": "Practised twice; observed the second meeting.",
            "feedback": "Praised the opening; next time wait longer before speaking.",
            "reflection": "She talks over quieter colleagues.",
        }
    ],
    "close": {"next_meeting": "+14"},
}


def saved(home: Path) -> list[dict[str, object]]:
    files = sorted(person_dir(home, "priya-shah").glob("*.yaml"))
    return [load(p).data for p in sorted(files, key=lambda p: load(p).data["number"])]


def two_sessions(coach: Coach, home: Path, tmp_path: Path) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    second = tmp_path / "second.yaml"
    second.write_text(dumps(SECOND), encoding="utf-8")
    result = coach("session", "start", "--answers", str(second))
    assert result.code == 0, result.err


def test_goal_evidence_owner_rehearsal_and_feedback_are_saved(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    two_sessions(coach, home, tmp_path)
    first, second = saved(home)
    assert first["format_version"] == str(SESSION_FORMAT)
    goal = first["goal"]
    assert goal["own_words"] == "Meetings people leave with something to try in class."
    assert (goal["baseline"], goal["target"], goal["check_by"]) == (
        "1 in 6",
        "5 in 6",
        "2027-02-12",
    )
    collected = [e for e in first["evidence"] if e.get("to_collect") == "true"]
    assert [(e["collector"], e["due"]) for e in collected] == [("Priya", "2026-12-04")]
    (rehearsal,) = first["action_steps"][0]["rehearsals"]
    assert rehearsal["rounds"] == "2" and rehearsal["session"] == first["id"]
    assert "waited for two colleagues" in rehearsal["changed"]
    assert second["goal_now"] == "2 in 6, asked after the last two meetings"
    assert second["goal"]["pupils"] == goal["pupils"], "last session's goal is the default"
    (review,) = second["followup"]
    assert review["feedback"].startswith("Praised the opening")


def test_the_brief_and_the_journey_show_the_goal_and_its_measure(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    two_sessions(coach, home, tmp_path)
    brief = coach("followup", "priya").out
    assert "their goal: Meetings people leave with something to try in class." in brief
    assert "was 1 in 6 · now 2 in 6, asked after the last two meetings · aim 5 in 6" in (
        " ".join(brief.split())
    )
    journey = coach("export", "--coachee", "priya").out
    assert "## Priya's goal" in journey
    assert "- Session 2, " in journey and "2 in 6, asked after the last two meetings" in journey
    assert "Feedback given: Praised the opening" in journey
    assert "Rehearsed in the session: 2 rounds." in journey
    shown = coach("session", "show", saved(home)[1]["id"]).out
    assert "feedback given: Praised the opening" in " ".join(shown.split())


def test_evidence_to_collect_has_an_owner_and_goes_red_when_overdue(
    coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    data = coach("followup", "priya", "--json").out
    assert '"collector": "Priya"' in data and '"due": "2026-12-04"' in data
    monkeypatch.setenv("COACH_NOW", "2026-12-10T09:00:00+00:00")
    brief = " ".join(coach("followup", "priya").out.split())
    assert "Ask two team members what they take away from meetings." in brief
    assert "Priya, by Fri 4 Dec (6 days overdue)" in brief


def test_the_brief_fits_24_lines_at_80_columns(home: Path, tmp_path: Path) -> None:
    """Two open steps, a goal with its measure and evidence to collect: one screen."""
    env = {**os.environ, "COACH_HOME": str(home), "COLUMNS": "80", "LINES": "24"}
    data = load(FULL).data
    first = data["action_steps"][0]
    data["action_steps"].append(
        {
            "text": "invite a quieter colleague to open the discussion of pupil work",
            "criteria": dict(first["criteria"]),
            "practice": dict(first["practice"]),
        }
    )
    two = tmp_path / "two.yaml"
    two.write_text(dumps(data), encoding="utf-8")
    run = subprocess.run([COACH, "session", "start", "--answers", str(two)], env=env)
    assert run.returncode == 0
    brief = subprocess.run(
        [COACH, "followup", "priya"], env=env, capture_output=True, text=True
    ).stdout
    lines = brief.splitlines()
    assert "Open action steps: Priya will be able to …" in brief
    assert "1. open each team meeting" in brief and "2. invite a quieter colleague" in brief
    assert "their goal:" in brief and "Evidence still to collect" in brief
    assert "Celebrated last time" in brief and "Shortened" not in brief, "whole"
    assert len(lines) <= 23, brief  # and the prompt after it: one screen of 24
    assert max(len(line) for line in lines) <= 80


def test_evidence_sources_are_those_for_the_kind_of_coaching(coach: Coach, home: Path) -> None:
    workspace(coach, home)
    teacher = Person({"coachee": "Tom Reid", "evidence[0]": "add", "evidence[1]": "next"})
    meet(coach, teacher, "--flow", "full", "--role", "teacher")
    offered = {o.value for o in teacher.asked["evidence[0].source"].options}
    assert "planning_review" in offered and "observation" in offered
    assert not offered & {"meeting_observation", "coaching_observation", "feedback_360"}
    leader = Person({"coachee": "Priya Shah", "evidence[0]": "add", "evidence[1]": "next"})
    meet(coach, leader, "--flow", "full", "--role", "phase_leader")
    offered = {o.value for o in leader.asked["evidence[0].source"].options}
    assert "meeting_observation" in offered and "planning_review" not in offered


def test_a_rehearsal_with_a_wrong_number_of_rounds_is_one_line(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    data = load(FULL).data
    data["action_steps"][0]["rehearsal"]["rounds"] = "twice"
    answers = tmp_path / "answers.yaml"
    answers.write_text(dumps(data), encoding="utf-8")
    result = coach("session", "start", "--answers", str(answers))
    assert result.code == 1
    assert "action_steps[0].rehearsal.rounds: a whole number of rounds, 1 to 99" in result.err
    assert "Traceback" not in result.err
    assert not list((home / "sessions").rglob("*.yaml")), "nothing saved"


@pytest.mark.parametrize("written", ["format-5", "format-6"])
def test_the_format_5_and_6_fixtures_read_and_migrate(
    coach: Coach, home: Path, written: str
) -> None:
    coach("init", str(home))
    shutil.copytree(FIXTURES / written / "sessions", home / "sessions", dirs_exist_ok=True)
    listed = coach("session", "list")
    assert listed.code == 0 and "Priya Shah" in listed.out and "Tom Reid" in listed.out
    assert "Observed the team meeting on Tuesday" in coach("followup", "priya").out
    assert coach("export", "--coachee", "priya").code == 0
    result = coach("migrate")
    assert result.code == 0, result.err
    for path in (home / "sessions").rglob("*.yaml"):
        data = load(path).data
        assert data["format_version"] == str(SESSION_FORMAT), path
        steps = data.get("action_steps") or []
        assert not any(step.get("library") for step in steps), "nothing made up"
        if written == "format-5":
            assert "goal" not in data, "nothing made up"
            assert not any(step.get("rehearsals") for step in steps), "nothing made up"
