"""Small pieces tested directly: weak-step hints, typed dates, plain error lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field

from coachcli.conversation.hints import weak_step_hints
from coachcli.dates import parse_date, relative, when
from coachcli.errors import FileProblem
from coachcli.records.validation import Record, convert
from coachcli.records.yamlio import loads

# --- weak action steps ----------------------------------------------------------------
# Behaviour through the public function only, a few clear cases: the word rules behind
# it are expected to move into YAML data and to change.

WEAK_LEADER_STEP = (
    "support Mr Williamson with the writing of his professional growth plan for next term"
)
STRONG_LEADER_STEP = (
    "support Mr Williamson in crafting professional learning goals that are connected to"
    " the evaluation tool, most critical on the evidence, and time-bound"
)


def hint_ids(text: str, kind: str | None = "leadership", evidence: Iterable[str] = ()) -> set[str]:
    return {hint.id for hint in weak_step_hints(text, kind, evidence)}


def test_the_articles_weak_leader_step_reads_as_a_one_off_task() -> None:
    assert "one_off_task" in hint_ids(WEAK_LEADER_STEP)
    assert "no_time_frame" not in hint_ids(WEAK_LEADER_STEP), "'for next term' is one"


def test_the_articles_strong_leader_step_is_a_skill_and_one_action() -> None:
    found = hint_ids(STRONG_LEADER_STEP)
    assert not found & {"one_off_task", "several_actions"}, found


def test_each_hint_has_words_for_the_coach() -> None:
    (hint, *_) = weak_step_hints(WEAK_LEADER_STEP, "leadership")
    assert hint.id == "one_off_task" and "one-off task" in hint.message


def test_several_actions_in_one_step() -> None:
    step = "plan the team meeting agenda and then model the first discussion, every week"
    assert "several_actions" in hint_ids(step, "instructional")
    assert "several_actions" not in hint_ids("model the first discussion, every week")


def test_a_leader_step_sharing_words_with_the_evidence_is_tied_to_it() -> None:
    step = "open each team meeting with a walk past the reading display, every week"
    seen = ["The reading display in Year 3 was thin and out of date"]
    assert "no_evidence" not in hint_ids(step, "leadership", seen)
    assert "no_evidence" in hint_ids(step, "leadership", ["Pupils were quiet in maths"])
    assert "no_evidence" not in hint_ids(step, "instructional"), "only a leader's step"


def test_a_step_needs_no_time_frame_but_a_specific_action() -> None:
    step = "use mini whiteboards to check answers before moving on"
    assert hint_ids(step, "instructional") == set()
    for timed in ("in every lesson", "by Friday", "for the next two weeks", "until 12/12"):
        assert hint_ids(f"{step} {timed}", "instructional") == set(), timed
    assert hint_ids("plan better lessons this term", "instructional") == {"vague"}


# --- dates as a coach types them --------------------------------------------------------

TODAY = dt.date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("1/12", dt.date(2026, 12, 1)),  # day/month, as in the UK
        ("20/11", dt.date(2027, 11, 20)),  # already past this year: next year's
        ("24/11", TODAY),  # today is not past
        ("1/12/27", dt.date(2027, 12, 1)),
        ("tue", dt.date(2026, 12, 1)),  # next Tuesday, never today
        ("Tuesday", dt.date(2026, 12, 1)),
        ("fri", dt.date(2026, 11, 27)),
        ("+14", dt.date(2026, 12, 8)),
        ("2w", dt.date(2026, 12, 8)),
        ("in 3 days", dt.date(2026, 11, 27)),
        ("tomorrow", dt.date(2026, 11, 25)),
        ("  Today ", TODAY),
    ],
)
def test_dates_a_coach_types(typed: str, expected: dt.date) -> None:
    assert TODAY.weekday() == 1
    assert parse_date(typed, TODAY) == expected


@pytest.mark.parametrize("typed", ["soon", "", "32", "1 12", "mon day"])
def test_an_unreadable_date_says_what_to_type(typed: str) -> None:
    with pytest.raises(ValueError, match="type a date like 2026-12-01"):
        parse_date(typed, TODAY)


@pytest.mark.parametrize("typed", ["next month", "sunny", "wedding"])
def test_a_word_that_only_starts_like_a_weekday_is_not_one(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_date(typed, TODAY)


@pytest.mark.parametrize("typed", ["31/2", "13/13", "29/2/27"])
def test_a_date_that_does_not_exist_is_named(typed: str) -> None:
    with pytest.raises(ValueError, match=f"^{typed} is not a real date$"):
        parse_date(typed, TODAY)


def test_dates_as_a_coach_reads_them() -> None:
    day = dt.timedelta(days=1)
    assert relative(TODAY, TODAY) == "today"
    assert relative(TODAY + day, TODAY) == "tomorrow"
    assert relative(TODAY - day, TODAY) == "yesterday"
    assert relative(TODAY + 5 * day, TODAY) == "in 5 days"
    assert relative(TODAY - 3 * day, TODAY) == "3 days ago"
    assert when(dt.date(2026, 12, 1), TODAY) == "Tue 1 Dec 2026 (in 7 days)"
    assert when(None, TODAY) == "no date"


# --- a file that does not fit its model, in plain words ---------------------------------


class Step(Record):
    text: str
    weeks: int = 1


class Plan(Record):
    coachee: str
    sessions: int = 1
    status: Literal["draft", "complete"] = "draft"
    steps: list[Step] = Field(default_factory=list)


def problem_with(text: str) -> FileProblem:
    loaded = loads(text, "plan.yaml")
    with pytest.raises(FileProblem) as caught:
        convert(Plan, loaded.data, Path("plan.yaml"), loaded)
    return caught.value


def test_a_file_that_fits_is_converted() -> None:
    loaded = loads("coachee: Priya\nsessions: '3'\nsteps:\n  - text: a\n    weeks: 2\n")
    plan = convert(Plan, loaded.data, Path("plan.yaml"), loaded)
    assert plan == Plan(coachee="Priya", sessions=3, steps=[Step(text="a", weeks=2)])


def test_a_mistyped_key_is_named_with_its_line_and_a_guess() -> None:
    problem = problem_with("coachee: Priya\nsesions: 2\n")
    assert str(problem) == "plan.yaml:2: sesions: unknown key 'sesions' (did you mean 'sessions'?)"
    nested = problem_with("coachee: Priya\nsteps:\n  - text: a\n\n    weks: 3\n")
    assert nested.line == 5
    assert nested.detail == "steps[0].weks: unknown key 'weks' (did you mean 'weeks'?)"


def test_a_missing_key() -> None:
    assert problem_with("sessions: 2\n").detail == "missing key 'coachee'"
    inner = problem_with("coachee: Priya\nsteps:\n  - weeks: 2\n")
    assert (inner.line, inner.detail) == (3, "steps[0]: missing key 'text'")


def test_a_wrong_type_and_a_wrong_choice() -> None:
    wrong_type = problem_with("coachee: Priya\nsessions: two\n")
    assert (wrong_type.line, wrong_type.detail) == (2, "sessions: must be a whole number")
    choice = problem_with("coachee: Priya\n\nstatus: finished\n")
    assert choice.line == 3
    assert choice.detail == "status: must be one of 'draft' or 'complete'"


def test_several_problems_name_the_first_and_count_the_rest() -> None:
    problem = problem_with("coachee: Priya\nsessions: two\nstatus: finished\nsteps: x\n")
    assert problem.detail.endswith(" (and 2 more)")
    assert problem.detail.count(":") == 1, "one line, one problem named"
