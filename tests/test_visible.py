"""Text from a shared folder never drives the terminal: escape sequences and direction
overrides in names, notes and framework titles are shown as visible codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coachcli.records.yamlio import dumps, load
from coachcli.ui.visible import visible
from tests.conftest import Coach

REPO = Path(__file__).resolve().parents[1]
FULL = REPO / "examples" / "answers-full.yaml"

pytestmark = pytest.mark.timeout(5)

EVIL = "\x1b]0;pwned\x07 \x1b[2J \u202e"
"""A rewritten window title, a cleared screen, and text that reads backwards."""


def clean(text: str) -> bool:
    return "\x1b" not in text and "\u202e" not in text and "\x07" not in text


def test_visible_shows_what_would_drive_the_terminal() -> None:
    assert visible(EVIL) == "␛]0;pwned␇ ␛[2J <U+202E>"
    assert visible("a\nb\tc") == "a\nb\tc"
    assert visible("a\nb", lines=False) == "a␊b"
    assert visible(visible(EVIL)) == visible(EVIL)


def test_a_session_full_of_escapes_shows_none_of_them(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    (path,) = [p for p in (home / "sessions").rglob("*.yaml")]
    data = load(path).data
    data["coachee"] = f"Priya {EVIL} Shah"
    data["coach"] = f"Dan {EVIL}"
    data["focus"]["title"] = f"Focus {EVIL}"
    data["focus"]["looks_like"] = f"Looks {EVIL}"
    data["stages"]["listening"]["notes"][0]["text"] = f"A note {EVIL}\nsecond line"
    data["action_steps"][0]["text"] = f"step {EVIL}"
    data["evidence"][0]["seen"] = f"seen {EVIL}"
    data["close"]["strengths"] = f"strong {EVIL}"
    path.write_text(dumps(data))
    ident = path.stem[11:]
    for command in (
        ("session", "list"),
        ("session", "list", "--json"),
        ("session", "show", ident),
        ("followup",),
        ("followup", "--json"),
        ("followup", "priya"),
        ("followup", "priya", "--json"),
        ("doctor",),
    ):
        result = coach(*command)
        assert "bug" not in result.err, (command, result.err)
        assert clean(result.out) and clean(result.err), (command, result.out[-500:])
    shown = coach("session", "show", ident).out
    assert "A note ␛]0;pwned" in shown and "␛[2J <U+202E>" in shown and "Priya ␛]0;pwned" in shown
    as_json = coach("followup", "priya", "--json").out
    assert "\\u202e" in as_json and "\\u001b" in as_json  # the same data to a program


def test_framework_titles_and_error_lines_show_no_escapes(coach: Coach, home: Path) -> None:
    coach("init", str(home))
    bar = home / "frameworks" / "bar.yaml"
    data = load(bar).data
    data["title"] = f"The bar {EVIL}"
    data["sections"][0]["title"] = f"Section {EVIL}"
    data["revision"] = f"rev {EVIL}"
    bar.write_text(dumps(data))
    for command in (("frameworks", "show", "bar"), ("frameworks", "list"), ("doctor",)):
        result = coach(*command)
        assert "bug" not in result.err
        assert clean(result.out) and clean(result.err), (command, result.out[-500:])
    planted = home / "frameworks" / f"x{EVIL}\n.yaml"  # a name from a shared folder
    planted.write_text("framework: nothing\n")
    broken = coach("frameworks", "show", "bar")  # the error names the file
    assert broken.code == 1 and clean(broken.err) and "x␛]0;pwned␇ ␛[2J <U+202E>␊" in broken.err
    assert re.fullmatch(r"coach: [^\n]+\n", broken.err)
