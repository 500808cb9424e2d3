"""The school's frameworks: coaching skills, the bar, action-step criteria and flows.

Each is a YAML file in a workspace's ``frameworks/`` folder, naming its kind with a
``framework:`` key and its schema with ``format_version``. Everything here is data a
school may edit; the code only walks it. Unknown keys are errors, and references
between files are checked, so a typo never vanishes silently.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from coachcli.errors import FileProblem
from coachcli.records.validation import Record, convert, loc_text
from coachcli.records.vocabulary import Kind
from coachcli.records.yamlio import Loaded, load

FORMAT_VERSION = 1
"""The newest framework file format this version of coachcli reads."""

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, Field(min_length=1)]
"""Text with something in it; every string in a framework file is stripped first."""
Strategy = Literal[
    "defining_the_bar",
    "collecting_evidence",
    "developing_action_steps",
    "encouraging_practice",
    "following_up",
]
StageKind = Literal["context", "notes", "followup", "evidence", "action_steps", "practice", "close"]
KINDS = ("skills", "bar", "criteria", "flows")


class _File(Record):
    format_version: Annotated[int, Field(ge=1)]
    revision: Text  # the school's own edition label; bump it on edits
    title: Text


# --- coaching skills (NCSL) -------------------------------------------------------


class Quality(Record):
    id: Id
    name: Text
    meaning: Text
    reflect: Text  # a question the coach asks themselves


class Skill(Record):
    id: Id
    name: Text
    meaning: Text
    prompts: Annotated[list[Text], Field(min_length=8)]


class SkillsFile(_File):
    framework: Literal["skills"]
    source: Text | None = None
    qualities: Annotated[list[Quality], Field(min_length=1)]
    skills: Annotated[list[Skill], Field(min_length=1)]


# --- the school's bar -------------------------------------------------------------


class Role(Record):
    id: Id
    name: Text
    kind: Kind  # the usual kind of coaching for this role


class EvidenceSource(Record):
    id: Id
    name: Text


class BarItem(Record):
    id: Id
    title: Text
    looks_like: Text
    roles: Annotated[list[Id], Field(min_length=1)]
    critical: bool = False
    evidence: list[Id] = Field(default_factory=list)


class BarSection(Record):
    id: Id
    title: Text
    kind: Kind
    about: Text
    items: Annotated[list[BarItem], Field(min_length=1)]


class BarFile(_File):
    framework: Literal["bar"]
    example: bool = False
    school: Text
    note: Text | None = None
    roles: Annotated[list[Role], Field(min_length=1)]
    evidence_sources: Annotated[list[EvidenceSource], Field(min_length=1)]
    sections: Annotated[list[BarSection], Field(min_length=1)]

    def items(self) -> Iterator[tuple[BarSection, BarItem]]:
        for section in self.sections:
            for item in section.items:
                yield section, item

    def item(self, item_id: str) -> BarItem | None:
        return next((item for _, item in self.items() if item.id == item_id), None)

    def role(self, role_id: str) -> Role | None:
        return next((role for role in self.roles if role.id == role_id), None)

    def focus_choices(self, role: str, kind: Kind) -> list[BarItem]:
        """Items for this role and kind of coaching, the school's critical ones first."""
        items = [i for s, i in self.items() if s.kind == kind and role in i.roles]
        return sorted(items, key=lambda item: not item.critical)


# --- action-step criteria ---------------------------------------------------------


class Criterion(Record):
    id: Id
    name: Text
    meaning: Text
    check: Text  # a yes/no question; yes means the step meets it


class CriteriaSet(Record):
    id: Id
    name: Text
    kind: Kind  # the kind of coaching whose action steps it checks
    criteria: Annotated[list[Criterion], Field(min_length=1)]


class Contrast(Record):
    weak: Text
    strong: Text
    why: Text


class CriteriaFile(_File):
    framework: Literal["criteria"]
    sets: Annotated[list[CriteriaSet], Field(min_length=1)]
    contrast: Contrast

    def for_kind(self, kind: Kind) -> CriteriaSet:
        return next(s for s in self.sets if s.kind == kind)


# --- conversation flows -----------------------------------------------------------


class Stage(Record):
    id: Id
    kind: StageKind
    title: Text
    purpose: Text
    skill: Id | None = None
    strategy: Strategy | None = None
    prompts: list[Text] = Field(default_factory=list)


class Flow(Record):
    id: Id
    title: Text
    about: Text
    stages: Annotated[list[Id], Field(min_length=1)]
    max_action_steps: Annotated[int, Field(ge=1)] | None = None


class FlowsFile(_File):
    framework: Literal["flows"]
    stages: Annotated[list[Stage], Field(min_length=1)]
    flows: Annotated[list[Flow], Field(min_length=1)]

    def flow(self, flow_id: str) -> Flow | None:
        return next((f for f in self.flows if f.id == flow_id), None)

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)


_MODELS: dict[str, type[_File]] = {
    "skills": SkillsFile,
    "bar": BarFile,
    "criteria": CriteriaFile,
    "flows": FlowsFile,
}

Problem = tuple[tuple[Any, ...], str]
"""A location inside one file (keys and list indexes) and what is wrong there."""


# --- loading and checking ---------------------------------------------------------


@dataclass(frozen=True)
class FrameworkFile:
    """One validated framework file with where it came from and what it hashes to."""

    path: Path
    model: _File
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
    source = load(path)
    data = source.data
    if not isinstance(data, dict):
        raise FileProblem(path, "a framework file must be a mapping of keys", 1)
    kind = data.get("framework")
    if kind not in _MODELS:
        line = source.line_of(("framework",))
        raise FileProblem(path, f"framework: must be one of {', '.join(KINDS)}", line)
    if expect and kind != expect:
        raise FileProblem(path, f"is a {kind} framework, not {expect}")
    version = data.get("format_version")
    if isinstance(version, str) and version.isdigit() and int(version) > FORMAT_VERSION:
        raise FileProblem(
            path,
            f"uses framework format {version}; this coachcli reads up to {FORMAT_VERSION}:"
            " upgrade coachcli",
            source.line_of(("format_version",)),
        )
    model = convert(_MODELS[kind], _stripped(data), path, source)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    loaded = FrameworkFile(path, model, source, digest)
    for loc, message in _own_problems(model):
        raise loaded.fail(loc, message)
    return loaded


def _duplicates(items: Iterable[Any], loc: tuple[Any, ...]) -> Iterator[Problem]:
    listed = list(items)
    seen = Counter(item.id for item in listed)
    for index, item in enumerate(listed):
        if seen[item.id] > 1:
            yield (*loc, index, "id"), f"the id {item.id!r} is used more than once"
            return


def _own_problems(model: _File) -> Iterator[Problem]:
    """References inside one file: duplicate ids and names that point nowhere."""
    if isinstance(model, SkillsFile):
        yield from _duplicates(model.skills, ("skills",))
        yield from _duplicates(model.qualities, ("qualities",))
    elif isinstance(model, BarFile):
        yield from _duplicates(model.roles, ("roles",))
        yield from _duplicates(model.evidence_sources, ("evidence_sources",))
        yield from _duplicates(model.sections, ("sections",))
        yield from _duplicates([i for _, i in model.items()], ("sections",))
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
        yield from _duplicates(model.sets, ("sets",))
        set_kinds = [s.kind for s in model.sets]
        for kind in ("leadership", "instructional"):
            if set_kinds.count(kind) != 1:
                yield ("sets",), f"needs exactly one set with kind: {kind}"
        for s, criteria_set in enumerate(model.sets):
            yield from _duplicates(criteria_set.criteria, ("sets", s, "criteria"))
    elif isinstance(model, FlowsFile):
        yield from _duplicates(model.stages, ("stages",))
        yield from _duplicates(model.flows, ("flows",))
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


@dataclass(frozen=True)
class Frameworks:
    """A workspace's complete, cross-checked set of frameworks."""

    folder: Path
    files: dict[str, FrameworkFile]

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

    def skill(self, skill_id: str | None) -> Skill | None:
        return next((s for s in self.skills.skills if s.id == skill_id), None)

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


def load_frameworks(folder: Path) -> Frameworks:
    """Load every framework in ``folder`` and check the references between them."""
    if not folder.is_dir():
        raise FileProblem(folder, "no frameworks folder here (run `coach init` to make one)")
    files: dict[str, FrameworkFile] = {}
    for path in framework_files(folder):
        loaded = read_file(path)
        kind = loaded.model.framework  # type: ignore[attr-defined]
        if kind in files:
            raise FileProblem(path, f"a second {kind} framework; {files[kind].path.name} is one")
        files[kind] = loaded
    for kind in KINDS:
        if kind not in files:
            raise FileProblem(
                folder, f"no {kind} framework (a .yaml file with `framework: {kind}`)"
            )
    frameworks = Frameworks(folder, files)
    for kind, loc, message in _cross_problems(frameworks):
        raise files[kind].fail(loc, message)
    return frameworks


def _cross_problems(fw: Frameworks) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    skills = {s.id for s in fw.skills.skills}
    for s, stage in enumerate(fw.flows.stages):
        if stage.skill is not None and stage.skill not in skills:
            yield (
                "flows",
                ("stages", s, "skill"),
                f"no skill {stage.skill!r} in {fw.files['skills'].path.name}",
            )
