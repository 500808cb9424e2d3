"""Private means private in exports, whatever template renders them.

A canary string is planted in every private note (its text and its question) of three
sessions made with `coach session start --answers FILE`. Every kind of export, in every
format (markdown, a web page, a Word document: its text and the XML of every part),
printed and written with --out, through the shipped templates and through hostile
workspace templates, must leave it out; with --include-private it is there (so the
test can fail).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coach, Result
from tests.golden_cases import EXPORT_NOW, start
from tests.test_export_formats import word_text

CANARY = "CANARY-7f3e9b"
CRITERIA = {"highest_leverage": "yes", "narrow": "yes", "evidence": "yes", "transferable": "yes"}


def secret(where: str) -> dict[str, str]:
    return {
        "prompt": f"{CANARY} asked in {where}?",
        "note": f"{CANARY} said in {where}",
        "private": "yes",
    }


def shared(where: str) -> dict[str, str]:
    return {"prompt": f"Asked in {where}?", "note": f"Shared note from {where}"}


def notes(*stages: str) -> dict[str, list[dict[str, str]]]:
    return {stage: [shared(stage), secret(stage), shared(stage)] for stage in stages}


def step(text: str, due: str) -> dict[str, Any]:
    practice = {"place": "team_meeting", "when": "Tuesday", "observer": "me"}
    return {
        "text": text,
        "criteria": CRITERIA,
        "practice": {**practice, "feedback": "after", "due": due},
    }


FULL_STAGES = ("rapport", "listening", "probing", "challenging")
SESSIONS: list[tuple[str, dict[str, Any]]] = [
    (
        EXPORT_NOW,
        {
            "coachee": "Priya Shah",
            "role": "phase_leader",
            "flow": "full",
            "focus": "team-meetings",
            "notes": notes(*FULL_STAGES),
            "evidence": [{"source": "interview", "seen": "Asked two colleagues."}],
            "action_steps": [step("open each meeting with pupil work, every week", "2026-11-20")],
            "close": {"strengths": "Clear purpose", "next_meeting": "2026-11-23"},
        },
    ),
    (
        "2026-11-23T09:00:00+00:00",
        {
            "coachee": "Priya Shah",
            "flow": "full",
            "focus": "team-meetings",
            "notes": notes(*FULL_STAGES),
            "followup": [{"status": "practising", "evidence": "watched one meeting"}],
            "action_steps": [
                step("invite a quiet colleague to open each discussion", "2026-12-04")
            ],
            "close": {"next_meeting": "2026-12-07"},
        },
    ),
    (
        "2026-12-07T09:00:00+00:00",
        {
            "coachee": "Priya Shah",
            "flow": "quick",
            "focus": "team-meetings",
            "notes": notes("checkin"),
            "action_steps": [
                {"text": "close each meeting with one thing to try", "criteria": CRITERIA}
            ],
            "close": {"next_meeting": "2026-12-14"},
        },
    ),
]


@pytest.fixture
def ids(coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Three sessions with Priya, each holding private notes with the canary."""
    for now, answers in SESSIONS:
        monkeypatch.setenv("COACH_NOW", now)
        start(coach, tmp_path, answers)
    import json

    rows = json.loads(coach("session", "list", "--json").out)
    assert len(rows) == 3
    return [str(row["id"]) for row in rows]


def exports(ids: list[str]) -> list[list[str]]:
    """Every kind of export: each session, and the whole journey."""
    return [*[["export", i] for i in ids], ["export", "--coachee", "priya"]]


FORMATS = {"markdown": "md", "html": "html", "docx": "docx"}
"""Every format, and the name of the file it is written to."""


def run_both(
    coach: Coach, tmp_path: Path, args: list[str], *extra: str, format_: str = "markdown"
) -> tuple[str, str]:
    """The export printed (a Word document cannot be), and written with --out:
    (printed + errors, the file's text; a Word document's text and every part's XML)."""
    printed = coach(*args, *extra, "--format", format_) if format_ != "docx" else Result(0, "", "")
    out = tmp_path / f"export.{FORMATS[format_]}"
    written = coach(*args, *extra, "--out", str(out), "--force")
    text = ""
    if out.exists():
        text = word_text(out.read_bytes()) if format_ == "docx" else out.read_text("utf-8")
    out.unlink(missing_ok=True)
    for result in (printed, written):
        assert "Traceback" not in result.err
        if result.code:
            assert result.err.strip().count("\n") == 0, f"one line: {result.err!r}"
            assert "template error" in result.err, result.err
    return printed.out + printed.err + written.out + written.err, text


@pytest.mark.parametrize("format_", FORMATS)
def test_shipped_templates_leave_every_private_note_out(
    coach: Coach, tmp_path: Path, ids: list[str], format_: str
) -> None:
    for args in exports(ids):
        printed, written = run_both(coach, tmp_path, args, format_=format_)
        if format_ != "docx":
            assert "Shared note from" in printed, args
        assert "Shared note from" in written, args
        assert CANARY not in printed and CANARY not in written, args
        printed, written = run_both(coach, tmp_path, args, "--include-private", format_=format_)
        assert CANARY in written and (format_ == "docx" or CANARY in printed), args


SESSION_ATTEMPTS = [
    "{{ s }}",
    "{{ s|pprint }}",
    "{{ s|string }}",
    "{{ s|tojson }}",
    "{{ s.to_data() }}",
    "{{ s.model_dump() }}",
    "{{ s.model_dump_json() }}",
    "{{ s.model_copy() }}",
    "{{ s.__class__ }}",
    "{{ s|attr('__dict__') }}",
    "{{ s.__reduce_ex__(2) }}",
    "{{ s.pending }}",
    "{{ s.stages }}",
    "{% for r in s.stages %}{% for n in r.notes %}{{ n.prompt }} {{ n.text }}"
    "{% endfor %}{% endfor %}",
    "{% for r in s.stages.values() %}{% for n in r.notes %}{{ n.text }}{% endfor %}{% endfor %}",
    "{{ s.stages|map(attribute='notes')|list }}",
    "{{ s.stages[0].notes[0].__class__.__mro__ }}",
    "{{ ctx }}",
    "{{ ctx.labels }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ namespace(x=s) }}",
    "{% include 'leak.j2' %}",
    "{% include '../sessions/priya-shah/leak.yaml' %}",
    "{% import '_macros.md.j2' as m %}{{ m.body(s, none, 1) }}",
    "{{ 1 / 0 }}",
    "{{ range(10 ** 9)|list }}",
    "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}",
    "{{ s.stages|map(attribute='notes')|map('list')|list }}",
    "{{ s.stages[99] }}",
]
JOURNEY_ATTEMPTS = [
    "{{ who }}",
    "{{ who.sessions }}",
    "{% for x in who.sessions %}{% for r in x.stages.values() %}{% for n in r.notes %}"
    "{{ n.text }}{% endfor %}{% endfor %}{% endfor %}",
    "{{ who.sessions[0].to_data() }}",
    "{{ who.last }}",
    "{{ who.records }}",
    "{{ who.steps() }}",
    "{{ sessions }}",
    "{% for x in sessions %}{% for r in x.stages %}{{ r.notes }}{% endfor %}{% endfor %}",
    "{{ sessions[0].to_data() }}",
    "{{ steps }}",
    "{% for life in steps %}{{ life.set_in }}{{ life.events }}{% endfor %}",
    "{{ focus_items }}",
    "{{ ctx.labels }}",
    "{% include 'leak.j2' %}",
]


def plant(home: Path, name: str, text: str) -> None:
    """A hostile template in the workspace, and a link that tries to reach a session."""
    folder = home / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    link = folder / "leak.j2"
    if not link.is_symlink():
        target = next(p for p in (home / "sessions").rglob("*.yaml") if CANARY in p.read_text())
        os.symlink(target, link)
        os.symlink(target, target.with_name("leak.yaml"))


def attempt(
    coach: Coach, tmp_path: Path, args: list[str], *extra: str, format_: str = "markdown"
) -> tuple[bool, str]:
    """Whether the canary stayed out, and what the export said."""
    printed, written = run_both(coach, tmp_path, args, *extra, format_=format_)
    return CANARY not in printed + written, printed + written


@pytest.mark.parametrize(
    "format_",
    # the page and the document are made from the markdown: seconds more, for the full run
    ["markdown", *[pytest.param(f, marks=pytest.mark.slow) for f in ("html", "docx")]],
)
def test_a_hostile_workspace_template_cannot_print_a_private_note(
    coach: Coach, tmp_path: Path, ids: list[str], home: Path, format_: str
) -> None:
    leaked: list[str] = []
    cases = [("session.md.j2", ["export", ids[-1]], a) for a in SESSION_ATTEMPTS]
    cases += [("journey.md.j2", ["export", "--coachee", "priya"], a) for a in JOURNEY_ATTEMPTS]
    body = "{% macro body(s, ctx, level) %}{{ s }}{{ ctx }}{{ s.stages }}{% endmacro %}"
    cases += [
        ("_macros.md.j2", args, body + "{% macro privacy(p) %}{% endmacro %}")
        for args in exports(ids)
    ]
    for name, args, template in cases:
        plant(home, name, template)
        held, _ = attempt(coach, tmp_path, args, format_=format_)
        if not held:
            leaked.append(f"{name}: {template}")
        (home / "templates" / name).unlink()
    assert not leaked, "\n".join(leaked)


def test_a_hostile_template_shows_private_notes_only_when_asked(
    coach: Coach, tmp_path: Path, ids: list[str], home: Path
) -> None:
    """The same template prints private notes with --include-private: the canary is real."""
    plant(
        home,
        "session.md.j2",
        "{% for r in s.stages %}{% for n in r.notes %}{{ n.text }}\n{% endfor %}{% endfor %}",
    )
    for format_ in FORMATS:
        held, _ = attempt(coach, tmp_path, ["export", ids[-1]], format_=format_)
        assert held, format_
        args = ["export", ids[-1]]
        held, said = attempt(coach, tmp_path, args, "--include-private", format_=format_)
        assert not held and "Shared note from rapport" in said, format_


def test_templates_get_plain_data_only(
    coach: Coach, tmp_path: Path, ids: list[str], home: Path
) -> None:
    """No model, method, store or path reaches a template: each gives a one-line error."""
    for template in ("{{ s.to_data() }}", "{{ s.model_dump() }}", "{{ s.first_name.__class__ }}"):
        plant(home, "session.md.j2", template)
        result: Result = coach("export", ids[-1])
        assert result.code == 1 and "template error" in result.err, template
    plant(home, "journey.md.j2", "{{ who.sessions }}")
    result = coach("export", "--coachee", "priya")
    assert result.code == 1 and "template error" in result.err
