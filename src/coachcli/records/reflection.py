"""The coach's own development: a reflection on their practice, kept as a file of its
own beside the sessions (``sessions/_reflections/``), and the words a school gives the
reflection in ``skills.yaml`` (its rating scale and questions).

A reflection names a coachee only by the id of the session it looks back on, never by
name; `coach forget` removes even that (``store/reflections.py``). Its format has a
version of its own, separate from the session format: a file from a newer coachcli is
refused with "upgrade".
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from coachcli.records.validation import Record, to_data

REFLECTION_FORMAT = 1
"""The newest reflection file format this coachcli writes and reads. 1: the first."""

Words = Annotated[str, Field(min_length=1)]


# --- what skills.yaml says about reflecting ---------------------------------------------


class ScalePoint(Record):
    value: Annotated[int, Field(ge=1, le=9)]
    words: Words  # what this point means, e.g. "Mostly"


class ReflectionWords(Record):
    """How a coach looks back at their own practice (`coach reflect`)."""

    scale: Annotated[list[ScalePoint], Field(min_length=2, max_length=7)]
    offer: Words  # the yes/no at the close of a session
    intro: Words
    rate: Words  # asked of each quality and skill, after its own question
    skip: Words  # the menu choice that leaves one unrated
    note: Words
    next: Words  # one thing to work on next
    own_skill: Words = Field(
        description="The question for a skill without its own `reflect`. May use {skill}.",
        json_schema_extra={"placeholders": ["skill"]},
    )
    open_words: Annotated[list[Words], Field(min_length=1)]
    """First words of an open question the coach wrote themselves (what, how, …)."""
    closed_words: Annotated[list[Words], Field(min_length=1)]
    """First words of a closed one (is, do, did, can, …)."""

    @model_validator(mode="after")
    def _counted(self) -> ReflectionWords:
        values = [point.value for point in self.scale]
        if values != list(range(1, len(values) + 1)):
            raise ValueError("scale: the points must be numbered 1, 2, 3 … in order")
        both = {w.casefold() for w in self.open_words} & {w.casefold() for w in self.closed_words}
        if both:
            raise ValueError(f"{sorted(both)[0]!r} is in both open_words and closed_words")
        return self

    def scale_line(self) -> str:
        return ", ".join(f"{p.value} {p.words}" for p in self.scale)


# --- a reflection file ------------------------------------------------------------------


class Rating(Record):
    """One quality or skill as the coach saw it in their own practice."""

    id: str
    name: str  # as it was named when the coach reflected
    rating: Annotated[int, Field(ge=1, le=9)] | None = None  # None: skipped
    note: str | None = None


class SkillNotes(Record):
    id: str
    name: str
    notes: Annotated[int, Field(ge=0)]


class Questions(Record):
    """The coach's questions in the session, judged as open or closed."""

    from_banks: Annotated[int, Field(ge=0)] = 0  # picked from a stage's or skill's bank: open
    own_open: Annotated[int, Field(ge=0)] = 0
    own_closed: Annotated[int, Field(ge=0)] = 0
    own_unsure: Annotated[int, Field(ge=0)] = 0  # a first word on neither list

    @property
    def open(self) -> int:
        return self.from_banks + self.own_open

    @property
    def judged(self) -> int:
        return self.open + self.own_closed


class PracticeEvidence(Record):
    """What the session's own record shows of the coach's practice: counts and yes/no
    answers only, never the words of a note."""

    notes_by_skill: list[SkillNotes] = Field(default_factory=list)
    questions: Questions = Field(default_factory=Questions)
    own_summary: bool = False  # the coachee summed up in their own words
    own_goal: bool = False  # the coachee's goal in their own words
    steps: Annotated[int, Field(ge=0)] = 0  # new steps agreed
    steps_met: Annotated[int, Field(ge=0)] = 0  # meeting every criterion
    steps_kept: Annotated[int, Field(ge=0)] = 0  # kept with a reason
    rehearsal: bool = False

    def lines(self, *, short: bool = False) -> list[str]:
        """The evidence in plain sentences, as the screen and the export say it;
        ``short`` names each skill by its id (one line at 80 columns)."""
        named = [(s.id if short else s.name, s.notes) for s in self.notes_by_skill]
        noted = [f"{name} ({count})" for name, count in named if count]
        silent = [name for name, count in named if not count]
        q = self.questions
        lines = [
            f"Recorded, by skill: {', '.join(noted) or 'none'}"
            + (f"; nothing for {', '.join(silent)}" if silent else ""),
            f"Open questions: {q.open} of {q.judged}"
            + (f" ({q.from_banks} from the banks)" if q.from_banks else "")
            + (f"; {q.own_unsure} of your own not judged" if q.own_unsure else ""),
            "Their own summary: " + ("recorded" if self.own_summary else "not recorded"),
            "Their own goal: " + ("recorded" if self.own_goal else "not recorded"),
        ]
        if self.steps:
            unsettled = self.steps - self.steps_met - self.steps_kept
            lines.append(
                f"Steps: {self.steps_met} of {self.steps} met every criterion"
                + (f", {self.steps_kept} kept with a reason" if self.steps_kept else "")
                + (f", {unsettled} neither" if unsettled else "")
            )
        else:
            lines.append("Steps: no new step agreed")
        lines.append("Rehearsal: " + ("yes, in the room" if self.rehearsal else "none"))
        return lines


class Reflection(Record):
    format_version: Annotated[int, Field(ge=1)] = REFLECTION_FORMAT
    id: str  # also the file's name: <date>-<time>-<4 hex>
    reflected: dt.datetime
    session: str | None = None  # the session looked back on; None: a general reflection
    session_date: dt.date | None = None
    skills_revision: str | None = None  # the skills.yaml edition the questions came from
    scale: list[str]  # the words of each point, 1 first, as the coach saw them
    evidence: PracticeEvidence | None = None
    qualities: list[Rating] = Field(default_factory=list)
    skills: list[Rating] = Field(default_factory=list)
    next: str | None = None  # one thing to work on next

    @field_validator("reflected")
    @classmethod
    def _local(cls, value: dt.datetime) -> dt.datetime:
        return value if value.tzinfo is not None else value.astimezone()

    @model_validator(mode="after")
    def _on_scale(self) -> Reflection:
        for rating in [*self.qualities, *self.skills]:
            if rating.rating is not None and rating.rating > len(self.scale):
                raise ValueError(f"{rating.id}: rating {rating.rating} is beyond the scale")
        return self

    @property
    def date(self) -> dt.date:
        return self.reflected.date()

    def ratings(self) -> list[Rating]:
        return [*self.qualities, *self.skills]

    def texts(self) -> list[str]:
        """Every piece of free text the coach wrote in it."""
        found = [r.note for r in self.ratings() if r.note]
        return [*found, self.next] if self.next else found

    def to_data(self) -> dict[str, Any]:
        return to_data(self)
