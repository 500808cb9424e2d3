"""``coach.yaml``: who coaches here and the workspace's defaults, as a pydantic model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator

from coachcli.errors import FileProblem
from coachcli.records.validation import Record, convert
from coachcli.records.yamlio import load

CONFIG_FORMAT = 1


class Config(Record):
    """``coach.yaml``: who coaches here and the workspace's defaults."""

    format_version: Annotated[int, Field(ge=1, le=CONFIG_FORMAT)] = CONFIG_FORMAT
    coach: str | None = None
    school: str | None = None
    next_meeting_days: Annotated[int, Field(ge=1, le=366)] = 14
    default_flow: str = "full"
    encryption: bool = False

    @field_validator("coach", "school")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if value else value


def read_config(path: Path) -> Config:
    source = load(path)
    if not isinstance(source.data, dict):
        raise FileProblem(path, "must be a mapping of keys", 1)
    return convert(Config, source.data, path, source)
