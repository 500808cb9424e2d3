"""The words of the conversation, kept as data a school may edit: ``conversation.yaml``.

It holds what each kind of stage asks and says, the fixed options of its menus, the
places where a step can be practised (per kind of coaching) and the stem every action
step begins with. The packaged ``frameworks/`` folder ships today's words; no Python
module keeps a copy of them (``tests/test_words.py`` checks). ``records.words`` holds
the weak-step rules (``hints.yaml``) and names these models too.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from coachcli.records.school import FileHead, Id, Problem, Text, duplicates, shipped_default
from coachcli.records.validation import Record
from coachcli.records.vocabulary import Kind


def _says(*names: str) -> Any:
    """A required piece of wording that may name ``names`` in braces, filled in as the
    conversation runs; wording without this is shown exactly as written."""
    listed = ", ".join("{" + name + "}" for name in names)
    return Field(description=f"May use {listed}.", json_schema_extra={"placeholders": list(names)})


def _new_says(*names: str) -> Any:
    """Wording added after schools had their own conversation.yaml: optional (coachcli's
    own is used when it is left out), and it may name ``names`` in braces."""
    listed = ", ".join("{" + name + "}" for name in names)
    return Field(
        None,
        description=f"May use {listed}. Left out: coachcli's own is used.",
        json_schema_extra={"placeholders": list(names), "shipped_default": True},
    )


def _new() -> Any:
    return shipped_default("Wording added in a later coachcli.")


# --- conversation.yaml ----------------------------------------------------------------


class Place(Record):
    id: Id
    name: Text


class Places(Record):
    """Where a step can be practised, for each kind of coaching."""

    leadership: Annotated[list[Place], Field(min_length=1)]
    instructional: Annotated[list[Place], Field(min_length=1)]

    def of(self, kind: Kind) -> list[Place]:
        return self.leadership if kind == "leadership" else self.instructional


class ContextWords(Record):
    role: Text = _says("name", "first")
    kind: Text
    focus: Text
    in_focus: Text = _says("title")
    same_focus: Text | None = _new_says("title")
    grouped: Text | None = _new_says("section", "aspect", "title")
    """The heading above a section's items; a ``{title}`` (the older form, one label per
    item) is left out of it."""


class GuideWords(Record):
    """What a stage shows before it asks: its questions, its skill's and its cues."""

    prompts: Text
    bank: Text = _says("skill")
    cues: Text = _says("skill")


class NotesWords(Record):
    menu: Text
    one_note: Text
    some_notes: Text = _says("count")
    pick: Text
    own: Text
    note: Text
    private: Text


class EvidenceWords(Record):
    menu: Text
    source: Text
    seen: Text
    to_collect: Text
    collector: Text | None = _new()
    due: Text | None = _new()


class ActionStepWords(Record):
    menu: Text
    step: Text = _says("first", "name", "stem")
    step_help: Text
    carried: Text
    weak: Text
    weak_example: Text = _says("weak")
    strong_example: Text = _says("strong")
    reword: Text
    reworded: Text
    criteria_met: Text = _says("met", "total")
    criteria_missing: Text = _says("missing")
    unmet: Text | None = _new_says("missing")
    library: Text | None = _new_says("item")
    library_pick: Text | None = _new()
    kept_because: Text | None = _new()
    dropped: Text | None = _new()


class PracticeWords(Record):
    step: Text = _says("number")
    place: Text
    where: Text
    when: Text
    observer: Text
    observer_default: Text
    feedback: Text
    due: Text
    no_steps: Text
    done: Text


class FollowupWords(Record):
    none: Text
    step: Text = _says("number", "total")
    practice: Text = _says("place", "observer")
    recorded: Text = _says("status")
    status: Text
    evidence: Text
    reflection: Text
    achieved: Text
    done: Text
    feedback: Text | None = _new()


class CloseWords(Record):
    strengths: Text
    summary: Text = _says("name", "first")
    next_meeting: Text
    done: Text


class GoalWords(Record):
    """The coachee's own goal and a measure about pupils (the context stage), and where
    the measure is at the next follow-up."""

    own_words: Text = _says("first", "name")
    pupils: Text
    baseline: Text
    target: Text
    check_by: Text
    now: Text = _says("pupils", "baseline", "target")


class RehearsalWords(Record):
    """Practice in the room: see it, name it, do it (the practice stage)."""

    question: Text
    offer: Text
    skip: Text
    about: Text
    seen: Text
    moves: Text
    rounds: Text
    changed: Text
    done: Text = _says("rounds")
    cue: Text = _says("model", "name", "rehearse")


class CorrectWords(Record):
    """Correcting the record from a stage's menu: its notes, evidence, steps and reviews."""

    offer: Text
    which: Text
    back: Text
    what: Text
    note: Text
    evidence: Text
    step: Text
    review: Text
    private: Text
    edit: Text
    make_private: Text
    share_again: Text
    to_collect: Text
    seen: Text
    review_again: Text
    delete: Text
    leave: Text
    confirm_delete: Text
    confirm_delete_step: Text
    reword: Text = _says("first", "stem")
    recheck: Text
    changed: Text
    deleted: Text
    now_private: Text
    now_shared: Text


class Questions(Record):
    """What each kind of stage asks, and the short lines it shows."""

    context: ContextWords
    notes: NotesWords
    evidence: EvidenceWords
    action_steps: ActionStepWords
    practice: PracticeWords
    followup: FollowupWords
    close: CloseWords
    guide: GuideWords | None = _new()
    correct: CorrectWords | None = _new()
    goal: GoalWords | None = _new()
    rehearsal: RehearsalWords | None = _new()


class ContextMenu(Record):
    leadership: Text
    instructional: Text
    change_kind: Text | None = _new()
    competencies: Text | None = _new()
    practices: Text | None = _new()


class NotesMenu(Record):
    more: Text = _says("skill")
    own: Text
    note: Text
    share_again: Text
    make_private: Text
    none: Text
    cue: Text | None = _new_says("cue")


class EvidenceMenu(Record):
    add: Text


class ActionStepsMenu(Record):
    add: Text
    reword: Text
    keep: Text
    drop: Text | None = _new()


class PracticeMenu(Record):
    other: Text


class Menus(Record):
    """The fixed options of the stages' menus."""

    context: ContextMenu
    notes: NotesMenu
    evidence: EvidenceMenu
    action_steps: ActionStepsMenu
    practice: PracticeMenu


OTHER_PLACE = "other"
"""The practice menu's own option for a place that is not listed."""


class ConversationFile(FileHead):
    framework: Literal["conversation"]
    stem: Text = Field(description="What every action step begins with, after the name.")
    places: Places
    questions: Questions
    menus: Menus

    def place_name(self, kind: Kind | None, place_id: str | None) -> str | None:
        """The name of a practice place id (for ``kind``, or any kind), else None."""
        kinds: list[Kind] = [kind] if kind else ["leadership", "instructional"]
        found = (p.name for k in kinds for p in self.places.of(k) if p.id == place_id)
        return next(found, None)


def _template_problems(model: BaseModel, loc: tuple[Any, ...]) -> Iterator[Problem]:
    """Wording whose braces name something this entry is not given, or are unpaired."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _template_problems(value, (*loc, name))
            continue
        extra = info.json_schema_extra
        allowed = extra.get("placeholders") if isinstance(extra, dict) else None
        if not isinstance(value, str) or not isinstance(allowed, list):
            continue
        listed = ", ".join("{" + str(a) + "}" for a in allowed)
        try:
            fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(value)]
        except ValueError:
            yield (*loc, name), "a brace on its own: write {{ or }} to show one"
            return
        for field, spec, conversion in fields:
            if field is None:
                continue
            if field not in allowed or spec or conversion:
                yield (*loc, name), f"{{{field}}} is not filled in here; this may use {listed}"
                return


def conversation_problems(model: ConversationFile) -> Iterator[Problem]:
    for kind in ("leadership", "instructional"):
        places = model.places.of(kind)
        yield from duplicates(places, ("places", kind))
        for index, place in enumerate(places):
            if place.id == OTHER_PLACE:
                yield (
                    ("places", kind, index, "id"),
                    f"the id {OTHER_PLACE!r} is kept for the menu's own choice; use another",
                )
    yield from _template_problems(model, ())
