"""`coach forget NAME`: find everything the tool holds about a person, then remove it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError
from coachcli.records.yamlio import load
from coachcli.store.sessions import DRAFTS, HISTORY, Store, read_session, same_person, slug
from coachcli.store.workspace import Workspace


def _unseal(store: Store) -> Any:
    return store.cipher.unseal if store.cipher else None


@dataclass
class ForgetPlan:
    name: str
    files: list[Path]
    folders: list[Path]

    def count(self) -> int:
        return len(self.files) + sum(1 for f in self.folders for _ in _walk_files(f))


def plan_forget(ws: Workspace, store: Store, name: str) -> ForgetPlan:
    """Every file this workspace holds about a person, found before anything is removed."""
    ids: set[str] = set()
    files: list[Path] = []
    person_dir = store.folder / slug(name)
    for session in store.sessions(name):
        ids.add(session.id)
    for path in store.all_files():
        if path.parent.name == DRAFTS:
            try:
                draft = read_session(path, store.cipher)
            except CoachError:
                continue
            if same_person(draft.coachee, name):
                files.append(path)
                ids.add(draft.id)
    for path in store.strays():
        if not path.is_relative_to(person_dir) and _mentions(store, path, name):
            files.append(path)
    for path in sorted(store.drafts_dir.glob("amend-*.yaml.edit")):
        if any(session_id in path.name for session_id in ids):
            files.append(path)
    folders = [
        store.folder / HISTORY / i for i in sorted(ids) if (store.folder / HISTORY / i).is_dir()
    ]
    backups = ws.root / "backups"
    if backups.is_dir():
        for copy in sorted(backups.glob("sessions-*")):
            if (copy / slug(name)).is_dir():
                folders.append(copy / slug(name))
            for path in sorted((copy / DRAFTS).glob("*.yaml")):
                if _mentions(store, path, name):
                    files.append(path)
    if person_dir.is_dir():
        folders.append(person_dir)
    return ForgetPlan(name, files, folders)


def _mentions(store: Store, path: Path, name: str) -> bool:
    try:
        data: Any = load(path, _unseal(store)).data
    except CoachError:
        return slug(name) in path.name
    return isinstance(data, dict) and same_person(str(data.get("coachee", "")), name)


def carry_out(plan: ForgetPlan, store: Store) -> tuple[int, list[str]]:
    """Remove what was planned; say what could not be removed."""
    removed, failed = 0, []
    with store.locked():
        for path in plan.files:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as problem:
                failed.append(f"{path}: {problem.strerror}")
        for folder in plan.folders:
            for path in _walk_files(folder):
                try:
                    path.unlink()
                    removed += 1
                except OSError as problem:
                    failed.append(f"{path}: {problem.strerror}")
            shutil.rmtree(folder, ignore_errors=True)
    _refresh_index(store)
    return removed, failed


def _refresh_index(store: Store) -> None:
    """The index in the user's cache forgets the person now, not at the next listing."""
    from coachcli.store import index
    from coachcli.store.people import overview

    if store.indexed:
        try:
            overview(store)
        except CoachError:  # another file cannot be read: drop the whole cache instead
            index.index_path(store.folder).unlink(missing_ok=True)
    index.forget_stale(store.folder, store.indexed)


def _walk_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from (p for p in folder.rglob("*") if p.is_file())
