"""The current time, in one place, so tests can fix it with ``COACH_NOW``."""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """Local time, with its offset. ``COACH_NOW`` (ISO 8601) overrides it for tests."""
    fixed = os.environ.get("COACH_NOW")
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.astimezone()
    return dt.datetime.now().astimezone()


def today() -> dt.date:
    return now().date()
