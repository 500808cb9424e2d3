"""Shell completion of people and session ids (bash, zsh, fish, PowerShell).

Typer's own mechanism (`coach --install-completion`) runs `coach` with a completion
variable set; these callbacks then answer from the index as last saved, without
reading a session file: a few milliseconds even on a large store, and nothing at all
is imported by a normal run. An encrypted workspace keeps no index (it would hold
names in the clear), so there is nothing to complete there, and a folder that is not
a workspace yet is never made just by pressing Tab.
"""

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from coachcli.store.index import SessionRow


def _rows(ctx: typer.Context) -> "list[SessionRow]":
    """The index's rows for the workspace the command line would use, or none."""
    from coachcli.store.index import cached_rows
    from coachcli.store.workspace import CONFIG, locate

    try:
        home = ctx.find_root().params.get("home")
        root, _ = locate(Path(home) if home else None)
        if not (root / CONFIG).is_file():
            return []
        return cached_rows(root / "sessions")
    except Exception:  # noqa: BLE001 - completion must never print a traceback
        return []


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    # typer keeps only what begins with the typed text, as typed (case and all)
    found = sorted({v for v in values if v and v.startswith(incomplete)}, key=str.casefold)
    if os.environ.get("_COACH_COMPLETE") == "complete_bash":
        # bash puts a completion in as it is: a space would split a name in two
        return [v.replace("\\", "\\\\").replace(" ", "\\ ").replace("'", "\\'") for v in found]
    return found


def coachees(ctx: typer.Context, incomplete: str) -> list[str]:
    """People by name (their id too when two share a name)."""
    rows = _rows(ctx)
    names: dict[str, set[str]] = {}
    for row in rows:
        names.setdefault(row.coachee, set()).add(row.coachee_id)
    values = [
        person_id if len(ids) > 1 else name
        for name, ids in names.items()
        for person_id in sorted(ids)
    ]
    return _matching(values, incomplete) or _matching((row.coachee_id for row in rows), incomplete)


def sessions(ctx: typer.Context, incomplete: str) -> list[str]:
    """Session ids, newest first."""
    rows = sorted(_rows(ctx), key=lambda row: row.started, reverse=True)
    return [row.id for row in rows if row.id.startswith(incomplete)]


def finished(ctx: typer.Context, incomplete: str) -> list[str]:
    """Finished sessions' ids, newest first."""
    done = {row.id for row in _rows(ctx) if row.status != "draft"}
    return [value for value in sessions(ctx, incomplete) if value in done]


def drafts(ctx: typer.Context, incomplete: str) -> list[str]:
    """Unfinished sessions' ids, newest first."""
    waiting = {row.id for row in _rows(ctx) if row.status == "draft"}
    return [value for value in sessions(ctx, incomplete) if value in waiting]
