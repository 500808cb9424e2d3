"""JSON Schemas for editors: made from the models, shipped, written by `coach init`, and
checked with an independent validator against files read as an editor reads them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from coachcli.records.frameworks import KINDS
from coachcli.records.schemas import NAMES, WRITTEN, schema, schema_line, schema_text
from coachcli.records.yamlio import dumps
from tests.conftest import Coach, person_dir

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "frameworks" / "schemas"
EXAMPLES = sorted((REPO / "examples").glob("answers-*.yaml"))
QUICK = REPO / "examples" / "answers-quick.yaml"


def as_editor_reads(path: Path) -> Any:
    """The file with YAML's own types (numbers, booleans), as an editor sees it; the
    dates PyYAML makes are turned back into the text they were written as."""

    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def problems(name: str, data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(name))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def saved(home: Path) -> list[Path]:
    return sorted(p for p in (home / "sessions").rglob("*.yaml") if "_drafts" not in p.parts)


# --- the schemas in the repository ------------------------------------------------


def test_the_shipped_schemas_are_what_the_models_make() -> None:
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(f"{n}.json" for n in WRITTEN)
    for name in WRITTEN:
        assert (SCHEMAS / f"{name}.json").read_text(encoding="utf-8") == schema_text(name), (
            f"frameworks/schemas/{name}.json is out of date: run `python scripts/schemas.py`"
        )


@pytest.mark.parametrize("name", NAMES)
def test_every_schema_is_a_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))
    assert "$id" not in schema(name) and schema(name)["title"]


# --- what a person writes fits --------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_shipped_framework_names_its_schema_and_fits_it(kind: str) -> None:
    path = REPO / "frameworks" / f"{kind}.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == schema_line(kind)
    assert schema_line(kind) == f"# yaml-language-server: $schema=schemas/{kind}.json"
    assert problems(kind, as_editor_reads(path)) == []


def test_the_schema_catches_a_typo_as_an_editor_would() -> None:
    data = as_editor_reads(REPO / "frameworks" / "bar.yaml")
    data["sections"][0]["items"][0]["critcal"] = True
    data["format_version"] = "one"
    found = problems("bar", data)
    assert any("critcal" in line for line in found)
    assert any("format_version" in line for line in found)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_example_answers_files_fit_the_answers_schema(path: Path) -> None:
    assert problems("answers", as_editor_reads(path)) == []


def test_the_readme_answers_example_fits_the_answers_schema(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Preparing a session in a file", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    path = tmp_path / "readme.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    assert problems("answers", as_editor_reads(path)) == []


def test_saved_sessions_progress_and_settings_fit_their_schemas(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    result = coach("session", "start", "--answers", str(QUICK))
    assert result.code == 0, result.err
    (session,) = saved(home)
    assert problems("session", as_editor_reads(session)) == []
    assert problems("config", as_editor_reads(home / "coach.yaml")) == []
    assert problems("config", as_editor_reads(REPO / "coach.yaml")) == []

    answers = tmp_path / "record.yaml"
    answers.write_text(dumps({"steps": [{"status": "practising", "evidence": "Tuesday"}]}))
    result = coach("followup", "Tom Reid", "--record", "--answers", str(answers))
    assert result.code == 0, result.err
    (progress,) = (person_dir(home, "tom-reid") / "progress").glob("*.yaml")
    assert problems("progress", as_editor_reads(progress)) == []
    assert problems("answers", as_editor_reads(answers)) == []


# --- coach frameworks schema ----------------------------------------------------


def test_frameworks_schema_prints_the_bar_by_default(coach: Coach) -> None:
    result = coach("frameworks", "schema")
    assert result.code == 0, result.err
    printed = json.loads(result.out)
    assert printed["title"] == "BarFile"
    assert "sections" in printed["properties"]
    assert result.out == coach("frameworks", "schema", "bar").out == schema_text("bar")


@pytest.mark.parametrize("name", NAMES)
def test_frameworks_schema_prints_each_schema(coach: Coach, name: str) -> None:
    result = coach("frameworks", "schema", name)
    assert result.code == 0, result.err
    assert json.loads(result.out) == schema(name)


def test_frameworks_schema_of_an_unknown_name_lists_the_choices(coach: Coach) -> None:
    result = coach("frameworks", "schema", "sessions")
    assert result.code == 1 and result.out == ""
    assert result.err.count("\n") == 1
    assert "no schema called 'sessions'" in result.err
    assert ", ".join(NAMES) in result.err


# --- coach init -------------------------------------------------------------------


def test_init_writes_the_schemas_and_the_schema_lines(coach: Coach, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = coach("init", str(ws))
    assert result.code == 0, result.err
    folder = ws / "frameworks" / "schemas"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.json" for n in WRITTEN)
    assert json.loads((folder / "bar.json").read_text())["title"] == "BarFile"
    assert f"{len(WRITTEN)} schemas in schemas/" in result.out
    for kind in KINDS:
        first = (ws / "frameworks" / f"{kind}.yaml").read_text().splitlines()[0]
        assert first == schema_line(kind)
        assert (folder / f"{kind}.json").read_text() == schema_text(kind)
    result = coach("--home", str(ws), "frameworks", "validate")
    assert result.code == 0, result.err

    again = coach("init", str(ws))
    assert again.code == 0 and "schemas/" not in again.out, "nothing to write a second time"


def test_init_refreshes_an_out_of_date_schema_and_keeps_edited_frameworks(
    coach: Coach, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    coach("init", str(ws))
    bar = ws / "frameworks" / "bar.yaml"
    edited = bar.read_text().replace("Example school", "St Mary's Primary")
    bar.write_text(edited)
    stale = ws / "frameworks" / "schemas" / "bar.json"
    stale.write_text("{}\n")
    result = coach("init", str(ws))
    assert result.code == 0, result.err
    assert "added frameworks: schemas/bar.json\n" in result.out
    assert stale.read_text() == schema_text("bar")
    assert bar.read_text() == edited


# --- answers files are checked for unknown keys first -------------------------------

QUICK_WITH = """\
format_version: 1
coachee: Tom Reid
role: teacher
flow: quick
focus: checking-understanding
action_steps:
  - {step_key}: check understanding with mini whiteboards, in every lesson this week
    criteria: {{highest_leverage: yes, narrow: yes, specific: yes, transferable: yes}}
{close_key}:
  next_meeting: fri
"""


@pytest.mark.parametrize(
    ("step_key", "close_key", "line", "where", "meant"),
    [
        ("txt", "close", 7, "action_steps[0].txt", "text"),
        ("text", "clsoe", None, "clsoe", "close"),
    ],
)
def test_a_mistyped_answers_key_is_named_before_anything_runs(
    coach: Coach,
    home: Path,
    tmp_path: Path,
    step_key: str,
    close_key: str,
    line: int | None,
    where: str,
    meant: str,
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(QUICK_WITH.format(step_key=step_key, close_key=close_key))
    result = coach("session", "start", "--answers", str(path))
    assert result.code == 1
    assert result.err.count("\n") == 1, result.err
    unknown = f"{where}: unknown key {where.split('.')[-1]!r} (did you mean {meant!r}?)"
    at = str(line) if line is not None else r"\d+"
    assert re.fullmatch(rf"coach: {re.escape(str(path))}:{at}: {re.escape(unknown)}\n", result.err)
    assert not (home / "sessions").exists() or not list((home / "sessions").rglob("*.yaml"))


def test_a_mistyped_key_in_a_progress_answers_file(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    path = tmp_path / "record.yaml"
    path.write_text("steps:\n  - status: practising\n    reflction: waiting is hard\n")
    result = coach("followup", "Tom Reid", "--record", "--answers", str(path))
    assert result.code == 1
    assert result.err == (
        f"coach: {path}:3: steps[0].reflction: unknown key 'reflction'"
        " (did you mean 'reflection'?)\n"
    )
    assert not (person_dir(home, "tom-reid") / "progress").exists()


def test_values_stay_for_the_conversation_to_judge(coach: Coach, tmp_path: Path) -> None:
    """The shape check leaves meaning to the engine: its own messages still come first."""
    path = tmp_path / "answers.yaml"
    text = QUICK_WITH.format(step_key="text", close_key="close").replace("fri", "the 45th")
    path.write_text(text)
    result = coach("session", "start", "--answers", str(path))
    assert result.code == 1 and "close.next_meeting" in result.err
    assert "unknown key" not in result.err
