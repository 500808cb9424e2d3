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
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coachcli.errors import CoachError

MAGIC = "coachcli-encrypted: 1\n"
KEY_FILE = ".coachkey"
_ASSOCIATED = b"coachcli file v1"
_CHECK = b"coachcli passphrase check"


ENCRYPTED_FOLDERS = ("sessions", "backups")
Passphrase = Callable[[bool], str]
"""Asks for the passphrase; the argument says whether to ask twice (a new key file)."""


@dataclass(frozen=True)
class Cipher:
    """The key of one workspace, held by its store and passed to whoever reads or writes
    its files (never kept in a module)."""

    folder: Path
    key: bytes = field(repr=False)

    def applies(self, path: Path) -> bool:
        """Whether a file written at ``path`` is encrypted: YAML in sessions/ or backups/."""
        if path.suffix != ".yaml":
            return False
        full = path.resolve()
        return any(full.is_relative_to(self.folder / name) for name in ENCRYPTED_FOLDERS)

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


def _kdf(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _file_key(master: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_ASSOCIATED).derive(master)


def unlock(root: Path, passphrase: Passphrase) -> Cipher:
    """Derive the key for this workspace (making its key file on first use)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key_file = root / KEY_FILE
    if key_file.exists():
        lines = key_file.read_text(encoding="ascii").split()
        try:
            salt, nonce, check = (base64.b64decode(part) for part in lines[-3:])
        except ValueError:
            raise CoachError(
                f"{key_file} is damaged; without it encrypted files cannot be read"
            ) from None
        master = _kdf(passphrase(False), salt)
        try:
            AESGCM(master).decrypt(nonce, check, _CHECK)
        except InvalidTag:
            raise CoachError("wrong passphrase for this workspace") from None
    else:
        salt, nonce = os.urandom(16), os.urandom(12)
        master = _kdf(passphrase(True), salt)
        check = AESGCM(master).encrypt(nonce, _CHECK, _CHECK)
        text = "# coachcli: the salt and check value for this workspace's passphrase.\n"
        text += "# Keep it with the sessions; it holds no secret, but without it they cannot\n"
        text += "# be decrypted.\n"
        text += "\n".join(base64.b64encode(part).decode() for part in (salt, nonce, check))
        from coachcli.store.files import atomic_write

        atomic_write(key_file, text + "\n", new=True)
    return Cipher(root.resolve(), master)
