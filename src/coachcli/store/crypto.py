"""Optional encryption at rest for the session store (off unless coach.yaml turns it on).

No home-made cryptography: the ``cryptography`` library's AES-GCM, with a master key
derived once per run from the passphrase by scrypt (its salt in the workspace's
``.coachkey``), and a fresh key per file from HKDF with a random salt per file. A
wrong passphrase is caught by a check value in ``.coachkey``; a changed file fails
authentication.

The key lives in a :class:`Cipher`, made by :func:`unlock` and held by the workspace's
store: ``files.atomic_write`` seals what it is given a cipher for, and
``yamlio.read_text`` unseals through the function it is given. The passphrase is asked
for through the command's asker (or read from ``COACH_PASSPHRASE``), never here.

Every file under ``sessions/`` and ``backups/`` is sealed, wherever it physically
lives (a ``sessions`` folder may be a link into a sync folder). While a key is held the
process writes no core dump. A passphrase change (``store/rekey.py``) leaves
``.coachkey.next`` or ``.coachkey.old`` beside the key file until it is finished.
"""

from __future__ import annotations

import base64
import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from coachcli import portable
from coachcli.errors import CoachError

MAGIC = "coachcli-encrypted: 1\n"
KEY_FILE = ".coachkey"
NEXT_KEY = ".coachkey.next"
"""The new key of a passphrase change not yet committed."""
OLD_KEY = ".coachkey.old"
"""The old key of a committed passphrase change whose files are not all renamed yet."""
_ASSOCIATED = b"coachcli file v1"
_CHECK = b"coachcli passphrase check"
SECRET_VARIABLES = ("COACH_PASSPHRASE", "COACH_NEW_PASSPHRASE")
"""Never handed to a child process (an editor)."""

ENCRYPTED_FOLDERS = ("sessions", "backups")
SEALED_SUFFIXES = (".yaml", ".yaml.edit")
"""Records, conflict copies, backups, and an amend kept for a retry."""
Passphrase = Callable[[bool], str]
"""Asks for the passphrase; the argument says whether to ask twice (a new key file)."""


@dataclass(frozen=True)
class Cipher:
    """The key of one workspace, held by its store and passed to whoever reads or writes
    its files (never kept in a module)."""

    folder: Path
    """The workspace (resolved)."""
    key: bytes = field(repr=False)

    def applies(self, path: Path) -> bool:
        """Whether a file written at ``path`` is encrypted: records in sessions/ or
        backups/, by the path as given or by where it physically lives (a linked
        sessions folder elsewhere is still the workspace's)."""
        if not path.name.endswith(SEALED_SUFFIXES):
            return False
        as_given = Path(os.path.abspath(path))
        physical = path.resolve()
        for name in ENCRYPTED_FOLDERS:
            top = self.folder / name
            if as_given.is_relative_to(top) or physical.is_relative_to(top.resolve()):
                return True
        return False

    def seal(self, text: str) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt, nonce = os.urandom(16), os.urandom(12)
        sealed = AESGCM(_file_key(self.key, salt)).encrypt(nonce, text.encode("utf-8"), _ASSOCIATED)
        body = base64.b64encode(salt + nonce + sealed).decode("ascii")
        lines = [body[i : i + 76] for i in range(0, len(body), 76)]
        return MAGIC + "\n".join(lines) + "\n"

    def unseal(self, text: str, source: object) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            raw = base64.b64decode("".join(text[len(MAGIC) :].split()), validate=True)
            salt, nonce, sealed = raw[:16], raw[16:28], raw[28:]
            plain = AESGCM(_file_key(self.key, salt)).decrypt(nonce, sealed, _ASSOCIATED)
        except (ValueError, InvalidTag):
            raise CoachError(
                f"{source}: failed authentication: the file was changed or damaged"
            ) from None
        return plain.decode("utf-8")

    def opens(self, raw: bytes) -> bool:
        """Whether a sealed file's bytes open with this key."""
        try:
            self.unseal(raw.decode("ascii"), "file")
        except (CoachError, UnicodeDecodeError):
            return False
        return True


def _kdf(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _file_key(master: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_ASSOCIATED).derive(master)


# --- the key file ---------------------------------------------------------------------


KEY_FILE_LIMIT = 4096
"""A key file is a few hundred bytes; one larger than this is not a key file."""
_SALT, _NONCE, _CHECKED = 16, 12, len(_CHECK) + 16
"""The sizes make_key writes: salt, nonce and the sealed check value (with its tag)."""


def _head(path: Path, size: int) -> bytes | None:
    """The first ``size`` bytes of the regular file ``path``; None if it is not one (a
    pipe, a device or a folder is never waited on) or cannot be read."""
    try:
        fd = os.open(path, portable.READ_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        while size > 0 and (chunk := os.read(fd, size)):
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _key_parts(key_file: Path) -> tuple[bytes, bytes, bytes]:
    """The salt, nonce and check value written in ``key_file``, or one line saying why
    the file cannot be a key file."""

    def damaged(why: str) -> CoachError:
        return CoachError(
            f"{key_file} is damaged ({why}); without it encrypted files cannot be read"
        )

    raw = _head(key_file, KEY_FILE_LIMIT + 1)
    if raw is None:
        raise damaged("not a readable regular file")
    if len(raw) > KEY_FILE_LIMIT:
        raise damaged(f"more than {KEY_FILE_LIMIT} bytes")
    try:
        words = [w for w in raw.decode("ascii").split("\n") if w and not w.startswith("#")]
        salt, nonce, check = (base64.b64decode(w.strip(), validate=True) for w in words[-3:])
    except ValueError:  # not ASCII, fewer than three lines, or not base64
        raise damaged("not the three lines of base64 coachcli writes") from None
    if (len(salt), len(nonce), len(check)) != (_SALT, _NONCE, _CHECKED):
        raise damaged("a value in it has the wrong length")
    return salt, nonce, check


def open_key(key_file: Path, passphrase: str) -> bytes | None:
    """The master key from ``key_file`` and ``passphrase``; None if the passphrase is
    wrong; an error if the file is damaged."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce, check = _key_parts(key_file)
    master = _kdf(passphrase, salt)
    try:
        AESGCM(master).decrypt(nonce, check, _CHECK)
    except (InvalidTag, ValueError):
        return None
    return master


def make_key(key_file: Path, passphrase: str, *, replace: bool = False) -> bytes:
    """Write a new key file for ``passphrase`` (atomically); the master key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from coachcli.store.files import atomic_write

    salt, nonce = os.urandom(16), os.urandom(12)
    master = _kdf(passphrase, salt)
    check = AESGCM(master).encrypt(nonce, _CHECK, _CHECK)
    text = "# coachcli: the salt and check value for this workspace's passphrase.\n"
    text += "# Keep it with the sessions; it holds no secret, but without it they cannot\n"
    text += "# be decrypted.\n"
    text += "\n".join(base64.b64encode(part).decode() for part in (salt, nonce, check))
    atomic_write(key_file, text + "\n", new=not replace)
    return master


def no_core_dumps() -> None:
    """A crash while a key is held writes no core file (which would hold the key and
    the notes): the core size limit is set to zero, where the platform has one."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    with contextlib.suppress(ValueError, OSError):  # a platform that refuses
        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))  # inherited by the editor too


def child_environment() -> dict[str, str]:
    """The environment for a child process (an editor): no passphrase in it."""
    return {name: value for name, value in os.environ.items() if name not in SECRET_VARIABLES}


def interrupted_change(root: Path) -> bool:
    return (root / NEXT_KEY).exists() or (root / OLD_KEY).exists()


MISSING_KEY = (
    "the key file {key} is missing, but this workspace holds encrypted files: copy"
    " .coachkey back from a backup of the workspace (a new key could not open them)"
)


def unlock(root: Path, passphrase: Passphrase) -> Cipher:
    """Derive the key for this workspace (making its key file on first use, only when
    no file is encrypted yet)."""
    no_core_dumps()
    if interrupted_change(root):
        raise CoachError(
            "a passphrase change was interrupted: run `coach passphrase change` again to finish it"
        )
    key_file = root / KEY_FILE
    if key_file.exists():
        master = open_key(key_file, passphrase(False))
        if master is None:
            raise CoachError("wrong passphrase for this workspace")
    else:
        if next(sealed_files(root), None) is not None:
            raise CoachError(MISSING_KEY.format(key=key_file))
        master = make_key(key_file, passphrase(True))
    return Cipher(root.resolve(), master)


# --- the files that may be sealed -----------------------------------------------------


def walk_files(root: Path) -> Iterator[Path]:
    """Every file under sessions/ and backups/ (hidden ones too; of hidden folders only
    ``.leases``, where a draft is kept when a save failed), wherever the folders
    physically live: links are followed, each folder once."""
    seen: set[str] = set()
    for name in ENCRYPTED_FOLDERS:
        for folder, folders, files in os.walk(root / name, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:
                folders[:] = []
                continue
            seen.add(real)
            folders[:] = sorted(f for f in folders if not f.startswith(".") or f == ".leases")
            yield from (Path(folder) / file for file in sorted(files))


def store_files(root: Path) -> Iterator[Path]:
    """Every file under sessions/ and backups/ that is sealed when encryption is on
    (leftovers of interrupted saves and other hidden files are not included)."""
    for path in walk_files(root):
        if not path.name.startswith(".") and path.name.endswith(SEALED_SUFFIXES):
            yield path


def is_sealed(path: Path) -> bool:
    return _head(path, len(MAGIC)) == MAGIC.encode()  # a pipe is not waited on


def sealed_files(root: Path) -> Iterator[Path]:
    return (path for path in store_files(root) if is_sealed(path))
