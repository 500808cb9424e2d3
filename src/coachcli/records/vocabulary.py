"""The fixed words of the record: kinds of coaching, step statuses and their labels.

The words of the conversation (questions, practice places, the action-step stem) are
data in ``frameworks/conversation.yaml``, not here.

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

# The stem of an action step ("Priya will be able to ...") lives in
# frameworks/conversation.yaml and each session saves the one it used (format 3). This is
# its one copy in Python, on purpose: sessions saved before format 3 have no stem of
# their own, and the commands that show them must not load frameworks/ to find one.
DEFAULT_STEM = "will be able to"


def place_label(place: str | None) -> str | None:
    """A practice place as saved. The names of the places live in
    ``frameworks/conversation.yaml`` now, and a session saves the name it showed
    (``place_name``); without one, the id or the coach's own words are shown as saved."""
    return place


def humane(identifier: str | None) -> str:
    """An id shown to a person when no label was saved with it (files from format 1):
    ``feedback_360`` → ``Feedback 360``."""
    if not identifier:
        return ""
    text = identifier.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
