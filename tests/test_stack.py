"""The stack issue: a record carries what it showed, read-only commands answer from the
index without pydantic or frameworks, a closed pipe is quiet, old formats still read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.records.session import SESSION_FORMAT
from tests.conftest import Coach, person_dir
from tests.test_help import imported

REPO = Path(__file__).resolve().parents[1]
FULL = REPO / "examples" / "answers-full.yaml"
QUICK = REPO / "examples" / "answers-quick.yaml"
FIXTURES = Path(__file__).with_name("fixtures")


def saved(home: Path) -> list[Path]:
    return sorted(p for p in (home / "sessions").rglob("*.yaml") if "_" not in p.parent.name)


def test_a_record_carries_its_labels_and_reads_without_frameworks(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    (path,) = saved(home)
    session_id = path.stem[11:]
    # The school breaks its frameworks: what was saved still reads, with its labels.
    (home / "frameworks" / "bar.yaml").write_text("framework: bar\nrevison: oops\n")
    (home / "frameworks" / "flows.yaml").write_text("not: [valid\n")
    shown = coach("session", "show", session_id)
    assert shown.code == 0, shown.err
    assert "Phase leader" in shown.out and "phase_leader" not in shown.out
    assert "Full coaching conversation" in shown.out
    assert "Watching the leader run a meeting" in shown.out
    assert "Highest leverage" in shown.out
    exported = coach("export", session_id)
    assert exported.code == 0, exported.err
    assert "| Role | Phase leader |" in exported.out
    assert "A team meeting they lead" in exported.out
    brief = coach("followup", "priya")
    assert brief.code == 0, brief.err
    assert "Priya Shah · Phase leader" in brief.out
    journey = coach("export", "--coachee", "priya")
    assert journey.code == 0 and "Connected to evidence" in journey.out
    assert coach("session", "list").code == 0
    assert coach("frameworks", "validate").code == 1  # the mistake is still named there


def test_hot_commands_import_no_pydantic_with_a_warm_index(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    for command in (["followup", "tom reid"], ["followup", "tom"], ["session", "list"]):
        imported(*command)  # warms the index and the brief
        modules = imported(*command)
        assert "coachcli.store.index" in modules, command
        assert not {m for m in modules if m.split(".")[0] == "pydantic"}, command
        assert "yaml" not in modules, command


def test_the_brief_sees_an_edit_made_in_place(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    assert "Open action steps" in coach("followup", "priya shah").out
    (path,) = saved(home)
    text = path.read_text()
    path.write_text(text.replace("strengths: ", "strengths: Edited by hand. ", 1))
    assert "Edited by hand." in coach("followup", "priya shah").out


def test_multi_line_text_in_the_brief_keeps_its_indent(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    answers = FULL.read_text().replace(
        "seen: Ask two team members what they take away from meetings.",
        "seen: |-\n      Ask two members of the team:\n      what they take away from meetings",
    )
    assert answers != FULL.read_text(), "the example's evidence changed: update this test"
    path = tmp_path / "answers.yaml"
    path.write_text(answers)
    assert coach("session", "start", "--answers", str(path)).code == 0, "answers"
    lines = coach("followup", "priya shah").out.splitlines()
    at = next(i for i, line in enumerate(lines) if "Ask two members of the team:" in line)
    assert lines[at].startswith("  • ")
    assert lines[at + 1].startswith("    what they take away"), lines[at + 1]


def test_a_closed_pipe_ends_quietly(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    read, write = os.pipe()
    os.close(read)  # the reader has gone, as `head -1` goes once it has its line
    try:
        done = subprocess.run(
            [sys.executable, "-m", "coachcli", "session", "list", "--all"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == 0 and done.stderr == ""


def test_show_and_export_find_a_file_a_sync_tool_brought(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    assert coach("session", "list").code == 0  # the index knows one session
    (path,) = saved(home)
    other = home / "sessions" / "sam-green"
    other.mkdir(mode=0o700)
    copy = other / f"{path.stem[:10]}-sam-green-1a2b.yaml"
    copy.write_text(
        path.read_text().replace(path.stem[11:], "sam-green-1a2b").replace("Tom Reid", "Sam Green")
    )
    shown = coach("session", "show", "sam-green-1a2b")
    assert shown.code == 0, shown.err
    assert "Session 1 with Sam Green" in shown.out


def test_format_1_files_read_and_migrate_fills_their_labels(coach: Coach, home: Path) -> None:
    coach("init", str(home))
    shutil.copytree(FIXTURES / "format-1" / "sessions", home / "sessions", dirs_exist_ok=True)
    brief = coach("followup", "priya")
    assert brief.code == 0, brief.err
    (old,) = person_dir(home, "priya-shah").glob("*.yaml")
    shown = coach("session", "show", old.stem[11:])
    assert shown.code == 0 and "Phase leader" in shown.out  # the id, made readable
    assert coach("migrate").code == 0
    text = old.read_text()
    assert re.search(rf"^format_version: {SESSION_FORMAT}$", text, re.M)
    assert "role_name: Phase leader" in text


def test_a_file_from_a_newer_coachcli_says_upgrade(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    (path,) = saved(home)
    newer = f"format_version: {SESSION_FORMAT + 1}"
    path.write_text(re.sub(r"format_version: \d+", newer, path.read_text()))
    listed = coach("session", "list")
    assert listed.code == 1 and "upgrade coachcli" in listed.err
    shown = coach("session", "show", path.stem[11:])
    assert shown.code == 1 and "upgrade coachcli" in shown.err


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("number: 1", "number: one"), "number: must be a whole number"),
        (("status: complete", "status: finished"), "status: must be one of 'draft' or"),
        (("coachee: Tom Reid", "coachee: Tom Reid\nmood: fine"), "unknown key 'mood'"),
    ],
)
def test_a_hand_edit_is_one_plain_line(
    coach: Coach, home: Path, edit: tuple[str, str], expected: str
) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    (path,) = saved(home)
    path.write_text(path.read_text().replace(*edit, 1))
    result = coach("session", "show", path.stem[11:])
    assert result.code == 1
    (line,) = result.err.strip().splitlines()
    assert f"{path.name}:" in line and expected in line, line
