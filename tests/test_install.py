"""The install a school's IT can approve, as README's "Install and run" describes it.

The sdist and the wheel are built (the wheel from the sdist, so the sdist is complete),
the wheel and its dependencies are downloaded into a folder and installed from there
with no index (the offline install), into a new virtual environment of the user's own
(what pipx and uv do, no administrator rights). The installed `coach` then makes a
workspace with the frameworks it ships, runs a session, is upgraded to a rebuilt wheel
and uninstalled: the workspace, and coachcli's cache folder, stay as they were.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from coachcli import __version__, portable

pytestmark = pytest.mark.slow  # a minute: builds, downloads and installs

REPO = Path(__file__).resolve().parents[1]
QUICK = REPO / "examples" / "answers-quick.yaml"


def run(*args: str | Path, cwd: Path | None = None) -> str:
    """Run a command to the end; its output, or the test fails with what it said."""
    done = subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        cwd=cwd,
        timeout=900,
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def program(venv: Path, name: str) -> Path:
    """A program in a virtual environment: bin/NAME, or Scripts\\NAME.exe on Windows."""
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def contents(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path inside it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def shipped() -> dict[str, bytes]:
    """The frameworks and schemas this checkout ships."""
    return contents(REPO / "frameworks")


def check_archives(sdist: Path, wheel: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "LICENSE", "src/coachcli/portable.py"} <= names
    assert {f"frameworks/{name}" for name in shipped()} <= names
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        packaged = {name: archive.read(f"coachcli/frameworks/{name}") for name in shipped()}
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "coach = coachcli.cli.app:main" in archive.read(entry_points).decode()
    assert packaged == shipped()
    assert "coachcli/reports/templates/session.md.j2" in names
    assert [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
    assert not [name for name in names if name.startswith(("tests/", "frameworks/"))]


def next_release(tmp_path: Path) -> tuple[Path, str]:
    """A wheel of this checkout with a later version number: the upgrade."""
    source = tmp_path / "next"
    for name in ("src", "frameworks"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE"):
        shutil.copy2(REPO / name, source / name)
    version = f"{__version__}.post1"
    init = source / "src" / "coachcli" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(re.sub(r'__version__ = ".*"', f'__version__ = "{version}"', text), "utf-8")
    dist = tmp_path / "next-dist"
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, source)
    (wheel,) = dist.glob("*.whl")
    return wheel, version


def test_the_wheel_installs_offline_upgrades_and_uninstalls_keeping_the_data(
    tmp_path: Path, home: Path
) -> None:
    del home  # HOME, the XDG_* and Windows' user folders are in tmp_path
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--outdir", dist, REPO)  # the sdist, then its wheel
    (sdist,) = dist.glob("coachcli-*.tar.gz")
    (wheel,) = dist.glob("coachcli-*.whl")
    check_archives(sdist, wheel)

    # Offline: download the wheel's dependencies once, then install with no index.
    wheelhouse = tmp_path / "wheelhouse"
    run(sys.executable, "-m", "pip", "download", "--quiet", "--dest", wheelhouse, wheel)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python, coach = program(venv, "python"), program(venv, "coach")
    offline = ["--no-index", "--find-links", wheelhouse]
    run(python, "-m", "pip", "install", "--quiet", *offline, "coachcli")

    version = run(coach, "--version").splitlines()
    assert version[0] == f"coach {__version__}"
    assert any(line.split()[:4] == ["sessions", "and", "progress", "records"] for line in version)
    ws = tmp_path / "coaching"
    run(coach, "init", ws, "--coach", "Sam Patel", "--school", "Hillside", cwd=tmp_path)
    assert contents(ws / "frameworks") == shipped()  # the wheel's own, byte for byte
    assert run(coach, "--home", ws, "frameworks", "validate").startswith("ok: ")
    run(coach, "--home", ws, "session", "start", "--answers", QUICK)
    assert "Tom Reid" in run(coach, "--home", ws, "session", "list")
    kept = contents(ws)
    assert any(name.startswith("sessions/") and name.endswith(".yaml") for name in kept)

    # Upgrade to a rebuilt wheel: the workspace is read as it is, and not rewritten.
    newer, later = next_release(tmp_path)
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", *offline, newer)
    assert run(coach, "--version").splitlines()[0] == f"coach {later}"
    assert "Tom Reid" in run(coach, "--home", ws, "followup")
    assert "All good." in run(coach, "--home", ws, "doctor")
    assert contents(ws) == kept

    # Uninstall: the program goes; the workspace and the cache folder stay.
    run(python, "-m", "pip", "uninstall", "--yes", "coachcli")
    assert not coach.exists()
    assert contents(ws) == kept
    assert list(portable.cache_dir().glob("index-*.json")), "the cache is the user's to remove"
