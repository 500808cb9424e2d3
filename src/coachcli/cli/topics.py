"""`coach help [TOPIC]`: the general help, or a topic that belongs to no one command."""

from typing import Annotated, Optional

import typer

ENVIRONMENT = (
    ("COACH_HOME", "the workspace folder to use (as --home)"),
    ("COACH_PASSPHRASE", "an encrypted workspace's passphrase (read, then unset)"),
    ("COACH_NEW_PASSPHRASE", "the new one for `coach passphrase change`"),
    ("COACH_NOW", "fix the clock: 2026-11-30T09:00 (for trying things out)"),
    ("COACH_NO_INDEX", "1: keep no index in the cache folder (slower lists)"),
    ("COACH_LOCK_TIMEOUT", "seconds a save waits for another's lock (10)"),
    ("VISUAL, EDITOR", "the editor `coach session amend` opens (nano)"),
    ("NO_COLOR", "anything: print without colour"),
    ("COLUMNS", "the width to draw at when the terminal's is not known"),
)
"""Every environment variable coachcli reads (tests/test_complete.py checks the list
against the code)."""

TOPICS = {"env": "the environment variables coachcli reads"}


def help_topic(
    ctx: typer.Context,
    topic: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="[TOPIC]", help="env (default: the list of commands)."),
    ] = None,
) -> None:
    """The list of commands, or help on a topic.

    \b
    Examples:
      coach help
      coach help env
    """
    if topic is None:
        root = ctx.find_root()
        print(root.get_help())
        return
    root = ctx.find_root()
    command = root.command.get_command(root, topic.strip()) if topic.strip() else None  # type: ignore[attr-defined]
    if command is not None:  # `coach help followup` is `coach followup --help`
        with command.make_context(topic.strip(), [], parent=root, resilient_parsing=True) as sub:
            print(command.get_help(sub))
        return
    if topic.strip().casefold() not in TOPICS:
        from coachcli.errors import CoachError

        known = ", ".join(f"{name} ({what})" for name, what in TOPICS.items())
        raise CoachError(f"no help topic {topic!r}; there is {known}")
    width = max(len(name) for name, _ in ENVIRONMENT)
    print("Environment variables coachcli reads:\n")
    for name, what in ENVIRONMENT:
        print(f"  {name.ljust(width)}  {what}")
