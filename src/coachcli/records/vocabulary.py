"""The fixed words of the record: kinds of coaching, step statuses and their labels.

Kept apart from the pydantic models so that the commands that answer from the index
(`followup`, `session list`) can use them without importing pydantic.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["leadership", "instructional"]
"""The two kinds of coaching: of leaders, and of teaching."""

KIND_LABELS = {"leadership": "leadership", "instructional": "instructional"}

StepStatus = Literal["not_started", "practising", "achieved", "dropped"]
OPEN_STATUSES = ("not_started", "practising")
STATUS_LABELS = {
    "not_started": "not started",
    "practising": "practising",
    "achieved": "achieved",
    "dropped": "dropped",
}

PLACES: dict[str, list[tuple[str, str]]] = {
    "leadership": [
        ("team_meeting", "A team meeting they lead"),
        ("staff_meeting", "A staff meeting"),
        ("pd_session", "A professional development session"),
        ("classroom_observation", "A classroom observation they carry out"),
        ("coaching_conversation", "A coaching conversation they hold"),
        ("plc", "A professional learning community (PLC)"),
    ],
    "instructional": [
        ("classroom", "In the classroom, in a lesson"),
        ("planning", "In their planning"),
        ("rehearsal", "Rehearsed with you in a coaching session"),
    ],
}


def place_label(place: str | None) -> str | None:
    """The readable name of a practice place id (free text is shown as typed)."""
    for options in PLACES.values():
        for value, label in options:
            if value == place:
                return label
    return place


def humane(identifier: str | None) -> str:
    """An id shown to a person when no label was saved with it (files from format 1):
    ``feedback_360`` → ``Feedback 360``."""
    if not identifier:
        return ""
    text = identifier.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
