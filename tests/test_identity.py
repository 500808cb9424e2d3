"""People are kept apart by who they are (an id), never by a name or a folder.

Each test is one way two people used to be merged, found or erased together, driven
through the real `coach` command on real files.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from coachcli.records.yamlio import dumps, load
from tests.conftest import Coach, Result

REPO = Path(__file__).resolve().parents[1]
QUICK = REPO / "examples" / "answers-quick.yaml"
FIXTURES = Path(__file__).parent / "fixtures"

LONG = "Alexandra Catherine Montgomery-Fitzwilliam"  # 42 characters: cut at 40 before
NAMES = [
    f"{LONG} Senior",
    f"{LONG} Junior",
    "李雷",  # no Latin letters: every such name was once the one folder "coachee"
    "王芳",
    "Ολυμπία Παπαδοπούλου",
    "Progress",  # the name of a store folder
    "_drafts",
    "_history",
    "Backups",
]


def start(coach: Coach, tmp_path: Path, name: str, note: str = "", **extra: object) -> str:
    """A quick session with ``name`` (a note planted in the check-in); its id."""
    data = load(QUICK).data
    data["coachee"] = name
    data["notes"]["checkin"][0]["note"] = note or f"Notes about {name}."
    data.update(extra)
    answers = tmp_path / f"answers-{abs(hash(name))}.yaml"
    answers.write_text(dumps(data), encoding="utf-8")
    result = coach("session", "start", "--answers", str(answers))
    assert result.code == 0, result.err
    found = re.search(r"^id: (\S+)", result.out, re.M)
    assert found is not None, result.out
    return found.group(1)


def files_about(home: Path, name: str) -> list[Path]:
    return [
        p
        for p in (home / "sessions").rglob("*.yaml")
        if re.search(rf"^coachee: {re.escape(dumps(name).strip())}$", p.read_text(), re.M)
    ]


def test_every_name_gets_its_own_folder_and_the_store_keeps_working(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    for name in NAMES:
        start(coach, tmp_path, name)
    folders = [p for p in (home / "sessions").iterdir() if p.is_dir()]
    assert len(folders) == len(NAMES), sorted(f.name for f in folders)
    for name in NAMES:
        (only,) = files_about(home, name)
        assert len(list(only.parent.glob("*.yaml"))) == 1, f"{name} shares a folder"
        assert not only.parent.name.startswith(("_", ".")), "a store folder was taken"
    listed = coach("session", "list")
    assert listed.code == 0, listed.err
    assert all(name.split()[0] in listed.out for name in NAMES)
    assert coach("followup").code == 0
    doctor = coach("doctor")
    assert "unknown key" not in doctor.out + doctor.err


def test_a_brief_journey_and_forget_reach_only_their_person(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    senior, junior = f"{LONG} Senior", f"{LONG} Junior"
    start(coach, tmp_path, senior, "SENIOR-NOTE")
    start(coach, tmp_path, junior, "JUNIOR-NOTE")
    brief = coach("followup", senior)
    assert brief.code == 0, brief.err
    journey = coach("export", "--coachee", junior)
    assert journey.code == 0, journey.err
    assert "JUNIOR-NOTE" in journey.out and "SENIOR-NOTE" not in journey.out
    (theirs,) = files_about(home, junior)
    kept = theirs.read_bytes()
    forgot = coach("forget", senior, "--yes")
    assert forgot.code == 0, forgot.err
    assert "Erased 1 file" in forgot.out
    assert theirs.read_bytes() == kept, "the other person is untouched"
    assert not files_about(home, senior)
    assert "JUNIOR-NOTE" in coach("export", "--coachee", junior).out


def test_two_people_an_older_coachcli_put_in_one_folder_stay_apart(
    coach: Coach, home: Path
) -> None:
    coach("init", str(home))
    shutil.copytree(FIXTURES / "format-3" / "sessions", home / "sessions", dirs_exist_ok=True)
    (shared,) = [p for p in (home / "sessions").iterdir() if p.name.startswith("alexandra")]
    assert len(list(shared.glob("*.yaml"))) == 2, "the fixture holds both in one folder"
    junior = f"{LONG} Junior"
    brief = coach("followup", junior, "--json")
    assert brief.code == 0, brief.err
    assert '"sessions": 1' in brief.out.replace(" ", "").replace('"sessions":1', '"sessions": 1')
    assert coach("forget", f"{LONG} Senior", "--yes").code == 0
    (left,) = shared.glob("*.yaml")
    assert "Junior" in left.read_text(), "only Senior's file went; the folder stays for Junior"
    assert coach("followup", junior).code == 0
    only_a_draft = coach("forget", "Tom Reid", "--yes")  # never finished a session
    assert only_a_draft.code == 0, only_a_draft.err
    assert not list((home / "sessions" / "_drafts").glob("*.yaml"))


def test_amending_a_name_keeps_the_session_with_its_person(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = start(coach, tmp_path, "Sam Jonse")
    start(coach, tmp_path, "Sam Jonse")
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/^coachee: Sam Jonse$/coachee: Sam Jones/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    assert coach("session", "amend", first).code == 0
    moved = tmp_path / "moved.sh"  # who a session is about is not a thing to edit
    moved.write_text("#!/bin/sh\nsed -i 's/^coachee_id: .*$/coachee_id: p0000000000/' \"$1\"\n")
    moved.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(moved))
    refused = coach("session", "amend", first)
    assert refused.code == 1 and "coachee_id must stay" in refused.err
    for name in ("Sam Jones", "Sam Jonse"):
        listed = coach("session", "list", "--coachee", name)
        assert listed.out.count("Sam Jon") == 2, (name, listed.out)
    brief = coach("followup", "Sam Jones")
    assert brief.code == 0, brief.err


def test_namesakes_are_asked_about_and_never_merged(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start(coach, tmp_path, "Sam Jones", "FIRST-SAM", role="teacher")
    start(coach, tmp_path, "Sam Jones (Y4)", "SECOND-SAM")
    (second,) = files_about(home, "Sam Jones (Y4)")
    second.write_text(second.read_text().replace("coachee: Sam Jones (Y4)", "coachee: Sam Jones"))
    ambiguous = coach("followup", "Sam Jones")
    assert ambiguous.code == 1
    assert "could be 2 people" in ambiguous.err and "id" in ambiguous.err
    ids = re.findall(r"id ([pn][0-9a-f]{10})", ambiguous.err)
    assert len(set(ids)) == 2
    dashboard = coach("followup").out
    assert all(f"Sam Jones ({i})" in dashboard for i in ids), "the dashboard tells them apart"
    assert sorted(re.findall(r'"coachee_id": "(\w+)"', coach("followup", "--json").out)) == sorted(
        ids
    )
    by_id = {i: coach("export", "--coachee", i).out for i in ids}
    assert sorted("FIRST-SAM" in text for text in by_id.values()) == [False, True]
    answers = tmp_path / "sam.yaml"
    data = load(QUICK).data
    data["coachee"] = "Sam Jones"
    answers.write_text(dumps(data), encoding="utf-8")
    unsure = coach("session", "start", "--answers", str(answers))
    assert unsure.code != 0 and "coachee_id" in unsure.err, "an answers file must say which"
    chosen = next(i for i, text in by_id.items() if "SECOND-SAM" in text)
    data["coachee_id"] = chosen
    answers.write_text(dumps(data), encoding="utf-8")
    assert coach("session", "start", "--answers", str(answers)).code == 0
    assert "2" in coach("export", "--coachee", chosen).out  # their second session


def test_with_encryption_on_no_name_is_in_any_file_or_folder_name(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_PASSPHRASE", "correct horse battery staple")
    coach("init", str(home))
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: true"))
    for name in ("Priya Shah", "Tom Reid", "李雷"):
        monkeypatch.setenv("COACH_PASSPHRASE", "correct horse battery staple")
        start(coach, tmp_path, name)
    parts = {"priya", "shah", "tom", "reid", "李雷"}
    for parent, folders, files in os.walk(home):
        for entry in [*folders, *files]:
            assert not any(part in entry.casefold() for part in parts), Path(parent) / entry
    monkeypatch.setenv("COACH_PASSPHRASE", "correct horse battery staple")
    listed = coach("session", "list")
    assert listed.code == 0, listed.err
    ids = re.findall(r"\b(s[0-9a-f]{6}-[0-9a-f]{4})\b", listed.out)
    assert len(ids) == 3, listed.out


def test_forget_reaches_backups_revisions_copies_and_leftovers_and_says_what_it_could_not_read(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    shutil.copytree(FIXTURES / "format-2" / "sessions", home / "sessions", dirs_exist_ok=True)
    assert coach("migrate").code == 0  # a backup in the old format, with Priya in it
    priya_id = start(coach, tmp_path, "Priya Shah")
    start(coach, tmp_path, "Tom Reid")
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/Notes about/Notes, amended, about/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    assert coach("session", "amend", priya_id).code == 0
    (newest,) = [p for p in files_about(home, "Priya Shah") if priya_id in p.name]
    shutil.copy(newest, newest.with_name(newest.stem + " (conflicted copy).yaml"))
    (newest.parent / f".{newest.name}.1234.tmp").write_text("coachee: Priya Sh")
    damaged = newest.with_name("2026-11-01-priya-shah-dead.yaml")
    damaged.write_text("coachee: [Priya\n")
    others = {p: p.read_bytes() for p in files_about(home, "Tom Reid")}
    assert others

    forgot = coach("forget", "Priya Shah", "--yes")
    assert forgot.code == 1, "a file could not be read: not a clean success"
    assert "could not read, left alone" in forgot.out and damaged.name in forgot.out
    removed = [line.strip() for line in forgot.out.splitlines() if line.startswith("  ")]
    assert any("backups/" in line for line in removed)
    assert any("_history/" in line for line in removed)
    assert any("conflicted copy" in line for line in removed)
    assert any(line.endswith(".tmp") for line in removed)
    from coachcli.store.workspace import cache_dir

    written = [
        *(home / "sessions").rglob("*"),
        *(home / "backups").rglob("*"),
        *cache_dir().rglob("*"),
    ]
    left = [p for p in written if p.is_file() and p != damaged]
    assert not [p for p in left if "Priya" in p.read_text(errors="replace")], "nothing else"
    assert all(p.read_bytes() == kept for p, kept in others.items()), "Tom is untouched"


def encrypted_later(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Coach:
    """A store used in the clear (an older one among it), then encryption turned on:
    `coach` with the passphrase set for every run (a run takes it out of its own
    environment once read)."""
    coach("init", str(home))
    shutil.copytree(FIXTURES / "format-3" / "sessions", home / "sessions", dirs_exist_ok=True)
    priya = start(coach, tmp_path, "Priya Shah")  # her second session: steps carried
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/Notes about/Notes, amended, about/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    assert coach("session", "amend", priya).code == 0
    (newest,) = [p for p in files_about(home, "Priya Shah") if priya in p.name]
    shutil.copy(newest, newest.with_name(newest.stem + " (conflicted copy).yaml"))
    assert coach("migrate").code == 0  # a backup, with names in its paths
    bad = tmp_path / "bad.sh"
    bad.write_text("#!/bin/sh\nprintf 'stages: [\\n' >> \"$1\"\n")
    bad.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(bad))
    assert coach("session", "amend", priya).code == 1  # the edit is kept for a retry
    assert list((home / "sessions" / "_drafts").glob(f"amend-{priya}.yaml.edit"))
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: true"))

    def run(*args: str, **kwargs: object) -> Result:
        monkeypatch.setenv("COACH_PASSPHRASE", "correct horse battery staple")
        return coach(*args, **kwargs)

    return run


NAME_PARTS = ("priya", "shah", "tom", "reid", "alexandra", "montgomery", "senior", "junior")


def names_in_paths(home: Path) -> list[str]:
    found = []
    for parent, folders, files in os.walk(home):
        for entry in [*folders, *files]:
            if any(part in entry.casefold() for part in NAME_PARTS):
                found.append(str(Path(parent, entry).relative_to(home)))
    return found


def test_turning_encryption_on_renames_every_path_that_held_a_name(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = encrypted_later(coach, home, tmp_path, monkeypatch)
    assert names_in_paths(home), "the store begins with names in its paths"
    before = run("followup", "Priya Shah", "--json").out
    assert "may hold a person's name" in run("doctor").out
    migrated = run("migrate")
    assert migrated.code == 0, migrated.err
    assert "Renamed" in migrated.out
    assert names_in_paths(home) == []
    assert "may hold a person's name" not in run("doctor").out
    after = run("followup", "Priya Shah", "--json")
    assert after.code == 0, after.err
    ids = r'"[a-z0-9-]*-\d+"|"[pn][0-9a-f]{10}"'  # step and person ids are new
    assert re.sub(ids, "", before) == re.sub(ids, "", after.out), "the same brief"
    listed = run("session", "list")
    ids = re.findall(r"\b(s[0-9a-f]{6}-[0-9a-f]{4})\b", listed.out)
    assert len(ids) == 5, listed.out
    for session_id in ids:
        assert run("session", "show", session_id).code == 0
    assert run("followup", f"{LONG} Junior").code == 0
    again = run("migrate")
    assert "Renamed" not in again.out and "already" in again.out


def test_a_migrate_stopped_while_renaming_is_finished_by_the_next(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coachcli.store.anonymise as anonymise

    run = encrypted_later(coach, home, tmp_path, monkeypatch)
    real = anonymise.atomic_write
    writes = []

    def crash_after_three(path: Path, text: str, **kwargs: object) -> None:
        real(path, text, **kwargs)  # type: ignore[arg-type]
        writes.append(path)
        if len(writes) == 3:  # the new file is written, the old one not yet removed
            raise KeyboardInterrupt

    monkeypatch.setattr(anonymise, "atomic_write", crash_after_three)
    assert run("migrate").code != 0
    monkeypatch.setattr(anonymise, "atomic_write", real)
    assert names_in_paths(home), "stopped half-way"
    assert run("migrate").code == 0
    assert names_in_paths(home) == []
    listed = run("session", "list", "--all")
    assert listed.out.count("Priya Shah") == 2, "no session twice"


def test_forget_reaches_a_sessions_folder_that_lives_elsewhere(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    coach("init", str(home))
    elsewhere = tmp_path / "Dropbox" / "coaching"
    elsewhere.mkdir(parents=True)
    shutil.rmtree(home / "sessions")
    (home / "sessions").symlink_to(elsewhere, target_is_directory=True)
    start(coach, tmp_path, "Priya Shah", "PRIYA-NOTE")
    start(coach, tmp_path, "Tom Reid", "TOM-NOTE")
    assert coach("forget", "Priya Shah", "--yes").code == 0
    left = "".join(p.read_text() for p in elsewhere.rglob("*.yaml"))
    assert "PRIYA-NOTE" not in left and "TOM-NOTE" in left


def test_sessions_started_at_once_with_one_person_never_share_a_number(
    home: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    coach_bin = Path(sys.executable).with_name("coach")
    subprocess.run([str(coach_bin), "where"], check=True, capture_output=True)
    rounds = 6
    for _ in range(rounds):
        running = [
            subprocess.Popen(
                [str(coach_bin), "session", "start", "--answers", str(QUICK)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for process in running:
            assert process.wait(60) == 0, process.stderr.read() if process.stderr else ""
    numbers = sorted(
        int(re.search(r"^number: '?(\d+)", p.read_text(), re.M)[1])  # type: ignore[index]
        for p in (home / "sessions").rglob("*.yaml")
        if "_drafts" not in p.parts
    )
    assert numbers == list(range(1, 2 * rounds + 1))


def test_a_draft_left_beside_its_finished_session_is_not_listed_twice(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    session_id = start(coach, tmp_path, "Tom Reid")
    (finished,) = files_about(home, "Tom Reid")
    drafts = home / "sessions" / "_drafts"
    drafts.mkdir(mode=0o700, exist_ok=True)
    left = drafts / finished.name  # as if killed between the two saves
    left.write_text(finished.read_text().replace("status: complete", "status: draft"))
    left.chmod(0o600)
    listed = coach("session", "list", "--json").out
    assert listed.count(session_id) == 1 and '"status": "draft"' not in listed
    assert "no unfinished sessions" in coach("session", "resume").err
    doctor = coach("doctor").out.replace("\n", " ")
    assert "the draft of a session already finished" in doctor
    again = start(coach, tmp_path, "Tom Reid")  # not offered the leftover to resume
    assert again != session_id


def test_an_amend_kept_after_a_concurrent_change_is_never_saved_over_it(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = start(coach, tmp_path, "Tom Reid", "FIRST-TEXT")
    (session,) = files_about(home, "Tom Reid")

    def editor(name: str, script: str) -> None:
        path = tmp_path / name
        path.write_text(f"#!/bin/sh\n{script}\n")
        path.chmod(0o755)
        monkeypatch.setenv("VISUAL", str(path))

    # My edit, while a sync tool brings a colleague's version of the same session.
    editor(
        "race.sh",
        f"sed -i 's/FIRST-TEXT/MY-EDIT/' \"$1\"\nsed -i 's/FIRST-TEXT/THEIR-EDIT/' '{session}'",
    )
    raced = coach("session", "amend", session_id)
    assert raced.code == 1 and "changed while you edited it" in raced.err
    assert f"an amend of {session_id} was kept" in coach("doctor").out.replace("\n", " ")
    assert "THEIR-EDIT" in session.read_text()
    editor("nothing.sh", "true")
    again = coach("session", "amend", session_id)
    assert again.code == 1 and "kept" in again.err, "closing the editor loses nothing"
    assert "THEIR-EDIT" in session.read_text(), "the stale edit was not saved over theirs"
    editor(
        "merge.sh",
        "grep -q '^# .*MY-EDIT' \"$1\" || exit 3\n"
        "sed -i 's/THEIR-EDIT/THEIR-EDIT and MY-EDIT/' \"$1\"",
    )
    merged = coach("session", "amend", session_id)
    assert merged.code == 0, merged.err
    assert "THEIR-EDIT and MY-EDIT" in session.read_text()
    assert not list((home / "sessions" / "_drafts").glob("amend-*"))


def test_someone_new_is_never_made_silently_while_a_file_cannot_be_read(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    start(coach, tmp_path, "Priya Shah")
    (theirs,) = files_about(home, "Priya Shah")
    theirs.write_text(re.sub(r"format_version: \d+", "format_version: 99", theirs.read_text()))
    data = load(QUICK).data
    data["coachee"] = "Priya Shah"
    answers = tmp_path / "again.yaml"
    answers.write_text(dumps(data), encoding="utf-8")
    refused = coach("session", "start", "--answers", str(answers))
    assert refused.code == 1 and "may be in a file that could not be read" in refused.err
    assert "newer coachcli" in refused.err
    assert len(list((home / "sessions").rglob("*.yaml"))) == 1, "no second Priya"
    data["coachee_new"] = "yes"  # the coach decides: a new record after all
    answers.write_text(dumps(data), encoding="utf-8")
    assert coach("session", "start", "--answers", str(answers)).code == 0
