"""Recording progress between meetings: status, evidence seen and reflection per step."""

from __future__ import annotations

from pathlib import Path

from coachcli import clock
from coachcli.conversation.asking import Asker, Message
from coachcli.conversation.review import review_step
from coachcli.errors import CoachError, Stopped
from coachcli.records.session import ProgressRecord
from coachcli.records.wording import ConversationFile
from coachcli.store.people import Person
from coachcli.store.sessions import Store


def record_progress(store: Store, who: Person, asker: Asker, words: ConversationFile) -> Path:
    """Where each open step is now, asked in the school's ``words``; a new file."""
    last = who.last
    steps = who.open_steps()
    if last is None or not steps:
        raise CoachError(f"{who.name} has no open action steps to record progress on")
    record = ProgressRecord(
        coachee=who.name, coachee_id=who.id, recorded=clock.now(), after_session=last.id, steps=[]
    )
    try:
        for i, state in enumerate(steps):
            asker.show(
                Message(
                    last.says(state.step),
                    "info",
                    title=words.questions.followup.step.format(number=i + 1, total=len(steps)),
                )
            )
            record.steps.append(
                review_step(
                    asker,
                    asker.text,
                    ("steps", i),
                    state.step.id,
                    state.latest,
                    state.status,
                    words,
                )
            )
    except (KeyboardInterrupt, EOFError):
        if not record.steps:
            raise Stopped("stopped; nothing was recorded") from None
        path = store.save_progress(record)
        raise Stopped(
            f"stopped; kept what you recorded for {len(record.steps)} step(s) in {path}"
        ) from None
    asker.finish()
    return store.save_progress(record)
