"""The coachee picker in a real 80x24 terminal leaves archived people out, and a name
typed for one of them asks to bring them back."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from tests.conftest import Coach
from tests.test_people_records import folders, meet, names_on_dashboard
from tests.test_screen import Screen

pytestmark = pytest.mark.timeout(120)


def test_the_picker_in_a_terminal_leaves_archived_people_out(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Tom Reid")
    meet(coach, tmp_path, monkeypatch, "Priya Shah", "2026-11-03T09:00:00+00:00")
    assert coach("archive", "priya").code == 0  # met last: she would be listed first
    before = folders(home)

    s = Screen(home, "session", "start", "--flow", "quick")
    shown = s.wait("Tom Reid (Teacher)")
    assert not [line for line in shown if "Priya" in line], shown
    s.send("s\r")
    s.wait("Their name")
    s.send("Priya Shah\r")
    s.wait("Is this the Priya Shah you have coached before?")
    s.send("y\r")
    shown = s.wait("Bring them back and start a session with them?")
    assert any("Priya Shah is archived (since Tue 3 Nov 2026)." in line for line in shown)
    assert all(len(line) <= 80 for line in shown)
    s.send("n\r")
    s.child.expect(pexpect.EOF)
    s.child.close()
    assert s.child.exitstatus == 1
    assert "`coach unarchive` with their name brings them back" in " ".join(s.child.before.split())
    assert folders(home) == before, "no namesake was made"
    assert names_on_dashboard(coach) == ["Tom Reid"]
