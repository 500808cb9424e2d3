"""The words a coach sees are data: frameworks/conversation.yaml (questions, menus,
practice places, the action-step stem), frameworks/hints.yaml (the weak-step rules) and
each kind's weak and strong example in criteria.yaml. No Python module keeps a copy of
them, an older workspace without the new files still works, and a school's edits reach
the conversation."""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from coachcli.conversation.asking import NEXT, ConfirmQ, Key, Message, SelectQ, TextQ
from coachcli.conversation.engine import Conversation
from coachcli.conversation.stages import action_steps, practice
from coachcli.conversation.start import Choices, new_session
from coachcli.records.frameworks import Frameworks, load_frameworks, missing_help
from coachcli.records.settings import Config
from coachcli.records.vocabulary import DEFAULT_STEM, Kind
from coachcli.records.yamlio import load
from coachcli.records.yamlio import loc_text as key_text
from coachcli.store.people import Person
from coachcli.store.sessions import Store
from tests.conftest import Coach, person_dir

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "coachcli"
SHIPPED = REPO / "frameworks"
FULL = REPO / "examples" / "answers-full.yaml"
OLD_KINDS = ("skills", "bar", "criteria", "flows")


# --- (a) no moved string stays a Python literal ---------------------------------------


def moved_words() -> list[tuple[str, str]]:
    """Every piece of wording moved into the shipped YAML, with where it lives there."""
    conversation = load(SHIPPED / "conversation.yaml").data
    found = []
    for section in ("questions", "menus"):
        for stage, words in conversation[section].items():
            found += [(f"{section}.{stage}.{key}", text) for key, text in words.items()]
    for kind, places in conversation["places"].items():
        found += [(f"places.{kind}", place["name"]) for place in places]
    hints = load(SHIPPED / "hints.yaml").data
    found += [(f"rules.{rule}.message", r["message"]) for rule, r in hints["rules"].items()]
    return found


def _shape(text: str) -> str:
    """Text with each {placeholder} as {} and white space made single."""
    return " ".join(re.sub(r"\{[^{}]*\}", "{}", text).split())


def _literal_shapes(path: Path) -> Iterator[tuple[int, str]]:
    """Each string literal in a module, an f-string with its values as {}; docstrings
    and the one allowed copy of the stem (DEFAULT_STEM) are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "DEFAULT_STEM" for t in node.targets
        ):
            skip.add(id(node.value))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            parts = [
                v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                for v in node.values
            ]
            skip |= {id(v) for v in node.values}
            yield node.lineno, _shape("".join(parts).replace("{", "{{").replace("}", "}}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, " ".join(node.value.split())


def _unescaped(shape: str) -> str:
    return shape.replace("{{}}", "{}")


def _found(moved: str, literal: str) -> bool:
    """A sentence (three words or more) anywhere in a literal; shorter wording only as
    the whole literal, and not a lone word that is also a key (``when``, ``seen``) or a
    lone word beside a placeholder ("recorded: {}"), too small to tell apart from a
    read-only view's own label."""
    words = [word for word in moved.replace("{}", " ").split() if re.search(r"\w", word)]
    if len(words) >= 3:
        return moved in literal
    if len(words) < 2 and ("{}" in moved or re.fullmatch(r"[a-z_][a-z0-9_]*", literal)):
        return False
    return moved == literal


STEM_IN_USE = re.compile(r"(^|\{\}\W*)" + re.escape(DEFAULT_STEM) + r"(\W*(\{\}|…)|$)")


def test_no_moved_wording_is_a_python_literal() -> None:
    words = [(where, _shape(text)) for where, text in moved_words()]
    assert len(words) > 60, "the shipped conversation.yaml and hints.yaml are read"
    stem = load(SHIPPED / "conversation.yaml").data["stem"]
    assert stem == DEFAULT_STEM, "the shipped stem is the one older sessions show"
    left = []
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC)
        for line, raw in _literal_shapes(path):
            literal = _unescaped(raw)
            if STEM_IN_USE.search(literal):
                left.append(f"{where}:{line}: the stem {DEFAULT_STEM!r} in {literal!r}")
            for yaml_key, moved in words:
                if _found(moved, literal):
                    left.append(f"{where}:{line}: {literal!r} is {yaml_key} in the YAML")
    assert not left, "wording kept in Python, not read from frameworks/:\n" + "\n".join(left)


def test_the_search_finds_what_it_looks_for(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        '"""A docstring may say: Where is it now?"""\n'
        'DEFAULT_STEM = "will be able to"\n'
        'a = f"{n}. will be able to {text}"\n'
        'b = "Where is it now?"\n'
        'c = f"Step {i + 1} of {total}"\n'
        'd = "What they will be able to do."\n',
        encoding="utf-8",
    )
    shapes = [_unescaped(s) for _, s in _literal_shapes(module)]
    assert [s for s in shapes if STEM_IN_USE.search(s)] == ["{}. will be able to {}"]
    assert _found(_shape("Where is it now?"), shapes[1])
    assert _found(_shape("Step {number} of {total}"), shapes[2])
    assert not any(_found(_shape("Note"), s) for s in shapes)


# --- (b) a workspace from before the new files ----------------------------------------


def older_workspace(coach: Coach, home: Path) -> Path:
    """A workspace as an older coachcli made it: the four first frameworks only, and a
    criteria.yaml with its one `contrast:` example."""
    assert coach("init", str(home)).code == 0
    folder = home / "frameworks"
    for path in folder.glob("*.yaml"):
        if path.stem not in OLD_KINDS:
            path.unlink()
    criteria = (SHIPPED / "criteria.yaml").read_text(encoding="utf-8")
    leaders = load(SHIPPED / "criteria.yaml").data["sets"][1]["example"]
    criteria = re.sub(r"    example:\n(      .*\n)+", "", criteria)
    criteria += (
        "\ncontrast:\n"
        f'  weak: "{leaders["weak"]}"\n'
        f'  strong: "{leaders["strong"]}"\n'
        f'  why: "{leaders["why"]}"\n'
    )
    (folder / "criteria.yaml").write_text(criteria, encoding="utf-8")
    return folder


def test_an_older_workspace_runs_a_full_session_with_the_shipped_words(
    coach: Coach, home: Path
) -> None:
    folder = older_workspace(coach, home)
    assert sorted(p.stem for p in folder.glob("*.yaml")) == sorted(OLD_KINDS)
    result = coach("session", "start", "--answers", str(FULL))
    assert result.code == 0, result.err
    (saved,) = person_dir(home, "priya-shah").glob("*.yaml")
    data = load(saved).data
    assert data["stem"] == DEFAULT_STEM
    assert data["action_steps"][0]["practice"]["place_name"] == "A team meeting they lead"
    fw = load_frameworks(folder)
    assert fw.defaulted == ["conversation", "hints", "steps"]
    assert fw.criteria.contrast is not None and fw.criteria.for_kind("leadership").example is None
    assert fw.example("leadership") == fw.criteria.contrast, "the old contrast is the leaders'"
    shipped = load_frameworks(SHIPPED)
    assert fw.example("instructional") == shipped.example("instructional")
    help_line = missing_help(fw)
    assert help_line is not None and "\n" not in help_line
    assert "conversation.yaml" in help_line and "hints.yaml" in help_line
    assert "coach init" in help_line and "teachers" in help_line
    assert missing_help(shipped) is None and shipped.defaulted == []
    assert coach("frameworks", "validate").code == 0

    assert coach("init", str(home)).code == 0  # adds the new files, keeps the rest
    assert (folder / "conversation.yaml").is_file() and (folder / "hints.yaml").is_file()
    again = load_frameworks(folder)
    assert again.defaulted == [] and "contrast" in (folder / "criteria.yaml").read_text()
    assert missing_help(again) == (
        "criteria.yaml has no weak and strong example for teachers: coachcli shows its own;"
        " add an `example:` (weak, strong, why) to that set"
    )


# --- the conversation, driven by a test asker -----------------------------------------


@dataclass
class RecordingAsker:
    """Answers by question key (else the default) and keeps every question and message."""

    answers: dict[str, object] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    shown: list[Message] = field(default_factory=list)
    keeps_drafts = False

    def _answer(self, key: Key, message: str, default: object) -> object:
        self.questions[key_text(key)] = message
        return self.answers.get(key_text(key), default)

    def text(self, q: TextQ) -> str:
        return str(self._answer(q.key, q.message, q.default))

    def select(self, q: SelectQ) -> str:
        menu = any(option.value == NEXT for option in q.options)  # a stage's menu moves on
        default = NEXT if menu else q.default or q.unanswered  # a weak step is kept
        return str(self._answer(q.key, q.message, default))

    def confirm(self, q: ConfirmQ) -> bool:
        return bool(self._answer(q.key, q.message, q.default))

    def show(self, message: Message) -> None:
        self.shown.append(message)

    def preset(self, name: str) -> str | None:
        return None

    def finish(self) -> None:
        pass

    def secret(self, message: str, *, confirm: bool) -> str:
        raise AssertionError("no passphrase here")


def conversation(
    fw: Frameworks, tmp_path: Path, kind: Kind, answers: dict[str, object], flow: str = "full"
) -> tuple[Conversation, RecordingAsker]:
    store = Store(tmp_path / "sessions")
    who = Person("Sam Green", "p0123456789", [], [])
    session = new_session(fw, Config(), store, who, None, Choices(flow=flow), set())
    session.kind = kind
    session.role = "phase_leader" if kind == "leadership" else "teacher"
    asker = RecordingAsker(answers)
    return Conversation(fw, Config(), store, asker, session, autosave=False), asker


def run_stage(c: Conversation, module: ModuleType) -> str:
    """One stage of the flow, run on its own."""
    index = next(i for i, stage in enumerate(c.stages) if stage.kind == module.KIND)
    return str(module.run(c, c.stages[index], index))


# --- (c) a school's own words reach the conversation ----------------------------------


def test_a_schools_edited_words_reach_the_saved_session_and_the_prompts(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    assert coach("init", str(home)).code == 0
    path = home / "frameworks" / "conversation.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("name: A team meeting they lead", "name: The Tuesday phase meeting"),
        ("    when: When will it happen?", "    when: Which day will they try it?"),
        ('    step: "{first} {stem} …"', '    step: "By the next meeting, {first} {stem} …"'),
        ("stem: will be able to", "stem: can now"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")

    result = coach("session", "start", "--answers", str(FULL))
    assert result.code == 0, result.err
    (saved,) = person_dir(home, "priya-shah").glob("*.yaml")
    data = load(saved).data
    assert data["action_steps"][0]["practice"]["place_name"] == "The Tuesday phase meeting"
    assert data["stem"] == "can now"

    fw = load_frameworks(home / "frameworks")
    answers = {
        "action_steps[0]": "add",
        "action_steps[0].text": "model a think-aloud at the start of each lesson, every week",
        "action_steps[1]": NEXT,
        "action_steps[0].practice.place": "classroom",
    }
    c, asker = conversation(fw, tmp_path, "instructional", answers)
    run_stage(c, action_steps)
    run_stage(c, practice)
    assert asker.questions["action_steps[0].text"] == "By the next meeting, Sam can now …"
    assert asker.questions["action_steps[0].practice.when"] == "Which day will they try it?"
    step = f"Sam can now {answers['action_steps[0].text']}"
    assert [m.title for m in asker.shown if m.text == step] == ["Step 1"]
    assert c.session.step_stem == "can now"


# --- (d) each kind of coaching sees its own example -----------------------------------


@pytest.mark.parametrize(("kind", "own", "other"), [("instructional", 0, 1), ("leadership", 1, 0)])
def test_a_weak_step_shows_the_example_for_the_sessions_kind(
    tmp_path: Path, kind: Kind, own: int, other: int
) -> None:
    fw = load_frameworks(SHIPPED)
    examples = [s["example"] for s in load(SHIPPED / "criteria.yaml").data["sets"]]
    assert [s["kind"] for s in load(SHIPPED / "criteria.yaml").data["sets"]] == [
        "instructional",
        "leadership",
    ]
    answers = {
        "action_steps[0]": "add",
        "action_steps[0].text": "write the team's action plan",
        "action_steps[1]": NEXT,
    }
    c, asker = conversation(fw, tmp_path, kind, answers)
    assert run_stage(c, action_steps) == NEXT
    (panel,) = [m for m in asker.shown if m.style == "hint"]
    words = fw.conversation.questions.action_steps
    assert panel.title == words.weak
    assert fw.hints.rules.one_off_task.message in panel.text
    assert f"Weak:   {examples[own]['weak']}" in panel.text
    assert f"Strong: {examples[own]['strong']}" in panel.text
    assert examples[other]["weak"] not in panel.text
    (step,) = c.session.action_steps
    assert "one_off_task" in step.hints and step.checked


def test_the_schools_hint_words_decide_what_is_weak(tmp_path: Path) -> None:
    folder = tmp_path / "frameworks"
    shutil.copytree(SHIPPED, folder)
    hints = folder / "hints.yaml"
    text = hints.read_text(encoding="utf-8")
    hints.write_text(text.replace("[write, writing,", "[laminate, write, writing,", 1))
    fw = load_frameworks(folder)
    answers = {
        "action_steps[0]": "add",
        "action_steps[0].text": "laminate the seating plans for every class by Friday",
        "action_steps[1]": NEXT,
    }
    c, _ = conversation(fw, tmp_path, "instructional", answers)
    run_stage(c, action_steps)
    assert c.session.action_steps[0].hints == ["one_off_task"]
    c, _ = conversation(load_frameworks(SHIPPED), tmp_path, "instructional", answers)
    run_stage(c, action_steps)
    assert c.session.action_steps[0].hints == []


# --- (e) a bad edit is one line naming file and line ----------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "hints.yaml",
            "    task_nouns: [writing",
            "    task_nounz: [writing",
            "rules.one_off_task.task_nounz: unknown key 'task_nounz' (did you mean 'task_nouns'?)",
        ),
        (
            "conversation.yaml",
            '    role: "{name}\'s role"',
            '    role: "{nmae}\'s role"',
            "questions.context.role: {nmae} is not filled in here; this may use {name}",
        ),
        (
            "conversation.yaml",
            "    - id: team_meeting",
            "    - id: staff_meeting",
            "places.leadership[0].id: the id 'staff_meeting' is used more than once",
        ),
    ],
)
def test_a_bad_edit_of_the_words_is_one_line_with_file_and_line(
    coach: Coach, home: Path, name: str, old: str, new: str, expected: str
) -> None:
    assert coach("init", str(home)).code == 0
    path = home / "frameworks" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1  # the line edited
    result = coach("frameworks", "validate")
    assert result.code == 1 and result.out == ""
    message = result.err.strip()
    assert "\n" not in message and "Traceback" not in message
    assert f"{name}:{line}: {expected}" in message, message
