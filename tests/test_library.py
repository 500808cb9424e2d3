"""The library of strong steps on the bar (frameworks/steps.yaml): every shipped step is
strong and complete, a bad library is one plain line at `coach frameworks validate` and
a warning (not a stop) at `coach session start`, the action-step stage offers the
focus's steps with the next one in order suggested, and answers files name one by id."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coachcli.conversation.hints import weak_step_hints
from coachcli.conversation.library import check
from coachcli.records.frameworks import load_frameworks
from coachcli.records.yamlio import dumps, load
from tests.conftest import Coach, person_dir
from tests.test_coaching import FULL, SHIPPED, Person, meet, workspace

LIBRARY = load(SHIPPED / "steps.yaml").data["steps"]


def test_every_shipped_library_step_is_complete_and_draws_no_hint() -> None:
    fw = load_frameworks(SHIPPED)
    assert check(fw) is None
    assert fw.library is not None
    kinds = {item.id: section.kind for section, item in fw.bar.items()}
    counts = Counter(step.bar_item for step in fw.library.steps)
    assert {item: counts[item] for item in kinds if counts[item] < 3} == {}, "three per item"
    for step in fw.library.steps:
        kind = kinds[step.bar_item]
        wanted = [c.id for c in fw.criteria.for_kind(kind).criteria]
        assert sorted(step.criteria) == sorted(wanted), step.id
        assert all(v.met and v.why.strip() for v in step.criteria.values()), step.id
        hints = {h.id for h in weak_step_hints(step.step, kind, (), rules=fw.hints)}
        assert hints <= {"no_evidence"}, (step.id, hints)
        assert len(step.done_well) >= 1 and step.weak and step.rehearsal.rehearse


BAD = [
    ("bar_item", "no-such-item", "steps[0].bar_item: no bar item 'no-such-item' in the bar"),
    ("places", ["classroom"], "steps[0].places[0]: no practice place 'classroom' for leadership"),
    ("step", "write the meeting agenda", "steps[0].step: reads as a weak step (one_off_task)"),
    ("id", LIBRARY[1]["id"], f"the id {LIBRARY[1]['id']!r} is used more than once"),
]


@pytest.mark.parametrize(("field", "value", "said"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_library_is_one_line_at_validate_and_a_warning_at_start(
    coach: Coach, home: Path, tmp_path: Path, field: str, value: object, said: str
) -> None:
    workspace(coach, home)
    path = home / "frameworks" / "steps.yaml"
    data = load(path).data
    data["steps"][0][field] = value
    path.write_text(dumps(data), encoding="utf-8")
    result = coach("frameworks", "validate")
    assert result.code == 1 and "Traceback" not in result.err
    assert said in result.err and "steps.yaml:" in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "full", "--role", "phase_leader")  # runs all the same
    warned = [line for lines in person.shown.values() for line in lines]
    assert any(line.startswith("The step library is off: ") for line in warned)
    assert "action_steps[0].library" not in person.asked, "no library offered"


def test_a_library_step_named_in_an_answers_file_is_saved_with_its_id(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    first = next(s for s in LIBRARY if s["bar_item"] == "team-meetings")
    data = load(FULL).data
    step = data["action_steps"][0]
    step.pop("text")
    step["library"] = first["id"]
    answers = tmp_path / "answers.yaml"
    answers.write_text(dumps(data), encoding="utf-8")
    result = coach("session", "start", "--answers", str(answers))
    assert result.code == 0, result.err
    (saved,) = person_dir(home, "priya-shah").glob("*.yaml")
    kept = load(saved).data["action_steps"][0]
    assert kept["library"] == first["id"]
    assert " ".join(kept["text"].split()) == " ".join(first["step"].split())
    assert not kept.get("hints"), "a library step draws no hint"
    journey = coach("export", "--coachee", "priya").out
    assert "## Steps from the school's library" in journey and first["id"] in journey


def test_the_next_step_in_order_is_suggested_once_the_first_is_achieved(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    workspace(coach, home)
    ids = [s["id"] for s in LIBRARY if s["bar_item"] == "team-meetings"]
    first = Person({"coachee": "Priya Shah", "action_steps[0]": "library"})
    meet(coach, first, "--flow", "full", "--role", "phase_leader")
    offered = first.asked["action_steps[0].library"]
    assert offered.default == ids[0], "the first in order, to begin with"
    assert [o.value for o in offered.options][: len(ids)] == ids
    (saved,) = person_dir(home, "priya-shah").glob("*.yaml")
    assert load(saved).data["action_steps"][0]["library"] == ids[0]
    second = Person(
        {"coachee": "Priya Shah", "followup[0].status": "achieved", "action_steps[0]": "library"}
    )
    meet(coach, second, "--flow", "full")
    offered = second.asked["action_steps[0].library"]
    assert offered.default == ids[1], "achieved: the next one in order is suggested"
    labels = {o.value: o.label for o in offered.options}
    assert labels[ids[0]].startswith("✓ ") and labels[ids[1]].startswith("★ ")


def test_frameworks_show_steps_for_one_bar_item(coach: Coach, home: Path) -> None:
    workspace(coach, home)
    shown = coach("frameworks", "show", "steps", "team-meetings")
    assert shown.code == 0, shown.err
    first = next(s for s in LIBRARY if s["bar_item"] == "team-meetings")
    assert first["id"] in shown.out and "see it:" in shown.out and "not:" in shown.out
    assert "Checks for understanding" not in shown.out
    unknown = coach("frameworks", "show", "steps", "no-such-item")
    assert unknown.code == 1 and "no bar item 'no-such-item'" in unknown.err
