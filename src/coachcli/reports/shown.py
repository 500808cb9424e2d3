"""What an export template is given: plain, frozen data, built from an allow-list.

A template (the shipped ones, or a workspace's own in ``<workspace>/templates``) never
sees a session as it is stored: no pydantic model, store, path or method reaches it.
Each value below is copied field by field from the record, and private notes are left
out here, before any template runs, unless the coach asks for them. A field that is not
named here (the draft's half-typed text, framework fingerprints, hints, earlier
wordings) cannot be printed by any template. Labels saved beside ids are resolved here
too, so a template needs no lookups (``labels.py`` finds those a file lacks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachcli.records.vocabulary import humane, place_label
from coachcli.reports.labels import framework_labels, unlabelled

if TYPE_CHECKING:
    from pathlib import Path

    from coachcli.records.session import ActionStep, Session
    from coachcli.store.people import Person


@dataclass
class Context:
    """The labels each session saved beside its ids (so an export never needs
    ``frameworks/``), and today. Used while the data is built; never given to a template."""

    today: dt.date
    labels: dict[str, str]

    @classmethod
    def of(cls, sessions: list[Session], today: dt.date, frameworks: Path | None = None) -> Context:
        """The labels the ``sessions`` saved; with ``frameworks`` (the workspace's
        folder), those they lack (files from format 1, weak-step hints) from there."""
        labels: dict[str, str] = {}

        def keep(kind: str, key: str | None, label: str | None) -> None:
            if key and label:
                labels[f"{kind}:{key}"] = label

        for s in sessions:
            keep("role", s.role, s.role_name)
            keep("flow", s.flow, s.flow_title)
            for e in s.evidence:
                keep("source", e.source, e.source_name)
            for step in s.action_steps:
                keep("set", step.criteria_set, step.criteria_set_name)
                for c in step.criteria:
                    keep("criterion", f"{step.criteria_set}/{c.id}", c.name)
                if step.practice:
                    keep("place", step.practice.place, step.practice.place_name)
        if frameworks is not None:
            wanted = {kind for s in sessions for kind in unlabelled(s)}
            for key, label in framework_labels(frameworks, wanted).items():
                labels.setdefault(key, label)
        return cls(today, labels)

    def _label(self, kind: str, key: str | None, fallback: str) -> str:
        return self.labels.get(f"{kind}:{key}") or (humane(key) if key else fallback)

    def role(self, role_id: str | None) -> str:
        return self._label("role", role_id, "no role")

    def flow(self, flow_id: str) -> str:
        return self._label("flow", flow_id, "conversation")

    def criterion(self, set_id: str | None, criterion_id: str) -> str:
        return self.labels.get(f"criterion:{set_id}/{criterion_id}") or humane(criterion_id)

    def criteria_set(self, set_id: str | None) -> str:
        return self._label("set", set_id, "criteria")

    def source(self, source_id: str) -> str:
        return self._label("source", source_id, "")

    def place(self, place_id: str | None) -> str:
        found = self.labels.get(f"place:{place_id}")
        return found or place_label(place_id) or ""

    def hint(self, rule: str) -> str:
        """A weak-step hint by the first sentence of its message."""
        return self.labels.get(f"hint:{rule}") or humane(rule)


@dataclass(frozen=True, slots=True)
class NoteShown:
    prompt: str | None
    text: str
    private: bool


@dataclass(frozen=True, slots=True)
class StageShown:
    id: str
    title: str
    skill: str | None
    notes: tuple[NoteShown, ...]


@dataclass(frozen=True, slots=True)
class FocusShown:
    id: str
    title: str
    looks_like: str


@dataclass(frozen=True, slots=True)
class GoalShown:
    """The coachee's own goal and the measure about pupils."""

    own_words: str | None
    pupils: str | None
    baseline: str | None
    target: str | None
    check_by: dt.date | None


@dataclass(frozen=True, slots=True)
class EvidenceShown:
    source: str
    source_name: str
    seen: str
    to_collect: bool
    bar_item: str | None
    collector: str | None
    due: dt.date | None


@dataclass(frozen=True, slots=True)
class RehearsalShown:
    session: str
    seen: str | None
    moves: str | None
    rounds: int
    changed: str | None


@dataclass(frozen=True, slots=True)
class ReviewShown:
    step: str
    status: str
    evidence: str | None
    feedback: str | None
    reflection: str | None


@dataclass(frozen=True, slots=True)
class CriterionShown:
    id: str
    name: str
    met: bool


@dataclass(frozen=True, slots=True)
class PracticeShown:
    place: str | None
    place_name: str
    when: str | None
    observer: str | None
    feedback: str | None
    due: dt.date | None


@dataclass(frozen=True, slots=True)
class StepShown:
    id: str
    text: str
    status: str
    criteria_set: str | None
    criteria_set_name: str
    criteria: tuple[CriterionShown, ...]
    practice: PracticeShown | None
    started_in: str | None
    carried_from: str | None
    kept_because: str | None
    """Why it was kept although it misses some criteria."""
    rehearsals: tuple[RehearsalShown, ...]
    library: str | None
    """The library step it was chosen from (an id in steps.yaml)."""


@dataclass(frozen=True, slots=True)
class CloseShown:
    strengths: str | None
    coachee_summary: str | None
    next_meeting: dt.date | None


@dataclass(frozen=True, slots=True)
class SessionShown:
    id: str
    number: int
    status: str
    coachee: str
    first_name: str
    coach: str | None
    role: str | None
    role_name: str
    kind: str | None
    flow: str
    flow_title: str
    date: dt.date
    started: dt.datetime
    ended: dt.datetime | None
    revision: int
    amended: dt.datetime | None
    focus: FocusShown | None
    goal: GoalShown | None
    goal_now: str | None
    step_stem: str
    stages: tuple[StageShown, ...]
    evidence: tuple[EvidenceShown, ...]
    followup: tuple[ReviewShown, ...]
    action_steps: tuple[StepShown, ...]
    close: CloseShown


@dataclass(frozen=True, slots=True)
class CoachShown:
    """One coach's time with the coachee: from when, whether a handover began it, and
    the sessions they held."""

    coach: str
    start: dt.date
    handover: bool
    sessions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PersonShown:
    name: str
    coaches: tuple[CoachShown, ...] = ()
    """Who coached them when (the coach each session recorded, and handovers)."""
    archived: dt.date | None = None
    """The day they were archived (`coach archive`), if they are."""


@dataclass(frozen=True, slots=True)
class StepLife:
    """One action step across a coachee's sessions."""

    text: str
    set_in: SessionShown
    events: tuple[tuple[SessionShown, str], ...]
    status: str


def _step(step: ActionStep, ctx: Context) -> StepShown:
    plan = step.practice
    practice = None
    if plan is not None:
        practice = PracticeShown(
            plan.place, ctx.place(plan.place), plan.when, plan.observer, plan.feedback, plan.due
        )
    criteria = tuple(
        CriterionShown(c.id, ctx.criterion(step.criteria_set, c.id), c.met) for c in step.criteria
    )
    return StepShown(
        step.id,
        step.text,
        step.status,
        step.criteria_set,
        ctx.criteria_set(step.criteria_set),
        criteria,
        practice,
        step.started_in,
        step.carried_from,
        step.kept_because,
        tuple(
            RehearsalShown(r.session, r.seen, r.moves, r.rounds, r.changed) for r in step.rehearsals
        ),
        step.library,
    )


def session_shown(s: Session, ctx: Context, *, private: bool) -> SessionShown:
    """The session as a template may see it: private notes only when ``private``."""
    stages = tuple(
        StageShown(
            stage_id,
            record.title,
            record.skill,
            tuple(
                NoteShown(note.prompt, note.text, note.private)
                for note in record.notes
                if private or not note.private
            ),
        )
        for stage_id, record in s.stages.items()
    )
    focus = FocusShown(s.focus.id, s.focus.title, s.focus.looks_like) if s.focus else None
    evidence = tuple(
        EvidenceShown(
            e.source, ctx.source(e.source), e.seen, e.to_collect, e.bar_item, e.collector, e.due
        )
        for e in s.evidence
    )
    followup = tuple(
        ReviewShown(r.step, r.status, r.evidence, r.feedback, r.reflection) for r in s.followup
    )
    g = s.goal
    goal = GoalShown(g.own_words, g.pupils, g.baseline, g.target, g.check_by) if g else None
    close = CloseShown(s.close.strengths, s.close.coachee_summary, s.close.next_meeting)
    return SessionShown(
        id=s.id,
        number=s.number,
        status=s.status,
        coachee=s.coachee,
        first_name=s.first_name,
        coach=s.coach,
        role=s.role,
        role_name=ctx.role(s.role),
        kind=s.kind,
        flow=s.flow,
        flow_title=ctx.flow(s.flow),
        date=s.date,
        started=s.started,
        ended=s.ended,
        revision=s.revision,
        amended=s.amended,
        focus=focus,
        goal=goal if goal and (goal.own_words or goal.pupils) else None,
        goal_now=s.goal_now or None,
        step_stem=s.step_stem,
        stages=stages,
        evidence=evidence,
        followup=followup,
        action_steps=tuple(_step(step, ctx) for step in s.action_steps),
        close=close,
    )


@dataclass(frozen=True, slots=True)
class JourneyShown:
    who: PersonShown
    sessions: tuple[SessionShown, ...]
    steps: tuple[StepLife, ...]
    focus_items: tuple[tuple[str, tuple[int, ...]], ...]
    library: tuple[tuple[str, str], ...]
    """(library step id, where it is now) for each step chosen from the library."""


def _coaches(who: Person) -> tuple[CoachShown, ...]:
    """Each coach's time, with the sessions held in it: a session belongs to the latest
    time begun by its day that is its own coach's (else simply the latest begun)."""
    from coachcli.records.identity import same_person
    from coachcli.store.roster import person_spells

    found = person_spells(who.sessions, who.card)
    held: list[list[int]] = [[] for _ in found]
    for session in who.sessions:
        begun = [i for i, (day, _, _) in enumerate(found) if day <= session.date]
        own = [i for i in begun if session.coach and same_person(found[i][1], session.coach)]
        if own or begun:
            held[(own or begun)[-1]].append(session.number)
    return tuple(
        CoachShown(coach, day, handover, tuple(numbers))
        for (day, coach, handover), numbers in zip(found, held, strict=True)
    )


def journey_shown(who: Person, ctx: Context, *, private: bool) -> JourneyShown:
    """A coachee's sessions, the life of each step and the bar items worked on."""
    sessions = tuple(session_shown(s, ctx, private=private) for s in who.sessions)
    lives: dict[str, tuple[str, SessionShown, list[tuple[SessionShown, str]], str]] = {}
    for session in sessions:
        for step in session.action_steps:
            _text, set_in, events, _status = lives.get(step.id, (step.text, session, [], ""))
            review = next((r for r in session.followup if r.step == step.id), None)
            if review is not None:
                events.append((session, review.status))
            lives[step.id] = (step.text, set_in, events, step.status)
    for state in who.steps():
        if state.step.id in lives:
            text, set_in, events, _status = lives[state.step.id]
            lives[state.step.id] = (text, set_in, events, state.status)
    chosen: dict[str, str] = {}
    for session in sessions:
        for step in session.action_steps:
            if step.library:
                chosen[step.library] = lives[step.id][3] if step.id in lives else step.status
    focus_items: dict[str, tuple[str, list[int]]] = {}
    for session in sessions:
        if session.focus:
            item = focus_items.setdefault(session.focus.id, (session.focus.title, []))
            item[1].append(session.number)
    return JourneyShown(
        PersonShown(who.name, _coaches(who), who.card.archived if who.card else None),
        sessions,
        tuple(StepLife(t, s, tuple(e), status) for t, s, e, status in lives.values()),
        tuple((title, tuple(numbers)) for title, numbers in focus_items.values()),
        tuple(chosen.items()),
    )
