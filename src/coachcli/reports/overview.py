"""The school's whole picture (`coach overview`): which bar items are in focus, by role
and by coach; where the steps agreed stand now; the library steps and criteria behind
them; how far apart sessions are; and who has not been seen for a while.

Answered from the index alone (no session file is read while it is current, no
pydantic). ``selection.counted`` says which sessions and people count.
Groups are ``Tally``s, so a report for governors can merge any group of fewer than
``SMALL`` people into an "other" row (``merged``) with the same arithmetic.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from coachcli.reports.selection import Chosen, Selection, plain, role_label
from coachcli.store.index import SessionRow, SetStep

SMALL = 3
"""A group of fewer people than this could single someone out: the report merges it."""

STEP_COUNTS = ("set", "achieved", "dropped", "open", "overdue")


@dataclass
class Tally:
    """One group (everyone, a role, a coach, a bar item, a library step, a criterion):
    who is in it, when they were seen, what was in focus and how the steps stand."""

    key: str
    label: str
    seen: dict[str, list[dt.date]] = field(default_factory=dict)
    """Each person's session dates in this group."""
    focus: Counter[str] = field(default_factory=Counter)
    """Sessions by bar item id."""
    steps: Counter[str] = field(default_factory=Counter)
    known: dict[tuple[str, int], float] = field(default_factory=dict, repr=False)
    """Each person's median gap over so many of their sessions, shared by the tallies
    of one overview: in a role or with a coach a person's sessions are a subset of
    all of theirs, so the same count means the same sessions."""

    @property
    def people(self) -> int:
        return len(self.seen)

    @functools.cached_property
    def sessions(self) -> int:  # read once the tally is complete
        return sum(len(dates) for dates in self.seen.values())

    @functools.cached_property
    def gaps(self) -> dict[str, float]:
        """Each person's median days between their sessions here (two sessions or more;
        read once the tally is complete)."""
        found = {}
        for person, dates in self.seen.items():
            if len(dates) < 2:
                continue
            gap = self.known.get((person, len(dates)))
            if gap is None:
                days = sorted(dates)
                gap = median([(b - a).days for a, b in itertools.pairwise(days)])
                self.known[person, len(dates)] = gap
            found[person] = gap
        return found

    def median_gap(self) -> float | None:
        """The median of each person's median days between sessions."""
        gaps = list(self.gaps.values())
        return median(gaps) if gaps else None


def median(values: list[float] | list[int]) -> float:
    """The middle value (the mean of the two middle ones); ``statistics`` costs more
    to import than this takes to run."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def combine(tallies: list[Tally], key: str, label: str) -> Tally:
    joined = Tally(key, label)
    for tally in tallies:
        for person, dates in tally.seen.items():
            joined.seen.setdefault(person, []).extend(dates)
        joined.focus.update(tally.focus)
        joined.steps.update(tally.steps)
    return joined


def merged(tallies: list[Tally], other: str) -> list[Tally]:
    """The groups as a report for others may show them: every group of fewer than
    ``SMALL`` people goes into one ``other`` row, and while that row itself holds fewer
    than ``SMALL`` people the smallest group left joins it. If all of them together
    are still too few, there is nothing to show."""
    big = sorted((t for t in tallies if t.people >= SMALL), key=lambda t: -t.people)
    small = [t for t in tallies if t.people < SMALL]
    if not small:
        return big
    rest = combine(small, "", other)
    while rest.people < SMALL and big:
        rest = combine([rest, big.pop()], "", other)
    return [*big, rest] if rest.people >= SMALL else []


@dataclass
class Away:
    """Someone not seen for longer than the workspace's ``not_seen_after_days``."""

    id: str
    name: str
    role: str | None
    last_session: dt.date
    days: int


@dataclass
class Overview:
    today: dt.date
    chosen: Chosen
    everyone: Tally
    items: list[Tally]
    """Bar items in focus, most sessions first."""
    roles: list[Tally]
    coaches: list[Tally]
    library: list[Tally]
    """Library steps used, most used first (steps: set, achieved)."""
    criteria: list[Tally]
    """Criteria missed, most missed first (steps: missed, kept)."""
    names: dict[str, str]
    """Each counted person's name by id (the name in their latest session)."""
    roles_of: dict[str, str]
    """Each counted person's role label by id."""
    not_seen_after: int
    away: list[Away]


def overview(
    selection: Selection,
    today: dt.date,
    chosen: Chosen,
    not_seen_after: int,
    library_label: Callable[[str], str],
) -> Overview:
    """The figures of the whole, from the counted sessions and people.

    One pass puts each session in the bucket of its role, coach and person (dates, bar
    items, steps by where they stand, library steps, criteria missed); every group is
    then made from the buckets, so 10,000 sessions cost one loop, not one per group."""
    buckets: dict[tuple[str | None, str | None, str], _Bucket] = {}
    titles: dict[str, str] = {}  # each bar item's title, as the sessions saved it
    for row in selection.sessions:
        key = (row.role, row.coach, row.coachee_id)
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = _Bucket([], {}, {}, {}, {}, row)
        bucket.dates.append(row.date)
        if row.started >= bucket.last.started:
            bucket.last = row
        item = row.focus_id
        if item:
            titles[item] = row.focus or item
            if item in bucket.items:
                bucket.items[item].append(row.date)
            else:
                bucket.items[item] = [row.date]
        if row.set_steps:
            bucket.count(row.set_steps, today)
    by_role: dict[str | None, SessionRow] = {}
    by_coach: dict[str | None, SessionRow] = {}
    for bucket in buckets.values():  # the latest label of each wins
        last = bucket.last
        for found, name in ((by_role, last.role), (by_coach, last.coach)):
            if name not in found or last.started >= found[name].started:
                found[name] = last
    known: dict[tuple[str, int], float] = {}
    everyone = Tally("", "everyone", known=known)
    roles = {role: Tally(role or "", role_label(row), known=known) for role, row in by_role.items()}
    coaches: dict[str, Tally] = {}
    coach_of: dict[str | None, Tally] = {}  # "Sam Lee" and "sam  lee" are one coach
    for raw, row in by_coach.items():
        name = " ".join((row.coach or "").split())
        if plain(name) not in coaches:
            coaches[plain(name)] = Tally(name, name or "no coach recorded", known=known)
        coach_of[raw] = coaches[plain(name)]
    items = {key: Tally(key, title) for key, title in titles.items()}
    library: dict[str, Tally] = {}
    criteria: dict[str, Tally] = {}
    pairs: dict[tuple[str | None, str | None], tuple[dict[str, int], dict[str, int]]] = {}
    for (role, coach, person), bucket in buckets.items():
        for group in (everyone, roles[role], coach_of[coach]):
            _meet(group.seen, person, bucket.dates)
        if (role, coach) not in pairs:
            pairs[role, coach] = ({}, {})
        focus, marks = pairs[role, coach]  # sessions by bar item, steps by where they stand
        for item, days in bucket.items.items():
            focus[item] = focus.get(item, 0) + len(days)
            _meet(items[item].seen, person, days)
        for mark, count in bucket.steps.items():
            marks[mark] = marks.get(mark, 0) + count
        for step_id, used in bucket.library.items():
            if step_id not in library:
                library[step_id] = Tally(step_id, library_label(step_id))
            library[step_id].seen[person] = []
            for mark, count in used.items():
                _count(library[step_id].steps, mark, count)
        for label, (missed, kept) in bucket.criteria.items():
            if label not in criteria:
                criteria[label] = Tally(label, label)
            criteria[label].seen[person] = []
            criteria[label].steps["missed"] += missed
            criteria[label].steps["kept"] += kept
    for (role, coach), (focus, marks) in pairs.items():  # a few, however many people
        for group in (everyone, roles[role], coach_of[coach]):
            group.focus.update(focus)
            for mark, count in marks.items():
                _count(group.steps, mark, count)
    cutoff = today - dt.timedelta(days=not_seen_after)
    away = [
        Away(one.coachee_id, one.name, one.role, one.last_session, (today - one.last_session).days)
        for one in selection.people
        if one.last_session < cutoff
    ]
    return Overview(
        today=today,
        chosen=chosen,
        everyone=everyone,
        items=_ranked(list(items.values()), "sessions"),
        roles=_ranked(list(roles.values()), "people"),
        coaches=_ranked(list(coaches.values()), "people"),
        library=sorted(
            library.values(), key=lambda t: (-t.steps["set"], -t.steps["achieved"], t.label)
        ),
        criteria=sorted(criteria.values(), key=lambda t: (-t.steps["missed"], t.label)),
        names={one.coachee_id: one.name for one in selection.people},
        roles_of=selection.roles,
        not_seen_after=not_seen_after,
        away=sorted(away, key=lambda a: (-a.days, a.name)),
    )


@dataclass(slots=True)
class _Bucket:
    """The sessions of one person in one role with one coach, counted as they come."""

    dates: list[dt.date]
    items: dict[str, list[dt.date]]
    steps: dict[str, int]
    """Agreed steps by where they stand: achieved, dropped, open, overdue."""
    library: dict[str, dict[str, int]]
    criteria: dict[str, list[int]]
    """Each criterion missed: how many steps missed it, how many of them were kept."""
    last: SessionRow

    def count(self, steps: list[SetStep], today: dt.date) -> None:
        counts, library, criteria = self.steps, self.library, self.criteria
        for step in steps:
            if step.missed:
                for label in dict.fromkeys(step.missed):
                    if label not in criteria:
                        criteria[label] = [0, 0]
                    criteria[label][0] += 1
                    criteria[label][1] += step.kept
            if not step.agreed:  # dropped in the meeting that wrote it: never agreed
                continue
            status = step.status
            if status != "achieved" and status != "dropped":
                status = "overdue" if step.due is not None and step.due < today else "open"
            counts[status] = counts.get(status, 0) + 1
            if step.library:
                if step.library not in library:
                    library[step.library] = {}
                marks = library[step.library]
                marks[status] = marks.get(status, 0) + 1


def _meet(seen: dict[str, list[dt.date]], person: str, dates: list[dt.date]) -> None:
    """Add a person's dates to a group (a new list only when they are there already)."""
    seen[person] = seen[person] + dates if person in seen else dates


def _count(steps: Counter[str], mark: str, count: int) -> None:
    steps["set"] += count
    steps[mark] += count
    if mark == "overdue":
        steps["open"] += count


def _ranked(groups: list[Tally], by: str) -> list[Tally]:
    return sorted(groups, key=lambda t: (-getattr(t, by), -t.sessions, t.label.casefold()))
