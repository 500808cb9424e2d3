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
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.records.vocabulary import humane
from coachcli.store.index import SessionRow, SetStep, Standing

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
    """The finished sessions counted, the earliest started first."""
    people: list[Standing]
    """Everyone with a counted session, whatever its date (so --since never hides
    someone who has not been seen for a while)."""
    roles: dict[str, str]
    """Each counted person's latest role label, by their id."""


def counted(rows: list[SessionRow], people: list[Standing], chosen: Chosen) -> Selection:
    """Which finished sessions and people the overview counts: every filter is here.
    ``rows`` come newest first, as `session_rows` gives them."""
    filtered = chosen.coach is not None or chosen.role is not None
    matching = [
        row
        for row in reversed(rows)
        if row.status == "complete" and (not filtered or chosen.takes(row))
    ]
    roles = {row.coachee_id: _role_label(row) for row in matching}
    since = chosen.since
    return Selection(
        sessions=matching if since is None else [row for row in matching if row.date >= since],
        people=[one for one in people if one.coachee_id in roles],
        roles=roles,
    )


def _plain(name: str) -> str:
    return " ".join(name.casefold().split())


def resolve(
    rows: list[SessionRow], coach: str | None, role: str | None
) -> tuple[str | None, str | None]:
    """The coach's name and the role id the typed filters mean, from the sessions:
    anything else is one line naming the closest ones recorded."""
    finished = [row for row in rows if row.status == "complete"]
    if coach is not None:
        coaches = sorted({" ".join(row.coach.split()) for row in finished if row.coach})
        found = [name for name in coaches if _plain(name) == _plain(coach)]
        if not found:
            raise CoachError(_unknown("coach", coach, coaches))
        coach = found[0]
    if role is not None:
        roles = {row.role: _role_label(row) for row in finished if row.role}
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

    @property
    def people(self) -> int:
        return len(self.seen)

    @property
    def sessions(self) -> int:
        return sum(len(dates) for dates in self.seen.values())

    def gaps(self) -> dict[str, float]:
        """Each person's median days between their sessions here (two sessions or more)."""
        found = {}
        for person, dates in self.seen.items():
            days = sorted(dates)
            if len(days) > 1:
                found[person] = median([(b - a).days for a, b in itertools.pairwise(days)])
        return found

    def median_gap(self) -> float | None:
        """The median of each person's median days between sessions."""
        gaps = list(self.gaps().values())
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


def marks(steps: Iterable[SetStep], today: dt.date) -> list[str]:
    """What each step agreed counts towards: ``set``, and ``achieved``, ``dropped`` or
    ``open`` (and ``overdue``: open, due before today). A step dropped in the meeting
    that wrote it was never agreed: it counts nowhere."""
    found: list[str] = []
    for step in steps:
        if not step.agreed:
            continue
        if step.status in ("achieved", "dropped"):
            found += ("set", step.status)
        elif step.due is not None and step.due < today:
            found += ("set", "open", "overdue")
        else:
            found += ("set", "open")
    return found


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
    """The figures of the whole, from the counted sessions and people. Rows are put in
    their groups first and each group counted once (10,000 sessions take ~50 ms)."""
    rows = selection.sessions
    counts = [marks(row.set_steps, today) for row in rows]
    roles: dict[str, list[int]] = defaultdict(list)
    coaches: dict[str, list[int]] = defaultdict(list)
    items: dict[str, list[int]] = defaultdict(list)
    library: dict[str, list[tuple[int, SetStep]]] = defaultdict(list)
    criteria: dict[str, list[tuple[int, SetStep]]] = defaultdict(list)
    plain: dict[str | None, str] = {}
    for i, row in enumerate(rows):
        roles[row.role or ""].append(i)
        if row.coach not in plain:
            plain[row.coach] = _plain(row.coach or "")
        coaches[plain[row.coach]].append(i)
        if row.focus_id:
            items[row.focus_id].append(i)
        for step in row.set_steps:
            if step.library and step.agreed:
                library[step.library].append((i, step))
            for label in dict.fromkeys(step.missed):
                criteria[label].append((i, step))

    def tally(key: str, label: str, found: list[int]) -> Tally:
        return Tally(key, label, _seen(rows, found), _focus(rows, found), _steps(counts, found))

    def last(found: list[int]) -> SessionRow:
        return rows[found[-1]]

    def used(key: str, found: list[tuple[int, SetStep]]) -> Tally:
        steps = Counter(marks([step for _, step in found], today))
        return Tally(key, library_label(key), _seen(rows, [i for i, _ in found]), steps=steps)

    def missed(label: str, found: list[tuple[int, SetStep]]) -> Tally:
        steps = Counter(missed=len(found), kept=sum(step.kept for _, step in found))
        return Tally(label, label, _seen(rows, [i for i, _ in found]), steps=steps)

    cutoff = today - dt.timedelta(days=not_seen_after)
    away = [
        Away(one.coachee_id, one.name, one.role, one.last_session, (today - one.last_session).days)
        for one in selection.people
        if one.last_session < cutoff
    ]
    coach_names = {
        key: " ".join((last(found).coach or "").split()) for key, found in coaches.items()
    }
    return Overview(
        today=today,
        chosen=chosen,
        everyone=tally("", "everyone", list(range(len(rows)))),
        items=_ranked([tally(k, last(f).focus or k, f) for k, f in items.items()], "sessions"),
        roles=_ranked([tally(k, _role_label(last(f)), f) for k, f in roles.items()], "people"),
        coaches=_ranked(
            [
                tally(coach_names[k], coach_names[k] or "no coach recorded", f)
                for k, f in coaches.items()
            ],
            "people",
        ),
        library=sorted(
            (used(key, found) for key, found in library.items()),
            key=lambda t: (-t.steps["set"], -t.steps["achieved"], t.label),
        ),
        criteria=sorted(
            (missed(label, found) for label, found in criteria.items()),
            key=lambda t: (-t.steps["missed"], t.label),
        ),
        names={one.coachee_id: one.name for one in selection.people},
        roles_of=selection.roles,
        not_seen_after=not_seen_after,
        away=sorted(away, key=lambda a: (-a.days, a.name)),
    )


def _seen(rows: list[SessionRow], found: list[int]) -> dict[str, list[dt.date]]:
    seen: dict[str, list[dt.date]] = defaultdict(list)
    for i in found:
        seen[rows[i].coachee_id].append(rows[i].date)
    return dict(seen)


def _focus(rows: list[SessionRow], found: list[int]) -> Counter[str]:
    return Counter([focus for i in found if (focus := rows[i].focus_id)])


def _steps(counts: list[list[str]], found: list[int]) -> Counter[str]:
    return Counter(itertools.chain.from_iterable([counts[i] for i in found]))


def _ranked(groups: list[Tally], by: str) -> list[Tally]:
    return sorted(groups, key=lambda t: (-getattr(t, by), -t.sessions, t.label.casefold()))


def _role_label(row: SessionRow) -> str:
    return row.role_name or humane(row.role) or "no role"


def library_labels(frameworks: Path) -> Callable[[str], str]:
    """A library step's words by its id, read from ``steps.yaml`` only when a step is
    named (no validation: a step the file no longer has, or a file that cannot be read,
    shows its id)."""
    words: dict[str, str] | None = None

    def label(step_id: str) -> str:
        nonlocal words
        if words is None:
            words = {}
            try:
                from coachcli.records.yamlio import load

                steps = load(frameworks / "steps.yaml").data.get("steps")
                for step in steps if isinstance(steps, list) else []:
                    if isinstance(step, dict) and isinstance(step.get("step"), str):
                        words[str(step.get("id"))] = " ".join(step["step"].split())
            except (CoachError, AttributeError):
                pass
        return words.get(step_id, step_id)

    return label
