"""The evidence stage: what has been seen, or is still to collect, and where it comes from."""

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
from coachcli.conversation.stages.guide import show_guide
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    Evidence,
)

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "evidence"


def run(c: Conversation, stage: Stage, index: int) -> str:
    show_guide(c, stage)
    s = c.session
    bar = c.fw.bar
    words, menu = c.fw.conversation.questions.evidence, c.fw.conversation.menus.evidence
    item = bar.item(s.focus.id) if s.focus else None
    suggested = item.evidence if item else []
    sources = sorted(
        (e for e in bar.evidence_sources if e.fits(s.kind)),  # a teacher's, or a leader's
        key=lambda e: suggested.index(e.id) if e.id in suggested else len(suggested),
    )
    while True:
        n = len(s.evidence)
        for number, ev in enumerate(s.evidence, 1):
            state = "to collect" if ev.to_collect else "seen"  # as `coach session show` has it
            c.ask.show(Message(f"{number}. [{state}] {ev.seen}", "dim"))
        choice = c.ask.select(
            SelectQ(
                ("evidence", n),
                words.menu,
                c.nav(index, [Option("add", menu.add, "a")]),
                default="add" if not n else NEXT,
                adds="add",
            )
        )
        if choice != "add":
            return choice
        source = c.ask.select(
            SelectQ(
                ("evidence", n, "source"),
                words.source,
                [Option(e.id, e.name) for e in sources],
                free=True,
            )
        )
        seen = c.text(
            TextQ(
                ("evidence", n, "seen"),
                words.seen,
                multiline=True,
                required=True,
            )
        )
        if not seen.strip():
            continue
        to_collect = c.ask.confirm(ConfirmQ(("evidence", n, "to_collect"), words.to_collect))
        piece = Evidence(
            source=source,
            source_name=next((e.name for e in sources if e.id == source), None),
            seen=seen,
            to_collect=to_collect,
            bar_item=s.focus.id if s.focus else None,
        )
        s.evidence.append(piece)
        c.save()
        if to_collect:
            owner(c, piece, ("evidence", n))


def owner(c: Conversation, item: Evidence, key: Key) -> None:
    """Who collects evidence still to collect, and by when (the coach, by the next
    meeting, unless said otherwise)."""
    words = c.fw.conversation.questions.evidence
    assert words.collector and words.due, "filled from coachcli's own words when lacking"
    who = c.text(
        TextQ((*key, "collector"), words.collector, default=item.collector or c.session.coach or "")
    )
    item.collector = who.strip() or None
    item.due = c.ask_date((*key, "due"), words.due, item.due or c.default_due())
    c.save()
