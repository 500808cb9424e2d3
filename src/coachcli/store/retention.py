"""`coach forget --before DATE` and `--expired`: erase everything older than a date.

What "older" means, kind by kind (every file under ``sessions/`` and ``backups/`` is
looked at, as `coach forget NAME` does):

- a session or a draft: the day of its meeting (``date``) is before DATE;
- a progress record: it was recorded before DATE;
- a conflict copy (coachcli's or a sync tool's): judged by what it holds, like the file
  it copies;
- an earlier revision (``_history/<id>/``), an amend kept for a retry and a draft's
  lease files go with their session: erased with it, kept with it. A revision whose
  session is nowhere is judged by its own date;
- a backup (``backups/<folder>/``) is a copy of the store, judged file by file by the
  same rules;
- leftovers of interrupted saves are never data and may hold any record's text: all
  are removed.

Someone whose every session and draft is older vanishes: their progress records go
too, even one recorded after DATE, so nothing is kept that no listing would show. A
later session is never changed: one that carries forward a step first agreed in an
erased session keeps it as it was written (it is not older).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.dates import parse_date
from coachcli.errors import CoachError
from coachcli.store.forget import BACKUPS, ForgetPlan, _every_file, _why
from coachcli.store.leases import LEASES, Lease
from coachcli.store.names import HISTORY, REFLECTION_SUFFIX, is_copy, is_temp
from coachcli.store.reading import read_any
from coachcli.store.sessions import Store
from coachcli.store.workspace import Workspace

if TYPE_CHECKING:
    from coachcli.records.session import ProgressRecord, Session
    from coachcli.store.index import SessionRow

LIVE = ""
"""The group of files in the store itself (a backup's group is its folder's name)."""

AMEND = re.compile(r"^amend-(.+)\.yaml\.edit$")
NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it
    is shorter: 31 March less one month is the end of February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def cutoff(before: str, today: dt.date) -> dt.date:
    """DATE as `--before` takes it: any date the tool's other date options take, up to
    today (a later one would erase today's work too)."""
    try:
        day = parse_date(before, today)
    except ValueError as problem:
        raise CoachError(f"--before {before.strip()}: {problem}") from None
    if day > today:
        raise CoachError(
            f"--before {before.strip()} is {day_text(day)}, after today: it would erase"
            " today's work too. Give a date up to today, with its year (2024-09-01)"
        )
    return day


def expiry(today: dt.date, months: int | None) -> dt.date:
    """The day before which everything is older than the retention period."""
    if months is None:
        raise CoachError(
            "coach.yaml sets no retention period: add `retention_months: 24` (or the"
            " number of months your school keeps coaching records), or give --before DATE"
        )
    return months_before(today, months)


KINDS = {
    "session": "sessions",
    "draft": "drafts",
    "progress record": "progress records",
    "person record": "person records",
    "reflection": "reflections",
    "earlier revision": "earlier revisions",
    "conflict copy": "conflict copies",
    "amend kept for a retry": "amends kept for a retry",
    "lock file of a draft": "lock files of drafts",
    "in backups": "in backups",
    "leftover of an interrupted save": "leftovers of interrupted saves",
}
"""Each kind of file `--before` erases, and how several are named."""


@dataclass
class RetentionPlan(ForgetPlan):
    """What `coach forget --before` found, before anything is removed."""

    kinds: Counter[str] = field(default_factory=Counter)
    """How many files of each kind are to go ("session", "draft", ...)."""
    vanished: list[str] = field(default_factory=list)
    """People with no session left in the store: they are no longer listed."""
    everything: bool = False
    """Every session and draft in the store is older: nothing would be left."""
    busy: list[str] = field(default_factory=list)
    """Older drafts open in another terminal: left alone, as `session discard` does."""

    def kinds_text(self) -> str:
        """``5 sessions, 1 draft, 3 in backups``, in the order of ``KINDS``."""
        counted = [(kind, self.kinds[kind]) for kind in KINDS if self.kinds[kind]]
        return ", ".join(f"{n} {kind if n == 1 else KINDS[kind]}" for kind, n in counted)


@dataclass
class _Scan:
    """Every record file, read, by the copy of the store it belongs to."""

    sessions: list[tuple[Path, str, Session]] = field(default_factory=list)
    progress: list[tuple[Path, str, ProgressRecord]] = field(default_factory=list)
    linked: list[tuple[Path, str, str]] = field(default_factory=list)
    """Revisions and kept amends, with the id of the session they belong to."""
    reflections: list[tuple[Path, str]] = field(default_factory=list)
    """The coach's own reflections, dated by their names (``<date>-<time>-<hex>``)."""
    people: list[tuple[Path, str, str]] = field(default_factory=list)
    """Person records (archived, handovers), with whose they are: kept while the person
    has a session or draft left, since they are about the person, not one meeting."""


def _group(path: Path, ws: Workspace) -> str:
    """Which copy of the store a file belongs to: the store itself, or one backup."""
    backups = ws.root / BACKUPS
    if not path.is_relative_to(backups):
        return LIVE
    parts = path.relative_to(backups).parts
    return parts[0] if len(parts) > 1 else "/"


def _linked_id(path: Path, root: Path) -> str | None:
    """The session a revision or a kept amend belongs to, from where it is kept."""
    parts = path.relative_to(root).parts
    if HISTORY in parts[:-1]:
        at = parts.index(HISTORY)
        return parts[at + 1] if at + 2 < len(parts) else None
    found = AMEND.match(path.name)
    return found[1] if found else None


def _scan(ws: Workspace, store: Store, plan: RetentionPlan) -> _Scan:
    """Read every record under sessions/ and backups/; note leftovers and what cannot be
    read in ``plan``."""
    from coachcli.records.person import PersonRecord
    from coachcli.records.session import Session

    scan = _Scan()
    for root in (store.folder, ws.root / BACKUPS):
        for path in _every_file(root):
            if is_temp(path.name):
                plan.temporary.append(path)
                plan.kinds["leftover of an interrupted save"] += 1
                continue
            if path.name.endswith(REFLECTION_SUFFIX):
                scan.reflections.append((path, _group(path, ws)))
                continue
            if not path.name.endswith((".yaml", ".yaml.edit")):
                continue
            group = _group(path, ws)
            session_id = _linked_id(path, root)
            if session_id is not None:
                scan.linked.append((path, group, session_id))
                continue
            try:
                item, _ = read_any(path, store.cipher)
            except CoachError as problem:
                plan.unreadable.append(_why(problem, path))
                continue
            if isinstance(item, Session):
                scan.sessions.append((path, group, item))
            elif isinstance(item, PersonRecord):
                scan.people.append((path, group, item.coachee_id))
            else:
                scan.progress.append((path, group, item))
    return scan


def plan_before(ws: Workspace, store: Store, before: dt.date) -> RetentionPlan:
    """Every file this workspace holds that is older than ``before`` (see the module's
    docstring for what that means for each kind of file)."""
    plan = RetentionPlan()
    scan = _scan(ws, store, plan)
    kept = {(group, s.id) for _, group, s in scan.sessions if s.date >= before}
    gone = {(group, s.id) for _, group, s in scan.sessions if s.date < before} - kept
    people = {(group, s.coachee_id) for _, group, s in scan.sessions if s.date >= before}
    for path, group, session in scan.sessions:
        if session.date < before:
            if group == LIVE and session.status == "draft":
                lease = Lease(store, session.id)  # who had it open: no text, but it goes too
                if not lease.try_hold():  # open in another terminal: its typing goes on
                    plan.busy.append(f"{path} ({lease.holder().describe()})")
                    people.add((group, session.coachee_id))
                    continue
                lease.release()
                for lock in (lease.lock_path, lease.owner_path):
                    if lock.exists():
                        _add(plan, lock, "lock file of a draft")
            _add(plan, path, _kind(path, group, session))
    for path, group, record in scan.progress:
        if record.recorded.date() < before or (group, record.coachee_id) not in people:
            _add(plan, path, _kind(path, group, record))
    for path, group in scan.reflections:
        if path.name[:10] < before.isoformat():
            _add(plan, path, "reflection" if group == LIVE else "in backups")
    for path, group, coachee_id in scan.people:
        if (group, coachee_id) not in people:
            _add(plan, path, "person record" if group == LIVE else "in backups")
    for path, group, session_id in scan.linked:
        if (group, session_id) in kept or not (
            (group, session_id) in gone or _older_itself(path, store, before, plan)
        ):
            continue
        kind = "earlier revision" if HISTORY in path.parts else "amend kept for a retry"
        _add(plan, path, kind if group == LIVE else "in backups")
    plan.vanished = _vanished(scan, people)
    plan.everything = any(group == LIVE for _, group, _ in scan.sessions) and not any(
        group == LIVE for group, _ in people
    )
    return plan


def _older_itself(path: Path, store: Store, before: dt.date, plan: RetentionPlan) -> bool:
    """A revision or kept amend whose session is nowhere, judged by its own date."""
    from coachcli.records.session import Session

    try:
        item, _ = read_any(path, store.cipher)
    except CoachError as problem:
        plan.unreadable.append(_why(problem, path))
        return False
    return isinstance(item, Session) and item.date < before


def _kind(path: Path, group: str, item: Session | ProgressRecord) -> str:
    from coachcli.records.session import ProgressRecord

    if group != LIVE:
        return "in backups"
    if is_copy(path.name, item) and LEASES not in path.parts:
        return "conflict copy"
    if isinstance(item, ProgressRecord):
        return "progress record"
    return "session" if item.status == "complete" else "draft"


def _add(plan: RetentionPlan, path: Path, kind: str) -> None:
    plan.files.append(path)
    plan.kinds[kind] += 1


def _vanished(scan: _Scan, people: set[tuple[str, str]]) -> list[str]:
    """The people coached here who have no session or draft left: their latest names."""
    latest: dict[str, str] = {}
    for _, group, s in sorted(scan.sessions, key=lambda found: found[2].date):
        if group == LIVE and s.status == "complete" and (LIVE, s.coachee_id) not in people:
            latest[s.coachee_id] = s.coachee
    return sorted(latest.values())


# --- doctor: a quick look, from the index and file names --------------------------


@dataclass
class Overdue:
    """What `coach doctor` finds older than the retention period."""

    sessions: int = 0
    drafts: int = 0
    others: int = 0
    """Progress records, earlier revisions, conflict copies, files in backups."""

    def total(self) -> int:
        return self.sessions + self.drafts + self.others


def overdue(ws: Workspace, store: Store, rows: list[SessionRow], before: dt.date) -> Overdue:
    """A quick count for doctor, without opening a file: sessions and drafts from the
    index's rows, other files by the date in their name (or their session's, for an
    earlier revision or a kept amend). `coach forget --expired` reads every file and
    decides exactly."""
    found = Overdue()
    dates = {row.id: row.date for row in rows}
    counted = set()
    for row in rows:
        if row.date < before:
            counted.add(store.folder / row.file)
            if row.status == "complete":
                found.sessions += 1
            else:
                found.drafts += 1
    for root in (store.folder, ws.root / BACKUPS):
        for folder, _, names in os.walk(root):
            for name in names:
                path = Path(folder, name)
                if path in counted or is_temp(name) or not name.endswith((".yaml", ".yaml.edit")):
                    continue
                day = _name_date(name)
                if day is None:
                    session_id = _linked_id(path, root)
                    day = dates.get(session_id) if session_id else None
                if day is not None and day < before:
                    found.others += 1
    return found


def _name_date(name: str) -> dt.date | None:
    found = NAME_DATE.match(name)
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found[1])
    except ValueError:
        return None
