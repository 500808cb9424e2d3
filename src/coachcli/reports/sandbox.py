"""Jinja's sandbox with limits, so a template planted in a workspace cannot hang an
export or exhaust memory.

Jinja's own sandbox keeps a template from reaching Python's internals but not from
asking for ``'x' * 10**10``, a loop of a billion turns, a macro that calls itself, or
a width of a billion in ``center``/``format``. Here every such thing has a ceiling, and
going over it is a ``SecurityError`` (one "template error" line):

- text and lists made by ``*``, ``+``, ``~`` or a join are at most ``MAX_TEXT`` long,
  and whole numbers at most ``MAX_BITS`` bits (``2 ** 10**9`` is refused before it is
  worked out);
- loop turns and calls together are at most ``MAX_STEPS`` in one export (every
  ``for`` is counted, however it is nested);
- macros call macros at most ``MAX_DEPTH`` deep;
- a number given to a filter or a method (a width, a count) is at most ``MAX_TEXT``,
  and a format string may not ask for a width of more than six digits;
- everything made (the results of operators, joins, filters and methods) and printed
  (inside macros and ``{% set %}`` blocks too, plain text included) is at most
  ``MAX_MADE`` characters in all.

Each export builds its own environment, so the counts start afresh every time.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

MAX_TEXT = 2_000_000
"""Characters (or list items) one value may hold, and an export may print."""
MAX_MADE = 20_000_000
"""Characters made and printed in all, in one export."""
MAX_BITS = 100_000
"""A whole number's size (about 30,000 digits)."""
MAX_STEPS = 500_000
"""Loop turns and calls in one export: a journey of hundreds of sessions needs far fewer
(about half a second of work)."""
MACRO_COST = 10
"""A macro call counts as this many steps: it costs about as much as ten loop turns."""
MAX_DEPTH = 50
"""Macros calling macros."""

_WIDE = re.compile(r"[0-9]{7,}")
"""A width or precision of a million or more in a format string."""


class _Counted(NodeTransformer):
    """Rewrites a parsed template so that every loop is counted and every ``~`` is
    capped: both go through the environment, which a template cannot replace."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)  # changes the node's children in place
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None, lineno=node.lineno
        )
        return node

    def visit_Output(self, node: nodes.Output) -> list[nodes.Node]:
        self.generic_visit(node)
        plain = sum(len(n.data) for n in node.nodes if isinstance(n, nodes.TemplateData))
        charge = nodes.Call(
            nodes.EnvironmentAttribute("made"), [nodes.Const(plain)], [], None, None
        )
        return [nodes.ExprStmt(charge, lineno=node.lineno), node]

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(
            nodes.EnvironmentAttribute("capped_join"),
            list(node.nodes),
            [],
            None,
            None,
            lineno=node.lineno,
        )


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} is more than this template may make")


def _size(value: object) -> int:
    return len(value) if isinstance(value, Sized) and not isinstance(value, dict) else 0


class LimitedEnvironment(SandboxedEnvironment):
    """A sandbox that counts: see the module's docstring for each limit."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps = 0
        self.depth = 0
        self.made_so_far = 0
        self.finalize = functools.partial(_printed, self, self.finalize)
        self.add_filters(**self.filters)

    def add_filters(self, **filters: Callable[..., Any]) -> None:
        """Add (or replace) filters, each with the limits of a call."""
        for name, function in filters.items():
            self.filters[name] = _limited_filter(self, name, function)

    # --- counting ---------------------------------------------------------------

    def step(self, cost: int = 1) -> None:
        self.steps += cost
        if self.steps > MAX_STEPS:
            raise SecurityError(f"more than {MAX_STEPS:,} loop turns and calls: stopped")

    def made(self, size: int) -> None:
        """Count ``size`` more characters made or printed."""
        self.made_so_far += size
        if self.made_so_far > MAX_MADE:
            raise SecurityError(f"made or printed more than {MAX_MADE:,} characters: stopped")

    def counted(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.step()
            yield item

    def capped_join(self, *parts: Any) -> str:
        texts = [str(part) for part in parts]
        size = sum(map(len, texts))
        if size > MAX_TEXT:
            raise _too_big("joining these texts")
        self.made(size)
        return "".join(texts)

    # --- operators, calls and filters -------------------------------------------

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            for one, other in ((left, right), (right, left)):
                sequence = isinstance(one, str | list | tuple) and isinstance(other, int)
                if sequence and len(one) * max(other, 0) > MAX_TEXT:
                    raise _too_big(f"repeating a text or list {other:,} times")
            numbers = isinstance(left, int) and isinstance(right, int)
            if numbers and left.bit_length() + right.bit_length() > MAX_BITS:
                raise _too_big("this multiplication")
        elif operator_ == "**":
            numbers = isinstance(left, int) and isinstance(right, int) and right > 0
            if numbers and max(left.bit_length(), 1) * right > MAX_BITS:
                raise _too_big("this power")
        elif operator_ == "+":
            if _size(left) + _size(right) > MAX_TEXT:
                raise _too_big("adding these")
        elif operator_ == "%" and isinstance(left, str):
            _check_format(left)
        return self._made_of(_OPERATORS[operator_](left, right))

    def _made_of(self, value: Any) -> Any:
        self.made(_size(value))
        return value

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.step()
        _check_arguments(args, kwargs)
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(owner, str):
            if name in ("format", "format_map"):
                _check_format(owner)
            elif name == "join" and args:
                _check_join(owner, args[0])
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[1])
        if not isinstance(__obj, Macro):
            return __self._made_of(super().call(__context, __obj, *args, **kwargs))
        __self.step(MACRO_COST - 1)
        if __self.depth >= MAX_DEPTH:
            raise SecurityError(f"macros call each other more than {MAX_DEPTH} deep: stopped")
        __self.depth += 1
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            __self.depth -= 1

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        counted = _Counted().visit(source)
        assert isinstance(counted, nodes.Template)
        return super()._generate(counted, name, filename, defer_init)


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "+": operator.add,
    "**": operator.pow,
    "%": operator.mod,
}


def _printed(env: LimitedEnvironment, finalize: Callable[[Any], Any] | None, value: Any) -> Any:
    """Every printed value, counted (inside macros and ``{% set %}`` blocks too)."""
    shown = finalize(value) if finalize is not None else value
    env.made(len(shown) if isinstance(shown, str) else 0)
    return shown


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
            raise _too_big(f"a width or count of {value:,}")


def _check_format(text: str) -> None:
    if _WIDE.search(text):
        raise _too_big("a format with a width of a million or more")


def _check_join(separator: str, items: Any) -> None:
    if len(separator) * _size(items) > MAX_TEXT:
        raise _too_big("this join")


def _check_replace(text: str, new: Any) -> None:
    if len(text) * max(_size(new), 1) > MAX_TEXT:
        raise _too_big("this replace")


def _limited_filter(
    env: LimitedEnvironment, name: str, function: Callable[..., Any]
) -> Callable[..., Any]:
    """``function`` with the limits of a call: no width or count over MAX_TEXT, no format
    asking for a huge width, no join or replace too big, its result counted."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)  # keeps jinja_pass_arg: the context is still passed
    def limited(*args: Any, **kwargs: Any) -> Any:
        value, given = (args[skip], args[skip + 1 :]) if len(args) > skip else (None, ())
        _check_arguments(given, kwargs)
        if name == "format" and isinstance(value, str):
            _check_format(value)
        elif name == "join" and isinstance(value, Sized):
            _check_join(str(given[0] if given else kwargs.get("d", "")), value)
        elif name == "replace" and isinstance(value, str) and len(given) >= 2:
            _check_replace(value, given[1])
        return env._made_of(function(*args, **kwargs))

    return limited
