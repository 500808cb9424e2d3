"""Follow-up between meetings: the dashboard, the brief, recorded progress and carrying."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from coachcli.records.yamlio import dumps, load
from coachcli.ui.prompts import TerminalAsker
from tests.conftest import Coach, person_dir

STEP_1 = "open each team meeting with ten minutes looking at pupil work, every week"
STEP_2 = "invite a quieter colleague to open the pupil-work discussion at each meeting"
LEADER_CRITERIA = {
    "highest_leverage": "yes",
    "narrow": "yes",
    "evidence": "yes",
    "transferable": "yes",
}


def run_session(
    coach: Coach,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    now: str,
    data: dict[str, object],
) -> None:
    monkeypatch.setenv("COACH_NOW", now)
    path = tmp_path / "answers.yaml"
    path.write_text(dumps(data))
    result = coach("session", "start", "--answers", str(path))
    assert result.code == 0, result.err


def first_session(
    coach: Coach,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str = "Priya Shah",
    now: str = "2026-11-02T09:00:00+00:00",
    due: str = "2026-11-20",
    next_meeting: str = "2026-11-23",
) -> None:
    run_session(
        coach,
        tmp_path,
        monkeypatch,
        now,
        {
            "coachee": name,
            "role": "phase_leader",
            "focus": "team-meetings",
            "evidence": [
                {"source": "interview", "seen": "Ask two colleagues", "to_collect": "yes"}
            ],
            "action_steps": [
                {
                    "text": STEP_1,
                    "criteria": LEADER_CRITERIA,
                    "practice": {
                        "place": "team_meeting",
                        "when": "Tuesday",
                        "observer": "me",
                        "feedback": "same afternoon",
                        "due": due,
                    },
                }
            ],
            "close": {
                "strengths": "Clear about what meetings are for",
                "next_meeting": next_meeting,
            },
        },
    )


def record(
    coach: Coach,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    now: str,
    name: str,
    steps: list[dict[str, str]],
) -> str:
    monkeypatch.setenv("COACH_NOW", now)
    path = tmp_path / "record.yaml"
    path.write_text(dumps({"steps": steps}))
    result = coach("followup", name, "--record", "--answers", str(path))
    assert result.code == 0, result.err
    return result.out


def test_three_sessions_with_progress_between_them(
    coach: Coach, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_session(coach, tmp_path, monkeypatch)
    record(
        coach,
        tmp_path,
        monkeypatch,
        "2026-11-10T16:00:00+00:00",
        "priya",
        [
            {
                "status": "practising",
                "evidence": "observed the team meeting on Tuesday",
                "reflection": "I talk over quieter colleagues",
            },
        ],
    )
    monkeypatch.setenv("COACH_NOW", "2026-11-12T08:00:00+00:00")
    monkeypatch.setenv("COLUMNS", "80")
    brief = coach("followup", "PRIYA shah")
    assert brief.code == 0, brief.err
    assert "practising" in brief.out and "observed the team meeting on Tuesday" in brief.out
    assert "due Fri 20 Nov (in 8 days)" in brief.out
    assert "Ask two colleagues" in brief.out  # evidence still to collect
    assert "Clear about what meetings are for" in brief.out  # celebrated last time
    assert all(len(line) <= 80 for line in brief.out.splitlines()), "fits 80 columns"

    # Session 2: the follow-up stage starts from what was recorded; a second step joins.
    run_session(
        coach,
        tmp_path,
        monkeypatch,
        "2026-11-23T09:00:00+00:00",
        {
            "coachee": "Priya Shah",
            "focus": "team-meetings",
            "followup": [
                {
                    "status": "practising",
                    "evidence": "practised twice, observed once",
                    "reflection": "she talks over quieter colleagues",
                    "practice": {"when": "next two meetings", "due": "2026-12-04"},
                }
            ],
            "action_steps": [
                {
                    "text": STEP_2,
                    "criteria": LEADER_CRITERIA,
                    "practice": {
                        "place": "team_meeting",
                        "when": "weekly",
                        "observer": "me",
                        "feedback": "after",
                        "due": "2026-12-10",
                    },
                }
            ],
            "close": {"next_meeting": "2026-12-07"},
        },
    )
    second = load(sorted(person_dir(home, "priya-shah").glob("2026-11-23-*.yaml"))[0]).data
    first_id = second["follows"]
    assert second["number"] == "2" and first_id
    carried, new = second["action_steps"]
    assert carried["text"] == STEP_1 and carried["carried_from"] == first_id
    assert carried["started_in"] == first_id and carried["status"] == "practising"
    assert new["text"] == STEP_2 and new["status"] == "not_started"

    record(
        coach,
        tmp_path,
        monkeypatch,
        "2026-12-01T16:00:00+00:00",
        "priya",
        [
            {"status": "achieved", "evidence": "ran the whole meeting on pupil work"},
            {
                "status": "practising",
                "evidence": "Sam opened the discussion",
                "reflection": "waiting is hard",
            },
        ],
    )
    record(
        coach,
        tmp_path,
        monkeypatch,
        "2026-12-02T16:00:00+00:00",
        "priya",
        [
            {"status": "practising", "evidence": "Jo opened it this week"},  # the one still open
        ],
    )
    progress = sorted((person_dir(home, "priya-shah") / "progress").glob("*.yaml"))
    assert len(progress) == 3, "every record is kept; none overwrites another"

    monkeypatch.setenv("COACH_NOW", "2026-12-03T08:00:00+00:00")
    brief = coach("followup", "priya")
    assert STEP_2.split(",")[0][:40] in brief.out.replace("\n   ", " ")
    assert "open each team meeting" not in brief.out, "an achieved step is no longer open"
    assert "Jo opened it this week" in brief.out  # the later record wins
    assert "set in session 2" in brief.out

    # Session 3 through the real prompts: the follow-up stage shows the open step with
    # what was recorded, pre-filled, and Enter keeps it.
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        person = lambda: TerminalAsker(  # noqa: E731 - the person at the terminal
            Console(file=screen, width=100), input=pipe, output=DummyOutput()
        )
        monkeypatch.setenv("COACH_NOW", "2026-12-07T09:00:00+00:00")
        pipe.send_text(
            "1\r"
            "\r"
            "1\r"  # Priya; kind; focus
            "\r"
            "\r"  # their goal and a pupil measure: none said
            "n\r"  # rapport
            "\r"
            "\r"
            "\r"
            "\r"
            "n\r"  # follow-up: status, evidence, feedback, reflection as recorded
            + "n\r"
            * 3  # listening, probing, challenging
            + "n\r"
            "n\r"  # evidence, action steps
            "\r"  # no rehearsal now
            "\x15next meeting\r"
            "\r"
            "n\r"  # practice for the carried step: when, due
            "\r"
            "\r"
            "\r"
            "n\r"  # close
            "\r"  # no reflection now
        )
        result = coach("session", "start", terminal=person)
    assert result.code == 0, result.err
    shown = screen.getvalue()
    assert STEP_2 in shown.replace("\n", " ")
    assert "recorded: practising" in shown
    assert "open each team meeting" not in shown
    third = load(sorted(person_dir(home, "priya-shah").glob("2026-12-07-*.yaml"))[0]).data
    assert third["number"] == "3"
    (review,) = third["followup"]
    assert review == {
        "step": new["id"],
        "status": "practising",
        "evidence": "Jo opened it this week",
        "reflection": "waiting is hard",
    }
    (step,) = third["action_steps"]
    assert step["id"] == new["id"] and step["started_in"] == second["id"]


def test_dashboard_orders_overdue_then_due_then_later(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_session(
        coach, tmp_path, monkeypatch, "Later Lee", due="2026-12-30", next_meeting="2026-12-31"
    )
    first_session(
        coach, tmp_path, monkeypatch, "Overdue Olu", due="2026-11-28", next_meeting="2026-12-20"
    )
    first_session(
        coach, tmp_path, monkeypatch, "Due Dana", due="2026-12-04", next_meeting="2026-12-08"
    )
    first_session(
        coach, tmp_path, monkeypatch, "Very Overdue Vi", due="2026-11-20", next_meeting="2026-11-25"
    )
    monkeypatch.setenv("COACH_NOW", "2026-12-01T12:00:00+00:00")
    rows = json.loads(coach("followup", "--json").out)
    assert [r["coachee"] for r in rows] == [
        "Very Overdue Vi",
        "Overdue Olu",
        "Due Dana",
        "Later Lee",
    ]
    assert [r["state"] for r in rows] == ["overdue", "overdue", "due", "later"]
    assert rows[0]["overdue_steps"] == 1 and rows[2]["due_steps"] == 1
    assert rows[0]["days_since_last_seen"] == 29
    table = coach("followup")
    assert table.code == 0
    assert table.out.index("Very Overdue Vi") < table.out.index("Later Lee")
    assert "29 days ago" in table.out


@pytest.mark.parametrize(
    ("now", "expect"),
    [
        ("2026-11-19T23:59:00+13:00", "(tomorrow)"),  # late evening in New Zealand
        ("2026-11-20T00:01:00-08:00", "(today)"),  # just after midnight in California
        ("2026-11-20T23:59:59+00:00", "(today)"),
        ("2026-11-21T00:00:01+00:00", "(1 day overdue)"),
    ],
)
def test_dates_relative_to_the_local_day(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: str, expect: str
) -> None:
    first_session(coach, tmp_path, monkeypatch, due="2026-11-20")
    monkeypatch.setenv("COACH_NOW", now)
    brief = coach("followup", "priya")
    assert f"due Fri 20 Nov {expect}" in brief.out


def test_names_are_forgiving_and_unknown_names_suggest(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_session(coach, tmp_path, monkeypatch, "Siobhán O'Neill")
    first_session(coach, tmp_path, monkeypatch, "Sam Jones")
    for typed in ("siobhan o'neill", "SIOBHAN", "o'neill", "Siobhán O'Neill"):
        result = coach("followup", typed)
        assert result.code == 0, (typed, result.err)
        assert result.out.startswith("Siobhán O'Neill")
    unknown = coach("followup", "Siobhan ONeal")
    assert unknown.code == 1
    assert "no one called" in unknown.err and "Siobhán O'Neill" in unknown.err
    ambiguous = coach("followup", "s")
    assert ambiguous.code == 1 and "could be" in ambiguous.err


def test_recording_through_the_prompts_keeps_earlier_records(
    coach: Coach, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_session(coach, tmp_path, monkeypatch)
    said = (("10", "observed Tuesday", "praise first"), ("12", "observed Thursday", ""))
    for day, evidence, feedback in said:
        monkeypatch.setenv("COACH_NOW", f"2026-11-{day}T16:00:00+00:00")
        with create_pipe_input() as pipe:
            # status, what was seen (Ctrl-U clears the earlier answer), the feedback given
            # after the observation (the earlier one cleared too), what they learned
            pipe.send_text(f"2\r\x15{evidence}\r\x15{feedback}\rfine\r")
            result = coach(
                "followup",
                "Priya",
                "--record",
                terminal=lambda pipe=pipe: TerminalAsker(
                    Console(file=io.StringIO()), input=pipe, output=DummyOutput()
                ),
            )
        assert result.code == 0, result.err
    records = sorted((person_dir(home, "priya-shah") / "progress").glob("*.yaml"))
    assert [load(p).data["steps"][0]["evidence"] for p in records] == [
        "observed Tuesday",
        "observed Thursday",
    ]
    assert [load(p).data["steps"][0].get("feedback") for p in records] == ["praise first", None]
    assert coach("followup", "--record").code == 1
    assert "no terminal" in coach("followup", "priya", "--record").err


def test_an_empty_workspace(coach: Coach) -> None:
    assert "Nobody coached here yet" in coach("followup").out
    assert coach("followup", "--json").out.strip() == "[]"
    assert coach("followup", "anyone").code == 1
