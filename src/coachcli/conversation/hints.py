"""Noticing a weak action step while the coach can still reword it.

These are hints, never rules: plain word lists that catch the usual ways a step goes
wrong (a one-off task instead of a skill, several actions at once, nothing tying it to
the evidence, no time frame). The coach decides. The words and messages are data, in
``frameworks/hints.yaml`` (``records.words.HintsFile``); this module only knows how each
rule reads its lists, and turns the lists into patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from coachcli.records.words import (
        HintsFile,
        NoEvidence,
        NoTimeFrame,
        OneOffTask,
        SeveralActions,
    )


@dataclass(frozen=True)
class Hint:
    id: str
    message: str


def _phrase(words: str) -> str:
    """One entry of a word list as a pattern: ``observ*`` is any word that begins
    ``observ``, ``#`` is one digit, and words are apart by white space."""
    parts = []
    for word in words.split():
        if word == "#":
            parts.append(r"\d")
        elif word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word))
    return r"\s+".join(parts)


def _any(words: Iterable[str]) -> str:
    """A word list as alternatives (``re`` keeps the compiled patterns it is given)."""
    return "|".join(_phrase(entry) for entry in words)


def _one_off_task(rule: OneOffTask, step: str) -> bool:
    """A task verb begins the step, or comes a few words before a deliverable (its plural
    too); helping someone to do a task; "with the writing of" and the like. Conditions
    that make the work good (a numbered list or a colon count) clear it."""
    task = _any(rule.task_verbs)
    patterns = (
        rf"\b(with|on)\s+(the\s+)?({_any(rule.task_nouns)})\s+of\b",
        rf"\b({_any(rule.helping)})\s+(\w+\s+){{1,3}}(to\s+)?({task})\b",
        rf"^(to\s+)?({task})\b",
        rf"\b({task})\s+(\w+\s+){{0,3}}({_any(rule.deliverables)})s?\b",
    )
    if not any(re.search(pattern, step) for pattern in patterns):
        return False
    return not re.search(rf"\b({_any(rule.conditions)})\b|\d\)|:", step)


def _several_actions(rule: SeveralActions, step: str) -> bool:
    """A joining phrase, a semicolon, "then" before an action verb, or "and" (or a
    comma) before a second action verb and one of the words that follow a verb."""
    verbs = _any(rule.verbs)
    return bool(
        re.search(
            rf";|\b({_any(rule.joining)})\b|\bthen\s+({verbs})\b|"
            rf"(\band|,)\s+(to\s+|then\s+)?({verbs})\s+({_any(rule.after_verb)})\b",
            step,
        )
    )


def _content_words(text: str, common: set[str]) -> set[str]:
    words = re.findall(r"[a-z][a-z'-]{4,}", text.lower())
    return {w.rstrip("s") for w in words if w not in common}


def _no_evidence(rule: NoEvidence, step: str, evidence: Iterable[str]) -> bool:
    """No evidence word, and no longer word shared with the evidence seen."""
    if re.search(rf"\b({_any(rule.evidence_words)})\b", step):
        return False
    common = {" ".join(word.split()) for word in rule.common_words}
    seen = set().union(*(_content_words(e, common) for e in evidence))
    return not seen & _content_words(step, common)


def _no_time_frame(rule: NoTimeFrame, step: str) -> bool:
    """No time word, no "within the next two weeks" shape, no date in figures."""
    period = (
        rf"\b({_any(rule.before_period)})\s+(the\s+)?(({_any(rule.qualifiers)})\s+)?"
        rf"((\d+|{_any(rule.numbers)})\s+)?({_any(rule.periods)})\b"
    )
    dates = r"\b\d{1,2}[/.]\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b"
    return not re.search(rf"{period}|\b({_any(rule.time_words)})\b|{dates}", step)


def weak_step_hints(
    text: str, kind: str | None, evidence: Iterable[str] = (), *, rules: HintsFile | None = None
) -> list[Hint]:
    """Hints for a step's wording; ``evidence`` is what this session recorded as seen.

    ``rules`` are the workspace's (``Frameworks.hints``); without them, coachcli's own.
    """
    if rules is None:
        from coachcli.records.frameworks import shipped

        rules = cast("HintsFile", shipped("hints"))
    step = " ".join(text.lower().split())
    r = rules.rules
    found = {
        "one_off_task": lambda: _one_off_task(r.one_off_task, step),
        "several_actions": lambda: _several_actions(r.several_actions, step),
        "no_evidence": lambda: _no_evidence(r.no_evidence, step, evidence),
        "no_time_frame": lambda: _no_time_frame(r.no_time_frame, step),
    }
    return [
        Hint(rule_id, rule.message)
        for rule_id, rule in r.listed()
        if (rule.kinds is None or kind in rule.kinds) and found[rule_id]()
    ]
