"""Dates as a coach types them (``2026-12-01``, ``1/12``, ``tue``, ``+14``, ``2w``) and as
a coach reads them (``in 5 days``)."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?"
)
"""A weekday's name or a usual short form: 'sunny' or 'next month' is not a day."""


def parse_date(text: str, today: dt.date) -> dt.date:
    """Read a date; raise ValueError with a short hint when it cannot be read."""
    value = text.strip().lower()
    if value in ("today", "now"):
        return today
    if value == "tomorrow":
        return today + dt.timedelta(days=1)
    if value in ("next week", "a week"):
        return today + dt.timedelta(weeks=1)
    relative = re.fullmatch(r"(?:in\s+)?\+?\s*(\d{1,3})\s*(d|days?|w|weeks?)?", value)
    if relative and (value.startswith(("+", "in")) or relative.group(2)):
        count = int(relative.group(1))
        weeks = (relative.group(2) or "d").startswith("w")
        return today + dt.timedelta(weeks=count) if weeks else today + dt.timedelta(days=count)
    day_name = re.fullmatch(rf"(?:next\s+)?({_DAY_NAMES})", value)
    if day_name:
        ahead = (WEEKDAYS.index(day_name.group(1)[:3]) - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    uk = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?", value)
    if uk:
        day, month = int(uk.group(1)), int(uk.group(2))
        year = int(uk.group(3)) if uk.group(3) else today.year
        year = year + 2000 if year < 100 else year
        try:
            found = dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{text.strip()} is not a real date") from None
        if not uk.group(3) and found < today:
            found = found.replace(year=year + 1)
        return found
    raise ValueError("type a date like 2026-12-01, 1/12, tue, +14 or 2w")


def relative(day: dt.date, today: dt.date) -> str:
    """``today``, ``tomorrow``, ``in 5 days``, ``3 days ago``."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def when(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "no date"
    return f"{day:%a} {day.day} {day:%b %Y} ({relative(day, today)})"
