"""`coach passphrase change`: every sealed file encrypted again with a new passphrase,
all or nothing, and finished by running it again if it was interrupted.

At every moment each file opens with the old passphrase or the new one:

1. **Prepare.** Both passphrases are checked and every sealed file under sessions/ and
   backups/ is opened with the old key (one that does not open stops it here, with
   nothing written). The new key goes to ``.coachkey.next``, and each file's new
   version to a hidden ``.NAME.rekey`` beside it. The files themselves are untouched:
   a crash leaves the store as it was, and the next run starts again.
2. **Commit.** ``.coachkey`` is copied to ``.coachkey.old``, then ``.coachkey.next``
   is renamed over ``.coachkey`` (one atomic step).
3. **Finish.** Each ``.NAME.rekey`` is renamed over its file (each rename atomic),
   then ``.coachkey.old`` is removed. A crash here is finished by the next run.

While ``.coachkey.next`` or ``.coachkey.old`` is there, other commands refuse to open
the workspace (``crypto.unlock``), and the change holds the store's lock throughout.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.portable import replace
from coachcli.store import crypto
from coachcli.store.files import atomic_write, fsync_dir
from coachcli.store.sessions import Store

REKEY = ".rekey"


@dataclass
class ChangeReport:
    files: int
    """Files encrypted again with the new passphrase."""
    resumed: bool
    """An interrupted change was finished."""


def sibling(path: Path) -> Path:
    """Where the new version of a sealed file waits for the commit."""
    return path.with_name(f".{path.name}{REKEY}")


def _siblings(root: Path) -> Iterator[Path]:
    for path in crypto.walk_files(root):
        if path.name.startswith(".") and path.name.endswith(REKEY):
            yield path


def change(root: Path, old: Callable[[], str], new: Callable[[], str]) -> ChangeReport:
    """Change the passphrase of the workspace at ``root`` (see the module's text)."""
    crypto.no_core_dumps()
    key, pending, previous = (root / n for n in (crypto.KEY_FILE, crypto.NEXT_KEY, crypto.OLD_KEY))
    if not key.exists():
        if next(crypto.sealed_files(root), None) is not None:
            raise CoachError(crypto.MISSING_KEY.format(key=key))
        raise CoachError(
            "this workspace has no passphrase yet: set `encryption: true` in coach.yaml"
            " and run `coach migrate`"
        )
    with Store(root / "sessions").locked():
        if previous.exists() and not pending.exists():
            _check(previous, old(), "wrong passphrase for this workspace")
            _check(key, new(), "that is not the new passphrase of the interrupted change")
            return ChangeReport(_finish(root), resumed=True)
        _discard(root)
        given = old()
        master = _check(key, given, "wrong passphrase for this workspace")
        wanted = new()
        if wanted == given:
            raise CoachError("the new passphrase is the same as the old one; nothing was changed")
        opened = crypto.Cipher(root.resolve(), master)
        texts = [
            (p, opened.unseal(p.read_text(encoding="ascii"), p)) for p in crypto.sealed_files(root)
        ]
        renewed = crypto.Cipher(root.resolve(), crypto.make_key(pending, wanted))
        for path, text in texts:
            atomic_write(sibling(path), renewed.seal(text))
        atomic_write(previous, key.read_text(encoding="ascii"))
        replace(pending, key)  # the commit: from here the new passphrase is the one
        fsync_dir(root)
        return ChangeReport(_finish(root), resumed=False)


def _check(key_file: Path, passphrase: str, wrong: str) -> bytes:
    master = crypto.open_key(key_file, passphrase)
    if master is None:
        raise CoachError(wrong)
    return master


def _discard(root: Path) -> None:
    """Drop what an uncommitted change left (the files were never touched), and the
    temporary files of its writes if it was killed in one."""
    for path in _siblings(root):
        path.unlink(missing_ok=True)
    for name in (crypto.NEXT_KEY, crypto.OLD_KEY):
        (root / name).unlink(missing_ok=True)
    leftovers = [
        p for p in crypto.walk_files(root) if f"{REKEY}." in p.name and p.name.endswith(".tmp")
    ]
    for path in [*leftovers, *root.glob(f".{crypto.KEY_FILE}*.tmp")]:
        path.unlink(missing_ok=True)


def _finish(root: Path) -> int:
    """Put each file's new version in its place, then drop the old key."""
    count = 0
    folders = set()
    for path in list(_siblings(root)):
        target = path.with_name(path.name[1 : -len(REKEY)])
        replace(path, target)
        folders.add(path.parent)
        count += 1
    for folder in folders:
        fsync_dir(folder)
    with contextlib.suppress(FileNotFoundError):
        (root / crypto.OLD_KEY).unlink()
    fsync_dir(root)
    return count
