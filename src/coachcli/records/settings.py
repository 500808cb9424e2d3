"""``coach.yaml``: who coaches here and the workspace's defaults, as a pydantic model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator

from coachcli.errors import FileProblem
from coachcli.records.numbers import format_problem
from coachcli.records.validation import Record, convert
from coachcli.records.yamlio import load

CONFIG_FORMAT = 2
"""Format 2 added ``retention_months``, ``cloud_sync_intended`` and
``not_seen_after_days``; a format 1 file reads unchanged (each has a default), and is
never rewritten: ``coach.yaml`` is the school's own text, comments and all."""


class Config(Record):
    """``coach.yaml``: who coaches here and the workspace's defaults."""

    format_version: Annotated[int, Field(ge=1)] = CONFIG_FORMAT
    coach: str | None = None
    school: str | None = None
    next_meeting_days: Annotated[int, Field(ge=1, le=366)] = 14
    default_flow: str = "full"
    encryption: bool = False
    retention_months: Annotated[int, Field(ge=1, le=1200)] | None = None
    """How long sessions are kept: `coach forget --before` and `coach doctor` use it.
    None (the default) keeps everything until the school decides."""
    cloud_sync_intended: bool = False
    """True when the school means the workspace to sit in a cloud-synced folder
    (OneDrive, iCloud Drive, Dropbox, Google Drive): doctor then stops warning."""
    not_seen_after_days: Annotated[int, Field(ge=1, le=3660)] = 42
    """The overview names people not seen for longer than this."""

    @field_validator("coach", "school")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if value else value


def read_config(path: Path) -> Config:
    source = load(path)
    if not isinstance(source.data, dict):
        raise FileProblem(path, "must be a mapping of keys", 1)
    problem = format_problem(source.data.get("format_version", 1), CONFIG_FORMAT, "coach.yaml ")
    if problem is not None:
        raise FileProblem(path, problem)
    return convert(Config, source.data, path, source)
