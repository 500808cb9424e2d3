"""`coach reflect`: the coach looks back at their own practice, through the real `coach`
command, and nothing of it reaches a coachee or outlives a forgotten person."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pexpect
import pytest

from coachcli.records.yamlio import dumps, load
from coachcli.store import crypto
from tests.conftest import Coach
from tests.test_encryption import encrypted_workspace, keeping_secrets
from tests.test_screen import Screen
from tests.test_terminal import COACH, TEACHER, answer

CANARY = "CANARY-reflection-9d2e"
PERSON = "Zanele Okafor"


def session_answers(
    tmp_path: Path, reflection: dict[str, Any] | None = None, name: str = PERSON
) -> Path:
    """A quick session with one question from the bank, one open and one closed
    question of the coach's own, a step kept with a reason and the coachee's summary."""
    data: dict[str, Any] = {
        "format_version": 1,
        "coachee": name,
        "role": "phase_leader",
        "flow": "quick",
        "focus": "team-meetings",
        "notes": {
            "checkin": [
                {"prompt": "What has gone well since we last met?", "note": "Pupil work."},
                {"prompt": "How did the team respond?", "note": "Quietly keen."},
                {"prompt": "Did you enjoy it?", "note": "Yes."},
                {"prompt": "So, the agenda?", "note": "Notices first."},
                {"note": "A note with no question."},
            ]
        },
        "action_steps": [
            {
                "text": "open each team meeting with ten minutes looking at pupil work"
                " against one agreed success criterion",
                "criteria": {
                    "highest_leverage": "yes",
                    "narrow": "yes",
                    "evidence": "no",
                    "transferable": "yes",
                },
                "unmet": [{"choice": "keep", "reason": "the evidence comes next week"}],
            }
        ],
        "close": {"coachee_summary": "Pupil work first.", "next_meeting": "fri"},
    }
    if reflection is not None:
        data["reflection"] = reflection
    path = tmp_path / f"session-{len(list(tmp_path.glob('session-*')))}.yaml"
    path.write_text(dumps(data), encoding="utf-8")
    return path


def reflection_answers(tmp_path: Path, **ratings: int | str) -> Path:
    """``coach reflect --answers``: the given skills rated, the rest skipped."""
    skills = {skill: {"rating": value} for skill, value in ratings.items()}
    path = tmp_path / f"reflect-{len(list(tmp_path.glob('reflect-*')))}.yaml"
    path.write_text(dumps({"reflection": {"skills": skills, "next": "More summaries"}}))
    return path


def reflections(home: Path) -> list[Path]:
    return sorted((home / "sessions" / "_reflections").glob("*.reflection.yaml"))


def read(path: Path) -> dict[str, Any]:
    """A reflection file's data with its numbers as numbers (the model reads them)."""
    from coachcli.store.reflections import read as read_reflection

    return read_reflection(path, None).to_data()


def one_reflection(home: Path) -> dict[str, Any]:
    (path,) = reflections(home)
    return read(path)


def rated(data: dict[str, Any], group: str, item: str) -> dict[str, Any]:
    found = next(r for r in data[group] if r["id"] == item)
    assert isinstance(found, dict)
    return found


# --- at the close of a session, from an answers file -----------------------------------


def test_a_reflection_at_the_close_of_a_session_from_an_answers_file(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    coach("init", str(home))
    reflection = {
        "offer": "yes",
        "qualities": {"belief_in_colleagues": {"rating": 3, "note": "Held back my answer."}},
        "skills": {"listening": {"rating": "partly", "note": "I talked too much."}},
        "next": "Use more summaries",
    }
    result = coach("session", "start", "--answers", str(session_answers(tmp_path, reflection)))
    assert result.code == 0, result.err
    assert "Saved your reflection" in result.out
    data = one_reflection(home)
    session_id = result.out.split("id: ")[1].split()[0]
    assert data["session"] == session_id and data["format_version"] == 1
    assert rated(data, "skills", "listening") == {
        "id": "listening",
        "name": "Listening for meaning",
        "rating": 2,
        "note": "I talked too much.",
    }
    assert rated(data, "qualities", "belief_in_colleagues")["rating"] == 3
    assert "rating" not in rated(data, "skills", "rapport"), "not answered: skipped"
    assert data["next"] == "Use more summaries"
    assert data["scale"] == ["Not yet", "Partly", "Mostly", "Strongly"]
    evidence = data["evidence"]
    # one from the bank and "How…" open, "Did…" closed, "So, …" not judged
    assert evidence["questions"] == {
        "from_banks": 1,
        "own_open": 1,
        "own_closed": 1,
        "own_unsure": 1,
    }
    assert evidence["own_summary"] is True and evidence["own_goal"] is False
    assert (evidence["steps"], evidence["steps_met"], evidence["steps_kept"]) == (1, 0, 1)
    assert evidence["rehearsal"] is False
    assert {"id": "rapport", "name": "Establishing rapport and trust", "notes": 5} in evidence[
        "notes_by_skill"
    ]
    text = reflections(home)[0].read_text(encoding="utf-8")
    assert PERSON not in text and "Zanele" not in text, "a coachee only by session id"
    assert oct(reflections(home)[0].stat().st_mode & 0o777) == "0o600"


def test_no_yes_means_no_reflection_and_unused_ratings_are_named(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    coach("init", str(home))
    assert coach("session", "start", "--answers", str(session_answers(tmp_path))).code == 0
    assert not (home / "sessions" / "_reflections").exists()
    unused = session_answers(tmp_path, {"skills": {"listening": {"rating": 2}}}, name="Sam Lee")
    result = coach("session", "start", "--answers", str(unused))
    assert result.code == 1 and "Saved session 1 with Sam Lee" in result.out
    assert "reflection.skills.listening.rating: this answer was not used" in result.err
    assert not (home / "sessions" / "_reflections").exists()


def test_a_rating_off_the_scale_is_one_line(coach: Coach, home: Path, tmp_path: Path) -> None:
    coach("init", str(home))
    assert coach("session", "start", "--answers", str(session_answers(tmp_path))).code == 0
    result = coach("reflect", "--answers", str(reflection_answers(tmp_path, listening=7)))
    assert (
        result.code == 1 and "reflection.skills.listening.rating: '7' is not one of" in result.err
    )
    result = coach("reflect", "--answers", str(reflection_answers(tmp_path, mentoring=2)))
    assert "reflection.skills.mentoring.rating: this answer was not used" in result.err
    assert not reflections(home)


# --- on its own, in a real terminal ------------------------------------------------------


def test_coach_reflect_on_its_own_in_a_real_terminal_at_80_columns(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    coach("init", str(home))
    assert coach("session", "start", "--answers", str(session_answers(tmp_path))).code == 0
    s = Screen(home, "reflect")
    shown = s.wait("Skip this one")
    assert all(len(line) <= 80 for line in shown)
    screen = "\n".join(shown)
    for seen in (
        f"What the record shows: session 1 with {PERSON}",
        "Recorded, by skill: rapport (5), prompting (1), celebrating (1)",
        "Open questions: 2 of 3 (1 from the banks); 1 of your own not judged",
        "Steps: 0 of 1 met every criterion, 1 kept with a reason",
        "Open: questions picked from the banks, and your own that begin what, how, why",
        "1 of 9 · quality: A desire to make a difference to pupil learning",
        "How well did the conversation keep coming back to pupils' learning",
    ):
        assert seen in screen, seen
    s.send("4\r")
    answer(s.child, "A note to yourself", "Pupils in every answer\r")
    for _ in range(4):  # the rest of the qualities and rapport: Enter skips
        answer(s.child, "Skip this one", "\r")
    answer(s.child, "5 of 9 · skill: Establishing rapport and trust", "")
    answer(s.child, "6 of 9 · skill: Listening for meaning", "1\r")
    answer(s.child, "A note to yourself", "I talked over her\r")
    for _ in range(3):
        answer(s.child, "Skip this one", "\r")
    answer(s.child, "One thing to work on", "Summarise before asking\r")
    s.child.expect_exact("Saved your reflection")
    s.child.expect(pexpect.EOF)
    data = one_reflection(home)
    assert rated(data, "qualities", "pupil_learning")["note"] == "Pupils in every answer"
    assert rated(data, "skills", "listening")["rating"] == 1
    assert data["next"] == "Summarise before asking"
    assert data["reflected"].startswith("2026-11-30T09:00:00")


def test_the_close_offer_is_no_on_enter_and_yes_on_y(home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "COACH_HOME": str(home), "PROMPT_TOOLKIT_NO_CPR": "1"}
    for key, made, name in (("\r", 0, "Tom Reid"), ("y\r", 1, "Ann Cole")):
        child = pexpect.spawn(
            COACH,
            ["session", "start", "--flow", "quick", "--role", "teacher", "--coachee", name],
            env=env,
            encoding="utf-8",
            timeout=20,
        )
        answer(child, "Kind of coaching", "\r")
        answer(child, "Which item of the bar is in focus?", "1\r")
        answer(child, "take a note, or move on", "n\r")
        answer(child, "Action steps", "a\r")
        answer(child, "will be able to", "use mini whiteboards to check every pupil\r")
        for criterion in TEACHER:
            answer(child, f"{criterion}:", "y\r")
        answer(child, "Action steps", "n\r")
        answer(child, "Strengths you noticed", "\r")
        answer(child, "own summary", "\r")
        answer(child, "Next meeting", "\r")
        answer(child, "All done?", "n\r")
        answer(child, "Reflect on your own practice now (private to you)?", "")
        answer(child, "(y/N, then Enter)", key)
        if made:
            answer(child, "1 of 9", "\x03")  # Ctrl-C at once: nothing given, nothing kept
            child.expect_exact("no reflection was saved")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == (130 if made else 0)
        assert not reflections(home)
    child = pexpect.spawn(COACH, ["reflect", "--general"], env=env, encoding="utf-8", timeout=20)
    answer(child, "1 of 9", "3\r")
    answer(child, "A note to yourself", "half a thou")
    child.send("\x03")  # what was typed is kept
    child.expect_exact("what you gave so far is kept")
    child.expect(pexpect.EOF)
    data = one_reflection(home)
    assert rated(data, "qualities", "pupil_learning") == {
        "id": "pupil_learning",
        "name": "A desire to make a difference to pupil learning",
        "rating": 3,
        "note": "half a thou",
    }
    assert "session" not in data and "evidence" not in data


# --- over time: the history and the export for supervision ------------------------------


def reflect_on(
    coach: Coach, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, day: str, **ratings: int
) -> None:
    monkeypatch.setenv("COACH_NOW", f"{day}T16:00:00+00:00")
    result = coach(
        "reflect", "--general", "--answers", str(reflection_answers(tmp_path, **ratings))
    )
    assert result.code == 0, result.err


def test_history_draws_each_trend_in_80_columns(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    assert "No reflections yet" in coach("reflect", "--history").out
    monkeypatch.setenv("COLUMNS", "80")
    reflect_on(coach, monkeypatch, tmp_path, "2026-01-05", listening=1, questioning=3)
    reflect_on(coach, monkeypatch, tmp_path, "2026-01-26", listening=2)
    reflect_on(coach, monkeypatch, tmp_path, "2026-02-16", listening=4, questioning=2)
    result = coach("reflect", "--history")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0] == "Your practice over 3 reflections, 5 Jan 2026 to 16 Feb 2026"
    assert "Scale: 1 Not yet · 2 Partly · 3 Mostly · 4 Strongly" in lines[1]
    row = {line.split("  ")[0]: line for line in lines}
    assert "▂▄█" in row["Listening for meaning"] and row["Listening for meaning"].endswith(
        "now 4  +2 ↑"
    ), "the change since the rating before"
    assert "▆·▄" in row["Questioning for understanding"]
    assert row["Questioning for understanding"].endswith("now 2  -1 ↓")
    assert row["Establishing rapport and trust"].endswith("not rated")
    assert lines.index(next(line for line in lines if line.startswith("Qualities"))) < (
        lines.index(next(line for line in lines if line.startswith("Skills")))
    )
    assert coach("reflect", "--history", "--general").code == 1


def test_export_reflections_for_supervision(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    monkeypatch.setenv("COACH_NOW", "2026-01-05T09:00:00+00:00")
    reflection = {"offer": "yes", "skills": {"listening": {"rating": 1, "note": "Too | much *me*"}}}
    assert (
        coach("session", "start", "--answers", str(session_answers(tmp_path, reflection))).code == 0
    )
    reflect_on(coach, monkeypatch, tmp_path, "2026-02-16", listening=3)
    result = coach("export", "--reflections")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("# Reflections on my coaching practice")
    assert "2 reflections, Monday 5 January 2026 to Monday 16 February 2026." in text
    assert "| Listening for meaning | 1 | 3 | 2.0 | 1 3 |" in text
    assert "- 2026-02-16: More summaries" in text
    assert "### Monday 5 January 2026, after a session" in text
    assert "- Open questions: 2 of 3 (1 from the banks); 1 of your own not judged" in text
    assert "| Listening for meaning | 1 Not yet | Too \\| much \\*me\\* |" in text
    assert "zanele" not in text.casefold(), "no coachee, not even in a session id"
    later = coach("export", "--reflections", "--since", "2026-02-01").out
    assert "1 reflection," in later and "after a session" not in later
    out = tmp_path / "supervision.md"
    assert coach("export", "--reflections", "--out", str(out)).code == 0
    assert out.read_text(encoding="utf-8") == text
    assert coach("export", "--reflections", "--out", str(out)).code == 1, "never overwritten"
    bad = coach("export", "--reflections", "--since", "someday")
    assert bad.code == 1 and bad.err.startswith("coach: --since: type a date")
    assert coach("export", "--reflections", "--coachee", PERSON).code == 1


# --- privacy ----------------------------------------------------------------------------


def test_reflections_never_reach_a_coachees_export_or_listings(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    coach("init", str(home))
    reflection = {"offer": "yes", "skills": {"listening": {"rating": 2, "note": CANARY}}}
    reflection["next"] = CANARY
    result = coach("session", "start", "--answers", str(session_answers(tmp_path, reflection)))
    assert result.code == 0 and reflections(home)
    session_id = result.out.split("id: ")[1].split()[0]
    for command in (
        ("export", session_id),
        ("export", session_id, "--include-private"),
        ("export", "--coachee", PERSON, "--include-private"),
        ("session", "show", session_id),
        ("session", "list", "--json"),
        ("followup", "--json"),
        ("followup", PERSON),
        ("doctor",),
    ):
        shown = coach(*command)
        assert shown.code == 0, (command, shown.err)
        assert CANARY not in shown.out + shown.err, command
    assert "All good." in coach("doctor").out, "the reflections folder is no stray"


def test_forget_leaves_no_trace_of_the_person_in_reflections(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    coach("init", str(home))
    mine = {"offer": "yes", "skills": {"listening": {"rating": 2, "note": "zanele went quiet"}}}
    mine["next"] = "Ask Zanele Okafor first, not Sam"
    assert coach("session", "start", "--answers", str(session_answers(tmp_path, mine))).code == 0
    other = {"offer": "yes", "skills": {"listening": {"rating": 3, "note": "Sam led it"}}}
    sam = session_answers(tmp_path, other, name="Sam Lee")
    assert coach("session", "start", "--answers", str(sam)).code == 0
    before = {p: read(p) for p in reflections(home)}
    result = coach("forget", PERSON, "--yes")
    assert result.code == 0, result.err
    assert "Removed them from 1 of your reflections" in result.out
    after = {p: read(p) for p in reflections(home)}
    assert after.keys() == before.keys(), "the coach's own reflections stay"
    texts = {p: p.read_text(encoding="utf-8") for p in reflections(home)}
    kept = [p for p in after if "session" not in after[p]]
    (scrubbed,) = kept
    assert "zanele" not in texts[scrubbed].casefold() and "okafor" not in texts[scrubbed].casefold()
    assert "evidence" not in after[scrubbed] and "session_date" not in after[scrubbed]
    assert rated(after[scrubbed], "skills", "listening")["note"] == "[name removed] went quiet"
    assert after[scrubbed]["next"] == "Ask [name removed] first, not Sam"
    (untouched,) = [p for p in after if p != scrubbed]
    assert after[untouched] == before[untouched]


def test_reflections_are_encrypted_at_rest(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach = keeping_secrets(coach, monkeypatch)
    encrypted_workspace(coach, home, monkeypatch)
    reflection = {"offer": "yes", "skills": {"listening": {"rating": 2, "note": CANARY}}}
    result = coach("session", "start", "--answers", str(session_answers(tmp_path, reflection)))
    assert result.code == 0, result.err
    (path,) = reflections(home)
    assert crypto.is_sealed(path) and CANARY.encode() not in path.read_bytes()
    assert "Listening for meaning" in coach("reflect", "--history").out
    assert CANARY in coach("export", "--reflections").out
    assert coach("forget", PERSON, "--yes").code == 0
    assert crypto.is_sealed(path) and "session" not in coach("export", "--reflections").out.split(
        "## Each reflection"
    )[1].replace("after a session", "")


def test_a_reflection_from_a_newer_coachcli_is_refused(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    reflect_on(coach, monkeypatch, tmp_path, "2026-01-05", listening=2)
    (path,) = reflections(home)
    path.write_text(path.read_text().replace("format_version: 1", "format_version: 2"))
    for command in (("reflect", "--history"), ("export", "--reflections")):
        result = coach(*command)
        assert result.code == 1 and "upgrade coachcli" in result.err, command
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "format_version: 2" in path.read_text(), "left untouched"
    doctor = coach("doctor")
    assert doctor.code != 0 and "upgrade coachcli" in doctor.out


def test_hostile_note_text_stays_inert(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    evil = "\x1b]0;pwned\x07 \x1b[2J \u202e <script>x</script>\n# heading\n| a | b |"
    path = tmp_path / "evil.yaml"
    path.write_text(
        dumps({"reflection": {"skills": {"listening": {"rating": 2, "note": evil}}, "next": evil}})
    )
    assert coach("reflect", "--general", "--answers", str(path)).code == 0
    assert load(reflections(home)[0]).data["next"] == evil.strip(), "kept as typed"
    text = coach("export", "--reflections").out
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "<script>" not in text and "\n# heading" not in text
    assert "\\<script\\>" in text
    history = coach("reflect", "--history").out
    assert "\x1b" not in history


def test_an_older_skills_file_reflects_on_coachcli_s_own_words(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    coach("init", str(home))
    skills = home / "frameworks" / "skills.yaml"
    data = load(skills).data
    del data["reflection"]
    for skill in data["skills"]:
        del skill["reflect"]
    data["skills"].append(dict(data["skills"][0], id="mentoring", name="Mentoring new staff"))
    skills.write_text(dumps(data), encoding="utf-8")
    doctor = coach("doctor")
    assert "skills.yaml (cues, reflect, reflection)" not in doctor.out + doctor.err
    assert "reflect, reflection" in doctor.out + doctor.err
    path = tmp_path / "mentoring.yaml"
    path.write_text(dumps({"reflection": {"skills": {"mentoring": {"rating": 3}}}}))
    result = coach("reflect", "--general", "--answers", str(path))
    assert result.code == 0, result.err
    assert rated(one_reflection(home), "skills", "mentoring") == {
        "id": "mentoring",
        "name": "Mentoring new staff",
        "rating": 3,
    }


def test_the_example_reflection_file_runs(coach: Coach, home: Path, tmp_path: Path) -> None:
    coach("init", str(home))
    assert coach("session", "start", "--answers", str(session_answers(tmp_path))).code == 0
    example = Path(__file__).parents[1] / "examples" / "reflection.yaml"
    result = coach("reflect", "--answers", str(example))
    assert result.code == 0, result.err
    data = one_reflection(home)
    assert rated(data, "skills", "listening")["rating"] == 1
    assert rated(data, "skills", "questioning")["rating"] == 3
    assert data["next"].startswith("Sum up what I hear")
    assert data["session"] and data["evidence"]["own_summary"] is True
    again = coach("reflect", "--answers", str(example))
    assert "You reflected on session" in again.out and len(reflections(home)) == 2


def test_forget_before_a_date_erases_older_reflections_and_keeps_newer(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reflection is dated by the day it was made: `coach forget --before` erases the
    older ones with everything else (never reading one as a session)."""
    coach("init", str(home))
    for day, note in (("2024-03-01", "OLDREFLECTION"), ("2025-03-01", "NEWREFLECTION")):
        monkeypatch.setenv("COACH_NOW", f"{day}T10:00:00+00:00")
        mine = {"offer": "yes", "skills": {"listening": {"rating": 2, "note": note}}}
        answers = session_answers(tmp_path, mine)
        assert coach("session", "start", "--answers", str(answers)).code == 0
    monkeypatch.setenv("COACH_NOW", "2025-06-01T10:00:00+00:00")
    result = coach("forget", "--before", "2025-01-01", "--yes")
    assert result.code == 0, result.out + result.err
    assert "could not read" not in result.out
    (kept,) = reflections(home)
    assert "NEWREFLECTION" in kept.read_text(encoding="utf-8")
    assert "OLDREFLECTION" not in coach("export", "--reflections").out


def test_a_coach_reflects_on_their_own_sessions_in_a_shared_workspace(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    """With two coaches in one workspace, `coach reflect` takes the latest session the
    workspace's own coach held, and refuses another coach's by id."""
    coach("init", str(home), "--coach", "Sam Patel")
    mine = session_answers(tmp_path, name="Ann Lee")
    assert coach("session", "start", "--answers", str(mine)).code == 0
    theirs = session_answers(tmp_path, name="Ben Cole")
    assert coach("session", "start", "--answers", str(theirs), "--coach", "Dan Evans").code == 0
    ids = {r["coachee"]: r["id"] for r in json.loads(coach("session", "list", "--json").out)}
    example = Path(__file__).resolve().parents[1] / "examples" / "reflection.yaml"
    result = coach("reflect", "--answers", str(example))
    assert result.code == 0, result.err
    (saved,) = reflections(home)
    assert read(saved)["session"] == ids["Ann Lee"], "the latest of my own, not Dan's"
    refused = coach("reflect", ids["Ben Cole"], "--answers", str(example))
    assert refused.code == 1 and "held by Dan Evans, not you" in refused.err
