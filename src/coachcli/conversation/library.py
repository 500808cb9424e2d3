"""The library of strong steps on the bar (``steps.yaml``), checked against the other
framework files and offered in the action-step stage.

The checks need the bar, the criteria, the practice places and the weak-step rules, so
they live here rather than in ``records``: `coach frameworks validate` fails on the
first problem (exit 1); `coach session start` says it once and runs without the library.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from coachcli.conversation.hints import weak_step_hints
from coachcli.records.school import duplicates

if TYPE_CHECKING:
    from coachcli.records.frameworks import Frameworks
    from coachcli.records.library import LibraryStep
    from coachcli.records.vocabulary import Kind

UNCHECKED = {"no_evidence"}
"""A library step has no session evidence yet: the evidence rule is not asked of it."""


def problems(fw: Frameworks) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Each step's references (bar item, places, criteria) and its wording (the hints)."""
    library = fw.library
    if library is None:
        return
    yield from duplicates(library.steps, ("steps",))
    kinds: dict[str, Kind] = {item.id: section.kind for section, item in fw.bar.items()}
    for i, step in enumerate(library.steps):
        kind = kinds.get(step.bar_item)
        if kind is None:
            yield ("steps", i, "bar_item"), f"no bar item {step.bar_item!r} in the bar"
            continue
        places = {place.id for place in fw.conversation.places.of(kind)}
        for j, place in enumerate(step.places):
            if place not in places:
                yield (
                    ("steps", i, "places", j),
                    f"no practice place {place!r} for {kind} coaching in conversation.yaml",
                )
        criteria = fw.criteria.for_kind(kind)
        ids = [criterion.id for criterion in criteria.criteria]
        for key in step.criteria:
            if key not in ids:
                yield ("steps", i, "criteria", key), f"no criterion {key!r} in {criteria.name}"
        missing = [key for key in ids if key not in step.criteria]
        if missing:
            yield ("steps", i, "criteria"), f"no verdict and reason for {', '.join(missing)}"
        for hint in weak_step_hints(step.step, kind, (), rules=fw.hints):
            if hint.id not in UNCHECKED:
                yield ("steps", i, "step"), f"reads as a weak step ({hint.id}): {hint.message}"


def check(fw: Frameworks) -> str | None:
    """The library's first problem as one line (file, line and field), else None."""
    if fw.library_problem is not None:
        return fw.library_problem
    for loc, message in problems(fw):
        return str(fw.files["steps"].fail(loc, message))
    return None


def turn_off_if_broken(fw: Frameworks) -> str | None:
    """Check the library; with a problem, take it out of ``fw`` and say why."""
    problem = check(fw)
    if problem is not None:
        fw.files.pop("steps", None)
    return problem


def offered(
    fw: Frameworks, item_id: str, achieved: set[str]
) -> list[tuple[LibraryStep, bool, bool]]:
    """The item's library steps in order, each with whether this coachee has achieved
    it and whether it is the one to suggest (the first not yet achieved)."""
    library = fw.library
    steps = library.on(item_id) if library is not None else []
    suggested = next((step.id for step in steps if step.id not in achieved), None)
    return [(step, step.id in achieved, step.id == suggested) for step in steps]
