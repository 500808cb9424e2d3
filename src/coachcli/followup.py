"""What was agreed, and what is due: the state of each coachee's action steps.

Everything here is derived from the session files and progress records; nothing is
stored twice. A step keeps its id from the session where it began, so its life can be
followed across sessions.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from coachcli import index
from coachcli.errors import CoachError
from coachcli.index import SessionRow, Standing, Summary
from coachcli.model import (
    STATUS_LABELS,
    ActionStep,
    ProgressRecord,
    Session,
    StepReview,
    StepStatus,
)
from coachcli.store import Store, person_key, read_any, same_person, slug

SOON_DAYS = 7
"""A step or meeting within this many days counts as due."""


def relative(day: dt.date, today: dt.date) -> str:
    """``today``, ``tomorrow``, ``in 5 days``, ``3 days ago``."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def when(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "no date"
    return f"{day:%a} {day.day} {day:%b %Y} ({relative(day, today)})"


@dataclass
class Event:
    day: dt.date
    text: str


@dataclass
class StepState:
    """One step from the latest session, with what has happened to it since."""

    step: ActionStep
    status: StepStatus
    latest: StepReview | None = None
    history: list[Event] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in ("not_started", "practising")

    @property
    def due(self) -> dt.date | None:
        return self.step.practice.due if self.step.practice else None


@dataclass
class Person:
    name: str
    sessions: list[Session]
    records: list[ProgressRecord]

    @property
    def last(self) -> Session | None:
        return self.sessions[-1] if self.sessions else None

    def steps(self) -> list[StepState]:
        """Every step of the latest session, with its status as of now."""
        last = self.last
        if last is None:
            return []
        since = [r for r in self.records if r.after_session == last.id]
        states = []
        for step in last.action_steps:
            state = StepState(step, step.status, history=self.history(step.id))
            for record in since:
                for review in record.steps:
                    if review.step == step.id:
                        state.status, state.latest = review.status, review
            states.append(state)
        return states

    def open_steps(self) -> list[StepState]:
        return [state for state in self.steps() if state.is_open]

    def history(self, step_id: str) -> list[Event]:
        events = []
        for session in self.sessions:
            label = f"session {session.number}"
            for review in session.followup:
                if review.step == step_id:
                    events.append(Event(session.date, f"{label}: {STATUS_LABELS[review.status]}"))
            for step in session.action_steps:
                if step.id == step_id and step.carried_from is None:
                    events.append(Event(session.date, f"set in {label}"))
        for record in self.records:
            for review in record.steps:
                if review.step == step_id:
                    text = f"recorded: {STATUS_LABELS[review.status]}"
                    if review.evidence:
                        text += f" ({review.evidence})"
                    events.append(Event(record.recorded.date(), text))
        return sorted(events, key=lambda e: e.day)

    def next_meeting(self) -> dt.date | None:
        return self.last.close.next_meeting if self.last else None


def person(store: Store, name: str) -> Person:
    return Person(name, store.sessions(name), store.progress(name))


def resolve_person(store: Store, wanted: str) -> str:
    """The coachee a typed name means: case, accents, a first name or a start will do.

    A full name is found from its own folder, without looking at anyone else's files.
    """
    typed = " ".join(wanted.split())
    own = list(store.session_files(typed))
    if own:
        name = store.read(own[-1]).coachee
        if slug(name) == slug(typed):
            return name
    people = list(coachees(store))
    tests: list[Callable[[str], bool]] = [
        lambda p: same_person(p, typed),
        lambda p: slug(p) == slug(typed),
        lambda p: slug(p).startswith(slug(typed)),
        lambda p: slug(typed) in slug(p),
    ]
    for test in tests:
        found = [p for p in people if test(p)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CoachError(f"{wanted!r} could be {', '.join(found)}: type more of the name")
    if not people:
        raise CoachError("nobody has been coached in this workspace yet")
    close = difflib.get_close_matches(typed, people, n=3, cutoff=0.4) or people[:3]
    raise CoachError(f"nobody called {wanted!r}; closest: {', '.join(close)}")


def standing(who: Person) -> Standing:
    last = who.last
    assert last is not None
    return Standing(
        name=who.name,
        role=last.role,
        last_session=last.date,
        next_meeting=who.next_meeting(),
        dues=[state.due for state in who.open_steps()],
    )


def summarise(folder: Path, names: list[str], tick: Callable[[], None] | None) -> Summary:
    """The listing rows and each person's standing for one folder of the store."""
    sessions: list[Session] = []
    records: list[ProgressRecord] = []
    for name in names:
        if tick:
            tick()
        item, _ = read_any(folder / name)
        if isinstance(item, ProgressRecord):
            records.append(item)
        else:
            sessions.append(item)
    sessions.sort(key=lambda s: (s.started, s.number))
    rows = [
        SessionRow(
            id=s.id,
            status=s.status,
            number=s.number,
            coachee=s.coachee,
            date=s.date,
            started=s.started,
            focus_id=s.focus.id if s.focus else None,
            focus=s.focus.title if s.focus else None,
            steps=len(s.action_steps),
        )
        for s in sessions
    ]
    people: dict[str, list[Session]] = {}
    for session in sessions:
        if session.status == "complete":
            people.setdefault(person_key(session.coachee), []).append(session)
    standings = []
    for key, theirs in people.items():
        own = sorted((r for r in records if person_key(r.coachee) == key), key=lambda r: r.recorded)
        standings.append(standing(Person(theirs[-1].coachee, theirs, own)))
    return Summary(rows=rows, people=standings)


def overview(store: Store, tick: Callable[[], None] | None = None) -> list[Summary]:
    """Every folder of the store, summarised; served from the index where nothing changed."""
    return index.summaries(store.folder, lambda folder, names: summarise(folder, names, tick))


def session_rows(store: Store, tick: Callable[[], None] | None = None) -> list[SessionRow]:
    """Every session and draft, newest first."""
    rows = [row for summary in overview(store, tick) for row in summary.rows]
    rows.reverse()  # each folder's rows are in order, so equal start times stay in order
    return sorted(rows, key=attrgetter("started"), reverse=True)


def standings(store: Store, tick: Callable[[], None] | None = None) -> list[Standing]:
    """Everyone coached here, the most recently coached first."""
    found: dict[str, Standing] = {}
    for summary in overview(store, tick):
        for one in summary.people:
            known = found.get(person_key(one.name))
            if known is None or known.last_session <= one.last_session:
                found[person_key(one.name)] = one
    return sorted(found.values(), key=lambda p: p.last_session, reverse=True)


def coachees(store: Store) -> dict[str, str | None]:
    """Everyone coached here, with the role they had last time."""
    return {one.name: one.role for one in standings(store)}


@dataclass
class Row:
    """One line of the follow-up dashboard."""

    name: str
    role: str | None
    last_session: dt.date | None
    next_meeting: dt.date | None
    open_steps: int
    due_steps: int
    overdue_steps: int
    days_since: int | None
    state: str
    """``overdue``, ``due`` (within a week), ``later`` or ``none``."""
    first_date: dt.date | None

    @classmethod
    def of(cls, one: Standing, today: dt.date) -> Row:
        dues = [d for d in one.dues if d is not None]
        dates = sorted([*dues, one.next_meeting] if one.next_meeting else dues)
        first = dates[0] if dates else None
        if first is None:
            state = "none"
        elif first < today:
            state = "overdue"
        elif (first - today).days <= SOON_DAYS:
            state = "due"
        else:
            state = "later"
        return cls(
            name=one.name,
            role=one.role,
            last_session=one.last_session,
            next_meeting=one.next_meeting,
            open_steps=len(one.dues),
            due_steps=sum(1 for d in dues if 0 <= (d - today).days <= SOON_DAYS),
            overdue_steps=sum(1 for d in dues if d < today),
            days_since=(today - one.last_session).days,
            state=state,
            first_date=first,
        )

    def sort_key(self) -> tuple[int, dt.date, str]:
        order = {"overdue": 0, "due": 1, "later": 2, "none": 3}[self.state]
        return order, self.first_date or dt.date.max, self.name.casefold()


def dashboard(store: Store, today: dt.date, tick: Callable[[], None] | None = None) -> list[Row]:
    """Everyone coached here: overdue first, then due soonest, then the rest."""
    return sorted((Row.of(one, today) for one in standings(store, tick)), key=Row.sort_key)
