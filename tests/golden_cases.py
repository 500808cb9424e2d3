"""How each golden file is made, in one place.

The tests that compare (tests/test_export.py, tests/test_help.py) and the one command
that rewrites (``python scripts/update_golden.py``) both call these functions, so they
make the text the same way. A test never writes a golden file.

Each case takes ``run`` (``run(*args)`` runs `coach ARGS` and returns its exit code,
stdout and stderr: the tests' ``coach`` fixture, or the script's runner), a folder
of its own, and ``setenv`` for the environment of the runs that follow.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from coachcli.records.yamlio import dumps

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
HELP_DOC = REPO / "docs" / "help.md"
EXAMPLES = REPO / "examples"
UPDATE = "run `python scripts/update_golden.py`, read the diff, commit it"


class Ran(Protocol):
    code: int
    out: str
    err: str


Run = Callable[..., Ran]
SetEnv = Callable[[str, str], None]


def ok(result: Ran, *args: str) -> Ran:
    if result.code != 0:
        raise AssertionError(f"`coach {' '.join(args)}` exited {result.code}: {result.err}")
    return result


def stale(path: Path, made: str) -> str:
    """Why a golden file no longer matches: the start of the diff, and what to do."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    name = str(path.relative_to(REPO))
    diff = difflib.unified_diff(
        old.splitlines(keepends=True), made.splitlines(keepends=True), name, "made now"
    )
    lines = list(diff)
    if len(lines) > 40:
        lines = [*lines[:40], f"... ({len(lines) - 40} more lines)\n"]
    shown = "".join(lines)
    return f"{name} differs from what the code makes now; {UPDATE}.\n{shown}"


# --- exports ------------------------------------------------------------------------

EXPORT_NOW = "2026-11-02T09:00:00+00:00"


def start(run: Run, folder: Path, data: dict[str, Any] | Path) -> None:
    """`coach session start --answers FILE`, from a file or from data written to one."""
    if isinstance(data, dict):
        path = folder / "answers.yaml"
        path.write_text(dumps(data), encoding="utf-8")
    else:
        path = data
    ok(run("session", "start", "--answers", str(path)), "session", "start")


def only_id(run: Run) -> str:
    rows = json.loads(ok(run("session", "list", "--json"), "session", "list").out)
    return str(rows[0]["id"])


def full_session(run: Run, folder: Path, setenv: SetEnv) -> str:
    """The full example session, made; its id."""
    setenv("COACH_NOW", EXPORT_NOW)
    start(run, folder, EXAMPLES / "answers-full.yaml")
    return only_id(run)


def session_full(run: Run, folder: Path, setenv: SetEnv) -> str:
    return ok(run("export", full_session(run, folder, setenv)), "export").out


def session_full_html(run: Run, folder: Path, setenv: SetEnv) -> str:
    args = ("export", full_session(run, folder, setenv), "--format", "html")
    return ok(run(*args), *args).out


def session_full_docx(run: Run, folder: Path, setenv: SetEnv) -> str:
    return docx_xml(written(run, folder, "export", full_session(run, folder, setenv)))


def session_quick(run: Run, folder: Path, setenv: SetEnv) -> str:
    setenv("COACH_NOW", EXPORT_NOW)
    start(run, folder, EXAMPLES / "answers-quick.yaml")
    return ok(run("export", only_id(run)), "export").out


JOURNEY_CRITERIA = {
    "highest_leverage": "yes",
    "narrow": "yes",
    "evidence": "yes",
    "transferable": "yes",
}
JOURNEY = [
    (
        EXPORT_NOW,
        {
            "coachee": "Priya Shah",
            "role": "phase_leader",
            "focus": "team-meetings",
            "action_steps": [
                {
                    "text": "open each meeting with pupil work, every week",
                    "criteria": JOURNEY_CRITERIA,
                    "practice": {
                        "place": "team_meeting",
                        "when": "Tuesday",
                        "observer": "me",
                        "feedback": "same day",
                        "due": "2026-11-20",
                    },
                }
            ],
            "close": {"strengths": "Clear purpose", "next_meeting": "2026-11-23"},
        },
    ),
    (
        "2026-11-23T09:00:00+00:00",
        {
            "coachee": "Priya Shah",
            "focus": "team-meetings",
            "followup": [{"status": "achieved", "evidence": "watched two meetings"}],
            "action_steps": [
                {
                    "text": "invite a quiet colleague to open each discussion, weekly",
                    "criteria": JOURNEY_CRITERIA,
                    "practice": {
                        "place": "team_meeting",
                        "when": "weekly",
                        "observer": "me",
                        "feedback": "after",
                        "due": "2026-12-04",
                    },
                }
            ],
            "close": {"next_meeting": "2026-12-07"},
        },
    ),
]
"""Two sessions with Priya, three weeks apart: the second follows up the first."""


def journey_made(run: Run, folder: Path, setenv: SetEnv) -> None:
    for now, answers in JOURNEY:
        setenv("COACH_NOW", now)
        start(run, folder, answers)


def journey(run: Run, folder: Path, setenv: SetEnv) -> str:
    journey_made(run, folder, setenv)
    return ok(run("export", "--coachee", "priya"), "export").out


def journey_html(run: Run, folder: Path, setenv: SetEnv) -> str:
    journey_made(run, folder, setenv)
    args = ("export", "--coachee", "priya", "--format", "html")
    return ok(run(*args), *args).out


def journey_docx(run: Run, folder: Path, setenv: SetEnv) -> str:
    journey_made(run, folder, setenv)
    return docx_xml(written(run, folder, "export", "--coachee", "priya"))


def written(run: Run, folder: Path, *args: str) -> bytes:
    """A Word export's bytes: `coach ARGS --out FILE.docx` (a new file each time)."""
    out = folder / "export.docx"
    out.unlink(missing_ok=True)
    ok(run(*args, "--out", str(out)), *args, "--out")
    return out.read_bytes()


DOCX_PARTS = ("docProps/core.xml", "word/document.xml")
"""What a Word export's golden file holds: its properties and its text, as XML."""


def docx_xml(data: bytes) -> str:
    """The parts of a .docx a person can review, indented; the styles and numbering are
    python-docx's own and not compared."""
    import io
    import zipfile

    from lxml import etree

    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as document:
        for name in DOCX_PARTS:
            tree = etree.fromstring(document.read(name))
            text = etree.tostring(tree, pretty_print=True, encoding="unicode")
            parts.append(f"<!-- {name} -->\n{text}")
    return "".join(parts)


# --- the command reference ----------------------------------------------------------

COMMANDS = [
    [],
    ["session"],
    ["session", "start"],
    ["session", "resume"],
    ["session", "list"],
    ["session", "show"],
    ["session", "amend"],
    ["session", "discard"],
    ["followup"],
    ["export"],
    ["reflect"],
    ["frameworks"],
    ["frameworks", "list"],
    ["frameworks", "show"],
    ["frameworks", "validate"],
    ["frameworks", "schema"],
    ["init"],
    ["where"],
    ["doctor"],
    ["migrate"],
    ["archive"],
    ["unarchive"],
    ["handover"],
    ["forget"],
]


def help_reference(run: Run, folder: Path, setenv: SetEnv) -> str:
    """docs/help.md: every command's `--help`, at 80 columns."""
    del folder  # --help touches no workspace
    setenv("COLUMNS", "80")
    parts = [
        "# `coach` command reference\n\nGenerated from `--help` by"
        " `python scripts/update_golden.py`; `tests/test_help.py` fails when it is out of date.\n"
    ]
    for words in COMMANDS:
        result = ok(run(*words, "--help"), *words, "--help")
        title = " ".join(["coach", *words])
        parts.append(f"## {title}\n\n```text\n{result.out.rstrip()}\n```\n")
    return "\n".join(parts)


CASES: dict[Path, Callable[[Run, Path, SetEnv], str]] = {
    GOLDEN / "session-full.md": session_full,
    GOLDEN / "session-quick.md": session_quick,
    GOLDEN / "journey.md": journey,
    GOLDEN / "session-full.html": session_full_html,
    GOLDEN / "journey.html": journey_html,
    GOLDEN / "session-full.docx.xml": session_full_docx,
    GOLDEN / "journey.docx.xml": journey_docx,
    HELP_DOC: help_reference,
}
"""Every golden file, and how it is made."""
