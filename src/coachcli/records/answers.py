"""The shape of an answers file (`coach session start --answers FILE`,
`coach followup NAME --record --answers FILE` and `coach reflect --answers FILE`), as
a pydantic model.

The conversation reads an answers file itself: ``asking.AnswersAsker`` walks it by the
keys that ``engine.py`` and ``record.py`` ask for, and says when an answer is missing,
not one of the choices, not a date, or never used. This model is checked first and
only looks at the shape: every key, at every level, must be one the conversation can
ask for, so a mistyped key is named with its line and a did-you-mean before anything
runs or is saved.

Values stay as text, because the engine reads dates, yes/no answers and choices
itself and explains its own errors. For editors, the JSON Schema
(``coach frameworks schema answers``) also accepts the YAML types they see: ``true``
as a boolean in a yes/no answer, ``+14`` as a number in a date.

Keys the engine asks only of a person at a terminal (``resume``, ``coachee_match``,
``coachee_same``, ``reword``, ``open_elsewhere``, ``save_failed``, the menus between
stages) are left out on purpose: an answers file is never asked them, so such a key is
refused as unknown.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from coachcli.records.validation import Record

Text = str | None
"""Free text, or a choice the engine checks (an id, a status, a kind of coaching)."""
YesNo = bool | str | None
"""yes or no (also y/n, true/false, on/off, 1/0); the engine reads it."""
When = str | int | None
"""A date as a coach types it: 2026-12-01, 1/12, fri, +14 or 2w; the engine reads it."""


class NoteAnswer(Record):
    """One note taken in a notes stage."""

    prompt: Text = Field(None, description="The question asked (optional).")
    note: Text = Field(None, description="What was said, or the coach's note.")
    private: YesNo = Field(None, description="yes: kept only in the coach's own copy.")


class EvidenceAnswer(Record):
    """One piece of evidence, seen already or still to collect."""

    source: Text = Field(None, description="An evidence source id from the bar.")
    seen: Text = Field(None, description="What was seen, or what to collect.")
    to_collect: YesNo = Field(None, description="yes: still to be collected.")
    collector: Text = Field(None, description="to_collect: who will collect it.")
    due: When = Field(None, description="to_collect: by when (2026-12-01, fri, +14 or 2w).")


class PracticeAnswer(Record):
    """How and where an action step will be practised."""

    place: Text = Field(None, description="Where it will be practised (a place id or any text).")
    when: Text = Field(None, description="When it will happen.")
    observer: Text = Field(None, description="Who will observe it.")
    feedback: Text = Field(None, description="How and when feedback will be given.")
    due: When = Field(None, description="Due date: 2026-12-01, 1/12, fri, +14 or 2w.")


class RehearsalAnswer(Record):
    """A rehearsal in the room (its presence means one happened): see it, name it, do
    it, and what changed."""

    seen: Text = Field(None, description="See it: what was modelled or shown.")
    moves: Text = Field(None, description="Name it: the key moves, named together.")
    rounds: str | int | None = Field(
        None, description="Do it: how many rounds (a whole number, 1 to 99)."
    )
    changed: Text = Field(None, description="What changed from the first round to the last.")


class GoalAnswer(Record):
    """The coachee's own goal, and a measure about pupils."""

    own_words: Text = Field(None, description="What they want to get better at, in their words.")
    pupils: Text = Field(None, description="What will be different for pupils (the measure).")
    baseline: Text = Field(None, description="Where the measure is now.")
    target: Text = Field(None, description="Where it should get to.")
    check_by: When = Field(None, description="When to check it: 2026-02-12, +42 or 6w.")


class UnmetAnswer(Record):
    """What was done about a step that misses some criteria: one entry each time the
    coach was asked (a reworded step that still misses one is asked again)."""

    choice: Text = Field(None, description="reword, keep or drop (required).")
    text: Text = Field(None, description="reword: the step in its new words.")
    criteria: dict[str, YesNo] = Field(
        default_factory=dict,
        description="reword: yes or no again for each criterion the step missed.",
    )
    reason: Text = Field(None, description="keep: why it is kept as it is (required).")


class StepAnswer(Record):
    """A new action step agreed in this session."""

    library: Text = Field(None, description="A library step id (steps.yaml); text adapts it.")
    text: Text = Field(None, description="What they will be able to do.")
    criteria: dict[str, YesNo] = Field(
        default_factory=dict, description="yes or no for each criterion id of criteria.yaml."
    )
    unmet: list[UnmetAnswer] = Field(
        default_factory=list,
        description="When it misses any criterion: reword, keep with a reason, or drop.",
    )
    practice: PracticeAnswer = Field(default_factory=PracticeAnswer)
    rehearsal: RehearsalAnswer | None = Field(
        None, description="A rehearsal in the room, if one happened."
    )


class ReviewAnswer(Record):
    """Where an earlier action step is now."""

    status: Text = Field(None, description="not_started, practising, achieved or dropped.")
    evidence: Text = Field(None, description="The practice seen since last time, and where.")
    reflection: Text = Field(None, description="What they have learned about themselves.")
    feedback: Text = Field(None, description="The feedback given after it was observed.")


class FollowupAnswer(ReviewAnswer):
    """An open step from an earlier session, followed up and carried forward."""

    practice: PracticeAnswer = Field(default_factory=PracticeAnswer)
    rehearsal: RehearsalAnswer | None = Field(
        None, description="A rehearsal in the room, if one happened."
    )


class CloseAnswer(Record):
    """The close of the conversation."""

    strengths: Text = Field(None, description="Strengths noticed and successes to celebrate.")
    coachee_summary: Text = Field(None, description="The coachee's own summary.")
    next_meeting: When = Field(None, description="Next meeting: 2026-12-08, fri, +14 or 2w.")


class RatingAnswer(Record):
    """How the coach saw one quality or skill in their own practice."""

    rating: str | int | None = Field(
        None,
        description="A point of the scale (1 to 4) or its words; left out: skipped.",
    )
    note: Text = Field(None, description="A note to yourself (optional).")


class ReflectionAnswer(Record):
    """The coach's reflection on their own practice (coach reflect)."""

    offer: YesNo = Field(
        None, description="At the close of coach session start: yes to reflect there and then."
    )
    qualities: dict[str, RatingAnswer] = Field(
        default_factory=dict, description="By quality id of skills.yaml (pupil_learning, …)."
    )
    skills: dict[str, RatingAnswer] = Field(
        default_factory=dict, description="By skill id of skills.yaml (rapport, listening, …)."
    )
    next: Text = Field(None, description="One thing to work on next.")


class AnswersFile(Record):
    """An answers file: a session prepared in advance, or progress between meetings."""

    format_version: Annotated[int, Field(ge=1, description="The answers file format: 1.")] = 1
    coachee: Text = Field(None, description="Who is being coached.")
    coachee_id: Text = Field(
        None, description="Which of two people of the same name (the id the error shows)."
    )
    coachee_new: YesNo = Field(
        None,
        description="yes: start a new record for this name even though some files could"
        " not be read (they may hold this person).",
    )
    coachee_unarchive: YesNo = Field(
        None, description="yes: bring the coachee back if they were archived, and go on."
    )
    role: Text = Field(None, description="A role id from the bar.")
    kind: Text = Field(None, description="leadership or instructional.")
    flow: Text = Field(None, description="A flow id from flows.yaml (full or quick).")
    coach: Text = Field(None, description="The coach's name.")
    focus: Text = Field(None, description="The bar item in focus (an item id).")
    goal: GoalAnswer | None = Field(None, description="The coachee's own goal and a pupil measure.")
    goal_now: Text = Field(
        None, description="At follow-up: where last time's pupil measure is now."
    )
    notes: dict[str, list[NoteAnswer]] = Field(
        default_factory=dict, description="Notes by stage id, in the order they were taken."
    )
    evidence: list[EvidenceAnswer] = Field(default_factory=list)
    action_steps: list[StepAnswer] = Field(
        default_factory=list, description="New action steps, in the order they were agreed."
    )
    followup: list[FollowupAnswer] = Field(
        default_factory=list,
        description="One entry for each open step from earlier sessions, in order.",
    )
    close: CloseAnswer = Field(default_factory=CloseAnswer)
    steps: list[ReviewAnswer] = Field(
        default_factory=list,
        description="For coach followup NAME --record: one entry for each open step.",
    )
    reflection: ReflectionAnswer | None = Field(
        None,
        description="Your reflection on your own practice: at the close of a session"
        " (with offer: yes) or for coach reflect --answers FILE.",
    )
