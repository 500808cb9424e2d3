"""`--help` is documentation: docs/help.md is generated from it and must stay current."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Coach

DOC = Path(__file__).resolve().parents[1] / "docs" / "help.md"
COMMANDS = [
    [],
    ["session"],
    ["session", "start"],
    ["session", "resume"],
    ["session", "list"],
    ["session", "show"],
    ["session", "amend"],
    ["followup"],
    ["export"],
    ["frameworks"],
    ["frameworks", "list"],
    ["frameworks", "show"],
    ["frameworks", "validate"],
    ["frameworks", "schema"],
    ["init"],
    ["where"],
    ["doctor"],
    ["migrate"],
    ["forget"],
]


def test_help_matches_docs(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    parts = [
        "# `coach` command reference\n\nGenerated from `--help` by `tests/test_help.py`"
        " (`UPDATE_GOLDEN=1 pytest tests/test_help.py` refreshes it).\n"
    ]
    for words in COMMANDS:
        result = coach(*words, "--help")
        assert result.code == 0, result.err
        title = " ".join(["coach", *words])
        parts.append(f"## {title}\n\n```text\n{result.out.rstrip()}\n```\n")
    text = "\n".join(parts)
    if os.environ.get("UPDATE_GOLDEN"):
        DOC.write_text(text, encoding="utf-8")
    assert text == DOC.read_text(encoding="utf-8"), "run UPDATE_GOLDEN=1 pytest tests/test_help.py"


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
