"""A metadata index so that commands spanning the whole store stay fast as it grows.

The YAML files are the truth; the index is a cache of a few fields per file, rebuilt
for any file whose size or modification time changed (found by a stat scan). It lives
in the user's cache folder, where a sync tool will not copy it, readable by its owner
only; deleting it loses nothing. A workspace with encryption on keeps no index, since
the index would hold names in the clear.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError
from coachcli.files import atomic_write, private_dir

FORMAT = 1


def cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("coachcli", appauthor=False)


def index_path(folder: Path) -> Path:
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / f"index-{key}.json"


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """The few fields the dashboard and listings need, small enough for 10,000 files."""
    if "after_session" in data:  # a progress record
        return {
            **data,
            "steps": [{"step": s["step"], "status": s["status"]} for s in data["steps"]],
        }
    keep = (
        "format_version",
        "id",
        "status",
        "number",
        "coachee",
        "role",
        "kind",
        "flow",
        "date",
        "started",
        "follows",
    )
    summary = {k: data[k] for k in keep if k in data}
    if data.get("focus"):
        summary["focus"] = {**data["focus"], "looks_like": ""}
    summary["close"] = {"next_meeting": data.get("close", {}).get("next_meeting")}
    summary["action_steps"] = [
        {
            "id": s["id"],
            "text": "",
            "status": s.get("status", "not_started"),
            "carried_from": s.get("carried_from"),
            "practice": {"due": (s.get("practice") or {}).get("due")},
        }
        for s in data.get("action_steps", [])
    ]
    return summary


class Index:
    """Summaries of every file in a store, refreshed by a stat scan."""

    def __init__(self, files: Callable[[], list[Path]], folder: Path) -> None:
        self.files = files
        self.folder = folder
        self.path = index_path(folder)

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        entries = data.get("files")
        return entries if isinstance(entries, dict) else {}

    def refresh(
        self, read: Callable[[Path], dict[str, Any]], tick: Callable[[], None] | None = None
    ) -> dict[str, dict[str, Any]]:
        """Summaries by file, re-reading only files that changed since last time."""
        old = self._load()
        new: dict[str, dict[str, Any]] = {}
        changed = False
        for path in self.files():
            name = str(path.relative_to(self.folder))
            stat = path.stat()
            stamp = [stat.st_mtime_ns, stat.st_size]
            entry = old.get(name)
            if entry is None or entry.get("stamp") != stamp:
                if tick:
                    tick()
                entry = {"stamp": stamp, "summary": summary(read(path))}
                changed = True
            new[name] = entry
        if changed or len(new) != len(old):
            text = json.dumps({"format": FORMAT, "files": new}, ensure_ascii=False)
            with contextlib.suppress(CoachError):  # a cache not saved is rebuilt next time
                private_dir(self.path.parent)
                atomic_write(self.path, text)
        return {name: entry["summary"] for name, entry in new.items()}


def enabled() -> bool:
    from coachcli import crypto

    return crypto._active is None and not os.environ.get("COACH_NO_INDEX")
