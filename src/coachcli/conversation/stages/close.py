"""The close: strengths to celebrate, the coachee's own summary, and the next meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    TextQ,
)
from coachcli.conversation.stages.guide import show_guide
from coachcli.records.frameworks import Stage

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "close"


def run(c: Conversation, stage: Stage, index: int) -> str:
    show_guide(c, stage)
    s = c.session
    close = s.close
    words = c.fw.conversation.questions.close
    for field, message in (
        ("strengths", words.strengths),
        ("coachee_summary", words.summary.format(name=s.coachee, first=s.first_name)),
    ):
        if field not in close.asked or c.revisit:
            answer = c.text(
                TextQ(
                    ("close", field),
                    message,
                    default=getattr(close, field) or "",
                    multiline=True,
                )
            )
            setattr(close, field, answer.strip() or None)
            close.asked.append(field)
            c.save()
    if "next_meeting" not in close.asked or c.revisit:
        close.next_meeting = c.ask_date(
            ("close", "next_meeting"),
            words.next_meeting,
            close.next_meeting or c.default_due(),
        )
        close.asked.append("next_meeting")
        c.save()
    close.asked = sorted(set(close.asked))
    return c.stage_done("close_done", words.done, index)
