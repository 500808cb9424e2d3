"""Who is still coached here and by whom: each person's record file (archived, handovers;
``records/person.py``), read and changed through the store's lock and its atomic,
sealed writing, and who coached a person when, from the coach each session recorded
and the handovers.

The file lives in the person's own folder, named by their id, so the index sees a
change at once (it is one of the folder's files), `coach forget` erases it with the
person (it carries their id), and no file name holds a name. Nothing here imports
pydantic until a file is read or written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.records.identity import same_person
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.names import person_file
from coachcli.store.reading import file_text, read_person
from coachcli.store.sessions import Store

if TYPE_CHECKING:
    from coachcli.records.person import PersonRecord
    from coachcli.records.session import Session

CoachSpell = tuple[dt.date, str, bool]
"""When a coach began with a person, who, and whether a handover said so (else their
first session did)."""


def _found(store: Store, coachee_id: str, name: str) -> Path | None:
    for folder in store.folders_of(coachee_id, name):
        path = store.folder / folder / person_file(coachee_id)
        if path.is_file():
            return path
    return None


def read_card(store: Store, coachee_id: str, name: str) -> PersonRecord | None:
    """The person's record, or None when nothing was ever archived or handed over."""
    path = _found(store, coachee_id, name)
    return None if path is None else read_person(path, store.cipher)


def archived_on(store: Store, coachee_id: str, name: str) -> dt.date | None:
    """The day the person was archived, for `session show`: None when they are not, or
    when their record cannot be read (`coach doctor` says why)."""
    try:
        card = read_card(store, coachee_id, name)
    except CoachError:
        return None
    return card.archived if card else None


def change(
    store: Store, coachee_id: str, name: str, edit: Callable[[PersonRecord], None]
) -> PersonRecord:
    """Read, ``edit`` and save the person's record under the store's lock, so that two
    commands at once cannot lose each other's change. A record left with nothing in it
    is removed: undoing everything leaves no file behind."""
    from coachcli.records.person import PersonRecord

    with store.locked():
        path = _found(store, coachee_id, name)
        if path is None:
            path = store.person_folder(coachee_id, name) / person_file(coachee_id)
            card = PersonRecord(coachee=name, coachee_id=coachee_id)
        else:
            card = read_person(path, store.cipher)
        edit(card)
        card.coachee = name
        if card.empty():
            path.unlink(missing_ok=True)
        else:
            text = file_text(card)  # validated before anything is written
            private_dir(path.parent)
            atomic_write(path, text, cipher=store.cipher)
    return card


def archive(store: Store, coachee_id: str, name: str, day: dt.date) -> dt.date | None:
    """Archive the person from ``day``; the day they were archived already, if they were
    (nothing is changed then)."""
    before: list[dt.date | None] = []

    def edit(card: PersonRecord) -> None:
        before.append(card.archived)
        card.archived = card.archived or day

    change(store, coachee_id, name, edit)
    return before[0]


def unarchive(store: Store, coachee_id: str, name: str) -> dt.date | None:
    """Bring the person back; the day they had been archived (None: they were not)."""
    before: list[dt.date | None] = []

    def edit(card: PersonRecord) -> None:
        before.append(card.archived)
        card.archived = None

    change(store, coachee_id, name, edit)
    return before[0]


def hand_over(store: Store, coachee_id: str, name: str, coach: str, day: dt.date) -> None:
    """Record that ``coach`` coaches the person from ``day``."""
    from coachcli import clock
    from coachcli.records.person import Handover

    def edit(card: PersonRecord) -> None:
        card.handovers.append(Handover(coach=coach, from_=day, recorded=clock.now()))

    change(store, coachee_id, name, edit)


def take_back(store: Store, coachee_id: str, name: str) -> tuple[dt.date, str]:
    """Remove the handover recorded last; its day and coach."""
    taken: list[tuple[dt.date, str]] = []

    def edit(card: PersonRecord) -> None:
        if not card.handovers:
            raise CoachError(f"no handover is recorded for {name}; nothing was changed")
        at, last = max(enumerate(card.handovers), key=lambda one: (one[1].recorded, one[0]))
        del card.handovers[at]
        taken.append((last.from_, last.coach))

    change(store, coachee_id, name, edit)
    return taken[0]


def coach_name(typed: str) -> str:
    """A coach's name as typed on the command line: one line of ordinary text."""
    name = " ".join(typed.split())
    if not name:
        raise CoachError("--to: the coach's name is needed")
    if any(not ch.isprintable() for ch in name):
        raise CoachError("--to: a coach's name may hold only ordinary characters")
    if len(name) > 100:
        raise CoachError("--to: a coach's name may be at most 100 characters")
    return name


def spells(
    sessions: Iterable[tuple[dt.date, str | None]], handovers: Iterable[tuple[dt.date, str]]
) -> list[CoachSpell]:
    """Who coached a person when, oldest first: a new spell begins with a handover, or
    with a session held by a coach other than the one before. A handover counts from
    the start of its day, after any session that day (the meeting that handed over)."""
    events = [(day, 0, coach) for day, coach in sessions if coach]
    events += [(day, 1, coach) for day, coach in handovers]
    found: list[CoachSpell] = []
    for day, kind, coach in sorted(events, key=lambda e: (e[0], e[1])):
        if found and same_person(found[-1][1], coach):
            continue
        found.append((day, coach, kind == 1))
    return found


def person_spells(sessions: list[Session], card: PersonRecord | None) -> list[CoachSpell]:
    """Who coached a person when: the coach each of their ``sessions`` recorded, and
    the handovers on their ``card``."""
    latest = {h.from_: h.coach for h in card.handovers} if card else {}  # a day's last word
    return spells(((s.date, s.coach) for s in sessions), sorted(latest.items()))


@dataclass(frozen=True)
class Coaching:
    """Who coaches a person on a given day, and who takes over later, if anyone."""

    now: CoachSpell | None
    next: CoachSpell | None

    @classmethod
    def on(cls, found: list[CoachSpell], day: dt.date) -> Coaching:
        begun = [spell for spell in found if spell[0] <= day]
        later = [spell for spell in found if spell[0] > day]
        return cls(begun[-1] if begun else None, later[0] if later else None)
