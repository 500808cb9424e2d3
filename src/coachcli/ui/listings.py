"""Listings: the sessions and the follow-up dashboard, laid out to fit the terminal."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from coachcli.dates import relative

if TYPE_CHECKING:
    from coachcli.reports.followup import Row
    from coachcli.store.index import SessionRow, Summary
from coachcli.ui.console import Column, print_grid
from coachcli.ui.visible import json_visible


def session_table(
    out: Console,
    rows: list[SessionRow],
    *,
    limit: int | None = None,
    as_json: bool = False,
    archived: frozenset[str] = frozenset(),
) -> None:
    """Session rows (newest first) as a table, or JSON written as it goes; ``archived``:
    the ids of the people archived (marked)."""
    if as_json:
        import json

        print("[")
        for number, row in enumerate(rows):
            data = {
                "id": row.id,
                "date": row.date.isoformat(),
                "coachee": row.coachee,
                "coachee_id": row.coachee_id,
                "number": row.number,
                "focus": row.focus_id,
                "steps": row.steps,
                "status": row.status,
                "archived": row.coachee_id in archived,
            }
            comma = "," if number < len(rows) - 1 else ""
            print("  " + json_visible(json.dumps(data, ensure_ascii=False)) + comma)
        print("]")
        return
    if not rows:
        out.print("No sessions yet: start one with `coach session start`.")
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

    def name(row: SessionRow) -> str:
        return f"{row.coachee} (archived)" if row.coachee_id in archived else row.coachee

    def cells(row: SessionRow) -> list[str | Text]:
        return [
            row.date.isoformat(),
            Text(name(row), style="dim") if row.coachee_id in archived else row.coachee,
            str(row.number),
            row.focus or "—",
            str(row.steps),
            Text("draft", style="yellow") if row.status == "draft" else "done",
            row.id,
        ]

    widths = [
        10,
        max(len(name(r)) for r in shown),
        max(len(str(r.number)) for r in shown),
        max(len(r.focus or "—") for r in shown),
        5,
        6,
        max(len(r.id) for r in shown),
    ]
    print_grid(out, columns, (cells(row) for row in shown), widths=widths)
    if len(shown) < len(rows):
        out.print(
            Text(
                f"The latest {len(shown)} of {len(rows):,} sessions; --all lists every one.",
                style="dim",
            )
        )


def unreadable(summaries: list[Summary]) -> None:
    """After a listing: a file that could not be read was left out of it, so say so in
    one line and end with exit 1 (the rest of the listing was still shown)."""
    problems = [problem for summary in summaries for problem in summary.problems]
    if problems:
        from coachcli.errors import CoachError
        from coachcli.store.names import PERSON_NAME

        name, line = problems[0]
        more = f" (and {len(problems) - 1} more; `coach doctor` lists them)"
        more = more if len(problems) > 1 else ""
        if PERSON_NAME.match(name.rsplit("/", 1)[-1]):  # the person is listed, as if unarchived
            raise CoachError(f"could not read {line}{more}")
        raise CoachError(f"left out {line}{more}")


def dashboard_table(
    out: Console,
    rows: list[Row],
    today: dt.date,
    *,
    limit: int | None = None,
    as_json: bool = False,
    hidden: int = 0,
) -> None:
    """The dashboard; ``hidden``: how many archived people were left out."""
    if as_json:
        import json

        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        data = [
            {
                "coachee": r.name,
                "coachee_id": r.coachee_id,
                "role": r.role,
                "last_session": iso(r.last_session),
                "next_meeting": iso(r.next_meeting),
                "open_steps": r.open_steps,
                "due_steps": r.due_steps,
                "overdue_steps": r.overdue_steps,
                "days_since_last_seen": r.days_since,
                "state": r.state,
                "archived": r.archived is not None,
            }
            for r in rows
        ]
        print(json_visible(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    if not rows:
        if hidden:
            out.print(f"Nobody on the dashboard: {_archived(hidden)}, --archived lists them.")
            return
        out.print("Nobody coached here yet: start with `coach session start`.")
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
    names = Counter(" ".join(r.name.casefold().split()) for r in rows)
    for r in shown:
        shared = names[" ".join(r.name.casefold().split())] > 1  # namesakes: say which
        name = f"{r.name} ({r.coachee_id})" if shared else r.name
        name += " (archived)" if r.archived else ""
        last = relative(r.last_session, today) if r.last_session else "—"
        meeting = (
            f"{r.next_meeting:%d %b} ({relative(r.next_meeting, today)})" if r.next_meeting else "—"
        )
        cells.append(
            [
                Text(name, style="dim" if r.archived else styles[r.state]),
                last,
                meeting,
                str(r.open_steps),
                str(r.due_steps),
                Text(str(r.overdue_steps), style="bold red" if r.overdue_steps else ""),
            ]
        )
    print_grid(out, columns, cells, title=f"Follow-up, {today:%a} {today.day} {today:%b %Y}")
    if len(shown) < len(rows):
        out.print(
            Text(
                f"The first {len(shown)} of {len(rows):,} people; --all lists everyone.",
                style="dim",
            )
        )
    if hidden:
        out.print(Text(f"Not shown: {_archived(hidden)}; --archived lists them too.", style="dim"))
    out.print(Text("coach followup NAME: the brief for one person", style="dim"))


def _archived(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'} archived"
