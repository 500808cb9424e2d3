"""Looking after the store: migrating it, amending a session, forgetting a person
(`coach doctor`'s checks are in ``reports/doctor.py``). Each keeps the promise that
nothing is lost or rewritten behind the coach's back: backups and earlier revisions are
new files, never edits of old ones.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coachcli import clock
from coachcli.errors import CoachError
from coachcli.records.frameworks import Frameworks, load_frameworks
from coachcli.records.session import SESSION_FORMAT, Session
from coachcli.records.yamlio import read_text
from coachcli.store import crypto
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.names import HISTORY, PROGRESS
from coachcli.store.sessions import Store, digest, file_text, read_any, read_session
from coachcli.store.workspace import Workspace

# --- doctor -------------------------------------------------------------------------


def _data_files(store: Store) -> list[Path]:
    return [*store.all_files(), *sorted(store.folder.rglob(f"{PROGRESS}/*.yaml"))]


def _unseal(store: Store) -> Callable[[str, Path], str] | None:
    return store.cipher.unseal if store.cipher else None


# --- migrate --------------------------------------------------------------------------


@dataclass
class MigrateReport:
    checked: int
    migrated: list[Path]
    backup: Path | None


def backup(store: Store, root: Path) -> Path:
    """A timestamped copy of the whole sessions folder, private like the original."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = root / "backups" / f"sessions-{stamp}"
    private_dir(target)
    for path in sorted(store.folder.rglob("*")):
        relative = path.relative_to(store.folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_dir():
            private_dir(target / relative)
        elif path.suffix == ".yaml":
            text = read_text(path, unseal=_unseal(store))
            atomic_write(target / relative, text, new=True, cipher=store.cipher)
    return target


def migrate(ws: Workspace, store: Store) -> MigrateReport:
    """Bring every file to the current format: all checked before any is written."""
    pending: list[tuple[Path, str]] = []
    files = _data_files(store)
    try:
        frameworks: Frameworks | None = load_frameworks(ws.frameworks_dir)
    except CoachError:
        frameworks = None  # labels stay empty; views show the ids
    for path in files:
        item, written = read_any(path, store.cipher)
        sealed = path.read_bytes().startswith(crypto.MAGIC.encode())
        should = store.cipher is not None and store.cipher.applies(path)
        if written == SESSION_FORMAT and sealed == should:
            continue
        if isinstance(item, Session) and frameworks is not None:
            fill_labels(item, frameworks)
        pending.append((path, file_text(item)))
    if not pending:
        return MigrateReport(len(files), [], None)
    with store.locked():
        saved = backup(store, ws.root)
        for path, new_text in pending:
            atomic_write(path, new_text, cipher=store.cipher)
    return MigrateReport(len(files), [p for p, _ in pending], saved)


def fill_labels(session: Session, fw: Frameworks) -> None:
    """Copy into an older session the labels of the ids it uses, from the workspace's
    frameworks (format 1 saved only the ids); a label already there is kept."""
    role = fw.bar.role(session.role or "")
    flow = fw.flows.flow(session.flow)
    session.role_name = session.role_name or (role.name if role else None)
    session.flow_title = session.flow_title or (flow.title if flow else None)
    sources = {e.id: e.name for e in fw.bar.evidence_sources}
    for evidence in session.evidence:
        evidence.source_name = evidence.source_name or sources.get(evidence.source)
    sets = {s.id: s for s in fw.criteria.sets}
    for step in session.action_steps:
        found = sets.get(step.criteria_set or "")
        if found is not None:
            step.criteria_set_name = step.criteria_set_name or found.name
            names = {c.id: c.name for c in found.criteria}
            for check in step.criteria:
                check.name = check.name or names.get(check.id)
        if step.practice and step.practice.place and not step.practice.place_name:
            step.practice.place_name = fw.conversation.place_name(session.kind, step.practice.place)


# --- amend ----------------------------------------------------------------------------


def history_dir(store: Store, session: Session) -> Path:
    return store.folder / HISTORY / session.id


def revisions(store: Store, session: Session) -> list[Path]:
    folder = history_dir(store, session)
    found = sorted(folder.glob("r*.yaml"), key=lambda p: int(p.stem[1:]))
    return found


def earlier_revision(store: Store, session: Session, number: int) -> tuple[Path, Session]:
    """An earlier revision of an amended session, as it was kept."""
    kept = {int(p.stem[1:]): p for p in revisions(store, session)}
    if number not in kept:
        raise CoachError(
            f"{session.id} has no revision {number}; it is at revision {session.revision}"
        )
    return kept[number], read_session(kept[number], store.cipher)


def amend(
    store: Store, wanted: str, editor: str, edit_file: Path | None = None
) -> tuple[Session, Path]:
    """Edit a finished session in the coach's editor, keeping the earlier revision.

    The text being edited lives in the drafts folder until it validates, so a bad edit
    or a crash loses nothing.
    """
    from coachcli.store.people import find_session

    path = find_session(store, wanted)
    session = store.read(path)
    if session.status != "complete":
        raise CoachError(f"{session.id} is a draft: carry on with `coach session resume`")
    seen = digest(path)
    work = edit_file or store.drafts_dir / f"amend-{session.id}.yaml.edit"
    private_dir(store.drafts_dir)
    if not work.exists():
        atomic_write(work, read_text(path, unseal=_unseal(store)))
    command = [*shlex.split(editor), str(work)]
    try:
        finished = subprocess.run(command, check=False)
    except OSError as problem:
        raise CoachError(f"could not start the editor {editor!r}: {problem.strerror}") from None
    if finished.returncode != 0:
        raise CoachError(f"the editor stopped with an error; your edit is kept in {work}")
    try:
        edited = read_session(work)
    except CoachError as problem:
        raise CoachError(f"{problem}. Your edit is kept: run the same command to fix it") from None
    if edited.id != session.id:
        raise CoachError(f"the id must stay {session.id}; your edit is kept in {work}")
    if edited.to_data() == session.to_data():
        work.unlink()
        raise CoachError("nothing changed; the session is as it was")
    edited.revision = session.revision + 1
    edited.amended = clock.now()
    with store.locked():
        if digest(path) != seen:
            raise CoachError(
                f"{path.name} changed while you edited it; your edit is kept in {work}"
            )
        folder = private_dir(history_dir(store, session))
        earlier = read_text(path, unseal=_unseal(store))
        atomic_write(folder / f"r{session.revision}.yaml", earlier, new=True, cipher=store.cipher)
        atomic_write(path, file_text(edited), cipher=store.cipher)
    work.unlink()
    return edited, path
