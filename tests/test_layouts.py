"""Everyday layouts through the real `coach` command: listings that fit 80 columns
without cutting what a coach needs (a long focus wraps, a long name is shortened in
its middle, two people never look like one), the brief on one screen (and `--full`),
labels in place of ids, and a time typed in words dated with the day it was written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from coachcli.records.yamlio import dumps, load
from tests.conftest import Coach, person_dir
from tests.test_coaching import FULL

REPO = Path(__file__).resolve().parents[1]
QUICK = REPO / "examples" / "answers-quick.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMITH = "Christopher Alexander Montgomery-Smith"
JONES = "Christopher Alexander Montgomery-Jones"
FOCUS = "Checks for understanding before moving on"
SECOND_STEP = "invite a quieter colleague to open the discussion of pupil work"


def start(coach: Coach, tmp_path: Path, data: dict[str, Any], now: str) -> str:
    """A session from answers ``data`` on day ``now``; its id."""
    path = tmp_path / "answers.yaml"
    path.write_text(dumps(data), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_NOW", now)
        result = coach("session", "start", "--answers", str(path))
    assert result.code == 0, result.err
    found = re.search(r"^id: (\S+)", result.out, re.M)
    assert found is not None
    return found.group(1)


def quick(name: str, **more: Any) -> dict[str, Any]:
    data = load(QUICK).data
    data["coachee"] = name
    data.update(more)
    return data


def crowd(coach: Coach, tmp_path: Path, home: Path) -> None:
    """Two long names alike but for their end, and two people called Sam Jones."""
    for name in (SMITH, JONES, "Sam Jones", "Sam Jones (Y4)"):
        start(coach, tmp_path, quick(name), "2026-11-02T09:00:00+00:00")
    (second,) = list(person_dir(home, "sam-jones-y4").glob("*.yaml"))
    text = second.read_text(encoding="utf-8")
    second.write_text(text.replace("coachee: Sam Jones (Y4)", "coachee: Sam Jones"))


def two_steps() -> dict[str, Any]:
    """The full example with a second step: two open steps, a goal, evidence to collect."""
    data = load(FULL).data
    first = data["action_steps"][0]
    data["action_steps"].append(
        {
            "text": SECOND_STEP,
            "criteria": dict(first["criteria"]),
            "practice": {**first["practice"], "when": "This Thursday's phase meeting"},
        }
    )
    return data


def rows(out: str, *names: str) -> list[str]:
    return [line for line in out.splitlines() if any(name in line for name in names)]


# --- listings ------------------------------------------------------------------------


def test_the_session_list_keeps_each_focus_whole_and_each_person_distinct_at_80_and_120(
    coach: Coach, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crowd(coach, tmp_path, home)
    monkeypatch.setenv("COLUMNS", "80")
    narrow = coach("session", "list")
    assert narrow.code == 0, narrow.err
    lines = narrow.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Runs te…" not in narrow.out and "…" not in "".join(rows(narrow.out, "focus:"))
    assert len(rows(narrow.out, f"focus: {FOCUS}")) == 4, "the focus whole, under its row"
    people = [line.split("  ")[1].strip() for line in lines if line.startswith("2026-")]
    assert len(set(people)) == 4, people
    assert all(p.startswith(("Christopher", "Sam Jones")) for p in people), people
    ids = re.findall(r"\((p[0-9a-f]{10})\)", narrow.out)
    assert len(set(ids)) == 2, "each Sam Jones with their id, which can be typed"
    assert all(coach("followup", i).code == 0 for i in ids)

    monkeypatch.setenv("COLUMNS", "120")
    wide = coach("session", "list").out
    assert max(len(line) for line in wide.splitlines()) <= 120
    assert "focus:" not in wide and len(rows(wide, FOCUS)) == 4, "the focus in its column"
    assert len(rows(wide, "Christopher")) == 2


def test_a_long_focus_wraps_in_its_column_rather_than_being_cut(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start(coach, tmp_path, load(FULL).data, "2026-11-02T09:00:00+00:00")
    monkeypatch.setenv("COLUMNS", "90")
    listed = coach("session", "list").out
    lines = listed.splitlines()
    row = next(i for i, line in enumerate(lines) if "Priya Shah" in line)
    assert "Runs team meetings" in lines[row] and "…" not in listed
    rest = lines[row + 1].strip()
    assert rest and "Runs team meetings that improve teaching".endswith(" " + rest)
    assert lines[row + 1].index(rest) == lines[row].index("Runs team"), "under itself"
    assert max(len(line) for line in lines) <= 90


def test_the_dashboard_never_shows_two_people_as_one(
    coach: Coach, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crowd(coach, tmp_path, home)
    monkeypatch.setenv("COACH_NOW", "2026-11-05T09:00:00+00:00")
    for columns in ("80", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        board = coach("followup")
        assert board.code == 0, board.err
        assert max(len(line) for line in board.out.splitlines()) <= int(columns)
        long = [line.split("  ")[0] for line in rows(board.out, "Christopher")]
        assert len(long) == 2 and long[0] != long[1], long
        assert {name[-5:] for name in long} == {"Smith", "Jones"}, "the surnames' ends stay"
        if columns == "120":
            assert set(long) == {SMITH, JONES}, "whole when there is room"
        else:
            assert all("…" in name for name in long), "shortened in the middle"
        sams = [line.split("  ")[0] for line in rows(board.out, "Sam Jones")]
        assert len(set(sams)) == 2 and all(re.search(r"\(p[0-9a-f]{10}\)", s) for s in sams)


# --- the brief -----------------------------------------------------------------------


def test_the_brief_of_two_steps_fits_one_screen_and_full_shows_the_same(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start(coach, tmp_path, two_steps(), "2026-11-02T09:00:00+00:00")
    monkeypatch.setenv("COACH_NOW", "2026-11-20T09:00:00+00:00")
    for columns in ("80", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        brief = coach("followup", "priya")
        assert brief.code == 0, brief.err
        lines = brief.out.splitlines()
        assert len(lines) <= 23 and max(len(line) for line in lines) <= int(columns)
        assert coach("followup", "priya", "--full").out == brief.out, "nothing left out"
    text = " ".join(brief.out.split())
    assert "Open action steps: Priya will be able to …" in text
    assert "1. open each team meeting" in text and f"2. {SECOND_STEP}" in text
    assert "Ask two team members" in text and "Celebrated last time" in text


def test_a_brief_written_to_a_file_is_whole_however_long(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a terminal: nothing is left out (a terminal's screen is tests/test_layouts'
    last tests)."""
    long_brief(coach, tmp_path, monkeypatch)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    brief = coach("followup", "priya").out
    assert len(brief.splitlines()) > 24
    assert "history:" in brief and "Celebrated last time" in brief
    assert "Shortened" not in brief


def long_brief(coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sessions and progress recorded between: more than one screen in full."""
    start(coach, tmp_path, load(FULL).data, "2026-11-02T09:00:00+00:00")
    second = {
        "format_version": 1,
        "coachee": "Priya Shah",
        "goal_now": "2 in 6, asked after the last two meetings",
        "followup": [{"status": "practising", "evidence": "Practised twice."}],
        "evidence": [
            {
                "source": "interview",
                "seen": "Ask two team members what they take away from meetings.",
                "to_collect": "yes",
                "collector": "Priya",
                "due": "2026-12-04",
            }
        ],
        "action_steps": [
            {
                "text": SECOND_STEP,
                "criteria": dict(load(FULL).data["action_steps"][0]["criteria"]),
                "practice": {
                    "place": "team_meeting",
                    "when": "This Thursday's phase meeting",
                    "observer": "Dan Evans",
                    "feedback": "Five minutes after the meeting",
                    "due": "2026-11-26",
                },
            }
        ],
        "close": {"strengths": "Waited for two colleagues.", "next_meeting": "+14"},
    }
    start(coach, tmp_path, second, "2026-11-16T09:00:00+00:00")
    monkeypatch.setenv("COACH_NOW", "2026-11-19T09:00:00+00:00")
    path = tmp_path / "record.yaml"
    seen = "Opened Tuesday's meeting with books; ten minutes on the criterion, all looked."
    steps = [
        {"status": "practising", "evidence": seen, "reflection": "Harder to stay quiet."},
        {"status": "not_started"},
    ]
    path.write_text(dumps({"steps": steps}), encoding="utf-8")
    assert coach("followup", "priya", "--record", "--answers", str(path)).code == 0
    monkeypatch.setenv("COACH_NOW", "2026-11-20T09:00:00+00:00")


# --- labels and dated words ----------------------------------------------------------


def test_session_show_names_every_id_by_its_label_from_an_old_file_too(
    coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A format-1 file saved no labels: they come from the workspace's frameworks, and
    an id the frameworks no longer have is shown as itself, made readable."""
    assert coach("init", str(home)).code == 0
    shutil.copytree(FIXTURES / "format-1" / "sessions", home / "sessions", dirs_exist_ok=True)
    monkeypatch.setenv("COLUMNS", "120")
    shown = coach("session", "show", "priya-shah-713a")
    assert shown.code == 0, shown.err
    for label in (
        "Full coaching conversation",
        "leadership coaching",
        "Connected to evidence",
        "A team meeting they lead",
    ):
        assert label in shown.out, label
    assert not re.search(r"\b(team_meeting|meeting_observation|phase_leader)\b", shown.out)
    brief = " ".join(coach("followup", "priya").out.split())
    assert "practise: Team meeting ·" in brief, "from the index: the id made readable"
    bar = home / "frameworks" / "flows.yaml"
    bar.write_text(bar.read_text().replace("title: Full coaching conversation", "title: Long"))
    assert "Long" in coach("session", "show", "priya-shah-713a").out, "the school's words now"


def test_a_weak_step_hint_is_named_by_its_message_not_its_rule(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = two_steps()
    data["action_steps"][1]["text"] = "write the agenda for the next team meeting"
    session = start(coach, tmp_path, data, "2026-11-02T09:00:00+00:00")
    monkeypatch.setenv("COLUMNS", "200")
    shown = coach("session", "show", session).out
    assert "hints shown: This reads like a one-off task" in shown, shown
    assert not re.search(r"one.off.task\b(?! ?\w)", shown.replace("a one-off task", ""))


def test_a_time_typed_in_words_shows_the_day_it_was_written_on_a_later_day(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = two_steps()
    data["evidence"][1]["seen"] = "Ask two team members after next week's meeting."
    session = start(coach, tmp_path, data, "2026-11-02T09:00:00+00:00")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("COACH_NOW", "2026-11-02T17:00:00+00:00")
    same_day = coach("followup", "priya").out + coach("session", "show", session).out
    assert "Next Tuesday's Year 3/4 team meeting ·" in same_day and "written" not in same_day
    monkeypatch.setenv("COACH_NOW", "2026-11-23T09:00:00+00:00")
    brief = coach("followup", "priya").out
    assert "Next Tuesday's Year 3/4 team meeting (written Mon 2 Nov) ·" in brief
    assert "This Thursday's phase meeting (written Mon 2 Nov)" in brief
    assert "after next week's meeting. (written Mon 2 Nov)" in brief, "relative words"
    assert "Celebrated last time: Clear sense of what she wants meetings to be for." in brief
    shown = coach("session", "show", session).out
    assert "Next Tuesday's Year 3/4 team meeting (written Mon 2 Nov)" in shown
    monkeypatch.setenv("COACH_NOW", "2027-01-11T09:00:00+00:00")
    assert "(written Mon 2 Nov 2026)" in coach("followup", "priya").out, "another year"


def test_a_plan_carried_unchanged_keeps_the_day_it_was_first_written(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quick conversation has no practice stage: an open step keeps its plan, and
    the brief dates its "when" from the session where it was typed."""
    start(coach, tmp_path, load(FULL).data, "2026-11-02T09:00:00+00:00")
    later = {
        "format_version": 1,
        "coachee": "Priya Shah",
        "flow": "quick",
        "close": {"next_meeting": "+14"},
    }
    start(coach, tmp_path, later, "2026-11-16T09:00:00+00:00")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("COACH_NOW", "2026-11-16T10:00:00+00:00")
    brief = coach("followup", "priya")
    assert brief.code == 0, brief.err
    assert "2 sessions" in brief.out
    assert "Next Tuesday's Year 3/4 team meeting (written Mon 2 Nov)" in brief.out
    assert brief.out.count("(written") == 1


# --- on a real 80x24 terminal (tests/test_screen.py's Screen) ------------------------


def screen(home: Path, *args: str) -> list[str]:
    """What `coach ARGS` leaves on an 80x24 terminal once it has ended."""
    import pexpect  # here: a module that imports it is all marked slow

    from tests.test_screen import Screen

    s = Screen(home, *args)
    s.child.expect(pexpect.EOF)
    s.stream.feed(s.child.before)
    return [line.rstrip() for line in s.screen.display]


@pytest.mark.slow
def test_on_a_terminal_a_long_brief_keeps_what_matters_and_full_shows_the_rest(
    coach: Coach, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_brief(coach, tmp_path, monkeypatch)
    shown = screen(home, "followup", "priya")
    text = "\n".join(shown)
    assert shown[0].startswith("Priya Shah · Phase leader · 2 sessions"), "the top stays"
    assert "Next meeting:" in shown[1] and "Focus: Runs team meetings" in text
    assert "1. open each team meeting" in text and f"2. {SECOND_STEP}" in text
    assert "since last time: Opened Tuesday's meeting" in text
    assert "Ask two team members" in text, "evidence to collect is never what goes"
    assert "history:" not in text, "history gives way first"
    assert [line for line in shown if line][-1] == (
        "Shortened to fit the screen: add --full to see it all."
    )
    assert shown[-1] == "", "room for the prompt after it"
    full = "\n".join(screen(home, "followup", "priya", "--full"))
    assert "history:" in full and "Celebrated last time" in full
    assert "Shortened" not in full


@pytest.mark.slow
def test_on_a_terminal_the_brief_of_two_steps_is_whole_on_one_screen(
    coach: Coach, tmp_path: Path, home: Path
) -> None:
    start(coach, tmp_path, two_steps(), "2026-11-02T09:00:00+00:00")
    shown = screen(home, "followup", "priya")
    text = "\n".join(shown)
    assert shown[0].startswith("Priya Shah · Phase leader · 1 session")
    assert "Shortened" not in text and "Celebrated last time" in text
    assert "(written Mon 2 Nov)" in text, "seen four weeks later"
    assert sum(1 for line in shown if line) <= 23


@pytest.mark.slow
def test_on_a_terminal_the_dashboard_and_the_list_fit_and_tell_people_apart(
    coach: Coach, tmp_path: Path, home: Path
) -> None:
    crowd(coach, tmp_path, home)
    start(coach, tmp_path, load(FULL).data, "2026-11-02T09:00:00+00:00")
    board = screen(home, "followup")
    names = [line.split("  ")[0] for line in board if line.startswith(("Chris", "Sam", "Pri"))]
    assert len(names) == 5 and len(set(names)) == 5, board
    assert any(line.startswith("coach followup NAME") for line in board)
    listed = screen(home, "session", "list")
    assert sum(1 for line in listed if "focus: " in line) == 5
    assert any("focus: Runs team meetings that improve teaching" in line for line in listed)
    ids = [line.split()[-1] for line in listed if line.startswith("2026-")]
    assert len(ids) == 5 and all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{4}", i) for i in ids)


@pytest.mark.slow
def test_on_a_terminal_evidence_due_soon_stays_when_the_steps_do_not_fit(
    coach: Coach, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four open steps with their plans fill more than a screen: the last steps' lines
    give way, never the evidence to collect, which has a date."""
    long_brief(coach, tmp_path, monkeypatch)
    more = {
        "format_version": 1,
        "coachee": "Priya Shah",
        "followup": [{"status": "practising"}, {"status": "practising"}],
        "action_steps": [
            {
                "text": f"{words} in every phase meeting this half term, with the agenda sent"
                " two days before and the pupil work chosen with the year leads",
                "criteria": dict(load(FULL).data["action_steps"][0]["criteria"]),
                "practice": {
                    "place": "team_meeting",
                    "when": "At the next phase meeting after the assessment window closes",
                    "observer": "Dan Evans",
                    "feedback": "The same afternoon, in person, for five minutes",
                    "due": "2026-12-10",
                },
            }
            for words in ("open with a question about pupil work", "close with one agreed action")
        ],
        "evidence": [
            {
                "source": "interview",
                "seen": "Ask two team members what they take away from meetings.",
                "to_collect": "yes",
                "collector": "Priya",
                "due": "2026-12-01",
            }
        ],
        "close": {"next_meeting": "+14"},
    }
    start(coach, tmp_path, more, "2026-11-19T09:00:00+00:00")
    shown = screen(home, "followup", "priya")
    text = "\n".join(shown)
    assert "Ask two team members" in text and "Evidence still to collect" in text
    assert [line for line in shown if line][-1].startswith("Shortened to fit the screen")
