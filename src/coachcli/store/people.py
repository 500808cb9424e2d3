"""Each person's steps as of now, and the store's summary, derived from the session files
and progress records (nothing is stored twice).

A step keeps its id from the session where it began, so its life can be followed across
sessions. The summary (listing rows and each person's standing) is what the index keeps
per folder; ``overview`` serves it from the index where nothing changed. Nothing here
imports pydantic until a file must be read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from coachcli.errors import CoachError
from coachcli.records.vocabulary import OPEN_STATUSES, STATUS_LABELS, StepStatus
from coachcli.store import index
from coachcli.store.index import SessionRow, SetStep, Standing, Summary
from coachcli.store.names import PERSON_NAME, id_of, is_copy
from coachcli.store.reading import newest_format, read_any
from coachcli.store.roster import person_spells, read_card
from coachcli.store.sessions import Store

if TYPE_CHECKING:
    from coachcli.records.person import PersonRecord
    from coachcli.records.session import ActionStep, ProgressRecord, Session, StepReview
    from coachcli.store.crypto import Cipher


COPY = -1
"""The format `_read_folder` gives a copy of a file under another name."""


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
        return self.status in OPEN_STATUSES

    @property
    def due(self) -> dt.date | None:
        return self.step.practice.due if self.step.practice else None


@dataclass(frozen=True)
class Who:
    """One person as the store knows them: their id, the name in their latest session,
    and the folders holding their files."""

    id: str
    name: str
    role: str | None = None
    folders: tuple[str, ...] = ()
    last_session: dt.date | None = None
    archived: dt.date | None = None
    due: dt.date | None = None  # the soonest of their next meeting and open steps' dues
    coaches: tuple[tuple[dt.date, str], ...] = ()  # who coached them from when, oldest first

    @classmethod
    def of(cls, one: Standing) -> Who:
        folders = tuple(one.folders)
        dates = [day for day in (one.next_meeting, *one.dues) if day is not None]
        due = min(dates, default=None)
        found = (one.last_session, one.archived, due, tuple(one.coaches))
        return cls(one.coachee_id, one.name, one.role, folders, *found)


@dataclass
class Person:
    name: str
    id: str
    sessions: list[Session]
    records: list[ProgressRecord]
    card: PersonRecord | None = None
    """Their person record (archived, handovers), if one was ever written."""
    unread: str | None = None
    """Why their person record could not be read, if it could not."""

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


def person(store: Store, who: Who) -> Person:
    """Everything about one person, by their id (a namesake's files are never read in).
    A person record that cannot be read is said in ``unread``, not raised: their
    sessions still open (`coach doctor` names the file)."""
    found = Person(
        who.name, who.id, store.sessions(who.id, who.name), store.progress(who.id, who.name)
    )
    try:
        found.card = read_card(store, who.id, who.name)
    except CoachError as problem:
        found.unread = str(problem)
    return found


def standing(who: Person, folder: str) -> Standing:
    last = who.last
    assert last is not None
    return Standing(
        name=who.name,
        coachee_id=who.id,
        folders=[folder],
        role=last.role,
        last_session=last.date,
        next_meeting=who.next_meeting(),
        dues=[state.due for state in who.open_steps()],
        archived=who.card.archived if who.card else None,
        coaches=[(day, coach) for day, coach, _ in person_spells(who.sessions, who.card)],
    )


@dataclass
class Folder:
    """What one folder of the store holds, read."""

    sessions: list[tuple[Session, str, int]]
    """Each with its file name and the format it was written in, oldest first."""
    records: list[ProgressRecord]
    cards: list[PersonRecord]
    problems: list[tuple[str, str, int]]
    """Files that could not be read, are in an old format or are copies under another
    name (name, one line or "", format; a copy's format is -1)."""

    def people(self) -> list[Person]:
        """Everyone with a finished session here."""
        unread = {name: line for name, line, _ in self.problems if PERSON_NAME.match(name)}
        found = _people([s for s, _, _ in self.sessions], self.records, self.cards)
        for who in found:  # a record of theirs that could not be read: said in the brief
            who.unread = unread.get(f"person-{who.id}.yaml")
        return found


def _read_folder(
    folder: Path, names: list[str], *, strict: bool, cipher: Cipher | None = None
) -> Folder:
    """Every file of one folder of the store. ``strict`` stops at the first unreadable
    session or progress record (a person record that cannot be read is only noted: the
    sessions still say everything that matters in a meeting). A copy is left out, never
    read as a second session."""
    from coachcli.records.person import PersonRecord
    from coachcli.records.session import ProgressRecord

    read = Folder([], [], [], [])
    for name in names:
        try:
            item, written = read_any(folder / name, cipher)
        except CoachError as problem:
            if strict and not PERSON_NAME.match(name):
                raise
            read.problems.append((name, str(problem), 0))
            continue
        if is_copy(name.rsplit("/", 1)[-1], item):
            read.problems.append((name, "", COPY))
            continue
        if isinstance(item, ProgressRecord):
            read.records.append(item)
        elif isinstance(item, PersonRecord):
            read.cards.append(item)
        else:
            read.sessions.append((item, name, written))
            continue
        if written < newest_format(item):
            read.problems.append((name, "", written))
    read.sessions.sort(key=lambda found: (found[0].started, found[0].number))
    return read


def _people(
    sessions: list[Session], records: list[ProgressRecord], cards: list[PersonRecord]
) -> list[Person]:
    """Everyone with a finished session among these files (one folder's worth)."""
    people: dict[str, list[Session]] = {}
    for session in sessions:
        if session.status == "complete":
            people.setdefault(session.coachee_id, []).append(session)
    found = []
    for key, theirs in people.items():
        own = sorted((r for r in records if r.coachee_id == key), key=lambda r: r.recorded)
        card = next((c for c in cards if c.coachee_id == key), None)
        found.append(Person(theirs[-1].coachee, key, theirs, own, card))
    return found


def summarise(folder: Path, names: list[str], cipher: Cipher | None = None) -> Summary:
    """The listing rows and each person's standing for one folder of the store.

    A file that cannot be read is left out and named in ``problems``, so one damaged
    file does not stop the dashboard; `coach doctor` and the listings report it."""
    read = _read_folder(folder, names, strict=False, cipher=cipher)
    prefix = f"{folder.name}/"
    now = _steps_now([s for s, _, _ in read.sessions], read.records)
    rows = []
    unread = read.problems
    for s, name, written in read.sessions:
        items = [s.focus.id] if s.focus else []
        items += [e.bar_item for e in s.evidence if e.bar_item and e.bar_item not in items]
        rows.append(
            SessionRow(
                id=s.id,
                status=s.status,
                number=s.number,
                coachee=s.coachee,
                coachee_id=s.coachee_id,
                date=s.date,
                started=s.started,
                focus_id=s.focus.id if s.focus else None,
                focus=s.focus.title if s.focus else None,
                steps=len(s.action_steps),
                file=prefix + name,
                written=written,
                bar_items=items,
                role=s.role,
                role_name=s.role_name,
                coach=s.coach,
                set_steps=[_set_step(step, now[s.coachee_id, step.id]) for step in s.new_steps()]
                if s.status == "complete"
                else [],
            )
        )
    return Summary(
        rows=rows,
        people=[standing(who, folder.name) for who in read.people()],
        problems=[(prefix + name, line) for name, line, _ in unread if line],
        old_format=[prefix + name for name, line, w in unread if not line and w != COPY],
        copies=[prefix + name for name, _, written in unread if written == COPY],
    )


def _steps_now(
    sessions: list[Session], records: list[ProgressRecord]
) -> dict[tuple[str, str], tuple[ActionStep, str]]:
    """Each step of a finished session, by person and step id, as it stands now: the
    step as its last session saved it, and its status after any progress recorded
    since that session."""
    now: dict[tuple[str, str], tuple[ActionStep, str, str]] = {}
    for session in sessions:
        if session.status == "complete":
            for step in session.action_steps:
                now[session.coachee_id, step.id] = (step, step.status, session.id)
    for record in sorted(records, key=attrgetter("recorded")):
        for review in record.steps:
            found = now.get((record.coachee_id, review.step))
            if found is not None and found[2] == record.after_session:
                now[record.coachee_id, review.step] = (found[0], review.status, found[2])
    return {key: (step, status) for key, (step, status, _) in now.items()}


def _set_step(first: ActionStep, now: tuple[ActionStep, str]) -> SetStep:
    latest, status = now
    return SetStep(
        status=status,
        due=latest.practice.due if latest.practice else None,
        library=first.library,
        missed=[c.label for c in first.unmet()],
        kept=bool(first.kept_because and first.unmet()),
        agreed=first.status != "dropped",
    )


Tick = Callable[[int], None]


def overview(store: Store, tick: Tick | None = None) -> list[Summary]:
    """Every folder of the store, summarised; served from the index where nothing changed."""
    if store.cipher is None:
        return index.summaries(store.folder, summarise, tick, use_index=store.indexed)
    read = functools.partial(summarise, cipher=store.cipher)
    return index.summaries(store.folder, read, tick, use_index=False)


def session_rows(summaries: list[Summary]) -> list[SessionRow]:
    """Every session and draft, newest first; a draft whose session was finished (a run
    killed between the two writes) is left out: the finished session is the record."""
    rows = [row for summary in summaries for row in summary.rows]
    done = {row.id for row in rows if row.status == "complete"}
    rows = [row for row in rows if row.status == "complete" or row.id not in done]
    if len({row.id for row in rows}) < len(rows):  # one session in two folders: a copy
        rows = list({row.id: row for row in reversed(rows)}.values())[::-1]
    rows.reverse()  # each folder's rows are in order, so equal start times stay in order
    return sorted(rows, key=attrgetter("started"), reverse=True)


def standings(summaries: list[Summary]) -> list[Standing]:
    """Everyone coached here (one standing per person, by id, with every folder that
    holds their files), the most recently coached first."""
    found: dict[str, Standing] = {}
    for summary in summaries:
        for one in summary.people:
            known = found.get(one.coachee_id)
            if known is not None:
                folders = sorted({*known.folders, *one.folders})
                if known.last_session > one.last_session:
                    one = known
                archived = one.archived or known.archived  # the record is in one of them
                one = msgspec.structs.replace(one, folders=folders, archived=archived)
            found[one.coachee_id] = one
    return sorted(found.values(), key=lambda p: p.last_session, reverse=True)


def coachees(store: Store) -> list[Who]:
    """Everyone coached here, with the role they had last time."""
    return [Who.of(one) for one in standings(overview(store))]


def find_session(store: Store, wanted: str) -> Path:
    """The file of a session or draft, by its id or a unique part of it.

    An exact id is looked up in the index as it stands (the file is checked to be
    there); anything else refreshes the index first, so a partial id is unique across
    the whole store as it is now."""
    wanted = wanted.strip().removesuffix(".yaml")
    if store.cipher is not None and re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{4}", wanted):
        from coachcli.store.anonymise import Renamer

        wanted = Renamer(store.cipher).session(wanted)  # an id from before encryption
    guessed = store.guess(wanted)
    if guessed is not None:
        return guessed
    if not store.indexed:
        return store.find_path(wanted)
    if wanted:
        for row in index.cached_rows(store.folder):
            if row.id == wanted and (store.folder / row.file).is_file():
                return store.folder / row.file
    summaries = overview(store)
    files = {row.file: row.id for row in session_rows(summaries)}
    for summary in summaries:  # a damaged file is found too: reading it says what is wrong
        files.update({name: id_of(name) for name, _ in summary.problems})
    exact = [name for name, found in files.items() if found == wanted]
    matches = exact or [name for name in files if wanted and wanted in name.rsplit("/", 1)[-1]]
    if not matches:
        raise CoachError(f"no session with id {wanted!r}; `coach session list` shows them")
    if len({files[name] for name in matches}) > 1:
        shown = ", ".join(sorted({files[name] for name in matches})[:5])
        raise CoachError(f"{wanted!r} matches several sessions: {shown}")
    return store.folder / matches[0]
