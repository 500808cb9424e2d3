"""The words of each library step, for `coach overview` to name the steps it counts.

``steps.yaml`` is read plainly (no validation: `coach frameworks validate` checks it)
and only when a step is to be named; the words are kept in a small cache in the user
cache folder, keyed by the file's size and times, so a large store's overview does not
pay for importing and parsing YAML each time. A step the file no longer has, or a file
that cannot be read, shows its id.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coachcli.errors import CoachError


def library_labels(frameworks: Path) -> Callable[[str], str]:
    """A function giving a library step's words by its id."""
    words: dict[str, str] | None = None

    def label(step_id: str) -> str:
        nonlocal words
        if words is None:
            words = _words(frameworks / "steps.yaml")
        return words.get(step_id, step_id)

    return label


def _words(path: Path) -> dict[str, str]:
    from coachcli.store.remembered import remembered, stamp

    signature = stamp(path)
    if signature is None:
        return {}
    return remembered("steps", path, signature, lambda: _read(path), _is_words)


def _is_words(answer: object) -> bool:
    return isinstance(answer, dict) and all(isinstance(v, str) for v in answer.values())


def _read(path: Path) -> dict[str, str]:
    from coachcli.records.yamlio import load

    words: dict[str, str] = {}
    try:
        steps = load(path).data.get("steps")
    except (CoachError, AttributeError):
        return words
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict) and isinstance(step.get("step"), str):
            words[str(step.get("id"))] = " ".join(step["step"].split())
    return words
