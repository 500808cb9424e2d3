"""Reading and writing YAML that a person can read and that cannot hurt.

Loading walks parser events and builds plain dicts, lists and strings itself, so:

- every scalar is text: ``no``, ``on``, ``2026-01-02`` stay strings, and
  ``validation.convert`` turns text into numbers, booleans or dates only where a record
  asks for one; only an
  empty value, ``~`` or ``null`` written without quotes reads as nothing;
- tags (``!!python/object`` and friends), anchors and aliases are refused before any
  object is built, so an alias bomb costs nothing;
- duplicate keys and non-text keys are refused;
- nesting deeper than ``MAX_DEPTH`` is refused as soon as it is seen, so a file of a
  hundred thousand ``[`` costs nothing and never exhausts Python's recursion;
- only regular files are read, and never more than the size limit (a pipe, a device
  or a folder planted where a file should be is named, not waited on);
- the line of every value is kept, so a validation error can name it.

libyaml's C parser and emitter are used when present; the pure-Python ones behave the
same because both feed the same event walk and are fed the same events.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from coachcli import portable
from coachcli.errors import FileProblem

MAX_BYTES = 4 * 1024 * 1024
"""Refuse files larger than this before parsing: no real framework or session is."""

MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused: the deepest real file (a
flow's stage, a step's criteria) is under ten levels."""


class PyParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """The pure-Python parser: the fallback, and the reference the tests compare with."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)

    def dispose(self) -> None:
        """The C parser needs this; the Python one has nothing to free."""


_Parser: type[Any]
try:
    from yaml import CSafeDumper as _Dumper
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

    _Parser = PyParser


_NULLS = {"", "~", "null", "Null", "NULL"}
_PLAIN_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Path_ = tuple[str | int, ...]


def loc_text(loc: Iterable[object]) -> str:
    """``stages.listening.notes[0].text`` for a location inside a file."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class Loaded:
    """A parsed document, and the line (1-based) where each value starts."""

    data: Any
    known_lines: dict[Path_, int] | None = None
    text: str | None = None

    @property
    def lines(self) -> dict[Path_, int]:
        """Every value's line, found by reading the text again the first time."""
        if self.known_lines is None:
            self.known_lines = {}
            if self.text is not None:
                _loads(self.text, "<text>", self.known_lines)
        return self.known_lines

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        """The line of the deepest known value along ``loc`` (keys and list indexes)."""
        path: Path_ = tuple(p for p in loc if isinstance(p, str | int))
        lines = self.lines
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), None)


class _Refused(Exception):
    def __init__(self, detail: str, line: int) -> None:
        super().__init__(detail)
        self.detail = detail
        self.line = line


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


_Scalar, _SeqStart, _SeqEnd = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MapStart, _MapEnd, _Alias = yaml.MappingStartEvent, yaml.MappingEndEvent, yaml.AliasEvent


def _build(
    get: Any, event: Any, path: Path_, lines: dict[Path_, int] | None, depth: int = 0
) -> Any:
    """The value that starts with ``event`` at nesting ``depth``; ``get`` gives the next
    event. Line numbers are kept in ``lines`` when it is given (only when an error needs
    them: building the paths costs a quarter of a read)."""
    kind = event.__class__
    if kind is _Alias:
        raise _Refused("aliases (*name) are not allowed", _line(event))
    if event.anchor is not None:
        raise _Refused("anchors (&name) are not allowed", _line(event))
    tag = event.tag
    if tag not in _PLAIN_TAGS:
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        raise _Refused(f"the tag {shown} is not allowed", _line(event))
    if lines is not None:
        lines[path] = _line(event)
    if kind is _Scalar:
        plain = not event.style and tag is None  # the C parser says "", Python None
        return None if plain and event.value in _NULLS else event.value
    if depth >= MAX_DEPTH and kind is not _Scalar:
        raise _Refused(f"nested too deeply (more than {MAX_DEPTH} levels)", _line(event))
    if kind is _SeqStart:
        items: list[Any] = []
        while True:
            child = get()
            if child.__class__ is _SeqEnd:
                return items
            at = (*path, len(items)) if lines is not None else path
            items.append(_build(get, child, at, lines, depth + 1))
    if kind is _MapStart:
        mapping: dict[str, Any] = {}
        while True:
            key_event = get()
            if key_event.__class__ is _MapEnd:
                return mapping
            if (
                key_event.__class__ is not _Scalar
                or key_event.anchor
                or (key_event.tag not in _PLAIN_TAGS)
            ):
                raise _Refused("keys must be plain text", _line(key_event))
            key = key_event.value
            if key in mapping:
                raise _Refused(f"the key {key!r} appears twice: keep one of them", _line(key_event))
            at = (*path, key) if lines is not None else path
            mapping[key] = _build(get, get(), at, lines, depth + 1)
    raise _Refused("unexpected YAML structure", _line(event))  # pragma: no cover


def loads(text: str, source: object = "<text>") -> Loaded:
    """Parse one YAML document from ``text``; every problem is a :class:`FileProblem`.

    The line of each value is found only if an error asks for it (``Loaded.line_of``
    reads the text again)."""
    return _loads(text, source, None)


_UNEVEN = re.compile(r"\t|[|>][-+0-9]*#")
"""Where libyaml and PyYAML may read a text differently (a tab; a comment right after |
or >). Such a text is read by PyYAML's own parser on every computer, so that a file
never means one thing on one computer and another elsewhere; most are harmless
(``'|#'`` in a quoted note) and read as usual, and the others are one clear line."""


def _loads(text: str, source: object, lines: dict[Path_, int] | None) -> Loaded:
    if text.startswith("\ufeff"):
        text = text[1:]
    parser = PyParser if _UNEVEN.search(text) else _Parser
    return _parse(text, source, lines, parser)


def _parse(
    text: str, source: object, lines: dict[Path_, int] | None, parser_class: type[Any]
) -> Loaded:
    parser: Any = None
    try:
        parser = parser_class(text)
        get = parser.get_event
        get()  # StreamStart
        start = get()
        if isinstance(start, yaml.StreamEndEvent):
            raise FileProblem(source, "the file is empty")
        if start.tags:
            raise _Refused("%TAG directives are not allowed", _line(start))
        data = _build(get, get(), (), lines)
        get()  # DocumentEnd
        if not isinstance(get(), yaml.StreamEndEvent):
            raise FileProblem(source, "holds more than one YAML document")
    except _Refused as problem:
        raise FileProblem(source, problem.detail, problem.line) from None
    except yaml.MarkedYAMLError as problem:
        from coachcli.records.yamlwords import plain

        line, words = plain(problem, text)
        raise FileProblem(source, f"not valid YAML: {words}", line) from None
    except yaml.reader.ReaderError as problem:
        line = text[: problem.position].count("\n") + 1
        detail = f"not valid YAML: character {problem.character!r} is not allowed"
        raise FileProblem(source, detail, line) from None
    except yaml.YAMLError:
        raise FileProblem(source, "not valid YAML") from None
    finally:
        if parser is not None:
            parser.dispose()
    if data is None:
        raise FileProblem(source, "the file is empty")
    return Loaded(data, lines, text)


Unseal = Callable[[str, Path], str]
"""Turns an encrypted file's text into its plain text (the workspace's cipher)."""


def read_text(path: Path, limit: int = MAX_BYTES, unseal: Unseal | None = None) -> str:
    """Read a UTF-8 text file, refusing a huge or undecodable one with a clear line; an
    encrypted one is opened with ``unseal``.

    Only a regular file is read (a pipe, a device or a folder in its place is refused
    without waiting on it), and never more than ``limit`` bytes of it, whatever its size
    said a moment before."""
    raw = read_bytes(path, limit)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = raw[: problem.start].count(b"\n") + 1
        raise FileProblem(path, "is not UTF-8 text", line) from None
    if text.startswith("coachcli-encrypted:"):
        if unseal is None:
            raise FileProblem(
                path, "is encrypted, but encryption is not on in this workspace's coach.yaml"
            )
        return unseal(text, path)
    return text


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``), or a FileProblem."""
    try:
        fd = os.open(path, portable.READ_FLAGS)  # a pipe is never waited on
    except FileNotFoundError:
        raise FileProblem(path, "no such file") from None
    except IsADirectoryError:
        raise FileProblem(path, "is a folder, not a file") from None
    except OSError as problem:
        if path.is_dir():  # Windows refuses to open a folder with "access denied"
            raise FileProblem(path, "is a folder, not a file") from None
        raise FileProblem(path, f"cannot be read ({problem.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise FileProblem(path, "is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise FileProblem(path, "is not a regular file (a device or a pipe?): not read")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as problem:
        raise FileProblem(path, f"cannot be read ({problem.strerror})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise FileProblem(path, f"is more than the {limit} bytes this tool reads")
    return b"".join(chunks)


def load(path: Path, unseal: Unseal | None = None) -> Loaded:
    """Read and parse one YAML file."""
    return loads(read_text(path, unseal=unseal), path)


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


@functools.lru_cache(maxsize=4096)
def _plain_is_text(value: str) -> bool:
    """Whether ``value`` written without quotes would still read as text in YAML 1.1
    (``yes``, ``1.5``, ``null`` or ``2026-01-02`` would not, so they get quotes).
    Remembered: keys and ids come back in every save."""
    return bool(value) and not any(
        regexp.match(value) for _, regexp in _RESOLVERS.get(value[0], ())
    )


_MAP_START = yaml.MappingStartEvent(None, None, True, flow_style=False)
_SEQ_START = yaml.SequenceStartEvent(None, None, True, flow_style=False)
_MAP_END, _SEQ_END = yaml.MappingEndEvent(), yaml.SequenceEndEvent()
"""The emitter only reads events, so one of each kind serves every collection."""


def _events(value: Any, out: list[yaml.Event]) -> None:
    """Append the emitter events for ``value`` to ``out`` (a plain recursion: nested
    generators cost a third of a save)."""
    if isinstance(value, str):
        if "\x85" in value or "\u2028" in value or "\u2029" in value:
            style: str | None = '"'  # line breaks YAML would fold away unless escaped
        else:
            style = "|" if "\n" in value else None  # notes read like notes
        out.append(yaml.ScalarEvent(None, None, (_plain_is_text(value), True), value, style=style))
    elif isinstance(value, dict):
        out.append(_MAP_START)
        for key, item in value.items():
            _events(key, out)
            _events(item, out)
        out.append(_MAP_END)
    elif isinstance(value, list | tuple):
        out.append(_SEQ_START)
        for item in value:
            _events(item, out)
        out.append(_SEQ_END)
    elif value is None or isinstance(value, bool | int):
        text = "null" if value is None else str(value).lower()
        out.append(yaml.ScalarEvent(None, None, (True, False), text))
    else:
        raise TypeError(f"cannot write a {type(value).__name__} as YAML")


def dumps(data: Any) -> str:
    """YAML text for plain data (dicts, lists, text, whole numbers, booleans, None).

    The data is turned into emitter events here, not through PyYAML's representer,
    whose per-value resolver calls were half the cost of an autosave; the text is the
    same (checked against the representer on every file of a 1,000-session store)."""
    events: list[yaml.Event] = [yaml.StreamStartEvent(), yaml.DocumentStartEvent(explicit=False)]
    _events(data, events)
    events += [yaml.DocumentEndEvent(explicit=False), yaml.StreamEndEvent()]
    text: str = yaml.emit(events, Dumper=_Dumper, allow_unicode=True, width=88)
    return text
