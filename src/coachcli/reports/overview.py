"""The school's whole picture (`coach overview`): which bar items are in focus, by role
and by coach; where the steps agreed stand now; the library steps and criteria behind
them; how far apart sessions are; and who has not been seen for a while.

Answered from the index alone (no session file is read while it is current, no
pydantic). ``counted`` is the one place that says which sessions and people count.
Groups are ``Tally``s, so a report for governors can merge any group of fewer than
``SMALL`` people into an "other" row (``merged``) with the same arithmetic.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from coachcli.errors import CoachError
from coachcli.records.vocabulary import humane
from coachcli.store.index import SessionRow, SetStep, Standing, Summary

SMALL = 3
"""A group of fewer people than this could single someone out: the report merges it."""

STEP_COUNTS = ("set", "achieved", "dropped", "open", "overdue")


@dataclass(frozen=True)
class Chosen:
    """What the overview is about: a coach (as sessions record them), a role id, and
    the first day of the period. None means any."""

    coach: str | None = None
    role: str | None = None
    since: dt.date | None = None

    def takes(self, row: SessionRow) -> bool:
        """Whether a session is this coach's, with someone in this role."""
        if self.coach is not None and _plain(row.coach or "") != _plain(self.coach):
            return False
        return self.role is None or (row.role or "") == self.role


@dataclass
class Selection:
    sessions: list[SessionRow]
    """The finished sessions counted."""
    people: list[Standing]
    """Everyone with a counted session, whatever its date (so --since never hides
    someone who has not been seen for a while)."""
    roles: dict[str, str]
    """Each counted person's latest role label, by their id."""


def finished(summaries: list[Summary]) -> list[SessionRow]:
    """Every finished session once (a copy of one in a second folder is left out), each
    person's in the order they were held."""
    rows: dict[str, SessionRow] = {}
    for summary in summaries:
        for row in summary.rows:
            if row.status == "complete":
                rows.setdefault(row.id, row)
    return list(rows.values())


def counted(rows: list[SessionRow], people: list[Standing], chosen: Chosen) -> Selection:
    """Which finished sessions and people the overview counts: every filter is here."""
    if chosen.coach is not None or chosen.role is not None:
        rows = [row for row in rows if chosen.takes(row)]
    last: dict[str, SessionRow] = {}
    for row in rows:
        known = last.get(row.coachee_id)
        if known is None or row.started >= known.started:
            last[row.coachee_id] = row
    since = chosen.since
    return Selection(
        sessions=rows if since is None else [row for row in rows if row.date >= since],
        people=[one for one in people if one.coachee_id in last],
        roles={person: _role_label(row) for person, row in last.items()},
    )


def _plain(name: str) -> str:
    return " ".join(name.casefold().split())


def resolve(
    rows: list[SessionRow], coach: str | None, role: str | None
) -> tuple[str | None, str | None]:
    """The coach's name and the role id the typed filters mean, from the (finished)
    sessions: anything else is one line naming the closest ones recorded."""
    if coach is not None:
        coaches = sorted({" ".join(row.coach.split()) for row in rows if row.coach})
        found = [name for name in coaches if _plain(name) == _plain(coach)]
        if not found:
            raise CoachError(_unknown("coach", coach, coaches))
        coach = found[0]
    if role is not None:
        roles = {row.role: _role_label(row) for row in rows if row.role}
        wanted = _plain(role).replace(" ", "_")
        found = [
            key for key, label in roles.items() if wanted in (key, _plain(label).replace(" ", "_"))
        ]
        if not found:
            raise CoachError(_unknown("role", role, sorted({*roles, *roles.values()})))
        role = found[0]
    return coach, role


def _unknown(what: str, typed: str, known: list[str]) -> str:
    if not known:
        return f"no session records a {what} yet, so there is no {what} {typed!r} to show"
    close = difflib.get_close_matches(typed, known, n=3, cutoff=0.3) or known[:3]
    return f"no sessions with the {what} {typed!r}; closest: {', '.join(close)}"


def since_date(text: str, today: dt.date) -> dt.date:
    """The first day of the period: a date (2026-09-01, 1/9/2026, or 1/9 for the last
    1 September) or a time back from today (30d, 6w)."""
    import re

    from coachcli.dates import parse_date

    value = text.strip().lower()
    back = re.fullmatch(r"(\d{1,4})\s*(d|days?|w|weeks?)", value)
    if back:
        days = int(back.group(1)) * (7 if back.group(2).startswith("w") else 1)
        return today - dt.timedelta(days=days)
    try:
        day = parse_date(value, today)
    except ValueError as problem:
        raise CoachError(f"--since: {problem}, or a time back such as 6w") from None
    if re.fullmatch(r"\d{1,2}[/.]\d{1,2}", value) and day > today:
        day = day.replace(year=day.year - 1)  # 1/9 means the last 1 September
    if day > today:
        raise CoachError(f"--since: {day.isoformat()} is after today")
    return day


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
    than ``SMALL`` people the smallest group left joins it."""
    big = sorted((t for t in tallies if t.people >= SMALL), key=lambda t: -t.people)
    small = [t for t in tallies if t.people < SMALL]
    if not small:
        return big
    rest = combine(small, "", other)
    while rest.people < SMALL and big:
        rest = combine([rest, big.pop()], "", other)
    return [*big, rest]


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
        if row.focus_id:
            titles[row.focus_id] = row.focus or row.focus_id
            days = bucket.items.get(row.focus_id)
            if days is None:
                bucket.items[row.focus_id] = [row.date]
            else:
                days.append(row.date)
        for step in row.set_steps:
            if step.missed:
                bucket.missed(step)
            if not step.agreed:  # dropped in the meeting that wrote it: never agreed
                continue
            status = step.status
            if status != "achieved" and status != "dropped":
                status = "overdue" if step.due is not None and step.due < today else "open"
            bucket.steps[status] = bucket.steps.get(status, 0) + 1
            if step.library:
                marks = bucket.library.setdefault(step.library, {})
                marks[status] = marks.get(status, 0) + 1
    by_role: dict[str | None, SessionRow] = {}
    by_coach: dict[str | None, SessionRow] = {}
    for bucket in buckets.values():  # the latest label of each wins
        last = bucket.last
        for found, name in ((by_role, last.role), (by_coach, last.coach)):
            if name not in found or last.started >= found[name].started:
                found[name] = last
    known: dict[tuple[str, int], float] = {}
    everyone = Tally("", "everyone", known=known)
    roles = {
        role: Tally(role or "", _role_label(row), known=known) for role, row in by_role.items()
    }
    coaches: dict[str, Tally] = {}
    coach_of: dict[str | None, Tally] = {}  # "Sam Lee" and "sam  lee" are one coach
    for raw, row in by_coach.items():
        name = " ".join((row.coach or "").split())
        if _plain(name) not in coaches:
            coaches[_plain(name)] = Tally(name, name or "no coach recorded", known=known)
        coach_of[raw] = coaches[_plain(name)]
    items = {key: Tally(key, title) for key, title in titles.items()}
    library: dict[str, Tally] = {}
    criteria: dict[str, Tally] = {}
    pairs: dict[tuple[str | None, str | None], tuple[Counter[str], Counter[str]]] = {}
    for (role, coach, person), bucket in buckets.items():
        for group in (everyone, roles[role], coach_of[coach]):
            group.seen.setdefault(person, []).extend(bucket.dates)
        if (role, coach) not in pairs:
            pairs[role, coach] = (Counter(), Counter())
        focus, steps = pairs[role, coach]
        for item, days in bucket.items.items():
            focus[item] += len(days)
            items[item].seen.setdefault(person, []).extend(days)
        for mark, count in bucket.steps.items():
            steps[mark] += count
        for step_id, marks in bucket.library.items():
            if step_id not in library:
                library[step_id] = Tally(step_id, library_label(step_id))
            library[step_id].seen[person] = []
            for mark, count in marks.items():
                _count(library[step_id].steps, mark, count)
        for label, (missed, kept) in bucket.criteria.items():
            if label not in criteria:
                criteria[label] = Tally(label, label)
            criteria[label].seen[person] = []
            criteria[label].steps["missed"] += missed
            criteria[label].steps["kept"] += kept
    for (role, coach), (focus, steps) in pairs.items():  # a few pairs, however many people
        for group in (everyone, roles[role], coach_of[coach]):
            group.focus.update(focus)
            for mark, count in steps.items():
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


@dataclass
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

    def missed(self, step: SetStep) -> None:
        for label in dict.fromkeys(step.missed):
            counts = self.criteria.setdefault(label, [0, 0])
            counts[0] += 1
            counts[1] += step.kept


def _count(steps: Counter[str], mark: str, count: int) -> None:
    steps["set"] += count
    steps[mark] += count
    if mark == "overdue":
        steps["open"] += count


def _ranked(groups: list[Tally], by: str) -> list[Tally]:
    return sorted(groups, key=lambda t: (-getattr(t, by), -t.sessions, t.label.casefold()))


def _role_label(row: SessionRow) -> str:
    return row.role_name or humane(row.role) or "no role"
