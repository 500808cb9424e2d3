"""What a finished session's own record shows of the coach's practice, as evidence to
reflect on (`coach reflect`): which skills' stages hold notes, how many of the coach's
questions were open, whether the coachee's own summary and goal were recorded, whether
every step met its criteria or was kept with a reason, and whether a rehearsal happened.

The rule for open questions, said on screen too: a question picked from a bank (a
stage's questions or a skill's) counts as open; one the coach wrote themselves is
judged by its first word, against the ``open_words`` and ``closed_words`` of
``skills.yaml``; a first word on neither list is not judged. A cue (a move such as
"Summarise") is not a question and is not counted.
"""

from __future__ import annotations

import re

from coachcli.records.frameworks import Frameworks
from coachcli.records.reflection import PracticeEvidence, Questions, ReflectionWords, SkillNotes
from coachcli.records.session import Session

RULE = (
    "Open: questions picked from the banks, and your own that begin {open} …;"
    " closed: your own that begin {closed} …; other first words are not judged."
)


def words_of(fw: Frameworks) -> ReflectionWords:
    """The reflection's words: the school's (or coachcli's own, filled in by
    ``load_frameworks`` for an older skills.yaml)."""
    words = fw.skills.reflection
    if words is None:  # pragma: no cover - load_frameworks fills it from the shipped file
        from coachcli.records.frameworks import shipped

        words = shipped("skills").reflection  # type: ignore[attr-defined]
    assert words is not None
    return words


def rule_line(words: ReflectionWords) -> str:
    return RULE.format(
        open=", ".join(words.open_words[:3]), closed=", ".join(words.closed_words[:3])
    )


def first_word(question: str) -> str:
    found = re.search(r"[^\W\d_]+(?:['’][^\W\d_]+)?", question)
    return found.group().casefold().replace("’", "'") if found else ""


def judge(question: str, words: ReflectionWords) -> str | None:
    """ "open", "closed", or None when the first word is on neither list."""
    word = first_word(question)
    if word in {w.casefold() for w in words.open_words}:
        return "open"
    if word in {w.casefold() for w in words.closed_words}:
        return "closed"
    return None


def evidence(session: Session, fw: Frameworks) -> PracticeEvidence:
    """The evidence one finished session offers; counts and yes/no answers only."""
    words = words_of(fw)
    banks: set[str] = set()
    for stage in fw.flows.stages:
        banks.update(stage.prompts)
    cues: set[str] = set()
    for skill in fw.skills.skills:
        banks.update(skill.prompts)
        cues.update(skill.cues or [])
    questions = Questions()
    for record in session.stages.values():
        for note in record.notes:
            prompt = (note.prompt or "").strip()
            if not prompt or prompt in cues:
                continue
            if prompt in banks:
                questions.from_banks += 1
                continue
            verdict = judge(prompt, words)
            if verdict == "open":
                questions.own_open += 1
            elif verdict == "closed":
                questions.own_closed += 1
            else:
                questions.own_unsure += 1
    new = session.new_steps()
    return PracticeEvidence(
        notes_by_skill=_notes_by_skill(session, fw),
        questions=questions,
        own_summary=bool(session.close.coachee_summary),
        own_goal=bool(session.goal and session.goal.own_words),
        steps=len(new),
        steps_met=sum(1 for s in new if s.criteria and not s.unmet()),
        steps_kept=sum(1 for s in new if s.unmet() and s.kept_because),
        rehearsal=any(r.session == session.id for s in session.action_steps for r in s.rehearsals),
    )


def _notes_by_skill(session: Session, fw: Frameworks) -> list[SkillNotes]:
    """For each skill the session's flow leans on, what its stages hold: notes taken,
    steps reviewed or agreed, practice planned, strengths and the coachee's summary."""
    flow = fw.flows.flow(session.flow)
    stage_ids = flow.stages if flow is not None else list(session.stages)
    counts: dict[str, int] = {}
    for stage_id in stage_ids:
        stage = next((s for s in fw.flows.stages if s.id == stage_id), None)
        if stage is None or stage.skill is None:
            continue
        counts[stage.skill] = counts.get(stage.skill, 0) + _held(session, stage.id, stage.kind)
    names = {s.id: s.name for s in fw.skills.skills}
    order = [s.id for s in fw.skills.skills]
    ranked = sorted(counts, key=lambda i: order.index(i) if i in order else len(order))
    return [SkillNotes(id=i, name=names.get(i, i), notes=counts[i]) for i in ranked]


def _held(session: Session, stage_id: str, kind: str) -> int:
    if kind == "notes":
        record = session.stages.get(stage_id)
        return len(record.notes) if record else 0
    if kind == "followup":
        return sum(1 for r in session.followup if r.evidence or r.reflection or r.feedback)
    if kind == "action_steps":
        return len(session.new_steps())
    if kind == "practice":
        return sum(1 for s in session.action_steps if s.practice and s.practice.place)
    if kind == "close":
        return sum(1 for text in (session.close.strengths, session.close.coachee_summary) if text)
    return 0
