"""The words of the conversation and the weak-step hints, shown readably
(`coach frameworks show conversation|hints`), and each kind's weak and strong example
from the criteria.

Everything here is the school's text: printed as plain ``Text``, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from coachcli.ui.console import heading

if TYPE_CHECKING:
    from pydantic import BaseModel

    from coachcli.records.frameworks import CriteriaFile
    from coachcli.records.wording import ConversationFile
    from coachcli.records.words import HintsFile

_KINDS = {"leadership": "leadership coaching", "instructional": "instructional coaching"}


def _entries(out: Console, words: BaseModel, indent: str = "  ") -> None:
    """Each entry of a group of words as ``id: text``, in the file's order, with what
    it may fill in."""
    for name, text in words:
        extra = type(words).model_fields[name].json_schema_extra
        fills = extra.get("placeholders") if isinstance(extra, dict) else None
        line = Text(f"{indent}{name}: ", style="bold") + Text(str(text))
        if isinstance(fills, list):
            line += Text("   may use " + ", ".join("{" + str(f) + "}" for f in fills), "dim")
        out.print(line)


def show_conversation(out: Console, model: ConversationFile) -> None:
    heading(out, "The action-step stem")
    out.print(Text("  ") + Text(model.stem))
    for kind in ("leadership", "instructional"):
        out.print()
        heading(out, f"Practice places for {_KINDS[kind]}")
        for place in model.places.of(kind):
            out.print(Text(f"  {place.name}  ") + Text(f"[{place.id}]", style="dim"))
    for stage_kind, words in model.questions:
        out.print()
        heading(out, f"The {stage_kind} stage")
        _entries(out, words)
        menu = getattr(model.menus, stage_kind, None)
        if menu is not None:
            out.print(Text("  the options of its menus:", style="dim"))
            _entries(out, menu, "    ")
    out.print()
    out.print(Text("Words in {braces} are filled in as the conversation runs.", style="dim"))


def show_hints(out: Console, model: HintsFile) -> None:
    for rule_id, rule in model.rules.listed():
        heading(out, rule_id)
        out.print(Text("  ") + Text(rule.message))
        if rule.kinds is not None:
            kinds = ", ".join(_KINDS[k] for k in rule.kinds) or "none (switched off)"
            out.print(Text(f"  only for: {kinds}", style="dim"))
        for name, value in rule:
            if isinstance(value, list) and name != "kinds":
                out.print(Text(f"  {name}: ", style="bold") + Text(", ".join(value)))
            elif isinstance(value, dict):  # named groups (synonyms): one line each
                for group, words in value.items():
                    out.print(Text(f"  {name}.{group}: ", style="bold") + Text(", ".join(words)))
        out.print()
    out.print(Text("observ* is any word that begins observ; # is one digit.", style="dim"))


def show_examples(out: Console, model: CriteriaFile) -> None:
    """Each kind's weak and strong step, as the file has them (an older file's single
    ``contrast`` is the leaders')."""
    for criteria_set in model.sets:
        heading(out, f"A weak step and a strong one: {criteria_set.name}")
        example = model.example_for(criteria_set.kind)
        if example is None:
            out.print(Text("  none here: coachcli shows its own", style="dim"))
        else:
            out.print(Text("  weak:   ", style="bold") + Text(example.weak))
            out.print(Text("  strong: ", style="bold") + Text(example.strong))
            out.print(Text(f"  {example.why}", style="italic"))
        out.print()
