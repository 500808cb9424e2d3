"""The coaching conversation: walks a flow's stages and asks through an :class:`Asker`.

The engine knows nothing of terminals. Its state is the :class:`Session` itself, saved
as a draft after every answer; each stage asks only what the draft does not hold yet,
so a resumed session carries on exactly where it stopped and going back a stage keeps
everything already typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from coachcli import clock
from coachcli.conversation.asking import (
    BACK,
    NEXT,
    AnswersAsker,
    Asker,
    ConfirmQ,
    Interrupted,
    Key,
    Message,
    Option,
    SelectQ,
    TextQ,
    key_text,
)
from coachcli.conversation.hints import weak_step_hints
from coachcli.dates import parse_date
from coachcli.errors import CoachError
from coachcli.records.frameworks import Frameworks, Stage
from coachcli.records.session import (
    ActionStep,
    CriterionCheck,
    Evidence,
    Focus,
    Note,
    Pending,
    PracticePlan,
    Session,
    StageRecord,
    StepReview,
)
from coachcli.records.settings import Config
from coachcli.records.vocabulary import PLACES, STATUS_LABELS, Kind, StepStatus
from coachcli.reports.followup import (
    Person,
    find_session,
    overview,
    person,
    session_rows,
    standings,
)
from coachcli.store.sessions import Store, same_person, slug


@dataclass
class Choices:
    """What the coach gave on the command line; anything left None is asked."""

    coachee: str | None = None
    role: str | None = None
    kind: Kind | None = None
    flow: str | None = None
    coach: str | None = None


class Conversation:
    def __init__(
        self,
        fw: Frameworks,
        config: Config,
        store: Store,
        asker: Asker,
        session: Session,
        *,
        autosave: bool = True,
    ) -> None:
        self.fw = fw
        self.config = config
        self.store = store
        self.ask = asker
        self.session = session
        self.autosave = autosave
        self.revisit = False
        self.previous: Session | None = None
        """The session before this one, when the caller has read it already."""
        flow = fw.flows.flow(session.flow)
        if flow is None:
            raise CoachError(f"no flow called {session.flow!r} in the workspace's flows")
        self.flow = flow
        self.stages = [fw.flows.stage(stage_id) for stage_id in flow.stages]

    # --- saving and asking ----------------------------------------------------

    def save(self) -> None:
        if self.autosave:
            self.store.save_draft(self.session)

    def text(self, q: TextQ) -> str:
        """Ask for text; on Ctrl-C keep what was typed so far in the draft."""
        pending = self.session.pending
        if pending and pending.question == key_text(q.key):
            q.default = pending.text
        try:
            answer = self.ask.text(q)
        except Interrupted as stop:
            if stop.partial.strip():
                self.session.pending = Pending(question=key_text(q.key), text=stop.partial)
                self.save()
            raise
        if self.session.pending:
            self.session.pending = None
        return answer

    # --- the walk -------------------------------------------------------------

    def run(self) -> Session:
        handlers: dict[str, Callable[[Stage, int], str]] = {
            "context": self.context,
            "notes": self.notes,
            "followup": self.followup,
            "evidence": self.evidence,
            "action_steps": self.action_steps,
            "practice": self.practice,
            "close": self.close,
        }
        if self.session.pending:
            self.ask.show(
                Message("What you were typing when it stopped is filled in again there.", "hint")
            )
        while self.session.stage_index < len(self.stages):
            index = self.session.stage_index
            stage = self.stages[index]
            self.header(stage, index)
            outcome = handlers[stage.kind](stage, index)
            self.revisit = outcome == BACK
            self.session.stage_index = max(0, index - 1) if outcome == BACK else index + 1
            self.save()
        self.session.ended = clock.now()
        return self.session

    def header(self, stage: Stage, index: int) -> None:
        skill = self.fw.skill(stage.skill)
        elapsed = clock.now() - self.session.started
        minutes = max(0, int(elapsed.total_seconds() // 60))
        s = self.session
        parts = [
            f"{s.coachee} #{s.number}",
            f"stage {index + 1} of {len(self.stages)}: {stage.title}",
        ]
        if skill:
            parts.append(f"skill: {skill.name}")
        parts.append(f"{minutes} min")
        self.ask.show(Message(stage.purpose, "header", title="  ·  ".join(parts)))

    def _stage_done(self, key: str, message: str, index: int) -> str:
        """The last question of a stage: on to the next, or back (an answers file goes on)."""
        return self.ask.select(
            SelectQ((key,), message, self._nav(index), default=NEXT, scripted=(NEXT, NEXT))
        )

    def _nav(self, index: int, extra: list[Option] | None = None) -> list[Option]:
        last = index + 1 >= len(self.stages)
        ahead = (
            "Finish and save the session" if last else (f"Next: {self.stages[index + 1].title} →")
        )
        options = [*(extra or []), Option(NEXT, ahead, "n")]
        if index > 0:
            options.append(Option(BACK, f"← Back to {self.stages[index - 1].title}", "b"))
        return options

    # --- stages ---------------------------------------------------------------

    def context(self, stage: Stage, index: int) -> str:
        s = self.session
        bar = self.fw.bar
        if s.role is None:
            s.role = self.ask.select(
                SelectQ(
                    ("role",),
                    f"{s.coachee}'s role",
                    [Option(r.id, r.name) for r in bar.roles],
                )
            )
            self.save()
        role = bar.role(s.role)
        if role is None:
            names = ", ".join(r.id for r in bar.roles)
            raise CoachError(f"no role {s.role!r} in the bar; choose one of {names}")
        s.role_name = role.name
        if s.kind is None:
            picked = self.ask.select(
                SelectQ(
                    ("kind",),
                    "Kind of coaching",
                    [
                        Option("leadership", "Leadership coaching"),
                        Option("instructional", "Instructional coaching (teaching)"),
                    ],
                    default=role.kind,
                )
            )
            s.kind = "instructional" if picked == "instructional" else "leadership"
            self.save()
        if s.focus is None or self.revisit:
            items = bar.focus_choices(role.id, s.kind)
            if not items:
                raise CoachError(
                    f"the bar has no {s.kind} items for the role {role.name}:"
                    " add some to frameworks/bar.yaml"
                )
            chosen = self.ask.select(
                SelectQ(
                    ("focus",),
                    "Which item of the bar is in focus? (★ = critical in this school)",
                    [Option(i.id, ("★ " if i.critical else "  ") + i.title) for i in items],
                    default=s.focus.id if s.focus else self._previous_focus(),
                )
            )
            item = bar.item(chosen)
            assert item is not None
            s.focus = Focus(id=item.id, title=item.title, looks_like=item.looks_like)
            self.save()
            self.ask.show(
                Message(item.looks_like, "info", title=f"In focus: {item.title}. Done well:")
            )
        return NEXT

    def _previous_focus(self) -> str | None:
        """Last session's focus: the usual answer for a follow-on session."""
        if self.session.follows is None:
            return None
        if self.previous is not None and self.previous.id == self.session.follows:
            return self.previous.focus.id if self.previous.focus else None
        try:
            previous = self.store.read(find_session(self.store, self.session.follows))
        except CoachError:
            return None
        return previous.focus.id if previous.focus else None

    def notes(self, stage: Stage, index: int) -> str:
        s = self.session
        record = s.stages.setdefault(stage.id, StageRecord(title=stage.title, skill=stage.skill))
        skill = self.fw.skill(stage.skill)
        bank = [p for p in (skill.prompts if skill else []) if p not in stage.prompts]
        while True:
            n = len(record.notes)
            asked = {note.prompt for note in record.notes}
            options = [
                Option(f"p{i}", ("✓ " if p in asked else "") + p)
                for i, p in enumerate(stage.prompts)
            ]
            if bank:
                options.append(
                    Option("bank", f"More questions: {skill.name if skill else ''}…", "m")
                )
            options += [
                Option("own", "Write my own question", "w"),
                Option("note", "Just take a note", "t"),
            ]
            if record.notes:
                last = record.notes[-1]
                label = (
                    "Share the last note again"
                    if last.private
                    else ("Make the last note private (kept only in your copy)")
                )
                options.append(Option("private", label, "p"))
            shown = f" ({n} note{'s' * (n != 1)} so far)" if n else ""
            choice = self.ask.select(
                SelectQ(
                    ("notes", stage.id, n),
                    f"Ask a question, take a note, or move on{shown}",
                    self._nav(index, options),
                    default=next((o.value for o in options if not o.label.startswith("✓")), NEXT),
                    scripted=("own", NEXT),
                )
            )
            if choice in (NEXT, BACK):
                return choice
            if choice == "private":
                record.notes[-1].private = not record.notes[-1].private
                self.save()
                continue
            prompt: str | None = None
            if choice.startswith("p"):
                prompt = stage.prompts[int(choice[1:])]
            elif choice == "bank":
                picked = self.ask.select(
                    SelectQ(
                        ("notes", stage.id, n, "bank"),
                        "Pick a question to ask",
                        [Option(f"b{i}", p) for i, p in enumerate(bank)]
                        + [Option("menu", "← None of these", "b")],
                    )
                )
                if picked == "menu":
                    continue
                prompt = bank[int(picked[1:])]
            elif choice == "own":
                prompt = (
                    self.text(
                        TextQ((*("notes", stage.id, n), "prompt"), "Your question", required=False)
                    ).strip()
                    or None
                )
            text = self.text(
                TextQ(
                    ("notes", stage.id, n, "note"),
                    prompt or "Note",
                    multiline=True,
                    required=True,
                )
            )
            if not text.strip():
                continue
            private = self.ask.confirm(
                ConfirmQ(("notes", stage.id, n, "private"), "Private?", interactive=False)
            )
            record.notes.append(Note(prompt=prompt, text=text, private=private))
            self.save()

    def followup(self, stage: Stage, index: int) -> str:
        s = self.session
        carried = s.carried_steps()
        if not carried:
            self.ask.show(Message("No earlier action steps to follow up.", "dim"))
            return BACK if self.revisit and index > 0 else NEXT
        recorded = self._recorded()
        reviewed = {review.step for review in s.followup}
        for i, step in enumerate(carried):
            if step.id in reviewed and not self.revisit:
                continue
            earlier = next((r for r in s.followup if r.step == step.id), recorded.get(step.id))
            lines = [f"will be able to {step.text}"]
            plan = step.practice
            if plan and plan.place:
                lines.append(f"practice: {plan.place_label}, observed by {plan.observer or '?'}")
            if earlier is not None:
                lines.append(f"recorded: {STATUS_LABELS[earlier.status]}")
            self.ask.show(
                Message("\n".join(lines), "info", title=f"Step {i + 1} of {len(carried)}")
            )
            review = review_step(
                self.ask, self.text, ("followup", i), step.id, earlier, step.status
            )
            s.followup = [r for r in s.followup if r.step != step.id] + [review]
            step.status = review.status
            self.save()
            if review.status == "achieved":
                self.ask.show(Message("Achieved: worth celebrating at the close.", "done"))
        return self._stage_done("followup_done", "Follow-up done.", index)

    def _recorded(self) -> dict[str, StepReview]:
        """The latest progress recorded between meetings, by step."""
        latest: dict[str, StepReview] = {}
        if self.session.follows is None:
            return latest
        for record in self.store.progress(self.session.coachee):
            if record.after_session == self.session.follows:
                for review in record.steps:
                    latest[review.step] = review
        return latest

    def evidence(self, stage: Stage, index: int) -> str:
        s = self.session
        bar = self.fw.bar
        item = bar.item(s.focus.id) if s.focus else None
        suggested = item.evidence if item else []
        sources = sorted(
            bar.evidence_sources,
            key=lambda e: suggested.index(e.id) if e.id in suggested else len(suggested),
        )
        while True:
            n = len(s.evidence)
            for number, ev in enumerate(s.evidence, 1):
                state = "to collect" if ev.to_collect else "seen"
                self.ask.show(Message(f"{number}. [{state}] {ev.seen}", "dim"))
            choice = self.ask.select(
                SelectQ(
                    ("evidence", n),
                    "Evidence: what has been seen, or is still to collect?",
                    self._nav(index, [Option("add", "Add evidence", "a")]),
                    default="add" if not n else NEXT,
                    scripted=("add", NEXT),
                )
            )
            if choice != "add":
                return choice
            source = self.ask.select(
                SelectQ(
                    ("evidence", n, "source"),
                    "Where does it come from? (suggested for this focus first)",
                    [Option(e.id, e.name) for e in sources],
                    free=True,
                )
            )
            seen = self.text(
                TextQ(
                    ("evidence", n, "seen"),
                    "What was seen (or what to collect)?",
                    multiline=True,
                    required=True,
                )
            )
            if not seen.strip():
                continue
            to_collect = self.ask.confirm(
                ConfirmQ(("evidence", n, "to_collect"), "Is this still to be collected?")
            )
            s.evidence.append(
                Evidence(
                    source=source,
                    source_name=next((e.name for e in sources if e.id == source), None),
                    seen=seen,
                    to_collect=to_collect,
                    bar_item=s.focus.id if s.focus else None,
                )
            )
            self.save()

    def _max_steps(self) -> int | None:
        return self.flow.max_action_steps

    def action_steps(self, stage: Stage, index: int) -> str:
        s = self.session
        for step in s.action_steps:
            if not step.checked:
                self._check_step(step, self.step_key(step))
        while True:
            n = len(s.new_steps())
            for number, step in enumerate(s.action_steps, 1):
                carried = " (carried forward)" if step.carried_from else ""
                self.ask.show(Message(f"{number}. will be able to {step.text}{carried}", "dim"))
            limit = self._max_steps()
            extra = (
                []
                if limit is not None and len(s.new_steps()) >= limit
                else [Option("add", "Add an action step", "a")]
            )
            choice = self.ask.select(
                SelectQ(
                    ("action_steps", n),
                    "Action steps: what will they be able to do?",
                    self._nav(index, extra),
                    default="add" if extra and not n else NEXT,
                    scripted=("add", NEXT) if extra else (NEXT, NEXT),
                )
            )
            if choice != "add":
                return choice
            first = s.coachee.split()[0] if s.coachee.split() else s.coachee
            text = self.text(
                TextQ(
                    ("action_steps", n, "text"),
                    f"{first} will be able to …",
                    required=True,
                    instruction="(a skill they can practise, not a one-off task)",
                )
            )
            if not text.strip():
                continue
            step = ActionStep(id=f"{s.id}-{n + 1}", text=text.strip(), started_in=s.id)
            s.action_steps.append(step)
            self.save()
            self._check_step(step, ("action_steps", n))

    def step_key(self, step: ActionStep) -> Key:
        """Where an answers file holds this step: carried steps under ``followup``."""
        s = self.session
        if step.carried_from is not None:
            return ("followup", [c.id for c in s.carried_steps()].index(step.id))
        return ("action_steps", [c.id for c in s.new_steps()].index(step.id))

    def _check_step(self, step: ActionStep, key: Key) -> None:
        s = self.session
        assert s.kind is not None
        seen = [e.seen for e in s.evidence]
        contrast = self.fw.criteria.contrast
        while not step.checked and not step.criteria:
            hints = weak_step_hints(step.text, s.kind, seen)
            for hint in hints:
                if hint.id not in step.hints:
                    step.hints.append(hint.id)
            if not hints:
                break
            self.save()
            self.ask.show(
                Message(
                    "\n".join(f"• {h.message}" for h in hints)
                    + f"\n\nWeak:   {contrast.weak}\nStrong: {contrast.strong}",
                    "hint",
                    title="This step may be weak",
                )
            )
            choice = self.ask.select(
                SelectQ(
                    (*key, "reword"),
                    "Reword it now, or keep it as it is?",
                    [Option("reword", "Reword it", "r"), Option("keep", "Keep it as it is", "k")],
                    scripted=("keep", "keep"),
                )
            )
            if choice == "keep":
                break
            new = self.text(
                TextQ((*key, "text"), "Reworded step", default=step.text, required=True)
            ).strip()
            if new and new != step.text:
                step.earlier_wordings.append(step.text)
                step.text = new
                self.save()
        criteria_set = self.fw.criteria.for_kind(s.kind)
        step.criteria_set = criteria_set.id
        step.criteria_set_name = criteria_set.name
        for criterion in criteria_set.criteria:
            if step.criterion(criterion.id) is not None:
                continue
            met = self.ask.confirm(
                ConfirmQ(
                    (*key, "criteria", criterion.id),
                    f"{criterion.name}: {criterion.check}",
                    default=True,
                    required=True,
                )
            )
            step.criteria.append(CriterionCheck(id=criterion.id, name=criterion.name, met=met))
            self.save()
        missing = [c.label for c in step.criteria if not c.met]
        met_count = len(step.criteria) - len(missing)
        summary = f"Meets {met_count} of {len(step.criteria)} criteria"
        if missing:
            summary += f" (not yet: {', '.join(missing)})"
        self.ask.show(Message(summary, "done"))
        step.checked = True
        self.save()

    def _default_due(self) -> dt.date:
        return clock.today() + dt.timedelta(days=self.config.next_meeting_days)

    def _date(self, key: Key, message: str, default: dt.date | None) -> dt.date | None:
        today = clock.today()
        answer = self.text(
            TextQ(
                key,
                message,
                default=default.isoformat() if default else "",
                check=lambda value: parse_date(value, today) if value.strip() else None,
                instruction="(2026-12-01, 1/12, tue, +14 or 2w; empty for none)",
            )
        )
        return parse_date(answer, today) if answer.strip() else None

    def practice(self, stage: Stage, index: int) -> str:
        s = self.session
        assert s.kind is not None
        places = PLACES[s.kind]
        for i, step in enumerate(s.action_steps):
            plan = step.practice or PracticePlan()
            if not step.is_open() or (plan.complete() and plan.due and not self.revisit):
                continue
            self.ask.show(Message(f"will be able to {step.text}", "info", title=f"Step {i + 1}"))
            key: Key = (*self.step_key(step), "practice")
            if plan.place is None or self.revisit:
                options = [Option(v, label) for v, label in places] + [
                    Option("other", "Somewhere else…", "o")
                ]
                place = self.ask.select(
                    SelectQ(
                        (*key, "place"),
                        "The most authentic place to practise it",
                        options,
                        default=plan.place if plan.place in dict(places) else None,
                        free=True,
                    )
                )
                if place == "other":
                    place = self.text(TextQ((*key, "place"), "Where?", required=True))
                plan.place = place
                plan.place_name = dict(places).get(place)
                step.practice = plan
                self.save()
            for field, message, default in (
                ("when", "When will it happen?", ""),
                ("observer", "Who will observe it?", s.coach or "me"),
                ("feedback", "How and when will feedback be given?", ""),
            ):
                if getattr(plan, field) is None or self.revisit:
                    current = getattr(plan, field)
                    answer = self.text(TextQ((*key, field), message, default=current or default))
                    setattr(plan, field, answer.strip())
                    step.practice = plan
                    self.save()
            if plan.due is None or self.revisit:
                plan.due = self._date((*key, "due"), "Due date", plan.due or self._default_due())
                step.practice = plan
                self.save()
        if not s.action_steps:
            self.ask.show(Message("No action steps yet: go back to add one.", "dim"))
        return self._stage_done("practice_done", "Practice plans are set.", index)

    def close(self, stage: Stage, index: int) -> str:
        s = self.session
        close = s.close
        for field, message in (
            ("strengths", "Strengths you noticed and successes to celebrate"),
            ("coachee_summary", f"{s.coachee}'s own summary of what they learned"),
        ):
            if field not in close.asked or self.revisit:
                answer = self.text(
                    TextQ(
                        ("close", field),
                        message,
                        default=getattr(close, field) or "",
                        multiline=True,
                    )
                )
                setattr(close, field, answer.strip() or None)
                close.asked.append(field)
                self.save()
        if "next_meeting" not in close.asked or self.revisit:
            close.next_meeting = self._date(
                ("close", "next_meeting"),
                "Next meeting",
                close.next_meeting or self._default_due(),
            )
            close.asked.append("next_meeting")
            self.save()
        close.asked = sorted(set(close.asked))
        return self._stage_done("close_done", "All done?", index)


def find_coachee(
    fw: Frameworks, people: dict[str, str | None], asker: Asker, given: str | None
) -> tuple[str, str | None]:
    """The coachee's name (an existing person or someone new) and their last role."""
    roles = {r.id: r.name for r in fw.bar.roles}
    if given is not None and given.strip():
        name = " ".join(given.split())
        match = next((p for p in people if same_person(p, name)), None)
        if match is None and not isinstance(asker, AnswersAsker):
            close = [p for p in people if slug(name) in slug(p)]
            if len(close) == 1 and asker.confirm(
                ConfirmQ(("coachee_match",), f"Do you mean {close[0]}?", default=True)
            ):
                match = close[0]
        return (match, people[match]) if match else (name, None)
    options = [
        Option(name, f"{name} ({roles.get(role or '', role) or 'no role yet'})")
        for name, role in people.items()
    ]
    options.insert(0, Option("__new__", "Someone new…", "s"))
    picked = asker.select(SelectQ(("coachee",), "Who are you coaching?", options, free=True))
    if picked != "__new__" and picked in people:
        return picked, people[picked]
    if picked != "__new__":
        name = " ".join(picked.split())
        if not name:
            raise CoachError("coachee: a name is needed")
        return name, None
    while True:
        name = " ".join(asker.text(TextQ(("coachee",), "Their name", required=True)).split())
        match = next((p for p in people if same_person(p, name)), None)
        if not name:
            continue
        if match is None:
            return name, None
        same = asker.confirm(
            ConfirmQ(
                ("coachee_same",), f"Is this the {match} you have coached before?", default=True
            )
        )
        if same:
            return match, people[match]
        asker.show(Message("Add something that tells them apart, e.g. 'Sam Jones (Y4)'.", "hint"))


def new_session(
    fw: Frameworks,
    config: Config,
    store: Store,
    who: Person,
    role: str | None,
    choices: Choices,
    taken: set[str],
) -> Session:
    """A new draft for ``who`` (whose earlier sessions are read already), with their
    open steps carried forward; ``taken`` are the ids already used in the store."""
    flow = choices.flow or config.default_flow
    if fw.flows.flow(flow) is None:
        names = ", ".join(f.id for f in fw.flows.flows)
        raise CoachError(f"no flow called {flow!r}; choose one of {names}")
    if choices.role is not None:
        found = next(
            (r for r in fw.bar.roles if choices.role.casefold() in (r.id, r.name.casefold())),
            None,
        )
        if found is None:
            names = ", ".join(r.id for r in fw.bar.roles)
            raise CoachError(f"no role {choices.role!r} in the bar; choose one of {names}")
        role = found.id
    name, earlier = who.name, who.sessions
    started = clock.now()
    session_id = store.new_id(name, taken)
    flow_kinds = {fw.flows.stage(stage).kind for stage in fw.flows.flow(flow).stages}  # type: ignore[union-attr]
    carried = [
        carry(state.step, state.status, earlier[-1].id, keep_dates="practice" not in flow_kinds)
        for state in who.open_steps()
    ]
    return Session(
        id=session_id,
        number=len(earlier) + 1,
        coachee=name,
        role=role if role and fw.bar.role(role) else None,
        role_name=found_role.name if (found_role := fw.bar.role(role or "")) else None,
        coach=choices.coach or config.coach,
        kind=choices.kind,
        flow=flow,
        flow_title=fw.flows.flow(flow).title,  # type: ignore[union-attr]
        date=started.date(),
        started=started,
        frameworks=fw.versions(),
        follows=earlier[-1].id if earlier else None,
        action_steps=carried,
    )


def carry(step: ActionStep, status: StepStatus, source: str, *, keep_dates: bool) -> ActionStep:
    """An unfinished step, brought into the next session under the same id."""
    practice = step.practice
    if practice is not None and not keep_dates:
        practice = practice.model_copy(update={"when": None, "due": None})
    return step.model_copy(
        update={"status": status, "carried_from": source, "practice": practice, "checked": True}
    )


def review_step(
    asker: Asker,
    ask_text: Callable[[TextQ], str],
    key: Key,
    step_id: str,
    earlier: StepReview | None,
    status: StepStatus,
) -> StepReview:
    """Where a step is now, the practice seen and the coachee's reflection.

    Used in a session's follow-up stage and when recording progress between meetings;
    what was said last time is the default.
    """
    chosen = asker.select(
        SelectQ(
            (*key, "status"),
            "Where is it now?",
            [Option(value, label) for value, label in STATUS_LABELS.items()],
            default=earlier.status if earlier else status,
        )
    )
    evidence = ask_text(
        TextQ(
            (*key, "evidence"),
            "What practice has been seen, and where?",
            default=(earlier.evidence or "") if earlier else "",
            multiline=True,
        )
    )
    reflection = ask_text(
        TextQ(
            (*key, "reflection"),
            "What have they learned about themselves?",
            default=(earlier.reflection or "") if earlier else "",
            multiline=True,
        )
    )
    return StepReview(
        step=step_id,
        status=cast(StepStatus, chosen),  # one of STATUS_LABELS, the options offered
        evidence=evidence.strip() or None,
        reflection=reflection.strip() or None,
    )


class Stopped(CoachError):
    """Ctrl-C during a session: the draft is kept; exit 130 as shells expect."""

    exit_code = 130


def run_to_end(conversation: Conversation) -> Path:
    """Walk the conversation; on Ctrl-C keep the draft and say how to carry on."""
    session = conversation.session
    try:
        conversation.save()
        conversation.run()
    except (KeyboardInterrupt, EOFError):
        conversation.save()
        raise Stopped(
            f"stopped; your draft is kept. Carry on with: coach session resume {session.id}"
        ) from None
    asker = conversation.ask
    if isinstance(asker, AnswersAsker):
        asker.check_all_used()
    return conversation.store.complete(session)


def start(
    fw: Frameworks, config: Config, store: Store, asker: Asker, choices: Choices
) -> tuple[Session, Path]:
    """Begin a session (or, if the coach agrees, resume this coachee's open draft)."""
    scripted = isinstance(asker, AnswersAsker)
    if scripted:
        for field in ("flow", "role", "kind", "coach"):
            value = asker.text(TextQ((field,), field)).strip()
            if value and getattr(choices, field) is None:
                setattr(choices, field, value)
        if choices.kind not in (None, "leadership", "instructional"):
            raise CoachError(f"kind: must be leadership or instructional, not {choices.kind!r}")
    summaries = overview(store)  # the one look at the whole store
    rows = session_rows(summaries)
    people = {one.name: one.role for one in standings(summaries)}
    try:
        name, role = find_coachee(fw, people, asker, choices.coachee)
    except (KeyboardInterrupt, EOFError):
        raise Stopped("stopped before the session began; nothing was saved") from None
    if not scripted:
        for row in reversed(rows):
            if row.status != "draft" or not same_person(row.coachee, name):
                continue
            draft = store.read(store.folder / row.file)
            stage = draft.stage_index + 1
            again = asker.confirm(
                ConfirmQ(
                    ("resume",),
                    f"You have an unfinished session with {draft.coachee} from"
                    f" {draft.started:%a %d %b %H:%M} (stage {stage}). Carry on with it?",
                    default=True,
                )
            )
            if again:
                return draft, run_to_end(Conversation(fw, config, store, asker, draft))
    who = person(store, name)
    session = new_session(fw, config, store, who, role, choices, {row.id for row in rows})
    conversation = Conversation(fw, config, store, asker, session, autosave=not scripted)
    conversation.previous = who.last
    return session, run_to_end(conversation)
