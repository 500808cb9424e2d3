"""`coach overview`: the school's whole picture, on screen, as JSON or as a report."""

import sys
from typing import Annotated, Optional

import typer

from coachcli.cli.context import app_of
from coachcli.errors import CoachError


def overview(
    ctx: typer.Context,
    coach: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at runtime
        typer.Option(
            help="Only this coach's sessions (the name the sessions record).", metavar="NAME"
        ),
    ] = None,
    role: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Only sessions with people in this role (its id or name).", metavar="ROLE"
        ),
    ] = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Only sessions from this date on (2026-09-01, 1/9, 6w).", metavar="DATE"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    as_markdown: Annotated[
        bool,
        typer.Option("--markdown", help="Print a report for a leadership team or governors."),
    ] = False,
    names: Annotated[
        bool, typer.Option("--names", help="With --markdown: name the people in the report.")
    ] = False,
) -> None:
    """The whole school's coaching, and who has not been seen lately.

    Which bar items are in focus, by role and by coach; where the steps agreed stand
    now; the library steps and criteria behind them; how far apart sessions are; and
    who has not been seen for longer than coach.yaml's not_seen_after_days. The
    --markdown report names nobody coached unless --names, and merges every group of
    fewer than three people so that no one can be picked out.

    \b
    Examples:
      coach overview
      coach overview --since 2026-09-01 --role teacher
      coach overview --markdown > overview.md
    """
    from coachcli import clock
    from coachcli.reports.library_words import library_labels
    from coachcli.reports.overview import overview as figures
    from coachcli.reports.selection import Chosen, counted, finished, resolve, since_date
    from coachcli.store.people import overview as summaries_of
    from coachcli.store.people import standings
    from coachcli.ui.console import progress_ticker
    from coachcli.ui.listings import unreadable

    if as_json and as_markdown:
        raise CoachError("choose --json or --markdown, not both")
    if names and not as_markdown:
        raise CoachError("--names goes with --markdown (the screen and --json name everyone)")
    app = app_of(ctx)
    today = clock.today()
    start = since_date(since, today) if since is not None else None
    with progress_ticker(app.out, "Indexing sessions") as tick:
        summaries = summaries_of(app.store(), tick)
    rows = finished(summaries)
    if not rows:
        raise CoachError("nobody has been coached in this workspace yet")
    coach, role = resolve(rows, coach, role)
    chosen = Chosen(coach, role, start)
    selection = counted(rows, standings(summaries), chosen)
    ws = app.workspace()
    found = figures(
        selection, today, chosen, ws.not_seen_after_days(), library_labels(ws.frameworks_dir)
    )
    if as_json or as_markdown:
        import json

        from coachcli.reports.overview_report import as_data, markdown
        from coachcli.ui.visible import json_visible, visible

        if as_json:
            print(json_visible(json.dumps(as_data(found), ensure_ascii=False, indent=2)))
        else:
            sys.stdout.write(visible(markdown(found, names=names)))
    else:
        from coachcli.ui.overview import show_overview

        show_overview(app.out, found)
    unreadable(summaries)
