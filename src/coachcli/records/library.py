"""The library of strong action steps on the bar: ``steps.yaml``.

Each step sits on one bar item, in order from the foundational to the more demanding,
for the kind of coaching the item's section is for. It says what the step looks like
done well, the weak version coaches often write instead, where it can be practised, a
rehearsal cue (what to model, what to name, what the coachee rehearses) and, for each
criterion of its kind's set, a verdict with a one-line reason. The checks that need the
other framework files (the bar item, the places, the criteria, the hint rules) are in
``records.frameworks``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from coachcli.records.school import FileHead, Id, Text
from coachcli.records.validation import Record


class Verdict(Record):
    met: bool
    why: Text = Field(description="One line: why the step meets (or misses) the criterion.")


class RehearsalCue(Record):
    """What to rehearse in the room: see it, name it, do it."""

    model: Text = Field(description="See it: what the coach models or shows.")
    name: Text = Field(description="Name it: the two or three key moves.")
    rehearse: Text = Field(description="Do it: what the coachee rehearses.")


class LibraryStep(Record):
    id: Id
    bar_item: Id = Field(description="The bar item it sits on (an item id from bar.yaml).")
    step: Text = Field(description="What they will be able to do, after the stem.")
    done_well: Annotated[list[Text], Field(min_length=1, max_length=5)] = Field(
        description="Two or three observable signs it is done well."
    )
    weak: Text = Field(description="The weak version coaches often write instead.")
    places: Annotated[list[Id], Field(min_length=1)] = Field(
        description="Practice place ids from conversation.yaml, for the item's kind."
    )
    rehearsal: RehearsalCue
    criteria: dict[str, Verdict] = Field(
        description="Each criterion of the kind's set (criteria.yaml): a verdict and why."
    )


class StepsFile(FileHead):
    framework: Literal["steps"]
    steps: list[LibraryStep]

    def on(self, item_id: str) -> list[LibraryStep]:
        """The item's steps, in their order."""
        return [step for step in self.steps if step.bar_item == item_id]

    def step(self, step_id: str | None) -> LibraryStep | None:
        return next((s for s in self.steps if s.id == step_id), None)
