"""Noticing a weak action step while the coach can still reword it.

These are hints, never rules: plain word patterns that catch the usual ways a step
goes wrong (a one-off task instead of a skill, several actions at once, nothing tying
it to the evidence, no time frame). The coach decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hint:
    id: str
    message: str


MESSAGES = {
    "one_off_task": (
        "This reads like a one-off task. A strong step names a skill the coachee can use"
        " again, with the conditions that make it good."
    ),
    "several_actions": (
        "This seems to hold more than one action. Keep a step narrow enough to practise"
        " within a few weeks; give each other action a step of its own."
    ),
    "no_evidence": (
        "Nothing ties this step to the evidence. Say what in this team's evidence makes it"
        " the right step."
    ),
    "no_time_frame": "There is no time frame. Say by when, or how often, it will be practised.",
}

_TASK_VERBS = (
    r"write|writing|finish|complete|draft|send|submit|produce|prepare|fill in|update|"
    r"sort out|organi[sz]e|book|email|print|file|tidy|set up|hand in|type up"
)
_DELIVERABLES = (
    r"plan|report|document|letter|e-?mail|policy|agenda|minutes|timetable|list|sef|"
    r"budget|form|paperwork|slides|presentation|action plan|display"
)
_ONE_OFF = [
    re.compile(r"\b(with|on)\s+(the\s+)?(writing|completion|drafting|preparation)\s+of\b"),
    re.compile(rf"\b(help|support|assist)\w*\s+(\w+\s+){{1,3}}(to\s+)?({_TASK_VERBS})\b"),
    re.compile(rf"^(to\s+)?({_TASK_VERBS})\b"),
    re.compile(rf"\b({_TASK_VERBS})\s+(\w+\s+){{0,3}}({_DELIVERABLES})s?\b"),
]
_CONDITIONS = re.compile(
    r"\b(that are|that is|so that|which are|in a way that|each time|every time|whenever|"
    r"consistently|criteria|based on|based upon|tied to|connected to|such that)\b|\d\)|:"
)
_ACTION_VERBS = (
    r"write|plan|run|lead|model|observe|share|send|meet|review|check|ask|use|set|give|"
    r"introduce|open|create|design|teach|support|coach|deliver|analy[sz]e|monitor|track|"
    r"embed|hold|present|launch|complete|finish|organi[sz]e|attend|read|visit|provide|"
    r"build|develop|agree|collect|gather|update|talk|speak|email|book|draft|prepare"
)
_SEVERAL = re.compile(
    rf";|\band then\b|\bthen\s+({_ACTION_VERBS})\b|\bas well as\b|\balso\b|"
    rf"(\band|,)\s+(to\s+|then\s+)?({_ACTION_VERBS})\s+(the|a|an|his|her|their|them|it|"
    rf"each|every|all|some|with|to)\b"
)
_EVIDENCE_WORDS = re.compile(
    r"\b(evidence|data|observ\w*|seen|saw|noticed|found|show(s|ed|n)?|survey\w*|feedback|"
    r"results?|audit|scrutiny|book looks?|learning walks?|baseline|assessments?|"
    r"according to|based on|based upon|pupil work|pupils' work)\b"
)
_TIME = re.compile(
    r"\b(by|before|within|until|from|after|over|for|in)\s+(the\s+)?(next\s+|this\s+|"
    r"coming\s+)?(\d+\s+|two\s+|three\s+|four\s+|six\s+)?(weeks?|terms?|half[- ]terms?|"
    r"months?|fortnight|days?|lessons?|meetings?|christmas|easter|summer|date|end of)\b|"
    r"\b(each|every|next|this|weekly|daily|fortnightly|termly|monthly)\b|"
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\btime[- ]bound\b|\bdeadline\b|"
    r"\bperiod\s+\d\b|\b\d{1,2}[/.]\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(january|february|march|april|may|june|july|september|october|november|december)\b"
)
_STOPWORDS = {
    "about",
    "after",
    "again",
    "their",
    "there",
    "these",
    "those",
    "which",
    "while",
    "would",
    "could",
    "should",
    "where",
    "being",
    "every",
    "other",
    "under",
    "until",
    "before",
    "during",
    "within",
    "without",
    "teacher",
    "teachers",
    "colleague",
}


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z'-]{4,}", text.lower())
    return {w.rstrip("s") for w in words if w not in _STOPWORDS}


def weak_step_hints(text: str, kind: str | None, evidence: Iterable[str] = ()) -> list[Hint]:
    """Hints for a step's wording; ``evidence`` is what this session recorded as seen."""
    step = " ".join(text.lower().split())
    found: list[str] = []
    if any(p.search(step) for p in _ONE_OFF) and not _CONDITIONS.search(step):
        found.append("one_off_task")
    if _SEVERAL.search(step):
        found.append("several_actions")
    if kind == "leadership" and not _EVIDENCE_WORDS.search(step):
        shared = set().union(*(_content_words(e) for e in evidence)) & _content_words(step)
        if not shared:
            found.append("no_evidence")
    if not _TIME.search(step):
        found.append("no_time_frame")
    return [Hint(hint, MESSAGES[hint]) for hint in found]
