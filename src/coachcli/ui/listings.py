"""Listings: the sessions and the follow-up dashboard, laid out to fit the terminal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from coachcli.dates import relative

if TYPE_CHECKING:
    from coachcli.reports.followup import Row
    from coachcli.store.index import SessionRow, Summary
from coachcli.ui.console import Column, print_grid
from coachcli.ui.visible import json_visible, visible


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

    def name(row: SessionRow) -> str:
        return f"{row.coachee} (archived)" if row.coachee_id in archived else row.coachee

    fixed = [10, max(len(str(r.number)) for r in shown), 5, 6, max(len(r.id) for r in shown)]
    room = out.width - sum(fixed) - 2 * 6
    name_need = max(cell_len(" ".join(name(r).split())) for r in shown)
    focus_need = max(cell_len(r.focus or "—") for r in shown)
    name_width, focus_width = _share(room, name_need, focus_need)
    inline = focus_width >= min(focus_need, FOCUS_WIDTH)
    if not inline:  # too narrow to wrap it beside the rest: the focus goes under each row
        name_width = min(name_need, room + 2)
    names = marked([(r.coachee_id, r.coachee) for r in shown], name_width, archived)
    folded: dict[str, list[str]] = {}
    under = 10 + 2  # the focus line starts under the coachee's name
    most = MAX_LINES if inline else 2

    def lines_of(focus: str) -> list[str]:
        found = folded.get(focus)
        if found is None:
            width = focus_width if inline else out.width - under - len("focus: ")
            found = folded[focus] = fold(focus, width, most)
        return found

    def cells(row: SessionRow) -> Iterator[list[str | Text] | Text]:
        focus = lines_of(row.focus or "—")
        yield [
            row.date.isoformat(),
            _dim(names[row.coachee_id, row.coachee], row.coachee_id in archived),
            str(row.number),
            *([focus[0]] if inline else []),
            str(row.steps),
            Text("draft", style="yellow") if row.status == "draft" else "done",
            row.id,
        ]
        if inline:
            for more in focus[1:]:  # the rest of a long focus, under itself
                yield ["", "", "", more, "", "", ""]
        elif row.focus:
            for number, line in enumerate(focus):
                lead = "focus: " if number == 0 else " " * len("focus: ")
                yield Text(" " * under + lead + visible(line, lines=False), style="dim")

    columns = [Column("date"), Column("coachee"), Column("#", right=True)]
    widths = [fixed[0], name_width, fixed[1]]
    if inline:
        columns.append(Column("focus"))
        widths.append(focus_width)
    columns += [Column("steps", right=True), Column("status"), Column("id")]
    widths += fixed[2:]
    print_grid(out, columns, (line for row in shown for line in cells(row)), widths=widths)
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
        Column("coachee"),
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
                r.name,
                last,
                meeting,
                str(r.open_steps),
                str(r.due_steps),
                Text(str(r.overdue_steps), style="bold red" if r.overdue_steps else ""),
            ]
        )
    others = [
        max([len(c.header), *(_cells(row[i]) for row in cells)]) for i, c in enumerate(columns) if i
    ]
    room = out.width - sum(others) - 2 * (len(columns) - 1)

    gone = frozenset(r.coachee_id for r in rows if r.archived)
    names = marked([(r.coachee_id, r.name) for r in rows], max(12, room), gone)
    for row, r in zip(cells, shown, strict=True):
        style = "dim" if r.archived else styles[r.state]
        row[0] = Text(names[r.coachee_id, r.name], style=style)
    widths = [max(len("coachee"), *(_cells(row[0]) for row in cells)), *others]
    print_grid(
        out, columns, cells, title=f"Follow-up, {today:%a} {today.day} {today:%b %Y}", widths=widths
    )
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


# --- fitting names and titles into a column ------------------------------------------

MAX_LINES = 3
"""A long focus wraps over at most this many lines; only beyond them is it cut."""

NAME_WIDTH = 24
"""The narrowest a name column gets while there is room for more."""

FOCUS_WIDTH = 24
"""Narrower than this, a focus column would wrap into a tall thin strip: the focus goes
on a line of its own under its row instead."""


def _share(room: int, name_need: int, focus_need: int) -> tuple[int, int]:
    """The widths of the name and focus columns in ``room`` cells: each as wide as it
    needs when both fit; else the focus keeps what it needs as long as names keep
    NAME_WIDTH (a first name and the end of a surname), and wraps in the rest."""
    if name_need + focus_need <= room:
        return name_need, focus_need
    name = min(name_need, max(NAME_WIDTH, room - focus_need))
    return name, max(0, room - name)


def fold(text: str, width: int, most: int = MAX_LINES) -> list[str]:
    """``text`` wrapped at word boundaries into lines of ``width`` cells, at most
    ``most`` of them (the last one cut with '…' if the text goes on)."""
    if cell_len(text) <= width:
        return [text]
    import textwrap

    lines = textwrap.wrap(text, max(1, width)) or [text]
    if len(lines) > most:
        last = Text(" ".join(lines[most - 1 :]))
        last.truncate(width, overflow="ellipsis")
        lines = [*lines[: most - 1], last.plain]
    return lines


def short_name(name: str, width: int) -> str:
    """``name`` in ``width`` cells: whole if it fits; else the first name whole (the
    one a coach calls them by, and types) and the rest cut in its middle, so that the
    end of the surname, where long names differ most, stays; else cut in the middle."""
    name = " ".join(name.split())
    if cell_len(name) <= width:
        return name
    first, _, rest = name.partition(" ")
    room = width - cell_len(first) - 1
    if rest and room >= 6:  # enough of the rest to tell people apart
        return f"{first} {middle(rest, room)}"
    return middle(name, width)


def middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with '…' in its middle."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    tail = (width - 1) // 2
    head = width - 1 - tail
    start = Text(text)
    start.truncate(head)
    end = text
    while cell_len(end) > tail:
        end = end[1:]
    return f"{start.plain}…{end}"


def distinct(people: list[tuple[str, str]], width: int) -> dict[tuple[str, str], str]:
    """Each (person id, name) shown in ``width`` cells so that two people never look
    like one: a name shortened into another's is cut in the middle instead, and when
    that still reads the same (or they share the name) the person's id follows it."""

    def key(name: str) -> str:
        return " ".join(name.casefold().split())

    ids_by_name: dict[str, set[str]] = {}
    for person, name in people:
        ids_by_name.setdefault(key(name), set()).add(person)
    shown = {(p, n): short_name(n, width) for p, n in set(people)}

    def cut(_person: str, name: str) -> str:
        return middle(" ".join(name.split()), width)

    def with_id(person: str, name: str) -> str:
        return _with_id(person, name, width)

    for form in (cut, with_id):
        owners: dict[str, set[str]] = {}
        for (p, _), text in shown.items():
            owners.setdefault(text.casefold(), set()).add(p)
        for (p, n), text in shown.items():
            if len(owners[text.casefold()]) > 1 or len(ids_by_name[key(n)]) > 1:
                shown[p, n] = form(p, n)
    return shown


def _with_id(person: str, name: str, width: int) -> str:
    """The name with the person's id after it (the id can be typed in place of the
    name); when that leaves too little of the name, the id's last four characters."""
    room = width - len(person) - 3
    if room >= min(cell_len(name), 8):
        return f"{short_name(name, room)} ({person})"
    return f"{short_name(name, max(4, width - 7))} (…{person[-4:]})"


def _cells(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


ARCHIVED = " (archived)"


def marked(
    people: list[tuple[str, str]], width: int, archived: frozenset[str]
) -> dict[tuple[str, str], str]:
    """Each name shown as ``distinct`` shows it, the people archived marked so: the
    mark kept whole, the name shortened to make room for it."""
    shown = distinct(people, width)
    for (person, name), text in shown.items():
        if person in archived:
            if cell_len(text) + len(ARCHIVED) > width:
                text = short_name(name, max(4, width - len(ARCHIVED)))
            shown[person, name] = text + ARCHIVED
    return shown


def _dim(name: str, archived: bool) -> str | Text:
    return Text(name, style="dim") if archived else name


def _archived(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'} archived"
