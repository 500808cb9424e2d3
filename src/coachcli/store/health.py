"""Whether the workspace's frameworks load, remembered between runs.

The read-only commands (`followup`, `export`, `session show`, `session list`) never need
the frameworks: a session carries every label it showed. When a framework file has a
problem they still answer, and say once which file to fix before the next session. To
know that without importing pydantic on every run, the answer is kept in the user's
cache folder, keyed by each framework file's size and times and by coachcli's version;
the frameworks are loaded again only after one of them changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from coachcli import __version__
from coachcli.errors import CoachError, FileProblem
from coachcli.store.workspace import Workspace


def _signature(folder: Path) -> str:
    """What changes when any framework file is edited, added, removed or replaced."""
    parts = [__version__]
    try:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".yaml"):
                    stat = entry.stat()
                    parts.append(
                        f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"
                        f":{stat.st_ino}"
                    )
    except OSError:
        parts.append("missing")
    return "|".join(parts)


def broken_framework(ws: Workspace) -> str | None:
    """The framework file (or folder) that stops a new session, or None when they load."""
    from coachcli.store.remembered import remembered

    folder = ws.frameworks_dir
    return remembered(
        "frameworks",
        ws.root,
        _signature(folder),
        lambda: _check(folder),
        lambda answer: answer is None or isinstance(answer, str),
    )


def _check(folder: Path) -> str | None:
    from coachcli.records.frameworks import load_frameworks

    try:
        load_frameworks(folder)
    except FileProblem as problem:
        return str(problem.path)
    except CoachError:
        return str(folder)
    return None
