"""`coach reflect` (and `coach export --reflections`): the coach looks back at their
own practice, and takes its trend to supervision."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coachcli.cli import complete
from coachcli.cli.context import App, app_of
from coachcli.errors import CoachError
from coachcli.ui.visible import visible as shown

if TYPE_CHECKING:
    from coachcli.records.session import Session
    from coachcli.store.sessions import Store


def reflect(
    ctx: typer.Context,
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID]",
            help="The session to look back on (default: your latest finished one).",
            autocompletion=complete.finished,
        ),
    ] = None,
    general: Annotated[
        bool,
        typer.Option("--general", help="Reflect on your practice in general, not one session."),
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="Show each quality's and skill's ratings over time.")
    ] = False,
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Take the answers from a YAML file (its reflection:).", metavar="FILE"),
    ] = None,
) -> None:
    """Look back at your own coaching practice.

    Rate yourself against the four qualities and five skills of frameworks/skills.yaml,
    with a note for each (all may be skipped) and one thing to work on next; after a
    session, its record's evidence is shown first. Reflections are yours alone: kept in
    sessions/_reflections/, never in a coachee's export or the overview.

    \b
    Examples:
      coach reflect
      coach reflect --general
      coach reflect --history
    """
    app = app_of(ctx)
    if history:
        if session_id or general or answers:
            raise CoachError("--history takes no SESSION_ID, --general or --answers")
        show_history(app)
        return
    if general and session_id:
        raise CoachError("give a SESSION_ID or --general, not both")
    from coachcli.conversation.reflect import reflect as run

    fw, store = app.frameworks(), app.store()
    session = None if general else _session(store, session_id, app.workspace().own_coach())
    asker = app.asker(answers)
    if session is not None:
        from coachcli.store.reflections import about_session

        if about_session(store, session.id):
            print(f"You reflected on session {session.id} before; this adds another reflection.")
    path = run(fw, store, asker, session)
    print(f"Saved your reflection: {path}")


def _session(store: "Store", session_id: str | None, me: str | None) -> "Session":
    """The session to reflect on: the one named, else the latest finished one that
    ``me`` (coach.yaml's coach) held, in a workspace several coaches share."""
    from coachcli.records.identity import same_person

    if session_id is not None:
        from coachcli.cli.session import find

        session = store.read(find(store, session_id))
        if session.status != "complete":
            raise CoachError(f"session {session.id} is not finished yet (coach session resume)")
        if me and session.coach and not same_person(session.coach, me):
            raise CoachError(
                f"session {session.id} was held by {shown(session.coach)}, not you ({shown(me)}):"
                " a reflection is on your own practice"
            )
        return session
    from coachcli.store.people import overview, session_rows

    rows = [row for row in session_rows(overview(store)) if row.status == "complete"]
    mine = [row for row in rows if not (me and row.coach) or same_person(row.coach, me)]
    if not mine:
        whose = f" held by {shown(me)}" if me and rows else ""
        raise CoachError(
            f"no finished sessions{whose} yet: `coach reflect --general` reflects without one"
        )
    return store.read(store.folder / mine[0].file)


def show_history(app: App) -> None:
    from coachcli.reports.reflections import trends
    from coachcli.store.reflections import reflections
    from coachcli.ui.trends import show_history as draw

    found = [r for _, r in reflections(app.store())]
    fw = app.frameworks()
    order = [("quality", q.id, q.name) for q in fw.skills.qualities]
    order += [("skill", s.id, s.name) for s in fw.skills.skills]
    draw(app.out, found, trends(found, order))


def export_reflections(app: App, since: str | None, out: Path | None, force: bool) -> None:
    """`coach export --reflections`: markdown for supervision with a lead coach."""
    from coachcli import clock
    from coachcli.reports.reflections import since as after
    from coachcli.reports.reflections import supervision_markdown
    from coachcli.reports.selection import since_date
    from coachcli.store.reflections import reflections

    today = clock.today()  # --since as the overview reads it: 6w is six weeks back
    day = None if since is None else since_date(since, today)
    if out is not None and out.exists() and not force:
        raise CoachError(f"{out} already exists: choose another name or add --force")
    found = after([r for _, r in reflections(app.store())], day)
    text = supervision_markdown(found, app.workspace().config.coach, today)
    if out is None:
        from coachcli.ui.visible import visible

        sys.stdout.write(visible(text))  # a note cannot drive the terminal it is read in
        return
    from coachcli.store.files import atomic_write

    atomic_write(out, text, new=not force)
    print(f"Wrote {out}")
