"""`coach followup` and `coach export`: what the coach reads before and after a meeting."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coachcli.cli import complete
from coachcli.cli.context import LIST_LIMIT, app_of
from coachcli.cli.session import framework_note
from coachcli.errors import CoachError
from coachcli.ui.visible import visible as shown


def followup(
    ctx: typer.Context,
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="Who to brief on (default: everyone you coach).", autocompletion=complete.coachees
        ),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Record progress on each open step, between meetings.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Everyone, not only the first {LIST_LIMIT}.")
    ] = False,
    archived: Annotated[
        bool, typer.Option("--archived", help="List the people you archived too, at the end.")
    ] = False,
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="With --record: take the answers from a YAML file.", metavar="FILE"),
    ] = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="The whole brief, even when it is longer than the screen."),
    ] = False,
) -> None:
    """Who is due or overdue, or one person's brief.

    With no name, everyone you coach, overdue first (people you archived only with
    --archived). With a name, the brief to read before meeting them, fitted to the
    screen (--full shows all of it). With --record, note progress seen between
    meetings.

    \b
    Examples:
      coach followup
      coach followup "Tom Reid"
      coach followup "Tom Reid" --record
    """
    from coachcli import clock
    from coachcli.reports.followup import brief, dashboard, resolve_person

    app = app_of(ctx)
    store = app.store()
    today = clock.today()
    if name is None:
        if record:
            raise CoachError("--record needs a name: coach followup NAME --record")
        from coachcli.store.people import overview
        from coachcli.ui.console import progress_ticker
        from coachcli.ui.listings import dashboard_table, unreadable

        with progress_ticker(app.out, "Indexing sessions") as tick:
            summaries = overview(store, tick)
        rows = dashboard(summaries, today, archived=archived)
        hidden = 0 if archived else len(dashboard(summaries, today, archived=True)) - len(rows)
        limit = None if show_all else LIST_LIMIT
        dashboard_table(app.out, rows, today, limit=limit, as_json=as_json, hidden=hidden)
        framework_note(app)
        unreadable(summaries)
        return
    found = resolve_person(store, name)
    if record:
        from coachcli.conversation.progress import record_progress
        from coachcli.records.frameworks import conversation_words
        from coachcli.store.people import person

        who = person(store, found)
        words = conversation_words(app.workspace().frameworks_dir)
        path = record_progress(store, who, app.asker(answers), words)
        print(f"Recorded progress for {shown(who.name)}: {path}")
        return
    from coachcli.ui.brief import show_brief

    own = app.workspace().own_coach()
    show_brief(app.out, brief(store, found), today, as_json=as_json, own_coach=own, full=full)
    framework_note(app)


def export(
    ctx: typer.Context,
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID]", help="The session to export.", autocompletion=complete.finished
        ),
    ] = None,
    coachee: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Export this person's whole coaching journey instead.",
            autocompletion=complete.coachees,
        ),
    ] = None,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="Include notes marked private.")
    ] = False,
    format_: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            help="markdown, html (one page to open, print or send) or docx (Word)."
            " Default: what the --out name ends with (.md, .html, .docx), else markdown.",
            metavar="FORMAT",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Write to this file instead of printing.", metavar="FILE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --out file.")] = False,
    reflections: Annotated[
        bool,
        typer.Option("--reflections", help="Your own reflections instead, for supervision."),
    ] = False,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="With --reflections: only those from this date on.", metavar="DATE"),
    ] = None,
) -> None:
    """A session or a journey as markdown, a web page or Word.

    Private notes are left out unless --include-private is given. Without --out the
    summary is printed plainly, ready to pipe (a Word document needs --out). The
    --out file is readable by you only. A template in <workspace>/templates overrides
    the packaged one, for every format. With --reflections: your own reflections and
    their trend, to take to supervision (no coachee named).

    \b
    Examples:
      coach export tom-reid-9398 --out summary.md
      coach export --coachee "Tom Reid" --include-private --out tom.docx
      coach export --reflections --since 2026-09-01
    """
    from coachcli import clock
    from coachcli.cli.session import find
    from coachcli.reports.export import Context, journey_markdown, session_markdown
    from coachcli.reports.formats import chosen

    if reflections or since is not None:
        from coachcli.cli.reflect import export_reflections

        if not reflections or session_id or coachee or include_private:
            raise CoachError("--reflections takes only --since, --out and --force")
        return export_reflections(app_of(ctx), since, out, force)
    if session_id is not None and coachee is not None:
        raise CoachError(
            f"give a SESSION_ID or --coachee NAME, not both (a name with a space goes in"
            f' quotes: --coachee "{coachee} {session_id}")'
        )
    if session_id is None and coachee is None:
        raise CoachError("give a SESSION_ID or --coachee NAME (one of the two)")
    kind = chosen(format_, out)
    if out is not None and out.exists() and not force:
        raise CoachError(f"{out} already exists: choose another name or add --force")
    app = app_of(ctx)
    store = app.store()
    templates = app.workspace().root / "templates"
    if coachee is not None:
        from coachcli.reports.followup import resolve_person
        from coachcli.store.people import person

        who = person(store, resolve_person(store, coachee))
        if not who.sessions:
            raise CoachError(f"no finished sessions with {who.name} yet")
        context = Context.of(who.sessions, clock.today())
        text = journey_markdown(who, context, templates, private=include_private)
    else:
        assert session_id is not None
        session = store.read(find(store, session_id))
        context = Context.of([session], clock.today())
        text = session_markdown(session, context, templates, private=include_private)
    if kind == "html":
        from coachcli.reports.page import html_page

        text = html_page(shown(text))
    if out is None:  # a control or direction character in a note must not drive a terminal
        sys.stdout.write(text if kind == "html" else shown(text))
    else:
        from coachcli.store.files import atomic_write, atomic_write_bytes

        if kind == "docx":
            from coachcli.reports.word import docx_bytes

            atomic_write_bytes(out, docx_bytes(shown(text), clock.today()), new=not force)
        else:
            atomic_write(out, text, new=not force)
        print(f"Wrote {shown(str(out))}")
    framework_note(app)
