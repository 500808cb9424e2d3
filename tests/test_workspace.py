"""Workspaces: making one, never overwriting one, and which one is used."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Coach

REPO = Path(__file__).resolve().parents[1]


def test_init_makes_a_complete_private_workspace(coach: Coach, tmp_path: Path) -> None:
    result = coach("init", str(tmp_path / "ws"), "--coach", "Sam Patel")
    assert result.code == 0, result.err
    ws = tmp_path / "ws"
    assert "Made a new workspace" in result.out
    assert {p.name for p in (ws / "frameworks").iterdir()} == {
        "bar.yaml",
        "criteria.yaml",
        "flows.yaml",
        "skills.yaml",
        "schemas",
    }
    assert "Sam Patel" in (ws / "coach.yaml").read_text()
    assert stat.S_IMODE((ws / "sessions").stat().st_mode) == 0o700
    assert coach("--home", str(ws), "frameworks", "validate").code == 0


def test_init_never_overwrites_an_edited_framework(coach: Coach, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    coach("init", str(ws))
    bar = ws / "frameworks" / "bar.yaml"
    edited = bar.read_text().replace("Example school", "St Mary's Primary")
    bar.write_text(edited)
    (ws / "frameworks" / "skills.yaml").unlink()
    (ws / "coach.yaml").write_text("coach: Jo\n")

    result = coach("init", str(ws))

    assert result.code == 0
    assert "Already a workspace" in result.out
    assert bar.read_text() == edited
    assert (ws / "coach.yaml").read_text() == "coach: Jo\n"
    assert (ws / "frameworks" / "skills.yaml").is_file()
    assert "added frameworks: skills.yaml" in result.out


def test_where_prefers_home_then_env_then_nearest_then_user_folder(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "chosen"
    result = coach("--home", str(chosen), "where")
    assert f"workspace:  {chosen}" in result.out
    assert "--home" in result.out

    result = coach("where")
    assert str(tmp_path / "home") in result.out
    assert "COACH_HOME" in result.out

    monkeypatch.delenv("COACH_HOME")
    project = tmp_path / "project"
    coach("init", str(project))
    (project / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(project / "deep" / "er")
    result = coach("where")
    assert f"workspace:  {project}" in result.out
    assert "found coach.yaml above" in result.out

    monkeypatch.chdir(tmp_path)
    result = coach("where")
    assert "user data folder" in result.out
    user_ws = Path(result.out.split("workspace:")[1].split("\n")[0].strip())
    assert user_ws.is_relative_to(tmp_path / "user")
    assert (user_ws / "frameworks" / "bar.yaml").is_file(), "made on first use"


def test_a_folder_that_is_not_a_workspace_is_refused(coach: Coach, tmp_path: Path) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_text("x")
    result = coach("--home", str(other), "where")
    assert result.code == 1
    assert "not a coach workspace" in result.err
    assert "coach init" in result.err
    assert not (other / "coach.yaml").exists()


def test_a_broken_coach_yaml_is_one_line(coach: Coach, home: Path) -> None:
    coach("where")
    (home / "coach.yaml").write_text("coach: Jo\nnext_meeting_dayz: 7\n")
    result = coach("where")
    assert result.code == 1
    assert result.err.strip().count("\n") == 0
    assert "coach.yaml:2" in result.err and "next_meeting_dayz" in result.err


def test_the_checkout_is_itself_a_workspace() -> None:
    assert (REPO / "coach.yaml").is_file()
    assert (REPO / "sessions").is_dir()
    env = {k: v for k, v in os.environ.items() if k != "COACH_HOME"}
    out = subprocess.run(
        [sys.executable, "-m", "coachcli", "where"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"workspace:  {REPO}" in out


def test_installed_entry_point_answers_version_and_help(tmp_path: Path) -> None:
    coach_bin = Path(sys.executable).with_name("coach")
    version = subprocess.run(
        [str(coach_bin), "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("coach ")
    helped = subprocess.run([str(coach_bin), "--help"], capture_output=True, text=True, check=True)
    for command in ("init", "where", "frameworks"):
        assert command in helped.stdout
