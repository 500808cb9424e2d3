"""`coach forget NAME`: erase everything the workspace holds about one person;
`coach forget --before DATE` or `--expired`: everything older than a date."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coachcli.cli import complete
from coachcli.cli.context import App, app_of
from coachcli.errors import CoachError, ExitCode
from coachcli.ui.visible import visible as shown

if TYPE_CHECKING:
    from coachcli.store.people import Who
    from coachcli.store.retention import RetentionPlan
    from coachcli.store.sessions import Store
    from coachcli.store.workspace import Workspace


def forget(
    ctx: typer.Context,
    name: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at runtime
        typer.Argument(
            help="The person whose records are to be erased (a name or an id).",
            show_default=False,
            autocompletion=complete.coachees,
        ),
    ] = None,
    before: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at runtime
        typer.Option(
            "--before",
            metavar="DATE",
            help="Erase everything dated before DATE (2024-09-01, 1/9/2024, today).",
            show_default=False,
        ),
    ] = None,
    expired: Annotated[
        bool,
        typer.Option(
            "--expired",
            help="Erase everything older than retention_months in coach.yaml.",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a person's records, or everything before a date.

    A person is found by who they are, not by their name or folder: their sessions,
    drafts, progress records, earlier revisions, conflict copies, backups and
    leftovers of interrupted saves are removed, and the index in your cache folder
    forgets them; nobody else's files are touched. If they asked for their record,
    export it first: `coach export --coachee NAME --include-private`.

    With --before DATE, everyone's sessions and drafts dated before DATE go, with
    their earlier revisions, progress recorded before DATE and the same files in
    backups/; someone with no later session goes entirely. A later session is kept
    as it is. --expired uses the retention period in coach.yaml (retention_months).

    It asks first. Every file removed is listed. A file that cannot be read is named
    and left alone, and the command exits 1.

    \b
    Examples:
      coach forget "Tom Reid"
      coach forget p1a2b3c4d5e --yes
      coach forget --before 2024-09-01
      coach forget --expired --yes
    """
    app = app_of(ctx)
    if before is not None and expired:
        raise CoachError("give --before DATE or --expired, not both")
    if name is not None and (before is not None or expired):
        raise CoachError("give a name, or --before DATE / --expired, not both")
    if name is None:
        if before is None and not expired:
            raise CoachError("name the person to forget, or give --before DATE or --expired")
        _forget_older(app, before, yes)
        return
    _forget_person(app, name, yes)


def _forget_person(app: App, name: str, yes: bool) -> None:
    from coachcli.store.forget import carry_out, plan_forget

    store = app.store()
    ws = app.workspace()
    who = resolve(store, name)
    plan = plan_forget(ws, store, {who.id})
    if not plan.files:
        raise CoachError(f"nothing to erase about {who.name}")
    count = plan.count()
    files = f"{count} file{'s' * (count != 1)}"
    if not _confirmed(app, yes, f"Erase {files} about {shown(who.name)}? This cannot be undone."):
        print("Nothing was erased.")
        return
    from coachcli.store.anonymise import roots
    from coachcli.store.reflections import forget_people

    scrubbed, unread = forget_people(roots(ws.root, store), store, plan.files)
    removed, failed = carry_out(plan, ws, store)
    print(f"Erased {len(removed)} file{'s' * (len(removed) != 1)} about {shown(who.name)}:")
    mine = len(scrubbed)
    _report(
        ws,
        removed,
        failed,
        [*plan.unreadable, *unread],
        f"Removed them from {mine} of your reflections (the link and their name)." if mine else "",
    )


def _forget_older(app: App, before: str | None, yes: bool) -> None:
    from coachcli import clock
    from coachcli.store.forget import carry_out
    from coachcli.store.retention import cutoff, day_text, expiry, plan_before

    ws = app.workspace()
    store = app.store()
    today = clock.today()
    day = cutoff(before, today) if before is not None else expiry(today, ws.config.retention_months)
    plan = plan_before(ws, store, day)
    when = f"from before {day_text(day)}"
    count = plan.count()
    if not count:
        print(f"Nothing {when} to erase.")
        _report(ws, [], [], plan.unreadable, reachable=False, busy=plan.busy)
        return
    question = f"Erase {'this file' if count == 1 else f'these {count} files'}?"
    if not _confirmed(app, yes, f"{question} This cannot be undone.", _found(plan, when)):
        print("Nothing was erased.")
        return
    removed, failed = carry_out(plan, ws, store)
    print(f"Erased {len(removed)} file{'s' * (len(removed) != 1)} {when}:")
    gone = ", ".join(shown(name) for name in plan.vanished)
    _report(
        ws,
        removed,
        failed,
        plan.unreadable,
        gone and f"No session left, so no longer listed: {gone}.",
        busy=plan.busy,
    )


def _found(plan: "RetentionPlan", when: str) -> list[str]:
    """What is about to go, said before the question."""
    lines = [f"{when[0].upper()}{when[1:]}: {plan.kinds_text()}."]
    people = len(plan.vanished)
    if plan.everything:
        lines.append("That is every session in this workspace: nothing would be left.")
    elif people:
        who = "1 person has" if people == 1 else f"{people} people have"
        lines.append(f"{who} no later session: everything about them goes.")
    return lines


def _confirmed(app: App, yes: bool, question: str, found: list[str] | None = None) -> bool:
    """Whether to go ahead: --yes, or the person says yes after reading ``found``."""
    from rich.text import Text

    from coachcli.conversation.asking import ConfirmQ

    if yes:
        return True
    if app.terminal is None and not sys.stdin.isatty():
        raise CoachError("add --yes to erase without a terminal to confirm in")
    for line in found or []:
        app.out.print(Text(line))
    return app.person().confirm(ConfirmQ(("forget",), question, default=False))


def _report(
    ws: "Workspace",
    removed: list[Path],
    failed: list[str],
    unreadable: list[str],
    after: str = "",
    *,
    reachable: bool = True,
    busy: list[str] | None = None,
) -> None:
    """Every file removed, what could not be removed or read, or is open in another
    terminal (then exit 1), and what no command can reach."""
    for path in removed:
        print(
            f"  {shown(str(path.relative_to(ws.root) if path.is_relative_to(ws.root) else path))}"
        )
    for line in failed:
        print(f"  could not remove {shown(line)}")
    for line in unreadable:
        print(f"  could not read, left alone: {shown(line)}")
    for line in busy or []:
        print(f"  open in another terminal, left alone: {shown(line)}")
    if after:
        print(after)
    if reachable:
        print("Not reachable from here: version history kept by a sync service (OneDrive,")
        print("Dropbox, Syncthing), other backups, and exports you saved with --out.")
    if failed or unreadable or busy:
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
