"""The environment `coach` runs in under test: nothing from the machine gets in.

Used by the autouse ``isolated`` fixture (tests/conftest.py) and by
``scripts/update_golden.py``, so a golden file is made in the same surroundings as
the test that compares it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

USER_FOLDERS = {
    "HOME": "user",
    "XDG_DATA_HOME": "user/data",
    "XDG_CACHE_HOME": "user/cache",
    "XDG_CONFIG_HOME": "user/config",
    "XDG_STATE_HOME": "user/state",
    "XDG_RUNTIME_DIR": "user/runtime",
    "USERPROFILE": "user",  # Windows' HOME
    "APPDATA": "user/roaming",
    "LOCALAPPDATA": "user/local",  # Windows: coachcli's data and cache (portable.py)
}
"""Every per-user folder platformdirs (or anything else) might read or write, each
inside the temporary folder."""

FIXED = {"COLUMNS": "100", "NO_COLOR": "1"}
"""The same terminal everywhere: text is compared byte for byte."""


def leaks_in(name: str) -> bool:
    """A variable that would change what `coach` or the tests do: every ``COACH_``
    setting (the clock, the index, the lock timeout, a passphrase, debug),
    ``UPDATE_GOLDEN`` (tests never rewrite golden files; scripts/update_golden.py does)
    and Windows' OneDrive folders (`coach doctor` warns about a workspace inside one)."""
    return (
        name.startswith("COACH_")
        or name == "UPDATE_GOLDEN"
        or name.casefold().startswith("onedrive")  # `coach doctor` reads where OneDrive is
    )


def environment(tmp: Path, machine: Mapping[str, str]) -> dict[str, str]:
    """``machine``'s environment with every user folder made inside ``tmp``,
    ``COACH_HOME`` at ``tmp/home`` (not made), and no setting that leaks in."""
    env = {name: value for name, value in machine.items() if not leaks_in(name)}
    for name, relative in USER_FOLDERS.items():
        folder = tmp / relative
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        env[name] = str(folder)
    env["COACH_HOME"] = str(tmp / "home")
    env.update(FIXED)
    return env
