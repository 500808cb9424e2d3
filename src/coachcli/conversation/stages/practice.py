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
from coachcli.conversation.stages.guide import show_guide
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    PracticePlan,
)
from coachcli.records.words import OTHER_PLACE

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "practice"


def run(c: Conversation, stage: Stage, index: int) -> str:
    show_guide(c, stage)
    s = c.session
    assert s.kind is not None
    words = c.fw.conversation.questions.practice
    places = {place.id: place.name for place in c.fw.conversation.places.of(s.kind)}
    s.stem = s.stem or c.fw.conversation.stem
    for i, step in enumerate(s.action_steps):
        plan = step.practice or PracticePlan()
        if not step.is_open() or (plan.complete() and plan.due and not c.revisit):
            continue
        title = words.step.format(number=i + 1)
        c.ask.show(Message(s.says(step), "info", title=title))
        key: Key = (*c.step_key(step), "practice")
        if plan.place is None or c.revisit:
            options = [Option(v, label) for v, label in places.items()] + [
                Option(OTHER_PLACE, c.fw.conversation.menus.practice.other, "o")
            ]
            place = c.ask.select(
                SelectQ(
                    (*key, "place"),
                    words.place,
                    options,
                    default=plan.place if plan.place in places else None,
                    free=True,
                )
            )
            if place == OTHER_PLACE:
                place = c.text(TextQ((*key, "place"), words.where, required=True))
            plan.place = place
            plan.place_name = places.get(place)
            step.practice = plan
            c.save()
        for field, message, default in (
            ("when", words.when, ""),
            ("observer", words.observer, s.coach or words.observer_default),
            ("feedback", words.feedback, ""),
        ):
            if getattr(plan, field) is None or c.revisit:
                current = getattr(plan, field)
                answer = c.text(TextQ((*key, field), message, default=current or default))
                setattr(plan, field, answer.strip())
                step.practice = plan
                c.save()
        if plan.due is None or c.revisit:
            plan.due = c.ask_date((*key, "due"), words.due, plan.due or c.default_due())
            step.practice = plan
            c.save()
    if not s.action_steps:
        c.ask.show(Message(words.no_steps, "dim"))
    return c.stage_done("practice_done", words.done, index)
