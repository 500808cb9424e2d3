"""The `coach` command: parses options and shows results; the work happens elsewhere.

Modules a command needs are imported inside it, so `coach --help` stays fast. No
`from __future__ import annotations` here: typer builds every command on every run and
would evaluate each string annotation again (about 10 ms a run); names imported only
for type checking are quoted instead.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coachcli import __version__
from coachcli.errors import CoachError, closed_pipe

if TYPE_CHECKING:
    from coachcli.conversation.asking import Asker
    from coachcli.records.frameworks import Frameworks
    from coachcli.store.sessions import Store
    from coachcli.store.workspace import Workspace


class _Ordered(typer.core.TyperGroup):
    """List commands in the order a coach meets them, not alphabetically."""

    ORDER = (
        "session",
        "followup",
        "export",
        "frameworks",
        "init",
        "where",
        "doctor",
        "migrate",
        "forget",
    )

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: self.ORDER.index(n) if n in self.ORDER else 99)


app = typer.Typer(
    cls=_Ordered,
    help="Structured school coaching conversations, kept as plain YAML you own.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=False,
)
frameworks_app = typer.Typer(
    help="The school's bar, coaching skills, criteria and flows.",
    no_args_is_help=True,
)
app.add_typer(frameworks_app, name="frameworks")
session_app = typer.Typer(
    help="Hold, resume, list, show and amend coaching sessions.",
    no_args_is_help=True,
)
app.add_typer(session_app, name="session")

_state: dict[str, Path | None] = {"home": None}
LIST_LIMIT = 50

HomeOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime
    typer.Option(
        "--home",
        help="Use the workspace in this folder (overrides COACH_HOME).",
        metavar="PATH",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    home: HomeOption = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for unexpected errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    _state["home"] = home


def _workspace() -> "Workspace":
    from coachcli.store.workspace import open_workspace

    return open_workspace(_state["home"])


@app.command()
def init(
    path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="Folder for the workspace (default: the current folder)."),
    ] = None,
    coach: Annotated[Optional[str], typer.Option(help="Your name, as coach.")] = None,  # noqa: UP045
    school: Annotated[Optional[str], typer.Option(help="Your school's name.")] = None,  # noqa: UP045
) -> None:
    """Make a workspace; never overwrites a thing.

    Files already there are never overwritten, so running it again only adds what is
    missing.
    """
    from coachcli.store.workspace import init as make

    report = make((path or Path.cwd()).resolve(), coach=coach, school=school)
    state = "Made a new workspace" if report.created else "Already a workspace"
    print(f"{state} at {report.root}")
    if report.copied:
        print(f"  added frameworks: {', '.join(report.copied)}")
    if report.kept:
        print(f"  kept as they are: {', '.join(report.kept)}")
    print(
        "Next: edit frameworks/bar.yaml to describe your school's bar, then run"
        " `coach session start`."
    )


@app.command()
def where() -> None:
    """Say which workspace is in use, and why."""
    ws = _workspace()
    print(f"workspace:  {ws.root}")
    print(f"because:    {ws.reason}")
    print(f"frameworks: {ws.frameworks_dir}")
    print(f"sessions:   {ws.sessions_dir}")


@frameworks_app.command("list")
def frameworks_list() -> None:
    """List the workspace's frameworks with their versions."""
    from coachcli.records.frameworks import load_frameworks
    from coachcli.ui.views import frameworks_table

    frameworks_table(load_frameworks(_workspace().frameworks_dir))


@frameworks_app.command("show")
def frameworks_show(
    name: Annotated[str, typer.Argument(help="skills, bar, criteria or flows.")],
) -> None:
    """Show one framework in full, readably."""
    from coachcli.records.frameworks import KINDS, load_frameworks
    from coachcli.ui.views import show_framework

    if name not in KINDS:
        raise CoachError(f"no framework called {name!r}; choose one of {', '.join(KINDS)}")
    show_framework(load_frameworks(_workspace().frameworks_dir), name)


@frameworks_app.command("validate")
def frameworks_validate(
    path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="A framework file or folder (default: the workspace's)."),
    ] = None,
) -> None:
    """Check frameworks for typos, wrong types and references that point nowhere."""
    from coachcli.records.frameworks import load_frameworks, read_file

    target = path or _workspace().frameworks_dir
    if target.is_dir():
        frameworks = load_frameworks(target)
        names = ", ".join(f.path.name for f in frameworks.files.values())
        print(f"ok: {target} ({names})")
    else:
        loaded = read_file(target)
        print(f"ok: {target} ({loaded.model.title})")


@frameworks_app.command("schema")
def frameworks_schema(
    name: Annotated[
        str,
        typer.Argument(
            help="skills, bar, criteria or flows; or session, progress, config or answers."
        ),
    ] = "bar",
) -> None:
    """Print the JSON Schema of a file, for editors and other tools.

    Example: coach frameworks schema answers > answers.schema.json
    """
    from coachcli.records.schemas import schema_text

    sys.stdout.write(schema_text(name))


def _terminal_asker() -> "Asker":
    from coachcli.errors import NoTerminal

    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise NoTerminal(
            "no terminal: run this in a terminal, or give your answers in a file with"
            " --answers FILE (see the README)"
        )
    from coachcli.ui.prompts import TerminalAsker

    return TerminalAsker()


def _asker(answers: Path | None) -> "Asker":
    """The answers file's asker when one is given, otherwise the terminal's."""
    if answers is None:
        return _terminal_asker()
    from coachcli.conversation.asking import AnswersAsker
    from coachcli.records.answers import AnswersFile
    from coachcli.records.validation import convert
    from coachcli.records.yamlio import load

    loaded = load(answers)
    convert(AnswersFile, loaded.data, answers, loaded)  # every key one the engine asks for
    return AnswersAsker(answers, loaded)


def _find(store: "Store", session_id: str) -> Path:
    """A session's file: where the store puts it, or else through the index."""
    found = store.guess(session_id)
    if found is None:
        from coachcli.store.people import find_session

        found = find_session(store, session_id)
    return found


def _session_tools() -> "tuple[Workspace, Frameworks, Store]":
    from coachcli.records.frameworks import load_frameworks
    from coachcli.store.sessions import Store

    ws = _workspace()
    return ws, load_frameworks(ws.frameworks_dir), Store(ws.sessions_dir)


@session_app.command("start")
def session_start(
    coachee: Annotated[Optional[str], typer.Option(help="Who you are coaching.")] = None,  # noqa: UP045
    role: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Their role, as an id from the bar (e.g. phase_leader)."),
    ] = None,
    kind: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="leadership or instructional (default: from their role)."),
    ] = None,
    flow: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="full or quick, or a flow of your own (default: from coach.yaml)."),
    ] = None,
    coach: Annotated[Optional[str], typer.Option(help="Your name, if not in coach.yaml.")] = None,  # noqa: UP045
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Run from a YAML file of answers, with no prompts.", metavar="FILE"),
    ] = None,
) -> None:
    """Hold a coaching conversation, saved after every answer.

    Ctrl-C stops and keeps the draft; `coach session resume` carries on with it.
    """
    from coachcli.conversation.start import Choices, start

    if kind not in (None, "leadership", "instructional"):
        raise CoachError(f"--kind must be leadership or instructional, not {kind!r}")
    ws, fw, store = _session_tools()
    asker = _asker(answers)
    store.clean_temp_files()
    choices = Choices(coachee=coachee, role=role, kind=kind, flow=flow, coach=coach)  # type: ignore[arg-type]
    session, path = start(fw, ws.config, store, asker, choices)
    print(f"Saved session {session.number} with {session.coachee}: {path}")
    print(f"id: {session.id}   (coach session show {session.id})")


@session_app.command("resume")
def session_resume(
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="ID", help="The draft's id (default: the latest draft)."),
    ] = None,
) -> None:
    """Carry on with an unfinished session exactly where it stopped."""
    from coachcli.conversation.engine import Conversation
    from coachcli.conversation.start import run_to_end

    ws, fw, store = _session_tools()
    drafts = store.drafts()
    if session_id is None:
        if not drafts:
            raise CoachError("no unfinished sessions to resume")
        draft = drafts[-1]
    else:
        draft = store.read(_find(store, session_id))
        if draft.status != "draft":
            raise CoachError(f"session {draft.id} is already finished")
    asker = _terminal_asker()
    path = run_to_end(Conversation(fw, ws.config, store, asker, draft))
    print(f"Saved session {draft.number} with {draft.coachee}: {path}")


@session_app.command("list")
def session_list(
    coachee: Annotated[Optional[str], typer.Option(help="Only this person's sessions.")] = None,  # noqa: UP045
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Every session, not only the latest {LIST_LIMIT}.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List sessions, newest first, unfinished drafts included."""
    from coachcli.store.people import overview, session_rows
    from coachcli.store.sessions import Store, same_person
    from coachcli.ui.views import progress_ticker, session_table, unreadable

    store = Store(_workspace().sessions_dir)
    with progress_ticker("Indexing sessions") as tick:
        summaries = overview(store, tick)
    rows = session_rows(summaries)
    if coachee is not None:
        rows = [row for row in rows if same_person(row.coachee, coachee)]
    limit = None if show_all or as_json else LIST_LIMIT
    session_table(rows, limit=limit, as_json=as_json)
    unreadable(summaries)


@session_app.command("show")
def session_show(
    session_id: Annotated[str, typer.Argument(metavar="ID", help="A session id, or its start.")],
    revision: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Show an earlier revision of an amended session.", min=1),
    ] = None,
) -> None:
    """Show one session in full, private notes included (your copy)."""
    from coachcli.store.sessions import Store, read_session
    from coachcli.ui.views import show_session

    store = Store(_workspace().sessions_dir)
    path = _find(store, session_id)
    session = store.read(path)
    if revision is not None and revision != session.revision:
        from coachcli.store.maintenance import revisions

        kept = {int(p.stem[1:]): p for p in revisions(store, session)}
        if revision not in kept:
            raise CoachError(
                f"{session.id} has no revision {revision}; it is at revision {session.revision}"
            )
        path, session = kept[revision], read_session(kept[revision])
    show_session(session, path)


@session_app.command("amend")
def session_amend(
    session_id: Annotated[str, typer.Argument(metavar="ID", help="A finished session's id.")],
) -> None:
    """Correct a finished session; keeps revisions.

    The editor is $VISUAL or $EDITOR.

    The earlier version is kept as a revision (`coach session show ID --revision N`);
    the history of a session is never rewritten.
    """
    import os

    from coachcli.store.maintenance import amend
    from coachcli.store.sessions import Store

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "nano"
    session, path = amend(Store(_workspace().sessions_dir), session_id, editor)
    print(f"Saved revision {session.revision} of {session.id}: {path}")


@app.command()
def doctor() -> None:
    """Check the workspace and say what needs attention.

    Every file parses and validates, format versions, permissions, leftovers from
    interrupted saves, sync conflict copies, old drafts and missing bar items.
    """
    from coachcli.store.maintenance import doctor as run_checks
    from coachcli.store.sessions import Store
    from coachcli.ui.views import doctor_table, progress_ticker

    ws = _workspace()
    store = Store(ws.sessions_dir)
    with progress_ticker("Checking files") as tick:
        checks = run_checks(ws, store, tick)
    if not doctor_table(checks):
        raise typer.Exit(1)


@app.command()
def migrate() -> None:
    """Rewrite the store in the current format, after a backup.

    Also encrypts or decrypts files to match the workspace's encryption setting.
    """
    from coachcli.store.maintenance import migrate as run_migration
    from coachcli.store.sessions import Store

    ws = _workspace()
    report = run_migration(ws, Store(ws.sessions_dir))
    if not report.migrated:
        print(f"All {report.checked} files are already in the current format.")
        return
    print(f"Backed up the sessions folder to {report.backup}")
    print(f"Migrated {len(report.migrated)} of {report.checked} files.")


@app.command()
def forget(
    name: Annotated[str, typer.Argument(help="The person whose records are to be erased.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase everything this workspace holds about a person.

    Sessions, drafts, progress records, earlier revisions, conflict copies and backups
    are removed. Export their complete record first if they asked for it:
    `coach export --coachee NAME --include-private`.
    """
    from coachcli.reports.followup import resolve_person
    from coachcli.store.maintenance import carry_out, plan_forget
    from coachcli.store.sessions import Store

    ws = _workspace()
    store = Store(ws.sessions_dir)
    who = resolve_person(store, name)
    plan = plan_forget(ws, store, who)
    count = plan.count()
    if not yes:
        if not sys.stdin.isatty():
            raise CoachError("add --yes to erase without a terminal to confirm in")
        import questionary

        sure = questionary.confirm(
            f"Erase {count} file{'s' * (count != 1)} about {who}? This cannot be undone.",
            default=False,
        ).unsafe_ask()
        if not sure:
            print("Nothing was erased.")
            return
    removed, failed = carry_out(plan, store)
    print(f"Erased {removed} file{'s' * (removed != 1)} about {who}.")
    for line in failed:
        print(f"  could not remove {line}")
    print("Not reachable from here: version history kept by a sync service (OneDrive,")
    print("Dropbox, Syncthing), other backups, and exports you saved with --out.")
    if failed:
        raise typer.Exit(1)


@app.command()
def followup(
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Who to brief on (default: everyone you coach)."),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Record progress on each open step, between meetings.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Everyone, not only the first {LIST_LIMIT}.")
    ] = False,
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="With --record: take the answers from a YAML file.", metavar="FILE"),
    ] = None,
) -> None:
    """Who is due or overdue, or one person's brief.

    With no name, everyone you coach, overdue first. With a name, the brief to read
    before meeting them. With --record, note progress seen between meetings.
    """
    from coachcli import clock
    from coachcli.reports.followup import brief, dashboard, resolve_person
    from coachcli.store.people import overview, person
    from coachcli.store.sessions import Store

    ws = _workspace()
    store = Store(ws.sessions_dir)
    today = clock.today()
    if name is None:
        if record:
            raise CoachError("--record needs a name: coach followup NAME --record")
        from coachcli.ui.views import dashboard_table, progress_ticker, unreadable

        with progress_ticker("Indexing sessions") as tick:
            summaries = overview(store, tick)
        rows = dashboard(summaries, today)
        dashboard_table(rows, today, limit=None if show_all else LIST_LIMIT, as_json=as_json)
        unreadable(summaries)
        return
    found = resolve_person(store, name)
    if record:
        from coachcli.conversation.progress import record_progress

        who = person(store, found)
        path = record_progress(store, who, _asker(answers))
        print(f"Recorded progress for {who.name}: {path}")
        return
    from coachcli.ui.views import show_brief

    show_brief(brief(store, found), today, as_json=as_json)


@app.command()
def export(
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="[SESSION_ID]", help="The session to export."),
    ] = None,
    coachee: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Export this person's whole coaching journey instead."),
    ] = None,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="Include notes marked private.")
    ] = False,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Write to this file instead of printing.", metavar="FILE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --out file.")] = False,
) -> None:
    """Markdown summary of a session or a journey.

    Private notes are left out unless --include-private is given. Without --out the
    markdown is printed plainly, ready to pipe. A template in <workspace>/templates
    overrides the packaged one.
    """
    from coachcli import clock
    from coachcli.reports.export import Context, journey_markdown, session_markdown
    from coachcli.store.sessions import Store

    if (session_id is None) == (coachee is None):
        raise CoachError("give a SESSION_ID or --coachee NAME (one of the two)")
    if out is not None and out.exists() and not force:
        raise CoachError(f"{out} already exists: choose another name or add --force")
    ws = _workspace()
    store = Store(ws.sessions_dir)
    templates = ws.root / "templates"
    if coachee is not None:
        from coachcli.reports.followup import resolve_person
        from coachcli.store.people import person

        who = person(store, resolve_person(store, coachee))
        if not who.sessions:
            raise CoachError(f"no finished sessions with {who.name} yet")
        ctx = Context.of(who.sessions, clock.today())
        text = journey_markdown(who, ctx, templates, private=include_private)
    else:
        assert session_id is not None
        session = store.read(_find(store, session_id))
        ctx = Context.of([session], clock.today())
        text = session_markdown(session, ctx, templates, private=include_private)
    if out is None:
        sys.stdout.write(text)
        return
    from coachcli.store.files import atomic_write

    atomic_write(out, text, new=not force)
    print(f"Wrote {out}")


def main() -> None:
    """Entry point: one handler turns user errors into one line and an exit code."""
    debug = "--debug" in sys.argv[1:]
    try:
        app(prog_name="coach")
        sys.stdout.flush()
    except BrokenPipeError:
        closed_pipe()
    except CoachError as problem:
        print(f"coach: {problem}", file=sys.stderr)
        sys.exit(problem.exit_code)
    except Exception as problem:  # noqa: BLE001 - the last line of defence
        if debug:
            import traceback

            traceback.print_exception(problem)
        print(
            f"coach: unexpected error ({type(problem).__name__}); this is a bug."
            + ("" if debug else " Run again with --debug to see where."),
            file=sys.stderr,
        )
        sys.exit(70)
