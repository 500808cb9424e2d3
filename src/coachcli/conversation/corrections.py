"""Correcting the record during the meeting: the notes of a stage and the action steps
agreed in this session, listed, reworded, deleted, or made private or shared again.

Every stage's menu offers it once the stage holds something to correct (the engine's
``nav`` adds :data:`FIX`). The conversation's asker is wrapped in :class:`Correcting`,
which answers that choice itself: it runs the corrections, saving after each one like
any answer, then raises :class:`Reopen` so that the engine runs the stage again and
its menu shows the record as it is now (a stage asks only what its record lacks, so
running it again asks nothing twice). Stage modules need to know nothing of this.

A reworded step may be checked against the criteria again (its earlier wording is kept
in ``earlier_wordings``); the stage does that when it runs again, as for a new step.
Steps carried from an earlier session are corrected in the follow-up stage, not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    Asker,
    ConfirmQ,
    Message,
    Option,
    SelectQ,
    TextQ,
)

if TYPE_CHECKING:
    from pathlib import Path

    from coachcli.conversation.engine import Conversation
    from coachcli.records.frameworks import Stage
    from coachcli.records.session import ActionStep, Note, Session

FIX = "fix"
"""The stage menu's value for 'look at, change or remove what is noted here'."""

DONE = "done"
LABEL_WIDTH = 70


class Reopen(Exception):
    """The record of a stage changed under its menu: the engine runs the stage again."""


def notes_of(c: Conversation, stage: Stage) -> list[Note]:
    record = c.session.stages.get(stage.id)
    return record.notes if record is not None else []


def steps_of(c: Conversation, stage: Stage) -> list[ActionStep]:
    """The steps agreed in this session, on the stage where they are agreed."""
    return c.session.new_steps() if stage.kind == "action_steps" else []


def offer(c: Conversation, index: int) -> list[Option]:
    """The stage menu's option, when the stage holds notes or steps to correct."""
    stage = c.stages[index]
    notes, steps = notes_of(c, stage), steps_of(c, stage)
    if not notes and not steps:
        return []
    what = "notes and steps" if notes and steps else "notes" if notes else "steps"
    return [Option(FIX, f"Look at, change or remove the {what} so far", "c")]


def short(text: str) -> str:
    """One line of a note or step, short enough for a menu."""
    first = " ".join(text.split())
    return first if len(first) <= LABEL_WIDTH else first[: LABEL_WIDTH - 1].rstrip() + "…"


def correct(c: Conversation, index: int) -> None:
    """List the stage's notes and steps; change one at a time until the coach is done."""
    stage = c.stages[index]
    default: str | None = None
    while True:
        notes, steps = notes_of(c, stage), steps_of(c, stage)
        options = [
            Option(f"n{i}", f"Note {i + 1}{' (private)' if n.private else ''}: {short(n.text)}")
            for i, n in enumerate(notes)
        ]
        options += [
            Option(f"s{i}", f"Step {i + 1}: {short(step.text)}") for i, step in enumerate(steps)
        ]
        if not options:
            return
        options.append(Option(DONE, "Back to the stage's menu", "d"))
        picked = c.ask.select(
            SelectQ(("correct", stage.id), "Which one would you like to look at?", options, default)
        )
        default = DONE  # after one correction, Enter goes back to the stage
        if picked == DONE:
            return
        number = int(picked[1:])
        if picked.startswith("n"):
            note_menu(c, stage, notes, number)
        else:
            step_menu(c, steps[number], number)


def note_menu(c: Conversation, stage: Stage, notes: list[Note], i: int) -> None:
    note = notes[i]
    about = f"{note.prompt}\n\n{note.text}" if note.prompt else note.text
    where = "private: left out of every export" if note.private else "shared"
    c.ask.show(Message(about, "info", title=f"Note {i + 1} ({where})"))
    privacy = "Share it again" if note.private else "Make it private"
    choice = c.ask.select(
        SelectQ(
            ("correct", stage.id, "note", i),
            "What would you like to do with this note?",
            [
                Option("edit", "Change its words", "e"),
                Option("privacy", privacy, "p"),
                Option("delete", "Delete it", "x"),
                Option(DONE, "Leave it as it is", "d"),
            ],
            default="edit",
        )
    )
    if choice == "edit":
        text = c.text(
            TextQ(
                ("correct", stage.id, "note", i, "text"),
                note.prompt or c.fw.conversation.questions.notes.note,
                default=note.text,
                multiline=True,
                required=True,
            )
        )
        if text.strip() and text != note.text:
            note.text = text
            c.save()
            c.ask.show(Message(f"Note {i + 1} changed.", "done"))
    elif choice == "privacy":
        note.private = not note.private
        c.save()
        now = "private: it is left out of every export" if note.private else "shared again"
        c.ask.show(Message(f"Note {i + 1} is {now}.", "done"))
    elif choice == "delete" and c.ask.confirm(
        ConfirmQ(("correct", stage.id, "note", i, "delete"), "Delete this note for good?")
    ):
        del notes[i]
        c.save()
        c.ask.show(Message(f"Note {i + 1} deleted.", "done"))


def step_menu(c: Conversation, step: ActionStep, i: int) -> None:
    s = c.session
    c.ask.show(Message(f"{s.step_stem} {step.text}", "info", title=f"Step {i + 1}"))
    choice = c.ask.select(
        SelectQ(
            ("correct", "action_steps", i),
            "What would you like to do with this step?",
            [
                Option("edit", c.fw.conversation.menus.action_steps.reword, "e"),
                Option("delete", "Delete it", "x"),
                Option(DONE, "Leave it as it is", "d"),
            ],
            default="edit",
        )
    )
    if choice == "edit":
        reword(c, step, i)
    elif choice == "delete" and c.ask.confirm(
        ConfirmQ(
            ("correct", "action_steps", i, "delete"),
            "Delete this step for good (its practice plan too)?",
        )
    ):
        s.action_steps.remove(step)
        renumber(s)
        c.save()
        c.ask.show(Message(f"Step {i + 1} deleted.", "done"))


def reword(c: Conversation, step: ActionStep, i: int) -> None:
    s = c.session
    text = c.text(
        TextQ(
            ("correct", "action_steps", i, "text"),
            f"Step {i + 1}, in new words: {s.step_stem} …",
            default=step.text,
            required=True,
        )
    ).strip()
    if not text or text == step.text:
        return
    step.earlier_wordings.append(step.text)
    step.text = text
    c.save()
    again = c.ask.confirm(
        ConfirmQ(
            ("correct", "action_steps", i, "recheck"),
            "Check the new wording against the criteria again?",
            default=True,
        )
    )
    if again:  # the stage checks it when it runs again, as it checks a new step
        step.criteria, step.hints, step.checked = [], [], False
        c.save()
    c.ask.show(Message(f"Step {i + 1} reworded.", "done"))


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
