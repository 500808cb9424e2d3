"""Which workspace is in use, and how a new one is made.

A workspace is a folder with ``coach.yaml``, ``frameworks/`` and ``sessions/``. It is
found, in order: ``--home``, ``COACH_HOME``, the nearest folder at or above the current
one holding ``coach.yaml``, then the user's data folder (made on first use).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from coachcli.errors import CoachError, FileProblem
from coachcli.files import atomic_write, private_dir
from coachcli.validation import Record, convert
from coachcli.yamlio import dumps, load

CONFIG = "coach.yaml"
CONFIG_FORMAT = 1


class Config(Record, kw_only=True):
    """``coach.yaml``: who coaches here and the workspace's defaults."""

    format_version: Annotated[int, Meta(ge=1, le=CONFIG_FORMAT)] = CONFIG_FORMAT
    coach: str | None = None
    school: str | None = None
    next_meeting_days: Annotated[int, Meta(ge=1, le=366)] = 14
    default_flow: str = "full"
    encryption: bool = False

    def __post_init__(self) -> None:
        self.coach = self.coach.strip() if self.coach else self.coach
        self.school = self.school.strip() if self.school else self.school


@dataclass
class Workspace:
    root: Path
    reason: str
    config: Config = field(default_factory=Config)

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
    here = Path(__file__).resolve()
    packaged = here.parent / "frameworks"
    return packaged if packaged.is_dir() else here.parents[2] / "frameworks"


def user_data_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path("coachcli", appauthor=False)


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
    return user_data_dir(), "your user data folder (no coach.yaml here or above)"


def read_config(path: Path) -> Config:
    source = load(path)
    if not isinstance(source.data, dict):
        raise FileProblem(path, "must be a mapping of keys", 1)
    return convert(Config, source.data, path, source)


def open_workspace(home: Path | None = None) -> Workspace:
    """Find the workspace; the user data folder is made on first use."""
    root, reason = locate(home)
    if not (root / CONFIG).is_file():
        if reason.startswith("your user data"):
            init(root)
        elif root.is_dir() and any(root.iterdir()):
            raise CoachError(f"{root} ({reason}) is not a coach workspace: run `coach init {root}`")
        else:
            init(root)
    workspace = Workspace(root, reason, read_config(root / CONFIG))
    if workspace.config.encryption:
        from coachcli import crypto

        crypto.unlock(root)
    return workspace


@dataclass
class InitReport:
    root: Path
    created: bool
    copied: list[str]
    kept: list[str]


def init(root: Path, coach: str | None = None, school: str | None = None) -> InitReport:
    """Make a workspace at ``root``; never overwrite a file that is already there."""
    if root.exists() and not root.is_dir():
        raise CoachError(f"{root} is a file, not a folder")
    private_dir(root)
    created = not (root / CONFIG).exists()
    if created:
        config = Config(coach=coach, school=school)
        text = "# coachcli workspace settings. See README: 'Where your data lives'.\n"
        atomic_write(root / CONFIG, text + dumps(msgspec.to_builtins(config)), mode=0o644)
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
    private_dir(root / "sessions", tighten=True)
    return InitReport(root, created, copied, kept)
