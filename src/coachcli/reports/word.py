"""An export as a Word document, made by walking the same markdown tokens as the web
page (``reports/formats.py``) into python-docx headings, paragraphs, lists, tables and
bold or italic runs.

python-docx is imported here only, when a Word document is asked for, so `coach --help`
and the markdown export never load it. The file is the same, byte for byte, each time
the same export is made on the same day: its properties are fixed (a title, the day as
its date, coachcli as its author) and every part of the zip carries one fixed time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coachcli.reports.formats import reader, title, tokens

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

MONOSPACE = "Courier New"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip can record: every part of the document carries it."""


def docx_bytes(markdown: str, day: dt.date) -> bytes:
    """The Word document for ``markdown`` (with control characters already visible),
    dated ``day``."""
    import docx

    document = docx.Document()
    found = tokens(reader(), markdown)
    _properties(document, title(found), day)
    _Walk(document).run(found)
    made = io.BytesIO()
    document.save(made)
    return _repacked(made.getvalue())


def _properties(document: Document, heading: str, day: dt.date) -> None:
    """Fixed properties: the title and the day; no person, no clock but the day."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    props = document.core_properties
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    props.title = heading
    props.author = props.last_modified_by = "coachcli"
    props.comments = props.keywords = props.subject = props.category = ""
    props.language = "en-GB"
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    package = document.part.package
    for rid, rel in list(package.rels.items()) if package is not None else []:
        if rel.reltype.endswith("/thumbnail"):  # a picture of python-docx's blank page
            del package.rels[rid]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = None if defaults is None else defaults.find(qn("w:rPrDefault"))
    font = None if run_defaults is None else run_defaults.find(qn("w:rPr"))
    if font is not None:  # British spelling for Word's checker
        lang = font.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            font.append(lang)
        lang.set(qn("w:val"), "en-GB")


def _repacked(data: bytes) -> bytes:
    """The same zip, every part stamped with ZIP_TIME, so two runs give the same bytes."""
    made = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as before,
        zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as after,
    ):
        for info in before.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            after.writestr(fixed, before.read(info.filename))
    return made.getvalue()


@dataclass
class _Item:
    ordered: bool
    number: int = 0
    started: bool = False
    numbered: bool = False


@dataclass
class _Table:
    rows: list[list[tuple[bool, Token]]] = field(default_factory=list)
    header: bool = False


class _Walk:
    """One pass over the block tokens: each markdown block becomes a Word block."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.lists: list[_Item] = []
        self.quotes = 0
        self.table: _Table | None = None
        self.paragraph: Paragraph | None = None

    def run(self, found: list[Token]) -> None:
        for token in found:
            handle = getattr(self, "_" + token.type, None)
            if handle is not None:
                handle(token)

    # --- blocks -----------------------------------------------------------------

    def _heading_open(self, token: Token) -> None:
        self.paragraph = self.document.add_heading(level=int(token.tag[1:]))

    def _paragraph_open(self, token: Token) -> None:
        del token
        self.paragraph = self.document.add_paragraph(style=self._style())
        item = self.lists[-1] if self.lists else None
        if item is not None and item.ordered and not item.numbered:
            item.numbered = True  # written, not Word's numbering, which runs on across lists
            self.paragraph.add_run(f"{item.number}. ")

    def _style(self) -> str | None:
        if self.lists:
            item = self.lists[-1]
            depth = "" if len(self.lists) == 1 else f" {min(len(self.lists), 3)}"
            if item.started:
                return "List Continue" + depth
            item.started = True
            return ("List" if item.ordered else "List Bullet") + depth
        return "Quote" if self.quotes else None

    def _inline(self, token: Token) -> None:
        if self.table is not None:
            self.table.rows[-1].append((self.table.header, token))
            return
        if self.paragraph is None:
            return
        _runs(self.paragraph, token.children or [])

    def _paragraph_close(self, token: Token) -> None:
        del token
        self.paragraph = None

    _heading_close = _paragraph_close

    def _bullet_list_open(self, token: Token) -> None:
        del token
        self.lists.append(_Item(ordered=False))

    def _ordered_list_open(self, token: Token) -> None:
        del token
        self.lists.append(_Item(ordered=True))

    def _bullet_list_close(self, token: Token) -> None:
        del token
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        item = self.lists[-1]
        item.started = item.numbered = False
        item.number = int(token.info) if token.info.isdigit() else item.number + 1

    def _blockquote_open(self, token: Token) -> None:
        del token
        self.quotes += 1

    def _blockquote_close(self, token: Token) -> None:
        del token
        self.quotes -= 1

    def _code_block(self, token: Token) -> None:
        paragraph = self.document.add_paragraph(style=self._style())
        for n, line in enumerate(token.content.rstrip("\n").split("\n")):
            if n:
                paragraph.add_run().add_break()
            paragraph.add_run(line).font.name = MONOSPACE

    _fence = _code_block

    def _hr(self, token: Token) -> None:
        del token
        self.document.add_paragraph()

    # --- tables -----------------------------------------------------------------

    def _table_open(self, token: Token) -> None:
        del token
        from docx.oxml.ns import qn

        blocks = [block for block in self.document.element.body if block.tag != qn("w:sectPr")]
        if blocks and blocks[-1].tag == qn("w:tbl"):
            self.document.add_paragraph()  # two tables side by side would become one
        self.table = _Table()

    def _thead_open(self, token: Token) -> None:
        del token
        assert self.table is not None
        self.table.header = True

    def _thead_close(self, token: Token) -> None:
        del token
        assert self.table is not None
        self.table.header = False

    def _tr_open(self, token: Token) -> None:
        del token
        assert self.table is not None
        self.table.rows.append([])

    def _table_close(self, token: Token) -> None:
        del token
        table, self.table = self.table, None
        if table is None or not table.rows:
            return
        width = max(len(row) for row in table.rows)
        made = self.document.add_table(rows=len(table.rows), cols=width, style="Table Grid")
        for cells, row in zip(made.rows, table.rows, strict=True):
            for cell, (header, inline) in zip(cells.cells, row, strict=False):
                _runs(cell.paragraphs[0], inline.children or [], bold=header)


def _runs(paragraph: Paragraph, children: list[Token], *, bold: bool = False) -> None:
    """Inline markdown as runs: text, bold, italic, code, line breaks, links."""
    strong = 1 if bold else 0
    emphasis = 0
    href: str | None = None
    link_text: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            run: Any = paragraph.add_run(child.content)
            run.bold = strong > 0 or None
            run.italic = emphasis > 0 or None
            if kind == "code_inline":
                run.font.name = MONOSPACE
            link_text.append(child.content)
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            href, link_text = str(child.attrGet("href") or ""), []
        elif kind == "link_close":
            if href and href != "".join(link_text):
                paragraph.add_run(f" ({href})")
            href = None
