"""The coach's own reflections: one file each in ``sessions/_reflections/``, written
once, atomically and privately, and sealed like every other file there when encryption
is on.

The folder is the coach's alone: the index, the listings, the overview and a coachee's
export never read it. A reflection names a coachee only by a session id; `coach forget`
calls :func:`forget_people` so that none of it (the link, or their name in a note)
outlives the person's own files, in the sessions folder and in every backup of it.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError, FileProblem
from coachcli.store.files import atomic_write, private_dir
from coachcli.store.names import REFLECTION_SUFFIX, REFLECTIONS

if TYPE_CHECKING:
    import datetime as dt

    from coachcli.records.reflection import Reflection
    from coachcli.store.crypto import Cipher
    from coachcli.store.sessions import Store

HEADER = "# A coach's reflection on their own practice (coach reflect). Private to the coach.\n"
REMOVED = "[name removed]"


def folder_of(store: Store) -> Path:
    return store.folder / REFLECTIONS


def is_reflection(path: Path) -> bool:
    return path.name.endswith(REFLECTION_SUFFIX) and not path.name.startswith(".")


def new_id(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d-%H%M%S}-{os.urandom(2).hex()}"


def file_text(reflection: Reflection) -> str:
    """What a reflection looks like on disk, checked to read back before it is written."""
    from pydantic import ValidationError

    from coachcli.records.validation import first_problem
    from coachcli.records.yamlio import dumps

    data = reflection.to_data()
    try:
        type(reflection).model_validate(data)
    except ValidationError as problem:
        raise first_problem(type(reflection), problem, "the reflection to save", None) from None
    return HEADER + dumps(data)


def save(store: Store, reflection: Reflection) -> Path:
    """Write a new reflection under its own name (never over another)."""
    folder = private_dir(folder_of(store))
    path = folder / f"{reflection.id}{REFLECTION_SUFFIX}"
    text = file_text(reflection)
    with store.locked():
        atomic_write(path, text, new=True, cipher=store.cipher)
    return path


def read(path: Path, cipher: Cipher | None) -> Reflection:
    from coachcli.records.reflection import Reflection
    from coachcli.records.validation import convert
    from coachcli.records.yamlio import load

    source = load(path, cipher.unseal if cipher else None)
    if not isinstance(source.data, dict):
        raise FileProblem(path, "must be a mapping of keys", 1)
    return convert(Reflection, source.data, path, source)


def paths(folder: Path) -> list[Path]:
    try:
        return sorted(folder / n for n in os.listdir(folder) if is_reflection(Path(n)))
    except (FileNotFoundError, NotADirectoryError):
        return []


def reflections(store: Store) -> list[tuple[Path, Reflection]]:
    """Every reflection, oldest first; a file that cannot be read is one plain line."""
    found = [(path, read(path, store.cipher)) for path in paths(folder_of(store))]
    return sorted(found, key=lambda pair: (pair[1].reflected, pair[1].id))


def problems(store: Store) -> tuple[int, list[str]]:
    """For `coach doctor`: how many reflections there are, and each that cannot be read."""
    found = paths(folder_of(store))
    lines = []
    for path in found:
        try:
            read(path, store.cipher)
        except CoachError as problem:
            lines.append(str(problem))
    return len(found), lines


def about_session(store: Store, session_id: str) -> list[Reflection]:
    return [r for _, r in reflections(store) if r.session == session_id]


# --- coach forget -----------------------------------------------------------------------


def _who(files: list[Path], cipher: Cipher | None) -> tuple[set[str], set[str]]:
    """The session ids and names held in the files of the people being forgotten."""
    from coachcli.records.session import ProgressRecord, Session
    from coachcli.store.reading import read_any

    ids: set[str] = set()
    names: set[str] = set()
    for path in files:
        if not path.name.endswith((".yaml", ".yaml.edit")) or is_reflection(path):
            continue
        try:
            item, _ = read_any(path, cipher)
        except CoachError:
            continue
        names.add(item.coachee)
        if isinstance(item, Session):
            ids.add(item.id)
        elif isinstance(item, ProgressRecord):
            ids.add(item.after_session)
    return ids, names


def _name_pattern(names: set[str]) -> re.Pattern[str] | None:
    """Each whole name, and each part of it of two letters or more, as a whole word."""
    parts = set()
    for name in names:
        parts.add(" ".join(name.split()))
        parts.update(part for part in name.split() if len(part) >= 2)
    if not parts:
        return None
    longest = sorted(parts, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in longest) + r")(?!\w)", re.I)


def _scrubbed(reflection: Reflection, ids: set[str], pattern: re.Pattern[str] | None) -> bool:
    """Remove the link to a forgotten session and every mention of the names; whether
    anything changed. ``ids`` holds each session's id as it was before encryption
    renamed it too."""
    changed = False
    if reflection.session is not None and reflection.session in ids:
        reflection.session = None
        reflection.session_date = None
        reflection.evidence = None  # drawn from their session: it goes with the link
        changed = True
    if pattern is None:
        return changed
    for rating in reflection.ratings():
        if rating.note and pattern.search(rating.note):
            rating.note = pattern.sub(REMOVED, rating.note)
            changed = True
    if reflection.next and pattern.search(reflection.next):
        reflection.next = pattern.sub(REMOVED, reflection.next)
        changed = True
    return changed


def forget_people(
    roots: list[Path], store: Store, files: list[Path]
) -> tuple[list[Path], list[str]]:
    """Scrub the people whose ``files`` are about to be erased from every reflection in
    ``roots`` (the sessions folder and its backups): the reflections rewritten, and
    those that could not be read (each with why). Run before the files are removed
    (they say which sessions and names to look for)."""
    ids, names = _who(files, store.cipher)
    pattern = _name_pattern(names)
    if store.cipher is not None:  # a reflection made before encryption holds the old id
        from coachcli.store.anonymise import Renamer

        renamer = Renamer(store.cipher)
        for root in roots:
            for path in paths(root / REFLECTIONS):
                with contextlib.suppress(CoachError):
                    old = read(path, store.cipher).session
                    if old is not None and renamer.session(old) in ids:
                        ids.add(old)
    changed: list[Path] = []
    unread: list[str] = []
    for root in roots:
        for path in paths(root / REFLECTIONS):
            try:
                reflection = read(path, store.cipher)
            except CoachError as problem:
                unread.append(str(problem))
                continue
            if _scrubbed(reflection, ids, pattern):
                with store.locked():
                    atomic_write(path, file_text(reflection), cipher=store.cipher)
                changed.append(path)
    return changed, unread
