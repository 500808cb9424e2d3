"""`coach forget NAME`: find everything the tool holds about a person, then remove it.

Forgetting keys on the person's id, never on a name or a folder: every file the tool
writes for the workspace is read (sessions, drafts, progress records, earlier revisions,
backups, conflict copies, amend working copies), and a file is removed when it is about
that person. A file that cannot be read is reported and left alone, since it may be
someone else's; everything else is still erased. Temporary files left by an
interrupted save are never data, so they are all removed. The index and caches in the
user's cache folder are rebuilt or dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.records.session import Session
from coachcli.store.leases import Lease
from coachcli.store.names import LOCK, PERSON_NAME, REFLECTION_SUFFIX, is_temp
from coachcli.store.reading import read_any
from coachcli.store.sessions import Store
from coachcli.store.workspace import Workspace

BACKUPS = "backups"


@dataclass
class ForgetPlan:
    """What `coach forget` found, before anything is removed."""

    files: list[Path] = field(default_factory=list)
    """Every file about the person."""
    temporary: list[Path] = field(default_factory=list)
    """Leftovers of interrupted saves (never data; removed too)."""
    unreadable: list[str] = field(default_factory=list)
    """Files that could not be read, each with why: left alone, maybe someone else's."""

    def count(self) -> int:
        return len(self.files) + len(self.temporary)


def _is_record(name: str) -> bool:
    return name.endswith((".yaml", ".yaml.edit")) and not name.endswith(REFLECTION_SUFFIX)


def _every_file(folder: Path) -> list[Path]:
    found: list[Path] = []
    for parent, _, names in os.walk(folder):
        found += [Path(parent) / name for name in names if name != LOCK]
    return sorted(found)


def plan_forget(ws: Workspace, store: Store, ids: set[str]) -> ForgetPlan:
    """Every file this workspace holds about the people with these ``ids``."""
    plan = ForgetPlan()
    for root in (store.folder, ws.root / BACKUPS):
        for path in _every_file(root):
            if is_temp(path.name):
                plan.temporary.append(path)
                continue
            if not _is_record(path.name):
                continue
            try:
                item, _ = read_any(path, store.cipher)
            except CoachError as problem:
                plan.unreadable.append(_why(problem, path))
                continue
            if item.coachee_id in ids:
                plan.files.append(path)
                if isinstance(item, Session) and item.status == "draft":
                    lease = Lease(store, item.id)  # who had the draft open: no text, but theirs
                    plan.files += [p for p in (lease.lock_path, lease.owner_path) if p.exists()]
    return plan


def _why(problem: CoachError, path: Path) -> str:
    text = str(problem)
    return text if text.startswith(str(path)) else f"{path}: {text}"


def carry_out(plan: ForgetPlan, ws: Workspace, store: Store) -> tuple[list[Path], list[str]]:
    """Remove what was planned, then every folder it left empty; say what could not be
    removed. Returns the files removed and the failures."""
    removed: list[Path] = []
    failed: list[str] = []
    # A person's own record goes first: if the run is stopped part way, the sessions
    # left still find the person again (a record alone would be found by nothing).
    first = sorted(plan.files, key=lambda path: not PERSON_NAME.match(path.name))
    with store.locked():
        for path in [*first, *plan.temporary]:
            try:
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
            except OSError as problem:
                failed.append(f"{path}: {problem.strerror}")
        for path in removed:
            _drop_empty_folders(path.parent, stop=(store.folder, ws.root / BACKUPS))
    _refresh_index(store)
    return removed, failed


def _drop_empty_folders(folder: Path, stop: tuple[Path, ...]) -> None:
    while folder not in stop and any(folder.is_relative_to(s) for s in stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _refresh_index(store: Store) -> None:
    """The index in the user's cache forgets the person now, not at the next listing."""
    from coachcli.store import index
    from coachcli.store.people import overview

    if store.indexed:
        try:
            overview(store)
        except CoachError:  # another file cannot be read: drop the whole cache instead
            with contextlib.suppress(OSError):
                index.index_path(store.folder).unlink(missing_ok=True)
    index.forget_stale(store.folder, store.indexed)
