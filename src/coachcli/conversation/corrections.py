"""Correcting the record during the meeting: the notes of a stage and the action steps
agreed in this session, the evidence and the reviews of earlier steps: listed, reworded,
deleted, or made private or shared again.

Every stage's menu offers it once the stage holds something to correct (the engine's
``nav`` adds :data:`FIX`). The conversation's asker is wrapped in :class:`Correcting`,
which answers that choice itself: it runs the corrections, saving after each one like
any answer, then raises :class:`Reopen` so that the engine runs the stage again and
its menu shows the record as it is now (a stage asks only what its record lacks, so
running it again asks nothing twice). Stage modules need to know nothing of this.

A reworded step may be checked against the criteria again (its earlier wording is kept
in ``earlier_wordings``); the stage does that when it runs again, as for a new step.
The evidence stage corrects its evidence; the stage that reviews steps carried from an
earlier session (the follow-up stage, or the action-step stage of a flow without one)
goes over a review again. The words are ``questions.correct`` in conversation.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    Asker,
    ConfirmQ,
    Key,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.conversation.review import review_step
from coachcli.conversation.stages.evidence import owner
from coachcli.records.vocabulary import STATUS_LABELS

if TYPE_CHECKING:
    from pathlib import Path

    from coachcli.conversation.engine import Conversation
    from coachcli.records.frameworks import Stage
    from coachcli.records.session import ActionStep, Evidence, Note, Session, StepReview
    from coachcli.records.wording import CorrectWords

FIX = "fix"
"""The stage menu's value for 'look at, change or remove what is noted here'."""

DONE = "done"
LABEL_WIDTH = 60
SHOWN_LINES = 12
"""A long note (a pasted page) is shown this far before the question; all of it is
there to edit."""


class Reopen(Exception):
    """The record of a stage changed under its menu: the engine runs the stage again."""


def words(c: Conversation) -> CorrectWords:
    found = c.fw.conversation.questions.correct
    assert found is not None, "filled from coachcli's own words when a file lacks them"
    return found


def notes_of(c: Conversation, stage: Stage) -> list[Note]:
    record = c.session.stages.get(stage.id)
    return record.notes if record is not None else []


def evidence_of(c: Conversation, stage: Stage) -> list[Evidence]:
    return c.session.evidence if stage.kind == "evidence" else []


def steps_of(c: Conversation, stage: Stage) -> list[ActionStep]:
    """The steps agreed in this session, on the stage where they are agreed."""
    return c.session.new_steps() if stage.kind == "action_steps" else []


def reviews_of(c: Conversation, stage: Stage) -> list[tuple[ActionStep, StepReview]]:
    """Earlier steps with their review so far, on the stage that reviews them: the
    follow-up stage, or the action-step stage of a flow without one."""
    reviews_here = stage.kind == "followup" or (
        stage.kind == "action_steps" and not any(o.kind == "followup" for o in c.stages)
    )
    if not reviews_here:
        return []
    by_step = {review.step: review for review in c.session.followup}
    return [(step, by_step[step.id]) for step in c.session.carried_steps() if step.id in by_step]


def _entries(c: Conversation, stage: Stage) -> list[tuple[str, str]]:
    """The stage's record as (value, label), in the order it was made."""
    w = words(c)
    entries = []
    for i, n in enumerate(notes_of(c, stage)):
        private = f" {w.private}" if n.private else ""
        entries.append((f"n{i}", f"{w.note} {i + 1}{private}: {short(n.text)}"))
    for i, ev in enumerate(evidence_of(c, stage)):
        entries.append((f"e{i}", f"{w.evidence} {i + 1}: {short(ev.seen)}"))
    for i, (step, _) in enumerate(reviews_of(c, stage)):
        entries.append((f"r{i}", f"{w.review} {i + 1}: {short(step.text)}"))
    for i, step in enumerate(steps_of(c, stage)):
        entries.append((f"s{i}", f"{w.step} {i + 1}: {short(step.text)}"))
    return entries


def offer(c: Conversation, index: int) -> list[Option]:
    """The stage menu's option, when the stage holds something to correct."""
    if not _entries(c, c.stages[index]):
        return []
    return [Option(FIX, words(c).offer, "c")]


def short(text: str) -> str:
    """One line of a note or step, short enough for a menu."""
    first = " ".join(text.split())
    return first if len(first) <= LABEL_WIDTH else first[: LABEL_WIDTH - 1].rstrip() + "…"


def correct(c: Conversation, index: int) -> None:
    """List the stage's record; change one entry at a time until the coach is done."""
    stage = c.stages[index]
    w = words(c)
    default: str | None = None
    while True:
        entries = _entries(c, stage)
        if not entries:
            return
        options = [Option(value, label) for value, label in entries]
        options.append(Option(DONE, w.back, "d"))
        picked = c.ask.select(SelectQ(("correct", stage.id), w.which, options, default))
        default = DONE  # after one correction, Enter goes back to the stage
        if picked == DONE:
            return
        i = int(picked[1:])
        if picked[0] == "n":
            note_menu(c, stage, i)
        elif picked[0] == "e":
            evidence_menu(c, stage, i)
        elif picked[0] == "r":
            review_menu(c, stage, i)
        else:
            step_menu(c, stage, i)


def _choose(c: Conversation, key: Key, title: str, about: str, options: list[Option]) -> str:
    """Show one entry in full and ask what to do with it."""
    w = words(c)
    lines = about.splitlines()
    if len(lines) > SHOWN_LINES:
        about = "\n".join([*lines[:SHOWN_LINES], f"… (+{len(lines) - SHOWN_LINES})"])
    c.ask.show(Message(about, "info", title=title))
    options.append(Option(DONE, w.leave, "d"))
    return c.ask.select(SelectQ(key, w.what, options, default=options[0].value))


def _delete(c: Conversation, key: Key, question: str) -> bool:
    return c.ask.confirm(ConfirmQ((*key, "delete"), question))


def note_menu(c: Conversation, stage: Stage, i: int) -> None:
    w, note = words(c), notes_of(c, stage)[i]
    key: Key = ("correct", stage.id, "note", i)
    about = f"{note.prompt}\n\n{note.text}" if note.prompt else note.text
    title = f"{w.note} {i + 1}{f' {w.private}' if note.private else ''}"
    privacy = w.share_again if note.private else w.make_private
    choice = _choose(
        c,
        key,
        title,
        about,
        [
            Option("edit", w.edit, "e"),
            Option("privacy", privacy, "p"),
            Option("delete", w.delete, "x"),
        ],
    )
    if choice == "edit":
        question = note.prompt or c.fw.conversation.questions.notes.note
        text = c.text(
            TextQ((*key, "text"), question, default=note.text, multiline=True, required=True)
        )
        if text.strip() and text != note.text:
            note.text = text
            _saved(c, w.changed)
    elif choice == "privacy":
        note.private = not note.private
        _saved(c, w.now_private if note.private else w.now_shared)
    elif choice == "delete" and _delete(c, key, w.confirm_delete):
        notes_of(c, stage).remove(note)
        _saved(c, w.deleted)


def evidence_menu(c: Conversation, stage: Stage, i: int) -> None:
    w, ev = words(c), c.session.evidence[i]
    key: Key = ("correct", stage.id, "evidence", i)
    about = f"{ev.source_name or ev.source}\n\n{ev.seen}"
    state = Option("seen", w.seen, "s") if ev.to_collect else Option("collect", w.to_collect, "t")
    choice = _choose(
        c,
        key,
        f"{w.evidence} {i + 1}",
        about,
        [Option("edit", w.edit, "e"), state, Option("delete", w.delete, "x")],
    )
    if choice == "edit":
        question = c.fw.conversation.questions.evidence.seen
        text = c.text(
            TextQ((*key, "text"), question, default=ev.seen, multiline=True, required=True)
        )
        if text.strip() and text != ev.seen:
            ev.seen = text
            _saved(c, w.changed)
    elif choice in ("seen", "collect"):
        ev.to_collect = choice == "collect"
        if ev.to_collect:
            owner(c, ev, key)
        _saved(c, w.changed)
    elif choice == "delete" and _delete(c, key, w.confirm_delete):
        c.session.evidence.remove(ev)
        _saved(c, w.deleted)


def review_menu(c: Conversation, stage: Stage, i: int) -> None:
    """An earlier step's review, gone over again (what was said is the default)."""
    w = words(c)
    step, review = reviews_of(c, stage)[i]
    key: Key = ("correct", stage.id, "review", i)
    lines = [c.session.says(step), f"{STATUS_LABELS[review.status]}"]
    lines += [text for text in (review.evidence, review.reflection) if text]
    choice = _choose(
        c, key, f"{w.review} {i + 1}", "\n".join(lines), [Option("again", w.review_again, "a")]
    )
    if choice != "again":
        return
    again = review_step(
        c.ask,
        c.text,
        key,
        step.id,
        review,
        step.status,
        c.fw.conversation,
        brief=stage.brief,
    )
    s = c.session
    s.followup = [again if r.step == step.id else r for r in s.followup]
    step.status = again.status
    _saved(c, w.changed)


def step_menu(c: Conversation, stage: Stage, i: int) -> None:
    w, s = words(c), c.session
    step = steps_of(c, stage)[i]
    key: Key = ("correct", "action_steps", i)
    reword_option = c.fw.conversation.menus.action_steps.reword
    choice = _choose(
        c,
        key,
        f"{w.step} {i + 1}",
        s.says(step),
        [Option("edit", reword_option, "e"), Option("delete", w.delete, "x")],
    )
    if choice == "edit":
        reword(c, step, i)
    elif choice == "delete" and _delete(c, key, w.confirm_delete_step):
        s.action_steps.remove(step)
        renumber(s)
        _saved(c, w.deleted)


def reword(c: Conversation, step: ActionStep, i: int) -> None:
    w, s = words(c), c.session
    key: Key = ("correct", "action_steps", i)
    question = w.reword.format(first=s.first_name, stem=s.step_stem)
    text = c.text(TextQ((*key, "text"), question, default=step.text, required=True)).strip()
    if not text or text == step.text:
        return
    step.earlier_wordings.append(step.text)
    step.text = text
    c.save()
    if c.ask.confirm(ConfirmQ((*key, "recheck"), w.recheck, default=True)):
        # the stage checks it when it runs again, as it checks a new step
        step.criteria, step.hints, step.checked = [], [], False
        step.kept_because = None
        if step.status == "dropped":
            step.status = "not_started"
    _saved(c, w.changed)


def _saved(c: Conversation, message: str) -> None:
    c.save()
    c.ask.show(Message(message, "done"))


def renumber(s: Session) -> None:
    """Keep the ids of this session's steps in order (``<session id>-1``, ``-2``…), so
    that a step added after a deletion never takes an id already in use."""
    for number, step in enumerate(s.new_steps(), 1):
        step.id = f"{s.id}-{number}"


class Correcting:
    """The conversation's asker, answering the stage menu's :data:`FIX` itself."""

    def __init__(self, inner: Asker, conversation: Conversation) -> None:
        self.inner = inner
        self.conversation = conversation
        self.keeps_drafts = inner.keeps_drafts

    def select(self, q: SelectQ) -> str:
        answer = self.inner.select(q)
        if answer != FIX or not any(o.value == FIX for o in q.options):
            return answer
        correct(self.conversation, self.conversation.session.stage_index)
        raise Reopen

    def text(self, q: TextQ) -> str:
        return self.inner.text(q)

    def confirm(self, q: ConfirmQ) -> bool:
        return self.inner.confirm(q)

    def show(self, message: Message) -> None:
        self.inner.show(message)

    def preset(self, name: str) -> str | None:
        return self.inner.preset(name)

    def finish(self) -> None:
        self.inner.finish()

    def secret(self, message: str, *, confirm: bool) -> str:
        return self.inner.secret(message, confirm=confirm)

    def show_session(self, session: Session, path: Path) -> None:
        self.inner.show_session(session, path)
