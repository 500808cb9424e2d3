"""The session store: one YAML file per session under ``sessions/``.

Completed sessions live in a folder per coachee (``sessions/<name>/<id>.yaml``), written
once under a unique name. Drafts live in ``sessions/_drafts/`` and are rewritten
atomically after every answer; finishing a session writes its file and removes the draft.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.records.identity import is_legacy, same_person
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.names import (
    DRAFTS,
    HISTORY,
    LOCK,
    OWN_NAME,
    PROGRESS,
    conflict_path,
    id_of,
    is_copy,
    is_stray,
    is_temp,
    slug,
)
from coachcli.store.reading import file_text, read_progress, read_session

if TYPE_CHECKING:
    from coachcli.records.session import ProgressRecord, Session
    from coachcli.store.crypto import Cipher


def lock_timeout() -> float:
    try:
        return float(os.environ.get("COACH_LOCK_TIMEOUT", "10"))
    except ValueError:
        return 10.0


def digest(path: Path) -> str | None:
    import hashlib  # here: listings that read no file need not import it (~4 ms)

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


class Store:
    def __init__(self, folder: Path, cipher: Cipher | None = None) -> None:
        self.folder = folder
        self.cipher = cipher
        """The workspace's key when encryption is on: every file is sealed with it."""
        self._seen: dict[Path, str | None] = {}
        """What each file held when this process last read or wrote it."""

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the workspace's lock file (never a data file) while writing.

        The OS releases it if the process dies, so a killed run never blocks the next.
        """
        from filelock import FileLock, Timeout

        private_dir(self.folder)
        lock = FileLock(self.folder / LOCK, timeout=lock_timeout(), mode=0o600)
        try:
            with lock:
                yield
        except Timeout:
            raise CoachError(
                "another coach command is saving to this workspace; try again in a moment"
            ) from None

    def _write(self, path: Path, text: str, *, new: bool = False) -> None:
        """Write under the lock, refusing to overwrite a change made by someone else."""
        with self.locked():
            if not new and path in self._seen and digest(path) != self._seen[path]:
                copy = conflict_path(path)
                atomic_write(copy, text, new=True, cipher=self.cipher)
                raise CoachError(
                    f"{path.name} was changed by another coach command or a sync tool since"
                    f" it was read; your version is kept as {copy}"
                )
            atomic_write(path, text, new=new, cipher=self.cipher)
            self._seen[path] = digest(path)

    def read(self, path: Path) -> Session:
        session = read_session(path, self.cipher)
        self._seen[path] = digest(path)
        return session

    @property
    def indexed(self) -> bool:
        """Whether the derived index (in the user's cache) may be kept for this store:
        not when encryption is on (it would hold names in the clear), nor when
        COACH_NO_INDEX is set."""
        return self.cipher is None and not os.environ.get("COACH_NO_INDEX")

    @property
    def drafts_dir(self) -> Path:
        return self.folder / DRAFTS

    def new_id(self, coachee: str, taken: set[str]) -> str:
        """A short id to type, not among the ``taken`` ids: ``priya-shah-3f9a``, or with
        encryption on ``s3f9a1c-07b2`` (no part of the name in a file name)."""
        while True:
            start = f"s{os.urandom(3).hex()}" if self.cipher else slug(coachee, 16)
            candidate = f"{start}-{os.urandom(2).hex()}"
            if candidate not in taken:
                return candidate

    def draft_path(self, session: Session) -> Path:
        return self.drafts_dir / f"{session.date.isoformat()}-{session.id}.yaml"

    def folders_of(self, coachee_id: str, name: str) -> list[str]:
        """The folders that may hold this person's files: ``<name>-<id>`` (or the id
        alone with encryption on), and, for a person from before ids, the folder their
        name gave them then (which may hold others too: every read filters by id)."""
        try:
            listed = os.listdir(self.folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        found = sorted(f for f in listed if f == coachee_id or f.endswith(f"-{coachee_id}"))
        if is_legacy(coachee_id) and slug(name) in listed and slug(name) not in found:
            found.append(slug(name))
        return found

    def person_folder(self, coachee_id: str, name: str) -> Path:
        """Where this person's next file goes: a folder that is theirs alone (named with
        their id, so that no name, however long or however written, can merge two
        people or take one of the store's own folders), or the one they already use."""
        found = self.folders_of(coachee_id, name)
        if found:
            return self.folder / found[0]
        if self.cipher is not None:
            return self.folder / coachee_id
        return self.folder / f"{slug(name, 30)}-{coachee_id}"

    def _known_as(self, name: str) -> str | None:
        """The id of the one person of this name with a finished session, if any: two
        first sessions with someone new, started at once, are one person, not two."""
        try:
            listed = os.listdir(self.folder)
        except (FileNotFoundError, NotADirectoryError):
            return None
        start = slug(name, 30)
        named = [f for f in listed if self.cipher or f == slug(name) or f.startswith(f"{start}-")]
        found = set()
        for folder in named:
            for path in self._files(self.folder / folder)[:1]:
                with contextlib.suppress(CoachError):
                    one = read_session(path, self.cipher)
                    if same_person(one.coachee, name):
                        found.add(one.coachee_id)
        return found.pop() if len(found) == 1 else None

    def session_path(self, session: Session) -> Path:
        name = f"{session.date.isoformat()}-{session.id}.yaml"
        return self.person_folder(session.coachee_id, session.coachee) / name

    def save_draft(self, session: Session) -> Path:
        path = self.draft_path(session)
        private_dir(self.drafts_dir)
        self._write(path, file_text(session, validate=False))
        return path

    def complete(self, session: Session) -> Path:
        """Write the finished session once, under its own name, then drop the draft.

        Its number is given here, under the lock, from the sessions already saved with
        this person: two sessions with one person started at once (two terminals, two
        coaches) never share a number."""
        session.status = "complete"
        with self.locked():
            earlier = self.sessions(session.coachee_id, session.coachee)
            if not earlier:  # someone new, unless another run just made them known
                session.coachee_id = self._known_as(session.coachee) or session.coachee_id
                earlier = self.sessions(session.coachee_id, session.coachee)
            session.number = 1 + sum(1 for s in earlier if s.id != session.id)
            path = self.session_path(session)
            private_dir(path.parent)
            atomic_write(path, file_text(session), new=True, cipher=self.cipher)
            self._seen[path] = digest(path)
        self.draft_path(session).unlink(missing_ok=True)
        return path

    def save_progress(self, record: ProgressRecord) -> Path:
        """Progress between meetings: a new file each time, so nothing earlier is lost."""
        folder = private_dir(self.person_folder(record.coachee_id, record.coachee) / PROGRESS)
        stamp = record.recorded.strftime("%Y-%m-%d-%H%M%S")
        path = folder / f"{stamp}-{os.urandom(2).hex()}.yaml"
        self._write(path, file_text(record), new=True)
        return path

    def progress(self, coachee_id: str, name: str) -> list[ProgressRecord]:
        """Progress records about this person, oldest first."""
        paths = [
            path
            for folder in self.folders_of(coachee_id, name)
            for path in self._files(self.folder / folder / PROGRESS)
        ]
        found = [(p.name, read_progress(p, self.cipher)) for p in paths]
        records = [r for n, r in found if r.coachee_id == coachee_id and not is_copy(n, r)]
        return sorted(records, key=lambda r: r.recorded)

    def _files(self, folder: Path) -> list[Path]:
        """The files this store wrote; conflict copies and strays are for `coach doctor`."""
        return sorted(p for p in folder.glob("*.yaml") if OWN_NAME.match(p.name))

    def walk(self) -> Iterator[tuple[str, os.DirEntry[str]]]:
        """Every folder and file under the store (its path relative to the store, and
        its entry), in name order: one pass of ``os.scandir``, far cheaper than
        several ``rglob`` calls on a large store."""
        pending = [""]
        while pending:
            relative = pending.pop()
            try:
                with os.scandir(self.folder / relative if relative else self.folder) as it:
                    entries = sorted(it, key=lambda e: e.name, reverse=True)
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in reversed(entries):
                inner = f"{relative}/{entry.name}" if relative else entry.name
                yield inner, entry
            pending += [
                f"{relative}/{e.name}" if relative else e.name
                for e in entries
                if e.is_dir(follow_symlinks=False)
            ]

    def strays(self) -> list[Path]:
        """YAML files in the store that it did not name: conflict copies above all."""
        return sorted(self.folder / r for r, e in self.walk() if e.is_file() and is_stray(r))

    def temp_files(self) -> list[Path]:
        """Temporary files a killed save left behind."""
        return sorted(self.folder / r for r, e in self.walk() if e.is_file() and is_temp(r))

    def clean_temp_files(self) -> int:
        """Remove temporary files a killed run left behind (only safe under the lock)."""
        removed = 0
        with self.locked():
            for path in self.temp_files():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    def session_files(self) -> Iterator[Path]:
        if not self.folder.is_dir():
            return
        for folder in sorted(self.folder.iterdir()):
            if (
                folder.is_dir()
                and folder.name not in (DRAFTS, HISTORY)
                and not (folder.name.startswith("."))
            ):
                yield from self._files(folder)

    def sessions(self, coachee_id: str, name: str) -> list[Session]:
        """This person's completed sessions, oldest first."""
        paths = [
            path
            for folder in self.folders_of(coachee_id, name)
            for path in self._files(self.folder / folder)
        ]
        read = [(path.name, read_session(path, self.cipher)) for path in paths]
        found = [
            s
            for n, s in read
            if s.coachee_id == coachee_id and s.status == "complete" and not is_copy(n, s)
        ]
        return sorted(found, key=lambda s: (s.started, s.number))

    def drafts(self) -> list[Session]:
        """Unfinished sessions, oldest first: not copies, and not a draft whose session
        was finished (a run killed between writing the session and removing its draft)."""
        if not self.drafts_dir.is_dir():
            return []
        read = [(p.name, self.read(p)) for p in self._files(self.drafts_dir)]
        found = [d for n, d in read if not is_copy(n, d) and not self.finished(d)]
        return sorted(found, key=lambda s: s.started)

    def finished(self, draft: Session) -> bool:
        """Whether this draft's session was saved as finished already."""
        name = f"{draft.date.isoformat()}-{draft.id}.yaml"
        return any(
            (self.folder / folder / name).is_file()
            for folder in self.folders_of(draft.coachee_id, draft.coachee)
        )

    def draft_to_resume(self, path: Path | None) -> Session:
        """The draft at ``path``, or the latest one; an error if it is not a draft."""
        if path is None:
            drafts = self.drafts()
            if not drafts:
                raise CoachError("no unfinished sessions to resume")
            return drafts[-1]
        draft = self.read(path)
        if draft.status != "draft":
            raise CoachError(f"session {draft.id} is already finished")
        return draft

    def all_files(self) -> list[Path]:
        drafts = self._files(self.drafts_dir) if self.drafts_dir.is_dir() else []
        return [*self.session_files(), *drafts]

    def guess(self, wanted: str) -> Path | None:
        """The file of session ``wanted`` (a whole id) if it is where the store puts it:
        the folder named like the id's start, or the drafts. One folder listed, so
        `session show ID` does not need the index; None when it is elsewhere."""
        wanted = wanted.strip().removesuffix(".yaml")
        prefix, _, tail = wanted.rpartition("-")
        if not prefix or len(tail) != 4 or "/" in wanted or wanted.startswith("."):
            return None
        try:  # a person's folder begins with what their session ids begin with
            folders = [self.folder / f for f in os.listdir(self.folder) if f.startswith(prefix)]
        except (FileNotFoundError, NotADirectoryError):
            folders = []
        for folder in (*folders, self.drafts_dir):
            try:
                names = os.listdir(folder)
            except (FileNotFoundError, NotADirectoryError):
                continue
            found = [n for n in names if n.endswith(f"-{wanted}.yaml") and OWN_NAME.match(n)]
            if len(found) == 1 and id_of(found[0]) == wanted:
                return folder / found[0]
        return None

    def find_path(self, wanted: str) -> Path:
        """A session by its id, or a unique part of it, drafts included, found by looking
        through every folder: for stores with no index (``followup.find_session``)."""
        wanted = wanted.strip().removesuffix(".yaml")
        paths = self.all_files()
        exact = [p for p in paths if wanted in (id_of(p), p.stem)]
        matches = exact or [p for p in paths if wanted and wanted in p.stem]
        if not matches:
            raise CoachError(f"no session with id {wanted!r}; `coach session list` shows them")
        if len({id_of(p) for p in matches}) > 1:
            shown = ", ".join(sorted(id_of(p) for p in matches)[:5])
            raise CoachError(f"{wanted!r} matches several sessions: {shown}")
        return matches[0]
