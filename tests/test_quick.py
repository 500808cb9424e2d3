"""Corridor conversations still follow up: the quick flow reviews every open step in
one line (where it is now, and a short note), so open steps never pile up."""

from __future__ import annotations

from pathlib import Path

from coachcli.records.yamlio import dumps, load
from tests.conftest import Coach

REPO = Path(__file__).resolve().parents[1]
QUICK = REPO / "examples" / "answers-quick.yaml"


def quick(coach: Coach, tmp_path: Path, **extra: object) -> None:
    data = load(QUICK).data
    data.update(extra)
    answers = tmp_path / "quick.yaml"
    answers.write_text(dumps(data), encoding="utf-8")
    result = coach("session", "start", "--answers", str(answers))
    assert result.code == 0, result.err


def test_a_quick_conversation_reviews_each_open_step_in_one_line(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    quick(coach, tmp_path)
    quick(coach, tmp_path, followup=[{"status": "practising", "evidence": "Tried it twice."}])
    second = max(
        (p for p in (home / "sessions").rglob("*.yaml") if "_drafts" not in p.parts),
        key=lambda p: load(p).data["number"],
    )
    data = load(second).data
    (review,) = data["followup"]
    assert review["status"] == "practising" and review["evidence"] == "Tried it twice."
    assert "reflection" not in review, "a corridor review asks no reflection"
    carried = [s for s in data["action_steps"] if s.get("carried_from")]
    assert [s["status"] for s in carried] == ["practising"]
    brief = coach("followup", "tom", "--json").out
    assert "practising" in brief
