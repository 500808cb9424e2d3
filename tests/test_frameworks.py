"""Frameworks: the defaults are valid and complete; every bad edit is one clear line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coachcli.records.frameworks import load_frameworks
from coachcli.store.workspace import default_frameworks_dir
from tests.conftest import Coach

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fw_dir(coach: Coach, home: Path) -> Path:
    coach("init", str(home))  # makes the workspace with the default frameworks
    return home / "frameworks"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_defaults_hold_what_a_school_needs() -> None:
    fw = load_frameworks(REPO / "frameworks")
    skills = {s.id: s for s in fw.skills.skills}
    assert set(skills) == {"rapport", "listening", "questioning", "prompting", "celebrating"}
    assert all(len(s.prompts) >= 8 for s in skills.values())
    assert len(fw.skills.qualities) == 4
    assert fw.bar.example is True
    assert {r.id for r in fw.bar.roles} >= {
        "head_teacher",
        "senior_leader",
        "phase_leader",
        "subject_leader",
        "teacher",
    }
    kinds = {s.kind for s in fw.bar.sections}
    assert kinds == {"leadership", "instructional"}
    assert any(i.critical for _, i in fw.bar.items())
    assert {s.kind for s in fw.criteria.sets} == {"leadership", "instructional"}
    full = fw.flows.flow("full")
    quick = fw.flows.flow("quick")
    assert full is not None and quick is not None
    assert [fw.flows.stage(s).kind for s in full.stages][:1] == ["context"]
    assert len(full.stages) == 10 and len(quick.stages) < len(full.stages)


def test_packaged_defaults_are_the_repository_frameworks() -> None:
    packaged = default_frameworks_dir()
    for path in (REPO / "frameworks").glob("*.yaml"):
        assert (packaged / path.name).read_bytes() == path.read_bytes()


def test_list_show_and_validate(coach: Coach, fw_dir: Path) -> None:
    listed = coach("frameworks", "list")
    assert listed.code == 0
    for name in ("skills", "bar", "criteria", "flows"):
        assert name in listed.out
    assert "example" in listed.out

    shown = coach("frameworks", "show", "bar")
    assert shown.code == 0
    assert "Runs team meetings that improve teaching" in shown.out
    assert "EXAMPLE" in shown.out

    flows = coach("frameworks", "show", "flows")
    assert "Listening for meaning" in flows.out

    assert coach("frameworks", "validate").code == 0
    one = coach("frameworks", "validate", str(fw_dir / "criteria.yaml"))
    assert one.code == 0 and "ok" in one.out

    unknown = coach("frameworks", "show", "barr")
    assert unknown.code == 1 and "choose one of" in unknown.err


def bad(coach: Coach, *args: str) -> str:
    result = coach("frameworks", "validate", *args)
    assert result.code == 1, result
    assert result.out == ""
    message = result.err.strip()
    assert "\n" not in message, "one plain line"
    assert "Traceback" not in message
    return message


def test_a_mistyped_key_names_file_line_and_key(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "bar.yaml"
    edit(path, "        looks_like: >-\n", "        looks_lik: >-\n")
    message = bad(coach)
    assert f"bar.yaml:{line_of(path, 'looks_lik:')}" in message
    assert "looks_lik" in message and "unknown key" in message


def test_a_wrong_type(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "bar.yaml"
    edit(path, "        critical: true", "        critical: sometimes")
    message = bad(coach, str(path))
    assert f"bar.yaml:{line_of(path, 'critical: sometimes')}" in message
    assert "critical" in message and "boolean" in message


def test_a_dangling_skill_reference(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "flows.yaml"
    edit(path, "skill: listening", "skill: listenning")
    message = bad(coach)
    assert f"flows.yaml:{line_of(path, 'skill: listenning')}" in message
    assert "no skill 'listenning'" in message


def test_a_bar_item_for_a_role_that_is_not_defined(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "bar.yaml"
    edit(path, "          - phase_leader\n", "          - phase_lead\n")
    message = bad(coach)
    assert "no role 'phase_lead'" in message
    assert f"bar.yaml:{line_of(path, '- phase_lead')}" in message


def test_a_duplicate_id(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "bar.yaml"
    edit(path, "id: growing-colleagues", "id: team-meetings")
    assert "'team-meetings' is used more than once" in bad(coach)


def test_a_flow_naming_a_missing_stage(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "flows.yaml"
    edit(path, "      - probing\n", "      - probeing\n")
    assert "no stage 'probeing'" in bad(coach)


def test_a_yaml_syntax_error(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "skills.yaml"
    path.write_text(path.read_text() + "\nbroken: [unclosed\n")
    message = bad(coach)
    assert "skills.yaml:" in message and "not valid YAML" in message


def test_a_python_object_tag_is_refused(coach: Coach, fw_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = fw_dir / "criteria.yaml"
    edit(path, "title:", f"evil: !!python/object/apply:os.system ['touch {marker}']\ntitle:")
    message = bad(coach)
    assert "criteria.yaml:" in message and "!!python/object/apply:os.system" in message
    assert "not allowed" in message
    assert not marker.exists()


def test_a_file_that_is_not_utf8(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "skills.yaml"
    path.write_bytes(path.read_bytes() + "# caf\u00e9 notes\n".encode("latin-1"))
    message = bad(coach)
    assert "skills.yaml:" in message and "not UTF-8" in message


def test_an_empty_file(coach: Coach, fw_dir: Path) -> None:
    (fw_dir / "flows.yaml").write_text("# nothing yet\n")
    assert "flows.yaml: the file is empty" in bad(coach)


def test_a_missing_framework_and_a_newer_format(coach: Coach, fw_dir: Path) -> None:
    shutil.move(fw_dir / "criteria.yaml", fw_dir.parent / "criteria.yaml")
    assert "no criteria framework" in bad(coach)
    path = fw_dir.parent / "criteria.yaml"
    edit(path, "format_version: 1", "format_version: 9")
    assert "upgrade coachcli" in bad(coach, str(path))


def test_free_text_stays_text(fw_dir: Path) -> None:
    path = fw_dir / "skills.yaml"
    text = path.read_text()
    marker = "    prompts:\n"
    index = text.index(marker) + len(marker)
    words = ["no", "yes", "on", "off", "2026-01-02", "1:20", "0x10", "1e3", "NULL?"]
    added = "".join(f"      - {w}\n" for w in words)
    path.write_text(text[:index] + added + text[index:])
    prompts = load_frameworks(fw_dir).skills.skills[0].prompts
    assert prompts[: len(words)] == words


def test_an_unquoted_null_prompt_is_an_error_not_a_silent_gap(coach: Coach, fw_dir: Path) -> None:
    path = fw_dir / "skills.yaml"
    text = path.read_text()
    marker = "    prompts:\n"
    index = text.index(marker) + len(marker)
    path.write_text(text[:index] + "      - null\n" + text[index:])
    message = bad(coach)
    assert "skills.yaml:" in message and "prompts[0]" in message


def test_unexpected_errors_say_bug_without_a_traceback(
    coach: Coach, fw_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coachcli.records.frameworks

    def explode(folder: Path) -> None:
        raise RuntimeError("secret note text")

    monkeypatch.setattr(coachcli.records.frameworks, "load_frameworks", explode)
    result = coach("frameworks", "validate")
    assert result.code == 70
    assert "this is a bug" in result.err
    assert "secret note text" not in result.err and "Traceback" not in result.err
    debug = coach("--debug", "frameworks", "validate")
    assert "Traceback" in debug.err
