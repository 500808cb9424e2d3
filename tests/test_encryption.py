"""Optional encryption at rest: no note reaches the disk in the clear once it is on."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachcli.records.yamlio import dumps
from coachcli.store import crypto
from tests.conftest import Coach, Result, person_dir

CANARY = "CANARY-7f3a-never-in-clear"
PASSPHRASE = "correct horse battery staple"
SECRETS = ("COACH_PASSPHRASE", "COACH_NEW_PASSPHRASE")


@pytest.fixture
def coach(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> Coach:
    return keeping_secrets(coach, monkeypatch)


def keeping_secrets(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> Coach:
    """`coach`, with the test's passphrases put back after each run.

    A run takes COACH_PASSPHRASE out of its own environment once read (no child
    process may inherit it); a real process starts with it again each time, so the
    variables the test set are set again here."""

    def run(*args: str, **kwargs: object) -> Result:
        before = {n: os.environ[n] for n in SECRETS if n in os.environ}
        try:
            return coach(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            for name, value in before.items():
                monkeypatch.setenv(name, value)

    return run


def encrypted_workspace(coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    coach("init", str(home))
    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)


def set_encryption(home: Path, on: bool) -> None:
    config = home / "coach.yaml"
    old, new = ("false", "true") if on else ("true", "false")
    config.write_text(config.read_text().replace(f"encryption: {old}", f"encryption: {new}"))


def answers(tmp_path: Path, coachee: str = "Priya Shah") -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(
        dumps(
            {
                "coachee": coachee,
                "role": "phase_leader",
                "flow": "full",
                "focus": "team-meetings",
                "notes": {
                    "listening": [
                        {"note": f"private worry {CANARY}", "private": "yes"},
                        {"note": f"public note {CANARY}"},
                    ]
                },
                "evidence": [{"source": "interview", "seen": f"seen {CANARY}"}],
                "action_steps": [
                    {
                        "text": f"open each meeting with pupil work, weekly {CANARY}",
                        "criteria": {
                            "highest_leverage": "yes",
                            "narrow": "yes",
                            "evidence": "yes",
                            "transferable": "yes",
                        },
                        "practice": {
                            "place": "team_meeting",
                            "when": "Tuesday",
                            "observer": "me",
                            "feedback": "same day",
                            "due": "2026-12-01",
                        },
                    }
                ],
                "close": {"strengths": CANARY, "next_meeting": "2026-12-08"},
            }
        )
    )
    return path


def files_under(*folders: Path) -> Iterator[Path]:
    """Every file under the folders, following links (a linked sessions folder)."""
    for folder in folders:
        for where, _, names in os.walk(folder, followlinks=True):
            yield from (Path(where) / name for name in names)


def on_disk(*folders: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in files_under(*folders))


def store_files(home: Path) -> list[Path]:
    """Every record, copy and kept edit under sessions/ and backups/ (hidden files are
    leftovers and locks)."""
    return [
        p
        for p in files_under(home / "sessions", home / "backups")
        if p.name.endswith((".yaml", ".yaml.edit")) and not p.name.startswith(".")
    ]


def ids(coach: Coach) -> list[str]:
    listed = coach("session", "list", "--all", "--json")
    assert listed.code == 0, listed.err
    return [row["id"] for row in json.loads(listed.out)]


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    path = tmp_path / "editor.sh"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(path))
    return path


def test_a_canary_is_found_in_no_file(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted_workspace(coach, home, monkeypatch)
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    record = tmp_path / "record.yaml"
    record.write_text(dumps({"steps": [{"status": "practising", "evidence": CANARY}]}))
    assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
    editor(tmp_path, monkeypatch, f"sed -i 's/private worry/worry {CANARY}/' \"$1\"")
    (session_id,) = ids(coach)
    assert coach("session", "amend", session_id).code == 0
    assert (home / "sessions" / "_history").is_dir()

    assert CANARY not in on_disk(home)
    assert CANARY in coach("session", "show", session_id).out  # readable with the key
    assert "Priya Shah" in coach("session", "list").out
    from coachcli.store.index import cache_dir

    assert not list(cache_dir().glob("index-*.json")), "no index holds names in the clear"
    assert CANARY in coach("followup", "priya").out
    assert coach("doctor").code == 0


def test_turning_it_on_for_an_existing_store(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    assert CANARY in on_disk(home)
    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", "a new passphrase")
    result = coach("migrate")
    assert result.code == 0, result.err
    backups = list((home / "backups").rglob("*.yaml"))
    assert backups and all(p.read_text().startswith(crypto.MAGIC) for p in backups)
    assert CANARY not in on_disk(home)
    assert CANARY in coach("export", "--coachee", "priya").out


def test_wrong_passphrase_tampering_and_no_terminal(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted_workspace(coach, home, monkeypatch)
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    (saved,) = person_dir(home, "priya-shah").glob("*.yaml")
    monkeypatch.setenv("COACH_PASSPHRASE", "not the passphrase")
    wrong = coach("session", "list")
    assert wrong.code == 1 and "wrong passphrase" in wrong.err

    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    text = saved.read_text()
    middle = len(text) // 2
    swapped = "A" if text[middle] != "A" else "B"
    saved.write_text(text[:middle] + swapped + text[middle + 1 :])
    tampered = coach("session", "list")
    assert tampered.code == 1 and "failed authentication" in tampered.err

    monkeypatch.delenv("COACH_PASSPHRASE")
    missing = coach("session", "list")
    assert missing.code == 1 and "COACH_PASSPHRASE" in missing.err


# --- 1. a sessions folder linked elsewhere -------------------------------------------


def test_a_sessions_folder_linked_into_a_sync_folder_is_encrypted_too(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    sync = tmp_path / "OneDrive" / "coaching"
    sync.parent.mkdir()
    shutil.move(home / "sessions", sync)
    (home / "sessions").symlink_to(sync, target_is_directory=True)
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    assert CANARY in on_disk(sync)

    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    before = coach("doctor")
    assert before.code == 1 and "not encrypted; run `coach migrate`" in before.out
    migrated = coach("migrate")
    assert migrated.code == 0, migrated.err
    assert "Migrated" in migrated.out
    synced = coach("doctor")  # the link takes the notes to OneDrive: doctor says so
    assert synced.code == 1 and "OneDrive copies" in " ".join(synced.out.split())
    config = home / "coach.yaml"  # the school means it to be there, encrypted
    config.write_text(
        config.read_text().replace("cloud_sync_intended: false", "cloud_sync_intended: true")
    )
    assert coach("doctor").code == 0

    assert coach("session", "start", "--answers", str(answers(tmp_path, "Tom Reid"))).code == 0
    record = tmp_path / "record.yaml"
    record.write_text(dumps({"steps": [{"status": "practising", "evidence": CANARY}]}))
    assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
    written = list(files_under(sync))
    assert len(written) >= 3
    assert CANARY not in on_disk(sync, home / "backups")
    assert all(p.read_text().startswith(crypto.MAGIC) for p in store_files(home))
    assert len(ids(coach)) == 2


# --- 2. migrate: everything, both ways -----------------------------------------------


def a_store_with_everything(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A plaintext store with a session, progress, an earlier revision, a conflict copy,
    a backup, a draft and an amend kept for a retry."""
    coach("init", str(home))
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    record = tmp_path / "record.yaml"
    record.write_text(dumps({"steps": [{"status": "practising", "evidence": CANARY}]}))
    assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
    (session_id,) = ids(coach)
    editor(tmp_path, monkeypatch, f"sed -i 's/public note/note {CANARY}/' \"$1\"")
    assert coach("session", "amend", session_id).code == 0
    editor(tmp_path, monkeypatch, "echo 'stages: [broken' >> \"$1\"")
    assert coach("session", "amend", session_id).code == 1  # kept for a retry
    (saved,) = person_dir(home, "priya-shah").glob("*.yaml")
    shutil.copy(saved, saved.with_name(saved.stem + " (Priya's conflicted copy).yaml"))
    backup = home / "backups" / "sessions-20260101-000000" / saved.parent.name
    backup.mkdir(parents=True)
    shutil.copy(saved, backup / saved.name)
    drafts = home / "sessions" / "_drafts"
    shutil.copy(saved, drafts / "2026-11-30-priya-shah-0d0d.yaml")
    return session_id


def encryption_problems(doctor: str) -> list[str]:
    said = ("not encrypted", "encrypted, but", "in the clear", "key file", "passphrase change")
    return [line for line in doctor.splitlines() if any(words in line for words in said)]


def test_migrate_encrypts_and_decrypts_every_file_and_scrubs_the_caches(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = a_store_with_everything(coach, home, tmp_path, monkeypatch)
    assert coach("followup", "priya").code == 0  # the brief and the index are cached
    from coachcli.store.workspace import cache_dir

    assert "Priya Shah" in on_disk(cache_dir())
    everything = store_files(home)
    kinds = {"_history", "backups", "_drafts", "progress", "conflicted copy", ".yaml.edit"}
    assert all(any(kind in str(p) for p in everything) for kind in kinds)

    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    doctor = coach("doctor")
    assert doctor.code == 1
    assert "_history" in doctor.out and "conflicted copy" in doctor.out
    assert "a cache that may hold names in the clear" in doctor.out
    result = coach("migrate")
    assert result.code == 0, result.err
    assert "Removed" in result.out and "Backed up" in result.out
    assert all(p.read_text().startswith(crypto.MAGIC) for p in store_files(home))
    assert CANARY not in on_disk(home)
    assert "Priya Shah" not in on_disk(cache_dir())
    assert not encryption_problems(coach("doctor").out)
    assert CANARY in coach("session", "show", session_id, "--revision", "1").out
    # With encryption on, ids hold no name: the old id still finds the session, and
    # after decrypting, its new id (from the listing) does.
    listed = re.findall(r"\b(s[0-9a-f]{6}-[0-9a-f]{4})\b", coach("session", "list").out)
    (session_id,) = [i for i in listed if coach("session", "show", i, "--revision", "1").code == 0]
    after = {p: p.read_bytes() for p in files_under(home)}
    again = coach("migrate")
    assert again.code == 0 and "already" in again.out
    assert {p: p.read_bytes() for p in files_under(home)} == after, "idempotent"

    set_encryption(home, False)
    monkeypatch.delenv("COACH_PASSPHRASE")
    refused = coach("migrate")
    assert refused.code == 1 and "COACH_PASSPHRASE" in refused.err
    assert "encrypted, but coach.yaml has encryption off" in coach("doctor").out
    monkeypatch.setenv("COACH_PASSPHRASE", "not it")
    wrong = coach("migrate")
    assert wrong.code == 1 and "wrong passphrase" in wrong.err
    assert {p: p.read_bytes() for p in store_files(home)} == {
        p: after[p] for p in store_files(home)
    }
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    decrypted = coach("migrate")
    assert decrypted.code == 0, decrypted.err
    assert not any(p.read_text().startswith(crypto.MAGIC) for p in store_files(home))
    monkeypatch.delenv("COACH_PASSPHRASE")
    assert CANARY in coach("session", "show", session_id, "--revision", "1").out
    assert not encryption_problems(coach("doctor").out)


def test_migrate_reads_every_file_before_writing_any(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_store_with_everything(coach, home, tmp_path, monkeypatch)
    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    assert coach("migrate").code == 0
    (revision,) = (home / "sessions" / "_history").rglob("r1.yaml")
    text = revision.read_text()
    revision.write_text(text[:40] + ("A" if text[40] != "A" else "B") + text[41:])
    set_encryption(home, False)
    before = {p: p.read_bytes() for p in files_under(home)}
    damaged = coach("migrate")
    assert damaged.code == 1 and "failed authentication" in damaged.err
    assert len(damaged.err.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in files_under(home)} == before, "nothing was written"


# --- 6. a missing key file -----------------------------------------------------------


def test_a_missing_key_file_is_not_replaced_while_files_are_encrypted(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted_workspace(coach, home, monkeypatch)
    assert coach("session", "list").code == 0
    assert (home / ".coachkey").exists(), "a workspace with no sealed file makes a key"
    (home / ".coachkey").unlink()
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    key = (home / ".coachkey").read_bytes()
    shutil.copy(home / ".coachkey", tmp_path / "key-backup")
    (home / ".coachkey").unlink()
    for command in (("session", "list"), ("doctor",), ("migrate",)):
        result = coach(*command)
        assert result.code == 1, command
        assert "key file" in result.err and "missing" in result.err and "backup" in result.err
        assert len(result.err.strip().splitlines()) == 1
        assert not (home / ".coachkey").exists(), "no new key replaces the lost one"
    set_encryption(home, False)
    doctor = coach("doctor")
    assert doctor.code == 1 and "key file" in doctor.out and "missing" in doctor.out
    set_encryption(home, True)
    shutil.copy(tmp_path / "key-backup", home / ".coachkey")
    assert (home / ".coachkey").read_bytes() == key
    assert "Priya Shah" in coach("session", "list").out

    (home / ".coachkey").write_text("not a key file\n")
    damaged = coach("session", "list")
    assert damaged.code == 1 and "is damaged" in damaged.err


# --- 9. the canary, end to end -------------------------------------------------------

NAME = "Zorvexcanary"
"""A surname planted as a canary, with the notes' CANARY."""


def test_a_canary_survives_nowhere_after_every_command(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    from coachcli.store.workspace import cache_dir

    coach("init", str(home))  # first without encryption: caches fill with the name
    coachee = f"Priya {NAME}"
    assert coach("session", "start", "--answers", str(answers(tmp_path, coachee))).code == 0
    assert coach("followup", "priya").code == 0
    assert NAME in on_disk(cache_dir())

    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    assert coach("migrate").code == 0
    assert coach("session", "start", "--answers", str(answers(tmp_path, coachee))).code == 0
    record = tmp_path / "record.yaml"
    record.write_text(dumps({"steps": [{"status": "practising", "evidence": CANARY}]}))
    assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
    first, second = ids(coach)
    editor(tmp_path, monkeypatch, f"sed -i 's/public note/{NAME} {CANARY}/' \"$1\"")
    assert coach("session", "amend", first).code == 0
    editor(tmp_path, monkeypatch, f"echo 'stages: [{CANARY}' >> \"$1\"")
    assert coach("session", "amend", second).code == 1  # kept for a retry, sealed
    editor(tmp_path, monkeypatch, "exit 3")
    assert coach("session", "amend", second).code == 1
    assert coach("migrate").code == 0
    assert coach("followup").code == 0 and coach("followup", "priya").code == 0
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", "a brand new passphrase")
    changed = coach("passphrase", "change")
    assert changed.code == 0, changed.err
    monkeypatch.setenv("COACH_PASSPHRASE", "a brand new passphrase")
    monkeypatch.delenv("COACH_NEW_PASSPHRASE")
    assert coach("doctor").code == 0

    searched = list(files_under(home, cache_dir(), temp))
    assert len(searched) > 10
    for canary in (CANARY, NAME, NAME.lower()):
        hits = [p for p in searched if canary.encode() in p.read_bytes()]
        assert hits == [], f"{canary} in {hits}"
    assert CANARY in coach("session", "show", first).out
    assert NAME in coach("session", "list").out
