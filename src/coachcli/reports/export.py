"""Markdown summaries of sessions and of a coachee's whole journey.

The layout lives in Jinja templates: the packaged ones in ``coachcli/templates``, or a
workspace's own in ``<workspace>/templates`` with the same name, which wins. Every
value a template prints is escaped for markdown unless it is marked safe, so text a
coach typed (``|``, ``*``, ``#``, backticks, ``<script>``, a leading ``-``) can neither
break the layout nor inject HTML. Private notes are removed before a template sees
the session, unless the coach asks for them.
"""

from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.dates import relative
from coachcli.errors import CoachError
from coachcli.records.session import Session
from coachcli.records.vocabulary import STATUS_LABELS, humane, place_label

if TYPE_CHECKING:
    from coachcli.store.people import Person

PACKAGED = Path(__file__).with_name("templates")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_LINE_START = re.compile(r"^([#+=-])")
_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&!])")


class Safe(str):
    """Text already written as markdown: printed as it is."""


def escape(text: str, *, cell: bool = False) -> str:
    """Markdown for literal text: every character that means something is escaped.

    Lines keep their breaks (as hard line breaks); in a table cell they are joined.
    """
    lines = []
    for raw in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPECIAL.sub(r"\\\1", raw.strip())
        line = _LIST_NUMBER.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", line))
        lines.append(line)
    if cell:
        return " / ".join(line for line in lines if line) or " "
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(p) for p in paragraphs if p)


def _finalize(value: Any) -> str:
    if isinstance(value, Safe):
        return value
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return long_date(value)
    return escape(str(value))


def long_date(day: dt.date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "not set"


def _block(text: Any, indent: int = 0) -> Safe:
    """Escaped text whose continuation lines are indented (inside a list item)."""
    escaped = escape("" if text is None else str(text))
    return Safe(escaped.replace("\n", "\n" + " " * indent))


def _cell(text: Any) -> Safe:
    return Safe(escape("" if text is None else str(text), cell=True))


@dataclass
class Context:
    """What templates can use besides the sessions themselves: the labels each session
    saved beside its ids (so an export never needs ``frameworks/``), and today."""

    today: dt.date
    labels: dict[str, str]

    @classmethod
    def of(cls, sessions: list[Session], today: dt.date) -> Context:
        labels: dict[str, str] = {}

        def keep(kind: str, key: str | None, label: str | None) -> None:
            if key and label:
                labels[f"{kind}:{key}"] = label

        for s in sessions:
            keep("role", s.role, s.role_name)
            keep("flow", s.flow, s.flow_title)
            for e in s.evidence:
                keep("source", e.source, e.source_name)
            for step in s.action_steps:
                keep("set", step.criteria_set, step.criteria_set_name)
                for c in step.criteria:
                    keep("criterion", f"{step.criteria_set}/{c.id}", c.name)
                if step.practice:
                    keep("place", step.practice.place, step.practice.place_name)
        return cls(today, labels)

    def _label(self, kind: str, key: str | None, fallback: str) -> str:
        return self.labels.get(f"{kind}:{key}") or (humane(key) if key else fallback)

    def role(self, role_id: str | None) -> str:
        return self._label("role", role_id, "no role")

    def flow(self, flow_id: str) -> str:
        return self._label("flow", flow_id, "conversation")

    def criterion(self, set_id: str | None, criterion_id: str) -> str:
        return self.labels.get(f"criterion:{set_id}/{criterion_id}") or humane(criterion_id)

    def criteria_set(self, set_id: str | None) -> str:
        return self._label("set", set_id, "criteria")

    def source(self, source_id: str) -> str:
        return self._label("source", source_id, "")

    def place(self, place_id: str | None) -> str:
        found = self.labels.get(f"place:{place_id}")
        return found or place_label(place_id) or ""


def without_private(session: Session) -> Session:
    copy = deepcopy(session)
    for record in copy.stages.values():
        record.notes = [note for note in record.notes if not note.private]
    return copy


def _environment(workspace_templates: Path | None, ctx: Context | None = None) -> Any:
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from coachcli.errors import CoachError
    from coachcli.store.files import private_dir
    from coachcli.store.workspace import cache_dir

    paths = [str(p) for p in (workspace_templates, PACKAGED) if p is not None and p.is_dir()]
    try:  # compiled templates, keyed by their source: compiling took half an export
        compiled: FileSystemBytecodeCache | None = FileSystemBytecodeCache(
            str(private_dir(cache_dir() / "templates"))
        )
    except CoachError:
        compiled = None
    env = SandboxedEnvironment(
        loader=FileSystemLoader(paths),
        bytecode_cache=compiled,
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        block=_block,
        cell=_cell,
        date=long_date,
        relative=lambda day, today: relative(day, today) if day else "",
        place=ctx.place if ctx is not None else (lambda place: place_label(place) or ""),
        status=lambda status: STATUS_LABELS.get(status, status),
        safe_md=Safe,
    )
    return env


def render(
    template: str,
    workspace_templates: Path | None,
    **values: Any,
) -> str:
    """Render a template by name; a broken template is one clear line."""
    from jinja2 import TemplateError, TemplateSyntaxError

    env = _environment(workspace_templates, values.get("ctx"))
    try:
        text: str = env.get_template(template).render(**values)
    except TemplateSyntaxError as problem:
        where = f"{problem.filename or template}:{problem.lineno}"
        raise CoachError(f"{where}: template error: {problem.message}") from None
    except TemplateError as problem:
        raise CoachError(f"{template}: template error: {problem}") from None
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def session_markdown(
    session: Session, ctx: Context, workspace_templates: Path | None, *, private: bool
) -> str:
    shown = session if private else without_private(session)
    return render("session.md.j2", workspace_templates, s=shown, ctx=ctx, private=private)


@dataclass
class StepLife:
    """One action step across a coachee's sessions."""

    text: str
    set_in: Session
    events: list[tuple[Session, str]]
    status: str


def journey_markdown(
    who: Person, ctx: Context, workspace_templates: Path | None, *, private: bool
) -> str:
    sessions = [s if private else without_private(s) for s in who.sessions]
    lives: dict[str, StepLife] = {}
    for session in sessions:
        for step in session.action_steps:
            if step.id not in lives:
                lives[step.id] = StepLife(step.text, session, [], step.status)
            life = lives[step.id]
            life.text, life.status = step.text, step.status
            review = next((r for r in session.followup if r.step == step.id), None)
            if review is not None:
                life.events.append((session, review.status))
    current = {state.step.id: state.status for state in who.steps()}
    for step_id, status in current.items():
        if step_id in lives:
            lives[step_id].status = status
    focus_items: dict[str, tuple[str, list[int]]] = {}
    for session in sessions:
        if session.focus:
            _title, numbers = focus_items.setdefault(session.focus.id, (session.focus.title, []))
            numbers.append(session.number)
    return render(
        "journey.md.j2",
        workspace_templates,
        who=who,
        sessions=sessions,
        steps=list(lives.values()),
        focus_items=list(focus_items.values()),
        ctx=ctx,
        private=private,
    )
