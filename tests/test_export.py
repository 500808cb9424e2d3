"""Markdown exports: valid CommonMark with real tables, private by default, golden files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests import golden_cases
from tests.conftest import Coach
from tests.golden_cases import only_id, start

REPO = golden_cases.REPO
GOLDEN = golden_cases.GOLDEN
NASTY = [
    "a | pipe that could split a table cell",
    "*stars* and _underscores_ and `backticks`",
    "# not a heading",
    "- not a list item",
    "1. not a numbered item",
    "<script>alert('hi')</script>",
    "<b>bold?</b> &amp; [a link](http://example.com)",
    "> not a quote",
]


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def texts(tokens: list[Token]) -> str:
    """All the plain text a reader sees, inline by inline."""
    out = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append("\n")
        if token.type == "inline":
            out.append("\n")
    return "".join(out)


def no_html(tokens: list[Token]) -> None:
    for token in tokens:
        assert token.type not in ("html_block", "html_inline"), token
        for child in token.children or []:
            assert child.type not in ("html_block", "html_inline"), child


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table as rows of cell texts."""
    found: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            found[-1].append(row)
        elif token.type == "inline" and row is not None and found:
            row.append(token.content)
        elif token.type == "table_close":
            row = None
    return found


def check_golden(name: str, text: str) -> None:
    """Compare only: golden files are rewritten by `python scripts/update_golden.py`."""
    path = GOLDEN / name
    assert text == path.read_text(encoding="utf-8"), golden_cases.stale(path, text)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_NOW", golden_cases.EXPORT_NOW)


def test_a_full_session(coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = golden_cases.session_full(coach, tmp_path, monkeypatch.setenv)
    assert "\x1b[" not in text, "plain markdown, no terminal styling"
    tokens = parse(text)
    no_html(tokens)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Coaching session 1: Priya Shah"
    for part in (
        "Focus: Runs team meetings that improve teaching",
        "Conversation notes",
        "Evidence",
        "Action steps",
        "Close",
    ):
        assert any(h.startswith(part) for h in headings), part
    header, evidence, criteria = tables(tokens)
    assert ["Coachee", "Priya Shah"] in header
    assert evidence[0] == ["Source", "What was seen", "Status"] and len(evidence) == 3
    assert ["Connected to evidence", "yes"] in criteria
    assert "Private notes are left out." in text
    assert "Worried the team sees her" not in text
    assert "Next meeting:" in texts(tokens)
    check_golden("session-full.md", text)


def test_a_quick_session(coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = golden_cases.session_quick(coach, tmp_path, monkeypatch.setenv)
    no_html(parse(text))
    check_golden("session-quick.md", text)


def test_private_notes_only_on_request(coach: Coach, tmp_path: Path) -> None:
    start(coach, tmp_path, REPO / "examples" / "answers-full.yaml")
    text = coach("export", only_id(coach), "--include-private").out
    assert "Includes private notes" in text
    assert "Worried the team sees her as one of them" in texts(parse(text))


def test_typed_markdown_and_html_cannot_break_or_inject(coach: Coach, tmp_path: Path) -> None:
    note = "\n".join(NASTY)
    start(
        coach,
        tmp_path,
        {
            "coachee": "Ana | *Costa*",
            "role": "teacher",
            "focus": "checking-understanding",
            "flow": "full",
            "notes": {"listening": [{"prompt": "What | happened `here`?", "note": note}]},
            "evidence": [{"source": "observation", "seen": note}],
            "action_steps": [
                {
                    "text": "<i>check</i> | every | lesson",
                    "criteria": {
                        "highest_leverage": "yes",
                        "narrow": "yes",
                        "specific": "yes",
                        "transferable": "yes",
                    },
                    "practice": {
                        "place": "- | planning",
                        "when": "# Monday",
                        "observer": "<me>",
                        "feedback": "`soon`",
                        "due": "2026-11-20",
                    },
                }
            ],
            "close": {"strengths": "# great\n- really", "coachee_summary": "`ok`"},
        },
    )
    text = coach("export", only_id(coach)).out
    tokens = parse(text)
    no_html(tokens)
    seen = texts(tokens)
    for line in NASTY:
        assert line in seen, line
    assert "Ana | *Costa*" in seen and "<i>check</i> | every | lesson" in seen
    header, evidence, criteria = tables(tokens)
    assert all(len(row) == 2 for row in header)
    assert len(evidence) == 2 and all(len(row) == 3 for row in evidence)
    assert len(criteria) == 5 and all(len(row) == 2 for row in criteria)
    assert "<script>" in evidence[1][1].replace("\\", "")
    assert [t.type for t in tokens].count("bullet_list_open") >= 1
    assert not any(t.type == "ordered_list_open" for t in tokens), "no list from a note"
    assert [t.type for t in tokens].count("blockquote_open") == 1, "only the privacy notice"
    heading_texts = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert not any("great" in h or "not a heading" in h for h in heading_texts)


def test_a_journey(coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = golden_cases.journey(coach, tmp_path, monkeypatch.setenv)
    tokens = parse(text)
    no_html(tokens)
    sessions, steps, *_ = tables(tokens)
    assert [row[0] for row in sessions[1:]] == ["1", "2"]
    assert steps[1] == [
        "open each meeting with pupil work, every week",
        "session 1",
        "session 2: achieved",
        "achieved",
    ]
    assert steps[2][-1] == "not started"
    assert "Runs team meetings that improve teaching (sessions 1, 2)" in texts(tokens)
    check_golden("journey.md", text)


def test_out_file_is_private_atomic_and_never_overwritten(coach: Coach, tmp_path: Path) -> None:
    start(coach, tmp_path, REPO / "examples" / "answers-quick.yaml")
    session_id = only_id(coach)
    out = tmp_path / "summary.md"
    result = coach("export", session_id, "--out", str(out))
    assert result.code == 0 and f"Wrote {out}" in result.out
    assert out.read_text().startswith("# Coaching session 1: Tom Reid")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.write_text("my edits")
    again = coach("export", session_id, "--out", str(out))
    assert again.code == 1 and "--force" in again.err
    assert out.read_text() == "my edits"
    assert coach("export", session_id, "--out", str(out), "--force").code == 0
    assert out.read_text().startswith("# Coaching session 1")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_school_template_overrides_the_packaged_one(
    coach: Coach, tmp_path: Path, home: Path
) -> None:
    start(coach, tmp_path, REPO / "examples" / "answers-quick.yaml")
    (home / "templates").mkdir()
    (home / "templates" / "session.md.j2").write_text(
        "# Our school's summary for {{ s.coachee }}\n\n{{ s.close.next_meeting|date }}\n"
    )
    text = coach("export", only_id(coach)).out
    assert text.startswith("# Our school's summary for Tom Reid")
    (home / "templates" / "session.md.j2").write_text("{% if %}\n")
    broken = coach("export", only_id(coach))
    assert broken.code == 1 and "session.md.j2:1: template error" in broken.err


def test_wrong_arguments(coach: Coach) -> None:
    assert "one of the two" in coach("export").err
    assert "not both" in coach("export", "x", "--coachee", "y").err
    assert coach("export", "nobody").code == 1
    assert coach("export", "--coachee", "nobody").code == 1


def test_a_template_from_an_older_coachcli_is_one_line_saying_what_changed(
    coach: Coach, tmp_path: Path, home: Path
) -> None:
    start(coach, tmp_path, REPO / "examples" / "answers-quick.yaml")
    (home / "templates").mkdir()
    (home / "templates" / "session.md.j2").write_text("{{ ctx.role(s.role) }}\n")
    result = coach("export", only_id(coach))
    assert result.code == 1 and result.err.count("\n") == 1
    assert "'ctx' is undefined" in result.err and "s.role_name" in result.err
    (home / "templates" / "session.md.j2").write_text("{% include 'other.md' %}\n")
    result = coach("export", only_id(coach))
    assert result.code == 1 and "no template 'other.md' inside the templates folder" in result.err
