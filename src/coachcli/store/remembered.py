"""An answer worked out from a file, remembered in the user's cache folder until the
file changes: what `coach.yaml` says (so listings need no pydantic), whether the
frameworks load, the words of the library's steps.

Each answer is a small JSON file named for what it is and where it came from, kept
with a signature of its source (sizes and times): a different signature, a file that
cannot be read or an answer of the wrong shape is worked out again. Deleting the cache
loses nothing; with COACH_NO_INDEX set nothing is written.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from coachcli import portable
from coachcli.errors import CoachError
from coachcli.store.files import atomic_write, private_dir

T = TypeVar("T")


def stamp(path: Path) -> str | None:
    """What changes when ``path`` is edited or replaced, or None when it is not there."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_size}:{stat.st_ino}"


def remembered(
    name: str,
    source: Path,
    signature: str,
    work_out: Callable[[], T],
    fits: Callable[[object], bool],
) -> T:
    """``work_out()``, or the answer kept from the last time ``signature`` was the
    same (``fits`` checks its shape: a cache from another version is worked out anew)."""
    cache = portable.cache_dir() / f"{name}-{zlib.crc32(str(source.resolve()).encode()):08x}.json"
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("signature") == signature and "answer" in saved and fits(saved["answer"]):
            kept: T = saved["answer"]
            return kept
    except (OSError, ValueError, AttributeError):
        pass
    answer = work_out()
    if not os.environ.get("COACH_NO_INDEX"):
        try:
            private_dir(cache.parent)
            text = json.dumps({"signature": signature, "answer": answer})
            atomic_write(cache, text, durable=False)
        except CoachError:
            pass  # worked out again next time
    return answer
