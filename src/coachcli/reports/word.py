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


class _Body:
    """Appends paragraphs and tables to the document's body in constant time.

    python-docx's own ``add_paragraph(style=...)`` looks the style up among all of them
    and searches the body for its end each time: a journey of a hundred sessions took
    seconds. Here each style's id is looked up once and every block is put before the
    body's section properties directly (python-docx's own XML classes, no raw XML)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.body = document.element.body
        self.end = self.body.sectPr  # found once: finding it searches the whole body
        self.ids: dict[str, str] = {}
        section = document.sections[0]
        width = (section.page_width or 0) - (section.left_margin or 0)
        self.width = width - (section.right_margin or 0)
        self.last_was_table = False

    def _style_id(self, name: str) -> str:
        if name not in self.ids:
            self.ids[name] = self.document.styles[name].style_id
        return self.ids[name]

    def _put(self, block: Any) -> None:
        if self.end is None:
            self.body.append(block)
        else:
            self.end.addprevious(block)

    def paragraph(self, style: str | None = None) -> Paragraph:
        from docx.oxml.parser import OxmlElement
        from docx.text.paragraph import Paragraph

        made: Any = OxmlElement("w:p")
        if style is not None:
            made.style = self._style_id(style)
        self._put(made)
        self.last_was_table = False
        return Paragraph(made, self.document)

    def table(self, rows: list[list[tuple[bool, Token]]]) -> None:
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu
        from docx.text.paragraph import Paragraph

        if self.last_was_table:
            self.paragraph()  # two tables side by side would become one
        columns = max(len(row) for row in rows)
        made = CT_Tbl.new_tbl(len(rows), columns, Emu(self.width))
        made.tblStyle_val = self._style_id("Table Grid")
        self._put(made)
        for tr, row in zip(made.tr_lst, rows, strict=True):
            for tc, (header, inline) in zip(tr.tc_lst, row, strict=False):
                _runs(Paragraph(tc.p_lst[0], self.document), inline.children or [], bold=header)
        self.last_was_table = True


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
        self.body = _Body(document)
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
        self.paragraph = self.body.paragraph(f"Heading {token.tag[1:]}")

    def _paragraph_open(self, token: Token) -> None:
        del token
        self.paragraph = self.body.paragraph(self._style())
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
        elif self.paragraph is not None:
            _runs(self.paragraph, token.children or [])

    def _paragraph_close(self, token: Token) -> None:
        del token
        self.paragraph = None

    _heading_close = _paragraph_close

    def _bullet_list_open(self, token: Token) -> None:
        self.lists.append(_Item(ordered=token.type == "ordered_list_open"))

    _ordered_list_open = _bullet_list_open

    def _bullet_list_close(self, token: Token) -> None:
        del token
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        item = self.lists[-1]
        item.started = item.numbered = False
        item.number = int(token.info) if token.info.isdigit() else item.number + 1

    def _blockquote_open(self, token: Token) -> None:
        self.quotes += 1 if token.nesting > 0 else -1

    _blockquote_close = _blockquote_open

    def _code_block(self, token: Token) -> None:
        paragraph = self.body.paragraph(self._style())
        for n, line in enumerate(token.content.rstrip("\n").split("\n")):
            if n:
                paragraph.add_run().add_break()
            paragraph.add_run(line).font.name = MONOSPACE

    _fence = _code_block

    def _hr(self, token: Token) -> None:
        del token
        self.body.paragraph()

    # --- tables -----------------------------------------------------------------

    def _table_open(self, token: Token) -> None:
        del token
        self.table = _Table()

    def _thead_open(self, token: Token) -> None:
        assert self.table is not None
        self.table.header = token.nesting > 0

    _thead_close = _thead_open

    def _tr_open(self, token: Token) -> None:
        del token
        assert self.table is not None
        self.table.rows.append([])

    def _table_close(self, token: Token) -> None:
        del token
        table, self.table = self.table, None
        if table is not None and table.rows:
            self.body.table(table.rows)


def _runs(paragraph: Paragraph, children: list[Token], *, bold: bool = False) -> None:
    """Inline markdown as runs: text, bold, italic, code, line breaks, links. Text in
    the same style is one run."""
    strong = 1 if bold else 0
    emphasis = 0
    href: str | None = None
    link_text: list[str] = []
    pieces: list[tuple[str, tuple[bool, bool, bool]]] = []  # ("\n" alone: a line break)

    def add(text: str, code: bool = False) -> None:
        style = (strong > 0, emphasis > 0, code)
        if pieces and pieces[-1][1] == style and pieces[-1][0] != "\n" and text != "\n":
            pieces[-1] = (pieces[-1][0] + text, style)
        else:
            pieces.append((text, style))

    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            add(child.content, code=kind == "code_inline")
            link_text.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            add(" " if kind == "softbreak" else "\n")
        elif kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            href, link_text = str(child.attrGet("href") or ""), []
        elif kind == "link_close":
            if href and href != "".join(link_text):
                add(f" ({href})")
            href = None
    for text, (is_bold, is_italic, code) in pieces:
        if text == "\n":
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(text)
        run.bold = is_bold or None
        run.italic = is_italic or None
        if code:
            run.font.name = MONOSPACE
