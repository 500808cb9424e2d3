"""What the workspace keeps about a person beyond their sessions: whether they are
archived (they left, or their coaching finished) and when another coach took them on.

One small file per person, ``person-<id>.yaml`` in their folder, with its own format
version (separate from the sessions'): archiving or handing someone over never
rewrites a session. The file is told from a session or a progress record by its key
``record: person``, never by its name or folder.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from coachcli.errors import FileProblem
from coachcli.records.formats import PERSON_FORMAT
from coachcli.records.numbers import format_problem, whole_number
from coachcli.records.session import PersonId, Positive, aware
from coachcli.records.validation import Record

MARK = "person"
"""The value of ``record`` that says a file is a person record."""

CoachName = Annotated[str, Field(min_length=1, max_length=100)]


class Handover(Record):
    """From ``from`` on, ``coach`` coaches this person."""

    coach: CoachName
    from_: dt.date = Field(alias="from")
    recorded: dt.datetime

    @field_validator("recorded")
    @classmethod
    def _local(cls, value: dt.datetime) -> dt.datetime:
        return aware(value)


class PersonRecord(Record):
    """`coach archive` and `coach handover` for one person (their sessions say the rest)."""

    format_version: Positive = PERSON_FORMAT
    record: Literal["person"] = "person"
    coachee: str
    """Their name when this was last written (for a person reading the file)."""
    coachee_id: PersonId
    archived: dt.date | None = None
    """The day they were archived: off the dashboard, their record kept."""
    handovers: list[Handover] = Field(default_factory=list)
    """Oldest first, as recorded."""

    def empty(self) -> bool:
        """Nothing left to keep: the file can go."""
        return self.archived is None and not self.handovers

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        if not data.get("handovers"):
            data.pop("handovers", None)
        return data


def is_person_record(data: dict[str, Any]) -> bool:
    return data.get("record") == MARK


def upgrade_person(data: dict[str, Any], source: object) -> dict[str, Any]:
    """Bring an older person record up to the current format; refuse a newer one."""
    problem = format_problem(data.get("format_version"), PERSON_FORMAT, "person record ")
    if problem is not None:
        newer = problem.startswith("was written")
        raise FileProblem(source, problem + ("; the file was left untouched" if newer else ""))
    version = whole_number(data.get("format_version"))
    assert version is not None  # format_problem said so
    # No older format yet: a step from format n to n + 1 goes here when one is added.
    data["format_version"] = max(version, PERSON_FORMAT)
    return data
