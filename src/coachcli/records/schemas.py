"""JSON Schemas of the files a person edits, for editors and other tools.

Each schema is made from the pydantic model that validates the file (frameworks,
sessions, progress and person records, ``coach.yaml``, answers files), so the two cannot
disagree. coachcli reads every YAML scalar as text and converts it where a model asks
for a number, a date or a yes/no; an editor reads YAML types instead. pydantic's
validation-mode schema fits both: ``format_version: 1`` is a number, ``critical:
true`` a boolean and ``revision: "2026.1"`` text, as a person would write them.

``coach init`` writes the schemas into ``frameworks/schemas/`` and every shipped
framework file starts with :data:`SCHEMA_LINE`, which editors using
yaml-language-server (VS Code's YAML extension and others) follow to check the file
as it is typed. ``scripts/schemas.py`` regenerates the repository's copies.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from coachcli import portable
from coachcli.errors import CoachError
from coachcli.records.frameworks import KINDS

NAMES = (*KINDS, "session", "progress", "person", "config", "answers")
"""Every file that has a schema: the framework kinds first."""

WRITTEN = (*KINDS, "session", "config", "answers")
"""The schemas written into a workspace's ``frameworks/schemas/`` folder."""

Writer = Callable[[Path, str], None]
"""Writes one schema file: ``write(path, text)``."""

SCHEMA_LINE = "# yaml-language-server: $schema=schemas/{kind}.json"
"""The first line of a framework file: where an editor finds its schema."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema version pydantic writes."""


def schema_line(kind: str) -> str:
    """``# yaml-language-server: $schema=schemas/bar.json`` for ``bar``."""
    return SCHEMA_LINE.format(kind=kind)


def _model(name: str) -> type[BaseModel]:
    if name not in NAMES:
        raise CoachError(f"no schema called {name!r}; choose one of {', '.join(NAMES)}")
    if name == "session":
        from coachcli.records.session import Session

        return Session
    if name == "progress":
        from coachcli.records.session import ProgressRecord

        return ProgressRecord
    if name == "person":
        from coachcli.records.person import PersonRecord

        return PersonRecord
    if name == "config":
        from coachcli.records.settings import Config

        return Config
    if name == "answers":
        from coachcli.records.answers import AnswersFile

        return AnswersFile
    from coachcli.records.frameworks import _MODELS

    return _MODELS[name]


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (validation mode) of the file called ``name``, one of NAMES."""
    found = _model(name).model_json_schema(mode="validation")
    found.pop("$id", None)  # the schema is found by path, not by a URL
    return {"$schema": DIALECT, **found}


@functools.cache
def schema_text(name: str) -> str:
    """The schema as stable JSON text: sorted keys, two-space indents, a last newline."""
    return json.dumps(schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _replace(path: Path, text: str) -> None:
    """A whole new file in place of the old one (readable by all: schemas hold no data)."""
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")  # the same bytes on Windows
        portable.chmod(tmp, 0o644)
        portable.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_schemas(folder: Path, write: Writer | None = None) -> list[str]:
    """Write ``folder/<name>.json`` for each of WRITTEN where it is missing or differs
    from what the models make now; the names of the files written. ``write`` writes a
    file (the store passes its atomic write); without it, a plain replace."""
    write = write or _replace
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in WRITTEN:
        path = folder / f"{name}.json"
        text = schema_text(name)
        try:
            current: str | None = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            write(path, text)
            written.append(path.name)
    return written
