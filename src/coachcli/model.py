"""A coaching session as it is kept on disk: one YAML file a person can read.

The file carries ``format_version`` (the format, not the app's version) so that old
files stay readable as the format grows.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from coachcli.frameworks import Kind

SESSION_FORMAT = 1
"""The newest session file format this version of coachcli writes and reads."""

Status = Literal["draft", "complete"]
StepStatus = Literal["not_started", "practising", "achieved", "dropped"]
OPEN_STATUSES = ("not_started", "practising")
STATUS_LABELS = {
    "not_started": "not started",
    "practising": "practising",
    "achieved": "achieved",
    "dropped": "dropped",
}

PLACES: dict[str, list[tuple[str, str]]] = {
    "leadership": [
        ("team_meeting", "A team meeting they lead"),
        ("staff_meeting", "A staff meeting"),
        ("pd_session", "A professional development session"),
        ("classroom_observation", "A classroom observation they carry out"),
        ("coaching_conversation", "A coaching conversation they hold"),
        ("plc", "A professional learning community (PLC)"),
    ],
    "instructional": [
        ("classroom", "In the classroom, in a lesson"),
        ("planning", "In their planning"),
        ("rehearsal", "Rehearsed with you in a coaching session"),
    ],
}


def place_label(place: str | None) -> str | None:
    """The readable name of a practice place id (free text is shown as typed)."""
    for options in PLACES.values():
        for value, label in options:
            if value == place:
                return label
    return place


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Note(_Model):
    prompt: str | None = Field(default=None, description="The question this note answers.")
    text: str
    private: bool = Field(default=False, description="Private notes never leave this copy.")


class StageRecord(_Model):
    title: str
    skill: str | None = None
    notes: list[Note] = Field(default_factory=list)


class Focus(_Model):
    """The bar item in focus, copied so the file still reads well if the bar changes."""

    id: str
    title: str
    looks_like: str


class Evidence(_Model):
    source: str
    seen: str
    to_collect: bool = Field(default=False, description="Still to be collected.")
    bar_item: str | None = None


class PracticePlan(_Model):
    place: str | None = None
    when: str | None = None
    observer: str | None = None
    feedback: str | None = None
    due: dt.date | None = None

    def complete(self) -> bool:
        return None not in (self.place, self.when, self.observer, self.feedback)


class ActionStep(_Model):
    id: str = Field(description="Stable across sessions, so follow-up can track it.")
    text: str
    criteria: dict[str, bool] = Field(default_factory=dict)
    criteria_set: str | None = None
    hints: list[str] = Field(default_factory=list, description="Weak-step hints shown.")
    earlier_wordings: list[str] = Field(default_factory=list)
    checked: bool = Field(default=False, description="Hints and criteria are settled.")
    practice: PracticePlan | None = None
    status: StepStatus = "not_started"
    started_in: str | None = Field(default=None, description="Session where it began.")
    carried_from: str | None = Field(default=None, description="Session it was carried from.")

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class StepReview(_Model):
    """Follow-up of one earlier step, in the meeting or recorded between meetings."""

    step: str
    status: StepStatus
    evidence: str | None = Field(default=None, description="Practice seen since last time.")
    reflection: str | None = Field(default=None, description="What they learned about themselves.")


class ProgressRecord(_Model):
    """Progress recorded between meetings (`coach followup NAME --record`), kept apart."""

    format_version: Annotated[int, Field(ge=1)] = SESSION_FORMAT
    coachee: str
    recorded: dt.datetime
    after_session: str
    steps: list[StepReview]

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class Close(_Model):
    strengths: str | None = None
    coachee_summary: str | None = None
    next_meeting: dt.date | None = None
    asked: list[str] = Field(default_factory=list)


class Pending(_Model):
    """Text typed but not yet entered when a session stopped, offered again on resume."""

    question: str
    text: str


class Session(_Model):
    format_version: Annotated[int, Field(ge=1)] = SESSION_FORMAT
    id: str
    status: Status = "draft"
    number: int = Field(ge=1, description="This coachee's 1st, 2nd, 3rd ... session.")
    coachee: str
    role: str | None = None
    coach: str | None = None
    kind: Kind | None = None
    flow: str
    date: dt.date
    started: dt.datetime
    ended: dt.datetime | None = None
    frameworks: dict[str, dict[str, Any]] = Field(default_factory=dict)
    focus: Focus | None = None
    follows: str | None = Field(default=None, description="The session before this one.")
    revision: int = Field(default=1, ge=1, description="Amendments after the meeting add one.")
    amended: dt.datetime | None = None
    stages: dict[str, StageRecord] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    followup: list[StepReview] = Field(default_factory=list)
    action_steps: list[ActionStep] = Field(default_factory=list)
    close: Close = Field(default_factory=Close)
    stage_index: int = Field(default=0, ge=0, description="Where a draft stopped.")
    pending: Pending | None = None

    def new_steps(self) -> list[ActionStep]:
        return [step for step in self.action_steps if step.carried_from is None]

    def carried_steps(self) -> list[ActionStep]:
        return [step for step in self.action_steps if step.carried_from is not None]

    def to_data(self) -> dict[str, Any]:
        """Plain data for YAML, in a readable order, leaving out empty optional parts."""
        data = self.model_dump(mode="json", exclude_none=True)
        for step in data.get("action_steps", []):
            if not step.get("earlier_wordings"):
                step.pop("earlier_wordings", None)
        if self.status == "complete":
            data.pop("stage_index", None)
            data.pop("pending", None)
            data["close"].pop("asked", None)
            for step in data.get("action_steps", []):
                step.pop("checked", None)
        return data
