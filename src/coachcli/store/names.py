"""How the store names its files and folders, and how it tells them from files it did
not write (conflict copies of sync tools, leftovers of interrupted saves)."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachcli.records.person import PersonRecord
    from coachcli.records.session import ProgressRecord, Session

DRAFTS = "_drafts"
PROGRESS = "progress"
LOCK = ".coach.lock"
CONFLICT = "conflict"
HISTORY = "_history"
REFLECTIONS = "_reflections"
"""The coach's own reflections (store/reflections.py): never a person's folder."""
REFLECTION_SUFFIX = ".reflection.yaml"
OWN_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-(?:\d{6}-[0-9a-f]{4}|[a-z0-9-]*-[0-9a-f]{4})\.yaml$")
"""Session and draft files (``<date>-<id>.yaml``) and progress records."""
PERSON_NAME = re.compile(r"^person-[a-z0-9][a-z0-9-]{0,39}\.yaml$")
"""A person record (``person-<their id>.yaml``) in their folder: archived, handovers."""


def person_file(coachee_id: str) -> str:
    """The name of a person's record file: their id, never their name (a folder from
    before ids may hold two people)."""
    return f"person-{coachee_id}.yaml"


def slug(name: str, limit: int = 40) -> str:
    """A safe, readable file-name part for any name: no slashes, dots or emoji."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return cleaned[:limit].rstrip("-") or "coachee"


def conflict_kind(path: Path) -> str:
    """Which tool made a file the store did not name."""
    name = path.name
    if f".{CONFLICT}-" in name:
        return "coachcli conflict copy"
    if "conflicted copy" in name.lower():
        return "Dropbox conflicted copy"
    if ".sync-conflict-" in name:
        return "Syncthing conflict copy"
    if re.match(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]*-[0-9a-f]{4}-[^.]+\.yaml$", name):
        return "OneDrive copy (computer name added)"
    return "unknown file"


def conflict_path(path: Path) -> Path:
    """Where a version that lost a race is kept: beside the file, never instead of it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.{CONFLICT}-{stamp}-{os.urandom(2).hex()}.yaml")


def id_of(path: Path | str) -> str:
    """A session file is named ``<date>-<id>.yaml``."""
    stem = Path(path).stem
    return stem[11:] if re.match(r"\d{4}-\d{2}-\d{2}-", stem) else stem


PROGRESS_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}-\d{6})-[0-9a-f]{4}\.yaml$")


def is_copy(name: str, item: Session | ProgressRecord | PersonRecord) -> bool:
    """Whether a file is a copy under another name (a sync tool's, most often), not the
    file the store wrote: a session or draft is ``<date>-<its id>.yaml`` and a progress
    record ``<the time it was recorded>-<4 hex>.yaml``, so a copy that merely looks like
    one of the store's names (``…-2cf8-beef.yaml``) is told apart by what it holds."""
    from coachcli.records.person import PersonRecord
    from coachcli.records.session import Session

    if isinstance(item, Session):
        return name != f"{item.date.isoformat()}-{item.id}.yaml"
    if isinstance(item, PersonRecord):
        return name != person_file(item.coachee_id)
    found = PROGRESS_NAME.match(name)
    return found is None or found[1] != item.recorded.strftime("%Y-%m-%d-%H%M%S")


def is_stray(relative: str) -> bool:
    """A YAML file in the store that it did not name: a conflict copy above all."""
    top, _, _ = relative.partition("/")
    name = relative.rsplit("/", 1)[-1]
    return (
        name.endswith(".yaml")
        and top not in (HISTORY, REFLECTIONS)
        and not top.startswith(".")
        and not OWN_NAME.match(name)
        and not PERSON_NAME.match(name)
    )


def is_temp(name: str) -> bool:
    """A temporary file an interrupted save left behind (``.<name>.<random>.tmp``)."""
    name = name.rsplit("/", 1)[-1]
    return name.startswith(".") and name.endswith(".tmp")
