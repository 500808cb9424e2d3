"""Workspaces: making one, never overwriting one, and which one is used."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests import sandbox
from tests.conftest import Coach

REPO = Path(__file__).resolve().parents[1]


def test_init_makes_a_complete_private_workspace(coach: Coach, tmp_path: Path) -> None:
    result = coach("init", str(tmp_path / "ws"), "--coach", "Sam Patel")
    assert result.code == 0, result.err
    ws = tmp_path / "ws"
    assert "Made a new workspace" in result.out
    shipped = {p.name for p in (REPO / "frameworks").glob("*.yaml")}
    assert {"bar.yaml", "criteria.yaml", "flows.yaml", "skills.yaml"} <= shipped
    assert {p.name for p in (ws / "frameworks").iterdir()} == shipped | {"schemas"}
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


def outside_every_workspace(tmp_path: Path) -> Path:
    """A folder with no coach.yaml in it or above it: tmp_path, unless pytest's temporary
    folders sit inside a workspace (a checkout, --basetemp under one), then the root."""
    for folder in (tmp_path, Path(tmp_path.anchor)):
        if not any((f / "coach.yaml").is_file() for f in (folder, *folder.parents)):
            return folder
    pytest.skip("every folder here is inside a coach workspace")


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
    assert f"workspace:  {project}" in result.out, "the nearest coach.yaml: the one made here"
    assert "found coach.yaml above" in result.out

    monkeypatch.chdir(outside_every_workspace(tmp_path))
    result = coach("where")
    assert "user data folder" in result.out, result.out
    user_ws = Path(result.out.split("workspace:")[1].split("\n")[0].strip())
    assert user_ws.is_relative_to(tmp_path / "user")
    assert not user_ws.exists(), "asking which workspace makes none"
    assert coach("session", "list").code == 0
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
    coach("init", str(home))
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


# --- tests cannot be fooled by the machine -------------------------------------------


def test_every_user_folder_is_inside_the_test_folder(tmp_path: Path) -> None:
    import platformdirs

    for name in sandbox.USER_FOLDERS:
        folder = Path(os.environ[name])
        assert folder.is_relative_to(tmp_path) and folder.is_dir(), name
    for where in (
        platformdirs.user_data_path("coachcli"),
        platformdirs.user_cache_path("coachcli"),
        platformdirs.user_config_path("coachcli"),
        platformdirs.user_state_path("coachcli"),
        platformdirs.user_runtime_path("coachcli"),
        Path("~").expanduser(),
    ):
        assert where.is_relative_to(tmp_path), where
    leaked = [name for name in os.environ if sandbox.leaks_in(name) and name != "COACH_HOME"]
    assert leaked == []
    assert os.environ["COACH_HOME"] == str(tmp_path / "home")


HOSTILE_RUN = [
    "tests/test_workspace.py::test_where_prefers_home_then_env_then_nearest_then_user_folder",
    "tests/test_workspace.py::test_every_user_folder_is_inside_the_test_folder",
    "tests/test_session.py::test_the_example_full_session",
    "tests/test_store.py::test_the_index_is_a_cache_outside_the_workspace",
    "tests/test_export.py::test_a_quick_session",
    "tests/test_help.py::test_help_matches_docs",
]
"""Tests that a machine's settings would break: the clock (COACH_NOW), the index
(COACH_NO_INDEX, the cache folder), the user data folder, a workspace above the
temporary folders, and the golden files (UPDATE_GOLDEN)."""


@pytest.mark.slow
def test_a_run_on_a_hostile_machine_passes_and_touches_nothing(tmp_path: Path) -> None:
    machine = tmp_path / "machine"
    folders = {
        "HOME": machine / "home",
        "XDG_DATA_HOME": machine / "data",
        "XDG_CACHE_HOME": machine / "cache",
        "XDG_CONFIG_HOME": machine / "config",
        "XDG_STATE_HOME": machine / "state",
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    above = tmp_path / "a-workspace"  # pytest's temporary folders sit inside it
    above.mkdir()
    (above / "coach.yaml").write_text("coach: Someone Else\n")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    env.update({name: str(folder) for name, folder in folders.items()})
    env.update(
        {
            "COACH_HOME": str(machine / "not-this-one"),
            "COACH_NOW": "garbage-not-a-date",
            "COACH_NO_INDEX": "1",
            "COACH_LOCK_TIMEOUT": "not a number",
            "COACH_DEBUG": "1",
            "UPDATE_GOLDEN": "1",
        }
    )
    golden = [*(REPO / "tests" / "golden").glob("*.md"), REPO / "docs" / "help.md"]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in golden}

    basetemp = f"--basetemp={above / 'basetemp'}"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", basetemp, *HOSTILE_RUN],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"{len(HOSTILE_RUN)} passed" in run.stdout, run.stdout[-1000:]
    for name, folder in folders.items():
        assert list(folder.rglob("*")) == [], f"the test run wrote into {name}"
    assert not (machine / "not-this-one").exists()
    assert sorted(p.name for p in above.iterdir()) == ["basetemp", "coach.yaml"]
    after = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in golden}
    assert after == before, "a test run never writes a golden file"


def test_an_older_coach_yaml_reads_and_a_newer_one_asks_for_an_upgrade(
    coach: Coach, tmp_path: Path
) -> None:
    """Format 2 added keys with defaults: a format-1 coach.yaml (the fixture) works as it
    is and is never rewritten; one from a newer coachcli stops every command that reads
    it with "upgrade", left untouched."""
    ws = tmp_path / "ws"
    coach("init", str(ws))
    old = (REPO / "tests" / "fixtures" / "config-1" / "coach.yaml").read_text()
    (ws / "coach.yaml").write_text(old)
    result = coach("--home", str(ws), "doctor")
    assert result.code == 0, result.out + result.err
    assert (ws / "coach.yaml").read_text() == old

    newer = old.replace("format_version: 1", "format_version: 9")
    (ws / "coach.yaml").write_text(newer)
    result = coach("--home", str(ws), "followup")
    assert result.code != 0
    assert "upgrade coachcli" in result.err and len(result.err.strip().splitlines()) == 1
    assert (ws / "coach.yaml").read_text() == newer
