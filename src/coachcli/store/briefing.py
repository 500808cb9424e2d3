"""What `coach followup NAME` shows of one person, as the index keeps it (a derived copy
of their files: never notes), in its own module beside the index that caches it."""

from __future__ import annotations

import datetime as dt

import msgspec


class BriefStep(msgspec.Struct, kw_only=True, array_like=True):
    """One open step as the brief shows it."""

    id: str
    text: str
    status: str
    due: dt.date | None
    place: str | None
    when: str | None
    observer: str | None
    feedback: str | None
    since: str | None
    """Practice seen since the session (recorded between meetings)."""
    reflection: str | None
    history: list[tuple[dt.date, str]]
    kept: str | None = None
    """The criteria it missed and why it was kept as it was, when it was."""


class BriefEvidence(msgspec.Struct, kw_only=True, array_like=True):
    """Evidence still to collect: what, its source's label, who collects it, by when."""

    seen: str
    source: str
    collector: str | None
    due: dt.date | None


class BriefGoal(msgspec.Struct, kw_only=True, array_like=True):
    """The coachee's own goal and the pupil measure, and where it was last said to be."""

    own_words: str | None
    pupils: str | None
    baseline: str | None
    target: str | None
    check_by: dt.date | None
    now: str | None


class Brief(msgspec.Struct, kw_only=True, array_like=True):
    """What `coach followup NAME` shows of one person, derived from their files."""

    name: str
    coachee_id: str
    role: str | None
    role_label: str
    sessions: int
    last_session: dt.date
    next_meeting: dt.date | None
    focus_id: str | None
    focus: str | None
    looks_like: str | None
    steps: list[BriefStep]
    goal: BriefGoal | None
    to_collect: list[BriefEvidence]
    celebrated: str | None
    stem: str
    """The words each step begins with, as the session saved them."""
    archived: dt.date | None = None
    coaches: list[tuple[dt.date, str, bool]] = msgspec.field(default_factory=list)
    """Who coached them from when (and whether a handover said so), oldest first."""
    unread: str | None = None
    """Why their person record could not be read (the brief is shown without it)."""
