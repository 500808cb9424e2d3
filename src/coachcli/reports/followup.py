"""What is due, and one person's brief: the follow-up dashboard and `coach followup NAME`.

Both answer from the index: the dashboard from each person's standing, the brief from a
cache of that person's folder alone, so it takes the same time however large the store.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.records.identity import same_person
from coachcli.reports.labels import dated
from coachcli.store import index
from coachcli.store.briefing import Brief, BriefEvidence, BriefGoal, BriefStep
from coachcli.store.index import Standing, Summary
from coachcli.store.names import slug
from coachcli.store.people import (
    Person,
    Who,
    _read_folder,
    overview,
    person,
    session_rows,
    standings,
)
from coachcli.store.roster import person_spells
from coachcli.store.sessions import Store

if TYPE_CHECKING:
    from coachcli.records.session import ActionStep

SOON_DAYS = 7
"""A step or meeting within this many days counts as due."""


def resolve_person(store: Store, wanted: str) -> Who:
    """The person a typed name means: case, accents, a first name or a start will do,
    and so does their id. Two people of one name are never merged: the coach is told
    who they could be and types the id instead.

    A full name is looked for first in the folders named like it (a cache of each), so
    the answer takes the same time however large the store."""
    typed = " ".join(wanted.split())
    try:
        own = _named_like(store, typed)
    except CoachError:  # a damaged file there: look through the whole store instead
        own = []
    exact = _by_id([who for who in own if same_person(who.name, typed)])
    if len(exact) == 1:
        return exact[0]
    summaries = overview(store)
    people = [Who.of(one) for one in standings(summaries)]
    by_id = [who for who in people if who.id == typed.casefold()]
    if not by_id:  # a name they had before (a session amended, or since renamed)
        ids = {r.coachee_id for r in session_rows(summaries) if same_person(r.coachee, typed)}
        by_id = [who for who in people if who.id in ids]
    if len(by_id) == 1:
        return by_id[0]
    tests: list[Callable[[Who], bool]] = [
        lambda p: same_person(p.name, typed),
        lambda p: slug(p.name) == slug(typed),
        lambda p: slug(p.name).startswith(slug(typed)),
        lambda p: slug(typed) in slug(p.name),
    ]
    for test in tests:
        found = [p for p in people if test(p)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CoachError(_which(wanted, found))
    unread = [line for summary in summaries for _, line in summary.problems]
    if unread:  # they may be in a file that could not be read: say which, not "nobody"
        more = (
            f" (and {len(unread) - 1} more; `coach doctor` lists them)" if len(unread) > 1 else ""
        )
        raise CoachError(
            f"no one called {wanted!r} in the files that could be read; {unread[0]}{more}"
        )
    if not people:
        raise CoachError("nobody has been coached in this workspace yet")
    close = difflib.get_close_matches(typed, sorted({p.name for p in people}), n=3, cutoff=0.4)
    if not close:
        raise CoachError(f"no one called {wanted!r}; `coach followup` lists everyone you coach")
    if len(close) > 1:
        close = [", ".join(close[:-1]), close[-1]]
    raise CoachError(f"no one called {wanted!r}; did you mean {' or '.join(close)}?")


def _which(wanted: str, found: list[Who]) -> str:
    names = [who.name for who in found]
    if len({" ".join(n.casefold().split()) for n in names}) < len(names):  # namesakes
        shown = "; ".join(f"{who.name} ({who.role or 'no role'}), id {who.id}" for who in found)
        return f"{wanted!r} could be {len(found)} people: {shown}. Give the id instead"
    return f"{wanted!r} could be {', '.join(names)}: type more of the name"


def _by_id(found: list[Who]) -> list[Who]:
    """One entry per person (a person whose files are in two folders is found twice)."""
    people: dict[str, Who] = {}
    for who in found:
        known = people.get(who.id)
        folders = tuple(sorted({*who.folders, *(known.folders if known else ())}))
        people[who.id] = Who(who.id, who.name, who.role, folders)
    return list(people.values())


def _named_like(store: Store, typed: str) -> list[Who]:
    """Everyone with files in a folder named like ``typed`` (``<name>`` or
    ``<name>-<id>``), read from each folder's cache."""
    start = slug(typed, 30)
    try:
        listed = os.listdir(store.folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for folder in listed:
        if folder in (start, slug(typed)) or folder.startswith(f"{start}-"):
            found += [Who(b.coachee_id, b.name, b.role, (folder,)) for b in briefs(store, folder)]
    return found


def briefs(store: Store, folder: str) -> list[Brief]:
    """The briefs of everyone whose sessions are in one folder (from the cache)."""

    def read(path: Path, names: list[str]) -> list[Brief]:
        return [
            brief_of(who)
            for who in _read_folder(path, names, strict=True, cipher=store.cipher).people()
        ]

    return index.folder_briefs(store.folder, folder, read, use_index=store.indexed)


def brief(store: Store, who: Who) -> Brief:
    """What `coach followup NAME` shows, for a person found by :func:`resolve_person`:
    from the cache of their folder, or from their files when they are in several."""
    if len(who.folders) == 1:
        found = [b for b in briefs(store, who.folders[0]) if b.coachee_id == who.id]
    else:
        everything = person(store, who)
        found = [brief_of(everything)] if everything.sessions else []
    if not found:
        raise CoachError(f"no finished sessions with {who.name} yet")
    return found[0]


def _goal(who: Person) -> BriefGoal | None:
    """The latest goal said, and the latest word on where its pupil measure is now."""
    said = next(
        (s for s in reversed(who.sessions) if s.goal and (s.goal.own_words or s.goal.pupils)), None
    )
    if said is None or said.goal is None:
        return None
    g = said.goal
    now = next((s.goal_now for s in reversed(who.sessions) if s.goal_now), None)
    return BriefGoal(
        own_words=g.own_words,
        pupils=g.pupils,
        baseline=g.baseline,
        target=g.target,
        check_by=g.check_by,
        now=now,
    )


def _when(who: Person, step: ActionStep) -> str | None:
    """The practice plan's "when", with the day it was typed when that was before the
    latest session: a flow with no practice stage carries a step's plan (its "when"
    and due date) unchanged, so the brief must not read it as typed at the latest."""
    plan = step.practice
    if plan is None or not plan.when:
        return None
    latest = who.sessions[-1].date
    written = latest
    for session in reversed(who.sessions[:-1]):
        earlier = next((s.practice for s in session.action_steps if s.id == step.id), None)
        if earlier is None or (earlier.when, earlier.due) != (plan.when, plan.due):
            break
        written = session.date
    return dated(plan.when, written, latest, always=True)


def brief_of(who: Person) -> Brief:
    last = who.last
    assert last is not None
    steps = [
        BriefStep(
            id=state.step.id,
            text=state.step.text,
            status=state.status,
            due=state.due,
            place=state.step.practice.place_label if state.step.practice else None,
            when=_when(who, state.step),
            observer=state.step.practice.observer if state.step.practice else None,
            feedback=state.step.practice.feedback if state.step.practice else None,
            since=(state.latest.evidence or "no evidence noted") if state.latest else None,
            reflection=state.latest.reflection if state.latest else None,
            history=[(event.day, event.text) for event in state.history],
            kept=_kept(state.step),
        )
        for state in who.open_steps()
    ]
    return Brief(
        name=who.name,
        coachee_id=who.id,
        role=last.role,
        role_label=last.role_label,
        sessions=len(who.sessions),
        last_session=last.date,
        next_meeting=last.close.next_meeting,
        focus_id=last.focus.id if last.focus else None,
        focus=last.focus.title if last.focus else None,
        looks_like=last.focus.looks_like if last.focus else None,
        steps=steps,
        goal=_goal(who),
        to_collect=[
            BriefEvidence(seen=e.seen, source=e.source_label, collector=e.collector, due=e.due)
            for e in last.evidence
            if e.to_collect
        ],
        celebrated=last.close.strengths,
        stem=last.step_stem,
        archived=who.card.archived if who.card else None,
        coaches=person_spells(who.sessions, who.card),
        unread=who.unread,
    )


@dataclass
class Row:
    """One line of the follow-up dashboard."""

    name: str
    coachee_id: str
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
    archived: dt.date | None = None
    """Archived people are listed only when asked for (`coach followup --archived`)."""

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
            coachee_id=one.coachee_id,
            role=one.role,
            last_session=one.last_session,
            next_meeting=one.next_meeting,
            open_steps=len(one.dues),
            due_steps=sum(1 for d in dues if 0 <= (d - today).days <= SOON_DAYS),
            overdue_steps=sum(1 for d in dues if d < today),
            days_since=(today - one.last_session).days,
            state=state,
            first_date=first,
            archived=one.archived,
        )

    def sort_key(self) -> tuple[bool, int, dt.date, str]:
        order = {"overdue": 0, "due": 1, "later": 2, "none": 3}[self.state]
        return (
            self.archived is not None,
            order,
            self.first_date or dt.date.max,
            self.name.casefold(),
        )


def dashboard(summaries: list[Summary], today: dt.date, *, archived: bool = False) -> list[Row]:
    """Everyone coached here: overdue first, then due soonest, then the rest; the
    people archived only with ``archived`` (after everyone else)."""
    rows = [Row.of(one, today) for one in standings(summaries)]
    return sorted((r for r in rows if archived or r.archived is None), key=Row.sort_key)


def _kept(step: ActionStep) -> str | None:
    """ "kept although it misses Narrow, Specific: <why>", for a step kept as it was."""
    if not step.kept_because:
        return None
    missed = [check.name or check.id for check in step.criteria if not check.met]
    names = f" {', '.join(missed)}" if missed else " some criteria"
    return f"kept although it misses{names}: {step.kept_because}"
