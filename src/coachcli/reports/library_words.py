"""The words of each library step, for `coach overview` to name the steps it counts.

``steps.yaml`` is read plainly (no validation: `coach frameworks validate` checks it)
and only when a step is to be named; the words are kept in a small cache in the user
cache folder, keyed by the file's size and times, so a large store's overview does not
pay for importing and parsing YAML each time. A step the file no longer has, or a file
that cannot be read, shows its id.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.workspace import cache_dir


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
    try:
        stat = path.stat()
    except OSError:
        return {}
    signature = f"{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_size}:{stat.st_ino}"
    cache = cache_dir() / f"steps-{zlib.crc32(str(path.resolve()).encode()):08x}.json"
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("signature") == signature and isinstance(saved.get("words"), dict):
            return {str(key): str(value) for key, value in saved["words"].items()}
    except (OSError, ValueError, AttributeError):
        pass
    words = _read(path)
    if not os.environ.get("COACH_NO_INDEX"):
        try:
            private_dir(cache.parent)
            atomic_write(cache, json.dumps({"signature": signature, "words": words}), durable=False)
        except CoachError:
            pass  # made again next time
    return words


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
