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
import gc
import os
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import msgspec

from coachcli.errors import CoachError
from coachcli.records.formats import INDEX_FORMAT
from coachcli.store.briefing import Brief
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.names import HISTORY, OWN_NAME, PERSON_NAME, PROGRESS
from coachcli.store.workspace import cache_dir

FORMAT = INDEX_FORMAT


class SetStep(msgspec.Struct, array_like=True):
    """A step first agreed in a session as it stands now, for `coach overview` (never its
    words; ``agreed`` is False for a step dropped in the meeting that wrote it)."""

    status: str
    due: dt.date | None
    library: str | None
    missed: list[str]
    kept: bool
    agreed: bool


class SessionRow(msgspec.Struct, kw_only=True, array_like=True):
    """One line of `coach session list`: never notes."""

    id: str
    status: str
    number: int
    coachee: str
    coachee_id: str
    date: dt.date
    started: dt.datetime
    focus_id: str | None = None
    focus: str | None = None
    steps: int = 0
    file: str = ""
    """Where the file is, relative to the sessions folder: `session show ID` opens it
    without looking through the store."""
    written: int = 0
    """The format version the file was written in (`coach doctor` reports old ones)."""
    bar_items: list[str] = msgspec.field(default_factory=list)
    """Bar items the session refers to (focus, evidence), for `coach doctor`."""
    role: str | None = None
    role_name: str | None = None
    coach: str | None = None  # the coach's name as the session recorded it
    set_steps: list[SetStep] = msgspec.field(default_factory=list)  # if finished


class Standing(msgspec.Struct, kw_only=True, array_like=True):
    """Where one person stands after their latest session and any progress since."""

    name: str
    coachee_id: str
    role: str | None
    last_session: dt.date
    next_meeting: dt.date | None
    dues: list[dt.date | None]
    """The due date (or None) of each step still open."""
    folders: list[str] = msgspec.field(default_factory=list)
    """The folders of the store holding their files (one, unless moved by hand)."""
    archived: dt.date | None = None
    """The day they were archived (`coach archive`): off the dashboard, record kept."""
    coaches: list[tuple[dt.date, str]] = msgspec.field(default_factory=list)
    """Who coached them from when (sessions and handovers), oldest first."""


class Summary(msgspec.Struct, kw_only=True, array_like=True):
    """What one folder of the store holds, as the listing and the dashboard need it."""

    rows: list[SessionRow]
    people: list[Standing]
    problems: list[tuple[str, str]] = msgspec.field(default_factory=list)
    """Each file that could not be read (relative to the sessions folder) and one line
    saying why; it is left out of the rows."""
    old_format: list[str] = msgspec.field(default_factory=list)
    """Progress records written in an older format (sessions say it in their row)."""
    copies: list[str] = msgspec.field(default_factory=list)
    """Copies of a session or record under another name (a sync tool's): left out."""


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
Tick = Callable[[int], None]
POOL_FILES = 600
"""Read the changed folders in several processes once they hold this many files."""


def index_path(folder: Path) -> Path:
    # crc32, not hashlib: importing hashlib costs ~4 ms, a fifth of a listing's margin;
    # the folder is kept in the file and checked, so a clash only costs a rebuild.
    key = zlib.crc32(str(folder.resolve()).encode())
    return cache_dir() / f"index-{key:08x}.json"


def summaries(
    root: Path, summarise: Summarise, tick: Tick | None = None, *, use_index: bool = True
) -> list[Summary]:
    """Every folder's summary, read again only where a file changed since last time.

    Each file is stat-ed on every call (so an edit made in place is seen); a folder is
    listed again only when its modification time moved (a file added, removed or
    renamed, which is how coachcli and sync tools write). ``summarise`` must be a
    module-level function: with many changed files it runs in a process pool."""
    path = index_path(root)
    old = _load(path, root) if use_index else {}
    new: dict[str, _Entry] = {}
    try:
        top = sorted(os.listdir(root))
    except FileNotFoundError:
        top = []
    now = time.time_ns()
    stale: list[tuple[str, tuple[int, int], list[str], int]] = []
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
            stale.append((name, listed, names, signature))
            continue
        if entry.listed != listed:
            entry = msgspec.structs.replace(entry, listed=listed)
        new[name] = entry
    for (name, listed, names, signature), summary in zip(
        stale, _summarise_all(root, stale, summarise, tick), strict=True
    ):
        new[name] = _Entry(listed, names, signature, summary)
    new = {name: new[name] for name in sorted(new)}
    if use_index and new != old:
        _save(path, _File(FORMAT, str(root.resolve()), new))
    return [entry.summary for entry in new.values()]


def _summarise_all(
    root: Path,
    stale: list[tuple[str, tuple[int, int], list[str], int]],
    summarise: Summarise,
    tick: Tick | None,
) -> list[Summary]:
    """Summaries of the changed folders, in order; in a pool of processes when there
    are many files to read and more than one core to read them with."""
    files = sum(len(names) for _, _, names, _ in stale)
    workers = min(os.cpu_count() or 1, 4)
    if files < POOL_FILES or workers < 2:
        found = []
        for name, _, names, _ in stale:
            found.append(summarise(root / name, names))
            if tick:
                tick(len(names))
        return found
    from concurrent.futures import ProcessPoolExecutor

    folders = [root / name for name, _, _, _ in stale]
    lists = [names for _, _, names, _ in stale]
    found = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for names, summary in zip(
            lists, pool.map(summarise, folders, lists, chunksize=8), strict=True
        ):
            found.append(summary)
            if tick:
                tick(len(names))
    return found


def _save(path: Path, saved: msgspec.Struct) -> None:
    """Write a cache file; one not saved is made again next time."""
    with contextlib.suppress(CoachError):
        private_dir(path.parent)
        atomic_write(path, msgspec.json.encode(saved).decode(), durable=False)


def _times(folder: str) -> tuple[int, int]:
    own = os.stat(folder).st_mtime_ns
    try:
        return own, os.stat(folder + PROGRESS).st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        return own, 0


def _names(folder: str) -> list[str]:
    """The files the store wrote in a person's folder and its progress folder."""
    listed = os.listdir(folder)
    names = [n for n in listed if OWN_NAME.match(n) or PERSON_NAME.match(n)]
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
    """Decoded with the collector off, then frozen: else ~50 ms of collections at 10,000."""
    gc.disable()
    try:
        saved = msgspec.json.decode(path.read_bytes(), type=_File)
    except (OSError, msgspec.DecodeError):
        return {}
    finally:
        gc.enable()
    gc.freeze()
    if saved.format != FORMAT or saved.root != str(root.resolve()):
        return {}
    return saved.folders


def cached_rows(root: Path) -> list[SessionRow]:
    """The rows of the index as last saved, without looking at the files (may be
    stale: check that a file found this way is still there)."""
    return [row for entry in _load(index_path(root), root).values() for row in entry.summary.rows]


def forget_stale(root: Path, use_index: bool) -> None:
    """Drop what the cache may still say about files that are gone: this store's index
    and briefs when indexing is off, any brief of a folder that is gone, and any index
    file this coachcli cannot read (an older format, which nothing will rewrite)."""
    current = index_path(root)
    if not use_index:
        current.unlink(missing_ok=True)
    briefs = cache_dir() / f"briefs-{zlib.crc32(str(root.resolve()).encode()):08x}"
    if briefs.is_dir():
        import shutil

        shutil.rmtree(briefs, ignore_errors=True)  # rebuilt folder by folder on demand
    for path in cache_dir().glob("index-*.json"):
        if path != current and not _readable(path):
            path.unlink(missing_ok=True)


def _readable(path: Path) -> bool:
    try:
        return msgspec.json.decode(path.read_bytes(), type=_File).format == FORMAT
    except (OSError, msgspec.DecodeError):
        return False


class _Briefs(msgspec.Struct):
    format: int
    root: str
    names: list[str]
    signature: int
    briefs: list[Brief]


def folder_briefs(
    root: Path,
    folder: str,
    build: Callable[[Path, list[str]], list[Brief]],
    *,
    use_index: bool = True,
) -> list[Brief]:
    """The briefs of the people in one folder of the store, from a cache of that folder
    alone: `coach followup NAME` reads one small file, however large the store."""
    here = f"{root}/{folder}/"
    try:
        names = _names(here)
    except (FileNotFoundError, NotADirectoryError):
        return []
    signature = _signature(here, names)
    if signature is None:
        names = _names(here)
        signature = _signature(here, names) or 0
    key = zlib.crc32(str(root.resolve()).encode())
    path = cache_dir() / f"briefs-{key:08x}" / f"{zlib.crc32(folder.encode()):08x}.json"
    if use_index:
        try:
            saved = msgspec.json.decode(path.read_bytes(), type=_Briefs)
        except (OSError, msgspec.DecodeError):
            saved = None
        if (
            saved is not None
            and saved.format == FORMAT
            and saved.root == str(root.resolve())
            and saved.names == names
            and saved.signature == signature
        ):
            return saved.briefs
    briefs = build(root / folder, names)
    if use_index:
        _save(path, _Briefs(FORMAT, str(root.resolve()), names, signature, briefs))
    return briefs
