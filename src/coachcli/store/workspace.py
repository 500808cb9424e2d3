"""Which workspace is in use, and how a new one is made.

A workspace is a folder with ``coach.yaml``, ``frameworks/`` and ``sessions/``. It is
found, in order: ``--home``, ``COACH_HOME``, the nearest folder at or above the current
one holding ``coach.yaml``, then the user's data folder (made on first use).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli import portable
from coachcli.errors import CoachError
from coachcli.store.files import atomic_write, private_dir

if TYPE_CHECKING:
    from coachcli.records.settings import Config
    from coachcli.store.crypto import Cipher, Passphrase
    from coachcli.store.sessions import Store

CONFIG = "coach.yaml"
USER_DATA = "your user data folder (no coach.yaml here or above)"
"""Why the user's data folder is the workspace: nothing chose another."""
NEARBY = ("this folder holds coach.yaml", "found coach.yaml above")
"""How a reason begins when the workspace is the one in or above the current folder."""


@dataclass
class Workspace:
    root: Path
    reason: str
    _config: Config | None = None
    cipher: Cipher | None = None
    """The key, when ``coach.yaml`` turns encryption on (see ``open_workspace``)."""
    made: bool = False
    """Made by this run because it did not exist yet (the user data folder, on first use)."""

    @property
    def nearby(self) -> bool:
        """The workspace in or above the current folder (not --home, COACH_HOME or the
        user data folder): the one a coach expects without being told."""
        return self.reason.startswith(NEARBY)

    def store(self) -> Store:
        """The session store of this workspace, holding its key if it has one."""
        from coachcli.store.sessions import Store

        return Store(self.sessions_dir, self.cipher)

    @property
    def config(self) -> Config:
        """``coach.yaml``, validated (this imports pydantic: listings use ``encrypted``)."""
        if self._config is None:
            from coachcli.records.settings import read_config

            self._config = read_config(self.root / CONFIG)
        return self._config

    def encrypted(self) -> bool:
        """Whether ``coach.yaml`` turns encryption on.

        Answered from a small cache of the validated file while the file is unchanged,
        so the commands that answer from the index need not import pydantic.
        """
        if self._config is not None:
            return self._config.encryption
        return cached_encryption(self.root / CONFIG, lambda: self.config)

    def own_coach(self) -> str | None:
        """``coach`` from ``coach.yaml`` (the coach of this workspace), answered from the
        same cache as ``encrypted``."""
        if self._config is not None:
            return self._config.coach
        found = _cached(self.root / CONFIG, lambda: self.config).get("coach")
        return found if isinstance(found, str) else None

    def not_seen_after_days(self) -> int:
        """``not_seen_after_days`` from ``coach.yaml``, answered like ``encrypted``."""
        if self._config is not None:
            return self._config.not_seen_after_days
        found = _cached(self.root / CONFIG, lambda: self.config).get("not_seen_after_days")
        return found if isinstance(found, int) else 42

    @property
    def frameworks_dir(self) -> Path:
        return self.root / "frameworks"

    @property
    def sessions_dir(self) -> Path:
        return self.root / "sessions"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG


def default_frameworks_dir() -> Path:
    """The frameworks shipped with coachcli: in the wheel, or the checkout's own."""
    from coachcli.records.frameworks import shipped_dir

    return shipped_dir()


def cache_dir() -> Path:
    """The user's cache folder for coachcli (never synced; deleting it loses nothing)."""
    return portable.cache_dir()


def user_data_dir() -> Path:
    """The workspace used when no other is found (see ``locate``)."""
    return portable.user_data_dir()


def _find_upwards(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file():
            return folder
    return None


def locate(home: Path | None = None, cwd: Path | None = None) -> tuple[Path, str]:
    """The workspace folder to use, and why."""
    if home is not None:
        return home.expanduser().resolve(), "chosen with --home"
    env = os.environ.get("COACH_HOME")
    if env:
        return Path(env).expanduser().resolve(), "set by COACH_HOME"
    here = (cwd or Path.cwd()).resolve()
    found = _find_upwards(here)
    if found is not None:
        why = "this folder holds coach.yaml" if found == here else f"found coach.yaml above {here}"
        return found, why
    return user_data_dir(), USER_DATA


def open_workspace(home: Path | None = None, passphrase: Passphrase | None = None) -> Workspace:
    """Find the workspace; the user data folder is made on first use. When its
    ``coach.yaml`` turns encryption on, ``passphrase`` is asked for the key."""
    root, reason = locate(home)
    made = not (root / CONFIG).is_file()
    if made:
        if reason != USER_DATA and root.is_dir() and any(root.iterdir()):
            raise CoachError(f"{root} ({reason}) is not a coach workspace: run `coach init {root}`")
        init(root)
    workspace = Workspace(root, reason, made=made)
    if workspace.encrypted():
        from coachcli.store import crypto

        if passphrase is None:
            raise CoachError("this workspace is encrypted: set COACH_PASSPHRASE")
        workspace.cipher = crypto.unlock(root, passphrase)
    return workspace


@dataclass
class InitReport:
    root: Path
    created: bool
    copied: list[str]
    kept: list[str]
    tightened: int = 0
    """Files and folders others could change, made writable by their owner only."""


def init(root: Path, coach: str | None = None, school: str | None = None) -> InitReport:
    """Make a workspace at ``root``; never overwrite a file that is already there.

    The one exception is ``frameworks/schemas/``: JSON Schemas generated from the
    models, which nobody edits, are written when missing or out of date.
    """
    if root.exists() and not root.is_dir():
        raise CoachError(f"{root} is a file, not a folder")
    private_dir(root)
    created = not (root / CONFIG).exists()
    if created:
        from coachcli.records.settings import Config
        from coachcli.records.yamlio import dumps

        config = Config(coach=coach, school=school)
        text = "# coachcli workspace settings. See README: 'Where your data lives'.\n"
        atomic_write(root / CONFIG, text + dumps(config.model_dump()), mode=0o644)
    target = root / "frameworks"
    target.mkdir(exist_ok=True)
    copied, kept = [], []
    source = default_frameworks_dir()
    for path in sorted(source.glob("*.yaml")):
        destination = target / path.name
        if destination.exists():
            kept.append(path.name)
        else:
            shutil.copyfile(path, destination)
            copied.append(path.name)
    # The schemas are made from the models, never edited by hand: written when missing
    # or when this coachcli makes them differently, so editors check against them.
    from coachcli.records.schemas import write_schemas

    written = write_schemas(
        target / "schemas", lambda path, text: atomic_write(path, text, mode=0o644)
    )
    copied += [f"schemas/{name}" for name in written]
    private_dir(root / "sessions", tighten=True)
    tightened = _no_write_for_others(root)
    return InitReport(root, created, copied, kept, tightened)


SHARED = (CONFIG, "frameworks", "templates")
"""What others may read but never change: another user who could write here could plant
a template or a framework that every export and conversation would then use."""


def _no_write_for_others(root: Path) -> int:
    """Take group and other write off the workspace folder and everything in ``SHARED``
    (reading stays as it was; ``sessions/`` is already private). What cannot be changed
    (a file someone else owns) is left for `coach doctor` to name."""
    paths = [root]
    for name in SHARED:
        paths.append(root / name)
        for folder, dirs, files in os.walk(root / name):
            paths += [Path(folder, entry) for entry in (*dirs, *files)]
    tightened = 0
    for path in paths:
        mode = portable.mode_of(path)  # None on Windows: its folders' access lists rule
        if mode is not None and mode & 0o022:
            with contextlib.suppress(OSError):
                tightened += 1 if portable.chmod(path, mode & ~0o022) else 0
    return tightened


def cached_encryption(path: Path, validate: Callable[[], Config]) -> bool:
    """``encryption`` from a cache of the validated ``coach.yaml`` (in the user cache
    folder, keyed by the file's size and time); ``validate`` reads the file when the
    cache is missing or the file changed."""
    return bool(_cached(path, validate)["encryption"])


def _cached(path: Path, validate: Callable[[], Config]) -> dict[str, object]:
    """``encryption``, ``coach`` and ``not_seen_after_days`` of the validated
    ``coach.yaml``, remembered until the file changes."""
    from coachcli.store.remembered import remembered, stamp

    signature = stamp(path)
    if signature is None:
        return _needed(validate())

    def fits(answer: object) -> bool:
        return (
            isinstance(answer, dict)
            and isinstance(answer.get("encryption"), bool)
            and "coach" in answer
            and isinstance(answer.get("not_seen_after_days"), int)
        )

    return remembered("config", path, signature, lambda: _needed(validate()), fits)


def _needed(config: Config) -> dict[str, object]:
    """What the commands that answer from the index need of ``coach.yaml``."""
    return {
        "encryption": config.encryption,
        "coach": config.coach,
        "not_seen_after_days": config.not_seen_after_days,
    }
