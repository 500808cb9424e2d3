"""The `coach` command: the typer app, its global options, and the one handler that turns
every error into one line and an exit code.

Modules a command needs are imported inside it, so `coach --help` stays fast. No
`from __future__ import annotations` here or in the command modules: typer builds every
command on every run and would evaluate each string annotation again (about 10 ms a
run).
"""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer import _click

from coachcli import __version__, portable
from coachcli.cli import (
    forget,
    overview,
    people,
    placeholders,
    reflect,
    reports,
    topics,
    workspace,
)
from coachcli.cli.context import App, app_of
from coachcli.cli.session import session_app
from coachcli.cli.usage import Group
from coachcli.errors import CoachError, ExitCode, closed_pipe

placeholders.install()


class _Ordered(Group):
    """List commands in the order a coach meets them, not alphabetically."""

    ORDER = (
        "session",
        "followup",
        "export",
        "reflect",
        "overview",
        "frameworks",
        "init",
        "where",
        "doctor",
        "migrate",
        "passphrase",
        "archive",
        "unarchive",
        "handover",
        "forget",
        "help",
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
    add_completion=True,
)
app.add_typer(session_app, name="session", cls=Group)
app.add_typer(workspace.frameworks_app, name="frameworks", cls=Group)
app.add_typer(workspace.passphrase_app, name="passphrase", cls=Group)
for command in (
    reports.followup,
    reports.export,
    reflect.reflect,
    overview.overview,
    workspace.init,
    workspace.where,
    workspace.doctor,
    workspace.migrate,
    people.archive,
    people.unarchive,
    people.handover,
    forget.forget,
):
    app.command()(command)
app.command("help")(topics.help_topic)

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
    """coachcli's version, then the version of each file format it reads and writes."""
    if value:
        from coachcli.records.formats import summary  # no pydantic: a light module

        print("\n".join([f"coach {__version__}", *summary()]))
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    home: HomeOption = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for unexpected errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and the file formats it reads.",
        ),
    ] = False,
) -> None:
    context = app_of(ctx)
    context.home = home
    context.debug = debug


def main(context: App | None = None) -> None:
    """Entry point: one handler turns user errors into one line and an exit code."""
    context = context or App()
    portable.utf8_output()
    try:
        code = app(prog_name="coach", obj=context, standalone_mode=False)
        sys.stdout.flush()
        sys.exit(code if isinstance(code, int) else 0)  # typer.Exit(n) gives n
    except BrokenPipeError:
        closed_pipe()
    except CoachError as problem:
        from coachcli.ui.visible import visible  # a message may quote a file's text

        print(f"coach: {visible(str(problem), lines=False)}", file=sys.stderr)
        sys.exit(problem.exit_code)
    except typer.Abort:  # end of input where a question was asked
        print("coach: stopped", file=sys.stderr)
        sys.exit(ExitCode.STOPPED)
    except _click.exceptions.NoArgsIsHelpError as shown:  # `coach session`: its help
        shown.show()
        sys.exit(ExitCode.USAGE)
    except _click.ClickException as problem:  # a mistyped command, option or value
        from coachcli.cli.usage import usage_line

        print(f"coach: {usage_line(problem)}", file=sys.stderr)
        sys.exit(problem.exit_code)
    except Exception as problem:  # noqa: BLE001 - the last line of defence
        if context.debug:
            import traceback

            traceback.print_exception(problem)
        print(
            f"coach: unexpected error ({type(problem).__name__}); this is a bug."
            + ("" if context.debug else " Run again with --debug to see where."),
            file=sys.stderr,
        )
        sys.exit(ExitCode.BUG)
