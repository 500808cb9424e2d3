"""The house keeps its shape: data flows down the layers, no cycles, small rooms, no
module-level state, one asker boundary, and a new kind of stage is one new module.

The layers, top to bottom (docs/architecture.md): cli > ui > reports, conversation >
store > records > the ground floor (errors, clock, dates, portable). A module may import its own
layer and any layer below; ``ui`` may read the conversation's question types (its
terminal asker answers them). Imports inside functions count too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import Coach, person_dir

SRC = Path(__file__).resolve().parents[1] / "src" / "coachcli"
GROUND = {"coachcli", "coachcli.errors", "coachcli.clock", "coachcli.dates", "coachcli.portable"}
ALLOWED = {
    "ground": set(),
    "records": {"ground"},
    "store": {"ground", "records"},
    "conversation": {"ground", "records", "store"},
    "reports": {"ground", "records", "store"},
    "ui": {"ground", "records", "store", "reports", "conversation"},
    "cli": {"ground", "records", "store", "reports", "conversation", "ui"},
}


def layer(module: str) -> str:
    if module in GROUND:
        return "ground"
    if module == "coachcli.__main__":
        return "cli"
    return module.split(".")[1]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, known: set[str], *, typing: bool = True) -> set[str]:
    """Every coachcli module ``path`` imports, at the top or inside a function; with
    ``typing=False``, not those made only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    if not typing:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skip |= {id(inner) for inner in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def test_every_module_imports_only_its_layer_and_those_below() -> None:
    found = modules()
    upward = []
    for name, path in found.items():
        for target in imports(path, set(found)):
            if layer(target) != layer(name) and layer(target) not in ALLOWED[layer(name)]:
                upward.append(f"{name} -> {target}")
    assert not upward, "imports against the flow of data:\n" + "\n".join(upward)


def test_no_import_cycles_between_modules() -> None:
    """Imports made only for type checking are not counted: they run no code."""
    found = modules()
    graph = {name: imports(path, set(found), typing=False) - {name} for name, path in found.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "modules that import each other in a loop:\n" + "\n".join(cycles)


def test_no_module_over_400_lines() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, long


def test_no_module_level_state_and_no_asking_which_asker() -> None:
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(SRC)
        assert not re.search(r"^\s*global\s", text, re.M), f"{where}: a global statement"
        assert not re.search(r"isinstance\([^)]*,\s*\w*Asker\)", text), f"{where}: isinstance"
        for node in ast.parse(text).body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                value = node.value
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                mutable = isinstance(value, ast.List | ast.Dict | ast.Set) or (
                    isinstance(value, ast.Call)
                    and getattr(value.func, "id", "") in {"dict", "list", "set", "defaultdict"}
                )
                # UPPER_CASE constants may be mappings a module only reads
                state = [n for n in names if not n.isupper() and not n.startswith("__")]
                assert not (mutable and state), f"{where}: module-level state {state}"


def test_a_new_stage_kind_is_one_new_module(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind of stage written as a module of its own, added to the stages package from
    outside the source tree, runs in a flow without editing any existing module."""
    import coachcli.conversation.stages as stages

    extra = tmp_path / "more_stages"
    extra.mkdir()
    (extra / "scaling.py").write_text(
        "from coachcli.conversation.asking import NEXT, TextQ\n"
        "from coachcli.records.session import Note, StageRecord\n"
        'KIND = "scaling"\n'
        "def run(c, stage, index):\n"
        "    key = ('notes', stage.id, 0, 'note')  # notes: are keyed by stage id\n"
        "    answer = c.text(TextQ(key, 'From 1 to 10, how sure are you?'))\n"
        "    record = c.session.stages.setdefault(stage.id, StageRecord(title=stage.title))\n"
        "    record.notes.append(Note(prompt='How sure, 1 to 10?', text=answer))\n"
        "    return NEXT\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(stages, "__path__", [*stages.__path__, str(extra)])
    assert coach("init", str(home)).code == 0
    flows = home / "frameworks" / "flows.yaml"
    text = flows.read_text(encoding="utf-8")
    text = text.replace(
        "\nflows:\n",
        "\n  - id: sureness\n    kind: scaling\n    title: How sure\n"
        "    purpose: A number for how sure they are.\n\nflows:\n",
        1,
    )
    text = re.sub(
        r"(- id: quick\n(?:.*\n)*?    stages:\n      - context\n)", r"\1      - sureness\n", text
    )
    flows.write_text(text, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "coachee: Tom Reid\nrole: teacher\nflow: quick\nfocus: checking-understanding\n"
        "notes: {sureness: [{note: '7'}]}\nclose: {next_meeting: 2026-12-08}\n",
        encoding="utf-8",
    )
    assert coach("frameworks", "validate").code == 0
    result = coach("session", "start", "--answers", str(answers))
    assert result.code == 0, result.err
    (saved,) = person_dir(home, "tom-reid").glob("*.yaml")
    assert "How sure, 1 to 10?" in saved.read_text(encoding="utf-8")
    monkeypatch.setattr(stages, "__path__", stages.__path__[:-1])  # the kind is gone again
    refused = coach("frameworks", "validate")
    assert refused.code == 1 and "flows.yaml:" in refused.err and "'scaling'" in refused.err
