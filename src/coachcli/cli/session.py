"""`coach session start | resume | list | show | amend | discard`.

No `from __future__ import annotations` in the command modules: typer reads the
annotations at run time, and postponed ones cost every run ~10 ms (docs/performance.md).
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coachcli.cli import complete
from coachcli.cli.context import LIST_LIMIT, app_of
from coachcli.errors import CoachError
from coachcli.ui.visible import visible as shown

if TYPE_CHECKING:
    from coachcli.cli.context import App
    from coachcli.conversation.asking import Asker
    from coachcli.records.frameworks import Frameworks
    from coachcli.records.session import Session
    from coachcli.store.sessions import Store
    from coachcli.store.workspace import Workspace

session_app = typer.Typer(
    help="Hold, resume, list, show, amend and discard coaching sessions.",
    no_args_is_help=True,
)


def framework_note(app: "App") -> None:
    """After a read-only command, which answers from what was saved: name once, on
    stderr, a framework file that a new session would refuse."""
    import sys

    from coachcli.store.health import broken_framework

    broken = broken_framework(app.workspace())
    if broken is not None:
        print(
            f"coach: {shown(broken, lines=False)} needs fixing before the next session;"
            " `coach frameworks validate` says what is wrong",
            file=sys.stderr,
        )


def find(store: "Store", session_id: str) -> Path:
    """A session's file: where the store puts it, or else through the index (imported
    only then: `session show` and `export` stay fast)."""
    found = store.guess(session_id)
    if found is None:
        from coachcli.store.people import find_session

        found = find_session(store, session_id)
    return found


@session_app.command("start")
def session_start(
    ctx: typer.Context,
    coachee: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Who you are coaching.", autocompletion=complete.coachees),
    ] = None,
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

    \b
    Examples:
      coach session start
      coach session start --coachee "Tom Reid" --flow quick
      coach session start --answers answers.yaml
    """
    from coachcli.conversation.start import Choices, start

    if kind not in (None, "leadership", "instructional"):
        raise CoachError(f"--kind must be leadership or instructional, not {kind!r}")
    app = app_of(ctx)
    ws, fw, store = app.workspace(), app.frameworks(), app.store()
    asker = app.asker(answers)
    store.clean_temp_files()
    choices = Choices(coachee=coachee, role=role, kind=kind, flow=flow, coach=coach)  # type: ignore[arg-type]
    named(ws, asker)
    session, path = start(fw, ws.config, store, asker, choices)
    saved(session, path)
    reflect_now(fw, store, asker, session)


def named(ws: "Workspace", asker: "Asker") -> None:
    """The first screen names the workspace when it is not the one in or above the
    current folder (--home, COACH_HOME or the user data folder)."""
    if not ws.nearby:
        from coachcli.conversation.asking import Message

        asker.show(Message(f"Workspace: {ws.root}, {ws.reason}.", "dim"))


def reflect_now(fw: "Frameworks", store: "Store", asker: "Asker", session: "Session") -> None:
    """The offer at the close of every session, started or resumed: reflect on your
    own practice now (default no: Enter alone never starts it)."""
    from coachcli.conversation.reflect import offer

    reflected = offer(fw, store, asker, session)
    if reflected is not None:
        print(f"Saved your reflection: {reflected}")


def saved(session: "Session", path: Path) -> None:
    """What every finished session prints, started or resumed: where, and its id."""
    print(f"Saved session {session.number} with {shown(session.coachee)}: {path}")
    print(f"id: {session.id}   (coach session show {session.id})")


@session_app.command("resume")
def session_resume(
    ctx: typer.Context,
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="ID",
            help="The draft's id (default: the latest draft).",
            autocompletion=complete.drafts,
        ),
    ] = None,
) -> None:
    """Carry on with an unfinished session exactly where it stopped.

    \b
    Examples:
      coach session resume
      coach session resume tom-reid-9398
    """
    from coachcli.conversation.engine import Conversation
    from coachcli.conversation.start import run_to_end

    app = app_of(ctx)
    ws, fw, store = app.workspace(), app.frameworks(), app.store()
    draft = store.draft_to_resume(None if session_id is None else find(store, session_id))
    asker = app.person()
    named(ws, asker)
    conversation = Conversation(fw, ws.config, store, asker, draft)
    path = run_to_end(conversation)
    saved(conversation.session, path)
    reflect_now(fw, store, asker, conversation.session)


@session_app.command("list")
def session_list(
    ctx: typer.Context,
    coachee: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Only this person's sessions.", autocompletion=complete.coachees),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Every session, not only the latest {LIST_LIMIT}.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List sessions, newest first, unfinished drafts included.

    The sessions of people you archived are listed too, marked archived.

    \b
    Examples:
      coach session list
      coach session list --coachee "Tom Reid" --json
    """
    from coachcli.records.identity import same_person
    from coachcli.store.people import overview, session_rows, standings
    from coachcli.ui.console import progress_ticker
    from coachcli.ui.listings import session_table, unreadable

    app = app_of(ctx)
    store = app.store()
    with progress_ticker(app.out, "Indexing sessions") as tick:
        summaries = overview(store, tick)
    rows = session_rows(summaries)
    if coachee is not None:
        wanted = coachee.strip().casefold()
        ids = {
            r.coachee_id for r in rows if same_person(r.coachee, coachee) or r.coachee_id == wanted
        }
        if not ids:  # no one of that exact name: a first name or a start will do, as in followup
            from coachcli.reports.followup import resolve_person

            ids = {resolve_person(store, coachee).id}  # or one line naming the closest
        rows = [row for row in rows if row.coachee_id in ids]
    limit = None if show_all or as_json else LIST_LIMIT
    archived = frozenset(one.coachee_id for one in standings(summaries) if one.archived)
    session_table(app.out, rows, limit=limit, as_json=as_json, archived=archived)
    framework_note(app)
    unreadable(summaries)


@session_app.command("show")
def session_show(
    ctx: typer.Context,
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A session id, or its start.", autocompletion=complete.sessions
        ),
    ],
    revision: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Show an earlier revision of an amended session.", min=1),
    ] = None,
) -> None:
    """Show one session in full, private notes included (your copy).

    \b
    Examples:
      coach session show tom-reid-9398
      coach session show tom-reid-9398 --revision 1
    """
    from coachcli import clock
    from coachcli.reports.shown import Context
    from coachcli.ui.session import show_session

    app = app_of(ctx)
    store = app.store()
    path = find(store, session_id)
    session = store.read(path)
    if revision is not None and revision != session.revision:
        from coachcli.store.maintenance import earlier_revision

        path, session = earlier_revision(store, session, revision)
    from coachcli.store.roster import archived_on

    archived = archived_on(store, session.coachee_id, session.coachee)
    labels = Context.of([session], clock.today(), app.workspace().frameworks_dir)
    show_session(app.out, session, path, labels, archived=archived)
    framework_note(app)


@session_app.command("amend")
def session_amend(
    ctx: typer.Context,
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A finished session's id.", autocompletion=complete.finished
        ),
    ],
) -> None:
    """Correct a finished session; keeps revisions.

    The editor is $VISUAL or $EDITOR.

    The earlier version is kept as a revision (`coach session show ID --revision N`);
    the history of a session is never rewritten.

    \b
    Example:
      coach session amend tom-reid-9398
    """
    import os

    from coachcli import portable
    from coachcli.store.maintenance import amend

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or portable.DEFAULT_EDITOR
    session, path = amend(app_of(ctx).store(), session_id, editor)
    print(f"Saved revision {session.revision} of {session.id}: {path}")


@session_app.command("discard")
def session_discard(
    ctx: typer.Context,
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="ID",
            help="The draft's id (default: the latest draft).",
            autocompletion=complete.drafts,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Discard it without asking first.")] = False,
) -> None:
    """Throw away an unfinished session (a draft) for good.

    Only that draft goes, with what was kept of it when a save failed; a finished
    session, another draft or a draft open in another terminal is never touched.
    Asks first (y, then Enter) unless you add --yes.

    \b
    Examples:
      coach session discard
      coach session discard tom-reid-9398 --yes
    """
    from coachcli.conversation.asking import ConfirmQ
    from coachcli.errors import NoTerminal
    from coachcli.store.leases import Lease

    app = app_of(ctx)
    store = app.store()
    if session_id is None:
        drafts = store.drafts()
        if not drafts:
            raise CoachError("no unfinished sessions to discard")
        draft, path = drafts[-1], store.draft_path(drafts[-1])
    else:
        path = find(store, session_id)
        draft = store.read(path)
        if draft.status != "draft":
            raise CoachError(
                f"session {draft.id} is finished, not a draft: nothing was removed"
                " (coach session amend corrects a finished session)"
            )
    lease = Lease(store, draft.id)
    if not lease.try_hold():
        raise CoachError(
            f"session {draft.id} is open in another terminal {lease.holder().describe()};"
            " nothing was removed (stop it there first)"
        )
    try:
        if not yes:
            try:
                asker = app.person()
            except NoTerminal:
                raise CoachError(
                    "no terminal to ask in: add --yes to discard the draft without asking"
                ) from None
            question = (
                f"Discard the unfinished session with {draft.coachee} from"
                f" {draft.started:%a %d %b %H:%M} (id {draft.id})? It cannot be brought back."
            )
            if not asker.confirm(ConfirmQ(("discard",), question, default=False)):
                print("Nothing was removed.")
                return
        lease.discard(path)
    finally:
        lease.release()
    print(f"Discarded the unfinished session with {shown(draft.coachee)} ({draft.id}).")
