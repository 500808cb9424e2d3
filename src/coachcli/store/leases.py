"""Who has a draft open: a small lease per draft, so a second terminal is warned at once
instead of finding a conflict copy later; and what a lease holder keeps when the store
cannot take a save.

A lease is a lock file held without waiting (``filelock``) for as long as a session runs
in one process: the OS lets go of it when the process ends, however it ends, so a
killed run never leaves a stale lease. Beside it, an owner file says which run has the
draft now (a random token, the process, the computer and since when): the holder checks
it before every save, so a coach who takes a draft over in another terminal is the only
one whose answers go into it from then on.

Everything lives in ``sessions/.leases/``, named by a hash of the draft's id (no name in
a file name). The owner file holds no session text. A rescue (``<key>.unsaved.yaml``) is
the whole draft as it stood when a save failed and the coach stopped: written without
the workspace lock (which may be what failed) by the lease holder alone, sealed like
every record, and taken back into the draft when it is resumed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli import clock
from coachcli.errors import CoachError
from coachcli.store.files import atomic_write, private_dir

if TYPE_CHECKING:
    from coachcli.records.session import Session
    from coachcli.store.sessions import Store

LEASES = ".leases"


@dataclass(frozen=True)
class Holder:
    """Who holds a lease, as its owner file says (for the warning; never trusted)."""

    pid: int | None
    host: str
    since: dt.datetime | None

    def describe(self) -> str:
        where = "on this computer" if self.host == socket.gethostname() else f"on {self.host}"
        when = f" since {self.since.astimezone():%a %d %b %H:%M}" if self.since else ""
        return f"{where}{when}"


@dataclass
class Lease:
    """The lease on one draft (by its id) in one store."""

    store: Store
    draft_id: str
    token: str = field(default_factory=lambda: os.urandom(8).hex())
    _lock: Any = field(default=None, repr=False)

    @property
    def folder(self) -> Path:
        return self.store.folder / LEASES

    @property
    def key(self) -> str:
        return hashlib.sha256(self.draft_id.encode("utf-8")).hexdigest()[:20]

    @property
    def lock_path(self) -> Path:
        return self.folder / f"{self.key}.lease"

    @property
    def owner_path(self) -> Path:
        return self.folder / f"{self.key}.owner"

    @property
    def rescue_path(self) -> Path:
        return self.folder / f"{self.key}.unsaved.yaml"

    @property
    def held(self) -> bool:
        """Whether this run holds the lock file (not only the ownership)."""
        return self._lock is not None

    def try_hold(self) -> bool:
        """Take the lock file if no live run holds it (never waits); True when taken.
        ``own`` then makes the draft this run's."""
        return self._hold()

    def _hold(self) -> bool:
        from filelock import FileLock, Timeout

        if self._lock is not None:
            return True
        private_dir(self.folder)
        lock = FileLock(self.lock_path, timeout=0, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            return False
        except OSError as problem:
            raise CoachError(f"cannot open {self.lock_path}: {problem.strerror}") from None
        self._lock = lock
        return True

    def own(self) -> None:
        """Make the draft this run's: the owner file names it. When another live run
        has it open (a take-over), that run sees at its next save that the draft is no
        longer its own and stops, keeping what it had not saved as a copy."""
        now = clock.now().isoformat(timespec="seconds")
        line = f"{self.token} {os.getpid()} {socket.gethostname()} {now}\n"
        private_dir(self.folder)
        atomic_write(self.owner_path, line, durable=False)

    def _owner(self) -> list[str]:
        try:
            return self.owner_path.read_text(encoding="utf-8").split()
        except (OSError, UnicodeDecodeError):
            return []

    def holder(self) -> Holder:
        """Who the owner file says has the draft open."""
        parts = self._owner()
        pid = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        host = parts[2] if len(parts) > 2 else "another computer"
        try:
            since = dt.datetime.fromisoformat(parts[3]) if len(parts) > 3 else None
        except ValueError:
            since = None
        return Holder(pid, host, since)

    def ours(self) -> bool:
        """Whether the draft is still this run's (nobody took it over). A run that took
        it over picks up the lock file too once the other run has let go of it."""
        parts = self._owner()
        if not parts or parts[0] != self.token:
            return False
        if self._lock is None:
            with contextlib.suppress(CoachError):
                self._hold()
        return True

    def release(self, *, finished: bool = False) -> None:
        """Let go of the lease; once the draft is finished, its files go too."""
        if finished and self.ours():
            for path in (self.owner_path, self.rescue_path, self.lock_path):
                with contextlib.suppress(OSError):
                    path.unlink()
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None

    def discard(self, draft: Path) -> None:
        """Remove the draft this run holds the lease of (``try_hold``), what a rescue
        kept of it and the lease's own files: `coach session discard`."""
        if self._lock is None:
            raise CoachError(f"session {self.draft_id} is not held here; nothing was removed")
        try:
            with self.store.locked():
                draft.unlink(missing_ok=True)
        except OSError as problem:
            raise CoachError(f"cannot remove {draft}: {problem.strerror}") from None
        for path in (self.rescue_path, self.owner_path, self.lock_path):
            with contextlib.suppress(OSError):
                path.unlink()

    # --- what a holder keeps when the store cannot take a save ---------------------

    def rescue(self, session: Session) -> Path:
        """The whole draft, written without the workspace's lock (the lock may be what
        failed): beside the lease, where only the lease holder writes; or, for a draft
        never saved yet, as the draft itself (a new file, linked into place, can
        overwrite nothing), so that `coach session resume` finds it."""
        from coachcli.store.reading import file_text

        text = file_text(session, validate=False)
        draft = self.store.draft_path(session)
        if not draft.exists():
            with contextlib.suppress(CoachError):
                private_dir(draft.parent)
                atomic_write(draft, text, new=True, cipher=self.store.cipher)
                return draft
        private_dir(self.folder)
        atomic_write(self.rescue_path, text, cipher=self.store.cipher)
        return self.rescue_path

    def rescued(self) -> Session | None:
        """The draft kept by a rescue, if there is one for this very draft."""
        from coachcli.store.reading import read_session

        if not self.rescue_path.is_file():
            return None
        try:
            kept = read_session(self.rescue_path, self.store.cipher)
        except CoachError:
            return None
        return kept if kept.id == self.draft_id and kept.status == "draft" else None

    def drop_rescue(self) -> None:
        with contextlib.suppress(OSError):
            self.rescue_path.unlink()


def keep_copy(store: Store, session: Session) -> Path:
    """A draft this run no longer owns, kept beside the draft as a conflict copy (as the
    store keeps a version that lost a race): nothing typed here is lost."""
    from coachcli.store.names import conflict_path
    from coachcli.store.reading import file_text

    copy = conflict_path(store.draft_path(session))
    atomic_write(copy, file_text(session, validate=False), new=True, cipher=store.cipher)
    return copy
