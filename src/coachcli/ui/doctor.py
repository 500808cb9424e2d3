"""`coach doctor`'s report: one line per check, then what needs attention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from coachcli.ui.visible import visible

if TYPE_CHECKING:
    from coachcli.reports.doctor import Check


def doctor_table(out: Console, checks: list[Check]) -> bool:
    """Print the checks; True when nothing needs attention."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="coach doctor", title_justify="left")
    table.add_column("check")
    table.add_column("result", no_wrap=True)
    for check in checks:
        if check.ok:
            result = Text("ok", style="green")
        elif check.advice:
            result = Text("a note", style="yellow")
        else:
            result = Text(f"{len(check.problems)} to look at", style="bold red")
        table.add_row(visible(check.name, lines=False), result)
    out.print(table)
    for check in checks:
        for problem in check.problems:
            out.print(Text(f"• {problem}"), soft_wrap=True)
    healthy = all(check.ok or check.advice for check in checks)
    out.print("All good." if healthy else "Some things need attention (see above).")
    return healthy
