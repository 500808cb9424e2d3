"""What a person reads: listings, the brief, sessions, frameworks, doctor's report.
Only the CLI imports this. Nothing here imports pydantic: the listings and the brief
draw from the index's derived rows."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from coachcli.dates import relative, when
from coachcli.errors import closed_pipe
from coachcli.records.vocabulary import STATUS_LABELS

if TYPE_CHECKING:
    from rich.progress import Progress

    from coachcli.records.frameworks import BarFile, CriteriaFile, FlowsFile, Frameworks, SkillsFile
    from coachcli.records.session import PracticePlan, Session
    from coachcli.reports.followup import Row
    from coachcli.store.index import Brief, SessionRow, Summary
    from coachcli.store.maintenance import Check


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """A closed pipe ends with exit 0 (rich's own choice is exit 1)."""
        closed_pipe()


console = _Console(highlight=False)


def frameworks_table(fw: Frameworks) -> None:
    from rich.table import Table  # here, not at the top: listings need not import it

    table = Table(title=f"Frameworks in {fw.folder}", title_justify="left")
    for column in ("name", "file", "format", "revision", "what it holds"):
        table.add_column(column)
    for kind, loaded in fw.files.items():
        table.add_row(
            kind,
            loaded.path.name,
            str(loaded.model.format_version),
            loaded.model.revision,
            _summary(loaded.model),
        )
    console.print(table)
    if fw.bar.example:
        console.print(
            "The bar is the example one: edit frameworks/bar.yaml to describe your school's."
        )


def _summary(model: object) -> str:
    from coachcli.records.frameworks import BarFile, CriteriaFile, FlowsFile, SkillsFile

    if isinstance(model, SkillsFile):
        prompts = sum(len(s.prompts) for s in model.skills)
        return f"{len(model.skills)} skills, {prompts} prompts, {len(model.qualities)} qualities"
    if isinstance(model, BarFile):
        items = sum(1 for _ in model.items())
        return f"{len(model.sections)} sections, {items} items, {len(model.roles)} roles"
    if isinstance(model, CriteriaFile):
        return ", ".join(f"{s.name}: {len(s.criteria)} criteria" for s in model.sets)
    if isinstance(model, FlowsFile):
        return ", ".join(f"{f.id} ({len(f.stages)} stages)" for f in model.flows)
    return ""


def show_framework(fw: Frameworks, kind: str) -> None:
    from coachcli.records.frameworks import BarFile, CriteriaFile, FlowsFile, SkillsFile

    model = fw.files[kind].model
    console.print(Text(model.title, style="bold"))
    console.print(
        Text(
            f"{fw.files[kind].path}  ·  format {model.format_version}  ·  revision "
            f"{model.revision}",
            style="dim",
        )
    )
    console.print()
    if isinstance(model, SkillsFile):
        _show_skills(model)
    elif isinstance(model, BarFile):
        _show_bar(model)
    elif isinstance(model, CriteriaFile):
        _show_criteria(model)
    elif isinstance(model, FlowsFile):
        _show_flows(model, fw)


def _heading(text: str) -> None:
    console.print(Text(text, style="bold cyan"))


def _show_skills(model: SkillsFile) -> None:
    _heading("The five coaching skills")
    for skill in model.skills:
        console.print(Text(f"\n{skill.name}  [{skill.id}]", style="bold"))
        console.print(Text(skill.meaning))
        for prompt in skill.prompts:
            console.print(Text(f"  • {prompt}"))
    _heading("\nThe four qualities of good coaching practice")
    for quality in model.qualities:
        console.print(Text(f"\n{quality.name}  [{quality.id}]", style="bold"))
        console.print(Text(quality.meaning))
        console.print(Text(f"  Ask yourself: {quality.reflect}", style="italic"))


def _show_bar(model: BarFile) -> None:
    if model.example:
        console.print(Text("EXAMPLE BAR: replace it with your school's own.", style="bold red"))
    if model.note:
        console.print(Text(model.note))
    roles = {r.id: r.name for r in model.roles}
    sources = {s.id: s.name for s in model.evidence_sources}
    for section in model.sections:
        console.print()
        _heading(f"{section.title}  ({section.kind})")
        console.print(Text(section.about, style="dim"))
        for item in section.items:
            mark = "  ★ critical here" if item.critical else ""
            console.print(Text(f"\n{item.title}  [{item.id}]{mark}", style="bold"))
            console.print(Text(item.looks_like))
            console.print(Text("  roles: " + ", ".join(roles[r] for r in item.roles), style="dim"))
            if item.evidence:
                evidence = ", ".join(sources[e] for e in item.evidence)
                console.print(Text(f"  evidence: {evidence}", style="dim"))


def _show_criteria(model: CriteriaFile) -> None:
    for criteria_set in model.sets:
        _heading(f"{criteria_set.name}  [{criteria_set.id}, {criteria_set.kind} coaching]")
        for criterion in criteria_set.criteria:
            console.print(Text(f"  {criterion.name}: ", style="bold") + Text(criterion.meaning))
            console.print(Text(f"    check: {criterion.check}", style="dim"))
        console.print()
    _heading("A weak step and a strong one")
    console.print(Text("  weak:   ", style="bold") + Text(model.contrast.weak))
    console.print(Text("  strong: ", style="bold") + Text(model.contrast.strong))
    console.print(Text(f"  {model.contrast.why}", style="italic"))


def _show_flows(model: FlowsFile, fw: Frameworks) -> None:
    for flow in model.flows:
        _heading(f"{flow.title}  [{flow.id}]")
        console.print(Text(flow.about, style="dim"))
        for number, stage_id in enumerate(flow.stages, 1):
            stage = model.stage(stage_id)
            skill = fw.skill(stage.skill)
            lean = f"  · {skill.name}" if skill else ""
            console.print(Text(f"  {number:>2}. {stage.title}{lean}", style="bold"))
            console.print(Text(f"      {stage.purpose}"))
        console.print()


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False
    max_width: int | None = None
    """Longer cells are cut with '…'; such a column also narrows to fit the terminal."""


def print_grid(
    columns: list[Column],
    rows: Iterable[list[str | Text]],
    title: str = "",
    widths: list[int] | None = None,
) -> None:
    """A listing laid out like a simple rich Table (bold header, a rule, two spaces
    between columns) at a fraction of its cost: a 50-row Table took ~35 ms to measure
    and draw, this takes ~2 ms (docs/performance.md).

    With ``widths`` given, rows are drawn as they come, a few hundred at a time, so a
    listing of every session takes the same memory however many there are."""
    if widths is None:
        listed: list[list[str | Text]] = [[_one_line(cell) for cell in row] for row in rows]
        widths = [
            max([cell_len(column.header), *(_one_line(row[i]).cell_len for row in listed)])
            for i, column in enumerate(columns)
        ]
        rows = listed
    widths = [min(w, c.max_width or w) for w, c in zip(widths, columns, strict=True)]
    over = sum(widths) + 2 * (len(widths) - 1) - console.width
    for i in sorted((i for i, c in enumerate(columns) if c.max_width), key=lambda i: -widths[i]):
        cut = max(0, min(over, widths[i] - 8))
        widths[i] -= cut
        over -= cut
    out = Text()
    if title:
        out.append(f"{title}\n", style="italic")
    header: list[str | Text] = [Text(c.header, style="bold") for c in columns]
    for number, raw in enumerate(itertools.chain([header], rows)):
        row = (
            [Text(c.header, style="bold") for c in columns]
            if number == 0
            else [_one_line(cell) for cell in raw]
        )
        if number % 500 == 0 and number:
            console.print(out, end="", soft_wrap=True)
            out = Text()
        for i, (cell, column, width) in enumerate(zip(row, columns, widths, strict=True)):
            cell.truncate(width, overflow="ellipsis")  # each cell is a fresh copy
            pad = " " * (width - cell.cell_len)
            out.append("  " if i else "")
            if column.right:
                out.append(pad)
            out.append_text(cell)
            if not column.right and i < len(columns) - 1:
                out.append(pad)
        out.append("\n")
        if number == 0:
            out.append("─" * (sum(widths) + 2 * (len(widths) - 1)) + "\n")
    console.print(out, end="", soft_wrap=True)


def _one_line(cell: str | Text) -> Text:
    """A cell on one line: a line break or tab typed into a name would break the row."""
    plain = cell.plain if isinstance(cell, Text) else cell
    style = cell.style if isinstance(cell, Text) else ""
    return Text(" ".join(plain.split()), style=style)


def session_table(
    rows: list[SessionRow], *, limit: int | None = None, as_json: bool = False
) -> None:
    """Session rows (newest first) as a table, or JSON written as it goes."""
    if as_json:
        import json

        print("[")
        for number, row in enumerate(rows):
            data = {
                "id": row.id,
                "date": row.date.isoformat(),
                "coachee": row.coachee,
                "number": row.number,
                "focus": row.focus_id,
                "steps": row.steps,
                "status": row.status,
            }
            comma = "," if number < len(rows) - 1 else ""
            print("  " + json.dumps(data, ensure_ascii=False) + comma)
        print("]")
        return
    if not rows:
        console.print("No sessions yet: start one with `coach session start`.")
        return
    shown = rows if limit is None else rows[:limit]
    columns = [
        Column("date"),
        Column("coachee", max_width=24),
        Column("#", right=True),
        Column("focus", max_width=32),
        Column("steps", right=True),
        Column("status"),
        Column("id"),
    ]

    def cells(row: SessionRow) -> list[str | Text]:
        return [
            row.date.isoformat(),
            row.coachee,
            str(row.number),
            row.focus or "—",
            str(row.steps),
            Text("draft", style="yellow") if row.status == "draft" else "done",
            row.id,
        ]

    widths = [
        10,
        max(len(r.coachee) for r in shown),
        max(len(str(r.number)) for r in shown),
        max(len(r.focus or "—") for r in shown),
        5,
        6,
        max(len(r.id) for r in shown),
    ]
    print_grid(columns, (cells(row) for row in shown), widths=widths)
    if len(shown) < len(rows):
        console.print(
            Text(
                f"The latest {len(shown)} of {len(rows):,} sessions; --all lists every one.",
                style="dim",
            )
        )


def unreadable(summaries: list[Summary]) -> None:
    """After a listing: a file that could not be read was left out of it, so say so in
    one line and end with exit 1 (the rest of the listing was still shown)."""
    lines = [line for summary in summaries for _, line in summary.problems]
    if lines:
        from coachcli.errors import CoachError

        more = f" (and {len(lines) - 1} more; `coach doctor` lists them)" if len(lines) > 1 else ""
        raise CoachError(f"left out {lines[0]}{more}")


def show_session(session: Session, path: Path) -> None:
    s = session
    console.print(Text(f"Session {s.number} with {s.coachee}", style="bold"))
    details = [s.date.isoformat(), s.role_label, s.kind or "", s.flow_label, s.status]
    if s.coach:
        details.insert(1, f"coach: {s.coach}")
    console.print(Text("  ·  ".join(d for d in details if d), style="dim"))
    console.print(Text(str(path), style="dim"))
    if s.focus:
        _heading(f"\nFocus: {s.focus.title}")
        console.print(Text(s.focus.looks_like))
    for record in s.stages.values():
        if not record.notes:
            continue
        _heading(f"\n{record.title}")
        for note in record.notes:
            if note.prompt:
                console.print(Text(f"  Q: {note.prompt}", style="italic"))
            mark = Text(" [private]", style="red") if note.private else Text("")
            console.print(Text("  " + note.text.replace("\n", "\n  ")) + mark)
    if s.evidence:
        _heading("\nEvidence")
        for ev in s.evidence:
            state = "to collect" if ev.to_collect else "seen"
            _indent(f"• [{ev.source_label}, {state}] {ev.seen}", 2, hang=2)
    if s.action_steps:
        _heading("\nAction steps")
        for number, step in enumerate(s.action_steps, 1):
            console.print(Text(f"  {number}. will be able to {step.text}", style="bold"))
            met = [c.label for c in step.criteria if c.met]
            unmet = [c.label for c in step.criteria if not c.met]
            if step.criteria:
                line = f"     criteria met: {', '.join(met) or 'none'}"
                if unmet:
                    line += f"; not yet: {', '.join(unmet)}"
                console.print(Text(line, style="dim"))
            if step.hints:
                console.print(Text(f"     hints shown: {', '.join(step.hints)}", style="dim"))
            if step.practice:
                _indent(_plan_text(step.practice), 5)
                if step.practice.due:
                    _indent(f"due {step.practice.due:%a %d %b %Y}", 5)
    c = s.close
    if c.strengths or c.coachee_summary or c.next_meeting:
        _heading("\nClose")
        if c.strengths:
            console.print(Text(f"  Strengths: {c.strengths}"))
        if c.coachee_summary:
            console.print(Text(f"  In their words: {c.coachee_summary}"))
        if c.next_meeting:
            console.print(Text(f"  Next meeting: {c.next_meeting:%a %d %b %Y}"))


def _indent(text: str, left: int, style: str = "", hang: int = 0) -> None:
    """Print wrapped text whose every line starts ``left`` (+ ``hang``) columns in."""
    width = max(20, console.width - left - hang)
    lines = Text(text, style=style).wrap(console, width)
    for index, line in enumerate(lines):
        pad = " " * (left + (hang if index else 0))
        console.print(Text(pad) + line)


def _plan_text(plan: PracticePlan) -> str:
    return _plan_parts(plan.place_label, plan.when, plan.observer, plan.feedback)


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


def _due(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "no due date"
    days = (day - today).days
    if days < 0:
        late = f"{-days} day{'s' * (days != -1)} overdue"
        return f"due {day:%a} {day.day} {day:%b} ({late})"
    return f"due {day:%a} {day.day} {day:%b} ({relative(day, today)})"


def dashboard_table(
    rows: list[Row], today: dt.date, *, limit: int | None = None, as_json: bool = False
) -> None:
    if as_json:
        import json

        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        data = [
            {
                "coachee": r.name,
                "role": r.role,
                "last_session": iso(r.last_session),
                "next_meeting": iso(r.next_meeting),
                "open_steps": r.open_steps,
                "due_steps": r.due_steps,
                "overdue_steps": r.overdue_steps,
                "days_since_last_seen": r.days_since,
                "state": r.state,
            }
            for r in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not rows:
        console.print("Nobody coached here yet: start with `coach session start`.")
        return
    columns = [
        Column("coachee", max_width=24),
        Column("last seen"),
        Column("next meeting"),
        Column("open", right=True),
        Column("due", right=True),
        Column("overdue", right=True),
    ]
    styles = {"overdue": "bold red", "due": "yellow", "later": "", "none": "dim"}
    shown = rows if limit is None else rows[:limit]
    cells: list[list[str | Text]] = []
    for r in shown:
        last = relative(r.last_session, today) if r.last_session else "—"
        meeting = (
            f"{r.next_meeting:%d %b} ({relative(r.next_meeting, today)})" if r.next_meeting else "—"
        )
        cells.append(
            [
                Text(r.name, style=styles[r.state]),
                last,
                meeting,
                str(r.open_steps),
                str(r.due_steps),
                Text(str(r.overdue_steps), style="bold red" if r.overdue_steps else ""),
            ]
        )
    print_grid(columns, cells, title=f"Follow-up, {today:%a} {today.day} {today:%b %Y}")
    if len(shown) < len(rows):
        console.print(
            Text(
                f"The first {len(shown)} of {len(rows):,} people; --all lists everyone.",
                style="dim",
            )
        )
    console.print(Text("coach followup NAME: the brief for one person", style="dim"))


def show_brief(brief: Brief, today: dt.date, *, as_json: bool = False) -> None:
    """One person's brief, drawn from the index's derived copy of their record."""
    if as_json:
        import json

        print(json.dumps(_brief_data(brief, today), ensure_ascii=False, indent=2))
        return
    count = brief.sessions
    head = f"{brief.name} · {brief.role_label} · "
    head += f"{count} session{'s' * (count != 1)}, last {when(brief.last_session, today)}"
    console.print(Text(head, style="bold"))
    console.print(Text(f"Next meeting: {when(brief.next_meeting, today)}"))
    if brief.focus:
        console.print(Text(f"\nFocus: {brief.focus}", style="bold cyan"))
        _indent(brief.looks_like or "", 2, "dim")
    if brief.steps:
        console.print(Text("\nOpen action steps", style="bold cyan"))
    else:
        console.print(Text("\nNo open action steps.", style="bold cyan"))
    for number, step in enumerate(brief.steps, 1):
        _indent(f"{number}. will be able to {step.text}", 0, "bold", hang=3)
        status = STATUS_LABELS.get(step.status, step.status)
        due_style = "red" if step.due and step.due < today else ""
        console.print(Text(f"   {status} · ") + Text(_due(step.due, today), style=due_style))
        if any((step.place, step.when, step.observer, step.feedback)):
            plan = _plan_parts(step.place, step.when, step.observer, step.feedback)
            _indent(plan, 3, hang=2)
        if step.since is not None:
            _indent(f"since last time: {step.since}", 3, "italic", hang=2)
            if step.reflection:
                _indent(f"they said: {step.reflection}", 3, "italic", hang=2)
        if step.history:
            events = " · ".join(f"{day:%d %b} {text}" for day, text in step.history)
            _indent(f"history: {events}", 3, "dim", hang=2)
    if brief.to_collect:
        console.print(Text("\nEvidence still to collect", style="bold cyan"))
        for seen, source in brief.to_collect:
            _indent(f"• {seen} ({source})", 2, hang=2)
    if brief.celebrated:
        console.print(Text("\nCelebrated last time", style="bold cyan"))
        _indent(brief.celebrated, 2)


def _brief_data(brief: Brief, today: dt.date) -> dict[str, Any]:
    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "coachee": brief.name,
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
        "evidence_to_collect": [seen for seen, _ in brief.to_collect],
        "celebrated": brief.celebrated,
    }


@contextmanager
def progress_ticker(label: str, threshold: int = 200) -> Iterator[Callable[[int], None]]:
    """A progress bar once a job is large (and the output is a terminal); ``tick(n)``
    says n more files were read."""
    count = 0
    progress: Progress | None = None

    def tick(files: int = 1) -> None:
        nonlocal count, progress
        before, count = count, count + files
        if before < threshold <= count and console.is_terminal:
            from rich.progress import Progress  # only when shown: it costs ~5 ms to import

            progress = Progress(console=console, transient=True)
            progress.start()
            progress.add_task(label, total=None)
        if progress is not None:
            progress.update(progress.task_ids[0], advance=files)

    try:
        yield tick
    finally:
        if progress is not None:
            progress.stop()


def doctor_table(checks: list[Check]) -> bool:
    """Print the checks; True when nothing needs attention."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="coach doctor", title_justify="left")
    table.add_column("check")
    table.add_column("result", no_wrap=True)
    for check in checks:
        result = (
            Text("ok", style="green")
            if check.ok
            else Text(f"{len(check.problems)} to look at", style="bold red")
        )
        table.add_row(check.name, result)
    console.print(table)
    for check in checks:
        for problem in check.problems:
            console.print(Text(f"• {problem}"), soft_wrap=True)
    healthy = all(check.ok for check in checks)
    console.print("All good." if healthy else "Some things need attention (see above).")
    return healthy
