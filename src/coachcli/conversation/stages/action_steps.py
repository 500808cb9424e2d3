"""The action-step stage: what the coachee will be able to do, checked for the usual weaknesses
and against the criteria.

A step that misses any criterion is never saved without a word: the coach rewords it
(its wording pre-filled, and the missed criteria asked again), keeps it with a reason
(``kept_because``, shown in every view and export) or drops it (kept in the record as
dropped, so the answers file's places and the step ids stay as they were). A flow with
no follow-up stage (a corridor conversation) reviews each carried step here first, and
``max_action_steps`` caps only the new steps agreed today.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation import library
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
from coachcli.conversation.review import review_step
from coachcli.conversation.stages.guide import show_guide
from coachcli.records.frameworks import Stage
from coachcli.records.school import CriteriaSet
from coachcli.records.session import (
    ActionStep,
    CriterionCheck,
)
from coachcli.records.vocabulary import STATUS_LABELS

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation
    from coachcli.records.library import LibraryStep

KIND = "action_steps"


def run(c: Conversation, stage: Stage, index: int) -> str:
    show_guide(c, stage)
    s = c.session
    words, menu = c.fw.conversation.questions.action_steps, c.fw.conversation.menus.action_steps
    s.stem = s.stem or c.fw.conversation.stem
    if not any(other.kind == "followup" for other in c.stages):
        review_carried(c)
    for step in list(s.action_steps):
        if not step.checked:
            check_step(c, step, c.step_key(step))
    shelf = library.offered(c.fw, s.focus.id, achieved(c)) if s.focus else []  # read once
    while True:
        n = len(s.new_steps())  # dropped ones too: each keeps its place in an answers file
        for number, step in enumerate(s.action_steps, 1):
            c.ask.show(Message(f"{number}. {s.says(step)}{_mark(c, step)}", "dim"))
        limit = c.flow.max_action_steps
        agreed = [step for step in s.new_steps() if step.status != "dropped"]
        extra = [] if limit is not None and len(agreed) >= limit else [Option("add", menu.add, "a")]
        if extra and shelf and s.focus and words.library:
            extra.append(Option("library", words.library.format(item=s.focus.title), "l"))
        choice = c.ask.select(
            SelectQ(
                ("action_steps", n),
                words.menu,
                c.nav(index, extra),
                default="add" if extra and not agreed else NEXT,
                adds="add" if extra else None,
            )
        )
        if choice not in ("add", "library"):
            return choice
        picked = pick(c, shelf, ("action_steps", n, "library"), asked=choice == "library")
        if picked == NONE:
            continue
        chosen = c.fw.library.step(picked) if c.fw.library else None
        text = c.text(
            TextQ(
                ("action_steps", n, "text"),
                words.step.format(first=s.first_name, name=s.coachee, stem=s.step_stem),
                default=chosen.step if chosen else "",  # the library's words, to adapt
                required=chosen is None,
                instruction=words.step_help,
            )
        )
        if not text.strip():
            continue
        step = ActionStep(id=f"{s.id}-{n + 1}", text=text.strip(), started_in=s.id)
        step.library = chosen.id if chosen else None
        s.action_steps.append(step)
        c.save()
        check_step(c, step, ("action_steps", n))


def _mark(c: Conversation, step: ActionStep) -> str:
    """What the list says after a step: carried forward only while it is still open;
    an achieved or dropped step says so instead."""
    if not step.is_open():
        return f" ({STATUS_LABELS[step.status]})"
    if step.carried_from:
        return f" {c.fw.conversation.questions.action_steps.carried}"
    return ""


def review_carried(c: Conversation) -> None:
    """A flow without a follow-up stage still hears where each carried step is now,
    before any new step is agreed (answers under ``followup``, as in a full flow)."""
    s = c.session
    reviewed = {review.step for review in s.followup}
    for i, step in enumerate(s.carried_steps()):
        if step.id in reviewed:
            continue
        c.ask.show(Message(s.says(step), "info"))
        review = review_step(
            c.ask, c.text, ("followup", i), step.id, None, step.status, c.fw.conversation
        )
        s.followup.append(review)
        step.status = review.status
        c.save()


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
        _reword(c, step, key)
        c.save()
    criteria_set = c.fw.criteria.for_kind(s.kind)
    step.criteria_set = criteria_set.id
    step.criteria_set_name = criteria_set.name
    ask_criteria(c, step, criteria_set, (*key, "criteria"))
    attempt = 0
    while step.unmet() and step.kept_because is None and step.status != "dropped":
        c.ask.show(Message(_summary(c, step, missing=False), "done"))
        settle_unmet(c, step, criteria_set, (*key, "unmet", attempt))
        attempt += 1
    if not step.unmet():
        c.ask.show(Message(_summary(c, step), "done"))
    step.checked = True
    c.save()


def _summary(c: Conversation, step: ActionStep, *, missing: bool = True) -> str:
    """How many criteria the step meets; with ``missing``, which it does not (left out
    where the next question names them)."""
    words = c.fw.conversation.questions.action_steps
    unmet = [check.label for check in step.unmet()]
    summary = words.criteria_met.format(
        met=len(step.criteria) - len(unmet), total=len(step.criteria)
    )
    if missing and unmet:
        summary += " " + words.criteria_missing.format(missing=", ".join(unmet))
    return summary


def ask_criteria(c: Conversation, step: ActionStep, criteria_set: CriteriaSet, key: Key) -> None:
    """Each criterion the step has no answer for yet: the coach answers every one."""
    for criterion in criteria_set.criteria:
        if step.criterion(criterion.id) is not None:
            continue
        met = c.ask.confirm(
            ConfirmQ(
                (*key, criterion.id),
                f"{criterion.name}: {criterion.check}",
                default=None,  # the coach answers each one: nothing is assumed met
            )
        )
        step.criteria.append(CriterionCheck(id=criterion.id, name=criterion.name, met=met))
        order = [criterion.id for criterion in criteria_set.criteria]
        step.criteria.sort(key=lambda check: order.index(check.id) if check.id in order else 99)
        c.save()


def settle_unmet(c: Conversation, step: ActionStep, criteria_set: CriteriaSet, key: Key) -> None:
    """What would make it meet the criteria it misses: reword it, keep it and say why,
    or drop it. There is no default: a file must say which."""
    words, menu = c.fw.conversation.questions.action_steps, c.fw.conversation.menus.action_steps
    assert words.unmet and words.kept_because and words.dropped and menu.drop, "filled when lacking"
    missing = ", ".join(check.label for check in step.unmet())
    choice = c.ask.select(
        SelectQ(
            (*key, "choice"),
            words.unmet.format(missing=missing),
            [
                Option("reword", menu.reword, "r"),
                Option("keep", menu.keep, "k"),
                Option("drop", menu.drop, "d"),
            ],
        )
    )
    if choice == "drop":
        step.status = "dropped"
        c.ask.show(Message(words.dropped, "dim"))
    elif choice == "reword":
        _reword(c, step, key)
        step.criteria = [check for check in step.criteria if check.met]
        c.save()
        ask_criteria(c, step, criteria_set, (*key, "criteria"))
    else:  # keep
        step.kept_because = c.text(
            TextQ((*key, "reason"), words.kept_because, required=True, check=_some_words)
        ).strip()
    c.save()


def _reword(c: Conversation, step: ActionStep, key: Key) -> None:
    """The step's new wording, its old one pre-filled to edit in place; the old wording
    is kept in ``earlier_wordings``."""
    words = c.fw.conversation.questions.action_steps
    new = c.text(TextQ((*key, "text"), words.reworded, default=step.text, required=True)).strip()
    if new and new != step.text:
        step.earlier_wordings.append(step.text)
        step.text = new


def _some_words(text: str) -> None:
    if not text.strip():
        raise ValueError("say in a few words why it is kept as it is")


OWN, NONE = "own", "none"


def pick(
    c: Conversation, shelf: list[tuple[LibraryStep, bool, bool]], key: Key, *, asked: bool
) -> str:
    """A library step for the focus (the coach pressed 'l'), or the coach's own words.
    Prepared answers name one by id (``library``) or say nothing (their own words)."""
    words = c.fw.conversation.questions.action_steps
    if not shelf or not words.library_pick:
        return OWN
    options = [
        Option(step.id, ("✓ " if done else "★ " if next_one else "  ") + step.step)
        for step, done, next_one in shelf
    ]
    suggested = next((step.id for step, _, next_one in shelf if next_one), None)
    if asked:
        options.append(Option(NONE, c.fw.conversation.menus.notes.none, "b"))
    return c.ask.select(
        SelectQ(
            key,
            words.library_pick,
            options,
            default=suggested if asked else OWN,
            unanswered=OWN,
            person_asked=asked,
        )
    )


def achieved(c: Conversation) -> set[str]:
    """The library steps this coachee has achieved, in any session, this one too (their
    earlier sessions are read only when the focus has library steps)."""
    from coachcli.store.people import Who, person

    s = c.session
    if c.fw.library is None or s.focus is None or not c.fw.library.on(s.focus.id):
        return set()
    sessions = person(c.store, Who(s.coachee_id, s.coachee)).sessions if s.follows else []
    return {
        step.library
        for session in [*sessions, s]
        for step in session.action_steps
        if step.library and step.status == "achieved"
    }
