"""Durable, private file writes: the only way coachcli puts bytes on disk."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Protocol

from coachcli import portable
from coachcli.errors import CoachError


class Sealer(Protocol):
    """What a write needs of the workspace's key (``crypto.Cipher``): whether a path is
    encrypted, and the sealed text. Named here so this module needs no crypto."""

    def applies(self, path: Path) -> bool: ...

    def seal(self, text: str) -> str: ...


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(folder: Path, *, tighten: bool = False) -> Path:
    """Make ``folder`` and any missing parents, readable by their owner only.

    Folders that already exist keep their mode unless ``tighten`` is given.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    try:
        for path in reversed(missing):
            portable.mkdir_private(path)
        if tighten:
            portable.chmod(folder, PRIVATE_DIR)
    except OSError as problem:
        raise CoachError(f"cannot make the folder {folder}: {problem.strerror}") from None
    return folder


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (a no-op where the OS cannot)."""
    portable.fsync_dir(folder)


def atomic_write(
    path: Path,
    text: str,
    *,
    mode: int = PRIVATE_FILE,
    new: bool = False,
    durable: bool = True,
    cipher: Sealer | None = None,
) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file.

    A temporary file in the same folder is written, flushed and fsynced, then renamed
    over the target, then the folder is fsynced. On any failure the target is untouched
    and the temporary file is removed. With ``new``, an existing target is an error
    instead of being replaced (the file is linked into place, never renamed over).
    ``durable=False`` skips the fsyncs, for caches that are rebuilt if a crash loses
    them. With a ``cipher``, a file inside the encrypted folders is sealed first.
    """
    if cipher is not None and cipher.applies(path):
        text = cipher.seal(text)
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode, new=new, durable=durable)


def atomic_write_bytes(
    path: Path, data: bytes, *, mode: int = PRIVATE_FILE, new: bool = False, durable: bool = True
) -> None:
    """:func:`atomic_write` for bytes that are not text (a Word document)."""
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    try:
        fd = portable.open_new(tmp, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            portable.place_new(tmp, path)
        else:
            portable.replace(tmp, path)
    except FileExistsError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise CoachError(f"{path} already exists; nothing was overwritten") from None
    except OSError as problem:
        with contextlib.suppress(OSError):
            tmp.unlink()
        reason = problem.strerror or type(problem).__name__
        raise CoachError(f"could not save {path}: {reason}; nothing was overwritten") from None
    if durable:
        fsync_dir(path.parent)
