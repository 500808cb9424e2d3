"""A note-taking stage: suggested questions, the skill's cues (say it back, sum up, stay
quiet) and question bank, the coach's own question or just a note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    BACK,
    NEXT,
    ConfirmQ,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    Note,
    StageRecord,
)

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "notes"


def run(c: Conversation, stage: Stage, index: int) -> str:
    s = c.session
    words, menu = c.fw.conversation.questions.notes, c.fw.conversation.menus.notes
    record = s.stages.setdefault(stage.id, StageRecord(title=stage.title, skill=stage.skill))
    skill = c.fw.skill(stage.skill)
    bank = stage.bank(skill)  # less what the stage asks already, in any words
    cues = list(skill.cues or []) if skill else []
    while True:
        n = len(record.notes)
        asked = {note.prompt for note in record.notes}
        options = [
            Option(f"p{i}", ("✓ " if p in asked else "") + p) for i, p in enumerate(stage.prompts)
        ]
        if cues and menu.cue is not None:
            options += [
                Option(f"c{i}", ("✓ " if p in asked else "") + menu.cue.format(cue=_named(p)))
                for i, p in enumerate(cues)
            ]
        if bank:
            more = menu.more.format(skill=skill.name if skill else "")
            options.append(Option("bank", more, "m"))
        options += [Option("own", menu.own, "w"), Option("note", menu.note, "t")]
        if record.notes:
            label = menu.share_again if record.notes[-1].private else menu.make_private
            options.append(Option("private", label, "p"))
        shown = "" if not n else words.one_note if n == 1 else words.some_notes.format(count=n)
        choice = c.ask.select(
            SelectQ(
                ("notes", stage.id, n),
                f"{words.menu} {shown}".rstrip(),
                c.nav(index, options),
                default=next((o.value for o in options if not o.label.startswith("✓")), NEXT),
                adds="own",
            )
        )
        if choice in (NEXT, BACK):
            return choice
        if choice == "private":
            record.notes[-1].private = not record.notes[-1].private
            c.save()
            continue
        prompt: str | None = None
        if choice.startswith("p"):
            prompt = stage.prompts[int(choice[1:])]
        elif choice.startswith("c"):
            prompt = cues[int(choice[1:])]
        elif choice == "bank":
            picked = c.ask.select(
                SelectQ(
                    ("notes", stage.id, n, "bank"),
                    words.pick,
                    [Option(f"b{i}", p) for i, p in enumerate(bank)]
                    + [Option("menu", menu.none, "b")],
                )
            )
            if picked == "menu":
                continue
            prompt = bank[int(picked[1:])]
        elif choice == "own":
            prompt = (
                c.text(
                    TextQ((*("notes", stage.id, n), "prompt"), words.own, required=False)
                ).strip()
                or None
            )
        text = c.text(
            TextQ(
                ("notes", stage.id, n, "note"),
                prompt or words.note,
                multiline=True,
                required=True,
            )
        )
        if not text.strip():
            continue
        private = c.ask.confirm(
            ConfirmQ(("notes", stage.id, n, "private"), words.private, person_asked=False)
        )
        record.notes.append(Note(prompt=prompt, text=text, private=private))
        c.save()


def _named(cue: str) -> str:
    """A cue as its menu names it: "Paraphrase" for "Paraphrase: say back …" (the whole
    cue is the question once it is picked); a cue without a name, whole."""
    name, colon, _ = cue.partition(":")
    return name.strip() if colon and name.strip() else cue
