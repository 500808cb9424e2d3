"""The conversation engine on its own, driven by a test asker: no terminal, no files read."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from coachcli.conversation.asking import NEXT, ConfirmQ, Key, Message, SelectQ, TextQ
from coachcli.conversation.engine import Conversation
from coachcli.conversation.start import Choices, new_session
from coachcli.records.frameworks import load_frameworks
from coachcli.records.settings import Config
from coachcli.records.yamlio import loc_text as key_text
from coachcli.store.people import Person
from coachcli.store.sessions import Store

REPO = Path(__file__).resolve().parents[1]


@dataclass
class QueueAsker:
    """Answers by question key; anything not given takes the question's default."""

    answers: dict[str, object]
    asked: list[str] = field(default_factory=list)
    shown: list[Message] = field(default_factory=list)

    def _answer(self, key: Key, default: object) -> object:
        name = key_text(key)
        self.asked.append(name)
        return self.answers.get(name, default)

    def text(self, q: TextQ) -> str:
        return str(self._answer(q.key, q.default))

    def select(self, q: SelectQ) -> str:
        menu = any(option.value == NEXT for option in q.options)  # a stage's menu moves on
        return str(self._answer(q.key, NEXT if menu else q.default))

    def confirm(self, q: ConfirmQ) -> bool:
        if q.default is None:  # no default: a person must say yes or no
            assert key_text(q.key) in self.answers, f"{key_text(q.key)} has no default"
        return bool(self._answer(q.key, q.default))

    def show(self, message: Message) -> None:
        self.shown.append(message)

    keeps_drafts = False

    def preset(self, name: str) -> str | None:
        return None

    def finish(self) -> None:
        pass

    def secret(self, message: str, *, confirm: bool) -> str:
        raise AssertionError("no passphrase in these tests")


def test_the_engine_walks_a_flow_through_any_asker(tmp_path: Path) -> None:
    fw = load_frameworks(REPO / "frameworks")
    store = Store(tmp_path / "sessions")
    who = Person("Tom Reid", "p0123456789", [], [])
    session = new_session(fw, Config(), store, who, None, Choices(flow="quick"), set())
    asker = QueueAsker(
        {
            "role": "teacher",
            "kind": "instructional",
            "focus": "checking-understanding",
            "notes.checkin[0]": "note",
            "notes.checkin[0].note": "Lost the thread on ratio",
            "action_steps[0]": "add",
            "action_steps[0].text": "use mini whiteboards to check every pupil, each lesson",
            **{
                f"action_steps[0].criteria.{criterion}": True
                for criterion in ("highest_leverage", "narrow", "specific", "transferable")
            },
            "action_steps[1]": "next",
            "close.next_meeting": "2026-12-01",
        }
    )
    done = Conversation(fw, Config(), store, asker, session, autosave=False).run()
    assert done.stages["checkin"].notes[0].text == "Lost the thread on ratio"
    assert {c.id: c.met for c in done.action_steps[0].criteria} == {
        "highest_leverage": True,
        "narrow": True,
        "specific": True,
        "transferable": True,
    }
    assert done.action_steps[0].criteria[0].name == "Highest leverage"
    assert str(done.close.next_meeting) == "2026-12-01"
    headers = [m.title for m in asker.shown if m.style == "header"]
    assert headers and "stage 1 of 5: Context" in (headers[0] or "")
    assert not (tmp_path / "sessions").exists(), "autosave off: nothing written"


def test_the_engine_imports_no_terminal_library() -> None:
    code = (
        "import sys, coachcli.conversation.engine, coachcli.store.sessions,"
        " coachcli.records.session, coachcli.store.workspace;"
        "print(sorted(m for m in ('typer', 'questionary', 'rich', 'prompt_toolkit')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
