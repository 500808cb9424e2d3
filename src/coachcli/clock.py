"""The current time, in one place, so tests can fix it with ``COACH_NOW``."""

from __future__ import annotations

import datetime as dt
import os

from coachcli.errors import CoachError


def now() -> dt.datetime:
    """Local time, with its offset. ``COACH_NOW`` (ISO 8601) overrides it for tests."""
    fixed = os.environ.get("COACH_NOW")
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed.strip())
        except ValueError:
            given = f", not {fixed!r}" if len(fixed) <= 40 and fixed.isprintable() else ""
            raise CoachError(
                f"COACH_NOW must be a date and time like 2026-03-02T09:30{given};"
                " unset it to use the real time"
            ) from None
        return moment if moment.tzinfo else moment.astimezone()
    return dt.datetime.now().astimezone()


def today() -> dt.date:
    return now().date()
