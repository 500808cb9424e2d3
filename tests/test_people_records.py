"""Leavers and handovers: `coach archive`, `coach unarchive` and `coach handover`, each a
person record (``person-<id>.yaml`` in their folder) that every other command reads."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from coachcli.conversation.asking import ConfirmQ, Message, SelectQ, TextQ
from coachcli.records.yamlio import dumps, load
from coachcli.store import crypto
from coachcli.ui.prompts import TerminalAsker
from tests.conftest import Coach, person_dir
from tests.test_encryption import PASSPHRASE, keeping_secrets, on_disk, set_encryption

QUICK_STEP = {
    "text": "check understanding with mini whiteboards before moving on, every lesson",
    "criteria": {
        "highest_leverage": "yes",
        "narrow": "yes",
        "specific": "yes",
        "transferable": "yes",
    },
}


def meet(
    run: Coach,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    now: str = "2026-11-02T09:00:00+00:00",
    **more: object,
) -> None:
    """A quick session with ``name`` at ``now`` (``more``: other answers, e.g. coach)."""
    monkeypatch.setenv("COACH_NOW", now)
    path = tmp_path / "answers.yaml"
    data = {
        "coachee": name,
        "role": "teacher",
        "flow": "quick",
        "focus": "checking-understanding",
        "action_steps": [QUICK_STEP],
        "close": {"next_meeting": "2026-11-20"},
        **more,
    }
    path.write_text(dumps(data))
    result = run("session", "start", "--answers", str(path))
    assert result.code == 0, result.err


def folders(home: Path) -> list[str]:
    """The people's folders in the store."""
    return sorted(p.name for p in (home / "sessions").iterdir() if p.name[0] not in "._")


def record_file(home: Path, folder: str) -> Path:
    (found,) = person_dir(home, folder).glob("person-*.yaml")
    return found


def names_on_dashboard(coach: Coach, *args: str) -> list[str]:
    result = coach("followup", "--json", *args)
    assert result.code == 0, result.err
    return [row["coachee"] for row in json.loads(result.out)]


def test_archive_takes_someone_off_the_dashboard_and_keeps_their_whole_record(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    meet(coach, tmp_path, monkeypatch, "Tom Reid", "2026-11-03T09:00:00+00:00")
    assert "Priya Shah" in coach("followup").out  # the index and the brief are warm
    assert "Archived" not in coach("followup", "priya").out

    result = coach("archive", "priya")
    assert result.code == 0, result.err
    assert "Archived Priya Shah" in result.out and "coach unarchive" in result.out
    saved = load(record_file(home, "priya-shah")).data
    assert saved["record"] == "person" and saved["format_version"] == "1"
    assert saved["archived"] == "2026-11-03"

    # The very next command sees it: off the dashboard, said how to see her.
    dashboard = coach("followup")
    assert "Priya" not in dashboard.out.replace("archived", "")
    assert "1 person archived" in dashboard.out and "--archived" in dashboard.out
    assert names_on_dashboard(coach) == ["Tom Reid"]
    rows = json.loads(coach("followup", "--json", "--archived").out)
    assert [(r["coachee"], r["archived"]) for r in rows] == [
        ("Tom Reid", False),
        ("Priya Shah", True),
    ], "archived people last, flagged"
    assert "Priya Shah (archived)" in coach("followup", "--archived").out

    # Her whole record is still there, and says she is archived.
    brief = coach("followup", "priya")
    assert brief.code == 0, brief.err
    assert "Archived Tue 3 Nov 2026" in brief.out and "Open action steps" in brief.out
    assert json.loads(coach("followup", "priya", "--json").out)["archived"] is True
    journey = coach("export", "--coachee", "priya")
    assert journey.code == 0, journey.err
    assert "Coaching ended on Tuesday 3 November 2026 (archived)." in journey.out
    listed = coach("session", "list")
    assert "Priya Shah (archived)" in listed.out and "Tom Reid (archived)" not in listed.out
    flags = {
        r["coachee"]: r["archived"] for r in json.loads(coach("session", "list", "--json").out)
    }
    assert flags == {"Priya Shah": True, "Tom Reid": False}
    (priya_id,) = [r["id"] for r in json.loads(coach("session", "list", "--json").out)][1:]
    shown = coach("session", "show", priya_id)
    assert shown.code == 0 and "Priya Shah is archived (since Tue 3 Nov 2026)" in shown.out

    again = coach("archive", "Priya Shah")
    assert again.code == 0 and "archived already" in again.out

    back = coach("unarchive", "priya")
    assert back.code == 0, back.err
    assert "back on the dashboard" in back.out
    assert names_on_dashboard(coach) == ["Priya Shah", "Tom Reid"]
    assert not list(person_dir(home, "priya-shah").glob("person-*.yaml")), "nothing left over"
    assert "Archived" not in coach("followup", "priya").out
    assert "not archived; nothing changed" in coach("unarchive", "priya").out
    assert coach("doctor").code == 0


def test_people_are_found_as_every_other_command_finds_them(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Sam Jones")
    meet(coach, tmp_path, monkeypatch, "Sam Jones (Y4)", "2026-11-03T09:00:00+00:00")
    (second,) = person_dir(home, "sam-jones-y4").glob("*.yaml")
    second.write_text(second.read_text().replace("coachee: Sam Jones (Y4)", "coachee: Sam Jones"))
    ids = sorted({r["coachee_id"] for r in json.loads(coach("session", "list", "--json").out)})
    assert len(ids) == 2, "two people of one name"
    for command in (["archive"], ["unarchive"], ["handover", "--to", "Ann Lee"]):
        both = coach(*command[:1], "sam jones", *command[1:])
        assert both.code == 1 and both.err.count("\n") == 1, both.err
        assert all(person_id in both.err for person_id in ids), "namesakes listed with ids"
    done = coach("archive", ids[0])
    assert done.code == 0, done.err
    assert [r["coachee_id"] for r in json.loads(coach("followup", "--json").out)] == [ids[1]]
    nobody = coach("archive", "../../etc/passwd")
    assert nobody.code == 1 and nobody.err.startswith("coach: no one called")
    assert nobody.err.count("\n") == 1


class Picker:
    """A person at a terminal who records the coachee menu, then answers as told."""

    keeps_drafts = True

    def __init__(self, *, pick: str | None, bring_back: bool = True) -> None:
        self.pick, self.bring_back = pick, bring_back
        self.menu: list[str] = []
        self.default: str | None = None
        self.asked: list[str] = []
        self.shown: list[str] = []

    def select(self, q: SelectQ) -> str:
        if q.key == ("coachee",):
            self.menu = [option.label for option in q.options]
            self.default = next(o.label for o in q.options if o.value == q.default)
            if self.pick is None:
                raise KeyboardInterrupt
            return self.pick
        raise KeyboardInterrupt  # the conversation itself is not this test's business

    def confirm(self, q: ConfirmQ) -> bool:
        self.asked.append(q.message)
        return self.bring_back if q.key == ("coachee_unarchive",) else True

    def text(self, q: TextQ) -> str:
        raise KeyboardInterrupt

    def show(self, message: Message) -> None:
        self.shown.append(message.text)

    def preset(self, name: str) -> str | None:
        return {"flow": "quick", "role": "teacher", "kind": "instructional"}.get(name)

    def finish(self) -> None:
        pass

    def secret(self, message: str, *, confirm: bool) -> str:
        raise AssertionError("no passphrase here")

    def show_session(self, session: object, path: Path) -> None:
        raise AssertionError("no draft is open elsewhere")


def test_the_picker_offers_no_archived_person_but_a_typed_name_asks_to_bring_them_back(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    meet(coach, tmp_path, monkeypatch, "Tom Reid", "2026-11-03T09:00:00+00:00")
    assert coach("archive", "tom").code == 0
    before = folders(home)

    menu = Picker(pick=None)
    assert coach("session", "start", terminal=lambda: menu).code == 130
    assert [label.split(" (")[0] for label in menu.menu] == ["Someone new…", "Priya Shah"]

    refused = Picker(pick="Tom Reid", bring_back=False)  # typed in the menu
    result = coach("session", "start", terminal=lambda: refused)
    assert result.code == 1 and result.err.count("\n") == 1
    assert "Tom Reid is archived" in result.err and "coach unarchive" in result.err
    assert [line for line in refused.shown if not line.startswith("Workspace:")] == [
        "Tom Reid is archived (since Tue 3 Nov 2026)."
    ]
    assert refused.asked == ["Bring them back and start a session with them?"]
    assert folders(home) == before, "no namesake"
    assert names_on_dashboard(coach) == ["Priya Shah"], "still archived"

    agreed = Picker(pick="Tom Reid")
    assert coach("session", "start", terminal=lambda: agreed).code == 130  # stopped later
    assert names_on_dashboard(coach) == ["Priya Shah", "Tom Reid"], "back on the dashboard"
    assert folders(home) == before


def test_an_archived_name_given_in_advance_is_asked_about_never_made_anew(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Tom Reid")
    assert coach("archive", "tom reid").code == 0
    before = folders(home)
    monkeypatch.setenv("COACH_NOW", "2026-11-10T09:00:00+00:00")

    # A person at a terminal answers n, then Enter: nothing is made, and says how.
    with create_pipe_input() as pipe:
        pipe.send_text("n\r")
        screen = io.StringIO()
        result = coach(
            "session",
            "start",
            "--coachee",
            "Tom Reid",
            terminal=lambda: TerminalAsker(
                Console(file=screen, width=80), input=pipe, output=DummyOutput()
            ),
        )
    assert result.code == 1 and "`coach unarchive`" in result.err, result.err
    assert folders(home) == before

    # Prepared answers stop unless they say to bring him back.
    path = tmp_path / "answers.yaml"
    data = {
        "coachee": "Tom Reid",
        "role": "teacher",
        "flow": "quick",
        "focus": "checking-understanding",
        "action_steps": [QUICK_STEP],
        "close": {"next_meeting": "2026-11-20"},
    }
    path.write_text(dumps(data))
    stopped = coach("session", "start", "--answers", str(path))
    assert stopped.code == 1 and "coachee_unarchive: yes" in stopped.err
    path.write_text(dumps({**data, "coachee_unarchive": "yes"}))
    done = coach("session", "start", "--answers", str(path))
    assert done.code == 0, done.err
    assert "Saved session 2 with Tom Reid" in done.out, "the same person, not a namesake"
    assert folders(home) == before
    assert names_on_dashboard(coach) == ["Tom Reid"]


def test_a_handover_shows_in_the_brief_and_the_journey_and_can_be_taken_back(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach("init", str(home))
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("coach: null", "coach: Alex Morgan"))
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    meet(coach, tmp_path, monkeypatch, "Priya Shah", "2026-11-16T09:00:00+00:00")
    assert "Coach:" not in coach("followup", "priya").out, "her coach is this workspace's"

    same = coach("handover", "priya", "--to", "alex  MORGAN")
    assert same.code == 1 and "already coaches Priya Shah" in same.err
    bad = coach("handover", "priya", "--to", "Sam Patel", "--from", "the 31st of never")
    assert bad.code == 1 and bad.err.startswith("coach: --from: type a date like")
    assert (
        coach("handover", "priya").err
        == "coach: --to COACH is needed: who coaches them from now on\n"
    )

    done = coach("handover", "priya", "--to", "Sam Patel", "--from", "2026-11-20")
    assert done.code == 0, done.err
    assert "Sam Patel coaches Priya Shah from Fri 20 Nov 2026" in done.out
    saved = load(record_file(home, "priya-shah")).data
    assert saved["handovers"] == [
        {"coach": "Sam Patel", "from": "2026-11-20", "recorded": "2026-11-16T09:00:00Z"}
    ]
    assert (
        "From Fri 20 Nov 2026 (in 4 days): coached by Sam Patel" in coach("followup", "priya").out
    )

    monkeypatch.setenv("COACH_NOW", "2026-11-24T09:00:00+00:00")
    brief = coach("followup", "priya")
    assert "Coach: Sam Patel, since Fri 20 Nov 2026 (4 days ago)" in brief.out
    data = json.loads(coach("followup", "priya", "--json").out)
    assert data["coach"] == "Sam Patel"
    assert data["coaches"] == [
        {"coach": "Alex Morgan", "from": "2026-11-02", "handover": False},
        {"coach": "Sam Patel", "from": "2026-11-20", "handover": True},
    ]
    meet(coach, tmp_path, monkeypatch, "Priya Shah", "2026-11-24T09:00:00+00:00", coach="Sam Patel")
    journey = coach("export", "--coachee", "priya")
    assert journey.code == 0, journey.err
    assert (
        "## Coaches\n\n"
        "- Alex Morgan: from Monday 2 November 2026, sessions 1, 2\n"
        "- Sam Patel: from Friday 20 November 2026 (handed over), session 3\n"
    ) in journey.out

    undo = coach("handover", "priya", "--undo")
    assert undo.code == 0 and "Took back the handover of Priya Shah to Sam Patel" in undo.out
    assert not list(person_dir(home, "priya-shah").glob("person-*.yaml"))
    journey = coach("export", "--coachee", "priya")
    assert "- Sam Patel: from Tuesday 24 November 2026, session 3" in journey.out
    assert "(handed over)" not in journey.out
    none = coach("handover", "priya", "--undo")
    assert none.code == 1 and none.err == (
        "coach: no handover is recorded for Priya Shah; nothing was changed\n"
    )
    mixed = coach("handover", "priya", "--undo", "--to", "Ann Lee")
    assert mixed.code == 1 and "without --to or --from" in mixed.err


def test_forget_erases_the_person_record_with_the_person(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    meet(coach, tmp_path, monkeypatch, "Tom Reid")
    assert coach("handover", "priya", "--to", "Sam Patel").code == 0
    assert coach("archive", "priya").code == 0
    record = record_file(home, "priya-shah")
    assert "priya" not in record.name and "Priya" not in record.name, "no name in its file name"
    result = coach("forget", "priya", "--yes")
    assert result.code == 0, result.err
    assert record.name in result.out
    assert not record.exists()
    left = [p for p in (home / "sessions").rglob("*") if p.is_file()]
    assert not [p for p in left if "Priya" in p.read_text(errors="replace")]
    assert names_on_dashboard(coach, "--archived") == ["Tom Reid"]


def test_an_encrypted_workspace_keeps_person_records_sealed(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach = keeping_secrets(coach, monkeypatch)
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    assert coach("archive", "priya").code == 0  # before encryption: migrate seals it
    set_encryption(home, True)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    assert coach("migrate").code == 0
    canary = "Coach CANARY-b41e"
    assert coach("handover", "priya", "--to", canary).code == 0
    (record,) = (home / "sessions").glob("*/person-*.yaml")
    assert re.fullmatch(r"person-p[0-9a-f]{10}\.yaml", record.name)
    assert re.fullmatch(r"p[0-9a-f]{10}", record.parent.name), "no name in a folder name"
    assert record.read_text().startswith(crypto.MAGIC)
    assert canary not in on_disk(home) and "Priya" not in on_disk(home / "sessions")
    assert names_on_dashboard(coach) == []
    assert names_on_dashboard(coach, "--archived") == ["Priya Shah"]
    brief = coach("followup", "priya")
    assert "Archived" in brief.out and f"Coach: {canary}" in brief.out
    assert coach("doctor").code == 0
    assert coach("unarchive", "priya").code == 0
    assert record.read_text().startswith(crypto.MAGIC), "rewritten sealed"
    assert names_on_dashboard(coach) == ["Priya Shah"]


def test_hostile_names_are_refused_or_shown_as_text(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "Zoë [red]O'Brien[/red] | *x*"
    meet(coach, tmp_path, monkeypatch, name)
    for bad in ("Sam\x1b[2JPatel", "Sam\x07", "   ", "x" * 101):
        refused = coach("handover", "zoe", "--to", bad)
        assert refused.code == 1 and refused.err.count("\n") == 1, refused.err
        assert refused.err.startswith("coach: --to:") or "--to COACH" in refused.err
    assert coach("handover", "zoe", "--to", "[bold]Ann[/bold] | `Lee`").code == 0
    archived = coach("archive", name)
    assert archived.code == 0 and name in archived.out
    brief = coach("followup", "zoe")
    assert "[bold]Ann[/bold] | `Lee`" in brief.out and name in brief.out
    journey = coach("export", "--coachee", "zoe")
    assert r"- \[bold\]Ann\[/bold\] \| \`Lee\`: from" in journey.out, "escaped for markdown"
    assert not [p for p in (home / "sessions").rglob("*") if "[" in p.name or "|" in p.name]


def test_a_person_record_from_a_newer_coachcli_is_refused_with_upgrade(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    assert coach("archive", "priya").code == 0
    record = record_file(home, "priya-shah")
    record.write_text(record.read_text().replace("format_version: 1", "format_version: 2"))
    before = record.read_text()
    for command in (["unarchive", "priya"], ["handover", "priya", "--to", "Sam Patel"]):
        result = coach(*command)
        assert result.code == 1 and result.err.count("\n") == 1, result.err
        assert "person record format 2" in result.err and "upgrade coachcli" in result.err
    assert record.read_text() == before, "left untouched"
    brief = coach("followup", "priya")
    assert brief.code == 0 and "could not be read" in brief.out and "upgrade" in brief.out
    dashboard = coach("followup")
    assert "Priya Shah" in dashboard.out, "still listed: the sessions are fine"
    assert dashboard.code == 1 and dashboard.err.startswith("coach: could not read")
    migrate = coach("migrate")
    assert migrate.code == 1 and "upgrade" in migrate.err and record.read_text() == before


def test_a_damaged_person_record_is_one_line_at_doctor_and_followup_carries_on(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    assert coach("handover", "priya", "--to", "Sam Patel", "--from", "+7").code == 0
    record = record_file(home, "priya-shah")
    record.write_text("format_version: 1\nrecord: person\ncoachee_id: [oops\n")
    doctor = coach("doctor")
    assert doctor.code == 1
    problems = [line for line in doctor.out.splitlines() if record.name in line]
    assert len(problems) == 1, doctor.out
    brief = coach("followup", "priya")
    assert brief.code == 0, brief.err
    assert "Open action steps" in brief.out and "could not be read" in brief.out
    assert "Priya Shah" in coach("followup").out
    assert coach("export", "--coachee", "priya").code == 0
    copy = record.with_name(f"{record.stem} (conflicted copy).yaml")
    copy.write_text("format_version: 1\n")
    assert "Dropbox conflicted copy" in coach("doctor").out


def test_the_picker_lists_the_people_due_soonest_first_and_defaults_to_the_first(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter at the picker chooses the person due next, not "Someone new"."""
    for name, due in (("Ann Lee", "2026-11-25"), ("Ben Cole", "2026-11-12"), ("Cal Ray", "")):
        more = {"close": {"next_meeting": due}} if due else {"close": {"next_meeting": "+365"}}
        meet(coach, tmp_path, monkeypatch, name, **more)
    picker = Picker(pick=None)
    monkeypatch.setenv("COACH_NOW", "2026-11-10T09:00:00+00:00")
    assert coach("session", "start", terminal=lambda: picker).code == 130
    order = [label.split(" (")[0] for label in picker.menu]
    assert order[1:] == ["Ben Cole", "Ann Lee", "Cal Ray"], "due soonest first"
    assert order[0] == "Someone new…" and picker.default is not None
    assert picker.default.startswith("Ben Cole")


def test_a_forget_stopped_after_its_first_file_is_finished_by_running_it_again(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The person record goes first: stopped after one file, what is left still finds
    the person, and a second forget erases the rest (a record left alone would be found
    by nothing, its name on disk for good)."""
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    assert coach("archive", "priya").code == 0
    record = record_file(home, "priya-shah")
    real_unlink, calls = Path.unlink, []

    def stopped(self: Path, missing_ok: bool = False) -> None:
        calls.append(self)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C (or a kill) between two files
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", stopped)
    assert coach("forget", "priya", "--yes").code != 0
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert calls[0] == record and not record.exists()
    again = coach("forget", "priya", "--yes")
    assert again.code == 0, again.err
    left = [p for p in (home / "sessions").rglob("*") if p.is_file()]
    assert not [p for p in left if "Priya" in p.read_text(errors="replace")]


def test_the_archived_mark_is_never_cut_at_80_columns(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = "Christopher Montgomery-Smith"
    meet(coach, tmp_path, monkeypatch, long)
    meet(coach, tmp_path, monkeypatch, "Amy Li")
    assert coach("archive", long).code == 0
    monkeypatch.setenv("COLUMNS", "80")
    for args in (("session", "list"), ("followup", "--archived")):
        out = coach(*args).out
        row = next(
            line
            for line in out.splitlines()
            if line.startswith(("Chris", "20")) and "Chris" in line
        )
        assert "Chris" in row and "(archived)" in row, row
        assert all(len(line) <= 80 for line in out.splitlines())


def test_a_handover_day_without_a_year_is_the_one_just_gone_and_far_days_are_refused(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    monkeypatch.setenv("COACH_NOW", "2026-11-30T09:00:00+00:00")
    back = coach("handover", "priya", "--to", "Sam Patel", "--from", "1/9")
    assert back.code == 0, back.err
    data = json.loads(coach("followup", "priya", "--json").out)
    assert ["2026-09-01", "Sam Patel"] in [[c["from"], c["coach"]] for c in data["coaches"]]
    for far in ("1900-01-01", "2099-01-01"):
        refused = coach("handover", "priya", "--to", "Dan Evans", "--from", far)
        assert refused.code == 1 and "too far from today" in refused.err


def test_two_handovers_on_one_day_leave_the_second_and_undo_brings_back_the_first(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meet(coach, tmp_path, monkeypatch, "Priya Shah")
    assert coach("handover", "priya", "--to", "Ann Bell").code == 0
    assert coach("handover", "priya", "--to", "Dan Evans").code == 0

    def coaches() -> list[str]:
        data = json.loads(coach("followup", "priya", "--json").out)
        return [c["coach"] for c in data["coaches"]]

    assert "Dan Evans" in coaches() and "Ann Bell" not in coaches(), "no empty spell"
    assert coach("handover", "priya", "--undo").code == 0
    assert "Ann Bell" in coaches() and "Dan Evans" not in coaches()


def test_in_a_shared_workspace_the_picker_puts_my_people_first_and_names_the_others(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter alone never picks another coach's coachee, even one due sooner."""
    coach("init", str(home), "--coach", "Sam Patel")
    meet(coach, tmp_path, monkeypatch, "Ann Lee", close={"next_meeting": "2026-11-25"})
    meet(
        coach,
        tmp_path,
        monkeypatch,
        "Ben Cole",
        close={"next_meeting": "2026-11-12"},
        coach="Dan Evans",
    )
    picker = Picker(pick=None)
    monkeypatch.setenv("COACH_NOW", "2026-11-10T09:00:00+00:00")
    assert coach("session", "start", terminal=lambda: picker).code == 130
    assert [label.split(" (")[0] for label in picker.menu[1:]] == ["Ann Lee", "Ben Cole"]
    assert picker.menu[2].endswith("coached by Dan Evans")
    assert picker.default is not None and picker.default.startswith("Ann Lee")
