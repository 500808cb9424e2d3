"""The coaching conversation: walks a flow's stages and asks through an :class:`Asker`.

The engine knows nothing of terminals. Its state is the :class:`Session` itself, saved
as a draft after every answer; each stage asks only what the draft does not hold yet,
so a resumed session carries on exactly where it stopped and going back a stage keeps
everything already typed.

A draft is leased to the run that has it open (``store/leases.py``): a second terminal
is warned at once and may look at it read-only or take it over. Nothing typed is lost
on the way out: Ctrl-C saves the draft with the half-typed text; a save the store
cannot make (its lock held too long, a disk error) is offered again, and a coach who
stops then finds everything back when they resume.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coachcli import clock
from coachcli.conversation import library
from coachcli.conversation.asking import (
    BACK,
    HEADER_SEP,
    NEXT,
    Asker,
    ConfirmQ,
    Interrupted,
    Key,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.conversation.corrections import Correcting, Reopen, offer
from coachcli.dates import parse_date
from coachcli.errors import CoachError, ExitCode, Stopped
from coachcli.records.frameworks import Frameworks, Stage
from coachcli.records.session import (
    ActionStep,
    Pending,
    Session,
)
from coachcli.records.settings import Config
from coachcli.records.yamlio import loc_text as key_text
from coachcli.store.leases import Lease, keep_copy
from coachcli.store.sessions import Store


class Closed(CoachError):
    """The coach looked at a draft open elsewhere and left it: nothing changed (exit 0)."""

    exit_code = ExitCode.OK


def retryable(problem: CoachError) -> bool:
    """A save that may work if tried again: the workspace's lock was held too long (a
    filelock Timeout is an OSError) or the disk said no. A conflict is not: the store
    has kept this version as a copy already."""
    cause = problem.__context__
    return isinstance(cause, OSError) and not isinstance(cause, FileExistsError)


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
        self.ask: Asker = Correcting(asker, self)
        """The asker, answering the stage menus' corrections itself (``corrections``)."""
        self.session = session
        self.autosave = autosave
        self.revisit = False
        self.previous: Session | None = None
        """The session before this one, when the caller has read it already."""
        self.lease: Lease | None = None
        """This run's hold on the draft (none for prepared answers: nothing is saved
        until the end)."""
        self.restored = False
        """The draft came back from a rescue that is dropped once the draft is saved."""
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
        """Save the draft. When the store cannot take it, say why and offer to try
        again or stop; stopping keeps everything typed (``keep``)."""
        if not self.autosave:
            return
        while True:
            self._still_ours()
            try:
                self.store.save_draft(self.session)
            except CoachError as problem:
                if not retryable(problem):
                    raise
                if not self._try_again(problem):
                    raise CoachError(self.keep(attempt=False)) from None
                continue
            if self.restored and self.lease is not None:
                self.lease.drop_rescue()
                self.restored = False
            return

    def _try_again(self, problem: CoachError) -> bool:
        self.ask.show(
            Message(
                f"{problem}.\nEverything you typed is still here.",
                "hint",
                title="The draft could not be saved",
            )
        )
        choice = self.ask.select(
            SelectQ(
                ("save_failed",),
                "Try to save again, or stop here?",
                [
                    Option("retry", "Try again", "r"),
                    Option("stop", "Stop here, keeping what I typed for later", "s"),
                ],
                default="retry",
                unanswered="stop",
                unexpected=True,
            )
        )
        return choice == "retry"

    def _still_ours(self) -> None:
        """Stop if another terminal took this draft over: what was typed here since is
        kept as a copy beside the draft, never written over theirs."""
        if self.lease is None or self.lease.ours():
            return
        copy = keep_copy(self.store, self.session)
        raise CoachError(
            f"this draft was taken over in another terminal; what you typed here is kept as"
            f" {copy} (coach doctor lists it)"
        )

    def keep(self, *, attempt: bool = True) -> str:
        """Keep the draft as it stands, however saving goes; one line saying where it is
        and how to carry on. ``attempt=False``: the store has just failed, so keep it
        beside the draft straight away."""
        s = self.session
        resume = f"Carry on with: coach session resume {s.id}"
        if not self.autosave:
            return "stopped; nothing was saved"
        try:
            self._still_ours()
            if attempt:
                self.store.save_draft(s)
                if self.restored and self.lease is not None:
                    self.lease.drop_rescue()
                return f"stopped; your draft is kept. {resume}"
        except CoachError as problem:
            if not retryable(problem):
                return f"stopped; {problem}"
        if self.lease is None:  # never so in a run: to_end leases every draft
            return f"stopped; the draft could not be saved. {resume}"
        try:
            self.lease.rescue(s)
        except CoachError as again:
            return f"stopped; nothing could be saved ({again}). {resume}"
        return (
            "stopped; the draft could not be saved, so everything typed is kept beside it"
            f" and comes back when you carry on: coach session resume {s.id}"
        )

    def complete(self) -> Path:
        """Write the finished session (trying again, as a save does, if the store
        cannot take it)."""
        while True:
            self._still_ours()
            try:
                return self.store.complete(self.session)
            except CoachError as problem:
                self.session.status = "draft"
                if not (self.autosave and retryable(problem)):
                    raise
                if not self._try_again(problem):
                    raise CoachError(self.keep(attempt=False)) from None

    def text(self, q: TextQ) -> str:
        """Ask for text; on Ctrl-C keep what was typed so far in the draft."""
        pending = self.session.pending
        if pending and pending.question == key_text(q.key):
            q.default = pending.text
        try:
            answer = self.ask.text(q)
        except Interrupted as stop:
            if stop.partial.strip():  # saved by ``keep`` on the way out
                self.session.pending = Pending(question=key_text(q.key), text=stop.partial)
            raise
        if self.session.pending:
            self.session.pending = None
        return answer

    # --- the draft's lease -----------------------------------------------------

    def claim(self, *, offer: bool) -> bool:
        """Lease the draft to this run. Open in another run: warn at once and offer to
        show it read-only (then stop) or take it over. With ``offer`` (start found the
        coachee's unfinished draft), ask first whether to carry on with it. False: the
        coach would rather begin a new session."""
        s = self.session
        lease = Lease(self.store, s.id)
        if lease.try_hold():
            if offer and not self.ask.confirm(
                ConfirmQ(
                    ("resume",),
                    f"You have an unfinished session with {s.coachee} from"
                    f" {s.started:%a %d %b %H:%M} (stage {s.stage_index + 1}). Carry on with it?",
                    default=True,
                    unanswered=False,  # prepared answers are for a new session
                )
            ):
                lease.release()
                return False
        elif self._open_elsewhere(lease, offer) == "new":
            return False
        lease.own()
        self.lease = lease
        kept = lease.rescued()
        if kept is not None:
            self.session, self.restored = kept, True
            self.ask.show(Message("Everything typed when saving failed is back in place.", "hint"))
        return True

    def _open_elsewhere(self, lease: Lease, offer: bool) -> str:
        s = self.session
        where = lease.holder().describe()
        self.ask.show(
            Message(
                f"The unfinished session with {s.coachee} (stage {s.stage_index + 1}) is open in"
                f" another terminal {where}. Answers typed in two places would not meet: look"
                " at it here, or take it over (the other terminal then stops at its next answer"
                " and keeps what it had as a copy).",
                "hint",
                title="Open in another terminal",
            )
        )
        options = [Option("read", "Show it read-only, then stop", "r")]
        options.append(Option("take", "Take it over here", "t"))
        if offer:
            options.append(Option("new", "Begin a new session instead", "s"))
        choice = self.ask.select(
            SelectQ(("open_elsewhere",), "What would you like to do?", options, unanswered="busy")
        )
        if choice == "busy":  # prepared answers never take a draft over
            raise CoachError(
                f"session {s.id} is open in another terminal {where}; finish it there, or"
                " resume it in a terminal to take it over"
            )
        if choice == "read":
            self.ask.show_session(s, self.store.draft_path(s))
            raise Closed(f"session {s.id} is open in another terminal; nothing was changed")
        return choice

    # --- the walk -------------------------------------------------------------

    def to_end(self) -> Path:
        """Walk the conversation and save the finished session, the draft leased to
        this run throughout; on Ctrl-C keep the draft and say how to carry on."""
        if self.autosave and self.lease is None:
            self.claim(offer=False)
        finished = False
        problem = library.turn_off_if_broken(self.fw)
        if problem is not None:  # said once; the conversation runs without it
            self.ask.show(Message(f"The step library is off: {problem}", "hint"))
        try:
            self.save()
            self.run()
            self.ask.finish()
            path = self.complete()
            finished = True
        except (KeyboardInterrupt, EOFError):
            raise Stopped(self.keep()) from None
        finally:
            if self.lease is not None:
                self.lease.release(finished=finished)
        return path

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
            try:
                outcome = runs[stage.kind](self, stage, index)
            except Reopen:  # the coach corrected the stage's record: show it as it is now
                continue
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
        if strategy := self.fw.strategy(stage.strategy):
            parts.append(f"strategy: {strategy.name}")
        parts.append(f"{minutes} min")
        self.ask.show(Message(stage.purpose, "header", title=HEADER_SEP.join(parts)))

    def stage_done(self, key: str, message: str, index: int) -> str:
        """The last question of a stage: on to the next, or back (an answers file goes on)."""
        return self.ask.select(SelectQ((key,), message, self.nav(index), default=NEXT))

    def nav(self, index: int, extra: list[Option] | None = None) -> list[Option]:
        last = index + 1 >= len(self.stages)
        ahead = (
            "Finish and save the session" if last else (f"Next: {self.stages[index + 1].title} →")
        )
        options = [*(extra or []), *offer(self, index), Option(NEXT, ahead, "n")]
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
        before = default.isoformat() if default else ""

        def read(value: str) -> dt.date | None:
            """A date typed after the pre-filled one ("2026-12-14tue") is the new one."""
            value = value.strip()
            if before and value.startswith(before) and value != before:
                value = value[len(before) :].strip()
            return parse_date(value, today) if value else None

        answer = self.text(
            TextQ(
                key,
                message,
                default=before,
                check=read,
                instruction="(2026-12-01, 1/12, tue, +14 or 2w; empty for none)",
            )
        )
        return read(answer)
