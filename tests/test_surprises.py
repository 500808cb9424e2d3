"""The small surprises of everyday use (#20), met the way a new coach meets them: a
mistyped command, a framework file with a mistake in it, a workspace in an unexpected
place, a name that matches no one, a YAML typo. Every one is one plain line, and what
was saved is still shown."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coachcli.conversation.asking import ConfirmQ, Message, SelectQ, TextQ
from tests.conftest import Coach, Result
from tests.test_coaching import Person
from tests.test_workspace import outside_every_workspace

REPO = Path(__file__).resolve().parents[1]
FULL = REPO / "examples" / "answers-full.yaml"
QUICK = REPO / "examples" / "answers-quick.yaml"
COACH = str(Path(sys.executable).with_name("coach"))


def one_line(result: Result) -> str:
    """The error a command printed: exactly one line on stderr, in the house's shape."""
    assert result.err.count("\n") == 1 and result.err.endswith("\n"), result.err
    assert result.err.startswith("coach: "), result.err
    assert "Usage:" not in result.err and "Traceback" not in result.err
    return result.err.strip()


# --- a mistyped command, option or value ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["sesion"], 'no command "sesion"; did you mean "session"?'),
        (["sesion", "list"], 'no command "sesion"; did you mean "session"?'),
        (["session", "strat"], 'no command "session strat"; did you mean "session start"?'),
        (["frameworks", "valdate"], 'did you mean "frameworks validate"?'),
        (["follwup"], 'did you mean "followup"?'),
        (["xyzzy"], 'no command "xyzzy"; `coach --help` lists them'),
        (
            ["session", "list", "--coachhe", "Tom"],
            'no option "--coachhe" for coach session list; did you mean "--coachee"?',
        ),
        (["export", "--include-privat", "x"], 'did you mean "--include-private"?'),
        (["session", "list", "--home", "x"], "put --home before the command: coach --home"),
        (["session", "show"], "missing ID: coach session show ID"),
        (["frameworks", "show"], "missing NAME: coach frameworks show NAME [ITEM]"),
        (["session", "show", "x", "--revision", "two"], "--revision needs a whole number"),
        (["session", "show", "x", "--revision", "0"], "--revision must be 1 or more, not 0"),
        (["session", "start", "--flow"], "--flow needs a value after it"),
        (["session", "list", "extra"], 'coach session list does not take "extra"'),
        (["session", "list", "--all=yes"], "--all takes no value"),
    ],
)
def test_a_mistyped_command_option_or_value_is_one_line_and_exit_2(
    coach: Coach, home: Path, args: list[str], said: str
) -> None:
    result = coach(*args)
    assert result.code == 2, result
    assert said in one_line(result)
    assert result.out == ""
    assert not home.exists(), "a command line that cannot run touches nothing"


def test_the_installed_command_says_it_the_same_way() -> None:
    done = subprocess.run([COACH, "sesion"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == 'coach: no command "sesion"; did you mean "session"?\n'
    version = subprocess.run([COACH, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and version.stdout.startswith("coach ")


def test_a_bad_coach_now_is_one_line_naming_the_variable(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_NOW", "garbage")
    result = coach("session", "start", "--answers", str(QUICK))
    assert result.code == 1
    assert "COACH_NOW must be a date and time like 2026-03-02T09:30, not 'garbage'" in one_line(
        result
    )


# --- a framework file with a mistake: what was saved still shows -------------------------


def saved_id(home: Path) -> str:
    (path,) = [p for p in (home / "sessions").rglob("*.yaml") if "_drafts" not in p.parts]
    return path.stem[11:]


def test_a_typo_in_flows_yaml_leaves_every_read_only_command_working(
    coach: Coach, home: Path
) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    session_id = saved_id(home)
    flows = home / "frameworks" / "flows.yaml"
    text = flows.read_text(encoding="utf-8")
    flows.write_text(text.replace("skill: rapport", "skill: raport", 1), encoding="utf-8")
    for args in (
        ["followup", "Priya Shah"],
        ["followup"],
        ["export", session_id],
        ["export", "--coachee", "Priya"],
        ["session", "show", session_id],
        ["session", "list"],
    ):
        result = coach(*args)
        assert result.code == 0, (args, result.err)
        assert "Priya" in result.out, args
        note = one_line(result)
        assert str(flows) in note and "`coach frameworks validate`" in note, note
    refused = coach("session", "start", "--answers", str(QUICK))
    assert refused.code == 1 and "flows.yaml:" in refused.err and "raport" in refused.err
    flows.write_text(text, encoding="utf-8")
    assert coach("followup", "Priya Shah").err == "", "once fixed, nothing more is said"


def test_a_broken_bar_shows_the_labels_the_session_saved(coach: Coach, home: Path) -> None:
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    session_id = saved_id(home)
    bar = home / "frameworks" / "bar.yaml"
    bar.write_text("framework: bar\ntitle: Our bar: draft\n", encoding="utf-8")
    shown = coach("session", "show", session_id)
    assert shown.code == 0
    assert "Phase leader" in shown.out and "phase_leader" not in shown.out
    assert str(bar) in one_line(shown)
    exported = coach("export", session_id)
    assert exported.code == 0 and "| Role | Phase leader |" in exported.out
    checked = coach("frameworks", "validate")
    assert checked.code == 1
    assert "bar.yaml:2: not valid YAML: a colon inside text without quotes" in one_line(checked)


# --- where the workspace is --------------------------------------------------------------


def test_init_ends_with_the_exact_next_command(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COACH_HOME")
    made = coach("init", "our coaching")
    assert made.code == 0
    assert made.out.endswith("  cd 'our coaching'\n  coach session start\n"), made.out
    monkeypatch.chdir(tmp_path / "our coaching")  # what the coach types next
    assert "this folder holds coach.yaml" in coach("where").out

    again = coach("init")  # here: nothing to cd to
    assert again.out.endswith("hold a session:\n  coach session start\n"), again.out

    monkeypatch.setenv("COACH_HOME", str(tmp_path / "elsewhere"))
    other = coach("init", str(tmp_path / "second"))
    assert other.out.endswith(
        f"  export COACH_HOME={tmp_path / 'second'}\n  coach session start\n"
    ), other.out


def test_where_makes_nothing_and_the_user_data_folder_is_named_once(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("COACH_HOME")
    monkeypatch.chdir(outside_every_workspace(tmp_path))
    data = platformdirs.user_data_path("coachcli", appauthor=False)
    where = coach("where")
    assert where.code == 0 and f"workspace:  {data}" in where.out
    assert "your user data folder" in where.out and "not made yet: `coach init" in where.out
    assert not data.exists(), "asking which workspace is in use makes nothing"
    assert not any(data.parent.iterdir())

    first = coach("session", "list")
    assert first.code == 0 and first.out.startswith("No sessions yet")
    assert f"made a new workspace in your user data folder, {data}," in one_line(first)
    assert coach("session", "list").err == "", "said once, when it is made"


@dataclass
class Watcher(Person):
    """A person at the terminal who notes every screen and question, and stops (Ctrl-C)
    at the first question unless told to answer."""

    questions: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    answer: bool = False

    def _asked(self, message: str) -> None:
        self.questions.append(message)
        if not self.answer:
            raise KeyboardInterrupt

    def text(self, q: TextQ) -> str:
        self._asked(q.message)
        return super().text(q)

    def select(self, q: SelectQ) -> str:
        self._asked(q.message)
        return super().select(q)

    def confirm(self, q: ConfirmQ) -> bool:
        self._asked(q.message)
        return super().confirm(q)

    def show(self, message: Message) -> None:
        self.messages.append(message)
        super().show(message)


def test_session_start_names_a_workspace_that_is_not_the_one_here(
    coach: Coach, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Watcher()
    stopped = coach("session", "start", terminal=lambda: person)
    assert stopped.code == 130 and person.questions == ["Who are you coaching?"]
    assert person.messages[0].text == f"Workspace: {home}, set by COACH_HOME."

    monkeypatch.delenv("COACH_HOME")
    monkeypatch.chdir(home)  # the workspace here: nothing to say
    person = Watcher()
    assert coach("session", "start", terminal=lambda: person).code == 130
    assert not [m for m in person.messages if m.text.startswith("Workspace:")]


# --- option errors before any question ------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--flow", "quik"], "no flow called 'quik'; choose one of full, quick"),
        (["--role", "janitor"], "no role 'janitor' in the bar; choose one of"),
        (["--kind", "pastoral"], "--kind must be leadership or instructional"),
        (["--answers", "missing.yaml"], "missing.yaml"),
    ],
)
def test_an_option_error_comes_before_any_question(
    coach: Coach, home: Path, args: list[str], said: str
) -> None:
    assert coach("session", "start", "--answers", str(QUICK)).code == 0  # someone to pick
    person = Watcher()
    result = coach("session", "start", *args, terminal=lambda: person)
    assert result.code == 1 and said in one_line(result)
    assert person.questions == [], "the coachee picker never came up"


def test_an_answers_file_with_an_unknown_flow_is_refused_before_the_coachee(
    coach: Coach, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    text = QUICK.read_text(encoding="utf-8").replace("flow: quick", "flow: quik")
    answers.write_text(text.replace("coachee: Tom Reid", "coachee: Tom Ried"), encoding="utf-8")
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    result = coach("session", "start", "--answers", str(answers))
    assert result.code == 1 and "no flow called 'quik'" in one_line(result)


def test_a_resumed_session_prints_its_id_when_it_is_finished(coach: Coach, home: Path) -> None:
    person = Watcher(answer=True)

    def stop_at_second_stage(message: Message) -> None:
        Watcher.show(person, message)
        if len([m for m in person.messages if m.style == "header"]) == 2:
            raise KeyboardInterrupt

    person.show = stop_at_second_stage  # type: ignore[method-assign]
    args = ("session", "start", "--coachee", "Sam Green", "--flow", "quick", "--role", "teacher")
    stopped = coach(*args, terminal=lambda: person)
    assert stopped.code == 130, stopped.err
    (draft,) = (home / "sessions").rglob("_drafts/*.yaml")
    draft_id = draft.stem[11:]
    resumed = coach("session", "resume", terminal=lambda: Watcher(answer=True))
    assert resumed.code == 0, resumed.err
    assert f"id: {draft_id}   (coach session show {draft_id})" in resumed.out


# --- no one of that name -------------------------------------------------------------------


def test_a_filter_that_matches_no_one_names_the_closest(coach: Coach, home: Path) -> None:
    assert coach("session", "list").out.startswith("No sessions yet")  # empty: friendly, 0
    assert coach("followup").code == 0
    assert coach("session", "start", "--answers", str(QUICK)).code == 0
    for args in (
        ["session", "list", "--coachee", "Tom Ried"],
        ["followup", "Tom Ried"],
        ["export", "--coachee", "Tom Ried"],
    ):
        result = coach(*args)
        assert result.code == 1, args
        assert one_line(result) == "coach: no one called 'Tom Ried'; did you mean Tom Reid?"
    far = coach("session", "list", "--coachee", "Zebedee")
    assert far.code == 1 and "`coach followup` lists everyone you coach" in one_line(far)
    first_name = coach("session", "list", "--coachee", "tom")
    assert first_name.code == 0 and "Tom Reid" in first_name.out


# --- YAML mistakes in plain words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "title: Coaching conversation flows",
            "title: Coaching: conversation flows",
            "a colon inside text without quotes: put the whole value in",
        ),
        (
            "title: Coaching conversation flows",
            'title: "Coaching conversation flows',
            'a quote (") that is never closed',
        ),
        ("format_version: 1", "format_version: 1\n\trevision: x", "a tab used for indentation"),
        ("format_version: 1", "format_version: 1\n  oops: 2", "a colon where none was expected"),
        ("format_version: 1", "format_version: 1\nformat_version: 1", "appears twice: keep one"),
        (
            "title: Coaching conversation flows",
            'title: "Coaching" conversation flows',
            "text after a closing quote",
        ),
    ],
)
def test_a_yaml_mistake_is_named_in_plain_words_with_its_line(
    coach: Coach, home: Path, old: str, new: str, said: str
) -> None:
    assert coach("init", str(home)).code == 0
    flows = home / "frameworks" / "flows.yaml"
    text = flows.read_text(encoding="utf-8")
    assert old in text
    at = text[: text.index(old)].count("\n") + 1
    flows.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = coach("frameworks", "validate")
    assert result.code == 1
    message = one_line(result)
    assert said in message, message
    assert "mapping values" not in message and "scanning" not in message
    line = int(message.split("flows.yaml:")[1].split(":")[0])
    assert line in (at, at + 1), message  # the line of the mistake (or the one it spoils)


def test_an_answers_file_from_a_newer_coachcli_asks_for_an_upgrade(
    coach: Coach, tmp_path: Path
) -> None:
    newer = tmp_path / "answers.yaml"
    text = (Path(__file__).resolve().parents[1] / "examples" / "answers-quick.yaml").read_text()
    newer.write_text("format_version: 2\n" + text.replace("format_version: 1\n", ""))
    result = coach("session", "start", "--answers", str(newer))
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert "upgrade coachcli" in result.err and "answers file format 2" in result.err


def test_a_name_in_two_words_without_quotes_says_to_quote_it(coach: Coach) -> None:
    for args, said in (
        (("followup", "tom", "reid"), 'coach followup "tom reid"'),
        (("forget", "tom", "reid"), 'coach forget "tom reid"'),
        (("export", "--coachee", "tom", "reid"), '--coachee "tom reid"'),
    ):
        result = coach(*args)
        assert result.code != 0 and len(result.err.strip().splitlines()) == 1, result.err
        assert said in result.err and "quotes" in result.err
