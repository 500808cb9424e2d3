"""What a school writes about its own coaching, as pydantic models: the coaching skills
it leans on (NCSL), its bar, the criteria for action steps and the conversation flows;
and what every framework file shares (its head, ids and text).

``frameworks.py`` loads and cross-checks these files (and the words of ``words.py``)
and is where callers import them from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from coachcli.records.reflection import ReflectionWords
from coachcli.records.validation import Record
from coachcli.records.vocabulary import Kind

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, Field(min_length=1)]
"""Text with something in it; every string in a framework file is stripped first."""

Problem = tuple[tuple[Any, ...], str]
"""A location inside one file (keys and list indexes) and what is wrong there."""


def shipped_default(description: str) -> Any:
    """A key added after schools had their own files: left out, coachcli's own value
    (matched by id) is used, and `coach doctor` says once how to add it
    (``frameworks.fill_new_keys``)."""
    return Field(
        None,
        description=f"{description} Left out: coachcli's own is used.",
        json_schema_extra={"shipped_default": True},
    )


class FileHead(Record):
    """The keys every framework file starts with."""

    format_version: Annotated[int, Field(ge=1)]
    revision: Text  # the school's own edition label; bump it on edits
    title: Text


def duplicates(items: Iterable[Any], loc: tuple[Any, ...]) -> Iterator[Problem]:
    """The first id used more than once in ``items``."""
    listed = list(items)
    seen = Counter(item.id for item in listed)
    for index, item in enumerate(listed):
        if seen[item.id] > 1:
            yield (*loc, index, "id"), f"the id {item.id!r} is used more than once"
            return


Strategy = Literal[
    "defining_the_bar",
    "collecting_evidence",
    "developing_action_steps",
    "encouraging_practice",
    "following_up",
]
StageKind = Annotated[
    Id,
    Field(
        description="A kind of stage coachcli knows: context, notes, followup, evidence,"
        " action_steps, practice, close (or one added as a module in conversation/stages)."
    ),
]

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
    cues: list[Text] | None = shipped_default(
        "Moves the coach makes rather than questions (say it back, sum up, stay quiet),"
        " offered beside the questions."
    )
    reflect: Text | None = shipped_default(
        "A question the coach asks themselves about this skill after a session (coach reflect)."
    )


class SkillsFile(FileHead):
    framework: Literal["skills"]
    source: Text | None = None
    qualities: Annotated[list[Quality], Field(min_length=1)]
    skills: Annotated[list[Skill], Field(min_length=1)]
    reflection: ReflectionWords | None = shipped_default(
        "The rating scale and words of `coach reflect`, where the coach looks back at their"
        " own practice against the qualities and skills."
    )


# --- the school's bar -------------------------------------------------------------


class Role(Record):
    id: Id
    name: Text
    kind: Kind  # the usual kind of coaching for this role


class EvidenceSource(Record):
    id: Id
    name: Text
    kinds: list[Kind] | None = shipped_default(
        "The kinds of coaching this source is offered for (leadership, instructional)."
        " Left out of a school's own source: offered for both."
    )

    def fits(self, kind: Kind | None) -> bool:
        return not self.kinds or kind is None or kind in self.kinds


class BarItem(Record):
    id: Id
    title: Text
    looks_like: Text
    roles: Annotated[list[Id], Field(min_length=1)]
    critical: bool = False
    evidence: list[Id] = Field(default_factory=list)


Aspect = Literal["competencies", "practices"]


class BarSection(Record):
    id: Id
    title: Text
    kind: Kind
    about: Text
    aspect: Aspect | None = shipped_default(
        "competencies (being a leader: what a leader shows) or practices (engaging in"
        " leadership or teaching: what they do), told apart in the focus menu."
    )
    items: Annotated[list[BarItem], Field(min_length=1)]


class BarFile(FileHead):
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

    def focus_groups(self, role: str, kind: Kind) -> list[tuple[BarSection, list[BarItem]]]:
        """The items for this role and kind under their sections, critical items first
        in each; sections holding a critical item come first."""
        groups = []
        for section in self.sections:
            items = [i for i in section.items if section.kind == kind and role in i.roles]
            if items:
                groups.append((section, sorted(items, key=lambda item: not item.critical)))
        return sorted(groups, key=lambda group: not any(i.critical for i in group[1]))


# --- action-step criteria ---------------------------------------------------------


class Criterion(Record):
    id: Id
    name: Text
    meaning: Text
    check: Text  # a yes/no question; yes means the step meets it


class Contrast(Record):
    """A weak action step beside a strong one, and why the second is stronger."""

    weak: Text
    strong: Text
    why: Text


class CriteriaSet(Record):
    id: Id
    name: Text
    kind: Kind  # the kind of coaching whose action steps it checks
    example: Contrast | None = None  # shown beside a weak-step hint for this kind
    criteria: Annotated[list[Criterion], Field(min_length=1)]


class CriteriaFile(FileHead):
    framework: Literal["criteria"]
    sets: Annotated[list[CriteriaSet], Field(min_length=1)]
    contrast: Contrast | None = Field(
        None,
        description="Older files: one example for everyone, now read as the leaders' one;"
        " give each set its own `example` instead.",
    )

    def for_kind(self, kind: Kind) -> CriteriaSet:
        return next(s for s in self.sets if s.kind == kind)

    def example_for(self, kind: Kind) -> Contrast | None:
        """The example for ``kind``: its set's own, or an older file's ``contrast``
        for leaders."""
        own = self.for_kind(kind).example
        return self.contrast if own is None and kind == "leadership" else own


# --- conversation flows -----------------------------------------------------------


class StrategyInfo(Record):
    """One of the five strategies of leadership coaching, as the coach sees it."""

    id: Strategy
    name: Text
    meaning: Text


class Stage(Record):
    id: Id
    kind: StageKind
    title: Text
    purpose: Text
    skill: Id | None = None
    strategy: Strategy | None = None
    prompts: list[Text] = Field(default_factory=list)
    brief: bool = False
    """A follow-up stage that reviews each open step in one line (status and a note)."""

    def bank(self, skill: Skill | None) -> list[str]:
        """The skill's questions this stage does not already ask, in other words or not."""
        if skill is None:
            return []
        kept: list[str] = []
        for prompt in skill.prompts:
            if not any(same_question(prompt, other) for other in [*self.prompts, *kept]):
                kept.append(prompt)
        return kept


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "about",
        "are",
        "be",
        "do",
        "does",
        "for",
        "i",
        "if",
        "in",
        "is",
        "it",
        "me",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "there",
        "this",
        "to",
        "we",
        "what",
        "would",
        "you",
        "your",
    ]
)


def _content_words(text: str) -> set[str]:
    words = "".join(ch if ch.isalnum() or ch == "'" else " " for ch in text.casefold()).split()
    return {word for word in words if word not in _SMALL_WORDS}


def same_question(one: str, other: str) -> bool:
    """Two wordings of one question: the same words that matter, one's within the
    other's or nearly all shared ("What would your team say if I asked them?" and
    "What would your team say if I asked them about this?")."""
    a, b = _content_words(one), _content_words(other)
    if not a or not b:
        return one.casefold().strip() == other.casefold().strip()
    shared = len(a & b)
    return shared == min(len(a), len(b)) or shared / len(a | b) >= 0.6


class Flow(Record):
    id: Id
    title: Text
    about: Text
    stages: Annotated[list[Id], Field(min_length=1)]
    max_action_steps: Annotated[int, Field(ge=1)] | None = None
    reuse_focus: bool | None = shipped_default(
        "yes: the context stage offers last session's focus and kind of coaching as the"
        " first choice instead of asking them again (a short follow-on conversation)."
    )


class FlowsFile(FileHead):
    framework: Literal["flows"]
    strategies: list[StrategyInfo] | None = shipped_default(
        "The five strategies of leadership coaching a stage may name as its `strategy`."
    )
    stages: Annotated[list[Stage], Field(min_length=1)]
    flows: Annotated[list[Flow], Field(min_length=1)]

    def strategy(self, strategy_id: str | None) -> StrategyInfo | None:
        return next((s for s in self.strategies or [] if s.id == strategy_id), None)

    def flow(self, flow_id: str) -> Flow | None:
        return next((f for f in self.flows if f.id == flow_id), None)

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)
