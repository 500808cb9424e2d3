"""The practice stage: a rehearsal in the room if the coach runs one (see it, name it,
do it), then the most authentic place to practise each open step, when, who observes
and how feedback is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    NEXT,
    Key,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.conversation.stages.guide import show_guide
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    ActionStep,
    PracticePlan,
    Rehearsal,
)
from coachcli.records.wording import OTHER_PLACE

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
        unplanned = not (plan.complete() and plan.due) or c.revisit
        unrehearsed = not any(r.session == s.id for r in step.rehearsals)
        if not step.is_open() or not (unplanned or unrehearsed):
            continue
        title = words.step.format(number=i + 1)
        c.ask.show(Message(s.says(step), "info", title=title))
        if unrehearsed:
            rehearse(c, step, (*c.step_key(step), "rehearsal"))
        if not unplanned:
            continue
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
                    default=plan.place if plan.place in places else _suggested(c, step),
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


def rehearse(c: Conversation, step: ActionStep, key: Key) -> None:
    """Practice in the room, if the coach runs it now: see it (a model or an example),
    name it (the key moves), do it (rounds, with feedback between), and what changed."""
    words = c.fw.conversation.questions.rehearsal
    assert words is not None, "filled from coachcli's own words when a file lacks them"
    from_library = c.fw.library.step(step.library) if c.fw.library else None
    if from_library is not None:
        cue = from_library.rehearsal
        said = words.cue.format(model=cue.model, name=cue.name, rehearse=cue.rehearse)
        c.ask.show(Message(said, "info"))
    choice = c.ask.select(
        SelectQ(
            key,
            words.question,
            [Option("rehearse", words.offer, "r"), Option(NEXT, words.skip, "n")],
            default=NEXT,
            adds="rehearse",
        )
    )
    if choice != "rehearse":
        return
    c.ask.show(Message(words.about, "dim"))
    done = Rehearsal(session=c.session.id)
    done.seen = c.text(TextQ((*key, "seen"), words.seen, multiline=True)).strip() or None
    done.moves = c.text(TextQ((*key, "moves"), words.moves, multiline=True)).strip() or None
    rounds = c.text(TextQ((*key, "rounds"), words.rounds, default="2", check=_rounds))
    done.rounds = int(rounds.strip())
    done.changed = c.text(TextQ((*key, "changed"), words.changed, multiline=True)).strip() or None
    step.rehearsals.append(done)
    c.save()
    c.ask.show(Message(words.done.format(rounds=done.rounds), "done"))


def _rounds(text: str) -> None:
    value = text.strip()
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 99):
        raise ValueError("a whole number of rounds, 1 to 99")


def _suggested(c: Conversation, step: ActionStep) -> str | None:
    """The first practice place the library suggests for a step taken from it."""
    chosen = c.fw.library.step(step.library) if c.fw.library else None
    return chosen.places[0] if chosen and chosen.places else None
