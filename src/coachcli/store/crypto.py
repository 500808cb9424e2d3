"""Optional encryption at rest for the session store (off unless coach.yaml turns it on).

No home-made cryptography: the ``cryptography`` library's AES-GCM, with a master key
derived once per run from the passphrase by scrypt (its salt in the workspace's
``.coachkey``), and a fresh key per file from HKDF with a random salt per file. A
wrong passphrase is caught by a check value in ``.coachkey``; a changed file fails
authentication.

Reading and writing go through :func:`seal` and :func:`unseal`, called by
``files.atomic_write`` and ``yamlio.read_text`` for YAML files inside the store.
"""

from __future__ import annotations

import base64
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from coachcli.errors import CoachError

MAGIC = "coachcli-encrypted: 1\n"
KEY_FILE = ".coachkey"
_ASSOCIATED = b"coachcli file v1"
_CHECK = b"coachcli passphrase check"


@dataclass
class _Active:
    folder: Path
    key: bytes


_active: _Active | None = None


def _kdf(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _file_key(master: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_ASSOCIATED).derive(master)


def _passphrase(confirm: bool) -> str:
    given = os.environ.get("COACH_PASSPHRASE")
    if given:
        return given
    if not sys.stdin.isatty():
        raise CoachError("this workspace is encrypted: set COACH_PASSPHRASE or run in a terminal")
    import getpass

    first = getpass.getpass("Passphrase for this workspace's sessions: ")
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        raise CoachError("the two passphrases differ; nothing was changed")
    if not first:
        raise CoachError("a passphrase is needed")
    return first


ENCRYPTED_FOLDERS = ("sessions", "backups")


def unlock(root: Path) -> None:
    """Derive the key for this workspace (making its key file on first use)."""
    global _active
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
        master = _kdf(_passphrase(confirm=False), salt)
        try:
            AESGCM(master).decrypt(nonce, check, _CHECK)
        except InvalidTag:
            raise CoachError("wrong passphrase for this workspace") from None
    else:
        salt, nonce = os.urandom(16), os.urandom(12)
        master = _kdf(_passphrase(confirm=True), salt)
        check = AESGCM(master).encrypt(nonce, _CHECK, _CHECK)
        text = "# coachcli: the salt and check value for this workspace's passphrase.\n"
        text += "# Keep it with the sessions; it holds no secret, but without it they cannot\n"
        text += "# be decrypted.\n"
        text += "\n".join(base64.b64encode(part).decode() for part in (salt, nonce, check))
        from coachcli.store.files import atomic_write

        atomic_write(key_file, text + "\n", new=True)
    _active = _Active(root.resolve(), master)


def lock() -> None:
    global _active
    _active = None


def applies(path: Path) -> bool:
    """Whether a file written at ``path`` is encrypted: YAML in sessions/ or backups/."""
    if _active is None or path.suffix != ".yaml":
        return False
    full = path.resolve()
    return any(full.is_relative_to(_active.folder / name) for name in ENCRYPTED_FOLDERS)


def seal(text: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert _active is not None
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_file_key(_active.key, salt)).encrypt(nonce, text.encode("utf-8"), _ASSOCIATED)
    body = base64.b64encode(salt + nonce + sealed).decode("ascii")
    lines = [body[i : i + 76] for i in range(0, len(body), 76)]
    return MAGIC + "\n".join(lines) + "\n"


def unseal(text: str, source: object) -> str:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if _active is None:
        raise CoachError(
            f"{source}: is encrypted, but encryption is not on in this workspace's coach.yaml"
        )
    try:
        raw = base64.b64decode("".join(text[len(MAGIC) :].split()), validate=True)
        salt, nonce, sealed = raw[:16], raw[16:28], raw[28:]
        plain = AESGCM(_file_key(_active.key, salt)).decrypt(nonce, sealed, _ASSOCIATED)
    except (ValueError, InvalidTag):
        raise CoachError(
            f"{source}: failed authentication: the file was changed or damaged"
        ) from None
    return plain.decode("utf-8")
