"""The kinds of stage a flow can use: one module each, found by its ``KIND``.

A stage module has ``KIND = "name"`` (the ``kind:`` a stage has in ``flows.yaml``) and
``run(conversation, stage, index) -> str``, which asks what the stage needs through the
conversation's asker and returns ``NEXT`` or ``BACK``. To add a kind of stage, add a
module here: nothing else needs editing (docs/architecture.md).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

StageRun = Callable[..., str]
"""``run(conversation, stage, index) -> NEXT or BACK`` (typed loosely here so that this
package need not import the engine that imports it)."""


def handlers() -> dict[str, StageRun]:
    """Every stage kind this coachcli knows, by kind, from the modules in this package
    (Python keeps each module once imported, so asking again is cheap)."""
    found: dict[str, StageRun] = {}
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        kind = getattr(loaded, "KIND", None)
        run = getattr(loaded, "run", None)
        if isinstance(kind, str) and callable(run):
            found[kind] = run
    return found
