"""`coach forget NAME`: erase everything the workspace holds about one person."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli import complete
from coachcli.cli.context import app_of
from coachcli.errors import CoachError, ExitCode
from coachcli.ui.visible import visible as shown

if TYPE_CHECKING:
    from coachcli.store.people import Who
    from coachcli.store.sessions import Store


def forget(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="The person whose records are to be erased (a name or an id).",
            autocompletion=complete.coachees,
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase everything this workspace holds about a person.

    Found by who they are, not by their name or folder: sessions, drafts, progress
    records, earlier revisions, conflict copies, backups and leftovers of interrupted
    saves are removed, and the index in your cache folder forgets them; nobody else's
    files are touched. Every file removed is listed. A file that cannot be read is
    named and left alone. Export their complete record first if they asked for it:
    `coach export --coachee NAME --include-private`.

    \b
    Examples:
      coach forget "Tom Reid"
      coach forget p1a2b3c4d5e --yes
    """
    from coachcli.conversation.asking import ConfirmQ
    from coachcli.store.forget import carry_out, plan_forget

    app = app_of(ctx)
    store = app.store()
    ws = app.workspace()
    who = resolve(store, name)
    plan = plan_forget(ws, store, {who.id})
    if not plan.files:
        raise CoachError(f"nothing to erase about {who.name}")
    count = plan.count()
    if not yes:
        if app.terminal is None and not sys.stdin.isatty():
            raise CoachError("add --yes to erase without a terminal to confirm in")
        files = f"{count} file{'s' * (count != 1)}"
        question = f"Erase {files} about {shown(who.name)}? This cannot be undone."
        if not app.person().confirm(ConfirmQ(("forget",), question, default=False)):
            print("Nothing was erased.")
            return
    removed, failed = carry_out(plan, ws, store)
    print(f"Erased {len(removed)} file{'s' * (len(removed) != 1)} about {shown(who.name)}:")
    for path in removed:
        print(
            f"  {shown(str(path.relative_to(ws.root) if path.is_relative_to(ws.root) else path))}"
        )
    for line in failed:
        print(f"  could not remove {shown(line)}")
    for line in plan.unreadable:
        print(f"  could not read, left alone: {shown(line)}")
    print("Not reachable from here: version history kept by a sync service (OneDrive,")
    print("Dropbox, Syncthing), other backups, and exports you saved with --out.")
    if failed or plan.unreadable:
        raise typer.Exit(ExitCode.USER_ERROR)


def resolve(store: "Store", name: str) -> "Who":
    """The person to forget: someone coached here, or someone with only a draft."""
    from coachcli.records.identity import same_person
    from coachcli.reports.followup import resolve_person
    from coachcli.store.people import Who, overview, session_rows

    try:
        return resolve_person(store, name)
    except CoachError:
        rows = session_rows(overview(store))
        wanted = name.strip().casefold()
        drafts = {
            r.coachee_id: r.coachee
            for r in rows
            if r.status == "draft" and (same_person(r.coachee, name) or r.coachee_id == wanted)
        }
        if len(drafts) != 1:
            raise
        ((found, named),) = drafts.items()
        return Who(found, named)
