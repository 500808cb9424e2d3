"""The weak-step rules a coach sees, kept as data a school may edit: ``hints.yaml``.

Each rule's message and the plain word lists it looks for (``conversation.hints`` turns
them into patterns). The packaged ``frameworks/`` folder ships today's words; no Python
module keeps a copy of them (``tests/test_words.py`` checks). The words of the
conversation itself (``conversation.yaml``) are ``records.wording``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from coachcli.records.school import FileHead, Problem, Text, shipped_default
from coachcli.records.validation import Record
from coachcli.records.vocabulary import Kind

# --- hints.yaml -----------------------------------------------------------------------

Words = Annotated[
    list[Text],
    Field(
        min_length=1,
        description="Words or short phrases in lower case; observ* is every word that"
        " begins observ, and # is one digit.",
    ),
]


class Rule(Record):
    message: Text
    kinds: list[Kind] | None = Field(None, description="Only steps of these kinds (none: all).")


NewWords = Annotated[list[Text], Field(min_length=1)] | None  # added later: shipped_default


class OneOffTask(Rule):
    task_verbs: Words
    deliverables: Words
    task_nouns: Words
    helping: Words
    conditions: Words
    making: NewWords = shipped_default("Verbs that make a task only before a deliverable.")
    events: NewWords = shipped_default("One-off occasions: running one is a task.")
    event_verbs: NewWords = shipped_default("Verbs that make one of `events` a task.")
    repeats: NewWords = shipped_default("Moments that come round: each or every one clears it.")


class SeveralActions(Rule):
    joining: Words
    verbs: Words
    after_verb: Words
    follow_through: NewWords = shipped_default("Before it or them: the same action again.")


class Vague(Rule):
    starts: Words = Field(description="A step that begins so names an aim, not an action.")
    aims: Words = Field(description="Aims and comparisons that name no behaviour.")
    comparing: Words = Field(description="Before a describing word (more focused): an aim.")
    stops: Words = Field(description="Before a verb ending in -ing (stop shouting): an aim.")
    how: Words = Field(description="Words that say how: any of them clears the hint.")


class NoEvidence(Rule):
    evidence_words: Words
    common_words: Words
    stop_words: NewWords = shipped_default("Everyday words: they never tie a step to evidence.")
    general_words: NewWords = shipped_default("Too general alone: two of them tie a step.")
    synonyms: Annotated[dict[str, Words], Field(min_length=1)] | None = shipped_default(
        "Named groups of words that mean the same here: one in the step, one in the evidence."
    )


class NotTransferable(Rule):
    days: Words
    before_day: Words
    by_when: Words
    occasions: Words
    months: Words
    recurring: Words


class HintRules(Record):
    one_off_task: OneOffTask
    several_actions: SeveralActions
    vague: Vague | None = shipped_default("A step that names an aim, not something to do.")
    no_evidence: NoEvidence
    not_transferable: NotTransferable | None = shipped_default("A step tied to one occasion.")
    no_time_frame: dict[str, Any] | None = Field(None, description="Older files: never used.")

    def listed(self) -> list[tuple[str, Rule]]:
        """Each rule with its id (the id a step saves), in the order hints are shown."""
        found = ((name, getattr(self, name)) for name in type(self).model_fields)
        return [(name, rule) for name, rule in found if isinstance(rule, Rule)]


class HintsFile(FileHead):
    framework: Literal["hints"]
    rules: HintRules


_WORD = re.compile(r"^[^\sA-Z*]+\*?(?: [^\sA-Z*]+\*?)*$")
_PLAIN_WORD = re.compile(r"^[^\sA-Z*#]+$")
_SAID = ("write words in lower case; * may only end a word", "write one word in lower case")


def hints_problems(model: HintsFile) -> Iterator[Problem]:
    for rule_id, rule in model.rules.listed():
        for field, value in rule:
            if field in ("message", "kinds") or not isinstance(value, list | dict):
                continue
            plain = field in ("common_words", "stop_words", "general_words")  # word for word
            for where, word in _entries(value):
                if not (_PLAIN_WORD if plain else _WORD).match(" ".join(word.split())):
                    yield ("rules", rule_id, field, *where), _SAID[plain]
                    return


def _entries(value: list[Any] | dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Each word of a list, or of named groups (``synonyms``), with where it is."""
    for key, entry in value.items() if isinstance(value, dict) else enumerate(value):
        for inner, word in enumerate(entry) if isinstance(entry, list) else [(None, entry)]:
            yield ((key,) if inner is None else (key, inner)), word
