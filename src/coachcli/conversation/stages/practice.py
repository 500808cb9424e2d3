"""The practice stage: the most authentic place to practise each open step, when, who observes
and how feedback is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    Key,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    PracticePlan,
)
from coachcli.records.vocabulary import PLACES

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "practice"


def run(c: Conversation, stage: Stage, index: int) -> str:
    s = c.session
    assert s.kind is not None
    places = PLACES[s.kind]
    for i, step in enumerate(s.action_steps):
        plan = step.practice or PracticePlan()
        if not step.is_open() or (plan.complete() and plan.due and not c.revisit):
            continue
        c.ask.show(Message(f"will be able to {step.text}", "info", title=f"Step {i + 1}"))
        key: Key = (*c.step_key(step), "practice")
        if plan.place is None or c.revisit:
            options = [Option(v, label) for v, label in places] + [
                Option("other", "Somewhere else…", "o")
            ]
            place = c.ask.select(
                SelectQ(
                    (*key, "place"),
                    "The most authentic place to practise it",
                    options,
                    default=plan.place if plan.place in dict(places) else None,
                    free=True,
                )
            )
            if place == "other":
                place = c.text(TextQ((*key, "place"), "Where?", required=True))
            plan.place = place
            plan.place_name = dict(places).get(place)
            step.practice = plan
            c.save()
        for field, message, default in (
            ("when", "When will it happen?", ""),
            ("observer", "Who will observe it?", s.coach or "me"),
            ("feedback", "How and when will feedback be given?", ""),
        ):
            if getattr(plan, field) is None or c.revisit:
                current = getattr(plan, field)
                answer = c.text(TextQ((*key, field), message, default=current or default))
                setattr(plan, field, answer.strip())
                step.practice = plan
                c.save()
        if plan.due is None or c.revisit:
            plan.due = c.ask_date((*key, "due"), "Due date", plan.due or c.default_due())
            step.practice = plan
            c.save()
    if not s.action_steps:
        c.ask.show(Message("No action steps yet: go back to add one.", "dim"))
    return c.stage_done("practice_done", "Practice plans are set.", index)
