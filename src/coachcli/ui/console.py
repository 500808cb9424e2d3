"""The terminal's console and the few ways every screen draws text: headings, wrapped
indented text, listings laid out as a grid, and a progress bar for long jobs.

The console is made once per run by the command (``make_console``) and passed to every
drawing function as ``out``; tests pass one that writes to a string."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from coachcli.errors import closed_pipe
from coachcli.ui.visible import each_visible, visible

if TYPE_CHECKING:
    from rich.progress import Progress


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """A closed pipe ends with exit 0 (rich's own choice is exit 1)."""
        closed_pipe()

    def print(self, *objects: Any, **options: Any) -> None:
        """Every text printed is made visible first (``ui/visible.py``): a name, a note
        or a framework title from a shared folder cannot drive the terminal. Tables
        are made of cells that were made visible where they were built."""
        super().print(*(shown(o) for o in objects), **options)


def shown(value: Any) -> Any:
    """``value`` (text, or a rich Text with its styles) safe to print; anything else
    as it is."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, Text):
        return visible_text(value)
    return value


def visible_text(text: Text) -> Text:
    """A rich Text made visible, each style still over the characters it was over."""
    plain = text.plain
    if visible(plain) == plain:
        return text
    parts = each_visible(plain)
    at = [0]
    for part in parts:
        at.append(at[-1] + len(part))
    made = Text(
        "".join(parts), style=text.style, justify=text.justify, overflow=text.overflow, end=text.end
    )
    for span in text.spans:
        made.stylize(span.style, at[span.start], at[min(span.end, len(plain))])
    return made


def heading(out: Console, text: str) -> None:
    out.print(Text(visible(text), style="bold cyan"))


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False
    max_width: int | None = None
    """Longer cells are cut with '…'; such a column also narrows to fit the terminal."""


def print_grid(
    out: Console,
    columns: list[Column],
    rows: Iterable[list[str | Text] | Text],
    title: str = "",
    widths: list[int] | None = None,
) -> None:
    """A listing laid out like a simple rich Table (bold header, a rule, two spaces
    between columns) at a fraction of its cost: a 50-row Table took ~35 ms to measure
    and draw, this takes ~2 ms (docs/performance.md).

    With ``widths`` given, rows are drawn as they come, a few hundred at a time, so a
    listing of every session takes the same memory however many there are. A row given
    as one ``Text`` is a line of its own (made visible where it was built), such as
    more about the row above it."""
    if widths is None:
        listed: list[list[str | Text] | Text] = [
            row if isinstance(row, Text) else [_one_line(cell) for cell in row] for row in rows
        ]
        widths = [
            max(
                [
                    cell_len(column.header),
                    *(_one_line(row[i]).cell_len for row in listed if not isinstance(row, Text)),
                ]
            )
            for i, column in enumerate(columns)
        ]
        rows = listed
    widths = [min(w, c.max_width or w) for w, c in zip(widths, columns, strict=True)]
    over = sum(widths) + 2 * (len(widths) - 1) - out.width
    for i in sorted((i for i, c in enumerate(columns) if c.max_width), key=lambda i: -widths[i]):
        cut = max(0, min(over, widths[i] - 8))
        widths[i] -= cut
        over -= cut
    page = Text()
    if title:
        page.append(f"{title}\n", style="italic")
    header: list[str | Text] = [Text(c.header, style="bold") for c in columns]
    for number, raw in enumerate(itertools.chain([header], rows)):
        if isinstance(raw, Text):
            page.append_text(raw)
            page.append("\n")
            continue
        row = (
            [Text(c.header, style="bold") for c in columns]
            if number == 0
            else [_one_line(cell) for cell in raw]
        )
        if number % 500 == 0 and number:
            out.print(page, end="", soft_wrap=True)
            page = Text()
        for i, (cell, column, width) in enumerate(zip(row, columns, widths, strict=True)):
            cell.truncate(width, overflow="ellipsis")  # each cell is a fresh copy
            pad = " " * (width - cell.cell_len)
            page.append("  " if i else "")
            if column.right:
                page.append(pad)
            page.append_text(cell)
            if not column.right and i < len(columns) - 1:
                page.append(pad)
        page.append("\n")
        if number == 0:
            page.append("─" * (sum(widths) + 2 * (len(widths) - 1)) + "\n")
    out.print(page, end="", soft_wrap=True)


def _one_line(cell: str | Text) -> Text:
    """A cell on one line: a line break or tab typed into a name would break the row,
    and any other control character is made visible."""
    plain = cell.plain if isinstance(cell, Text) else cell
    style = cell.style if isinstance(cell, Text) else ""
    return Text(visible(" ".join(plain.split()), lines=False), style=style)


def indent(out: Console, text: str | Text, left: int, style: str = "", hang: int = 0) -> None:
    """Print wrapped text whose every line starts ``left`` (+ ``hang``) columns in; a
    ``Text`` is printed as it is styled (its stored parts made visible already)."""
    width = max(20, out.width - left - hang)
    shown = text if isinstance(text, Text) else Text(visible(text), style=style)
    lines = shown.wrap(out, width)
    for index, line in enumerate(lines):
        pad = " " * (left + (hang if index else 0))
        out.print(Text(pad) + line)


@contextmanager
def progress_ticker(
    out: Console, label: str, threshold: int = 200
) -> Iterator[Callable[[int], None]]:
    """A progress bar once a job is large (and the output is a terminal); ``tick(n)``
    says n more files were read."""
    count = 0
    progress: Progress | None = None

    def tick(files: int = 1) -> None:
        nonlocal count, progress
        before, count = count, count + files
        if before < threshold <= count and out.is_terminal:
            from rich.progress import Progress  # only when shown: it costs ~5 ms to import

            progress = Progress(console=out, transient=True)
            progress.start()
            progress.add_task(label, total=None)
        if progress is not None:
            progress.update(progress.task_ids[0], advance=files)

    try:
        yield tick
    finally:
        if progress is not None:
            progress.stop()


def make_console() -> Console:
    """The console a command draws on (a closed pipe ends it quietly, with exit 0)."""
    return _Console(highlight=False)
