"""One record file's text: read (any format, sealed or not, checked) and written.

Sessions, drafts, progress records and person records are told apart by their keys,
never by the folder they are in; reading brings an older format up to date in memory
and validates it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import FileProblem
from coachcli.records.migrations import upgrade

if TYPE_CHECKING:
    from coachcli.records.person import PersonRecord
    from coachcli.records.session import ProgressRecord, Session
    from coachcli.store.crypto import Cipher

    Item = Session | ProgressRecord | PersonRecord

HEADER = "# A coachcli session. Plain YAML: safe to read; edit with care.\n"
PROGRESS_HEADER = "# Progress recorded between coaching sessions (coach followup --record).\n"
PERSON_HEADER = "# Archived or not, and who coaches this person (coach archive, coach handover).\n"


def _read(
    path: Path,
    model: type[Session] | type[ProgressRecord] | type[PersonRecord] | None,
    cipher: Cipher | None,
) -> tuple[Item, int]:
    """The file's contents in the current format, and the format it was written in.
    With no ``model``, a progress record is told from a session by its keys, never by
    the folder it is in (a person may have been called "Progress")."""
    from coachcli.records.person import PersonRecord, is_person_record, upgrade_person
    from coachcli.records.session import ProgressRecord, Session
    from coachcli.records.validation import convert
    from coachcli.records.yamlio import load

    source = load(path, cipher.unseal if cipher else None)
    if not isinstance(source.data, dict):
        raise FileProblem(path, "must be a mapping of keys", 1)
    written = str(source.data.get("format_version", ""))
    if model is PersonRecord or (model is None and is_person_record(source.data)):
        model, data = PersonRecord, upgrade_person(source.data, path)
    else:
        data = upgrade(source.data, path)
    if model is None:
        progress = "recorded" in data and "id" not in data
        model = ProgressRecord if progress else Session
    found: Item = convert(model, data, path, source)
    return found, int(written) if written.isdigit() else 0


def read_session(path: Path, cipher: Cipher | None = None) -> Session:
    from coachcli.records.session import Session

    found = _read(path, Session, cipher)[0]
    assert isinstance(found, Session)
    return found


def read_progress(path: Path, cipher: Cipher | None = None) -> ProgressRecord:
    from coachcli.records.session import ProgressRecord

    found = _read(path, ProgressRecord, cipher)[0]
    assert isinstance(found, ProgressRecord)
    return found


def read_person(path: Path, cipher: Cipher | None = None) -> PersonRecord:
    from coachcli.records.person import PersonRecord

    found = _read(path, PersonRecord, cipher)[0]
    assert isinstance(found, PersonRecord)
    return found


def read_any(path: Path, cipher: Cipher | None = None) -> tuple[Item, int]:
    """A session, draft, progress record or person record (told apart by its keys), and
    the format version it was written in."""
    return _read(path, None, cipher)


def newest_format(item: Item) -> int:
    """The format this coachcli writes ``item`` in (person records have their own)."""
    from coachcli.records.formats import PERSON_FORMAT, SESSION_FORMAT
    from coachcli.records.person import PersonRecord

    return PERSON_FORMAT if isinstance(item, PersonRecord) else SESSION_FORMAT


def file_text(item: Item, *, validate: bool = True) -> str:
    """What a session or progress record looks like on disk.

    ``validate`` checks that the data reads back as the same kind of record: never
    write what could not be read again. An autosave of a draft skips it (a draft is
    checked when it is finished), which keeps a save well under a millisecond of
    Python."""
    from pydantic import ValidationError

    from coachcli.records.person import PersonRecord
    from coachcli.records.session import ProgressRecord
    from coachcli.records.yamlio import dumps

    header = HEADER
    if isinstance(item, ProgressRecord):
        header = PROGRESS_HEADER
    elif isinstance(item, PersonRecord):
        header = PERSON_HEADER
    data = item.to_data()
    if validate:
        try:
            type(item).model_validate(data)
        except ValidationError as problem:
            from coachcli.records.validation import first_problem

            raise first_problem(type(item), problem, "the record to save", None) from None
    return header + dumps(data)
