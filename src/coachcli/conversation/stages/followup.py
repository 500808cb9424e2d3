"""The follow-up stage: each open step from last time, where it is now, the practice seen and
what the coachee learned about themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    BACK,
    NEXT,
    Message,
    TextQ,
)
from coachcli.conversation.review import review_step
from coachcli.conversation.stages.context import previous
from coachcli.conversation.stages.guide import show_guide
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    StepReview,
)
from coachcli.records.vocabulary import STATUS_LABELS

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "followup"


def run(c: Conversation, stage: Stage, index: int) -> str:
    s = c.session
    words = c.fw.conversation.questions.followup
    s.stem = s.stem or c.fw.conversation.stem
    carried = s.carried_steps()
    if not carried:  # nothing to review: one line, not the stage's questions
        c.ask.show(Message(words.none, "dim"))
        return BACK if c.revisit and index > 0 else NEXT
    show_guide(c, stage)
    if not stage.brief:
        measure_now(c)
    recorded = _recorded(c)
    reviewed = {review.step for review in s.followup}
    brief = stage.brief  # a corridor conversation: one line each
    for i, step in enumerate(carried):
        if step.id in reviewed and not c.revisit:
            continue
        earlier = next((r for r in s.followup if r.step == step.id), recorded.get(step.id))
        lines = [s.says(step)]
        plan = step.practice
        if plan and plan.place and not brief:
            observer = plan.observer or "?"
            lines.append(words.practice.format(place=plan.place_label, observer=observer))
        if earlier is not None:
            lines.append(words.recorded.format(status=STATUS_LABELS[earlier.status]))
        title = words.step.format(number=i + 1, total=len(carried))
        c.ask.show(Message("\n".join(lines), "info", title=title))
        review = review_step(
            c.ask,
            c.text,
            ("followup", i),
            step.id,
            earlier,
            step.status,
            c.fw.conversation,
            brief=brief,
        )
        s.followup = [r for r in s.followup if r.step != step.id] + [review]
        step.status = review.status
        c.save()
        if review.status == "achieved":
            c.ask.show(Message(words.achieved, "done"))
    return c.stage_done("followup_done", words.done, index)


def _recorded(c: Conversation) -> dict[str, StepReview]:
    """The latest progress recorded between meetings, by step."""
    latest: dict[str, StepReview] = {}
    if c.session.follows is None:
        return latest
    for record in c.store.progress(c.session.coachee_id, c.session.coachee):
        if record.after_session == c.session.follows:
            for review in record.steps:
                latest[review.step] = review
    return latest


def measure_now(c: Conversation) -> None:
    """Where last session's pupil measure is now (asked once; going back asks again)."""
    s = c.session
    words = c.fw.conversation.questions.goal
    last = previous(c)
    goal = last.goal if last is not None else None
    if words is None or goal is None or not goal.measured():
        return
    if s.goal_now is not None and not c.revisit:
        return
    question = words.now.format(
        pupils=goal.pupils, baseline=goal.baseline or "?", target=goal.target or "?"
    )
    s.goal_now = c.text(TextQ(("goal_now",), question, default=s.goal_now or "")).strip()
    c.save()
