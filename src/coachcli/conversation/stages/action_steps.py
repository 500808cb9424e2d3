"""The action-step stage: what the coachee will be able to do, checked for the usual weaknesses
and against the criteria."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    NEXT,
    ConfirmQ,
    Key,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.conversation.hints import weak_step_hints
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    ActionStep,
    CriterionCheck,
)

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "action_steps"


def run(c: Conversation, stage: Stage, index: int) -> str:
    s = c.session
    words, menu = c.fw.conversation.questions.action_steps, c.fw.conversation.menus.action_steps
    s.stem = s.stem or c.fw.conversation.stem
    for step in s.action_steps:
        if not step.checked:
            check_step(c, step, c.step_key(step))
    while True:
        n = len(s.new_steps())
        for number, step in enumerate(s.action_steps, 1):
            carried = f" {words.carried}" if step.carried_from else ""
            c.ask.show(Message(f"{number}. {s.step_stem} {step.text}{carried}", "dim"))
        limit = c.flow.max_action_steps
        extra = (
            []
            if limit is not None and len(s.new_steps()) >= limit
            else [Option("add", menu.add, "a")]
        )
        choice = c.ask.select(
            SelectQ(
                ("action_steps", n),
                words.menu,
                c.nav(index, extra),
                default="add" if extra and not n else NEXT,
                adds="add" if extra else None,
            )
        )
        if choice != "add":
            return choice
        text = c.text(
            TextQ(
                ("action_steps", n, "text"),
                words.step.format(first=s.first_name, name=s.coachee, stem=s.step_stem),
                required=True,
                instruction=words.step_help,
            )
        )
        if not text.strip():
            continue
        step = ActionStep(id=f"{s.id}-{n + 1}", text=text.strip(), started_in=s.id)
        s.action_steps.append(step)
        c.save()
        check_step(c, step, ("action_steps", n))


def check_step(c: Conversation, step: ActionStep, key: Key) -> None:
    s = c.session
    assert s.kind is not None
    words, menu = c.fw.conversation.questions.action_steps, c.fw.conversation.menus.action_steps
    seen = [e.seen for e in s.evidence]
    while not step.checked and not step.criteria:
        hints = weak_step_hints(step.text, s.kind, seen, rules=c.fw.hints)
        for hint in hints:
            if hint.id not in step.hints:
                step.hints.append(hint.id)
        if not hints:
            break
        c.save()
        example = c.fw.example(s.kind)  # the one for this kind of coaching
        c.ask.show(
            Message(
                "\n".join(f"• {h.message}" for h in hints)
                + f"\n\n{words.weak_example.format(weak=example.weak)}"
                + f"\n{words.strong_example.format(strong=example.strong)}",
                "hint",
                title=words.weak,
            )
        )
        choice = c.ask.select(
            SelectQ(
                (*key, "reword"),
                words.reword,
                [Option("reword", menu.reword, "r"), Option("keep", menu.keep, "k")],
                unanswered="keep",
            )
        )
        if choice == "keep":
            break
        new = c.text(
            TextQ((*key, "text"), words.reworded, default=step.text, required=True)
        ).strip()
        if new and new != step.text:
            step.earlier_wordings.append(step.text)
            step.text = new
            c.save()
    criteria_set = c.fw.criteria.for_kind(s.kind)
    step.criteria_set = criteria_set.id
    step.criteria_set_name = criteria_set.name
    for criterion in criteria_set.criteria:
        if step.criterion(criterion.id) is not None:
            continue
        met = c.ask.confirm(
            ConfirmQ(
                (*key, "criteria", criterion.id),
                f"{criterion.name}: {criterion.check}",
                default=None,  # the coach answers each one: nothing is assumed met
            )
        )
        step.criteria.append(CriterionCheck(id=criterion.id, name=criterion.name, met=met))
        c.save()
    missing = [c.label for c in step.criteria if not c.met]
    met_count = len(step.criteria) - len(missing)
    summary = words.criteria_met.format(met=met_count, total=len(step.criteria))
    if missing:
        summary += " " + words.criteria_missing.format(missing=", ".join(missing))
    c.ask.show(Message(summary, "done"))
    step.checked = True
    c.save()
