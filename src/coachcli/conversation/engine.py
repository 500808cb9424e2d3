"""The coaching conversation: walks a flow's stages and asks through an :class:`Asker`.

The engine knows nothing of terminals. Its state is the :class:`Session` itself, saved
as a draft after every answer; each stage asks only what the draft does not hold yet,
so a resumed session carries on exactly where it stopped and going back a stage keeps
everything already typed.
"""

from __future__ import annotations

import datetime as dt

from coachcli import clock
from coachcli.conversation.asking import (
    BACK,
    NEXT,
    Asker,
    Interrupted,
    Key,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.dates import parse_date
from coachcli.errors import CoachError
from coachcli.records.frameworks import Frameworks, Stage
from coachcli.records.session import (
    ActionStep,
    Pending,
    Session,
)
from coachcli.records.settings import Config
from coachcli.records.yamlio import loc_text as key_text
from coachcli.store.sessions import Store


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
        if session.stem is None:  # a draft from before format 3, or a new session
            session.stem = fw.conversation.stem
        from coachcli.conversation.stages import handlers

        known = handlers()
        for stage in self.stages:
            if stage.kind not in known:
                raise CoachError(
                    f"the stage {stage.id!r} in flows.yaml is of kind {stage.kind!r}, which this"
                    f" coachcli does not know (it knows {', '.join(sorted(known))})"
                )

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
        from coachcli.conversation.stages import handlers

        runs = handlers()
        if self.session.pending:
            self.ask.show(
                Message("What you were typing when it stopped is filled in again there.", "hint")
            )
        while self.session.stage_index < len(self.stages):
            index = self.session.stage_index
            stage = self.stages[index]
            self.header(stage, index)
            outcome = runs[stage.kind](self, stage, index)
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

    def stage_done(self, key: str, message: str, index: int) -> str:
        """The last question of a stage: on to the next, or back (an answers file goes on)."""
        return self.ask.select(SelectQ((key,), message, self.nav(index), default=NEXT))

    def nav(self, index: int, extra: list[Option] | None = None) -> list[Option]:
        last = index + 1 >= len(self.stages)
        ahead = (
            "Finish and save the session" if last else (f"Next: {self.stages[index + 1].title} →")
        )
        options = [*(extra or []), Option(NEXT, ahead, "n")]
        if index > 0:
            options.append(Option(BACK, f"← Back to {self.stages[index - 1].title}", "b"))
        return options

    def step_key(self, step: ActionStep) -> Key:
        """Where an answers file holds this step: carried steps under ``followup``."""
        s = self.session
        if step.carried_from is not None:
            return ("followup", [c.id for c in s.carried_steps()].index(step.id))
        return ("action_steps", [c.id for c in s.new_steps()].index(step.id))

    def default_due(self) -> dt.date:
        return clock.today() + dt.timedelta(days=self.config.next_meeting_days)

    def ask_date(self, key: Key, message: str, default: dt.date | None) -> dt.date | None:
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
