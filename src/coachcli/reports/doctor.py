"""`coach doctor`: every check on a workspace, read-only, each with what needs attention.

Files are read through the index: a folder unchanged since it was last indexed was
validated then and is not parsed again; changed folders are read (in several processes
when there are many). The store is walked once for permissions, leftovers and strays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli import clock, portable
from coachcli.errors import CoachError
from coachcli.records.frameworks import Frameworks, load_frameworks, missing_help
from coachcli.records.session import SESSION_FORMAT
from coachcli.reports.cloud import cloud_sync
from coachcli.reports.permissions import loose, outside
from coachcli.store.names import conflict_kind, is_stray, is_temp
from coachcli.store.sessions import Store
from coachcli.store.workspace import Workspace

if TYPE_CHECKING:
    from coachcli.store.index import Summary

DRAFT_AGE_DAYS = 7


@dataclass
class Check:
    name: str
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    advice: bool = False
    """Worth knowing, nothing broken: shown, but doctor still exits 0."""

    @property
    def ok(self) -> bool:
        return not self.problems


def doctor(ws: Workspace, store: Store, tick: Callable[[int], None] | None = None) -> list[Check]:
    """Every check on the whole workspace; a check with problems needs attention.

    Files are read through the index: a folder unchanged since it was last indexed was
    validated then and is not parsed again; changed folders are read (in several
    processes when there are many)."""
    from coachcli.store.people import overview

    parse = Check("files parse and validate")
    versions = Check("format versions current")
    if portable.POSIX_MODES:
        permissions = Check("private permissions (0700 / 0600)")
        access = [permissions, Check("nobody else can change the workspace", loose(ws.root))]
    else:  # Windows: no modes to read; files in the user's own folder are theirs alone
        permissions = Check("inside your user folder (Windows keeps it private there)")
        permissions.problems, permissions.advice = outside(ws.root), True
        access = [permissions]
    temp = Check("no leftover temporary files")
    conflicts = Check("no conflict copies or stray files")
    drafts = Check(f"no drafts older than {DRAFT_AGE_DAYS} days")
    waiting = Check("nothing kept for a retry (an amend, a draft a save missed)", advice=True)
    references = Check("bar items referred to still exist")
    current = Check("frameworks hold everything this coachcli reads", advice=True)
    frameworks: Frameworks | None = None
    try:
        frameworks = load_frameworks(ws.frameworks_dir)
        missing = missing_help(frameworks)
        if missing:
            current.problems.append(missing)
    except CoachError as problem:
        parse.problems.append(str(problem))
    import coachcli.records.session  # noqa: F401 - imported once here, not again by each reader process

    today = clock.today()
    summaries = overview(store, tick)
    done = {row.id for s in summaries for row in s.rows if row.status == "complete"}
    where: dict[str, str] = {}
    for row in (row for s in summaries for row in s.rows if row.status == "complete"):
        if row.id in where:
            conflicts.problems.append(
                f"{store.folder / row.file}: the same session as {store.folder / where[row.id]}"
                " (a copy in another folder), listed once; remove one"
            )
        where.setdefault(row.id, row.file)
    from coachcli.store.reflections import problems as reflection_problems

    counted, unread = reflection_problems(store)  # the coach's own: not in the index
    parse.checked += counted
    parse.problems += unread
    for summary in summaries:
        parse.problems += [line for _, line in summary.problems]
        parse.checked += len(summary.rows) + len(summary.problems) + len(summary.copies)
        for name in summary.old_format:
            versions.problems.append(f"{store.folder / name}: an older format; run `coach migrate`")
        for name in summary.copies:
            conflicts.problems.append(
                f"{store.folder / name}: a copy under another name (a sync tool's?), left"
                " out of every listing; compare it with the original and remove it"
            )
        for row in summary.rows:
            if row.status == "draft" and row.id in done:
                temp.problems.append(
                    f"{store.folder / row.file}: the draft of a session already finished"
                    " (a run was stopped between the two saves); remove it"
                )
                continue
            if row.written < SESSION_FORMAT:
                versions.problems.append(
                    f"{store.folder / row.file}: format {row.written}; run `coach migrate`"
                )
            if row.status == "draft" and (today - row.date).days > DRAFT_AGE_DAYS:
                drafts.problems.append(
                    f"{Path(row.file).name}: {row.coachee}, {row.date}; `coach session resume"
                    f" {row.id}` or remove it"
                )
            if frameworks is not None:
                for bar_item in row.bar_items:
                    if frameworks.bar.item(bar_item) is None:
                        references.problems.append(
                            f"{Path(row.file).name}: bar item {bar_item!r} is gone"
                        )
    bits = portable.permission_bits(store.folder.stat().st_mode) if store.folder.is_dir() else 0
    if (bits or 0) & 0o077:
        permissions.problems.append(f"{store.folder}: folder readable by others; chmod 700")
    for relative, entry in store.walk():  # one pass over every file and folder
        path = store.folder / relative
        permissions.checked += 1
        folder = entry.is_dir(follow_symlinks=False)
        if (portable.permission_bits(entry.stat(follow_symlinks=False).st_mode) or 0) & 0o077:
            fix = (
                "folder readable by others; chmod 700"
                if folder
                else "readable by others; chmod 600"
            )
            permissions.problems.append(f"{path}: {fix}")
        if folder:
            continue
        if is_temp(relative):
            temp.problems.append(f"{path}: left by an interrupted save")
        elif (kept := re.fullmatch(r"_drafts/amend-(.+)\.yaml\.edit", relative)) is not None:
            waiting.problems.append(
                f"an amend of {kept[1]} was kept for a retry: `coach session amend"
                f" {kept[1]}` carries on with it"
            )
        elif re.fullmatch(r"\.leases/[0-9a-f]+\.unsaved\.yaml", relative):
            waiting.problems.append(
                f"{path}: a draft kept when a save failed; `coach session resume` takes it back"
            )
        elif is_stray(relative):
            conflicts.problems.append(f"{path}: {conflict_kind(path)}; compare and merge by hand")
    from coachcli.store.encryption import findings  # sealed files, the key file, caches

    sealing = Check("encryption as coach.yaml says", findings(ws.root, store, ws.encrypted()))
    checks = [parse, versions, *access, temp, conflicts, drafts, waiting, references]
    checks.append(current)
    checks.append(kept_too_long(ws, store, summaries))
    synced, intended = cloud_sync(ws)
    name = (
        "in a synced folder, as intended" if intended else "not in a folder a cloud service syncs"
    )
    checks.append(Check(name, synced, advice=intended))
    return [*checks, sealing]


def kept_too_long(ws: Workspace, store: Store, summaries: list[Summary]) -> Check:
    """Files older than the retention period in coach.yaml, or a note that the school
    has not set one (a count from the index and file names: nothing more is read)."""
    from coachcli.store.people import session_rows
    from coachcli.store.retention import day_text, expiry, overdue

    months = ws.config.retention_months
    if months is None:
        return Check(
            "a retention period is set",
            [
                "coach.yaml sets no retention period: your school decides how long coaching"
                " records are kept (`retention_months: 24`, say; see docs/data-protection.md)"
            ],
            advice=True,
        )
    before = expiry(clock.today(), months)
    found = overdue(ws, store, session_rows(summaries), before)
    period = f"{months} month{'s' * (months != 1)}"
    check = Check(f"nothing older than {period} (the retention period)")
    if found.total():
        counts = [
            (found.sessions, "session"),
            (found.drafts, "draft"),
            (found.others, "other file"),
        ]
        said = [f"{n} {kind}{'s' * (n != 1)}" for n, kind in counts if n]
        listed = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
        check.problems.append(
            f"{listed} older than {period} (from before {day_text(before)}):"
            " `coach forget --expired` erases them"
        )
    return check
