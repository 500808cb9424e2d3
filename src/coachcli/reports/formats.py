"""Which shape an export takes, and the one reading of its markdown that the HTML page
and the Word document are both made from.

The templates write markdown and nothing else, so a school's own templates work for
every format, and the three can never disagree: the page (``reports/page.py``) and the
document (``reports/word.py``) are made from the tokens markdown-it reads in that
markdown. Raw HTML is off, so a ``<script>`` a template or a note brought in stays
text; images are off, so nothing is fetched when the page is opened.

The caller passes markdown whose control and direction characters are already shown
as visible codes (``ui/visible.py``); any character XML cannot hold at all is made a
visible code here too, so a Word document can always be written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

FORMATS = ("markdown", "html", "docx")
SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
ALIASES = {"md": "markdown", "htm": "html", "word": "docx"}
"""Other names a coach may type for a format."""
NAMES = {"markdown": "markdown (.md)", "html": "a web page (.html)", "docx": "Word (.docx)"}
MAX_CHARS = 1_000_000
"""The longest markdown made into a page or a document. A full session is about 3,000
characters, so a journey of three hundred sessions fits; a template that prints far
more is stopped in one line instead of keeping the coach waiting."""
MAX_PARTS = 150_000
"""Blocks and inline pieces (a paragraph, a word in bold, a table cell) in one page or
document: a full session has about 400."""
TOO_LONG = "this summary is too long for a web page or a Word document ({}): export it as markdown"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def chosen(given: str | None, out: Path | None) -> str:
    """The format: ``--format`` if given, else the one the ``--out`` name suggests, else
    markdown. A name that suggests another format, or a Word document with nowhere to
    go but the terminal, is one line."""
    given = ALIASES.get(given.lower(), given.lower()) if given is not None else None
    if given is not None and given not in FORMATS:
        raise CoachError(f"--format must be markdown, html or docx, not {given!r}")
    if out is not None and out.is_dir():
        raise CoachError(f"{out} is a folder: give a file name, such as {out / 'summary.md'}")
    if out is not None and str(out) == "-":
        raise CoachError("--out - is not a file: leave --out out to print the summary")
    suggested = SUFFIXES.get(out.suffix.lower()) if out is not None else None
    if given is not None and suggested is not None and given != suggested:
        raise CoachError(
            f"--format {given} does not fit the name {out.name if out else ''}, which is "
            f"{NAMES[suggested]}: change one of them"
        )
    format_ = given or suggested or "markdown"
    if format_ == "docx" and out is None:
        raise CoachError("a Word document is not text: write it to a file with --out FILE.docx")
    return format_


def reader() -> MarkdownIt:
    """CommonMark with tables, as the templates write it; no raw HTML, no images."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def tokens(md: MarkdownIt, markdown: str) -> list[Token]:
    """The tokens of ``markdown``, with a table's empty header row left out (the
    session's details table has one, to be a table at all)."""
    if len(markdown) > MAX_CHARS:
        raise CoachError(TOO_LONG.format(f"{len(markdown):,} characters, at most {MAX_CHARS:,}"))
    text = _NOT_XML.sub(lambda found: f"<U+{ord(found.group()):04X}>", markdown)
    found = md.parse(text)
    parts = len(found) + sum(len(token.children or ()) for token in found)
    if parts > MAX_PARTS:
        raise CoachError(TOO_LONG.format(f"{parts:,} parts, at most {MAX_PARTS:,}"))
    kept: list[Token] = []
    skipping = False
    for i, token in enumerate(found):
        if token.type == "thead_open" and _empty_header(found, i):
            skipping = True
        if not skipping:
            kept.append(token)
        if token.type == "thead_close":
            skipping = False
    return kept


def _empty_header(found: list[Token], start: int) -> bool:
    for i in range(start, len(found)):
        if found[i].type == "thead_close":
            return True
        if found[i].type == "inline" and found[i].content.strip():
            return False
    return True


def plain(token: Token) -> str:
    """The text a reader sees in one inline token (a heading's, for a title)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def title(found: list[Token]) -> str:
    """The first heading's text: the page's and the document's title."""
    for i, token in enumerate(found[:-1]):
        if token.type == "heading_open":
            return plain(found[i + 1])
    return "Coaching summary"
