"""Exports a coachee opens: one web page (`--format html`) and a Word document
(`--format docx`), made from the same markdown as the default export, through the
real `coach` command into real files."""

from __future__ import annotations

import io
import stat
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from coachcli.records.yamlio import dumps, load
from tests import golden_cases
from tests.conftest import Coach
from tests.golden_cases import only_id, start
from tests.test_export import NASTY, check_golden

REPO = golden_cases.REPO
FULL = REPO / "examples" / "answers-full.yaml"
QUICK = REPO / "examples" / "answers-quick.yaml"
PRIVATE_NOTE = "Worried the team sees her as one of them"
"""A private note in examples/answers-full.yaml."""
EVIL = "\x1b]0;pwned\x07 \x1b[2J \u202e"


class Page(HTMLParser):
    """What a browser would make of a page: its elements, attributes and text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag.startswith("h") and tag[1:].isdigit() and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def self_contained(page: Page, *, links: bool = False) -> None:
    """No script, nothing fetched: a page that works offline, alone. Without ``links``
    (only a school's own template can write one), no address at all."""
    assert "script" not in page.tags and "iframe" not in page.tags
    assert not {"img", "link", "object", "embed", "base", "form"} & set(page.tags)
    for name, value in page.attributes:
        assert name not in ("src", "srcset", "action") and not name.startswith("on"), name
        if links and name == "href":
            continue
        assert "http:" not in value and "https:" not in value and "//" not in value, value
    assert "style" in page.tags and "@media print" in page.all_text
    assert ("name", "viewport") in page.attributes
    assert ("http-equiv", "Content-Security-Policy") in page.attributes


def word_text(data: bytes) -> str:
    """Every text a Word reader could see, paragraphs and table cells, and the XML of
    every part of the file (properties included)."""
    document = docx.Document(io.BytesIO(data))
    seen = [p.text for p in document.paragraphs]
    seen += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    seen.append(document.core_properties.title)
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        seen += [parts.read(name).decode("utf-8") for name in parts.namelist()]
    return "\n".join(seen)


def headings(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_NOW", golden_cases.EXPORT_NOW)


# --- each format, a session and a journey --------------------------------------------


def test_a_session_as_a_web_page(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = golden_cases.session_full_html(coach, tmp_path, monkeypatch.setenv)
    assert text.startswith("<!DOCTYPE html>") and "\x1b" not in text
    page = Page(text)
    self_contained(page)
    assert page.headings[0] == "Coaching session 1: Priya Shah"
    for part in ("Focus: Runs team meetings", "Conversation notes", "Evidence", "Close"):
        assert any(h.startswith(part) for h in page.headings), part
    assert "1. Priya will be able to open each team meeting" in " ".join(page.headings)
    assert "Private notes are left out." in page.all_text
    assert PRIVATE_NOTE not in text
    assert page.tags.count("table") == 3 and "Connected to evidence" in page.all_text
    assert "<title>Coaching session 1: Priya Shah</title>" in text
    check_golden("session-full.html", text)


def test_a_journey_as_a_web_page(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = golden_cases.journey_html(coach, tmp_path, monkeypatch.setenv)
    page = Page(text)
    self_contained(page)
    assert page.headings[:2] == ["Coaching journey: Priya Shah", "Sessions"]
    assert "Action steps over time" in page.headings
    assert "invite a quiet colleague to open each discussion, weekly" in page.all_text
    check_golden("journey.html", text)


def test_a_session_as_a_word_document(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = golden_cases.session_full_docx(coach, tmp_path, monkeypatch.setenv)
    out = tmp_path / "export.docx"  # where the golden case wrote it
    data = out.read_bytes()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    found = headings(data)
    assert found[0] == ("Heading 1", "Coaching session 1: Priya Shah")
    assert ("Heading 2", "Action steps") in found
    step = "1. Priya will be able to open each team meeting with ten minutes looking at pupil work"
    assert any(style == "Heading 3" and text.startswith(step) for style, text in found)
    document = docx.Document(io.BytesIO(data))
    details, evidence, criteria = document.tables
    assert [c.text for c in details.rows[0].cells] == ["Coachee", "Priya Shah"]
    assert [c.text for c in evidence.rows[0].cells] == ["Source", "What was seen", "Status"]
    assert all(run.bold for run in evidence.rows[0].cells[0].paragraphs[0].runs)
    assert [c.text for c in criteria.rows[3].cells] == ["Connected to evidence", "yes"]
    bullets = [p.text for p in document.paragraphs if p.style and p.style.name == "List Bullet"]
    assert "Where: A team meeting they lead" in bullets
    notes = [p for p in document.paragraphs if p.text.startswith("What has gone well")]
    assert notes[0].runs[0].italic and "\n" in notes[0].text  # the prompt, then the answer
    assert document.core_properties.title == "Coaching session 1: Priya Shah"
    assert document.core_properties.author == "coachcli"
    assert f"{document.core_properties.created:%Y-%m-%d}" == golden_cases.EXPORT_NOW[:10]
    text = word_text(data)
    assert PRIVATE_NOTE not in text and "Private notes are left out." in text
    check_golden("session-full.docx.xml", made)


def test_a_journey_as_a_word_document(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden_cases.journey_made(coach, tmp_path, monkeypatch.setenv)
    data = golden_cases.written(coach, tmp_path, "export", "--coachee", "priya")
    found = headings(data)
    assert found[0] == ("Heading 1", "Coaching journey: Priya Shah")
    assert ("Heading 2", "Action steps over time") in found
    assert ("Heading 2", "Session 2, Monday 23 November 2026") in found
    steps = docx.Document(io.BytesIO(data)).tables[1]
    assert [c.text for c in steps.rows[1].cells] == [
        "open each meeting with pupil work, every week",
        "session 1",
        "session 2: achieved",
        "achieved",
    ]
    check_golden("journey.docx.xml", golden_cases.docx_xml(data))


def test_a_word_document_is_the_same_bytes_every_time(coach: Coach, tmp_path: Path) -> None:
    start(coach, tmp_path, QUICK)
    first = golden_cases.written(coach, tmp_path, "export", only_id(coach))
    second = golden_cases.written(coach, tmp_path, "export", only_id(coach))
    assert first == second and first.startswith(b"PK")


def test_private_notes_only_on_request(coach: Coach, tmp_path: Path) -> None:
    start(coach, tmp_path, FULL)
    session_id = only_id(coach)
    page = coach("export", session_id, "--format", "html", "--include-private").out
    assert PRIVATE_NOTE in Page(page).all_text and "Includes private notes" in page
    data = golden_cases.written(coach, tmp_path, "export", session_id, "--include-private")
    assert PRIVATE_NOTE in word_text(data)


# --- hostile text ----------------------------------------------------------------------


def test_typed_markup_and_control_characters_are_shown_as_text(
    coach: Coach, tmp_path: Path, home: Path
) -> None:
    start(coach, tmp_path, FULL)
    (path,) = [p for p in (home / "sessions").rglob("*.yaml")]
    data = load(path).data
    data["coachee"] = f"Priya <b>{EVIL}</b> Shah"
    data["stages"]["listening"]["notes"][1]["text"] = "\n".join(NASTY) + f"\n{EVIL}"
    data["evidence"][0]["seen"] = "<script>alert('hi')</script> | <img src=http://x/y.png>"
    data["action_steps"][0]["text"] = "[click](javascript:alert(1)) ![pixel](http://x/p.png)"
    path.write_text(dumps(data))
    session_id = only_id(coach)
    text = coach("export", session_id, "--format", "html").out
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    page = Page(text)
    self_contained(page)
    seen = page.all_text
    for line in NASTY:
        assert line in seen, line
    assert "<script>alert('hi')</script> | <img src=http://x/y.png>" in seen
    assert "[click](javascript:alert(1)) ![pixel](http://x/p.png)" in seen
    assert "Priya <b>␛]0;pwned␇ ␛[2J <U+202E></b> Shah" in seen
    assert "b" not in page.tags and "a" not in page.tags and "ol" not in page.tags
    assert page.tags.count("blockquote") == 1, "only the privacy notice"
    data_docx = golden_cases.written(coach, tmp_path, "export", session_id)
    words = word_text(data_docx)
    for line in NASTY:
        assert line in words, line
    assert "Priya <b>␛]0;pwned␇ ␛[2J <U+202E></b> Shah" in words
    assert "\x1b" not in words and "\u202e" not in words
    names = zipfile.ZipFile(io.BytesIO(data_docx)).namelist()
    assert not [name for name in names if name.endswith((".png", ".jpeg", ".jpg"))]
    printed = coach("export", session_id).out  # markdown to a terminal or a pipe
    assert "\x1b" not in printed and "\u202e" not in printed and "\x07" not in printed
    assert "␛" in printed and "<U+202E>" in printed, "shown, not obeyed"


def test_a_school_template_shapes_every_format_but_cannot_add_a_script(
    coach: Coach, tmp_path: Path, home: Path
) -> None:
    start(coach, tmp_path, QUICK)
    (home / "templates").mkdir()
    (home / "templates" / "session.md.j2").write_text(
        "# Our school's summary for {{ s.coachee }}\n\n"
        "{{ '<script>alert(1)</script> <img src=\"http://x/p.png\">'|safe_md }}\n\n"
        "![tracker](https://x.example/p.png)\n\n1. first\n2. second\n"
    )
    session_id = only_id(coach)
    page = Page(coach("export", session_id, "--format", "html").out)
    self_contained(page, links=True)  # the image is a link to it, never fetched
    assert page.headings == ["Our school's summary for Tom Reid"]
    assert "<script>alert(1)</script>" in page.all_text
    data = golden_cases.written(coach, tmp_path, "export", session_id)
    assert headings(data) == [("Heading 1", "Our school's summary for Tom Reid")]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "1. first" in paragraphs and "2. second" in paragraphs
    (home / "templates" / "session.md.j2").write_text("{% if %}\n")
    for args in (("--format", "html"), ("--out", str(tmp_path / "broken.docx"))):
        broken = coach("export", session_id, *args)
        assert broken.code == 1 and "session.md.j2:1: template error" in broken.err
    assert not (tmp_path / "broken.docx").exists()


# --- choosing the format, and refusals -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "given", "begins"),
    [
        ("a.html", None, b"<!DOCTYPE html>"),
        ("a.HTM", None, b"<!DOCTYPE html>"),
        ("a.docx", None, b"PK"),
        ("a.md", None, b"# Coaching session 1"),
        ("a.txt", None, b"# Coaching session 1"),
        ("summary", None, b"# Coaching session 1"),
        ("a.txt", "html", b"<!DOCTYPE html>"),
        ("a.html", "HTML", b"<!DOCTYPE html>"),
        ("a.docx", "docx", b"PK"),
        ("a.md", "markdown", b"# Coaching session 1"),
    ],
)
def test_the_out_name_suggests_the_format(
    coach: Coach, tmp_path: Path, name: str, given: str | None, begins: bytes
) -> None:
    start(coach, tmp_path, QUICK)
    out = tmp_path / name
    chosen = ("--format", given) if given else ()
    result = coach("export", only_id(coach), "--out", str(out), *chosen)
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(begins)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--format", "docx"), "a Word document is not text: write it to a file with --out"),
        (("--out", "a.docx", "--format", "html"), "--format html does not fit the name a.docx"),
        (("--out", "a.html", "--format", "markdown"), "which is a web page (.html)"),
        (("--out", "a.md", "--format", "docx"), "which is markdown (.md)"),
        (("--format", "pdf"), "--format must be markdown, html or docx, not 'pdf'"),
        (("--out", "-", "--format", "docx"), "--out - is not a file"),
        (("--out", "."), "is a folder: give a file name"),
        (("--out", "a.docx", "--format", "md"), "--format markdown does not fit the name"),
    ],
)
def test_a_format_that_cannot_be_is_one_line(
    coach: Coach, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    start(coach, tmp_path, QUICK)
    before = set(tmp_path.iterdir())
    result = coach("export", only_id(coach), *args)
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("coach: ") and result.err.count("\n") == 1
    assert said in result.err, result.err
    assert set(tmp_path.iterdir()) == before, "nothing written"


def test_a_written_file_is_never_overwritten_without_force(coach: Coach, tmp_path: Path) -> None:
    start(coach, tmp_path, QUICK)
    session_id = only_id(coach)
    for name in ("summary.docx", "summary.html"):
        out = tmp_path / name
        out.write_text("my edits")
        again = coach("export", session_id, "--out", str(out))
        assert again.code == 1 and "--force" in again.err and out.read_text() == "my edits"
        assert coach("export", session_id, "--out", str(out), "--force").code == 0
        assert out.read_bytes()[:2] in (b"PK", b"<!")
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_only_a_word_export_loads_python_docx(coach: Coach, tmp_path: Path) -> None:
    from tests.test_help import imported

    start(coach, tmp_path, QUICK)
    session_id = only_id(coach)
    assert not {"docx", "markdown_it"} & imported("export", session_id)
    assert "docx" not in imported("export", session_id, "--format", "html")
    assert "docx" in imported("export", session_id, "--out", str(tmp_path / "a.docx"))


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{{ ('word ' * 300000)|safe_md }}", "1,500,000 characters, at most 1,000,000"),
        pytest.param(
            "{% for i in range(26000) %}{{ '\n- b'|safe_md }}{% endfor %}",
            "at most 150,000",
            marks=pytest.mark.slow,  # read whole before it is counted
        ),
    ],
)
def test_a_summary_too_long_for_a_page_is_one_line(
    coach: Coach, tmp_path: Path, home: Path, template: str, said: str
) -> None:
    """A template that prints far more than any journey is stopped, not waited for."""
    start(coach, tmp_path, QUICK)
    (home / "templates").mkdir()
    (home / "templates" / "session.md.j2").write_text(template)
    session_id = only_id(coach)
    for args in (("--format", "html"), ("--out", str(tmp_path / "long.docx"))):
        result = coach("export", session_id, *args)
        assert result.code == 1 and result.err.count("\n") == 1
        assert "too long for a web page or a Word document" in result.err and said in result.err
        assert "export it as markdown" in result.err
    assert coach("export", session_id).code == 0
