"""A coaching session as it is kept on disk: one YAML file a person can read.

The file carries ``format_version`` (the format, not the app's version) so that old
files stay readable as the format grows. These pydantic models are the one schema of
the session and progress files; ``coach frameworks schema session`` prints it.

A record carries what it showed: every label a view prints (the role, the flow, the
bar item, criteria, evidence sources, practice places) is copied in when it is saved,
so reading a session never needs ``frameworks/`` and shows what the coach saw then.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from coachcli.records import formats
from coachcli.records.identity import ID_PATTERN, legacy_person_id
from coachcli.records.validation import Record, to_data
from coachcli.records.vocabulary import DEFAULT_STEM, OPEN_STATUSES, Kind, StepStatus, humane

Positive = Annotated[int, Field(ge=1)]

SESSION_FORMAT = formats.SESSION_FORMAT
"""The session format: its history is in ``records/formats.py``."""

PersonId = Annotated[str, Field(pattern=ID_PATTERN)]

Status = Literal["draft", "complete"]


def aware(moment: dt.datetime) -> dt.datetime:
    """A time written without a UTC offset (by hand) is taken as this computer's local
    time, so that every time in the store can be compared with every other."""
    return moment if moment.tzinfo is not None else moment.astimezone()


class Note(Record):
    prompt: str | None = None  # the question this note answers
    text: str
    private: bool = False  # private notes never leave this copy


class StageRecord(Record):
    title: str
    skill: str | None = None
    notes: list[Note] = Field(default_factory=list)


class Focus(Record):
    """The bar item in focus, copied so the file still reads well if the bar changes."""

    id: str
    title: str
    looks_like: str


class Goal(Record):
    """What the coachee wants, in their own words, and a measure about pupils: what will
    be different for them, where it is now, where it should get to and when to check."""

    own_words: str | None = None
    pupils: str | None = None
    baseline: str | None = None
    target: str | None = None
    check_by: dt.date | None = None

    def measured(self) -> bool:
        return bool(self.pupils)


class Evidence(Record):
    source: str
    source_name: str | None = None
    seen: str
    to_collect: bool = False  # still to be collected
    collector: str | None = None  # who collects it (to_collect only)
    due: dt.date | None = None  # by when
    bar_item: str | None = None

    @property
    def source_label(self) -> str:
        return self.source_name or humane(self.source)


class PracticePlan(Record):
    place: str | None = None
    place_name: str | None = None
    when: str | None = None
    observer: str | None = None
    feedback: str | None = None
    due: dt.date | None = None

    def complete(self) -> bool:
        return None not in (self.place, self.when, self.observer, self.feedback)

    @property
    def place_label(self) -> str | None:
        return self.place_name or self.place


class Rehearsal(Record):
    """A step practised in the room: seen (modelled), named (its key moves), done (the
    rounds, with feedback between them) and what changed from the first to the last."""

    session: str  # the session it happened in
    seen: str | None = None
    moves: str | None = None
    rounds: Annotated[int, Field(ge=1, le=99)] = 1
    changed: str | None = None


class CriterionCheck(Record):
    """One criterion of the set a step was checked against, and whether it is met."""

    id: str
    name: str | None = None
    met: bool

    @property
    def label(self) -> str:
        return self.name or humane(self.id)


class ActionStep(Record):
    id: str  # stable across sessions, so follow-up can track it
    text: str
    criteria: list[CriterionCheck] = Field(default_factory=list)
    criteria_set: str | None = None
    criteria_set_name: str | None = None
    hints: list[str] = Field(default_factory=list)  # weak-step hints shown
    earlier_wordings: list[str] = Field(default_factory=list)
    kept_because: str | None = None  # why it was kept although it misses some criteria
    checked: bool = False  # hints and criteria are settled
    practice: PracticePlan | None = None
    status: StepStatus = "not_started"
    started_in: str | None = None  # the session where it began
    carried_from: str | None = None  # the session it was carried from
    rehearsals: list[Rehearsal] = Field(default_factory=list)
    library: str | None = None  # the library step it was chosen from (steps.yaml)

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def criterion(self, criterion_id: str) -> CriterionCheck | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def unmet(self) -> list[CriterionCheck]:
        return [c for c in self.criteria if not c.met]


class StepReview(Record):
    """Follow-up of one earlier step, in the meeting or recorded between meetings."""

    step: str
    status: StepStatus
    evidence: str | None = None  # practice seen since last time
    feedback: str | None = None  # the feedback given after an observation
    reflection: str | None = None  # what they learned about themselves


class ProgressRecord(Record):
    """Progress recorded between meetings (`coach followup NAME --record`), kept apart."""

    format_version: Positive = SESSION_FORMAT
    coachee: str
    coachee_id: PersonId
    recorded: dt.datetime
    after_session: str
    steps: list[StepReview]

    @field_validator("recorded")
    @classmethod
    def _local(cls, value: dt.datetime) -> dt.datetime:
        return aware(value)

    def to_data(self) -> dict[str, Any]:
        return to_data(self)


class Close(Record):
    strengths: str | None = None
    coachee_summary: str | None = None
    next_meeting: dt.date | None = None
    asked: list[str] = Field(default_factory=list)


class Pending(Record):
    """Text typed but not yet entered when a session stopped, offered again on resume."""

    question: str
    text: str


class Session(Record):
    format_version: Positive = SESSION_FORMAT
    id: str
    status: Status = "draft"
    number: Positive  # this coachee's 1st, 2nd, 3rd ... session
    coachee: str
    coachee_id: PersonId  # who they are, whatever their name (never changes)
    role: str | None = None
    role_name: str | None = None
    coach: str | None = None
    kind: Kind | None = None
    flow: str
    flow_title: str | None = None
    date: dt.date
    started: dt.datetime
    ended: dt.datetime | None = None
    frameworks: dict[str, dict[str, Any]] = Field(default_factory=dict)
    focus: Focus | None = None
    goal: Goal | None = None  # the coachee's own goal, and a measure about pupils
    goal_now: str | None = None  # at follow-up: where last time's measure is now
    stem: str | None = None  # what each action step begins with, from conversation.yaml
    follows: str | None = None  # the session before this one
    revision: Positive = 1  # amendments after the meeting add one
    amended: dt.datetime | None = None
    stages: dict[str, StageRecord] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    followup: list[StepReview] = Field(default_factory=list)
    action_steps: list[ActionStep] = Field(default_factory=list)
    close: Close = Field(default_factory=Close)
    stage_index: Annotated[int, Field(ge=0)] = 0  # where a draft stopped
    pending: Pending | None = None

    @field_validator("started", "ended", "amended")
    @classmethod
    def _local(cls, value: dt.datetime | None) -> dt.datetime | None:
        return aware(value) if value is not None else None

    @property
    def role_label(self) -> str:
        return self.role_name or humane(self.role) or "no role"

    @property
    def flow_label(self) -> str:
        return self.flow_title or humane(self.flow)

    @property
    def first_name(self) -> str:
        parts = self.coachee.split()
        return parts[0] if parts else self.coachee

    @property
    def step_stem(self) -> str:
        """The stem this session's steps were written with (DEFAULT_STEM for files from
        before sessions saved one)."""
        return self.stem or DEFAULT_STEM

    def says(self, step: ActionStep) -> str:
        """A step as a sentence: "Tom will be able to …", as it was agreed."""
        return f"{self.first_name} {self.step_stem} {step.text}"

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


def migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 kept criteria as ``{id: met}`` and no labels: criteria become a list;
    labels stay empty (views show the id) until `coach migrate` fills them from the
    workspace's frameworks."""
    for step in data.get("action_steps") or []:
        if isinstance(step, dict) and isinstance(step.get("criteria"), dict):
            step["criteria"] = [{"id": k, "met": v} for k, v in step["criteria"].items()]
    return data


def migrate_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Format 3 saves the action-step stem a session used; an older file has none and
    keeps none (``Session.step_stem`` shows the stem every session used until then)."""
    return data


def migrate_3_to_4(data: dict[str, Any]) -> dict[str, Any]:
    """Format 4 records who a file is about (``coachee_id``). Before it, a person was
    their name: an older file gets the id every file with that name gets, so the people
    an older coachcli told apart stay apart, and no two names are merged."""
    name = data.get("coachee")
    if "coachee_id" not in data and isinstance(name, str):
        data["coachee_id"] = legacy_person_id(name)
    return data


def migrate_4_to_5(data: dict[str, Any]) -> dict[str, Any]:
    """Format 5 may say why a step that misses some criteria was kept as it is
    (``kept_because``). An older file says nothing: its steps were saved before the
    coach was asked, so none gets a reason it was never given."""
    return data


def migrate_5_to_6(data: dict[str, Any]) -> dict[str, Any]:
    """Format 6 may hold the coachee's goal and a pupil measure, who collects evidence
    and by when, rehearsals and the feedback given after an observation. An older file
    holds none of them, and none is made up for it."""
    return data


def migrate_6_to_7(data: dict[str, Any]) -> dict[str, Any]:
    """Format 7 may say which library step an action step was chosen from. An older
    file's steps were all written by hand."""
    return data
