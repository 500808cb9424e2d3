"""An export as one web page: a single file with its own styles, readable on a phone,
printable, that loads nothing and runs nothing.

The page is the export's markdown rendered by markdown-it (``reports/formats.py``),
inside ``templates/page.html``. That wrapper is coachcli's own, not a school's: its
Content-Security-Policy lets the page use its inline styles and nothing else, so even a
workspace template cannot make the page fetch or run anything.
"""

from __future__ import annotations

import html
import string
from pathlib import Path

from coachcli.reports.formats import reader, title, tokens

PAGE = Path(__file__).with_name("templates") / "page.html"


def html_page(markdown: str) -> str:
    """The whole page for ``markdown`` (with control characters already visible)."""
    md = reader()
    found = tokens(md, markdown)
    body = md.renderer.render(found, md.options, {})
    wrapper = string.Template(PAGE.read_text(encoding="utf-8"))
    return wrapper.substitute(title=html.escape(title(found)), body=body)
