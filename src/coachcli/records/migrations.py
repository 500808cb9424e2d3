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
from coachcli.records.numbers import format_problem, whole_number

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def migrations() -> dict[int, Migration]:
    """``migrations()[n]`` turns format ``n`` data into format ``n + 1`` (imported when
    a file needs it: the steps live beside the models they lead to)."""
    from coachcli.records.session import (
        migrate_1_to_2,
        migrate_2_to_3,
        migrate_3_to_4,
        migrate_4_to_5,
        migrate_5_to_6,
        migrate_6_to_7,
    )

    return {
        1: migrate_1_to_2,
        2: migrate_2_to_3,
        3: migrate_3_to_4,
        4: migrate_4_to_5,
        5: migrate_5_to_6,
        6: migrate_6_to_7,
    }


def upgrade(data: dict[str, Any], source: object) -> dict[str, Any]:
    """Bring older session data up to the current format, one step at a time."""
    from coachcli.records.session import SESSION_FORMAT

    problem = format_problem(data.get("format_version"), SESSION_FORMAT, "session ")
    if problem is not None:
        newer = problem.startswith("was written")
        raise FileProblem(source, problem + ("; the file was left untouched" if newer else ""))
    version = whole_number(data.get("format_version"))
    assert version is not None  # format_problem said so
    while version < SESSION_FORMAT:
        data = migrations()[version](data)
        version += 1
        data["format_version"] = version
    return data
