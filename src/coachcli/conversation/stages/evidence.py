"""The evidence stage: what has been seen, or is still to collect, and where it comes from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    NEXT,
    ConfirmQ,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    Evidence,
)

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "evidence"


def run(c: Conversation, stage: Stage, index: int) -> str:
    s = c.session
    bar = c.fw.bar
    item = bar.item(s.focus.id) if s.focus else None
    suggested = item.evidence if item else []
    sources = sorted(
        bar.evidence_sources,
        key=lambda e: suggested.index(e.id) if e.id in suggested else len(suggested),
    )
    while True:
        n = len(s.evidence)
        for number, ev in enumerate(s.evidence, 1):
            state = "to collect" if ev.to_collect else "seen"
            c.ask.show(Message(f"{number}. [{state}] {ev.seen}", "dim"))
        choice = c.ask.select(
            SelectQ(
                ("evidence", n),
                "Evidence: what has been seen, or is still to collect?",
                c.nav(index, [Option("add", "Add evidence", "a")]),
                default="add" if not n else NEXT,
                adds="add",
            )
        )
        if choice != "add":
            return choice
        source = c.ask.select(
            SelectQ(
                ("evidence", n, "source"),
                "Where does it come from? (suggested for this focus first)",
                [Option(e.id, e.name) for e in sources],
                free=True,
            )
        )
        seen = c.text(
            TextQ(
                ("evidence", n, "seen"),
                "What was seen (or what to collect)?",
                multiline=True,
                required=True,
            )
        )
        if not seen.strip():
            continue
        to_collect = c.ask.confirm(
            ConfirmQ(("evidence", n, "to_collect"), "Is this still to be collected?")
        )
        s.evidence.append(
            Evidence(
                source=source,
                source_name=next((e.name for e in sources if e.id == source), None),
                seen=seen,
                to_collect=to_collect,
                bar_item=s.focus.id if s.focus else None,
            )
        )
        c.save()
