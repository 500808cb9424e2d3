"""`--help` is documentation: docs/help.md is generated from it and must stay current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import golden_cases
from tests.conftest import Coach

REPO = Path(__file__).resolve().parents[1]


def test_help_matches_docs(coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compare only: docs/help.md is rewritten by `python scripts/update_golden.py`."""
    text = golden_cases.help_reference(coach, tmp_path, monkeypatch.setenv)
    doc = golden_cases.HELP_DOC
    assert text == doc.read_text(encoding="utf-8"), golden_cases.stale(doc, text)


def imported(*args: str) -> set[str]:
    """The modules `coach ARGS` imports, from Python's own -X importtime report."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coachcli", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr[-500:]
    lines = [line.split("|")[-1].strip() for line in result.stderr.splitlines()]
    return {line for line in lines if line and "import time" not in line}


def test_start_up_imports_only_what_a_command_uses(home: Path) -> None:
    del home  # an isolated, empty workspace
    heavy = {"questionary", "prompt_toolkit", "markdown_it", "jinja2", "pydantic"}
    help_modules = imported("--help")
    assert not help_modules & (
        heavy | {"coachcli.records.session", "coachcli.records.frameworks", "msgspec"}
    )
    assert not help_modules & {"yaml", "rich.console"}
    for command in (["session", "list"], ["followup"]):
        imported(*command)  # makes the workspace and warms the index
        modules = imported(*command)
        assert "coachcli.store.index" in modules, command  # the command did run
        assert not modules & heavy, (command, modules & heavy)
        assert "rich.table" not in modules and "rich.progress" not in modules, command


@pytest.mark.slow
def test_the_update_script_makes_exactly_what_the_tests_compare() -> None:
    """scripts/update_golden.py runs `coach` in new processes; the tests run it in this
    one. Both must make the committed files byte for byte (--check writes nothing)."""
    script = golden_cases.REPO / "scripts" / "update_golden.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "are current" in done.stdout


def test_help_env_lists_every_variable_the_code_reads(coach: Coach) -> None:
    """`coach help env` names each COACH_ variable in the source (so a new one cannot
    be left out) in lines that fit 80 columns; an unknown topic is one line, exit 1."""
    import re

    source = "\n".join(p.read_text() for p in (REPO / "src").rglob("*.py"))
    read = set(re.findall(r"COACH_[A-Z_]+", source)) - {"COACH_COMPLETE"}  # typer's own
    result = coach("help", "env")
    assert result.code == 0
    listed = set(re.findall(r"COACH_[A-Z_]+", result.out))
    assert read and read <= listed
    assert all(len(line) <= 80 for line in result.out.splitlines())
    assert all(f"`{name}`" in (REPO / "README.md").read_text() for name in read)
    wrong = coach("help", "envv")
    assert wrong.code == 1 and len(wrong.err.strip().splitlines()) == 1
    assert "env" in wrong.err


def test_every_command_has_an_example_and_one_placeholder_style() -> None:
    """docs/help.md is every `--help` (test_help_matches_docs holds it to the code): each
    command that does something shows an example, and placeholders are capitals,
    bracketed when optional (no `{ID}`, `<str>` or `[name]`)."""
    import re

    text = (REPO / "docs" / "help.md").read_text()
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    commands = [s for s in sections if "\nCommands:\n" not in s]
    assert len(commands) >= 15
    for section in commands:
        name = section.splitlines()[0]
        assert re.search(r"^  Examples?:$", section, re.M), f"{name}: no example"
        usage = next(line for line in section.splitlines() if line.startswith("Usage:"))
        assert not re.search(r"[{}<>]|\[[a-z_]+\]", usage), f"{name}: {usage}"
        assert "<str>" not in section and "<int" not in section, name
