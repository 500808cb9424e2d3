"""The school's frameworks, listed and shown readably (`coach frameworks list|show`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from coachcli.records.frameworks import BarFile, CriteriaFile, FlowsFile, Frameworks, SkillsFile
from coachcli.ui.console import heading, indent
from coachcli.ui.visible import visible


def frameworks_table(out: Console, fw: Frameworks) -> None:
    from rich.table import Table  # here, not at the top: listings need not import it

    table = Table(title=visible(f"Frameworks in {fw.folder}"), title_justify="left")
    for column in ("name", "file", "format", "revision", "what it holds"):
        table.add_column(column)
    for kind, loaded in fw.files.items():
        cells = (
            kind,
            loaded.path.name,
            str(loaded.model.format_version),
            loaded.model.revision,
            _summary(loaded.model),
        )
        table.add_row(*(visible(cell, lines=False) for cell in cells))
    out.print(table)
    if fw.bar.example:
        out.print("The bar is the example one: edit frameworks/bar.yaml to describe your school's.")


def _summary(model: object) -> str:
    from coachcli.records.frameworks import BarFile, CriteriaFile, FlowsFile, SkillsFile
    from coachcli.records.wording import ConversationFile
    from coachcli.records.words import HintsFile

    if isinstance(model, SkillsFile):
        prompts = sum(len(s.prompts) for s in model.skills)
        return f"{len(model.skills)} skills, {prompts} prompts, {len(model.qualities)} qualities"
    if isinstance(model, BarFile):
        items = sum(1 for _ in model.items())
        return f"{len(model.sections)} sections, {items} items, {len(model.roles)} roles"
    if isinstance(model, CriteriaFile):
        return ", ".join(f"{s.name}: {len(s.criteria)} criteria" for s in model.sets)
    if isinstance(model, FlowsFile):
        return ", ".join(f"{f.id} ({len(f.stages)} stages)" for f in model.flows)
    if isinstance(model, ConversationFile):
        places = len(model.places.leadership) + len(model.places.instructional)
        return f"the questions of every stage, {places} practice places"
    if isinstance(model, HintsFile):
        return f"{len(model.rules.listed())} weak-step rules"
    return ""


def show_framework(out: Console, fw: Frameworks, kind: str) -> None:
    from coachcli.records.frameworks import BarFile, CriteriaFile, FlowsFile, SkillsFile
    from coachcli.records.wording import ConversationFile
    from coachcli.records.words import HintsFile
    from coachcli.ui.words import show_conversation, show_hints

    model = fw.files[kind].model
    out.print(Text(model.title, style="bold"))
    out.print(
        Text(
            f"{fw.files[kind].path}  ·  format {model.format_version}  ·  revision "
            f"{model.revision}",
            style="dim",
        )
    )
    out.print()
    if isinstance(model, SkillsFile):
        _show_skills(out, model)
    elif isinstance(model, BarFile):
        _show_bar(out, model)
    elif isinstance(model, CriteriaFile):
        _show_criteria(out, model)
    elif isinstance(model, FlowsFile):
        _show_flows(out, model, fw)
    elif isinstance(model, ConversationFile):
        show_conversation(out, model)
    elif isinstance(model, HintsFile):
        show_hints(out, model)


def _show_skills(out: Console, model: SkillsFile) -> None:
    heading(out, "The five coaching skills")
    for skill in model.skills:
        out.print(Text(f"\n{skill.name}  [{skill.id}]", style="bold"))
        out.print(Text(skill.meaning))
        for prompt in skill.prompts:
            indent(out, f"• {prompt}", 2, hang=2)
        for cue in skill.cues or []:
            indent(out, f"◦ {cue}", 2, style="italic", hang=2)
    heading(out, "\nThe four qualities of good coaching practice")
    for quality in model.qualities:
        out.print(Text(f"\n{quality.name}  [{quality.id}]", style="bold"))
        out.print(Text(quality.meaning))
        out.print(Text(f"  Ask yourself: {quality.reflect}", style="italic"))


def _show_bar(out: Console, model: BarFile) -> None:
    if model.example:
        out.print(Text("EXAMPLE BAR: replace it with your school's own.", style="bold red"))
    if model.note:
        out.print(Text(model.note))
    roles = {r.id: r.name for r in model.roles}
    sources = {s.id: s.name for s in model.evidence_sources}
    for section in model.sections:
        out.print()
        heading(out, f"{section.title}  ({section.kind})")
        out.print(Text(section.about, style="dim"))
        for item in section.items:
            mark = "  ★ critical here" if item.critical else ""
            out.print(Text(f"\n{item.title}  [{item.id}]{mark}", style="bold"))
            out.print(Text(item.looks_like))
            out.print(Text("  roles: " + ", ".join(roles[r] for r in item.roles), style="dim"))
            if item.evidence:
                evidence = ", ".join(sources[e] for e in item.evidence)
                out.print(Text(f"  evidence: {evidence}", style="dim"))


def _show_criteria(out: Console, model: CriteriaFile) -> None:
    for criteria_set in model.sets:
        heading(out, f"{criteria_set.name}  [{criteria_set.id}, {criteria_set.kind} coaching]")
        for criterion in criteria_set.criteria:
            out.print(Text(f"  {criterion.name}: ", style="bold") + Text(criterion.meaning))
            out.print(Text(f"    check: {criterion.check}", style="dim"))
        out.print()
    from coachcli.ui.words import show_examples

    show_examples(out, model)


def _show_flows(out: Console, model: FlowsFile, fw: Frameworks) -> None:
    if model.strategies:
        heading(out, "The coaching strategies")
        for strategy in model.strategies:
            indent(out, f"{strategy.name}: {strategy.meaning}", 2, hang=2)
        out.print()
    for flow in model.flows:
        heading(out, f"{flow.title}  [{flow.id}]")
        out.print(Text(flow.about, style="dim"))
        for number, stage_id in enumerate(flow.stages, 1):
            stage = model.stage(stage_id)
            names = [
                part.name for part in (fw.skill(stage.skill), fw.strategy(stage.strategy)) if part
            ]
            lean = "".join(f"  · {name}" for name in names)
            out.print(Text(f"  {number:>2}. {stage.title}{lean}", style="bold"))
            indent(out, stage.purpose, 6)
        out.print()
