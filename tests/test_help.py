"""`--help` is documentation: docs/help.md is generated from it and must stay current."""

from __future__ import annotations

import os
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
