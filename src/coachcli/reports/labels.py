"""What a person reads in place of an id, and a time typed in words dated with the day
it was written.

A record saves the label it showed beside each id (format 2 on); a file from before
then, and the weak-step hints (saved by rule name only), take theirs from the
workspace's frameworks here, and only the id is shown when a framework no longer has
it. A time typed as words ("next Tuesday's team meeting") means something else three
weeks later, so it is shown with the day it was written (``dated``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from coachcli.records.session import Session

RELATIVE = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|next|this|last|coming|(?:mon|tues?|wed(?:nes)?"
    r"|thu(?:rs?)?|thurs|fri|satur|sun)(?:day)?s?|weds|weekend|week|weeks|fortnight|month"
    r"|term|half[- ]term)\b",
    re.IGNORECASE,
)
"""Words that say a time relative to the day they were written."""

_WRITTEN = re.compile(r"\(written \w{3} \d{1,2} \w{3}(?: \d{4})?\)$")


def dated(text: str | None, written: dt.date, today: dt.date, *, always: bool = False) -> str:
    """``text`` with the day it was written after it, when it is read on a later day
    and says a time relative to that day ("next Tuesday's team meeting (written Mon 2
    Nov)"). A time typed in words (``always``: a practice plan's "when") is always
    relative to when it was typed; other text only when it has a word of RELATIVE.
    Text already dated is left as it is."""
    if not text or today <= written or _WRITTEN.search(text):
        return text or ""
    if not always and not RELATIVE.search(text):
        return text
    year = f" {written.year}" if written.year != today.year else ""
    return f"{text} (written {written:%a} {written.day} {written:%b}{year})"


def unlabelled(s: Session) -> set[str]:
    """The framework files holding labels ``s`` did not save."""
    wanted: set[str] = set()
    if (s.role and not s.role_name) or any(not e.source_name for e in s.evidence):
        wanted.add("bar")
    if not s.flow_title:
        wanted.add("flows")
    for step in s.action_steps:
        if step.hints:
            wanted.add("hints")
        if not step.criteria_set_name or any(not c.name for c in step.criteria):
            wanted.add("criteria")
        if step.practice and step.practice.place and not step.practice.place_name:
            wanted.add("conversation")
    return wanted


def framework_labels(folder: Path, kinds: set[str]) -> dict[str, str]:
    """The labels of ids in the workspace's framework files of ``kinds`` (coachcli's
    own file where the workspace has none), keyed as ``Context.labels``. A file that
    cannot be read gives none: the id is shown instead."""
    from coachcli.errors import CoachError
    from coachcli.records.frameworks import read_file, shipped_dir

    labels: dict[str, str] = {}
    for kind in sorted(kinds):
        path = folder / f"{kind}.yaml"
        try:
            model = read_file(path if path.is_file() else shipped_dir() / path.name, kind).model
        except CoachError:
            continue
        for key, label in _labels_in(kind, model):
            labels[key] = label
    return labels


def _labels_in(kind: str, model: object) -> list[tuple[str, str]]:
    from coachcli.records.frameworks import BarFile, CriteriaFile, FlowsFile
    from coachcli.records.wording import ConversationFile
    from coachcli.records.words import HintsFile

    if kind == "bar" and isinstance(model, BarFile):
        return [(f"role:{r.id}", r.name) for r in model.roles] + [
            (f"source:{e.id}", e.name) for e in model.evidence_sources
        ]
    if kind == "flows" and isinstance(model, FlowsFile):
        return [(f"flow:{f.id}", f.title) for f in model.flows]
    if kind == "criteria" and isinstance(model, CriteriaFile):
        return [(f"set:{c.id}", c.name) for c in model.sets] + [
            (f"criterion:{c.id}/{one.id}", one.name) for c in model.sets for one in c.criteria
        ]
    if kind == "conversation" and isinstance(model, ConversationFile):
        places = [*model.places.leadership, *model.places.instructional]
        return [(f"place:{p.id}", p.name) for p in places]
    if kind == "hints" and isinstance(model, HintsFile):
        return [
            (f"hint:{name}", rule.message.split(". ")[0].rstrip("."))
            for name, rule in model.rules.listed()
        ]
    return []
