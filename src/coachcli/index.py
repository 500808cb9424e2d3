"""A metadata index so that commands spanning the whole store stay fast as it grows.

The YAML files are the truth; the index is a cache, per folder of the store (one per
coachee, and the drafts), of what the listing and the dashboard show: a row per session
and each person's standing. A stat scan finds every file whose size or modification
time changed, and only the folders holding one are read again. The cache lives in the
user's cache folder, where a sync tool will not copy it, readable by its owner only;
deleting it loses nothing. A workspace with encryption on keeps no index, since the
index would hold names in the clear.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import msgspec

from coachcli.errors import CoachError
from coachcli.files import atomic_write, private_dir
from coachcli.store import HISTORY, OWN_NAME, PROGRESS

FORMAT = 4


class SessionRow(msgspec.Struct, kw_only=True, array_like=True):
    """One line of `coach session list`: never notes."""

    id: str
    status: str
    number: int
    coachee: str
    date: dt.date
    started: dt.datetime
    focus_id: str | None = None
    focus: str | None = None
    steps: int = 0


class Standing(msgspec.Struct, kw_only=True, array_like=True):
    """Where one person stands after their latest session and any progress since."""

    name: str
    role: str | None
    last_session: dt.date
    next_meeting: dt.date | None
    dues: list[dt.date | None]
    """The due date (or None) of each step still open."""


class Summary(msgspec.Struct, kw_only=True, array_like=True):
    """What one folder of the store holds, as the listing and the dashboard need it."""

    rows: list[SessionRow]
    people: list[Standing]


class _Entry(msgspec.Struct, array_like=True):
    listed: tuple[int, int]
    """The folder's and its progress folder's modification times when ``names`` was
    listed, or (0, 0) when the listing is not to be trusted next time."""
    names: list[str]
    signature: int
    summary: Summary


RACY_NS = 2_000_000_000
"""A folder changed this recently might change again within the same tick of a coarse
file-system clock (FAT, some network shares) without its time moving: list it again."""


class _File(msgspec.Struct):
    format: int
    root: str
    """The sessions folder indexed, checked on load: file names are a short checksum."""
    folders: dict[str, _Entry]


Summarise = Callable[[Path, list[str]], Summary]


def cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("coachcli", appauthor=False)


def index_path(folder: Path) -> Path:
    # crc32, not hashlib: importing hashlib costs ~4 ms, a fifth of a listing's margin;
    # the folder is kept in the file and checked, so a clash only costs a rebuild.
    key = zlib.crc32(str(folder.resolve()).encode())
    return cache_dir() / f"index-{key:08x}.json"


def summaries(root: Path, summarise: Summarise) -> list[Summary]:
    """Every folder's summary, read again only where a file changed since last time.

    Each file is stat-ed on every call (so an edit made in place is seen); a folder is
    listed again only when its modification time moved (a file added, removed or
    renamed, which is how coachcli and sync tools write)."""
    use_index = enabled()
    path = index_path(root)
    old = _load(path, root) if use_index else {}
    new: dict[str, _Entry] = {}
    try:
        top = sorted(os.listdir(root))
    except FileNotFoundError:
        top = []
    now = time.time_ns()
    for name in top:
        if name == HISTORY or name.startswith("."):
            continue
        folder = f"{root}/{name}/"
        try:
            times = _times(folder)
        except (NotADirectoryError, FileNotFoundError):
            continue
        entry = old.get(name)
        reuse = entry is not None and entry.listed == times and times != (0, 0)
        names = entry.names if entry is not None and reuse else _names(folder)
        signature = _signature(folder, names)
        if signature is None:  # a file went missing: list the folder again
            names = _names(folder)
            signature = _signature(folder, names) or 0
        listed = times if now - max(times) > RACY_NS else (0, 0)
        if entry is None or entry.signature != signature or entry.names != names:
            entry = _Entry(listed, names, signature, summarise(root / name, names))
        elif entry.listed != listed:
            entry = msgspec.structs.replace(entry, listed=listed)
        new[name] = entry
    if use_index and new != old:
        with contextlib.suppress(CoachError):  # a cache not saved is rebuilt next time
            private_dir(path.parent)
            saved = _File(FORMAT, str(root.resolve()), new)
            atomic_write(path, msgspec.json.encode(saved).decode())
    return [entry.summary for entry in new.values()]


def _times(folder: str) -> tuple[int, int]:
    own = os.stat(folder).st_mtime_ns
    try:
        return own, os.stat(folder + PROGRESS).st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        return own, 0


def _names(folder: str) -> list[str]:
    """The files the store wrote in a person's folder and its progress folder."""
    listed = os.listdir(folder)
    names = [n for n in listed if OWN_NAME.match(n)]
    if PROGRESS in listed:
        with contextlib.suppress(NotADirectoryError):
            inner = os.listdir(folder + PROGRESS)
            names += [f"{PROGRESS}/{n}" for n in inner if OWN_NAME.match(n)]
    return sorted(names)


def _signature(folder: str, names: list[str]) -> int | None:
    """A hash of each file's modification time and size, in name order (the names are
    compared apart); None if a file is gone. Python hashes tuples of integers the same
    way in every process, and a Python whose hash differs only costs a rebuild."""
    try:
        stats = [os.stat(folder + name) for name in names]
    except FileNotFoundError:
        return None
    return hash(tuple([(s.st_mtime_ns, s.st_size) for s in stats]))


def _load(path: Path, root: Path) -> dict[str, _Entry]:
    try:
        saved = msgspec.json.decode(path.read_bytes(), type=_File)
    except (OSError, msgspec.DecodeError):
        return {}
    if saved.format != FORMAT or saved.root != str(root.resolve()):
        return {}
    return saved.folders


def forget_stale(root: Path) -> None:
    """Drop what the cache may still say about files that are gone: this store's index
    when indexing is off, and any index file this coachcli cannot read (an older
    format, which nothing will rewrite)."""
    current = index_path(root)
    if not enabled():
        current.unlink(missing_ok=True)
    for path in cache_dir().glob("index-*.json"):
        if path != current and not _readable(path):
            path.unlink(missing_ok=True)


def _readable(path: Path) -> bool:
    try:
        return msgspec.json.decode(path.read_bytes(), type=_File).format == FORMAT
    except (OSError, msgspec.DecodeError):
        return False


def enabled() -> bool:
    from coachcli import crypto

    return crypto._active is None and not os.environ.get("COACH_NO_INDEX")
