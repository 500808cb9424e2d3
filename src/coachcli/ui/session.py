"""One session in full (`coach session show`), private notes included.

Every id is shown by its label (``reports/shown.Context``: the one the session saved,
else the workspace's frameworks'), and the practice plan's "when", typed in words, with
the day it was written once that day is past."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from coachcli.records.session import PracticePlan, Session
    from coachcli.reports.shown import Context
from coachcli.records.vocabulary import STATUS_LABELS
from coachcli.reports.labels import dated
from coachcli.ui.brief import _day, _plan_parts, goal_lines
from coachcli.ui.console import heading, indent

KINDS = {"leadership": "leadership coaching", "instructional": "instructional coaching"}


def show_session(
    out: Console,
    session: Session,
    path: Path,
    ctx: Context | None = None,
    *,
    archived: dt.date | None = None,
) -> None:
    """``ctx`` holds the labels (by default those the session saved) and today;
    ``archived``: the day the coachee was archived, if they are."""
    if ctx is None:
        from coachcli import clock
        from coachcli.reports.shown import Context

        ctx = Context.of([session], clock.today())
    s = session
    out.print(Text(f"Session {s.number} with {s.coachee}", style="bold"))
    if archived is not None:
        out.print(
            Text(
                f"{s.coachee} is archived (since {archived:%a} {archived.day} {archived:%b %Y}).",
                style="yellow",
            )
        )
    status = {"complete": "finished", "draft": "unfinished (a draft)"}.get(s.status, s.status)
    kind = KINDS.get(s.kind or "", s.kind or "")
    details = [f"{s.date:%a} {s.date.day} {s.date:%b %Y}", ctx.role(s.role), kind]
    details += [ctx.flow(s.flow), status]
    if s.coach:
        details.insert(1, f"coach: {s.coach}")
    for line in _packed([d for d in details if d], out.width):  # each label whole
        indent(out, line, 0, "dim")
    out.print(Text(str(path), style="dim"), soft_wrap=True)  # whole, to copy
    if s.focus:
        heading(out, f"\nFocus: {s.focus.title}")
        out.print(Text(s.focus.looks_like))
    if s.goal is not None:
        for line in goal_lines(s.goal):
            indent(out, line, 2, hang=2)
    if s.followup or s.goal_now:
        heading(out, "\nFollow-up")
        if s.goal_now:
            indent(out, f"pupil measure now: {s.goal_now}", 2, hang=2)
        steps = {step.id: step for step in s.action_steps}
        for review in s.followup:
            step = steps.get(review.step)
            indent(
                out,
                f"• {step.text if step else review.step}: {STATUS_LABELS[review.status]}",
                2,
                hang=2,
            )
            for label, said in (
                ("seen", review.evidence),
                ("feedback given", review.feedback),
                ("they learned", review.reflection),
            ):
                if said:
                    indent(out, f"{label}: {said}", 4, "dim", hang=2)
    for record in s.stages.values():
        if not record.notes:
            continue
        heading(out, f"\n{record.title}")
        for note in record.notes:
            if note.prompt:
                out.print(Text(f"  Q: {note.prompt}", style="italic"))
            mark = Text(" [private]", style="red") if note.private else Text("")
            out.print(Text("  " + note.text.replace("\n", "\n  ")) + mark)
    if s.evidence:
        heading(out, "\nEvidence")
        for ev in s.evidence:
            state = "to collect" if ev.to_collect else "seen"
            owner = [ev.collector, f"by {_day(ev.due)}" if ev.due else None]
            if ev.to_collect and any(owner):
                state += ": " + " ".join(part for part in owner if part)
            indent(out, f"• [{ctx.source(ev.source)}, {state}] {ev.seen}", 2, hang=2)
    if s.action_steps:
        heading(out, "\nAction steps")
        for number, step in enumerate(s.action_steps, 1):
            indent(out, f"{number}. {s.says(step)}", 2, "bold", hang=3)
            met = [ctx.criterion(step.criteria_set, c.id) for c in step.criteria if c.met]
            unmet = [ctx.criterion(step.criteria_set, c.id) for c in step.criteria if not c.met]
            if step.criteria:
                line = f"criteria met: {', '.join(met) or 'none'}"
                if unmet:
                    line += f"; not yet: {', '.join(unmet)}"
                indent(out, line, 5, "dim", hang=2)
            if step.kept_because:
                indent(out, f"kept as it is, because: {step.kept_because}", 5)
            if step.carried_from or not step.is_open():
                where = "carried forward" if step.is_open() else "now"
                out.print(Text(f"     {where}: {STATUS_LABELS[step.status]}", style="dim"))
            if step.hints:
                said = "; ".join(ctx.hint(hint) for hint in step.hints)
                indent(out, f"hints shown: {said}", 5, "dim", hang=2)
            for r in step.rehearsals:
                said = "; ".join(
                    f"{label}: {text}"
                    for label, text in (
                        ("see it", r.seen),
                        ("name it", r.moves),
                        ("changed", r.changed),
                    )
                    if text
                )
                rounds = f"{r.rounds} round{'s' * (r.rounds != 1)}"
                where = "" if r.session == s.id else f" in an earlier session ({r.session})"
                indent(
                    out, f"rehearsed{where}: {rounds}" + (f"; {said}" if said else ""), 5, hang=2
                )
            if step.practice:
                indent(out, _plan_text(step.practice, s.date, ctx), 5, hang=2)
                if step.practice.due:
                    indent(out, f"due {_day(step.practice.due)} {step.practice.due.year}", 5)
    c = s.close
    if c.strengths or c.coachee_summary or c.next_meeting:
        heading(out, "\nClose")
        if c.strengths:
            out.print(Text(f"  Strengths: {c.strengths}"))
        if c.coachee_summary:
            out.print(Text(f"  In their words: {c.coachee_summary}"))
        if c.next_meeting:
            out.print(Text(f"  Next meeting: {_day(c.next_meeting)} {c.next_meeting.year}"))


def _packed(parts: list[str], width: int, between: str = "  ·  ") -> list[str]:
    """``parts`` joined into as few lines of ``width`` as fit, breaking between them."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(between) + len(part) <= width:
            lines[-1] += between + part
        else:
            lines.append(part)
    return lines


def _plan_text(plan: PracticePlan, written: dt.date, ctx: Context) -> str:
    when = dated(plan.when, written, ctx.today, always=True) if plan.when else None
    place = plan.place_name or ctx.place(plan.place)
    return _plan_parts(place, when, plan.observer, plan.feedback)
