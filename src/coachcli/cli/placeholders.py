"""One convention for placeholders in every `--help`: capitals, square brackets when
the value may be left out (`coach followup [NAME]`, `coach session show ID`,
`--coachee NAME`, `--since DATE`).

Typer writes a required argument as ``{ID}`` and an option's value as ``<str>`` or
``INTEGER RANGE``; these two replacements make every command follow the convention,
commands added later included, without a metavar on each parameter.
"""

from typing import Any

import typer.core

VALUES = {"coachee": "NAME", "coach": "NAME", "school": "NAME", "to": "NAME", "revision": "N"}
"""An option's placeholder when it is not its name in capitals (--coachee NAME)."""


def _argument(self: typer.core.TyperArgument, ctx: Any, *, usage: bool = False) -> str:
    var = (self.metavar or self.name or "").strip("[]").upper()
    if self.nargs != 1:
        var += "..."
    return f"[{var}]" if usage and not self.required else var


def _option(self: typer.core.TyperOption, ctx: Any) -> str:
    if self.metavar is not None:
        return self.metavar
    name = (self.name or "").lower()
    if name in ("since", "before", "from_date") or name.endswith("_date"):
        return "DATE"
    return VALUES.get(name, name.replace("_", "-").upper())


def install() -> None:
    patched: Any = typer.core
    patched.TyperArgument.make_metavar = _argument
    patched.TyperOption.make_metavar = _option
