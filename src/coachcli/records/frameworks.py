"""The school's frameworks: coaching skills, the bar, action-step criteria and flows,
and the words of the conversation and its weak-step hints (``words.py``).

Each is a YAML file in a workspace's ``frameworks/`` folder, naming its kind with a
``framework:`` key and its schema with ``format_version``. Everything here is data a
school may edit; the code only walks it. Unknown keys are errors, and references
between files are checked, so a typo never vanishes silently. A folder made before a
kind existed (``conversation``, ``hints``) uses coachcli's own copy of it until
``coach init`` adds it, and a key added to a kind later (marked ``shipped_default``
in its model) takes coachcli's own value, matched by id, until the school adds it
(:func:`missing_help` says so).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel

from coachcli.errors import FileProblem
from coachcli.records.formats import FRAMEWORKS_FORMAT
from coachcli.records.library import StepsFile
from coachcli.records.numbers import format_problem
from coachcli.records.school import BarFile as BarFile
from coachcli.records.school import Contrast as Contrast
from coachcli.records.school import CriteriaFile as CriteriaFile
from coachcli.records.school import FileHead, Problem, duplicates
from coachcli.records.school import FlowsFile as FlowsFile
from coachcli.records.school import Skill as Skill
from coachcli.records.school import SkillsFile as SkillsFile
from coachcli.records.school import Stage as Stage
from coachcli.records.school import StrategyInfo as StrategyInfo
from coachcli.records.validation import convert, loc_text
from coachcli.records.vocabulary import Kind
from coachcli.records.wording import ConversationFile as ConversationFile
from coachcli.records.wording import conversation_problems
from coachcli.records.words import HintsFile as HintsFile
from coachcli.records.words import hints_problems
from coachcli.records.yamlio import Loaded, loads, read_text

FORMAT_VERSION = FRAMEWORKS_FORMAT
"""The newest framework file format this version of coachcli reads."""

KINDS = ("skills", "bar", "criteria", "flows", "conversation", "hints", "steps")
SHIPPED = ("conversation", "hints", "steps")
"""Kinds a workspace's folder may lack (it was made before they existed): coachcli's
own copy is used instead."""


_MODELS: dict[str, type[FileHead]] = {
    "skills": SkillsFile,
    "bar": BarFile,
    "criteria": CriteriaFile,
    "flows": FlowsFile,
    "conversation": ConversationFile,
    "hints": HintsFile,
    "steps": StepsFile,
}
LIBRARY = "steps.yaml"
"""The step library's file: a problem in it turns the library off with a warning
(``Frameworks.library_problem``) instead of stopping a session."""


# --- loading and checking ---------------------------------------------------------


@dataclass(frozen=True)
class FrameworkFile:
    """One validated framework file with where it came from and what it hashes to."""

    path: Path
    model: FileHead
    source: Loaded
    digest: str

    def fail(self, loc: tuple[Any, ...], message: str) -> FileProblem:
        where = loc_text(loc)
        return FileProblem(
            self.path, f"{where}: {message}" if where else message, self.source.line_of(loc)
        )


def _stripped(data: Any) -> Any:
    """Every string with its surrounding white space (and block scalars' last newline) gone."""
    if isinstance(data, str):
        return data.strip()
    if isinstance(data, dict):
        return {key: _stripped(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_stripped(value) for value in data]
    return data


def read_file(path: Path, expect: str | None = None) -> FrameworkFile:
    """Load and validate one framework file (its own references included)."""
    text = read_text(path)  # read once: the digest is of what was parsed
    source = loads(text, path)
    data = source.data
    if not isinstance(data, dict):
        raise FileProblem(path, "a framework file must be a mapping of keys", 1)
    kind = data.get("framework")
    if kind not in _MODELS:
        line = source.line_of(("framework",))
        raise FileProblem(path, f"framework: must be one of {', '.join(KINDS)}", line)
    if expect and kind != expect:
        raise FileProblem(path, f"is a {kind} framework, not {expect}")
    if "format_version" in data:
        problem = format_problem(data["format_version"], FORMAT_VERSION, "framework ")
        if problem is not None:
            raise FileProblem(path, problem, source.line_of(("format_version",)))
    model = convert(_MODELS[kind], _stripped(data), path, source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]  # the bytes read
    loaded = FrameworkFile(path, model, source, digest)
    for loc, message in _own_problems(model):
        raise loaded.fail(loc, message)
    return loaded


def _own_problems(model: FileHead) -> Iterator[Problem]:
    """References inside one file: duplicate ids and names that point nowhere."""
    if isinstance(model, SkillsFile):
        yield from duplicates(model.skills, ("skills",))
        yield from duplicates(model.qualities, ("qualities",))
    elif isinstance(model, BarFile):
        yield from duplicates(model.roles, ("roles",))
        yield from duplicates(model.evidence_sources, ("evidence_sources",))
        yield from duplicates(model.sections, ("sections",))
        yield from duplicates([i for _, i in model.items()], ("sections",))
        roles = {r.id for r in model.roles}
        sources = {e.id for e in model.evidence_sources}
        for s, section in enumerate(model.sections):
            for i, item in enumerate(section.items):
                at = ("sections", s, "items", i)
                for r, role in enumerate(item.roles):
                    if role not in roles:
                        yield (*at, "roles", r), f"no role {role!r} is defined under roles"
                for e, source in enumerate(item.evidence):
                    if source not in sources:
                        yield (
                            (*at, "evidence", e),
                            (f"no evidence source {source!r} is defined under evidence_sources"),
                        )
    elif isinstance(model, CriteriaFile):
        yield from duplicates(model.sets, ("sets",))
        set_kinds = [s.kind for s in model.sets]
        for kind in ("leadership", "instructional"):
            if set_kinds.count(kind) != 1:
                yield ("sets",), f"needs exactly one set with kind: {kind}"
        for s, criteria_set in enumerate(model.sets):
            yield from duplicates(criteria_set.criteria, ("sets", s, "criteria"))
    elif isinstance(model, FlowsFile):
        yield from duplicates(model.stages, ("stages",))
        yield from duplicates(model.flows, ("flows",))
        stages = {s.id: s for s in model.stages}
        for f, flow in enumerate(model.flows):
            kinds: list[str] = []
            for s, stage_id in enumerate(flow.stages):
                at = ("flows", f, "stages", s)
                if stage_id not in stages:
                    yield at, f"no stage {stage_id!r} is defined under stages"
                    continue
                kind = stages[stage_id].kind
                if kind != "notes" and kind in kinds:
                    yield at, f"a flow may hold only one {kind} stage"
                if kind == "practice" and "action_steps" not in kinds:
                    yield at, "a practice stage needs an action_steps stage before it"
                kinds.append(kind)
            if stages.get(flow.stages[0]) and stages[flow.stages[0]].kind != "context":
                yield ("flows", f, "stages", 0), "a flow must begin with a context stage"
    elif isinstance(model, ConversationFile):
        yield from conversation_problems(model)
    elif isinstance(model, HintsFile):
        yield from hints_problems(model)


@dataclass(frozen=True)
class Frameworks:
    """A workspace's complete, cross-checked set of frameworks."""

    folder: Path
    files: dict[str, FrameworkFile]
    defaulted: list[str] = field(default_factory=list)
    """The kinds taken from coachcli's own frameworks: ``folder`` has no file for them."""
    filled: dict[str, list[str]] = field(default_factory=dict)
    """Keys added in a later coachcli that a file lacks, by file name: coachcli's own
    values are used for them."""
    library_problem: str | None = None
    """Why the step library is off (its file could not be read), else None."""

    @property
    def library(self) -> StepsFile | None:
        """The library of strong steps, unless its file has a problem."""
        loaded = self.files.get("steps")
        return None if loaded is None else loaded.model  # type: ignore[return-value]

    @property
    def skills(self) -> SkillsFile:
        return self.files["skills"].model  # type: ignore[return-value]

    @property
    def bar(self) -> BarFile:
        return self.files["bar"].model  # type: ignore[return-value]

    @property
    def criteria(self) -> CriteriaFile:
        return self.files["criteria"].model  # type: ignore[return-value]

    @property
    def flows(self) -> FlowsFile:
        return self.files["flows"].model  # type: ignore[return-value]

    @property
    def conversation(self) -> ConversationFile:
        return self.files["conversation"].model  # type: ignore[return-value]

    @property
    def hints(self) -> HintsFile:
        return self.files["hints"].model  # type: ignore[return-value]

    def example(self, kind: Kind) -> Contrast:
        """The weak and strong example shown with a weak-step hint for ``kind``: the
        school's, else (a criteria file from before there was one per kind) coachcli's."""
        found = self.criteria.example_for(kind)
        if found is None:
            found = cast(CriteriaFile, shipped("criteria")).example_for(kind)
        assert found is not None, "the shipped criteria have an example for each kind"
        return found

    def skill(self, skill_id: str | None) -> Skill | None:
        return next((s for s in self.skills.skills if s.id == skill_id), None)

    def strategy(self, strategy_id: str | None) -> StrategyInfo | None:
        """The leadership-coaching strategy a stage names (``stage.strategy``), with
        the name a coach reads."""
        return self.flows.strategy(strategy_id)

    def versions(self) -> dict[str, dict[str, Any]]:
        """What a session records of the frameworks it used."""
        return {
            kind: {
                "file": loaded.path.name,
                "format_version": loaded.model.format_version,
                "revision": loaded.model.revision,
                "sha256": loaded.digest,
            }
            for kind, loaded in self.files.items()
        }


def framework_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.startswith("."))


def shipped_dir() -> Path:
    """coachcli's own frameworks: packaged in the wheel as ``coachcli/frameworks``, or
    the checkout's ``frameworks/`` (the same files; ``store.workspace`` copies them)."""
    package = Path(__file__).resolve().parents[1]  # src/coachcli (or coachcli in a wheel)
    packaged = package / "frameworks"
    return packaged if packaged.is_dir() else package.parents[1] / "frameworks"


def _shipped_file(kind: str) -> FrameworkFile:
    return read_file(shipped_dir() / f"{kind}.yaml", expect=kind)


def shipped(kind: str) -> FileHead:
    """coachcli's own framework of ``kind``, as packaged."""
    return _shipped_file(kind).model


def load_frameworks(folder: Path) -> Frameworks:
    """Load every framework in ``folder`` and check the references between them; a
    kind of SHIPPED that the folder lacks is coachcli's own (listed in ``defaulted``)."""
    if not folder.is_dir():
        raise FileProblem(folder, "no frameworks folder here (run `coach init` to make one)")
    files: dict[str, FrameworkFile] = {}
    library_problem = None
    for path in framework_files(folder):
        try:
            loaded = read_file(path)
        except FileProblem as problem:
            if path.name != LIBRARY:
                raise
            library_problem = str(problem)  # the library is off; the rest runs
            continue
        kind = loaded.model.framework  # type: ignore[attr-defined]
        if kind in files:
            raise FileProblem(path, f"a second {kind} framework; {files[kind].path.name} is one")
        files[kind] = loaded
    defaulted = [kind for kind in SHIPPED if kind not in files]
    if library_problem is not None:
        defaulted.remove("steps")
    for kind in defaulted:
        files[kind] = _shipped_file(kind)
    for kind in KINDS:
        if kind not in files and not (kind == "steps" and library_problem):
            raise FileProblem(
                folder, f"no {kind} framework (a .yaml file with `framework: {kind}`)"
            )
    filled: dict[str, list[str]] = {}
    for kind, loaded in files.items():
        if kind not in defaulted and any(_fill(loaded.model, None)):
            keys = sorted(set(_fill(loaded.model, shipped(kind))))
            if keys:
                filled[loaded.path.name] = keys
    frameworks = Frameworks(folder, files, defaulted, filled, library_problem)
    for kind, loc, message in _cross_problems(frameworks):
        raise files[kind].fail(loc, message)
    return frameworks


def _fill(model: BaseModel, theirs: BaseModel | None) -> Iterator[str]:
    """The names of the keys added in a later coachcli (``shipped_default``) that
    ``model`` lacks, each set to coachcli's own value (``theirs``, matched by id in
    lists) where it has one; with ``theirs`` None, only which are lacking."""
    looking = theirs is None
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        own = None if looking else getattr(theirs, name, None)
        extra = info.json_schema_extra
        if value is None and isinstance(extra, dict) and extra.get("shipped_default"):
            if looking or own is not None:
                if own is not None:
                    setattr(model, name, _copy(own))
                yield name
        elif isinstance(value, BaseModel) and (looking or isinstance(own, BaseModel)):
            yield from _fill(value, own)
        elif isinstance(value, list):
            by_id = {getattr(o, "id", None): o for o in own} if isinstance(own, list) else {}
            for item in value:
                match = by_id.get(getattr(item, "id", None))
                if isinstance(item, BaseModel) and (looking or match is not None):
                    yield from _fill(item, match)


def _copy(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    return list(value) if isinstance(value, list) else value


def conversation_words(folder: Path) -> ConversationFile:
    """The words of the conversation alone, for a command that asks a few questions
    without needing every framework (`coach followup NAME --record`): ``folder``'s
    ``conversation.yaml``, else coachcli's own."""
    path = folder / "conversation.yaml"
    if not path.is_file():
        path = shipped_dir() / "conversation.yaml"
    return cast(ConversationFile, read_file(path, expect="conversation").model)


def _cross_problems(fw: Frameworks) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    skills = {s.id for s in fw.skills.skills}
    for s, stage in enumerate(fw.flows.stages):
        if stage.skill is not None and stage.skill not in skills:
            yield (
                "flows",
                ("stages", s, "skill"),
                f"no skill {stage.skill!r} in {fw.files['skills'].path.name}",
            )


def missing_help(frameworks: Frameworks) -> str | None:
    """One plain line on what a workspace made by an older coachcli lacks and how to
    add it, or None when nothing is missing."""
    said = []
    if frameworks.defaulted:
        names = " or ".join(f"{kind}.yaml" for kind in frameworks.defaulted)
        them = "them" if len(frameworks.defaulted) > 1 else "it"
        said.append(
            f"frameworks/ has no {names}: coachcli uses its own; run `coach init` in this"
            f" workspace to add {them} (nothing you edited is overwritten)"
        )
    lacking = [
        who
        for kind, who in (("instructional", "teachers"), ("leadership", "leaders"))
        if frameworks.criteria.example_for(kind) is None  # type: ignore[arg-type]
    ]
    if frameworks.filled:
        files = ", ".join(f"{name} ({', '.join(keys)})" for name, keys in frameworks.filled.items())
        said.append(
            f"some framework files lack keys added in a later coachcli: {files}; coachcli"
            " uses its own for them; to add them, run `coach init` in an empty folder and"
            " copy them from its frameworks/"
        )
    if lacking:
        said.append(
            f"{frameworks.files['criteria'].path.name} has no weak and strong example for"
            f" {' or '.join(lacking)}: coachcli shows its own; add an `example:` (weak,"
            " strong, why) to that set"
        )
    return "; ".join(said) or None
