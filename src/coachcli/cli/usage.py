"""A mistyped command, option or value as one line, the same shape as every other error:
``coach: no command "sesion"; did you mean "session"?``, exit 2.

Typer (through click) would print a usage block and "Error: …" over three lines; the
entry point runs it without its own error printing (``standalone_mode=False``) and
hands each usage error to :func:`usage_line`. ``difflib`` is imported only then, so a
run that goes well pays nothing for this.
"""

import re

import typer
from typer import _click

from coachcli.errors import CoachError, ExitCode


class Mistyped(CoachError):
    """A command line that cannot run as typed; one line, exit 2."""

    exit_code = ExitCode.USAGE


class Group(typer.core.TyperGroup):
    """A group of commands that names the closest command to a mistyped one."""

    def resolve_command(  # type: ignore[override]
        self, ctx: typer.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        if args and not ctx.resilient_parsing:
            name = args[0]
            if not name.startswith("-") and self.get_command(ctx, name) is None:
                raise Mistyped(_unknown_command(ctx, name, self.list_commands(ctx)))
        return super().resolve_command(ctx, args)


def _unknown_command(ctx: typer.Context, name: str, names: list[str]) -> str:
    prefix = _path(ctx)
    prefix = f"{prefix} " if prefix else ""
    close = _closest(name, names)
    if close:
        return f'no command "{prefix}{name}"; did you mean "{prefix}{close}"?'
    return f'no command "{prefix}{name}"; `{ctx.command_path} --help` lists them'


def _closest(typed: str, names: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(typed, names, n=1, cutoff=0.5)
    return found[0] if found else None


def _path(ctx: typer.Context | None) -> str:
    """``session start`` for ``coach session start``: the command without the program."""
    if ctx is None:
        return ""
    return " ".join(ctx.command_path.split()[1:])


def _help(ctx: typer.Context | None) -> str:
    return f"`{ctx.command_path} --help`" if ctx is not None else "`coach --help`"


def usage_line(problem: _click.ClickException) -> str:
    """One plain line for what click found wrong with the command line."""
    ctx = getattr(problem, "ctx", None)
    if isinstance(problem, _click.exceptions.NoSuchOption):
        return _unknown_option(ctx, problem.option_name)
    if isinstance(problem, _click.exceptions.MissingParameter) and problem.param is not None:
        if problem.param.param_type_name == "option":
            return f"{problem.param.opts[0]} is needed: {_usage(ctx)}"
        return f"missing {_name(problem.param)}: {_usage(ctx)}"
    if isinstance(problem, _click.exceptions.BadParameter):
        return _value(problem.param, problem.message)
    message = problem.format_message()
    needs = re.fullmatch(r"Option '(.+)' requires (an argument|\d+ arguments)\.", message)
    if needs:
        return f"{needs.group(1)} needs a value after it"
    flag = re.fullmatch(r"Option '(.+)' does not take a value\.", message)
    if flag:
        return f"{flag.group(1)} takes no value: write {flag.group(1)} alone"
    extra = re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", message)
    if extra:
        where = f"coach {_path(ctx)}".strip()
        words = [ctx.params.get(name) for name in ("name", "coachee")] if ctx else []
        given = next((w for w in words if isinstance(w, str) and w), None)
        if given:  # `coach followup tom reid`: a name in two words
            return f'a name with a space goes in quotes: {where} "{given} {extra.group(1)}"'
        return f'{where} does not take "{extra.group(1)}"; {_help(ctx)} shows what it takes'
    return f"{_sentence(message)}; {_help(ctx)} shows how to use it"


def _unknown_option(ctx: typer.Context | None, option: str) -> str:
    where = f" for coach {_path(ctx)}" if _path(ctx) else ""
    names: list[str] = []
    if ctx is not None:
        for param in ctx.command.get_params(ctx):
            names += [*param.opts, *param.secondary_opts]
        root = ctx.find_root()
        for param in root.command.params if root is not ctx else ():
            if option in param.opts:  # a global option after the command: say where it goes
                value = f" {param.metavar}" if param.metavar else ""
                return f"put {option} before the command: coach {option}{value} {_path(ctx)}"
    close = _closest(option, [name for name in names if name.startswith("-")])
    if close:
        return f'no option "{option}"{where}; did you mean "{close}"?'
    return f'no option "{option}"{where}; {_help(ctx)} lists them'


def _usage(ctx: typer.Context | None) -> str:
    """``coach session show ID``: how the command is typed, without its options."""
    if ctx is None:
        return "see `coach --help`"
    pieces = [ctx.command_path]
    for param in ctx.command.params:
        if param.param_type_name == "argument":
            name = _name(param)
            pieces.append(name if param.required else f"[{name}]")
    return " ".join(pieces)


def _name(param: _click.core.Parameter) -> str:
    """An argument as the help names it: its metavar, or its name in capitals."""
    return param.metavar or (param.name or "value").upper()


def _value(param: _click.core.Parameter | None, message: str) -> str:
    """What was wrong with a value, in plain words."""
    hint = "a value" if param is None else _name(param)
    if param is not None and param.param_type_name == "option":
        hint = param.opts[0]
    number = re.fullmatch(r"'(.*)' is not a valid (?:integer|int range)\.?", message)
    if number:
        return f"{hint} needs a whole number, not '{number.group(1)}'"
    low = re.fullmatch(r"(.*) is not in the range x>=(\d+)\.?", message)
    if low:
        return f"{hint} must be {low.group(2)} or more, not {low.group(1)}"
    return f"{hint}: {_sentence(message)}"


def _sentence(text: str) -> str:
    """Click's words as part of our line: no capital to begin, no full stop to end."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
