"""`coach reflect --history`: each quality's and skill's ratings over time, one row each.

The chart is text that rich draws: one block per reflection, taller for a higher
rating ("▂▄▆█" on a scale of four), a dot where it was not rated. No plotting library:
a row of blocks reads at a glance, fits 80 columns with the names beside it, costs
nothing to import and copies into a plain-text note for supervision as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from coachcli.ui.visible import visible

if TYPE_CHECKING:
    from coachcli.records.reflection import Reflection
    from coachcli.reports.reflections import Trend

BLOCKS = "▁▂▃▄▅▆▇█"
NAME_WIDTH = 34
TAIL = 13
"""The columns after the chart: two spaces, "now", the change and its arrow."""


def block(value: int | None, top: int) -> str:
    if value is None:
        return "·"
    return BLOCKS[max(0, min(len(BLOCKS) - 1, round(value / top * len(BLOCKS)) - 1))]


def show_history(out: Console, found: list[Reflection], rows: list[Trend]) -> None:
    if not found:
        out.print("No reflections yet: `coach reflect` after a session makes the first.")
        return
    first, last = found[0].date, found[-1].date
    count = f"{len(found)} reflection{'s' * (len(found) != 1)}"
    out.print(
        Text(
            f"Your practice over {count}, {first.day} {first:%b %Y} to {last.day} {last:%b %Y}",
            "bold",
        )
    )
    scale = found[-1].scale
    top = len(scale)
    key = " · ".join(f"{n} {visible(w, lines=False)}" for n, w in enumerate(scale, 1))
    out.print(Text(f"Scale: {key}   (· not rated)", "dim"))
    name_width = min(NAME_WIDTH, max(16, out.width - TAIL - 14))
    room = max(4, out.width - name_width - TAIL - 2)
    shown = min(len(found), room)
    if shown < len(found):
        out.print(Text(f"The latest {shown} of {len(found)} are drawn.", "dim"))
    kind = None
    for trend in rows:
        if trend.kind != kind:
            kind = trend.kind
            out.print()
            label = "Qualities" if kind == "quality" else "Skills"
            head = Text(label.ljust(name_width + 2), "bold cyan")
            head.append("oldest → latest".ljust(max(shown, 15))[: max(shown, 15)], "dim")
            out.print(head)
        _row(out, trend, top, shown, name_width)


def _row(out: Console, trend: Trend, top: int, shown: int, name_width: int) -> None:
    points = trend.points[-shown:]
    rated = [p for p in trend.points if p is not None]
    chart = Text()
    for point in points:
        chart.append(block(point, top), "dim" if point is None else "green")
    chart.append(" " * max(0, max(shown, 15) - len(points)))
    tail = Text()
    if rated:  # "last" when the latest reflection left it unrated
        tail.append(f"  {'now' if trend.points[-1] is not None else 'last'} {rated[-1]}")
        change = rated[-1] - rated[-2] if len(rated) > 1 else 0  # since the rating before
        if len(rated) > 1:
            arrow, style = ("↑", "green") if change > 0 else ("↓", "yellow") if change else ("", "")
            tail.append(f"  {change:+d} {arrow}" if change else "  no change", style)
    else:
        tail.append("  not rated", "dim")
    name = Text(visible(trend.name, lines=False))
    lines = name.wrap(out, name_width)
    for index, line in enumerate(lines):
        line.pad_right(name_width - line.cell_len)
        if index == len(lines) - 1:
            line = line + Text("  ") + chart + tail
        out.print(line, soft_wrap=True)
