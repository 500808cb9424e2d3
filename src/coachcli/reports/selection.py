"""Which sessions and people `coach overview` counts, and the filters as typed: a
coach's name as the sessions record it, a role's id or name, the first day of a period.

``counted`` is the one place that chooses: a filter added later (people archived, say)
goes there and every figure follows.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from coachcli.errors import CoachError
from coachcli.records.vocabulary import humane
from coachcli.store.index import SessionRow, Standing, Summary


@dataclass(frozen=True)
class Chosen:
    """What the overview is about: a coach (as sessions record them), a role id, and
    the first day of the period. None means any."""

    coach: str | None = None
    role: str | None = None
    since: dt.date | None = None

    def takes(self, row: SessionRow) -> bool:
        """Whether a session is this coach's, with someone in this role."""
        if self.coach is not None and plain(row.coach or "") != plain(self.coach):
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
    """Which finished sessions and people the overview counts: every filter is here.
    People archived (left, or finished) are not counted, nor are their sessions."""
    gone = {one.coachee_id for one in people if one.archived is not None}
    if gone:
        rows = [row for row in rows if row.coachee_id not in gone]
        people = [one for one in people if one.coachee_id not in gone]
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
        roles={person: role_label(row) for person, row in last.items()},
    )


def plain(name: str) -> str:
    return " ".join(name.casefold().split())


def resolve(
    rows: list[SessionRow], coach: str | None, role: str | None
) -> tuple[str | None, str | None]:
    """The coach's name and the role id the typed filters mean, from the (finished)
    sessions: anything else is one line naming the closest ones recorded."""
    if coach is not None:
        coaches = sorted({" ".join(row.coach.split()) for row in rows if row.coach})
        found = [name for name in coaches if plain(name) == plain(coach)] or [
            name for name in coaches if plain(name).startswith(plain(coach))
        ]  # "dan" finds Dan Evans, as a first name finds a coachee
        if len(found) != 1:
            raise CoachError(_unknown("coach", coach, coaches))
        coach = found[0]
    if role is not None:
        roles = {row.role: role_label(row) for row in rows if row.role}
        wanted = plain(role).replace(" ", "_")
        found = [
            key for key, label in roles.items() if wanted in (key, plain(label).replace(" ", "_"))
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


def role_label(row: SessionRow) -> str:
    return row.role_name or humane(row.role) or "no role"
