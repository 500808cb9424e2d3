"""Looking after the store: migrating it and amending a session (`coach doctor`'s
checks are in ``reports/doctor.py``, forgetting in ``forget.py``). Each keeps the promise
that nothing is lost or rewritten behind the coach's back: backups and earlier revisions are
new files, never edits of old ones.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from coachcli import clock, portable
from coachcli.errors import CoachError, FileProblem
from coachcli.records.frameworks import Frameworks, load_frameworks
from coachcli.records.session import Session
from coachcli.records.yamlio import read_text
from coachcli.store import anonymise, crypto, encryption
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.names import HISTORY, PERSON_NAME, PROGRESS
from coachcli.store.reading import file_text, newest_format, read_any, read_session
from coachcli.store.sessions import Store, digest
from coachcli.store.workspace import Workspace

# --- doctor -------------------------------------------------------------------------


def _data_files(store: Store) -> list[Path]:
    people = sorted(p for p in store.folder.glob("*/person-*.yaml") if PERSON_NAME.match(p.name))
    return [*store.all_files(), *sorted(store.folder.rglob(f"{PROGRESS}/*.yaml")), *people]


def _unseal(cipher: crypto.Cipher | None) -> Callable[[str, Path], str] | None:
    return cipher.unseal if cipher else None


# --- migrate --------------------------------------------------------------------------


@dataclass
class MigrateReport:
    checked: int
    migrated: list[Path]
    backup: Path | None
    scrubbed: list[Path] = field(default_factory=list)
    """Cache files removed because they held names from before encryption was on."""
    renamed: list[Path] = field(default_factory=list)
    """Files whose path held a name, given one of ids only (encryption on)."""


def backup(store: Store, root: Path, reader: crypto.Cipher | None = None) -> Path:
    """A timestamped copy of the whole sessions folder, private like the original, each
    file sealed as the workspace's setting says (``reader`` opens sealed ones)."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = root / "backups" / f"sessions-{stamp}"
    number = 1
    while target.exists():  # two runs within a second
        number += 1
        target = root / "backups" / f"sessions-{stamp}-{number}"
    private_dir(target)
    for path in sorted(store.folder.rglob("*")):
        relative = path.relative_to(store.folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_dir():
            private_dir(target / relative)
        elif path.name.endswith(crypto.SEALED_SUFFIXES):
            text = read_text(path, unseal=_unseal(reader or store.cipher))
            atomic_write(target / relative, text, new=True, cipher=store.cipher)
    return target


def migrate(ws: Workspace, store: Store, opener: crypto.Cipher | None = None) -> MigrateReport:
    """Bring every file to the current format and to the workspace's encryption setting,
    after a backup: every file is read (and records validated) before any is written.

    Sessions, drafts, progress and person records are rewritten in the current format; every
    other file under sessions/ and backups/ (earlier revisions, backups, conflict
    copies, an amend kept for a retry) is encrypted or decrypted as it is. ``opener``
    is the key that opens sealed files when encryption is being turned off. With
    encryption on, caches that may hold names in the clear are removed.
    """
    reader = store.cipher or opener
    pending: list[tuple[Path, str]] = []
    records = _data_files(store)
    try:
        frameworks: Frameworks | None = load_frameworks(ws.frameworks_dir)
    except CoachError:
        frameworks = None  # labels stay empty; views show the ids
    for path in records:
        item, written = read_any(path, reader)
        if written == newest_format(item) and _sealed_right(store, path):
            continue
        if isinstance(item, Session) and frameworks is not None:
            fill_labels(item, frameworks)
        pending.append((path, file_text(item)))
    known = set(records)
    others = [path for path in crypto.store_files(ws.root) if path not in known]
    for path in others:
        text = read_text(path, unseal=_unseal(reader))  # a damaged file stops it here
        if not _sealed_right(store, path):
            pending.append((path, text))
    checked = len(records) + len(others)
    saved = None
    renamed: list[Path] = []
    rename = store.cipher is not None and bool(anonymise.named_paths(ws.root, store))
    if pending or rename:
        with store.locked():
            saved = backup(store, ws.root, reader)
            for path, new_text in pending:
                atomic_write(path, new_text, cipher=store.cipher)
            renamed = anonymise.rename_all(ws.root, store)
    scrubbed = encryption.scrub_caches(ws.root, store) if store.cipher else []
    return MigrateReport(checked, [p for p, _ in pending], saved, scrubbed, renamed)


def _sealed_right(store: Store, path: Path) -> bool:
    should = store.cipher is not None and store.cipher.applies(path)
    return crypto.is_sealed(path) == should


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


AMEND_DIR = "coach-amend-"


@contextlib.contextmanager
def private_copy(text: str) -> Iterator[Path]:
    """``text`` in a file only its owner can read (0600, in a fresh 0700 temporary
    folder), removed with its folder however the block ends."""
    folder = Path(tempfile.mkdtemp(prefix=AMEND_DIR))
    try:
        portable.chmod(folder, 0o700)
        work = folder / "session.yaml"
        with os.fdopen(portable.open_new(work, 0o600), "wb") as handle:
            handle.write(text.encode("utf-8"))  # "\n" on every system, as it was saved
        yield work
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def kept_edit(store: Store, session: Session) -> Path:
    """Where an amend that could not be saved is kept for the next try (sealed when
    encryption is on)."""
    return store.drafts_dir / f"amend-{session.id}.yaml.edit"


def amend(store: Store, wanted: str, editor: str) -> tuple[Session, Path]:
    """Edit a finished session in the coach's editor, keeping the earlier revision.

    The text is edited in a private temporary file that is removed however the
    command ends. An edit that cannot be saved (the editor failed, it does not
    validate, Ctrl-C) is kept in the drafts folder, encrypted when encryption is on,
    and the next amend of the session carries on with it.
    """
    from coachcli.store.people import find_session

    path = find_session(store, wanted)
    session = store.read(path)
    if session.status != "complete":
        raise CoachError(f"{session.id} is a draft: carry on with `coach session resume`")
    seen = digest(path)
    current = read_text(path, unseal=_unseal(store.cipher))
    kept = kept_edit(store, session)
    start, merging = current, False
    if kept.exists():
        start = _resume(read_text(kept, unseal=_unseal(store.cipher)), seen, current)
        merging = MERGE in start
    outcome = "failed"
    with private_copy(start) as work:
        try:
            edited = _edit(work, editor, session)
            if edited.to_data() == session.to_data():
                if merging:  # the earlier edit is still to be copied from: keep it
                    raise CoachError(f"nothing changed; {KEPT}")
                outcome = "unchanged"
                raise CoachError("nothing changed; the session is as it was")
            _save_revision(store, path, seen, session, current, edited)
            outcome = "saved"
        finally:
            if outcome == "failed":
                _keep(store, kept, work, current, seen)
            else:
                kept.unlink(missing_ok=True)
    return edited, path


KEPT = "your edit is kept: run the same command to carry on with it"


def _edit(work: Path, editor: str, session: Session) -> Session:
    command = [*portable.command_words(editor), str(work)]
    try:  # the editor never inherits the passphrase
        finished = subprocess.run(command, check=False, env=crypto.child_environment())
    except OSError as problem:
        raise CoachError(f"could not start the editor {editor!r}: {problem.strerror}") from None
    if finished.returncode != 0:
        raise CoachError(f"the editor stopped with an error; {KEPT}")
    try:
        edited = read_session(work)
    except FileProblem as problem:
        line = f", line {problem.line}" if problem.line else ""
        raise CoachError(f"the edited session{line}: {problem.detail}; {KEPT}") from None
    if edited.id != session.id:
        raise CoachError(f"the id must stay {session.id}; {KEPT}")
    if edited.coachee_id != session.coachee_id:  # the name may change; who it is about not
        raise CoachError(f"coachee_id must stay {session.coachee_id}; {KEPT}")
    return edited


BASE = "# coachcli: an amend of the version "
"""The first line of a kept edit: which version of the session it began from."""
MERGE = (
    "# ---- Your earlier edit, kept but not saved: the session changed after it began\n"
    "# ---- (another amend, or a sync tool). Copy what you need from the lines below\n"
    "# ---- into the session above; these comment lines are never saved.\n"
)


def _keep(store: Store, kept: Path, work: Path, current: str, base: str | None) -> None:
    """Keep an edit that was not saved (sealed with the workspace's key), noting the
    version it began from, or drop a kept one that is back to the session as it is."""
    try:
        text = work.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return
    if text == current:
        kept.unlink(missing_ok=True)
        return
    private_dir(store.drafts_dir)
    atomic_write(kept, f"{BASE}{base}\n{text}", cipher=store.cipher)


def _resume(kept: str, seen: str | None, current: str) -> str:
    """The text to edit when an earlier edit was kept: that edit, if the session is
    still the version it began from; otherwise the session as it is now, with the kept
    edit below it as comments to copy from. A stale edit is never saved over another."""
    first, _, body = kept.partition("\n")
    if first == f"{BASE}{seen}":
        return body
    if not first.startswith(BASE):
        body = kept
    quoted = "".join(f"# {line}\n" for line in body.splitlines())
    return f"{current.rstrip()}\n\n{MERGE}{quoted}"


def _save_revision(
    store: Store, path: Path, seen: str | None, session: Session, current: str, edited: Session
) -> None:
    """Keep the earlier revision and save the new one: both or neither."""
    edited.revision = session.revision + 1
    edited.amended = clock.now()
    new_text = file_text(edited)  # validated before anything is written
    with store.locked():
        if digest(path) != seen:
            raise CoachError(f"{path.name} changed while you edited it; {KEPT}")
        slot = private_dir(history_dir(store, session)) / f"r{session.revision}.yaml"
        made = _take_slot(store, slot, current)
        try:
            atomic_write(path, new_text, cipher=store.cipher)
        except BaseException:
            if made:
                slot.unlink(missing_ok=True)
            raise


def _take_slot(store: Store, slot: Path, current: str) -> bool:
    """Write the earlier revision; False when an interrupted amend already kept the
    very same text there (the slot is used, not refused)."""
    if slot.exists():
        if read_text(slot, unseal=_unseal(store.cipher)) == current:
            return False
        raise CoachError(f"{slot} already holds another revision; nothing was changed")
    atomic_write(slot, current, new=True, cipher=store.cipher)
    return True
