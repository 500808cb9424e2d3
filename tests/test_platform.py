"""coachcli on Windows, macOS and Linux: every call that differs goes through
``coachcli.portable``, and both of its branches are tested on every system.

Windows is acted here by turning ``portable.WINDOWS`` and ``portable.POSIX_MODES``
over and by giving ``os`` Windows' habits (no ``os.fchmod`` before Python 3.13, a
folder that cannot be opened, a rename that never overwrites); then real saves run
through the `coach` command. `coach doctor` also says when a cloud service syncs the
workspace, and `coach --version` names the file formats.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coachcli import __version__, portable
from coachcli.errors import CoachError
from coachcli.records import formats
from tests.conftest import Coach, Result

REPO = Path(__file__).resolve().parents[1]
QUICK = REPO / "examples" / "answers-quick.yaml"


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    assert "this is a bug" not in result.err
    return result


def without_fchmod(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``os.fchmod`` for coachcli, as on Windows before Python 3.13: a call from
    coachcli fails as the missing function would. Libraries that only run on POSIX
    systems (filelock's Unix lock) keep the real one."""
    monkeypatch.setattr(portable, "HAS_FCHMOD", False)
    real = getattr(os, "fchmod", None)

    def fchmod(fd: int, mode: int) -> None:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if real is None or caller.startswith("coachcli"):
            raise AttributeError("module 'os' has no attribute 'fchmod'")
        real(fd, mode)

    monkeypatch.setattr(os, "fchmod", fchmod, raising=False)


@pytest.fixture
def as_windows(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Act as Windows; the chmods coachcli still asks for (there should be none)."""
    monkeypatch.setattr(portable, "WINDOWS", True)
    monkeypatch.setattr(portable, "POSIX_MODES", False)
    without_fchmod(monkeypatch)
    chmods: list[tuple[str, int]] = []
    real_chmod, real_open, real_rename = os.chmod, os.open, os.rename

    def chmod(path: Any, mode: int, *args: Any, **kwargs: Any) -> None:
        chmods.append((str(path), mode))
        real_chmod(path, mode, *args, **kwargs)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.isdir(path):  # Windows: "access denied" for a folder
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def rename(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if os.path.exists(target):  # Windows' rename never overwrites
            raise FileExistsError(errno.EEXIST, "Cannot create a file when it already exists")
        real_rename(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", chmod)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "rename", rename)
    return chmods


def saved_files(ws: Path) -> list[Path]:
    return [p for p in ws.rglob("*") if p.is_file() and p.suffix in (".yaml", ".json")]


# --- Windows, acted here --------------------------------------------------------------


def test_init_a_session_and_doctor_on_windows(
    coach: Coach, tmp_path: Path, as_windows: list[tuple[str, int]]
) -> None:
    ws = tmp_path / "user" / "coaching"  # inside the user's folder (HOME, USERPROFILE)
    init = ok(coach("init", str(ws)))
    assert "others can no longer change" not in init.out  # nothing to tighten there
    ok(coach("--home", str(ws), "session", "start", "--answers", str(QUICK)))
    assert "Tom Reid" in ok(coach("--home", str(ws), "session", "list")).out
    assert "Tom Reid" in ok(coach("--home", str(ws), "followup")).out
    doctor = ok(coach("--home", str(ws), "doctor"))
    assert "inside your user folder" in doctor.out
    assert "chmod" not in doctor.out and "private permissions" not in doctor.out
    assert "All good." in doctor.out
    assert as_windows == []  # no mode was set: on Windows it would only be a read-only flag
    files = saved_files(ws)
    assert len(files) > 10
    assert not [p for p in files if b"\r\n" in p.read_bytes()], "every file ends lines with \\n"


def test_doctor_on_windows_names_a_workspace_outside_the_user_folder(
    coach: Coach, tmp_path: Path, as_windows: list[tuple[str, int]]
) -> None:
    ws = tmp_path / "coaching"  # beside the user's folder, as C:\coaching would be
    ok(coach("init", str(ws)))
    doctor = ok(coach("--home", str(ws), "doctor"))  # advice only: exit 0
    assert "outside your user folder" in doctor.out and "a note" in doctor.out


def held_open(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    """``os.replace`` refuses ``times`` times, as Windows does while a virus scan or a
    sync client has the target open; the targets refused."""
    real_replace, refused = os.replace, []

    def replace(source: Any, target: Any) -> None:
        if len(refused) < times:
            refused.append(str(target))
            raise PermissionError(errno.EACCES, "Access is denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return refused


def test_a_file_held_open_for_a_moment_on_windows_is_replaced_after_a_retry(
    coach: Coach, tmp_path: Path, as_windows: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "user" / "coaching"
    ok(coach("init", str(ws)))
    schema = ws / "frameworks" / "schemas" / "bar.json"
    shipped = schema.read_bytes()
    schema.write_text("{}\n", encoding="utf-8")  # init puts a changed schema right
    refused = held_open(monkeypatch, 3)
    ok(coach("init", str(ws)))
    assert refused == [str(schema)] * 3
    assert schema.read_bytes() == shipped


def test_a_file_that_stays_held_open_is_one_line_and_nothing_is_overwritten(
    coach: Coach, tmp_path: Path, as_windows: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "user" / "coaching"
    ok(coach("init", str(ws)))
    schema = ws / "frameworks" / "schemas" / "bar.json"
    schema.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(portable, "REPLACE_TRIES", 3)
    refused = held_open(monkeypatch, 1000)
    result = coach("init", str(ws))
    assert len(refused) == 3
    assert result.code != 0 and "this is a bug" not in result.err
    assert result.err.startswith("coach: could not save") and result.err.count("\n") == 1
    assert "nothing was overwritten" in result.err
    assert schema.read_bytes() == b"{}\n"
    assert not list(ws.rglob("*.tmp")), "no temporary file is left behind"


def test_a_new_file_never_replaces_one_already_there_on_windows(
    tmp_path: Path, as_windows: list[tuple[str, int]]
) -> None:
    from coachcli.store.files import atomic_write

    (tmp_path / "ws").mkdir()
    target = tmp_path / "ws" / "key"
    atomic_write(target, "first\n", new=True)
    with pytest.raises(CoachError, match="already exists; nothing was overwritten"):
        atomic_write(target, "second\n", new=True)
    assert target.read_bytes() == b"first\n"
    assert [p.name for p in target.parent.iterdir()] == ["key"]


def test_a_folder_given_as_a_file_on_windows_is_named_as_a_folder(
    coach: Coach, tmp_path: Path, as_windows: list[tuple[str, int]]
) -> None:
    ws = tmp_path / "user" / "coaching"
    ok(coach("init", str(ws)))
    folder = tmp_path / "answers.yaml"
    folder.mkdir()
    result = coach("--home", str(ws), "session", "start", "--answers", str(folder))
    assert result.code != 0 and "is a folder, not a file" in result.err, result.err


def test_output_to_a_file_on_windows_is_utf8(
    coach: Coach, tmp_path: Path, as_windows: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redirected output on Windows would be in the ANSI code page (cp1252), which has
    no "Ō": the command would stop half-way."""
    from coachcli.cli.app import main
    from coachcli.cli.context import App
    from coachcli.ui.console import make_console

    ws = tmp_path / "user" / "coaching"
    ok(coach("init", str(ws)))
    answers = tmp_path / "zoe.yaml"
    answers.write_text(QUICK.read_text("utf-8").replace("Tom Reid", "Zoë Ōkubo"), "utf-8")
    ok(coach("--home", str(ws), "session", "start", "--answers", str(answers)))
    raw = io.BytesIO()
    redirected = io.TextIOWrapper(raw, encoding="cp1252", write_through=True)
    monkeypatch.setattr(sys, "stdout", redirected)
    monkeypatch.setattr(sys, "argv", ["coach", "--home", str(ws), "followup"])
    try:
        main(App(console=make_console()))
    except SystemExit as done:
        assert done.code in (0, None)
    redirected.flush()
    assert "Zoë Ōkubo" in raw.getvalue().decode("utf-8")


def test_the_user_folders_on_windows_are_in_local_app_data(
    coach: Coach, tmp_path: Path, as_windows: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COACH_HOME")
    local = Path(os.environ["LOCALAPPDATA"])  # tests/sandbox.py puts it in tmp_path
    assert local.is_relative_to(tmp_path)
    where = ok(coach("where"))
    assert f"workspace:  {local / 'coachcli'}\n" in where.out
    assert portable.cache_dir() == local / "coachcli" / "Cache"
    assert not (local / "coachcli").exists(), "asking where makes nothing"
    assert ok(coach("followup"))  # the first command that needs it makes it there
    assert (local / "coachcli" / "coach.yaml").is_file()


def test_fsync_of_a_folder_is_skipped_on_windows_and_done_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    monkeypatch.setattr(portable, "WINDOWS", False)
    portable.fsync_dir(tmp_path)
    assert len(synced) == 1
    monkeypatch.setattr(portable, "WINDOWS", True)
    opened: list[str] = []
    monkeypatch.setattr(os, "open", lambda path, *args: opened.append(path) or -1)
    portable.fsync_dir(tmp_path)
    assert opened == [] and len(synced) == 1


@pytest.mark.parametrize(
    ("windows", "command", "words"),
    [
        (True, r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst', [
            r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst"]),
        (True, r"C:\Windows\notepad.exe", [r"C:\Windows\notepad.exe"]),
        (False, "code --wait", ["code", "--wait"]),
        (False, "'/Applications/My Editor' -w", ["/Applications/My Editor", "-w"]),
    ],
)  # fmt: skip
def test_an_editor_command_keeps_its_path_on_each_system(
    windows: bool, command: str, words: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portable, "WINDOWS", windows)
    assert portable.command_words(command) == words


def test_the_default_editor_is_one_every_system_has() -> None:
    expected = "notepad" if os.name == "nt" else "nano"
    assert expected == portable.DEFAULT_EDITOR


# --- the POSIX branch -----------------------------------------------------------------


def test_without_fchmod_modes_are_set_through_the_path(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system with mode bits but no ``os.fchmod`` still gets 0600 files."""
    without_fchmod(monkeypatch)
    chmods: list[tuple[str, int]] = []
    real_chmod = os.chmod
    monkeypatch.setattr(os, "chmod", lambda p, m: chmods.append((str(p), m)) or real_chmod(p, m))
    ws = tmp_path / "coaching"
    ok(coach("init", str(ws)))
    old = os.umask(0o022)
    try:
        ok(coach("--home", str(ws), "session", "start", "--answers", str(QUICK)))
    finally:
        os.umask(old)
    assert any(path.endswith(".tmp") and mode == 0o600 for path, mode in chmods)
    sessions = [p for p in (ws / "sessions").rglob("*.yaml") if p.is_file()]
    assert sessions and all(p.stat().st_mode & 0o777 == 0o600 for p in sessions)
    doctor = ok(coach("--home", str(ws), "doctor"))
    assert "private permissions (0700 / 0600)" in doctor.out


def test_the_user_folders_elsewhere_are_platformdirs_own(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("COACH_HOME")
    data = platformdirs.user_data_path("coachcli", appauthor=False)
    assert data.is_relative_to(tmp_path)  # HOME and XDG_* are in tmp_path (tests/sandbox.py)
    assert f"workspace:  {data}\n" in ok(coach("where")).out
    assert portable.cache_dir() == platformdirs.user_cache_path("coachcli", appauthor=False)


# --- cloud sync -----------------------------------------------------------------------


def make_dropbox(tmp_path: Path) -> Path:
    top = tmp_path / "Shared with staff"
    top.mkdir()
    (top / ".dropbox").write_text("{}", encoding="utf-8")  # what Dropbox leaves at its top
    return top / "coaching"


def make_onedrive_variable(tmp_path: Path) -> Path:
    os.environ["OneDriveCommercial"] = str(tmp_path / "School files")  # noqa: SIM112 - its name
    return tmp_path / "School files" / "Documents" / "coaching"


SYNCED: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "onedrive-variable": ("OneDrive", make_onedrive_variable),
    "onedrive-folder": ("OneDrive", lambda t: t / "OneDrive - Hillside School" / "coaching"),
    "onedrive-mac": ("OneDrive", lambda t: t / "Library/CloudStorage/OneDrive-Personal/coaching"),
    "icloud": ("iCloud Drive", lambda t: t / "Library/Mobile Documents/com~apple~CloudDocs/c"),
    "icloud-windows": ("iCloud Drive", lambda t: t / "iCloudDrive" / "coaching"),
    "dropbox-marker": ("Dropbox", make_dropbox),
    "dropbox-folder": ("Dropbox", lambda t: t / "Dropbox (Hillside)" / "coaching"),
    "google-drive": ("Google Drive", lambda t: t / "Google Drive" / "My Drive" / "coaching"),
    "google-drive-mac": ("Google Drive", lambda t: t / "GoogleDrive-me@hillside.sch.uk/c"),
}


@pytest.mark.parametrize("case", sorted(SYNCED))
def test_doctor_names_the_cloud_service_that_syncs_the_workspace(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.setenv("OneDriveCommercial", "")
    client, make = SYNCED[case]
    ws = make(tmp_path)
    ok(coach("init", str(ws)))
    doctor = coach("--home", str(ws), "doctor")
    assert doctor.code == 1 and "this is a bug" not in doctor.err
    line = next(line for line in doctor.out.splitlines() if f": {client} copies" in line)
    assert "cloud_sync_intended: true" in line and "Move the workspace" in line
    config = (ws / "coach.yaml").read_text("utf-8")
    assert "cloud_sync_intended: false\n" in config
    config = config.replace("cloud_sync_intended: false", "cloud_sync_intended: true")
    (ws / "coach.yaml").write_text(config, "utf-8")
    doctor = ok(coach("--home", str(ws), "doctor"))  # advice now, exit 0
    said = " ".join(doctor.out.split())
    assert "as intended" in said and f"{client} copies" in said and "encryption" in said


def test_doctor_sees_a_sessions_folder_linked_into_a_synced_folder(
    coach: Coach, tmp_path: Path
) -> None:
    ws = tmp_path / "plain" / "coaching"
    ok(coach("init", str(ws)))
    synced = tmp_path / "Dropbox" / "store"
    synced.mkdir(parents=True)
    (ws / "sessions").rename(synced / "sessions")
    (ws / "sessions").symlink_to(synced / "sessions")
    doctor = coach("--home", str(ws), "doctor")
    assert doctor.code == 1 and "Dropbox copies" in " ".join(doctor.out.split())


def test_doctor_sees_no_cloud_in_a_plain_folder_or_an_app_settings_folder(
    coach: Coach, tmp_path: Path
) -> None:
    (tmp_path / "user" / ".dropbox").mkdir()  # the Dropbox app's settings, not its folder
    ws = tmp_path / "user" / "coaching"
    ok(coach("init", str(ws)))
    doctor = ok(coach("--home", str(ws), "doctor"))
    assert "not in a folder a cloud service syncs" in doctor.out
    assert "to its servers" not in doctor.out


# --- versions -------------------------------------------------------------------------


def test_version_names_every_file_format(coach: Coach) -> None:
    lines = ok(coach("--version")).out.splitlines()
    assert lines[0] == f"coach {__version__}"
    text = "\n".join(lines)
    for name, number in [
        ("sessions and progress records", formats.SESSION_FORMAT),
        ("coach.yaml", formats.CONFIG_FORMAT),
        ("frameworks", formats.FRAMEWORKS_FORMAT),
        ("answers files", formats.ANSWERS_FORMAT),
        ("the index (a cache)", formats.INDEX_FORMAT),
    ]:
        assert any(line.split()[: len(name.split())] == name.split() and f" {number}" in line
                   for line in lines), (name, text)  # fmt: skip
    assert len(lines) <= 8 and max(map(len, lines)) <= 80


def test_the_formats_version_prints_are_those_the_files_use() -> None:
    from coachcli.records.answers import AnswersFile
    from coachcli.records.frameworks import FORMAT_VERSION
    from coachcli.records.session import SESSION_FORMAT
    from coachcli.records.settings import CONFIG_FORMAT
    from coachcli.store.index import FORMAT

    assert formats.SESSION_FORMAT == SESSION_FORMAT
    assert formats.CONFIG_FORMAT == CONFIG_FORMAT
    assert formats.FRAMEWORKS_FORMAT == FORMAT_VERSION
    answers = AnswersFile.model_fields["format_version"].default
    assert answers == formats.ANSWERS_FORMAT
    assert formats.INDEX_FORMAT == FORMAT


def test_version_imports_no_pydantic(home: Path) -> None:
    del home
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coachcli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "coach " in done.stdout
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert "coachcli.records.formats" in modules
    assert not modules & {"pydantic", "yaml", "coachcli.records.session", "msgspec"}
