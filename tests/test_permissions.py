"""Loose permissions: `coach init` tightens what it makes or uses, and `coach doctor`
names anything in the workspace that others could change (or read, where it is private),
with the chmod that fixes it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Coach, Result


@pytest.fixture
def umask_000() -> Iterator[None]:
    """As for a coach whose umask is 000: everything made is 0777 / 0666."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def shared_parts(ws: Path) -> list[Path]:
    """What init makes or uses that others may read but never change."""
    found = [ws, ws / "coach.yaml"]
    for folder in (ws / "frameworks", ws / "templates"):
        if folder.exists():
            found += [folder, *folder.rglob("*")]
    return found


def loose_workspace(coach: Coach, ws: Path) -> None:
    """A workspace in a folder everyone can write to, with a template in it."""
    ws.mkdir()
    ws.chmod(0o777)
    (ws / "templates").mkdir(mode=0o777)
    (ws / "templates" / "session.md.j2").write_text("# {{ s.coachee }}\n")
    (ws / "templates" / "session.md.j2").chmod(0o666)


def test_init_into_a_loose_folder_leaves_nothing_others_can_change(
    coach: Coach, tmp_path: Path, umask_000: None
) -> None:
    ws = tmp_path / "ws"
    loose_workspace(coach, ws)
    result = coach("init", str(ws))
    assert result.code == 0, result.err
    assert "others can no longer change" in result.out
    parts = shared_parts(ws)
    assert len(parts) > 10 and ws / "frameworks" / "schemas" in parts
    loose = [f"{p}: {mode(p):o}" for p in parts if mode(p) & 0o022]
    assert not loose, "\n".join(loose)
    for part in parts:
        wanted = 0o755 if part.is_dir() else 0o644
        assert mode(part) & 0o755 == wanted, f"{part} readable as before: {mode(part):o}"
    assert mode(ws / "sessions") == 0o700
    doctor = coach("--home", str(ws), "doctor")
    assert "others can change" not in doctor.out, doctor.out


def test_init_again_tightens_a_workspace_that_was_loosened(coach: Coach, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    coach("init", str(ws))
    for part in shared_parts(ws):
        part.chmod(0o777 if part.is_dir() else 0o666)
    assert coach("init", str(ws)).code == 0
    assert not [p for p in shared_parts(ws) if mode(p) & 0o022]


def test_doctor_names_what_others_can_change_or_read_with_the_fix(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    coach("init", str(ws))
    config = ws / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: true"))

    def run(*args: str) -> Result:
        """Each run takes the passphrase from the environment (and may remove it)."""
        monkeypatch.setenv("COACH_PASSPHRASE", "correct horse battery staple")
        return coach("--home", str(ws), *args)

    assert run("session", "list").code == 0
    assert (ws / ".coachkey").is_file()
    healthy = run("doctor")
    assert "others" not in healthy.out, healthy.out

    (ws / "templates").mkdir()
    planted = ws / "templates" / "journey.md.j2"
    planted.write_text("{{ who.name }}\n")
    loose = {
        ws: 0o777,
        config: 0o666,
        ws / "frameworks": 0o775,
        ws / "frameworks" / "bar.yaml": 0o646,
        ws / "frameworks" / "schemas": 0o777,
        ws / "templates": 0o777,
        planted: 0o666,
    }
    for path, bits in loose.items():
        path.chmod(bits)
    (ws / ".coachkey").chmod(0o644)

    result = run("doctor")

    assert result.code == 1
    lines = [line for line in result.out.splitlines() if "others" in line]
    for path in loose:
        assert any(f"{path}: others can change it; chmod go-w {path}" in x for x in lines), path
    key = ws / ".coachkey"
    assert any(f"{key}: others can read it; chmod 600 {key}" in x for x in lines), lines
    assert len(lines) == len(loose) + 1, lines
    assert "others can change" not in healthy.out

    for path in loose:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o022)
    key.chmod(0o600)
    again = run("doctor")
    assert "others can" not in again.out, again.out
