"""`coach doctor`'s look at who else can change the workspace, or read its secrets.

``sessions/`` has its own check (readable by the coach only). Everywhere else, other
users may read (frameworks are meant to be shared) but must never write: someone who
could write to the workspace folder, ``coach.yaml``, ``frameworks/`` or ``templates/``
could plant a template or a framework that the coach's next export or conversation
uses. ``.coachkey`` and ``backups/`` hold private data, so others may not read them
either.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_IMODE, S_ISDIR, S_ISLNK

from coachcli.store.workspace import SHARED

PRIVATE = (".coachkey", "backups")
"""Private data outside ``sessions/``: the key file, and backups of the sessions."""


def loose(root: Path) -> list[str]:
    """One line for each path that others can change, or read where it is private,
    with the chmod that fixes it."""
    problems = []
    for path in _shared(root):
        mode = _mode(path)
        if mode is not None and mode & 0o022:
            problems.append(f"{path}: others can change it; chmod go-w {path}")
    for name in PRIVATE:
        path = root / name
        mode = _mode(path)
        if mode is not None and mode & 0o077:
            fix = "700" if S_ISDIR(path.lstat().st_mode) else "600"
            problems.append(f"{path}: others can read it; chmod {fix} {path}")
    return problems


def _shared(root: Path) -> list[Path]:
    paths = [root]
    for name in SHARED:
        paths.append(root / name)
        for folder, dirs, files in os.walk(root / name):
            paths += [Path(folder, entry) for entry in sorted((*dirs, *files))]
    return paths


def _mode(path: Path) -> int | None:
    """The permission bits, or None for a link (its own bits mean nothing) or no file."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    return None if S_ISLNK(mode) else S_IMODE(mode)
