"""Recording progress between meetings: status, evidence seen and reflection per step."""

from __future__ import annotations

from pathlib import Path

from coachcli import clock
from coachcli.asking import AnswersAsker, Asker, Message, Option, SelectQ, TextQ
from coachcli.errors import CoachError
from coachcli.followup import Person
from coachcli.model import STATUS_LABELS, ProgressRecord, StepReview
from coachcli.store import Store


class Saved(CoachError):
    """Ctrl-C part-way: what was answered is kept; exit 130."""

    exit_code = 130


def record_progress(store: Store, who: Person, asker: Asker) -> Path:
    last = who.last
    steps = who.open_steps()
    if last is None or not steps:
        raise CoachError(f"{who.name} has no open action steps to record progress on")
    record = ProgressRecord(coachee=who.name, recorded=clock.now(), after_session=last.id, steps=[])
    try:
        for i, state in enumerate(steps):
            asker.show(
                Message(
                    f"will be able to {state.step.text}",
                    "info",
                    title=f"Step {i + 1} of {len(steps)}",
                )
            )
            before = state.latest
            status = asker.select(
                SelectQ(
                    ("steps", i, "status"),
                    "Where is it now?",
                    [Option(value, label) for value, label in STATUS_LABELS.items()],
                    default=state.status,
                )
            )
            evidence = asker.text(
                TextQ(
                    ("steps", i, "evidence"),
                    "Evidence seen (e.g. observed Tuesday's meeting)",
                    default=(before.evidence or "") if before else "",
                    multiline=True,
                )
            )
            reflection = asker.text(
                TextQ(
                    ("steps", i, "reflection"),
                    "Their reflection",
                    default=(before.reflection or "") if before else "",
                    multiline=True,
                )
            )
            record.steps.append(
                StepReview(
                    step=state.step.id,
                    status=status,
                    evidence=evidence.strip() or None,
                    reflection=reflection.strip() or None,
                )
            )
    except (KeyboardInterrupt, EOFError):
        if not record.steps:
            raise Saved("stopped; nothing was recorded") from None
        path = store.save_progress(record)
        raise Saved(
            f"stopped; kept what you recorded for {len(record.steps)} step(s) in {path}"
        ) from None
    if isinstance(asker, AnswersAsker):
        asker.check_all_used()
    return store.save_progress(record)
