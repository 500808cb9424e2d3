"""A note-taking stage: suggested questions, the skill's question bank, the coach's own question
or just a note."""

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
    record = s.stages.setdefault(stage.id, StageRecord(title=stage.title, skill=stage.skill))
    skill = c.fw.skill(stage.skill)
    bank = [p for p in (skill.prompts if skill else []) if p not in stage.prompts]
    while True:
        n = len(record.notes)
        asked = {note.prompt for note in record.notes}
        options = [
            Option(f"p{i}", ("✓ " if p in asked else "") + p) for i, p in enumerate(stage.prompts)
        ]
        if bank:
            options.append(Option("bank", f"More questions: {skill.name if skill else ''}…", "m"))
        options += [
            Option("own", "Write my own question", "w"),
            Option("note", "Just take a note", "t"),
        ]
        if record.notes:
            last = record.notes[-1]
            label = (
                "Share the last note again"
                if last.private
                else ("Make the last note private (kept only in your copy)")
            )
            options.append(Option("private", label, "p"))
        shown = f" ({n} note{'s' * (n != 1)} so far)" if n else ""
        choice = c.ask.select(
            SelectQ(
                ("notes", stage.id, n),
                f"Ask a question, take a note, or move on{shown}",
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
        elif choice == "bank":
            picked = c.ask.select(
                SelectQ(
                    ("notes", stage.id, n, "bank"),
                    "Pick a question to ask",
                    [Option(f"b{i}", p) for i, p in enumerate(bank)]
                    + [Option("menu", "← None of these", "b")],
                )
            )
            if picked == "menu":
                continue
            prompt = bank[int(picked[1:])]
        elif choice == "own":
            prompt = (
                c.text(
                    TextQ((*("notes", stage.id, n), "prompt"), "Your question", required=False)
                ).strip()
                or None
            )
        text = c.text(
            TextQ(
                ("notes", stage.id, n, "note"),
                prompt or "Note",
                multiline=True,
                required=True,
            )
        )
        if not text.strip():
            continue
        private = c.ask.confirm(
            ConfirmQ(("notes", stage.id, n, "private"), "Private?", person_asked=False)
        )
        record.notes.append(Note(prompt=prompt, text=text, private=private))
        c.save()
