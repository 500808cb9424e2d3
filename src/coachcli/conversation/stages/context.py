"""The context stage: the coachee's role, the kind of coaching and the bar item in focus.

The focus menu lists the bar's items under their sections, competencies (being a
leader) told apart from practices (engaging in leadership, teaching). A flow marked
``reuse_focus`` (the quick one) offers last session's focus and kind first, so a short
follow-on conversation does not ask them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.conversation.asking import (
    NEXT,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.conversation.stages.guide import show_guide
from coachcli.errors import CoachError
from coachcli.records.frameworks import Stage
from coachcli.records.session import (
    Focus,
    Goal,
    Session,
)
from coachcli.records.vocabulary import Kind
from coachcli.store.people import find_session

if TYPE_CHECKING:
    from coachcli.conversation.engine import Conversation

KIND = "context"
CHANGE_KIND = "change_kind"
"""The focus menu's own choice for asking the kind of coaching again."""


def run(c: Conversation, stage: Stage, index: int) -> str:
    show_guide(c, stage)
    s = c.session
    bar = c.fw.bar
    words = c.fw.conversation.questions.context
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
    last = previous(c)
    reuse = (
        bool(c.flow.reuse_focus)
        and last is not None
        and last.focus is not None
        and last.role == s.role  # a new role may have other items
    )
    if s.kind is None:
        if reuse and last is not None and last.kind is not None:
            s.kind = last.kind  # the quick flow keeps last time's kind unless changed
        else:
            _ask_kind(c, None)
    if s.focus is None or c.revisit:
        _ask_focus(c, role.id, last if reuse else None)
    if s.goal is None or c.revisit:
        _ask_goal(c, last, asked=not c.flow.reuse_focus)
    return NEXT


def _ask_goal(c: Conversation, last: Session | None, *, asked: bool) -> None:
    """The coachee's own goal and a measure about pupils. Last session's, on the same
    focus, is the default; a flow that reuses the focus (a corridor conversation) never
    asks: it keeps last session's, if the focus is the same."""
    s = c.session
    words = c.fw.conversation.questions.goal
    assert words is not None, "filled from coachcli's own words when a file lacks them"
    before = None
    if last is not None and last.focus is not None and s.focus is not None:
        before = last.goal if last.focus.id == s.focus.id else None
    if not asked:
        s.goal = before.model_copy() if before is not None else Goal()
        c.save()
        return
    was = s.goal or before or Goal()
    goal = Goal()

    def ask(field: str, message: str) -> str | None:
        text = c.text(TextQ(("goal", field), message, default=getattr(was, field) or ""))
        return text.strip() or None

    goal.own_words = ask("own_words", words.own_words.format(first=s.first_name, name=s.coachee))
    goal.pupils = ask("pupils", words.pupils)
    if goal.pupils:
        goal.baseline = ask("baseline", words.baseline)
        goal.target = ask("target", words.target)
        goal.check_by = c.ask_date(("goal", "check_by"), words.check_by, was.check_by)
    s.goal = goal
    c.save()


def _ask_kind(c: Conversation, default: Kind | None) -> None:
    s = c.session
    menu = c.fw.conversation.menus.context
    role = c.fw.bar.role(s.role or "")
    picked = c.ask.select(
        SelectQ(
            ("kind",),
            c.fw.conversation.questions.context.kind,
            [
                Option("leadership", menu.leadership),
                Option("instructional", menu.instructional),
            ],
            default=default or (role.kind if role else None),
        )
    )
    s.kind = "instructional" if picked == "instructional" else "leadership"
    c.save()


def _ask_focus(c: Conversation, role_id: str, last: Session | None) -> None:
    """The grouped focus menu; with ``last`` (a flow that reuses the focus), last
    session's focus first and a way to change the kind of coaching."""
    s = c.session
    bar = c.fw.bar
    words, menu = c.fw.conversation.questions.context, c.fw.conversation.menus.context
    while True:
        assert s.kind is not None
        groups = bar.focus_groups(role_id, s.kind)
        if not groups:
            raise CoachError(
                f"the bar has no {s.kind} items for the role {s.role_name}:"
                " add some to frameworks/bar.yaml"
            )
        options: list[Option] = []
        same = last.focus if last and last.focus and last.kind == s.kind else None
        if same is not None and words.same_focus is not None:
            options.append(Option(same.id, words.same_focus.format(title=same.title), "s"))
        for section, items in groups:
            aspect = getattr(menu, section.aspect, None) if section.aspect else None
            heading = (
                words.grouped.format(section=section.title, aspect=aspect, title="").rstrip(" ·")
                if aspect and words.grouped
                else section.title
            )
            for item in items:
                if same is not None and item.id == same.id:
                    continue
                title = ("★ " if item.critical else "  ") + item.title
                options.append(Option(item.id, title, group=heading))
        if last is not None and menu.change_kind is not None:
            options.append(Option(CHANGE_KIND, menu.change_kind, "k"))
        default = s.focus.id if s.focus else same.id if same else _previous_focus(c)
        chosen = c.ask.select(SelectQ(("focus",), words.focus, options, default=default))
        if chosen == CHANGE_KIND:
            _ask_kind(c, s.kind)
            continue
        picked = bar.item(chosen)
        assert picked is not None
        s.focus = Focus(id=picked.id, title=picked.title, looks_like=picked.looks_like)
        c.save()
        c.ask.show(
            Message(picked.looks_like, "info", title=words.in_focus.format(title=picked.title))
        )
        return


def previous(c: Conversation) -> Session | None:
    """The session this one follows, if it can be read."""
    if c.session.follows is None:
        return None
    if c.previous is not None and c.previous.id == c.session.follows:
        return c.previous
    try:
        return c.store.read(find_session(c.store, c.session.follows))
    except CoachError:
        return None


def _previous_focus(c: Conversation) -> str | None:
    """Last session's focus: the usual answer for a follow-on session."""
    last = previous(c)
    return last.focus.id if last and last.focus else None
