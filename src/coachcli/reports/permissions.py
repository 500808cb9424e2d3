"""`coach doctor`'s look at who else can change the workspace, or read its secrets.

``sessions/`` has its own check (readable by the coach only). Everywhere else, other
users may read (frameworks are meant to be shared) but must never write: someone who
could write to the workspace folder, ``coach.yaml``, ``frameworks/`` or ``templates/``
could plant a template or a framework that the coach's next export or conversation
uses. ``.coachkey`` and ``backups/`` hold private data, so others may not read them
either.

Windows has no mode bits to read: who may open a file is in access lists that a
folder passes to what is made in it. There the check is where the workspace is: inside
the user's own folder (``C:\\Users\\NAME``), only that user (and the administrators)
can read it; a folder made elsewhere (``C:\\coaching``) is readable by every user of
the computer unless someone changed its access list.
"""

from __future__ import annotations

import os
from pathlib import Path

from coachcli import portable
from coachcli.store.workspace import SHARED

PRIVATE = (".coachkey", "backups")
"""Private data outside ``sessions/``: the key file, and backups of the sessions."""


def loose(root: Path) -> list[str]:
    """One line for each path that others can change, or read where it is private,
    with the chmod that fixes it (nothing where modes mean nothing: see ``outside``)."""
    problems = []
    for path in _shared(root):
        mode = portable.mode_of(path)
        if mode is not None and mode & 0o022:
            problems.append(f"{path}: others can change it; chmod go-w {path}")
    for name in PRIVATE:
        path = root / name
        mode = portable.mode_of(path)
        if mode is not None and mode & 0o077:
            fix = "700" if path.is_dir() else "600"
            problems.append(f"{path}: others can read it; chmod {fix} {path}")
    return problems


def outside(root: Path) -> list[str]:
    """Where modes mean nothing (Windows): one line if the workspace is not inside the
    user's own folder, where Windows keeps files private to their user."""
    home = Path.home()
    try:
        inside = root.resolve().is_relative_to(home.resolve())
    except OSError:
        inside = False
    if inside:
        return []
    return [
        f"{root}: outside your user folder ({home}), where Windows may let every user of"
        " this computer read it; move the workspace into your user folder, or ask IT to"
        " make this folder readable by you only"
    ]


def _shared(root: Path) -> list[Path]:
    paths = [root]
    for name in SHARED:
        paths.append(root / name)
        for folder, dirs, files in os.walk(root / name):
            paths += [Path(folder, entry) for entry in sorted((*dirs, *files))]
    return paths
