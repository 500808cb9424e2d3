"""`coach overview`: the school's whole picture, through the real `coach` command on a
store made with answers files on fixed days (COACH_NOW).

The store: six people in three roles with three coaches (each given with `session start
--coach`). Tom Reid (teacher, Sam Lee) has three full sessions: a library step achieved,
a step that misses "Narrow" kept with a reason and later dropped, and a step overdue
since 19 October. Priya Shah (teacher, Sam Lee) two quick ones, a library step achieved
and an open one. Ade Bello (teacher, Kit Adams) two: a step that misses "Specific"
dropped at once, and one practising. Hana Ito and Lena Ford (phase leaders, Kit Adams and
Sam Lee) one each with the same library step. Zebedee Quartermaine, the one head teacher,
coached by Robin Cole alone, one session in September with a step kept although it
misses "Connected to evidence". Today is 1 December 2026.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from coachcli.records.yamlio import dumps
from tests.conftest import Coach

TODAY = "2026-12-01T09:00:00+00:00"
ALL_TEACHER = {"highest_leverage": "yes", "narrow": "yes", "specific": "yes", "transferable": "yes"}
ALL_LEADER = {"highest_leverage": "yes", "narrow": "yes", "evidence": "yes", "transferable": "yes"}
CANARY = "Zebedee Quartermaine"
NAMES = ["Tom Reid", "Priya Shah", "Ade Bello", "Hana Ito", "Lena Ford", CANARY]


def step(text: str | None = None, library: str | None = None, **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"criteria": dict(ALL_TEACHER), **more}
    if text:
        found["text"] = text
    if library:
        found["library"] = library
    return found


MEETINGS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "2026-09-07",
        "Sam Lee",
        {
            "coachee": "Tom Reid",
            "role": "teacher",
            "flow": "full",
            "focus": "checking-understanding",
            "action_steps": [
                step(
                    library="cu-plan-check-points",
                    practice={"place": "classroom", "due": "2026-09-20"},
                )
            ],
        },
    ),
    (
        "2026-09-15",
        "Robin Cole",
        {
            "coachee": CANARY,
            "role": "head_teacher",
            "focus": "strategic-direction",
            "action_steps": [
                {
                    "text": "explain each priority to governors with the evidence behind it",
                    "criteria": {**ALL_LEADER, "evidence": "no"},
                    "unmet": [{"choice": "keep", "reason": "The governors meet next week."}],
                }
            ],
        },
    ),
    (
        "2026-09-21",
        "Sam Lee",
        {
            "coachee": "Tom Reid",
            "flow": "full",
            "followup": [{"status": "achieved"}],
            "action_steps": [
                step(
                    "use mini whiteboards at each hinge point of every lesson",
                    criteria={**ALL_TEACHER, "narrow": "no"},
                    unmet=[{"choice": "keep", "reason": "He wants one small win first."}],
                    practice={"place": "classroom", "due": "2026-10-04"},
                )
            ],
        },
    ),
    (
        "2026-10-05",
        "Sam Lee",
        {
            "coachee": "Tom Reid",
            "flow": "full",
            "followup": [{"status": "dropped"}],
            "action_steps": [
                step(
                    "ask every pupil to answer on a whiteboard before moving on",
                    practice={"place": "classroom", "due": "2026-10-19"},
                )
            ],
        },
    ),
    (
        "2026-11-02",
        "Sam Lee",
        {
            "coachee": "Priya Shah",
            "role": "teacher",
            "focus": "checking-understanding",
            "action_steps": [step(library="cu-plan-check-points")],
        },
    ),
    (
        "2026-11-03",
        "Kit Adams",
        {
            "coachee": "Ade Bello",
            "role": "teacher",
            "focus": "checking-understanding",
            "action_steps": [
                step(
                    "run a quiz",
                    criteria={**ALL_TEACHER, "specific": "no"},
                    unmet=[{"choice": "drop"}],
                ),
                step("check three pupils' books before the plenary in each lesson"),
            ],
        },
    ),
    (
        "2026-11-09",
        "Sam Lee",
        {
            "coachee": "Priya Shah",
            "followup": [{"status": "achieved"}],
            "action_steps": [step("plan the hinge question for each lesson before teaching it")],
        },
    ),
    (
        "2026-11-20",
        "Kit Adams",
        {
            "coachee": "Hana Ito",
            "role": "phase_leader",
            "focus": "team-meetings",
            "action_steps": [{"library": "tm-pupil-work-first", "criteria": dict(ALL_LEADER)}],
        },
    ),
    ("2026-11-24", "Kit Adams", {"coachee": "Ade Bello", "followup": [{"status": "practising"}]}),
    (
        "2026-11-25",
        "Sam Lee",
        {
            "coachee": "Lena Ford",
            "role": "phase_leader",
            "focus": "team-meetings",
            "action_steps": [{"library": "tm-pupil-work-first", "criteria": dict(ALL_LEADER)}],
        },
    ),
]


def meet(coach: Coach, folder: Path, day: str, by: str, answers: dict[str, Any]) -> None:
    data = {"format_version": 1, "flow": "quick", **answers, "close": {"next_meeting": "+14"}}
    path = folder / f"answers-{day}.yaml"
    path.write_text(dumps(data), encoding="utf-8")
    result = coach("session", "start", "--answers", str(path), "--coach", by)
    assert result.code == 0, result.err


@pytest.fixture
def school(
    coach: Coach,
    home: Path,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The store above in this test's workspace (made once, then copied), today fixed."""
    built = tmp_path_factory.getbasetemp() / "overview-school"
    if not (built / "coach.yaml").is_file():
        coach("init", str(home))
        for day, by, answers in MEETINGS:
            monkeypatch.setenv("COACH_NOW", f"{day}T10:00:00+00:00")
            meet(coach, tmp_path, day, by, answers)
        shutil.copytree(home, built)
    else:
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(built, home)
    monkeypatch.setenv("COACH_NOW", TODAY)
    monkeypatch.setenv("COLUMNS", "80")
    return home


def figures(coach: Coach, *args: str) -> dict[str, Any]:
    result = coach("overview", "--json", *args)
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def by(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_every_figure_matches_the_store(coach: Coach, school: Path) -> None:
    data = figures(coach)
    assert (data["sessions"], data["people"], data["today"]) == (10, 6, "2026-12-01")
    assert data["filters"] == {"coach": None, "role": None, "since": None}
    # agreed: 3 Tom, 2 Priya, 1 Ade (his dropped-at-once step is not agreed), Hana, Lena, Zebedee
    assert data["steps"] == {"set": 9, "achieved": 2, "dropped": 1, "open": 6, "overdue": 1}
    focus = by(data["focus"], "id")
    assert focus["checking-understanding"] == {
        "id": "checking-understanding",
        "label": "Checks for understanding before moving on",
        "sessions": 7,
        "people": 3,
    }
    assert (focus["team-meetings"]["sessions"], focus["strategic-direction"]["people"]) == (2, 1)
    roles = by(data["by_role"], "role")
    assert roles["teacher"]["label"] == "Teacher"
    assert (roles["teacher"]["people"], roles["teacher"]["sessions"]) == (3, 7)
    assert roles["teacher"]["steps"]["overdue"] == 1
    assert roles["head_teacher"]["focus"] == [
        {
            "id": "strategic-direction",
            "label": "Sets the school's direction with governors",
            "sessions": 1,
        }
    ]
    coaches = by(data["by_coach"], "coach")
    assert {name: (c["people"], c["sessions"]) for name, c in coaches.items()} == {
        "Sam Lee": (3, 6),
        "Kit Adams": (2, 3),
        "Robin Cole": (1, 1),
    }
    assert coaches["Sam Lee"]["steps"] == {
        "set": 6,
        "achieved": 2,
        "dropped": 1,
        "open": 3,
        "overdue": 1,
    }
    library = by(data["library"], "id")
    assert library["cu-plan-check-points"]["used"] == 2
    assert library["cu-plan-check-points"]["achieved"] == 2
    assert library["cu-plan-check-points"]["label"].startswith("plan the two or three points")
    assert (library["tm-pupil-work-first"]["used"], library["tm-pupil-work-first"]["achieved"]) == (
        2,
        0,
    )
    criteria = by(data["criteria"], "label")
    assert {label: (c["missed"], c["kept_with_reason"]) for label, c in criteria.items()} == {
        "Narrow": (1, 1),
        "Specific": (1, 0),
        "Connected to evidence": (1, 1),
    }
    people = {p["name"]: p for p in data["coachees"]}
    assert {name: p["median_days_between_sessions"] for name, p in people.items()} == {
        "Tom Reid": 14,
        "Priya Shah": 7,
        "Ade Bello": 21,
        "Hana Ito": None,
        "Lena Ford": None,
        CANARY: None,
    }
    assert data["median_days_between_sessions"] == 14
    assert data["not_seen_after_days"] == 42
    assert [(p["name"], p["days"], p["last_session"]) for p in data["not_seen"]] == [
        (CANARY, 77, "2026-09-15"),
        ("Tom Reid", 57, "2026-10-05"),
    ]


def test_filters_choose_the_sessions(coach: Coach, school: Path) -> None:
    sam = figures(coach, "--coach", "  sam   LEE ")
    assert sam["filters"]["coach"] == "Sam Lee"
    assert (sam["sessions"], sam["people"]) == (6, 3)
    assert [c["coach"] for c in sam["by_coach"]] == ["Sam Lee"]
    assert figures(coach, "--coach", "kit")["filters"]["coach"] == "Kit Adams", "a first name"
    teachers = figures(coach, "--role", "Teacher")
    assert teachers["filters"]["role"] == "teacher"
    assert (teachers["sessions"], teachers["people"]) == (7, 3)
    assert teachers["steps"]["set"] == 6
    recent = figures(coach, "--since", "2026-11-01")
    assert recent["filters"]["since"] == "2026-11-01"
    assert (recent["sessions"], recent["steps"]["set"]) == (6, 5)
    # someone not seen for a while is still named, whatever the period
    assert [p["name"] for p in recent["not_seen"]] == [CANARY, "Tom Reid"]
    assert figures(coach, "--since", "30d")["filters"]["since"] == "2026-11-01"
    both = figures(coach, "--coach", "Kit Adams", "--role", "phase_leader")
    assert (both["sessions"], both["people"], both["not_seen"]) == (1, 1, [])


def test_the_screen_names_bar_items_by_their_labels_and_fits_80_columns(
    coach: Coach, school: Path
) -> None:
    result = coach("overview")
    assert result.code == 0, result.err
    out = result.out
    assert "10 sessions with 6 people" in out
    assert "9 agreed: 2 achieved (22%), 6 still open (1 overdue), 1 dropped" in out
    assert "Checks for understanding before moving on" in out
    assert "checking-understanding" not in out and "cu-plan-check-points" not in out
    for heading in ("By role", "By coach", "Library steps most used", "Criteria missed"):
        assert heading in out
    assert re.search(
        r"Not seen for over 42 days\n.*\nZebedee Quartermaine .* 77\nTom Reid .* 57", out, re.S
    )
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_the_report_names_nobody_and_merges_every_group_under_three(
    coach: Coach, school: Path
) -> None:
    result = coach("overview", "--markdown")
    assert result.code == 0, result.err
    text = result.out
    for name in NAMES:
        for part in name.split():
            assert part not in text, part
    assert "Robin Cole" not in text, "a coach of fewer than three people is merged"
    assert "Head teacher" not in text and "Sets the school's direction" not in text
    assert "| Other roles | 3 | 3 |" in text
    assert "| Other coaches | 3 | 4 |" in text
    assert "Fewer than 3 people counted here have not been seen for over 42 days." in text
    people_columns = smallest_groups(text)
    assert len(people_columns) == 5  # bar items, roles, coaches, library steps, criteria
    assert min(people_columns) >= 3


def smallest_groups(text: str) -> list[int]:
    """The smallest count of people in each markdown table that has such a column."""
    found = []
    for table in re.findall(r"(?m)^(\|.*\|\n\|[-:|]+\|\n(?:\|.*\|\n)+)", text):
        head, _, *rows = table.strip().splitlines()
        columns = [cell.strip() for cell in head.strip("|").split("|")]
        if "people" in columns:
            at = columns.index("people")
            found.append(min(int(row.strip("|").split("|")[at]) for row in rows))
    return found


def test_a_table_whose_groups_together_are_too_few_is_not_shown(coach: Coach, school: Path) -> None:
    """Since 20 November: Hana Ito, Ade Bello and Lena Ford; only the two phase leaders
    took a library step, so even merged the library table would name a group of two."""
    text = coach("overview", "--markdown", "--since", "2026-11-20").out
    assert "3 coaching sessions with 3 people." in text
    assert "## Library steps\n\nFewer than 3 people in all: not shown." in text
    assert "Other library steps" not in text and "Criteria missed" not in text
    assert smallest_groups(text) == [3, 3, 3]  # bar items, roles, coaches: one row each


def test_a_single_head_teacher_gives_no_figures(coach: Coach, school: Path) -> None:
    result = coach("overview", "--markdown", "--role", "head teacher")
    assert result.code == 0, result.err
    assert "fewer than 3 people, so this report gives no figures" in result.out
    assert "Zebedee" not in result.out and "|" not in result.out
    assert "seen" not in result.out, "not even whether the one head teacher was seen lately"
    named = coach("overview", "--markdown", "--role", "head_teacher", "--names")
    assert "| Zebedee Quartermaine | Head teacher | 15 September 2026 | 77 |" in named.out


def test_names_only_when_asked(coach: Coach, school: Path) -> None:
    result = coach("overview", "--markdown", "--names")
    assert result.code == 0, result.err
    assert "| Tom Reid | Teacher | 5 October 2026 | 57 |" in result.out
    assert "| Priya Shah | Teacher | 2 | 7 |" in result.out
    assert "No coachee is named" not in result.out
    assert coach("overview", "--names").code == 1


def test_forget_removes_a_person_from_every_count(coach: Coach, school: Path) -> None:
    before = figures(coach)
    assert coach("forget", "Tom Reid", "--yes").code == 0
    after = figures(coach)
    assert (after["sessions"], after["people"]) == (before["sessions"] - 3, 5)
    assert after["steps"] == {"set": 6, "achieved": 1, "dropped": 0, "open": 5, "overdue": 0}
    assert [p["name"] for p in after["not_seen"]] == [CANARY]
    assert "Narrow" not in {c["label"] for c in after["criteria"]}
    assert by(after["library"], "id")["cu-plan-check-points"]["used"] == 1
    assert "Tom Reid" not in json.dumps(after)


def test_an_archived_person_leaves_the_overview_and_comes_back(coach: Coach, school: Path) -> None:
    """Archiving takes a person out of every figure, as forget does, but keeps their
    record: unarchive brings the same figures back."""
    before = figures(coach)
    assert coach("archive", "Tom Reid").code == 0
    after = figures(coach)
    assert (after["sessions"], after["people"]) == (before["sessions"] - 3, 5)
    assert after["steps"] == {"set": 6, "achieved": 1, "dropped": 0, "open": 5, "overdue": 0}
    assert "Tom Reid" not in json.dumps(after)
    assert coach("unarchive", "Tom Reid").code == 0
    assert figures(coach) == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--coach", "Sam Leigh"], "no sessions with the coach 'Sam Leigh'; closest: Sam Lee"),
        (["--role", "teachr"], "no sessions with the role 'teachr'; closest: teacher"),
        (["--since", "soonish"], "--since: type a date like"),
        (["--since", "2027-01-01"], "--since: 2027-01-01 is after today"),
        (["--json", "--markdown"], "choose --json or --markdown"),
    ],
)
def test_a_bad_filter_is_one_line(coach: Coach, school: Path, args: list[str], said: str) -> None:
    result = coach("overview", *args)
    assert result.code == 1
    assert result.err.startswith(f"coach: {said}"), result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_empty_store_is_one_line(coach: Coach, home: Path) -> None:
    coach("init", str(home))
    result = coach("overview")
    assert (result.code, result.out) == (1, "")
    assert result.err == "coach: nobody has been coached in this workspace yet\n"


def test_not_seen_after_days_comes_from_coach_yaml(coach: Coach, school: Path) -> None:
    path = school / "coach.yaml"
    text = path.read_text(encoding="utf-8")
    assert "not_seen_after_days: 42" in text
    path.write_text(
        text.replace("not_seen_after_days: 42", "not_seen_after_days: 60"), encoding="utf-8"
    )
    data = figures(coach)
    assert data["not_seen_after_days"] == 60
    assert [p["name"] for p in data["not_seen"]] == [CANARY]


def test_a_small_other_row_takes_in_the_next_smallest_group(coach: Coach, school: Path) -> None:
    """Without Hana Ito, Lena Ford and the head teacher are the only people outside
    the teachers: two people in "Other roles" is still too few, so the teachers join it."""
    assert coach("forget", "Hana Ito", "--yes").code == 0
    text = coach("overview", "--markdown").out
    assert "| Other roles | 5 | 9 |" in text
    assert "| Teacher |" not in text and "Phase leader" not in text


@pytest.mark.slow
def test_the_overview_imports_no_pydantic_with_a_warm_index(school: Path) -> None:
    from tests.test_help import imported

    imported("overview")  # warms the index and the cached settings
    modules = imported("overview")
    assert "coachcli.ui.overview" in modules, "the overview was drawn"
    assert not modules & {"pydantic", "coachcli.records.session", "jinja2", "rich.table"}


def test_a_library_step_is_named_in_the_words_steps_yaml_has_now(
    coach: Coach, school: Path
) -> None:
    def label() -> str:
        return str(by(figures(coach)["library"], "id")["cu-plan-check-points"]["label"])

    assert label().startswith("plan the two or three points")
    path = school / "frameworks" / "steps.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("plan the two or three points", "plan the three points"), "utf-8")
    assert label().startswith("plan the three points in each lesson")
    path.write_text("steps: [unclosed", encoding="utf-8")
    assert label() == "cu-plan-check-points"
