"""With encryption on, no file or folder name holds any part of a person's name.

New files are named that way from the start (``Store.new_id``, ``Store.person_folder``).
A store that was used before encryption was turned on still has names in its paths
(``priya-shah-p1a2…/2026-11-02-priya-shah-3f9a.yaml``), in ``_history/`` and in its
backups: `coach migrate` renames them here. Each id that carries a name gets a new one
made from it with the workspace's key (an HMAC), so the same old id always becomes the
same new one: a migrate stopped half-way and run again finishes the job instead of
making copies, and the references between files (``follows``, ``carried_from``, step
ids, progress ``after_session``) are rewritten to match.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from coachcli import portable
from coachcli.errors import CoachError
from coachcli.records.person import PersonRecord
from coachcli.records.session import ProgressRecord, Session
from coachcli.store.crypto import Cipher
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.names import (
    DRAFTS,
    HISTORY,
    OWN_NAME,
    PROGRESS,
    REFLECTIONS,
    is_copy,
    person_file,
)
from coachcli.store.reading import file_text, read_any
from coachcli.store.sessions import Store

SESSION_ID = re.compile(r"s[0-9a-f]{6}-[0-9a-f]{4}")
PERSON_ID = re.compile(r"p[0-9a-f]{10}")
AMEND = re.compile(r"amend-(.+)\.yaml\.edit")
"""An amend that could not be saved, kept (sealed) for the next try."""
UNREADABLE = "_unreadable"
"""Where a file that cannot be read is moved to, when its old path held a name."""


def name_free(relative: str) -> bool:
    """Whether a path inside the sessions folder (or a backup of it) is one coachcli
    makes with encryption on: ids and dates only."""
    for part in relative.split("/"):
        kept = AMEND.fullmatch(part)
        if kept is not None and SESSION_ID.fullmatch(kept[1]):
            continue
        stem = part.removesuffix(".yaml")
        if part in (DRAFTS, HISTORY, PROGRESS, UNREADABLE, REFLECTIONS) or part.startswith("."):
            continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{6}-[0-9a-f]{4}\.reflection", stem):
            continue
        if PERSON_ID.fullmatch(part) or SESSION_ID.fullmatch(part) or re.fullmatch(r"r\d+", stem):
            continue
        if re.fullmatch(rf"person-{PERSON_ID.pattern}(?:\.conflict-[0-9a-f]{{8}})?", stem):
            continue
        if re.fullmatch(
            rf"\d{{4}}-\d{{2}}-\d{{2}}-(?:\d{{6}}-[0-9a-f]{{4}}|{SESSION_ID.pattern})", stem
        ):
            continue
        if re.fullmatch(
            rf"\d{{4}}-\d{{2}}-\d{{2}}-{SESSION_ID.pattern}\.conflict-[0-9a-f]{{8}}", stem
        ):
            continue
        if re.fullmatch(r"[0-9a-f]{16}", stem):  # a file kept in _unreadable
            continue
        return False
    return True


@dataclass
class Renamer:
    """New ids for old ones that carry a name, the same every time for one key."""

    cipher: Cipher

    def _hex(self, kind: str, old: str) -> str:
        message = f"coachcli {kind}: {old}".encode()
        return hmac.new(self.cipher.key, message, hashlib.sha256).hexdigest()

    def person(self, old: str) -> str:
        return old if PERSON_ID.fullmatch(old) else f"p{self._hex('person', old)[:10]}"

    def session(self, old: str) -> str:
        if SESSION_ID.fullmatch(old):
            return old
        found = self._hex("session", old)
        return f"s{found[:6]}-{found[6:10]}"

    def step(self, old: str) -> str:
        found = re.fullmatch(r"(.+)-(\d+)", old)
        return f"{self.session(found[1])}-{found[2]}" if found else old

    def record(self, item: Session | ProgressRecord | PersonRecord) -> None:
        """Every id in the record, renamed in place."""
        item.coachee_id = self.person(item.coachee_id)
        if isinstance(item, PersonRecord):
            return
        if isinstance(item, ProgressRecord):
            item.after_session = self.session(item.after_session)
            for review in item.steps:
                review.step = self.step(review.step)
            return
        item.id = self.session(item.id)
        item.follows = self.session(item.follows) if item.follows else None
        for step in item.action_steps:
            step.id = self.step(step.id)
            step.started_in = self.session(step.started_in) if step.started_in else None
            step.carried_from = self.session(step.carried_from) if step.carried_from else None
        for review in item.followup:
            review.step = self.step(review.step)


def _target(
    relative: Path, item: Session | ProgressRecord | PersonRecord, path: Path, copy: bool
) -> Path:
    """Where a record belongs, relative to the sessions folder (or a backup of it);
    ``copy``: a person record under another name than its own (a sync tool's copy)."""
    parts = relative.parts
    if isinstance(item, PersonRecord):
        name = person_file(item.coachee_id)
        if copy:  # kept beside the record it copies
            tag = hashlib.sha256(str(relative).encode()).hexdigest()[:8]
            name = f"{name.removesuffix('.yaml')}.conflict-{tag}.yaml"
        return Path(item.coachee_id, name)
    if isinstance(item, ProgressRecord):
        return Path(item.coachee_id, PROGRESS, path.name)
    name = f"{item.date.isoformat()}-{item.id}"
    if parts[0] == HISTORY and len(parts) == 3:
        return Path(HISTORY, item.id, path.name)
    if not OWN_NAME.match(path.name):  # a conflict copy, kept beside what it copies
        tag = hashlib.sha256(str(relative).encode()).hexdigest()[:8]
        folder = DRAFTS if item.status == "draft" else item.coachee_id
        return Path(folder, f"{name}.conflict-{tag}.yaml")
    if item.status == "draft":
        return Path(DRAFTS, f"{name}.yaml")
    return Path(item.coachee_id, f"{name}.yaml")


def roots(workspace: Path, store: Store) -> list[Path]:
    """The sessions folder and each backup of it."""
    backups = workspace / "backups"
    found = [store.folder]
    if backups.is_dir():
        found += sorted(p for p in backups.iterdir() if p.is_dir())
    return found


def named_paths(workspace: Path, store: Store) -> list[Path]:
    """Files under the sessions folder or a backup whose path may hold a name."""
    return [
        path
        for root in roots(workspace, store)
        for path in _files(root)
        if not name_free(path.relative_to(root).as_posix())
    ]


def rename_all(workspace: Path, store: Store) -> list[Path]:
    """Give every file whose path holds a name a name-free one (with encryption on);
    the files renamed. Run under the store's lock, after the store is readable."""
    cipher = store.cipher
    if cipher is None:
        return []
    renamer = Renamer(cipher)
    moved: list[Path] = []
    for root in roots(workspace, store):
        for path in _files(root):
            relative = path.relative_to(root)
            kept = AMEND.fullmatch(path.name)
            if kept is not None:  # an edit kept for a retry, renamed with its ids
                target = Path(DRAFTS, f"amend-{renamer.session(kept[1])}.yaml.edit")
                if target != relative:
                    _move(path, root / target, _renamed(path, renamer), cipher)
                    moved.append(path)
                continue
            try:
                item, _ = read_any(path, cipher)
            except CoachError:
                if name_free(relative.as_posix()):
                    continue
                tag = hashlib.sha256(str(relative).encode()).hexdigest()[:16]
                target = Path(UNREADABLE, f"{tag}.yaml")
                _move(path, root / target, None, cipher)
                moved.append(path)
                continue
            old_ids = (item.coachee_id, getattr(item, "id", ""))
            copy = isinstance(item, PersonRecord) and is_copy(path.name, item)
            renamer.record(item)
            target = _target(relative, item, path, copy)
            unchanged = old_ids == (item.coachee_id, getattr(item, "id", ""))
            if target == relative and unchanged:
                continue
            _move(path, root / target, file_text(item), cipher)
            moved.append(path)
        _drop_empty(root)
    return moved


def _renamed(path: Path, renamer: Renamer) -> str | None:
    """The text of a kept edit with its ids renamed; None (moved as it is) when the
    edit does not read as a session yet."""
    try:
        item, _ = read_any(path, renamer.cipher)
    except CoachError:
        return None
    renamer.record(item)
    return file_text(item)


def _files(root: Path) -> list[Path]:
    found = []
    for parent, folders, names in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found += [
            Path(parent) / n
            for n in names
            if n.endswith((".yaml", ".yaml.edit")) and not n.startswith(".")
        ]
    return sorted(found)


def _move(old: Path, new: Path, text: str | None, cipher: Cipher) -> None:
    """Write the new file, then remove the old one: a crash between leaves both, and
    the next migrate makes the same new file again and removes the old. A file that
    could not be read (``text`` None) is moved as it is."""
    private_dir(new.parent)
    if text is None:
        portable.replace(old, new)
        return
    atomic_write(new, text, cipher=cipher)
    if new != old:
        old.unlink(missing_ok=True)


def _drop_empty(root: Path) -> None:
    for parent, _, _ in sorted(os.walk(root), key=lambda w: -len(w[0])):
        if Path(parent) != root:
            with contextlib.suppress(OSError):
                Path(parent).rmdir()
