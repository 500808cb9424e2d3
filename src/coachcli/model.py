"""A coaching session as it is kept on disk: one YAML file a person can read.

The file carries ``format_version`` (the format, not the app's version) so that old
files stay readable as the format grows.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from msgspec import Meta, field

from coachcli.validation import Record, to_data

Kind = Literal["leadership", "instructional"]
"""The two kinds of coaching: of leaders, and of teaching."""

Positive = Annotated[int, Meta(ge=1)]

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


def aware(moment: dt.datetime) -> dt.datetime:
    """A time written without a UTC offset (by hand) is taken as this computer's local
    time, so that every time in the store can be compared with every other."""
    return moment if moment.tzinfo is not None else moment.astimezone()


class Note(Record, kw_only=True):
    prompt: str | None = None  # the question this note answers
    text: str
    private: bool = False  # private notes never leave this copy


class StageRecord(Record, kw_only=True):
    title: str
    skill: str | None = None
    notes: list[Note] = field(default_factory=list)


class Focus(Record, kw_only=True):
    """The bar item in focus, copied so the file still reads well if the bar changes."""

    id: str
    title: str
    looks_like: str


class Evidence(Record, kw_only=True):
    source: str
    seen: str
    to_collect: bool = False  # still to be collected
    bar_item: str | None = None


class PracticePlan(Record, kw_only=True):
    place: str | None = None
    when: str | None = None
    observer: str | None = None
    feedback: str | None = None
    due: dt.date | None = None

    def complete(self) -> bool:
        return None not in (self.place, self.when, self.observer, self.feedback)


class ActionStep(Record, kw_only=True):
    id: str  # stable across sessions, so follow-up can track it
    text: str
    criteria: dict[str, bool] = field(default_factory=dict)
    criteria_set: str | None = None
    hints: list[str] = field(default_factory=list)  # weak-step hints shown
    earlier_wordings: list[str] = field(default_factory=list)
    checked: bool = False  # hints and criteria are settled
    practice: PracticePlan | None = None
    status: StepStatus = "not_started"
    started_in: str | None = None  # the session where it began
    carried_from: str | None = None  # the session it was carried from

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class StepReview(Record, kw_only=True):
    """Follow-up of one earlier step, in the meeting or recorded between meetings."""

    step: str
    status: StepStatus
    evidence: str | None = None  # practice seen since last time
    reflection: str | None = None  # what they learned about themselves


class ProgressRecord(Record, kw_only=True):
    """Progress recorded between meetings (`coach followup NAME --record`), kept apart."""

    format_version: Positive = SESSION_FORMAT
    coachee: str
    recorded: dt.datetime
    after_session: str
    steps: list[StepReview]

    def __post_init__(self) -> None:
        self.recorded = aware(self.recorded)

    def to_data(self) -> dict[str, Any]:
        return to_data(self)


class Close(Record, kw_only=True):
    strengths: str | None = None
    coachee_summary: str | None = None
    next_meeting: dt.date | None = None
    asked: list[str] = field(default_factory=list)


class Pending(Record, kw_only=True):
    """Text typed but not yet entered when a session stopped, offered again on resume."""

    question: str
    text: str


class Session(Record, kw_only=True):
    format_version: Positive = SESSION_FORMAT
    id: str
    status: Status = "draft"
    number: Positive  # this coachee's 1st, 2nd, 3rd ... session
    coachee: str
    role: str | None = None
    coach: str | None = None
    kind: Kind | None = None
    flow: str
    date: dt.date
    started: dt.datetime
    ended: dt.datetime | None = None
    frameworks: dict[str, dict[str, Any]] = field(default_factory=dict)
    focus: Focus | None = None
    follows: str | None = None  # the session before this one
    revision: Positive = 1  # amendments after the meeting add one
    amended: dt.datetime | None = None
    stages: dict[str, StageRecord] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    followup: list[StepReview] = field(default_factory=list)
    action_steps: list[ActionStep] = field(default_factory=list)
    close: Close = field(default_factory=Close)
    stage_index: Annotated[int, Meta(ge=0)] = 0  # where a draft stopped
    pending: Pending | None = None

    def __post_init__(self) -> None:
        self.started = aware(self.started)
        self.ended = aware(self.ended) if self.ended else None
        self.amended = aware(self.amended) if self.amended else None

    def new_steps(self) -> list[ActionStep]:
        return [step for step in self.action_steps if step.carried_from is None]

    def carried_steps(self) -> list[ActionStep]:
        return [step for step in self.action_steps if step.carried_from is not None]

    def to_data(self) -> dict[str, Any]:
        """Plain data for YAML, in a readable order, leaving out empty optional parts."""
        data = to_data(self)
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
