"""The workspace and its care: `coach init | where | frameworks … | doctor | migrate |
passphrase change`."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coachcli.cli.context import app_of
from coachcli.errors import CoachError, ExitCode

frameworks_app = typer.Typer(
    help="The school's bar, coaching skills, criteria and flows.",
    no_args_is_help=True,
)


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

    \b
    Example:
      coach init ~/coaching --coach "Sam Patel" --school "Hillside Primary"
    """
    from coachcli.store.workspace import init as make

    report = make((path or Path.cwd()).resolve(), coach=coach, school=school)
    state = "Made a new workspace" if report.created else "Already a workspace"
    print(f"{state} at {report.root}")
    import textwrap

    def listed(what: str, names: list[str]) -> None:  # wrapped to 80 columns
        schemas = [name for name in names if name.startswith("schemas/")]
        shown = [name for name in names if name not in schemas]
        if schemas:
            shown += schemas if not shown else [f"{len(schemas)} schemas in schemas/"]
        print(
            textwrap.fill(
                f"{what}: {', '.join(shown)}", 78, initial_indent="  ", subsequent_indent="    "
            )
        )

    if report.copied:
        listed("added frameworks", report.copied)
    if report.kept:
        listed("kept as they are", report.kept)
    if report.tightened:
        print(f"  others can no longer change {report.tightened} of its files and folders")
    print("Next: describe your school's bar in frameworks/bar.yaml, then hold a session:")
    for line in _next_commands(report.root, path):
        print(f"  {line}")


def _next_commands(root: Path, typed: Path | None) -> list[str]:
    """The exact commands that reach the new workspace from this shell: ``cd`` there
    (as typed, quoted for the shell), or ``export COACH_HOME`` when that variable would
    still point elsewhere."""
    import shlex

    from coachcli.store.workspace import locate

    found, _ = locate(None, cwd=root)
    if found != root:  # COACH_HOME names another folder: cd alone would not reach it
        return [f"export COACH_HOME={shlex.quote(str(root))}", "coach session start"]
    if root == Path.cwd().resolve():
        return ["coach session start"]
    return [f"cd {shlex.quote(str(typed or root))}", "coach session start"]


def where(ctx: typer.Context) -> None:
    """Say which workspace is in use, and why.

    Asking makes nothing: a workspace not made yet is named, with how to make it.

    \b
    Examples:
      coach where
      coach --home ~/coaching where
    """
    from coachcli.store.workspace import USER_DATA, Workspace, locate

    root, reason = locate(app_of(ctx).home)
    ws = Workspace(root, reason)
    print(f"workspace:  {ws.root}")
    print(f"because:    {ws.reason}")
    print(f"frameworks: {ws.frameworks_dir}")
    print(f"sessions:   {ws.sessions_dir}")
    if ws.config_path.is_file():
        ws.config  # noqa: B018 - a broken coach.yaml is named here too (read, never written)
        return
    import shlex

    make = f"`coach init {shlex.quote(str(root))}`"
    if root.is_dir() and any(root.iterdir()) and reason != USER_DATA:
        raise CoachError(f"{root} ({reason}) is not a coach workspace: {make} makes it one")
    print(f"not made yet: {make} makes it, or the first `coach session start`")


@frameworks_app.command("list")
def frameworks_list(ctx: typer.Context) -> None:
    """List the workspace's frameworks with their versions.

    \b
    Example:
      coach frameworks list
    """
    from coachcli.ui.frameworks import frameworks_table

    app = app_of(ctx)
    frameworks_table(app.out, app.frameworks())


@frameworks_app.command("show")
def frameworks_show(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(help="skills, bar, criteria, flows, conversation, hints or steps."),
    ],
    item: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="steps: only this bar item's (an item id)."),
    ] = None,
) -> None:
    """Show one framework in full, readably (`steps ITEM`: one bar item's library).

    \b
    Examples:
      coach frameworks show bar
      coach frameworks show steps checks_for_understanding
    """
    from coachcli.records.frameworks import KINDS
    from coachcli.ui.frameworks import show_framework

    if name not in KINDS:
        raise CoachError(f"no framework called {name!r}; choose one of {', '.join(KINDS)}")
    if item is not None and name != "steps":
        raise CoachError(f"only `steps` takes a bar item, not {name!r}")
    app = app_of(ctx)
    if name == "steps":
        from coachcli.ui.library import show_library

        show_library(app.out, app.frameworks(), item)
        return
    show_framework(app.out, app.frameworks(), name)


@frameworks_app.command("validate")
def frameworks_validate(
    ctx: typer.Context,
    path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="A framework file or folder (default: the workspace's)."),
    ] = None,
) -> None:
    """Check frameworks for typos, wrong types and references that point nowhere.

    \b
    Examples:
      coach frameworks validate
      coach frameworks validate frameworks/bar.yaml
    """
    from coachcli.records.frameworks import load_frameworks, read_file

    target = path or app_of(ctx).workspace().frameworks_dir
    if target.is_dir():
        from coachcli.conversation.stages import handlers

        frameworks = load_frameworks(target)
        known = handlers()
        for number, stage in enumerate(frameworks.flows.stages):
            if stage.kind not in known:
                raise frameworks.files["flows"].fail(
                    ("stages", number, "kind"),
                    f"no kind of stage called {stage.kind!r}; this coachcli knows"
                    f" {', '.join(sorted(known))}",
                )
        from coachcli.conversation.library import check

        problem = check(frameworks)
        if problem is not None:
            raise CoachError(problem)
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
            help="a framework (skills, bar, criteria, flows, conversation, hints, steps);"
            " or session, progress, person, config or answers."
        ),
    ] = "bar",
) -> None:
    """Print the JSON Schema of a file, for editors and other tools.

    \b
    Examples:
      coach frameworks schema bar
      coach frameworks schema answers > answers.schema.json
    """
    from coachcli.records.schemas import schema_text

    sys.stdout.write(schema_text(name))


def doctor(ctx: typer.Context) -> None:
    """Check the workspace and say what needs attention.

    Every file parses and validates, format versions, permissions, leftovers from
    interrupted saves, sync conflict copies, old drafts and missing bar items; and
    whether a cloud service (OneDrive, iCloud Drive, Dropbox, Google Drive) copies the
    workspace off this computer, unless coach.yaml says `cloud_sync_intended: true`.

    \b
    Example:
      coach doctor
    """
    from coachcli.reports.doctor import doctor as run_checks
    from coachcli.ui.console import progress_ticker
    from coachcli.ui.doctor import doctor_table

    app = app_of(ctx)
    with progress_ticker(app.out, "Checking files") as tick:
        checks = run_checks(app.workspace(), app.store(), tick)
    if not doctor_table(app.out, checks):
        raise typer.Exit(ExitCode.USER_ERROR)


def migrate(ctx: typer.Context) -> None:
    """Rewrite every file in the current format and setting.

    Sessions, drafts and progress records are brought to the current format. With
    `encryption: true` in coach.yaml every file under sessions/ and backups/ (earlier
    revisions, backups and conflict copies too) is encrypted, and the caches in your
    user cache folder that could hold names from before are removed; with it off,
    encrypted files are decrypted (the passphrase is asked for, or read from
    COACH_PASSPHRASE). Every file is read first, and a dated copy of sessions/ is made
    in backups/ before any is written. Running it again changes nothing.

    \b
    Example:
      coach migrate
    """
    from coachcli.store import crypto
    from coachcli.store.maintenance import migrate as run_migration

    app = app_of(ctx)
    ws = app.workspace()
    opener = None
    if ws.cipher is None and next(crypto.sealed_files(ws.root), None) is not None:
        opener = crypto.unlock(ws.root, app.passphrase)  # to decrypt them
    report = run_migration(ws, app.store(), opener)
    if report.scrubbed:
        count = len(report.scrubbed)
        print(f"Removed {count} cache{'s' * (count != 1)} that held names in the clear.")
    if report.backup is not None:
        print(f"Backed up the sessions folder to {report.backup}")
    if report.renamed:
        count = len(report.renamed)
        print(f"Renamed {count} file{'s' * (count != 1)}: no file or folder name holds a name.")
    if report.migrated:
        print(f"Migrated {len(report.migrated)} of {report.checked} files.")
    else:
        print(f"All {report.checked} files are already in the current format and setting.")


passphrase_app = typer.Typer(
    help="The passphrase of an encrypted workspace.",
    no_args_is_help=True,
)


@passphrase_app.command("change")
def passphrase_change(ctx: typer.Context) -> None:
    """Encrypt every file again with a new passphrase.

    Asks for the current passphrase, then the new one twice (scripts set
    COACH_PASSPHRASE and COACH_NEW_PASSPHRASE). All or nothing: if it is interrupted,
    every file still opens with the old or the new passphrase, other commands wait,
    and running it again finishes the job.

    \b
    Example:
      coach passphrase change
    """
    from coachcli.store.rekey import change
    from coachcli.store.workspace import CONFIG, locate

    app = app_of(ctx)
    root, reason = locate(app.home)
    if not (root / CONFIG).is_file():
        raise CoachError(f"{root} ({reason}) is not a coach workspace")
    report = change(root, lambda: app.passphrase(False), app.new_passphrase)
    done = "Finished the interrupted change" if report.resumed else "Changed the passphrase"
    print(f"{done}: {report.files} file{'s' * (report.files != 1)} encrypted with the new one.")
    print("Backups made elsewhere still need the old passphrase.")
