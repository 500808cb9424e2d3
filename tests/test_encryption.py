"""Optional encryption at rest: no note reaches the disk in the clear once it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.records.yamlio import dumps
from coachcli.store import crypto
from tests.conftest import Coach, person_dir

CANARY = "CANARY-7f3a-never-in-clear"


def encrypted_workspace(coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    coach("init", str(home))
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: true"))
    monkeypatch.setenv("COACH_PASSPHRASE", "correct horse battery staple")


def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(
        dumps(
            {
                "coachee": "Priya Shah",
                "role": "phase_leader",
                "flow": "full",
                "focus": "team-meetings",
                "notes": {"listening": [{"note": f"private worry {CANARY}", "private": "yes"}]},
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


def on_disk(home: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in home.rglob("*") if p.is_file()
    )


def test_a_canary_is_found_in_no_file(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted_workspace(coach, home, monkeypatch)
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    record = tmp_path / "record.yaml"
    record.write_text(dumps({"steps": [{"status": "practising", "evidence": CANARY}]}))
    assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\nsed -i 's/private worry/worry {CANARY}/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    session_id = next(person_dir(home, "priya-shah").glob("*.yaml")).stem[11:]
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
    coach("where")
    assert coach("session", "start", "--answers", str(answers(tmp_path))).code == 0
    assert CANARY in on_disk(home)
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: true"))
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

    monkeypatch.setenv("COACH_PASSPHRASE", "correct horse battery staple")
    text = saved.read_text()
    middle = len(text) // 2
    swapped = "A" if text[middle] != "A" else "B"
    saved.write_text(text[:middle] + swapped + text[middle + 1 :])
    tampered = coach("session", "list")
    assert tampered.code == 1 and "failed authentication" in tampered.err

    monkeypatch.delenv("COACH_PASSPHRASE")
    missing = coach("session", "list")
    assert missing.code == 1 and "COACH_PASSPHRASE" in missing.err
