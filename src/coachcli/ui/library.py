"""The step library, readably (`coach frameworks show steps [BAR_ITEM]`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from coachcli.errors import CoachError
from coachcli.ui.console import heading, indent

if TYPE_CHECKING:
    from coachcli.records.frameworks import Frameworks


def show_library(out: Console, fw: Frameworks, item_id: str | None = None) -> None:
    """Each bar item's steps in order: the step, what done well looks like, the weak
    version, where to practise and the rehearsal cue; one item with ``item_id``."""
    library = fw.library
    if library is None:
        raise CoachError(f"the step library is off: {fw.library_problem or 'no steps.yaml'}")
    items = [item for _, item in fw.bar.items() if item_id in (None, item.id)]
    if not items:
        known = ", ".join(item.id for _, item in fw.bar.items())
        raise CoachError(f"no bar item {item_id!r}; choose one of {known}")
    places = fw.conversation.places
    named = {place.id: place.name for place in [*places.leadership, *places.instructional]}
    for item in items:
        steps = library.on(item.id)
        if not steps:
            continue
        heading(out, f"\n{item.title}  [{item.id}]")
        for number, step in enumerate(steps, 1):
            stem = fw.conversation.stem
            indent(out, f"{number}. {stem} {step.step}  [{step.id}]", 2, "bold", hang=3)
            for sign in step.done_well:
                indent(out, f"✓ {sign}", 5, hang=2)
            indent(out, f"not: {step.weak}", 5, "dim", hang=2)
            where = ", ".join(named.get(place, place) for place in step.places)
            indent(out, f"practise: {where}", 5, "dim", hang=2)
            cue = step.rehearsal
            indent(out, f"see it: {cue.model}", 5, "italic", hang=2)
            indent(out, f"name it: {cue.name}", 5, "italic", hang=2)
            indent(out, f"do it: {cue.rehearse}", 5, "italic", hang=2)
    out.print(Text(""))
