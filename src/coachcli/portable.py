"""Every file-system call that differs between Windows, macOS and Linux, in one place.

On Linux and macOS a file's mode bits say who may read it; coachcli sets them (0600
files, 0700 folders) and `coach doctor` checks them. Windows keeps who may read a file
in access lists inherited from its folder: its mode bits are only a read-only flag,
``os.fchmod`` is missing before Python 3.13, a folder cannot be opened to fsync it, a
file open in another program (an antivirus scan, a sync client) can refuse to be
replaced for a moment, and ``os.open`` writes text that turns "\\n" into "\\r\\n"
unless it is told the file is binary. Everything else in coachcli calls these
functions instead of ``os`` directly for those things, so each difference is decided
once and tested here (tests/test_platform.py acts as Windows by turning
``POSIX_MODES`` and ``WINDOWS`` over).

Imports nothing from coachcli: the ground floor, usable by ``records`` and ``store``.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
import time
from pathlib import Path

WINDOWS = os.name == "nt"
"""Windows' rules for renames, folders and the user's folders apply."""

POSIX_MODES = not WINDOWS
"""Mode bits say who may read a file (Linux, macOS): set them, and check them."""

HAS_FCHMOD = hasattr(os, "fchmod")
"""Windows' Python has no ``os.fchmod`` before 3.13 (and a mode means little there)."""

READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
)
"""Open to read bytes as they are: a named pipe is not waited on (non-blocking), a
terminal is never made this process's terminal, and Windows changes no line endings."""

CREATE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOINHERIT", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
"""Make a new file (never an existing one) to write bytes as they are, not handed to
a child process such as the coach's editor."""

DEFAULT_EDITOR = "notepad" if WINDOWS else "nano"
"""The editor used when neither VISUAL nor EDITOR is set: one every such system has."""

REPLACE_TRIES = 10
"""How often Windows is asked again to replace a file another program holds open."""


def open_new(path: Path, mode: int) -> int:
    """A new file at ``path``, open to write bytes, with exactly ``mode`` where modes
    mean something (the umask is not let to change it)."""
    fd = os.open(path, CREATE_FLAGS, mode)
    try:
        set_mode(fd, path, mode)
    except OSError:
        os.close(fd)
        raise
    return fd


def set_mode(fd: int, path: Path, mode: int) -> None:
    """Give the open file ``fd`` (at ``path``) ``mode``. A no-op without mode bits;
    through the path where ``os.fchmod`` is missing."""
    if not POSIX_MODES:
        return
    if HAS_FCHMOD:
        os.fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def chmod(path: Path, mode: int) -> bool:
    """Set ``path``'s mode where modes mean something; whether it was set. On Windows
    this would only clear or set the read-only flag, so nothing is done."""
    if not POSIX_MODES:
        return False
    os.chmod(path, mode)
    return True


def mkdir_private(path: Path) -> None:
    """Make the folder ``path`` (its parent exists), readable by its owner only where
    modes exist; on Windows it takes the access list of the folder it is made in."""
    path.mkdir(mode=0o700, exist_ok=True)
    chmod(path, 0o700)


def permission_bits(st_mode: int) -> int | None:
    """The permission bits of ``st_mode`` (from a stat), or None where they say nothing
    of who may read the file: on Windows, and for a link (its own bits mean nothing)."""
    if not POSIX_MODES or stat.S_ISLNK(st_mode):
        return None
    return stat.S_IMODE(st_mode)


def mode_of(path: Path) -> int | None:
    """``permission_bits`` of ``path`` itself (a link is not followed); None when it is
    missing or the bits mean nothing here."""
    try:
        return permission_bits(path.lstat().st_mode)
    except OSError:
        return None


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable. Windows cannot open a folder (NTFS
    makes the rename durable itself), and some file systems refuse: both a no-op."""
    if WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target`` in one step. On Windows a target that another
    program holds open for a moment (a virus scan, a sync client, an indexer) refuses
    with "access denied": it is asked again for up to about a second before failing."""
    tries = REPLACE_TRIES if WINDOWS else 1
    for attempt in range(1, tries + 1):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == tries:
                raise
            time.sleep(0.02 * attempt)


def place_new(source: Path, target: Path) -> None:
    """Move ``source`` to ``target`` only if ``target`` does not exist yet (else
    FileExistsError), in one step. POSIX renames overwrite, so the file is hard-linked
    and the temporary name removed; Windows' rename refuses to overwrite by itself, and
    works where hard links do not (FAT and exFAT drives)."""
    if WINDOWS:
        os.rename(source, target)
        return
    os.link(source, target)
    os.unlink(source)


def command_words(command: str) -> list[str]:
    """A command line (an editor from VISUAL or EDITOR) as its words. On Windows a
    backslash is part of a path, not an escape, and double quotes group words."""
    if not WINDOWS:
        return shlex.split(command)
    words = shlex.split(command, posix=False)
    return [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w for w in words]


def utf8_output() -> None:
    """On Windows, output to a file or a pipe (``coach export > notes.md``) is UTF-8.
    Python would use the ANSI code page there, which has no "✓" or "★" and would stop
    the command half-way; a console already takes UTF-8."""
    if not WINDOWS:
        return
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").replace("-", "").lower()
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None and not stream.isatty():
            reconfigure(encoding="utf-8")


def user_data_dir() -> Path:
    """The user's own folder for coachcli's data, never a synced one by default: on
    Linux ``~/.local/share/coachcli`` (or under ``$XDG_DATA_HOME``), on macOS
    ``~/Library/Application Support/coachcli``, on Windows
    ``%LOCALAPPDATA%\\coachcli`` (local, not roaming: it does not follow the user to
    other computers)."""
    if WINDOWS and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"], "coachcli")
    import platformdirs

    return platformdirs.user_data_path("coachcli", appauthor=False)


def cache_dir() -> Path:
    """The user's cache folder for coachcli (never synced; deleting it loses nothing):
    ``~/.cache/coachcli`` (or under ``$XDG_CACHE_HOME``), ``~/Library/Caches/coachcli``,
    ``%LOCALAPPDATA%\\coachcli\\Cache``."""
    if WINDOWS and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"], "coachcli", "Cache")
    import platformdirs

    return platformdirs.user_cache_path("coachcli", appauthor=False)
