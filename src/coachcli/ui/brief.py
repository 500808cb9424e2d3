"""The brief before meeting someone (`coach followup NAME`), as text or JSON."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from coachcli.dates import relative, when
from coachcli.records.vocabulary import STATUS_LABELS

if TYPE_CHECKING:
    from coachcli.records.session import Goal
    from coachcli.store.briefing import Brief, BriefGoal
from coachcli.ui.console import indent
from coachcli.ui.visible import json_visible, visible


def show_brief(
    out: Console,
    brief: Brief,
    today: dt.date,
    *,
    as_json: bool = False,
    own_coach: str | None = None,
) -> None:
    """One person's brief, drawn from the index's derived copy of their record.
    ``own_coach`` is the workspace's coach: the brief names another one."""
    if as_json:
        import json

        print(json_visible(json.dumps(_brief_data(brief, today), ensure_ascii=False, indent=2)))
        return
    count = brief.sessions
    head = f"{brief.name} · {brief.role_label} · "
    head += f"{count} session{'s' * (count != 1)}, last {when(brief.last_session, today)}"
    out.print(Text(head, style="bold"))
    for line, style in standing_lines(brief, today, own_coach):
        indent(out, line, 0, style, hang=2)
    out.print(Text(f"Next meeting: {when(brief.next_meeting, today)}"))
    if brief.focus:
        out.print(Text(f"Focus: {brief.focus}", style="bold cyan"))  # with the head: one block
    lines = goal_lines(brief.goal, brief.goal.now if brief.goal else None)
    for line in lines:  # the coachee's own goal says more here than the bar's words
        indent(out, line, 2, hang=2)
    if brief.focus and not lines:
        indent(out, brief.looks_like or "", 2, "dim")
    if brief.steps:
        out.print(Text("\nOpen action steps", style="bold cyan"))
    else:
        out.print(Text("\nNo open action steps.", style="bold cyan"))
    first = (brief.name.split() or [brief.name])[0]
    for number, step in enumerate(brief.steps, 1):
        indent(out, f"{number}. {first} {brief.stem} {step.text}", 0, "bold", hang=3)
        status = STATUS_LABELS.get(step.status, step.status)
        due_style = "red" if step.due and step.due < today else ""
        standing = Text(f"{status} · ") + Text(_due(step.due, today), style=due_style)
        if any((step.place, step.when, step.observer, step.feedback)):
            plan = _plan_parts(step.place, step.when, step.observer, step.feedback)
            standing += Text(" · " + visible(plan))
        indent(out, standing, 3, hang=2)  # one paragraph: where it stands and its plan
        if step.since is not None:
            indent(out, f"since last time: {step.since}", 3, "italic", hang=2)
            if step.reflection:
                indent(out, f"they said: {step.reflection}", 3, "italic", hang=2)
        if len(step.history) > 1:  # more than "set in session N"
            events = " · ".join(f"{day:%d %b} {text}" for day, text in step.history)
            indent(out, f"history: {events}", 3, "dim", hang=2)
    if brief.to_collect:
        out.print(Text("\nEvidence still to collect", style="bold cyan"))
        for e in brief.to_collect:  # who and by when; where from only when no one is named
            who = [e.collector] if e.collector else []
            late = e.due is not None and e.due < today
            if e.due:
                who.append(f"by {_day(e.due)}" + (f" ({_late(e.due, today)})" if late else ""))
            detail = f" ({', '.join(who) or e.source})"
            indent(out, f"• {e.seen}{detail}", 2, "red" if late else "", hang=2)
    if brief.celebrated:
        out.print(Text("\nCelebrated last time: ", style="bold cyan") + Text(brief.celebrated))


def standing_lines(brief: Brief, today: dt.date, own_coach: str | None) -> list[tuple[str, str]]:
    """Archived or not, and who coaches them when it is not this workspace's coach (with
    no coach in coach.yaml: once they were handed over or had more than one)."""
    from coachcli.records.identity import same_person
    from coachcli.store.roster import Coaching

    lines = []
    if brief.archived:
        lines.append(
            (
                f"Archived {when(brief.archived, today)}: not on the dashboard;"
                " `coach unarchive` brings them back.",
                "yellow",
            )
        )
    coaching = Coaching.on(brief.coaches, today)
    if coaching.now is not None:
        day, coach, handed_over = coaching.now
        other = (
            not same_person(coach, own_coach)
            if own_coach
            else handed_over or len(brief.coaches) > 1
        )
        if other:
            lines.append((f"Coach: {coach}, since {when(day, today)}", ""))
    if coaching.next is not None:
        day, coach, _ = coaching.next
        lines.append((f"From {when(day, today)}: coached by {coach}", ""))
    if brief.unread:
        lines.append((f"Their person record could not be read: {brief.unread}", "yellow"))
    return lines


def _brief_data(brief: Brief, today: dt.date) -> dict[str, Any]:
    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    from coachcli.store.roster import Coaching

    now = Coaching.on(brief.coaches, today).now
    return {
        "coachee": brief.name,
        "coachee_id": brief.coachee_id,
        "archived": brief.archived is not None,
        "archived_on": iso(brief.archived),
        "coach": now[1] if now else None,
        "coaches": [
            {"coach": coach, "from": day.isoformat(), "handover": handover}
            for day, coach, handover in brief.coaches
        ],
        "role": brief.role,
        "sessions": brief.sessions,
        "last_session": brief.last_session.isoformat(),
        "next_meeting": iso(brief.next_meeting),
        "focus": (
            {"id": brief.focus_id, "title": brief.focus, "looks_like": brief.looks_like}
            if brief.focus_id
            else None
        ),
        "open_steps": [
            {
                "id": s.id,
                "text": s.text,
                "status": s.status,
                "due": iso(s.due),
                "days_left": (s.due - today).days if s.due else None,
                "practice": {
                    "place": s.place,
                    "when": s.when,
                    "observer": s.observer,
                    "feedback": s.feedback,
                    "due": iso(s.due),
                },
                "since_last_time": (
                    {"evidence": s.since, "reflection": s.reflection}
                    if s.since is not None
                    else None
                ),
                "history": [{"date": day.isoformat(), "event": text} for day, text in s.history],
            }
            for s in brief.steps
        ],
        "goal": (
            {
                "own_words": brief.goal.own_words,
                "pupils": brief.goal.pupils,
                "baseline": brief.goal.baseline,
                "target": brief.goal.target,
                "check_by": iso(brief.goal.check_by),
                "now": brief.goal.now,
            }
            if brief.goal
            else None
        ),
        "evidence_to_collect": [
            {"seen": e.seen, "source": e.source, "collector": e.collector, "due": iso(e.due)}
            for e in brief.to_collect
        ],
        "celebrated": brief.celebrated,
    }


def _plan_parts(
    place: str | None, when_: str | None, observer: str | None, feedback: str | None
) -> str:
    parts = [
        place,
        when_,
        f"observed by {observer}" if observer else None,
        f"feedback: {feedback}" if feedback else None,
    ]
    return "practise: " + " · ".join(p for p in parts if p)


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _late(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    return f"{days} day{'s' * (days != 1)} overdue"


def _due(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "no due date"
    when = _late(day, today) if day < today else relative(day, today)
    return f"due {_day(day)} ({when})"


def goal_lines(goal: BriefGoal | Goal | None, now: str | None = None) -> list[str]:
    """Their goal in their words, and the pupil measure: where it was, where it is now
    (``now``, when a follow-up said), where it should get to and when to check."""
    if goal is None:
        return []
    lines = [f"their goal: {goal.own_words}"] if goal.own_words else []
    if goal.pupils:
        now = f" · now {now}" if now else ""
        check = f" by {_day(goal.check_by)}" if goal.check_by else ""
        lines.append(
            f"for pupils: {goal.pupils} · was {goal.baseline or '?'}{now} · aim"
            f" {goal.target or '?'}{check}"
        )
    return lines
