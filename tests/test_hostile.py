"""Hostile files: what a shared folder, a colleague's copy or a planted file can hold.

Each is one plain line naming the file, exit 1, at once: never "this is a bug", a
hang, running out of memory, or a file quietly misread."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from coachcli.records.yamlio import dumps, load
from tests.conftest import Coach, Result

REPO = Path(__file__).resolve().parents[1]
QUICK = REPO / "examples" / "answers-quick.yaml"
FULL = REPO / "examples" / "answers-full.yaml"

pytestmark = pytest.mark.timeout(5)

DEEP_LISTS = "a: " + "[" * 990 + "]" * 990 + "\n"
"""Valid YAML nested deeper than Python's recursion limit (libyaml allows 1,000)."""
DEEP_TABBED = 'b: "tab\there"\n' + DEEP_LISTS
"""The same, read by PyYAML's own parser (a tab sends a file there)."""
DEEP_MAPPINGS = "".join(" " * i + f"k{i}:\n" for i in range(990)) + " " * 990 + "v\n"
UNCLOSED = "a: " + "[" * 100_000 + "\n"


def one_line(result: Result, *parts: str) -> None:
    assert result.code == 1, (result.code, result.err[-300:])
    assert "bug" not in result.err
    line = result.err.strip()
    assert line.startswith("coach: ") and "\n" not in line, line[:300]
    for part in parts:
        assert part in line, line[:300]


def session_file(home: Path) -> Path:
    (path,) = [
        p for p in (home / "sessions").rglob("*.yaml") if not {"_drafts", "progress"} & set(p.parts)
    ]
    return path


def started(coach: Coach, home: Path) -> Path:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    return session_file(home)


def with_progress(coach: Coach, home: Path, tmp_path: Path) -> Path:
    started(coach, home)
    record = tmp_path / "record.yaml"
    record.write_text(dumps({"steps": [{"status": "practising"}]}))
    assert coach("followup", "priya", "--record", "--answers", str(record)).code == 0
    (path,) = (home / "sessions").rglob("progress/*.yaml")
    return path


# --- 1. nesting deeper than Python's recursion limit, in every file read -------------


@pytest.mark.parametrize("text", [DEEP_LISTS, DEEP_TABBED, DEEP_MAPPINGS, UNCLOSED])
@pytest.mark.parametrize(
    "where",
    ["session", "draft", "progress", "coach.yaml", "answers", "skills", "bar", "criteria",
     "flows", "conversation", "hints"],
)  # fmt: skip
def test_nesting_too_deep_is_one_line_in_every_file(
    coach: Coach, home: Path, tmp_path: Path, where: str, text: str
) -> None:
    path = with_progress(coach, home, tmp_path) if where == "progress" else started(coach, home)
    command: tuple[str, ...] = ("session", "show", session_file(home).stem[11:])
    if where == "session":
        path = session_file(home)
    elif where == "draft":
        folder = home / "sessions" / "_drafts"
        folder.mkdir(exist_ok=True)
        path = folder / "2026-11-30-priya-shah-d00d.yaml"
        command = ("session", "list")
    elif where == "progress":
        command = ("followup", "priya")
    elif where == "coach.yaml":
        path = home / "coach.yaml"
    elif where == "answers":
        path = tmp_path / "answers.yaml"
        command = ("session", "start", "--answers", str(path))
    else:
        path = home / "frameworks" / f"{where}.yaml"
        command = ("frameworks", "show", where)
    path.write_text(text)
    result = coach(*command)
    one_line(result, str(path), "nested too deeply" if text != UNCLOSED else "nesting depth")
    if where != "answers":  # doctor reads every file of the workspace
        doctor = coach("doctor")
        assert doctor.code == 1 and "bug" not in doctor.err + doctor.out
        assert str(path) in doctor.out + doctor.err


def test_the_line_where_it_is_too_deep_is_named(coach: Coach, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("coachee: Priya\n" + DEEP_MAPPINGS)
    result = coach("session", "start", "--answers", str(answers))
    one_line(result, f"{answers}:66: nested too deeply (more than 64 levels)")


# --- 2. huge and non-ASCII numbers ------------------------------------------------------


@pytest.mark.parametrize("value", ["٣", "３", "³", "9" * 5000, "9" * 4300, "1" * 10])
@pytest.mark.parametrize("field", ["format_version", "number", "revision", "stage_index"])
def test_numbers_in_other_scripts_or_huge_are_one_line(
    coach: Coach, home: Path, field: str, value: str
) -> None:
    path = started(coach, home)
    data = load(path).data
    data[field] = value
    path.write_text(dumps(data))
    for command in (("session", "list"), ("session", "show", path.stem[11:]), ("migrate",)):
        one_line(coach(*command), str(path), field)
    if field == "revision":  # an amend adds one: a 4,300-digit revision once broke it
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("VISUAL", "true")
            one_line(coach("session", "amend", path.stem[11:]), str(path))


@pytest.mark.parametrize("value", ["٣", "３", "9" * 5000])
def test_format_numbers_of_progress_answers_config_and_frameworks(
    coach: Coach, home: Path, tmp_path: Path, value: str
) -> None:
    progress = with_progress(coach, home, tmp_path)
    data = load(progress).data
    data["format_version"] = value
    progress.write_text(dumps(data))
    one_line(coach("followup", "priya"), str(progress), "format_version")
    progress.unlink()
    answers = tmp_path / "answers.yaml"
    answers.write_text(dumps({"format_version": value, "coachee": "Tom Reid"}))
    one_line(coach("session", "start", "--answers", str(answers)), str(answers), "format_version")
    config = home / "coach.yaml"
    before = config.read_text()
    config.write_text(re.sub(r"(?m)^format_version: .*$", f"format_version: '{value}'", before))
    one_line(coach("session", "list"), str(config), "format_version")
    config.write_text(before)
    bar = home / "frameworks" / "bar.yaml"
    bar.write_text(
        re.sub(r"(?m)^format_version: .*$", f"format_version: '{value}'", bar.read_text())
    )
    one_line(coach("frameworks", "show", "bar"), str(bar), "format_version")


# --- 3. a damaged key file ----------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    ["not base64", "truncated", "binary", "huge", "short salt", "folder", "fifo", "device"],
)
def test_a_damaged_key_file_is_one_line(
    coach: Coach, home: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    started(coach, home)
    monkeypatch.setenv("COACH_PASSPHRASE", "a long enough passphrase")
    config = home / "coach.yaml"
    config.write_text(
        re.sub(r"(?m)^encryption: .*$", "", config.read_text()) + "encryption: true\n"
    )
    assert coach("migrate").code == 0
    key = home / ".coachkey"
    good = key.read_text().splitlines()
    key.unlink()
    if damage == "not base64":
        key.write_text("\n".join([*good[:-1], "!!! not base64 !!!"]))
    elif damage == "truncated":
        key.write_text("\n".join(good)[: len("\n".join(good)) - 30])
    elif damage == "binary":
        key.write_bytes(bytes(range(256)) * 2)
    elif damage == "huge":
        key.write_text("A" * 10_000_000)
    elif damage == "short salt":
        key.write_text("\n".join([*good[:-3], "AAAA", *good[-2:]]))
    elif damage == "folder":
        key.mkdir()
    elif damage == "fifo":
        os.mkfifo(key)
    else:
        key.symlink_to("/dev/zero")
    monkeypatch.setenv("COACH_PASSPHRASE", "a long enough passphrase")  # read once, then gone
    one_line(coach("session", "list"), str(key), "damaged")


# --- 4. pipes, devices and folders where a file should be ----------------------------


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "folder"])
def test_an_answers_file_must_be_a_regular_file(coach: Coach, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "answers.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path(kind)
    one_line(coach("session", "start", "--answers", str(path)), str(path))


def test_a_pipe_in_the_store_is_named_not_waited_on(coach: Coach, home: Path) -> None:
    path = started(coach, home)
    pipe = path.with_name("2026-11-30-priya-shah-f1f0.yaml")
    os.mkfifo(pipe)
    for command in (("session", "list"), ("followup", "priya"), ("migrate",)):
        one_line(coach(*command), str(pipe), "not a regular file")
    one_line(coach("session", "show", "priya-shah-f1f0"), str(pipe))
    doctor = coach("doctor")
    assert doctor.code == 1 and str(pipe) in doctor.out and "not a regular file" in doctor.out


def test_the_size_limit_is_what_is_read_not_what_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coachcli.records.yamlio as yamlio
    from coachcli.errors import CoachError

    path = tmp_path / "grows.yaml"
    path.write_text("a: " + "x" * 100)
    with pytest.raises(CoachError, match="more than the 50 bytes"):
        yamlio.read_text(path, limit=50)  # no stat is asked: the reading counts
    assert yamlio.read_text(path, limit=103).startswith("a: x")


# --- 5. an answers file from a newer coachcli -----------------------------------------


def test_an_answers_file_from_a_newer_coachcli_says_upgrade(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(re.sub(r"(?m)^format_version: .*$", "format_version: 2", QUICK.read_text()))
    one_line(
        coach("session", "start", "--answers", str(answers)),
        str(answers),
        "written by a newer coachcli",
        "upgrade coachcli",
    )
    assert not (home / "sessions").exists() or not list((home / "sessions").rglob("*.yaml"))


# --- 6. templates that hang or blow up ----------------------------------------------

TEMPLATES = {
    "repeat": "{{ 'x' * 10**10 }}",
    "list repeat": "{{ [1] * 10**9 }}",
    "recursive macro": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "macro fan-out": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}"
    "{{ f(40) }}",
    "long range": "{% for i in range(10**9) %}x{% endfor %}",
    "nested loops": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
    "{% endfor %}",
    "loops over text": "{% set a = 'x' * 99999 %}{% for i in a %}{% for j in a %}{% endfor %}"
    "{% endfor %}",
    "huge join": "{{ range(99999)|join('x' * 1000000) }}",
    "doubling": "{% set ns = namespace(x='x') %}{% for i in range(64) %}"
    "{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
    "doubling with +": "{% set ns = namespace(x='x') %}{% for i in range(64) %}"
    "{% set ns.x = ns.x + ns.x %}{% endfor %}",
    "power": "{{ 2 ** (10**9) }}",
    "wide filter": "{{ 'x'|center(999999999) }}",
    "wide format": "{{ '%999999999d'|format(1) }}",
    "wide str.format": "{{ '{:999999999}'.format(1) }}",
    "kept copies": "{% set l = [] %}{% for i in range(99999) %}{{ l.append('x' * 1000000) or '' }}"
    "{% endfor %}",
    "captured output": "{% set a = 'x' * 99999 %}{% set b %}{% for i in range(99999) %}{{ a }}"
    "{% endfor %}{% endset %}",
    "plain text in a loop": "{% set b %}{% for i in range(99999) %}" + "y" * 10000 + "{% endfor %}"
    "{% endset %}",
}


@pytest.mark.parametrize("source", TEMPLATES.values(), ids=TEMPLATES.keys())
def test_a_template_that_would_hang_or_blow_up_is_one_line(
    coach: Coach, home: Path, source: str
) -> None:
    path = started(coach, home)
    (home / "templates").mkdir()
    (home / "templates" / "session.md.j2").write_text(source)
    one_line(coach("export", path.stem[11:]), "session.md.j2", "template error")


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_a_template_must_be_a_small_regular_file(coach: Coach, home: Path, kind: str) -> None:
    path = started(coach, home)
    (home / "templates").mkdir()
    template = home / "templates" / "session.md.j2"
    if kind == "fifo":
        os.mkfifo(template)
    else:
        template.write_text("x" * 1_000_000)
    one_line(coach("export", path.stem[11:]), "session.md.j2", "template error")


# --- 8. a session from a newer coachcli, in every command ----------------------------


def test_a_newer_session_is_refused_by_every_command_and_left_alone(
    coach: Coach, home: Path
) -> None:
    path = started(coach, home)
    path.write_text(re.sub(r"format_version: \d+", "format_version: 99", path.read_text()))
    before = path.read_bytes()
    ident = path.stem[11:]
    for command in (
        ("session", "list"),
        ("session", "show", ident),
        ("followup",),
        ("export", ident),
        ("migrate",),
    ):
        one_line(coach(*command), str(path), "written by a newer coachcli", "upgrade")
    doctor = coach("doctor")
    assert doctor.code == 1 and "newer coachcli" in doctor.out
    forgotten = coach("forget", "priya", "--yes")  # not found by name: nothing is erased
    assert forgotten.code == 1 and "bug" not in forgotten.err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "command", [("followup", "priya"), ("export", "--coachee", "priya"), ("forget", "priya")]
)
def test_a_person_whose_only_session_is_newer_is_not_said_to_be_nobody(
    coach: Coach, home: Path, command: tuple[str, ...]
) -> None:
    path = started(coach, home)
    path.write_text(re.sub(r"format_version: \d+", "format_version: 99", path.read_text()))
    one_line(coach(*command), str(path), "written by a newer coachcli")
