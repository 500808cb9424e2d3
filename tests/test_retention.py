"""Retention: `coach forget --before DATE` and `--expired` erase everything older than a
date, as completely as forgetting a person, and `coach doctor` says when files older
than the school's retention period are still there.

A store is built across three years with the clock fixed by COACH_NOW: sessions,
amended sessions with their earlier revisions, progress records, drafts, conflict copies,
a leftover of an interrupted save and a backup made by `coach migrate`. Every note
written before the date carries a canary word, searched for afterwards in every file of
the workspace and the cache.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from coachcli.conversation.asking import ConfirmQ
from coachcli.records.yamlio import dumps, load
from coachcli.ui.prompts import TerminalAsker
from tests.conftest import Coach, Result
from tests.test_encryption import PASSPHRASE, keeping_secrets, set_encryption

REPO = Path(__file__).resolve().parents[1]
QUICK = REPO / "examples" / "answers-quick.yaml"
OLD = "OLDCANARY-3b1e"
"""In every note written before the date: found in no file afterwards."""
LATE = "LATECANARY-77aa"
"""Progress recorded after the date about someone with no later session: gone too."""
KEEP = "KEEPNOTE-9c2d"
"""In every note written after the date: every such file is untouched."""
CARRIED = "CARRIEDNOTE-51c0"
"""Progress recorded before the date that a later session's follow-up took in: the
record goes, the later session keeps it as it was written."""
NOW = "2025-06-01T10:00:00+00:00"
BEFORE = "2024-01-01"


def at(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("COACH_NOW", f"{day}T10:00:00+00:00")


def meet(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: str, name: str, note: str
) -> str:
    """A quick session with ``name`` on ``day``, ``note`` in its check-in; its id."""
    at(monkeypatch, day)
    data = load(QUICK).data
    data["coachee"] = name
    data["notes"]["checkin"][0]["note"] = f"{note} about {name}"
    answers = tmp_path / "answers.yaml"
    answers.write_text(dumps(data), encoding="utf-8")
    result = coach("session", "start", "--answers", str(answers))
    assert result.code == 0, result.err
    found = re.search(r"^id: (\S+)", result.out, re.M)
    assert found is not None, result.out
    return found.group(1)


def record(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: str, name: str, note: str
) -> None:
    """Progress recorded between meetings on ``day``."""
    at(monkeypatch, day)
    answers = tmp_path / "record.yaml"
    answers.write_text(dumps({"steps": [{"status": "practising", "evidence": note}]}))
    result = coach("followup", name, "--record", "--answers", str(answers))
    assert result.code == 0, result.err


def amend(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: str, session_id: str
) -> None:
    """Amend a session on ``day``: its earlier revision is kept in sessions/_history."""
    at(monkeypatch, day)
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/ about / (amended) about /' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    result = coach("session", "amend", session_id)
    assert result.code == 0, result.err


def draft(coach: Coach, monkeypatch: pytest.MonkeyPatch, day: str, name: str, note: str) -> None:
    """A session stopped with Ctrl-C after one note: a draft dated ``day``."""
    at(monkeypatch, day)
    with create_pipe_input() as pipe:
        pipe.send_text(f"\r1\rt\r{note} about {name}\r\x03")
        screen = Console(file=io.StringIO(), width=100)
        result = coach(
            *("session", "start", "--flow", "quick", "--coachee", name, "--role", "teacher"),
            terminal=lambda: TerminalAsker(screen, input=pipe, output=DummyOutput()),
        )
    assert result.code == 130, result.err


class Asked(TerminalAsker):
    """The real prompts, keeping each yes/no question they were asked in ``questions``."""

    questions: list[str]

    def confirm(self, q: ConfirmQ) -> bool:
        self.questions.append(q.message)
        return super().confirm(q)


def answering(coach: Coach, *args: str, answer: str) -> tuple[Result, list[str]]:
    """`coach ARGS` with a person at the terminal typing ``answer`` to its question; what
    it printed, and the questions it asked."""
    asked: list[str] = []
    with create_pipe_input() as pipe:
        pipe.send_text(answer)
        screen = Console(file=io.StringIO(), width=100)

        def person() -> Asked:
            found = Asked(screen, input=pipe, output=DummyOutput())
            found.questions = asked
            return found

        return coach(*args, terminal=person), asked


def school_year(coach: Coach, home: Path, tmp_path: Path, mp: pytest.MonkeyPatch) -> dict[str, str]:
    """Three years of coaching; the ids of the sessions."""
    ids = {}
    ids["priya-1"] = meet(coach, tmp_path, mp, "2023-01-10", "Priya Shah", OLD)
    ids["tom-1"] = meet(coach, tmp_path, mp, "2023-02-01", "Tom Reid", OLD)
    record(coach, tmp_path, mp, "2023-02-15", "Tom Reid", CARRIED)
    record(coach, tmp_path, mp, "2023-03-01", "Priya Shah", OLD)
    ids["priya-2"] = meet(coach, tmp_path, mp, "2023-06-01", "Priya Shah", OLD)
    amend(coach, tmp_path, mp, "2023-06-05", ids["priya-2"])
    at(mp, "2023-07-01")
    assert coach("archive", "Priya Shah").code == 0  # her person record goes with her
    draft(coach, mp, "2023-09-01", "Ada Lovelace", OLD)  # never finished: she has no session
    record(coach, tmp_path, mp, "2025-01-10", "Priya Shah", LATE)  # her last session is old
    ids["tom-2"] = meet(coach, tmp_path, mp, "2025-03-01", "Tom Reid", KEEP)  # carries a step
    record(coach, tmp_path, mp, "2025-03-10", "Tom Reid", KEEP)
    assert coach("handover", "Tom Reid", "--to", "Jo Bloggs").code == 0  # his stays
    ids["sam-1"] = meet(coach, tmp_path, mp, "2025-04-01", "Sam Jones", KEEP)
    amend(coach, tmp_path, mp, "2025-04-02", ids["sam-1"])
    draft(coach, mp, "2025-04-03", "Ben Okafor", KEEP)
    for key in ("priya-1", "sam-1"):  # a sync tool's copies, old and new
        (path,) = (home / "sessions").glob(f"*/*-{ids[key]}.yaml")
        shutil.copy(path, path.with_name(f"{path.stem} (conflicted copy).yaml"))
    (old_tom,) = (home / "sessions").glob(f"*/*-{ids['tom-1']}.yaml")
    old_tom.write_text(old_tom.read_text().replace("format_version: 7", "format_version: 6"))
    at(mp, "2025-05-01")
    assert coach("migrate").code == 0  # a backup of the whole store, then Tom's file rewritten
    assert list((home / "backups").iterdir())
    (old_tom.parent / f".{old_tom.name}.5e1f.tmp").write_text(f"coachee: Tom Reid\n{OLD}")
    mp.setenv("COACH_NOW", NOW)
    return ids


def every_file(*folders: Path) -> dict[Path, bytes]:
    found = {}
    for folder in folders:
        for where, _, names in os.walk(folder, followlinks=True):
            found.update({Path(where, n): Path(where, n).read_bytes() for n in names})
    return found


def holding(files: dict[Path, bytes], word: str) -> set[Path]:
    return {path for path, data in files.items() if word.encode() in data}


def listed(result: Result, home: Path) -> set[Path]:
    """The files a forget says it removed."""
    return {home / line.strip() for line in result.out.splitlines() if line.startswith("  ")}


def test_forget_before_a_date_erases_every_older_file_and_nothing_newer(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.store.workspace import cache_dir

    ids = school_year(coach, home, tmp_path, monkeypatch)
    assert "Priya Shah" in coach("session", "list").out  # the index in the cache holds her
    before = every_file(home / "sessions", home / "backups")
    old = holding(before, OLD) | holding(before, LATE)
    old |= holding(before, CARRIED) - holding(before, KEEP)
    people = holding(before, "record: person")
    old |= people & holding(before, "Priya Shah")
    assert len(people) == 4 and len(old & people) == 2  # in sessions/ and the backup
    assert any("backups" in p.parts for p in old) and any("_history" in p.parts for p in old)
    assert any("progress" in p.parts for p in old) and any("_drafts" in p.parts for p in old)
    assert holding(before, KEEP) and not holding(before, KEEP) & old

    refused = coach("forget", "--before", BEFORE)
    assert refused.code == 1 and "--yes" in refused.err
    declined, _ = answering(coach, "forget", "--before", BEFORE, answer="n\r")
    assert declined.code == 0 and "Nothing was erased" in declined.out
    assert every_file(home / "sessions", home / "backups") == before

    forgot = coach("forget", "--before", BEFORE, "--yes")
    assert forgot.code == 0, forgot.err
    assert "Erased" in forgot.out and "from before 1 Jan 2024" in forgot.out
    after = every_file(home / "sessions", home / "backups")
    removed = set(before) - set(after)
    assert listed(forgot, home) == removed, "the report lists each file it removed"
    assert old <= removed, sorted(str(p) for p in old - removed)
    assert all(after[p] == before[p] for p in after), "nothing newer is touched"
    assert holding(after, KEEP) == holding(before, KEEP)
    assert not [p for p in removed - old if not p.name.endswith((".lease", ".owner"))], (
        "only older files (and the locks of an older draft) go"
    )
    carried = holding(after, CARRIED)
    assert carried and carried <= holding(after, KEEP), "only in the later session"
    everywhere = every_file(home, cache_dir())
    assert not holding(everywhere, OLD) and not holding(everywhere, LATE)
    assert not holding(every_file(cache_dir()), "Priya"), "the index forgets her"
    assert "Priya Shah" in forgot.out.split("no longer listed:")[1]

    sessions = coach("session", "list", "--all")
    assert "Priya" not in sessions.out and "Ada" not in sessions.out
    assert ids["tom-2"] in sessions.out and ids["sam-1"] in sessions.out
    assert ids["tom-1"] not in sessions.out and "Ben Okafor" in sessions.out
    assert people - old <= set(after), "Tom's handover is kept with him"
    assert "Jo Bloggs" in coach("followup", "Tom Reid").out
    assert "Priya" not in coach("followup").out
    assert coach("followup", "Priya Shah").code == 1
    tom = coach("followup", "Tom Reid")
    assert tom.code == 0, tom.err
    assert "mini whiteboards" in tom.out, "the step first agreed in 2023 is still carried"
    assert coach("session", "show", ids["sam-1"], "--revision", "1").code == 0
    again = coach("forget", "--before", BEFORE, "--yes")
    assert again.code == 0 and "Nothing from before 1 Jan 2024" in again.out


def test_doctor_names_files_older_than_the_retention_period_until_they_are_forgotten(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "2023-01-10", "Priya Shah", OLD)
    record(coach, tmp_path, monkeypatch, "2023-02-01", "Priya Shah", OLD)
    meet(coach, tmp_path, monkeypatch, "2025-03-01", "Tom Reid", KEEP)
    monkeypatch.setenv("COACH_NOW", NOW)
    unset = coach("doctor")
    assert unset.code == 0, unset.out
    assert "sets no retention period" in " ".join(unset.out.split())
    refused = coach("forget", "--expired", "--yes")
    assert refused.code == 1 and "retention_months" in refused.err

    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("retention_months: null", "retention_months: 36"))
    kept = coach("doctor")
    assert kept.code == 0 and "nothing older than 36 months" in kept.out, kept.out
    config.write_text(config.read_text().replace("retention_months: 36", "retention_months: 12"))
    doctor = coach("doctor")
    said = " ".join(doctor.out.split())
    assert doctor.code == 1
    assert "1 session and 1 other file older than 12 months" in said
    assert "coach forget --expired" in said and "sets no retention period" not in said

    expired = coach("forget", "--expired", "--yes")
    assert expired.code == 0, expired.err
    assert "from before 1 Jun 2024" in expired.out
    assert not holding(every_file(home), OLD)
    clean = coach("doctor")
    assert clean.code == 0, clean.out
    assert "coach forget --expired" not in " ".join(clean.out.split())


def test_an_encrypted_store_is_pruned_by_date_with_its_backups(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.records.yamlio import read_text
    from coachcli.store import crypto
    from coachcli.store.workspace import cache_dir

    run = keeping_secrets(coach, monkeypatch)
    old = meet(run, tmp_path, monkeypatch, "2023-01-10", "Priya Shah", OLD)
    amend(run, tmp_path, monkeypatch, "2023-01-12", old)
    record(run, tmp_path, monkeypatch, "2023-02-01", "Priya Shah", OLD)
    meet(run, tmp_path, monkeypatch, "2025-03-01", "Tom Reid", KEEP)
    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    at(monkeypatch, "2025-04-01")
    assert run("migrate").code == 0  # encrypted, after a backup (encrypted too)
    monkeypatch.setenv("COACH_NOW", NOW)
    cipher = crypto.unlock(home, lambda confirm: PASSPHRASE)

    def opened() -> dict[Path, str]:
        files = every_file(home / "sessions", home / "backups")
        return {
            p: read_text(p, unseal=cipher.unseal)
            for p in files
            if p.name.endswith(".yaml") and not p.name.startswith(".")
        }

    before = opened()
    assert not holding(every_file(home), OLD), "nothing in the clear to begin with"
    older = {p for p, text in before.items() if OLD in text}
    assert any("backups" in p.parts for p in older) and any("_history" in p.parts for p in older)

    forgot = run("forget", "--before", BEFORE, "--yes")
    assert forgot.code == 0, forgot.err
    after = opened()
    assert set(before) - set(after) == older
    assert listed(forgot, home) >= older
    assert all(after[p] == before[p] for p in after)
    assert not [text for text in after.values() if OLD in text]
    assert not holding(every_file(cache_dir()), "Priya") and not holding(every_file(home), OLD)
    listing = run("session", "list")
    assert "Tom Reid" in listing.out and "Priya" not in listing.out
    assert OLD not in run("export", "--coachee", "Tom Reid", "--include-private").out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--before", "2030-01-01"), "after today"),
        (("--before", "tomorrow"), "after today"),
        (("--before", "1/9"), "with its year"),  # no year: the next 1 September
        (("--before", "someday"), "type a date like"),
        (("--before", "2024-01-01", "--expired"), "not both"),
        (("Tom Reid", "--before", "2024-01-01"), "not both"),
        ((), "--before DATE or --expired"),
    ],
)
def test_a_date_in_the_future_or_unclear_options_erase_nothing(
    coach: Coach,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    says: str,
) -> None:
    meet(coach, tmp_path, monkeypatch, "2025-03-01", "Tom Reid", KEEP)
    monkeypatch.setenv("COACH_NOW", NOW)
    files = every_file(home)
    result = coach("forget", *args, "--yes")
    assert result.code == 1 and says in result.err, result.err
    assert result.err.startswith("coach: ") and result.err.count("\n") == 1
    assert every_file(home) == files


def test_a_date_that_would_leave_nothing_says_so_plainly(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "2025-03-01", "Tom Reid", KEEP)
    meet(coach, tmp_path, monkeypatch, "2025-05-01", "Sam Jones", KEEP)
    monkeypatch.setenv("COACH_NOW", NOW)
    files = every_file(home / "sessions")
    declined, _ = answering(coach, "forget", "--before", "today", answer="n\r")
    assert declined.code == 0 and "Nothing was erased" in declined.out
    assert every_file(home / "sessions") == files
    result, (question,) = answering(coach, "forget", "--before", "today", answer="y\r")
    assert result.code == 0, result.err
    assert question == "Erase these 2 files? This cannot be undone."
    said = " ".join(result.out.split())
    assert "From before 1 Jun 2025: 2 sessions." in said
    assert "every session in this workspace: nothing would be left" in said
    assert not list((home / "sessions").rglob("*.yaml"))
    assert "Sam Jones" in result.out and "Tom Reid" in result.out


def test_a_file_it_cannot_read_is_named_and_the_rest_still_goes(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "2023-01-10", "Priya Shah", OLD)
    meet(coach, tmp_path, monkeypatch, "2025-03-01", "Tom Reid", KEEP)
    (folder,) = [p for p in (home / "sessions").iterdir() if p.name.startswith("priya")]
    damaged = folder / "2022-05-01-priya-shah-dead.yaml"
    damaged.write_text("coachee: [Priya\n")
    monkeypatch.setenv("COACH_NOW", NOW)
    forgot = coach("forget", "--before", BEFORE, "--yes")
    assert forgot.code == 1
    assert "could not read, left alone" in forgot.out and damaged.name in forgot.out
    assert damaged.exists() and not holding(every_file(home / "sessions"), OLD)


# --- the data-protection page -------------------------------------------------------

PAGE = REPO / "docs" / "data-protection.md"


def test_the_data_protection_page_names_only_tests_that_exist() -> None:
    text = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"tests/(test_\w+\.py)::(test_\w+)", text))
    assert len(named) >= 20, "each promise names the test that holds it"
    missing = [
        f"tests/{file}::{test}"
        for file, test in sorted(named)
        if not (REPO / "tests" / file).is_file()
        or not re.search(rf"^def {test}\(", (REPO / "tests" / file).read_text(), re.M)
    ]
    assert missing == [], "the page names tests that do not exist"
    assert "docs/data-protection.md" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "TODO" not in text, "every promise is written, none left for later"


def test_no_command_opens_a_network_connection(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    tried: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        tried.append(repr(args[:2]))
        raise OSError("no network in this test")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    session_id = meet(coach, tmp_path, monkeypatch, "2023-01-10", "Priya Shah", OLD)
    record(coach, tmp_path, monkeypatch, "2023-02-01", "Priya Shah", OLD)
    amend(coach, tmp_path, monkeypatch, "2023-02-02", session_id)
    monkeypatch.setenv("COACH_NOW", NOW)
    for args in (
        ("session", "list"),
        ("followup",),
        ("followup", "Priya Shah"),
        ("export", "--coachee", "Priya Shah", "--include-private", "--out", str(tmp_path / "a.md")),
        ("doctor",),
        ("migrate",),
        ("forget", "--before", BEFORE, "--yes"),
    ):
        assert coach(*args).code == 0, args
    assert tried == []


def test_a_draft_open_in_another_terminal_is_left_alone(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Erasing by date never pulls a draft from under a coach still typing in it (as
    `session discard` never does): it is named, kept, and the command exits 1."""
    import subprocess
    import sys

    from coachcli.store.leases import Lease
    from coachcli.store.workspace import open_workspace

    draft(coach, monkeypatch, "2023-09-01", "Ada Lovelace", OLD)
    meet(coach, tmp_path, monkeypatch, "2025-03-01", "Tom Reid", KEEP)
    (path,) = (home / "sessions" / "_drafts").glob("*.yaml")
    draft_id = load(path).data["id"]
    lock = Lease(open_workspace(home).store(), draft_id).lock_path
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(  # another terminal's `coach`, holding the draft's lease
        [
            sys.executable,
            "-c",
            f"import filelock,sys; held = filelock.FileLock({str(lock)!r}); held.acquire();"
            " print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("COACH_NOW", NOW)
        result = coach("forget", "--before", BEFORE, "--yes")
        assert result.code == 1
        assert "open in another terminal, left alone" in result.out and draft_id in result.out
        assert path.exists(), "the draft being typed in is kept"
    finally:
        holder.communicate("")
    again = coach("forget", "--before", BEFORE, "--yes")
    assert again.code == 0 and not path.exists(), "once it is closed, it goes"
