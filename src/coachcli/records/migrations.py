"""Older session files brought up to the current format, one step at a time.

Each step is a function from format ``n`` data to format ``n + 1`` data (plain dicts,
before validation), kept forever: a file written by any earlier coachcli still reads.
A file from a newer coachcli is refused with "upgrade", never misread. To change the
format: bump ``SESSION_FORMAT`` in ``records/session.py``, add the step here, and add a
``tests/fixtures/format-N/`` folder written by the version before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coachcli.errors import FileProblem

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def migrations() -> dict[int, Migration]:
    """``migrations()[n]`` turns format ``n`` data into format ``n + 1`` (imported when
    a file needs it: the steps live beside the models they lead to)."""
    from coachcli.records.session import migrate_1_to_2, migrate_2_to_3, migrate_3_to_4

    return {1: migrate_1_to_2, 2: migrate_2_to_3, 3: migrate_3_to_4}


def upgrade(data: dict[str, Any], source: object) -> dict[str, Any]:
    """Bring older session data up to the current format, one step at a time."""
    from coachcli.records.session import SESSION_FORMAT

    version = data.get("format_version")
    if isinstance(version, str) and version.isdigit():
        version = int(version)
    if not isinstance(version, int) or version < 1:
        raise FileProblem(source, "format_version: missing or not a whole number")
    if version > SESSION_FORMAT:
        raise FileProblem(
            source,
            f"was written by a newer coachcli (session format {version}; this one reads up to"
            f" {SESSION_FORMAT}): upgrade coachcli; the file was left untouched",
        )
    while version < SESSION_FORMAT:
        data = migrations()[version](data)
        version += 1
        data["format_version"] = version
    return data
