"""Sessions from answers files, the saved file, and listing and showing sessions."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coachcli.records.session import SESSION_FORMAT
from coachcli.records.yamlio import dumps, load
from tests.conftest import Coach

REPO = Path(__file__).resolve().parents[1]
FULL = REPO / "examples" / "answers-full.yaml"
QUICK = REPO / "examples" / "answers-quick.yaml"
WEAK = "Support Mr Williamson with the writing of his professional growth plan for next term."
STRONG = (
    "Support Mr Williamson in crafting appropriate professional learning goals that are:"
    " 1) connected to the teacher evaluation tool you are using, 2) most critical to the"
    " classroom based upon evidence collected, and 3) time-bound and realistic."
)


def saved(home: Path) -> list[Path]:
    return sorted(p for p in (home / "sessions").rglob("*.yaml") if "_drafts" not in p.parts)


def answers(tmp_path: Path, data: dict[str, object], name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dumps(data), encoding="utf-8")
    return path


def leader_answers(step: str, **extra: object) -> dict[str, object]:
    return {
        "coachee": "Ana Costa",
        "role": "subject_leader",
        "flow": "quick",
        "focus": "growing-colleagues",
        "action_steps": [
            {
                "text": step,
                "criteria": {
                    "highest_leverage": "yes",
                    "narrow": "yes",
                    "evidence": "no",
                    "transferable": "yes",
                },
                "unmet": [{"choice": "keep", "reason": "Her team's evidence comes next."}],
            }
        ],
        **extra,
    }


def test_the_example_full_session(coach: Coach, home: Path) -> None:
    result = coach("session", "start", "--answers", str(FULL))
    assert result.code == 0, result.err
    (path,) = saved(home)
    data = load(path).data
    assert path.parent.name == f"priya-shah-{data['coachee_id']}"  # her name, then her id
    source = load(FULL).data
    assert data["format_version"] == str(SESSION_FORMAT) and data["number"] == "1"
    assert data["stem"] == "will be able to"
    assert (
        data["role_name"] == "Phase leader" and data["flow_title"] == "Full coaching conversation"
    )
    assert data["coach"] == "Dan Evans" and data["flow"] == "full"
    for stage, notes in source["notes"].items():
        saved_notes = data["stages"][stage]["notes"]
        assert [n["text"] for n in saved_notes] == [n["note"] for n in notes]
    assert data["stages"]["listening"]["notes"][0]["private"] == "true"
    assert [e["seen"] for e in data["evidence"]] == [e["seen"] for e in source["evidence"]]
    assert data["evidence"][1]["to_collect"] == "true"
    (step,) = data["action_steps"]
    assert step["text"] == source["action_steps"][0]["text"]
    assert step["practice"]["due"] == "2026-12-01"
    assert data["close"]["next_meeting"] == "2026-12-08"
    assert set(data["frameworks"]) == {
        "skills",
        "bar",
        "criteria",
        "flows",
        "conversation",
        "hints",
        "steps",
    }
    assert data["frameworks"]["bar"]["revision"] and data["frameworks"]["bar"]["sha256"]
    assert data["started"] <= data["ended"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_example_quick_session(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    (path,) = saved(home)
    data = load(path).data
    assert data["flow"] == "quick" and data["kind"] == "instructional"
    assert list(data["stages"]) == ["checkin"]


def test_numbers_and_names_that_never_collide(coach: Coach, home: Path) -> None:
    for _ in range(3):
        assert coach("session", "start", "--answers", str(QUICK)).code == 0
    paths = saved(home)
    assert len(paths) == 3
    numbers = sorted(load(p).data["number"] for p in paths)
    assert numbers == ["1", "2", "3"]
    follows = {load(p).data.get("follows") for p in paths}
    assert len(follows) == 3, "each session after the first names the one before"


@pytest.mark.parametrize(
    "name",
    ["../../x", "a/b\\c", "Siobhán O'Neill", "🙂🙂", "x" * 300, ".hidden", "CON", "  "],
)
def test_any_name_makes_a_safe_file_name(
    coach: Coach, home: Path, tmp_path: Path, name: str
) -> None:
    path = answers(tmp_path, {**load(QUICK).data, "coachee": name})
    result = coach("session", "start", "--answers", str(path))
    if not name.strip():
        assert result.code == 1 and "coachee" in result.err
        return
    assert result.code == 0, result.err
    (saved_path,) = saved(home)
    assert saved_path.resolve().is_relative_to((home / "sessions").resolve())
    assert saved_path.parent.parent == home / "sessions"
    assert len(saved_path.name) < 100
    assert load(saved_path).data["coachee"] == " ".join(name.split())


def test_a_missing_answer_is_named(coach: Coach, tmp_path: Path, home: Path) -> None:
    data = leader_answers("open every meeting with pupil work, weekly")
    del data["action_steps"][0]["criteria"]["narrow"]  # type: ignore[index]
    result = coach("session", "start", "--answers", str(answers(tmp_path, data)))
    assert result.code == 1
    assert "action_steps[0].criteria.narrow" in result.err and "missing" in result.err
    assert saved(home) == [] and not list(home.rglob("_drafts/*.yaml"))


def test_an_unknown_answer_is_named_with_its_line(coach: Coach, tmp_path: Path) -> None:
    data = leader_answers("open every meeting with pupil work, weekly")
    data["notes"] = {"probing": [{"note": "Not part of the quick flow"}]}
    path = answers(tmp_path, data)
    result = coach("session", "start", "--answers", str(path))
    assert result.code == 1
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "Not part" in t)
    assert f"answers.yaml:{line}: notes.probing[0].note" in result.err
    assert "not used" in result.err


def test_a_wrong_choice_lists_the_right_ones(coach: Coach, tmp_path: Path) -> None:
    data = {**leader_answers("x"), "focus": "team-meeting"}
    result = coach("session", "start", "--answers", str(answers(tmp_path, data)))
    assert result.code == 1
    assert "'team-meeting' is not one of" in result.err and "team-meetings," in result.err
    data = {**leader_answers("x"), "role": "caretaker"}
    result = coach("session", "start", "--answers", str(answers(tmp_path, data)))
    assert result.code == 1 and "no role 'caretaker'" in result.err and "head_teacher" in result.err


def test_a_bad_date_in_answers(coach: Coach, tmp_path: Path) -> None:
    data = leader_answers("open every meeting with pupil work, weekly")
    data["close"] = {"next_meeting": "the 45th"}
    result = coach("session", "start", "--answers", str(answers(tmp_path, data)))
    assert result.code == 1 and "close.next_meeting" in result.err


def test_the_weak_step_is_flagged_and_the_strong_one_is_not(
    coach: Coach, tmp_path: Path, home: Path
) -> None:
    for text, name in ((WEAK, "weak.yaml"), (STRONG, "strong.yaml")):
        path = answers(tmp_path, leader_answers(text), name)
        assert coach("session", "start", "--answers", str(path)).code == 0
    steps = {s["text"]: s for p in saved(home) for s in load(p).data["action_steps"]}
    assert "one_off_task" in steps[WEAK]["hints"]
    assert steps[STRONG]["hints"] == []


@pytest.mark.parametrize(
    ("step", "kind", "hint"),
    [
        ("help him write his plan", "leadership", "one_off_task"),
        ("plan the agenda and then run the meeting each week", "leadership", "several_actions"),
        ("give every colleague a clear next step each week", "leadership", "no_evidence"),
        ("be more engaging", "instructional", "vague"),
        ("use cold calling in period 3 on Thursday", "instructional", "not_transferable"),
    ],
)
def test_each_kind_of_weak_step(
    coach: Coach, tmp_path: Path, home: Path, step: str, kind: str, hint: str
) -> None:
    data = leader_answers(step, kind=kind)
    if kind == "instructional":
        data.update(role="teacher", focus="checking-understanding")
        data["action_steps"][0]["criteria"] = {  # type: ignore[index]
            "highest_leverage": "yes",
            "narrow": "yes",
            "specific": "yes",
            "transferable": "yes",
        }
        del data["action_steps"][0]["unmet"]  # type: ignore[index]  # every criterion met
    assert coach("session", "start", "--answers", str(answers(tmp_path, data))).code == 0
    (path,) = saved(home)
    assert hint in load(path).data["action_steps"][0]["hints"]


def test_list_and_show(coach: Coach, home: Path) -> None:
    assert coach("session", "list").out.startswith("No sessions yet")
    coach("session", "start", "--answers", str(FULL))
    coach("session", "start", "--answers", str(QUICK))
    listed = coach("session", "list")
    assert listed.code == 0
    assert "Priya Shah" in listed.out and "Tom Reid" in listed.out and "done" in listed.out
    rows = json.loads(coach("session", "list", "--json").out)
    assert [r["coachee"] for r in rows] == ["Tom Reid", "Priya Shah"]
    assert rows[1]["focus"] == "team-meetings" and rows[1]["steps"] == 1
    only = json.loads(coach("session", "list", "--coachee", "priya SHAH", "--json").out)
    assert [r["coachee"] for r in only] == ["Priya Shah"]

    shown = coach("session", "show", rows[1]["id"][:-2])
    assert shown.code == 0
    assert "Session 1 with Priya Shah" in shown.out
    assert "open each team meeting" in shown.out
    assert "[private]" in shown.out
    missing = coach("session", "show", "nobody")
    assert missing.code == 1 and "no session" in missing.err
    several = coach("session", "show", "2026")
    assert several.code == 1 and "matches several" in several.err


def test_no_terminal_says_what_to_do(coach: Coach, home: Path) -> None:
    result = coach("session", "start")
    assert result.code == 2
    assert "no terminal" in result.err and "--answers" in result.err
    assert coach("session", "resume").code == 1  # nothing to resume
