"""`coach archive | unarchive | handover`: when someone leaves, finishes, or changes coach.

No `from __future__ import annotations` in the command modules: typer reads the
annotations at run time.
"""

import re
from typing import Annotated, Optional

import typer

from coachcli.cli import complete
from coachcli.cli.context import app_of
from coachcli.errors import CoachError
from coachcli.ui.visible import visible as shown

Person = Annotated[
    str,
    typer.Argument(
        help="Who: a name, or the id `coach followup --json` lists.",
        autocompletion=complete.coachees,
    ),
]


def archive(ctx: typer.Context, name: Person) -> None:
    """Take someone off your dashboard, keeping their record.

    For someone who left, or whose coaching finished. Their whole record is kept:
    `coach followup NAME`, `coach export --coachee NAME` and `coach session list`
    still show it, marked archived. They are no longer offered when you start a
    session. `coach unarchive NAME` brings them back.

    \b
    Example:
      coach archive "Priya Shah"
    """
    from coachcli import clock
    from coachcli.dates import when
    from coachcli.reports.followup import resolve_person
    from coachcli.store import roster

    store = app_of(ctx).store()
    today = clock.today()
    who = resolve_person(store, name)
    before = roster.archive(store, who.id, who.name, today)
    if before is not None:
        print(f"{shown(who.name)} was archived already, {when(before, today)}; nothing changed.")
        return
    print(f"Archived {shown(who.name)}: off the dashboard and the list to start a session with.")
    print("Their record is kept; `coach unarchive` with their name brings them back.")


def unarchive(ctx: typer.Context, name: Person) -> None:
    """Bring an archived person back to your dashboard, as they were.

    \b
    Example:
      coach unarchive "Priya Shah"
    """
    from coachcli import clock
    from coachcli.dates import when
    from coachcli.reports.followup import resolve_person
    from coachcli.store import roster

    store = app_of(ctx).store()
    who = resolve_person(store, name)
    before = roster.unarchive(store, who.id, who.name)
    if before is None:
        print(f"{shown(who.name)} is not archived; nothing changed.")
        return
    archived = when(before, clock.today())
    print(f"{shown(who.name)} is back on the dashboard (archived {archived}).")


def handover(
    ctx: typer.Context,
    name: Person,
    to: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--to", help="The coach who coaches them from now on.", metavar="COACH"),
    ] = None,
    start: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--from",
            help="The day the new coach begins (default: today), e.g. 2026-04-20, 20/4 or mon.",
            metavar="DATE",
        ),
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="Take back the handover recorded last.")
    ] = False,
) -> None:
    """Record that another coach coaches someone, from a given day.

    Each session keeps the coach it recorded; the brief (`coach followup NAME`) names
    their coach when it is not you, and the journey export shows who coached them
    when. --undo takes back the handover recorded last.

    \b
    Examples:
      coach handover "Priya Shah" --to "Sam Patel"
      coach handover "Priya Shah" --to "Sam Patel" --from 2026-01-05
      coach handover "Priya Shah" --undo
    """
    from coachcli import clock
    from coachcli.dates import parse_date, when
    from coachcli.records.identity import same_person
    from coachcli.reports.followup import resolve_person
    from coachcli.store import roster
    from coachcli.store.people import person

    store = app_of(ctx).store()
    today = clock.today()
    if undo:
        if to is not None or start is not None:
            raise CoachError("--undo takes back the last handover: give it without --to or --from")
        who = resolve_person(store, name)
        day, coach = roster.take_back(store, who.id, who.name)
        print(
            f"Took back the handover of {shown(who.name)} to {shown(coach)}"
            f" from {when(day, today)}."
        )
        return
    if to is None:
        raise CoachError("--to COACH is needed: who coaches them from now on")
    coach = roster.coach_name(to)
    try:
        day = parse_date(start, today) if start is not None else today
    except ValueError as problem:
        raise CoachError(f"--from: {problem}") from None
    no_year = start is not None and re.fullmatch(r"\s*\d{1,2}[/.]\d{1,2}\s*", start)
    if no_year and (day - today).days > 183 and (day.month, day.day) != (2, 29):
        day = day.replace(year=day.year - 1)  # 1/9 in November is the September just gone
    if day.year < 2000 or (day - today).days > 366:
        raise CoachError(f"--from: {day.isoformat()} is too far from today for a handover")
    who = resolve_person(store, name)
    everything = person(store, who)
    then = roster.Coaching.on(roster.person_spells(everything.sessions, everything.card), day).now
    if then is not None and same_person(then[1], coach):
        raise CoachError(
            f"{shown(then[1])} already coaches {shown(who.name)} on that day; nothing changed"
        )
    roster.hand_over(store, who.id, who.name, coach, day)
    print(f"Recorded: {shown(coach)} coaches {shown(who.name)} from {when(day, today)}.")
    print("`coach handover` with their name and --undo takes it back.")
