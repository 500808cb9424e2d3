"""`coach overview` on screen: the school's whole picture as short tables and bars that
fit 80 columns. Bars are drawn with characters (each kind its own), so they read the
same with colour off."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from coachcli.ui.console import Column, heading, indent, print_grid

if TYPE_CHECKING:
    from coachcli.reports.overview import Overview, Tally

BAR = 16
"""The longest bar in a table, in columns."""
TOP_ITEMS = 3
"""Bar items shown under each role and coach."""
LIBRARY_ROWS = 8
AWAY_ROWS = 15
PARTS = (
    ("achieved", "█", "green"),
    ("open", "▓", "yellow"),
    ("overdue", "▒", "red"),
    ("dropped", "░", "dim"),
)
"""The parts of the steps bar: what each shows, its character and its colour."""


def show_overview(out: Console, o: Overview) -> None:
    with out:  # one write at the end, not one per line
        _show(out, o)


def _show(out: Console, o: Overview) -> None:
    e = o.everyone
    sessions = f"{e.sessions} session{'s' * (e.sessions != 1)}"
    people = f"{e.people} {'person' if e.people == 1 else 'people'}"
    out.print(Text(f"School overview: {sessions} with {people}, as of {_day(o.today)}", "bold"))
    scope = []
    if o.chosen.since:
        scope.append(f"since {_day(o.chosen.since)}")
    if o.chosen.role:
        scope.append(f"role {o.roles[0].label if o.roles else o.chosen.role}")
    if o.chosen.coach:
        scope.append(f"coach {o.chosen.coach}")
    if scope:
        out.print(Text(" · ".join(scope), "dim"))
    _steps(out, e)
    _items(out, o)
    for title, groups in (("By role", o.roles), ("By coach", o.coaches)):
        if groups:
            out.print()
            heading(out, title)
            for tally in groups:
                _group(out, o, tally)
    _library(out, o)
    _criteria(out, o)
    _gaps(out, o)
    _away(out, o)


def _steps(out: Console, e: Tally) -> None:
    out.print()
    heading(out, "Action steps agreed in these sessions, as they stand now")
    agreed = e.steps["set"]
    if not agreed:
        out.print(Text("No steps agreed yet.", "dim"))
        return
    overdue = e.steps["overdue"]
    counts = [e.steps["achieved"], e.steps["open"] - overdue, overdue, e.steps["dropped"]]
    out.print(
        Text(
            f"{agreed} agreed: {counts[0]} achieved{_share(counts[0], agreed)},"
            f" {e.steps['open']} still open ({overdue} overdue), {counts[3]} dropped"
        )
    )
    width = min(60, out.width - 2)
    bar, legend = Text(), Text()
    for (label, char, style), count in zip(PARTS, counts, strict=True):
        bar.append(char * round(width * count / agreed), style=style)
        legend.append(f"{char} {label}  ", style=style)
    out.print(bar)
    out.print(legend)


def _items(out: Console, o: Overview) -> None:
    out.print()
    heading(out, "Bar items in focus")
    if not o.items:
        out.print(Text("No session recorded a focus.", "dim"))
        return
    most = max(t.sessions for t in o.items)
    rows: list[list[str | Text]] = [
        [t.label, str(t.people), str(t.sessions), _bar(t.sessions, most)] for t in o.items
    ]
    columns = [Column("bar item", max_width=48), Column("people", right=True)]
    columns += [Column("sessions", right=True), Column("")]
    print_grid(out, columns, rows)


def _group(out: Console, o: Overview, t: Tally) -> None:
    s, gap = t.steps, t.median_gap()
    head = Text(t.label, "bold")
    head.append(f" · {t.people} {'person' if t.people == 1 else 'people'}, {t.sessions}")
    head.append(f" session{'s' * (t.sessions != 1)}")
    head.append(f", a median of {round(gap)} days apart" if gap is not None else "")
    indent(out, head, 0, hang=2)
    steps = f"steps: {s['set']} agreed, {s['achieved']} achieved{_share(s['achieved'], s['set'])}"
    steps += f", {s['dropped']} dropped, {s['open']} open ({s['overdue']} overdue)"
    indent(out, steps, 2, "dim", hang=2)
    labels = {item.key: item.label for item in o.items}
    top = t.focus.most_common()
    most = top[0][1] if top else 0
    width = max(12, out.width - BAR - 8)
    for key, count in top[:TOP_ITEMS]:
        label = Text(labels.get(key, key))
        label.truncate(width, overflow="ellipsis", pad=True)
        out.print(Text("  ") + label + Text(" ") + _bar(count, most) + Text(f" {count}"))
    if len(top) > TOP_ITEMS:
        more = len(top) - TOP_ITEMS
        out.print(Text(f"  and {more} more bar item{'s' * (more != 1)}", "dim"))


def _library(out: Console, o: Overview) -> None:
    out.print()
    heading(out, "Library steps most used")
    if not o.library:
        out.print(Text("No step was taken from the library.", "dim"))
        return
    rows: list[list[str | Text]] = [
        [t.label, str(t.steps["set"]), str(t.steps["achieved"])] for t in o.library[:LIBRARY_ROWS]
    ]
    columns = [Column("step", max_width=60), Column("used", right=True)]
    print_grid(out, [*columns, Column("achieved", right=True)], rows)
    best = max(o.library, key=lambda t: (t.steps["achieved"], t.steps["set"]))
    if best.steps["achieved"]:
        line = Text(f"Most often achieved ({best.steps['achieved']}): {best.label}")
        line.truncate(out.width, overflow="ellipsis")
        out.print(line)
    if len(o.library) > LIBRARY_ROWS:
        out.print(Text(f"and {len(o.library) - LIBRARY_ROWS} more; --json lists them", "dim"))


def _criteria(out: Console, o: Overview) -> None:
    out.print()
    heading(out, "Criteria missed")
    if not o.criteria:
        out.print(Text("Every step agreed met every criterion.", "dim"))
        return
    rows: list[list[str | Text]] = [
        [t.label, str(t.steps["missed"]), str(t.steps["kept"])] for t in o.criteria
    ]
    columns = [Column("criterion", max_width=40), Column("missed", right=True)]
    print_grid(out, [*columns, Column("kept with a reason", right=True)], rows)


def _gaps(out: Console, o: Overview) -> None:
    out.print()
    heading(out, "Time between sessions")
    gaps = sorted(o.everyone.gaps.values())
    if not gaps:
        out.print(Text("Nobody has had two sessions here yet.", "dim"))
        return
    gap = o.everyone.median_gap()
    spread = f" (each person's own median runs from {round(gaps[0])} to {round(gaps[-1])})"
    if gaps[0] == gaps[-1]:
        spread = " (the same for everyone with two sessions or more)"
    indent(out, f"A median of {round(gap or 0)} days between sessions{spread}.", 0, hang=2)


def _away(out: Console, o: Overview) -> None:
    out.print()
    heading(out, f"Not seen for over {o.not_seen_after} days")
    if not o.away:
        out.print(Text(f"Everyone here has been seen in the last {o.not_seen_after} days."))
        return
    rows: list[list[str | Text]] = [
        [a.name, o.roles_of.get(a.id, ""), _day(a.last_session), str(a.days)]
        for a in o.away[:AWAY_ROWS]
    ]
    columns = [Column("name", max_width=28), Column("role", max_width=20)]
    print_grid(out, [*columns, Column("last session"), Column("days", right=True)], rows)
    if len(o.away) > AWAY_ROWS:
        more = len(o.away) - AWAY_ROWS
        out.print(Text(f"and {more} more; --json lists everyone", "dim"))


def _bar(count: int, most: int) -> Text:
    return Text("█" * max(1, round(BAR * count / most)) if count else "", "cyan")


def _share(part: int, whole: int) -> str:
    return f" ({round(100 * part / whole)}%)" if whole else ""


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
