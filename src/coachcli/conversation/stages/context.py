"""The context stage: the coachee's role, the kind of coaching and the bar item in focus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    NEXT,
    Message,
    Option,
    SelectQ,
)
from coachcli.errors import CoachError
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    Focus,
)
from coachcli.store.people import find_session

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "context"


def run(c: Conversation, stage: Stage, index: int) -> str:
    s = c.session
    bar = c.fw.bar
    words, menu = c.fw.conversation.questions.context, c.fw.conversation.menus.context
    s.stem = s.stem or c.fw.conversation.stem
    if s.role is None:
        s.role = c.ask.select(
            SelectQ(
                ("role",),
                words.role.format(name=s.coachee, first=s.first_name),
                [Option(r.id, r.name) for r in bar.roles],
            )
        )
        c.save()
    role = bar.role(s.role)
    if role is None:
        names = ", ".join(r.id for r in bar.roles)
        raise CoachError(f"no role {s.role!r} in the bar; choose one of {names}")
    s.role_name = role.name
    if s.kind is None:
        picked = c.ask.select(
            SelectQ(
                ("kind",),
                words.kind,
                [
                    Option("leadership", menu.leadership),
                    Option("instructional", menu.instructional),
                ],
                default=role.kind,
            )
        )
        s.kind = "instructional" if picked == "instructional" else "leadership"
        c.save()
    if s.focus is None or c.revisit:
        items = bar.focus_choices(role.id, s.kind)
        if not items:
            raise CoachError(
                f"the bar has no {s.kind} items for the role {role.name}:"
                " add some to frameworks/bar.yaml"
            )
        chosen = c.ask.select(
            SelectQ(
                ("focus",),
                words.focus,
                [Option(i.id, ("★ " if i.critical else "  ") + i.title) for i in items],
                default=s.focus.id if s.focus else _previous_focus(c),
            )
        )
        item = bar.item(chosen)
        assert item is not None
        s.focus = Focus(id=item.id, title=item.title, looks_like=item.looks_like)
        c.save()
        c.ask.show(Message(item.looks_like, "info", title=words.in_focus.format(title=item.title)))
    return NEXT


def _previous_focus(c: Conversation) -> str | None:
    """Last session's focus: the usual answer for a follow-on session."""
    if c.session.follows is None:
        return None
    if c.previous is not None and c.previous.id == c.session.follows:
        return c.previous.focus.id if c.previous.focus else None
    try:
        previous = c.store.read(find_session(c.store, c.session.follows))
    except CoachError:
        return None
    return previous.focus.id if previous.focus else None
