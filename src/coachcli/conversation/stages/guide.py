"""What a stage offers the coach before it asks anything: its own questions, the
questions of the coaching skill it leans on (less those it already asks, in any
words) and the skill's cues. Not a kind of stage (no ``KIND``): the stages that do not
offer questions in a menu of their own call :func:`show_guide` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coachcli.conversation.asking import Message

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation
    from coachcli.records.frameworks import Frameworks, Stage


BRIEF_BANK = 3
"""How many of its skill's questions a brief stage (a corridor conversation) shows."""


@dataclass(frozen=True)
class Guide:
    """A stage's questions, its skill's other questions and the skill's cues."""

    skill: str | None = None
    prompts: list[str] = field(default_factory=list)
    bank: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)


def guide(fw: Frameworks, stage: Stage) -> Guide:
    skill = fw.skill(stage.skill)
    return Guide(
        skill=skill.name if skill else None,
        prompts=list(stage.prompts),
        bank=stage.bank(skill)[: BRIEF_BANK if stage.brief else None],
        cues=list(skill.cues or []) if skill else [],
    )


def show_guide(c: Conversation, stage: Stage) -> None:
    """Show the stage's questions, its skill's and the skill's cues (once per visit)."""
    words = c.fw.conversation.questions.guide
    assert words is not None, "filled from coachcli's own words when a file lacks them"
    found = guide(c.fw, stage)
    skill = found.skill or ""
    for title, lines in (
        (words.prompts, found.prompts),
        (words.cues.format(skill=skill), found.cues),
        (words.bank.format(skill=skill), found.bank),
    ):
        if lines:
            c.ask.show(Message("\n".join(f"  • {line}" for line in lines), "info", title=title))
