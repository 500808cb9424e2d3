"""Markdown summaries of sessions and of a coachee's whole journey.

The layout lives in Jinja templates: the packaged ones in ``coachcli/templates``, or a
workspace's own in ``<workspace>/templates`` with the same name, which wins. Every
value a template prints is escaped for markdown unless it is marked safe, so text a
coach typed (``|``, ``*``, ``#``, backticks, ``<script>``, a leading ``-``) can neither
break the layout nor inject HTML.

A template is given plain, frozen data built from an allow-list (``reports/shown.py``),
with private notes already left out unless the coach asks for them; it runs in Jinja's
sandbox and can load only ``.j2`` files that really are inside a templates folder (a
link to a session file is refused). So a template planted in a workspace can change
the layout but cannot print what the export leaves out.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.dates import relative
from coachcli.errors import CoachError, FileProblem
from coachcli.records.vocabulary import STATUS_LABELS
from coachcli.reports.shown import Context, journey_shown, session_shown

if TYPE_CHECKING:
    from coachcli.records.session import Session
    from coachcli.store.people import Person

__all__ = ["Context", "escape", "journey_markdown", "render", "session_markdown"]

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


TEMPLATE_LIMIT = 256 * 1024
"""A template larger than this is not a template coachcli would read."""


def _loader(paths: list[str]) -> Any:
    """A loader of ``.j2`` files really inside one of ``paths`` (a link planted in
    ``templates/`` could point at a session), read only if they are regular files of
    at most TEMPLATE_LIMIT bytes (a pipe or a device is named, never waited on)."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    from coachcli.records.yamlio import read_bytes

    roots = [Path(p).resolve() for p in paths]

    class InsideOnly(BaseLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            pieces = split_template_path(template)
            for root in roots:
                path = root.joinpath(*pieces)
                if not os.path.lexists(path):
                    continue
                real = path.resolve()
                if real.suffix != ".j2" or not real.is_relative_to(root):
                    raise TemplateNotFound(template)
                try:
                    source = read_bytes(real, TEMPLATE_LIMIT).decode("utf-8")
                except UnicodeDecodeError:
                    raise FileProblem(real, "template error: not UTF-8 text") from None
                except FileProblem as problem:
                    raise FileProblem(real, f"template error: {problem.detail}") from None
                return source, str(real), functools.partial(_unchanged, real, _mtime(real))
            raise TemplateNotFound(template)

    return InsideOnly()


def _unchanged(path: Path, mtime: float | None) -> bool:
    return _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _environment(workspace_templates: Path | None, ctx: Context) -> Any:
    from jinja2 import FileSystemBytecodeCache, StrictUndefined

    from coachcli.reports.sandbox import LimitedEnvironment
    from coachcli.store.files import private_dir
    from coachcli.store.workspace import cache_dir

    paths = [str(p) for p in (workspace_templates, PACKAGED) if p is not None and p.is_dir()]
    try:  # compiled templates, keyed by their source: compiling took half an export
        compiled: FileSystemBytecodeCache | None = FileSystemBytecodeCache(
            str(private_dir(cache_dir() / "templates")), "limited-1-%s.cache"
        )  # the name says what compiled it: only code compiled with the limits runs
    except CoachError:
        compiled = None
    env = LimitedEnvironment(
        loader=_loader(paths),
        bytecode_cache=compiled,
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.add_filters(
        block=_block,
        cell=_cell,
        date=long_date,
        time=lambda moment: f"{moment:%H:%M}" if moment else "",
        relative=lambda day, today: relative(day, today) if day else "",
        place=ctx.place,
        status=lambda status: STATUS_LABELS.get(status, status),
        safe_md=Safe,
    )
    return env


OLD_TEMPLATE = (
    " (a template copied from an older coachcli: labels are in the data now, such as"
    " s.role_name for ctx.role(s.role); copy the packaged template again)"
)


def render(template: str, workspace_templates: Path | None, ctx: Context, **values: Any) -> str:
    """Render a template by name with plain ``values`` (and ``today``); a broken
    template is one clear line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    env = _environment(workspace_templates, ctx)
    try:
        text = "".join(env.get_template(template).generate(today=ctx.today, **values))
    except TemplateSyntaxError as problem:
        where = f"{problem.filename or template}:{problem.lineno}"
        raise CoachError(f"{where}: template error: {problem.message}") from None
    except TemplateNotFound as problem:
        raise CoachError(
            f"{template}: template error: no template {problem.name!r} inside the templates folder"
        ) from None
    except TemplateError as problem:
        hint = OLD_TEMPLATE if "'ctx' is undefined" in str(problem) else ""
        raise CoachError(f"{template}: template error: {problem}{hint}") from None
    except (ArithmeticError, LookupError, RecursionError, TypeError, ValueError) as problem:
        # a template's own mistake (a macro given too many values, dividing by zero)
        raise CoachError(f"{template}: template error: {problem}") from None
    except MemoryError:
        raise CoachError(
            f"{template}: template error: it needed more memory than there is"
        ) from None
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def session_markdown(
    session: Session, ctx: Context, workspace_templates: Path | None, *, private: bool
) -> str:
    """One session; private notes only with ``private``. The template is given plain
    data (``reports/shown.py``), never the record."""
    shown = session_shown(session, ctx, private=private)
    return render("session.md.j2", workspace_templates, ctx, s=shown, private=private)


def journey_markdown(
    who: Person, ctx: Context, workspace_templates: Path | None, *, private: bool
) -> str:
    """A coachee's whole journey; private notes only with ``private``."""
    shown = journey_shown(who, ctx, private=private)
    return render(
        "journey.md.j2",
        workspace_templates,
        ctx,
        who=shown.who,
        sessions=shown.sessions,
        steps=shown.steps,
        focus_items=shown.focus_items,
        library=shown.library,
        private=private,
    )
