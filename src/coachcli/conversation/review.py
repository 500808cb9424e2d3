"""Where an earlier step is now: asked in a session's follow-up stage and when progress
is recorded between meetings."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from coachcli.conversation.asking import Asker, Key, Option, SelectQ, TextQ
from coachcli.records.session import StepReview
from coachcli.records.vocabulary import STATUS_LABELS, StepStatus
from coachcli.records.wording import ConversationFile


def review_step(
    asker: Asker,
    ask_text: Callable[[TextQ], str],
    key: Key,
    step_id: str,
    earlier: StepReview | None,
    status: StepStatus,
    words: ConversationFile,
    *,
    brief: bool = False,
) -> StepReview:
    """Where a step is now, the practice seen and the coachee's reflection.

    Used in a session's follow-up stage and when recording progress between meetings
    (the one kind of record an observation between meetings can reuse: what was seen,
    the feedback given, what they learned); what was said last time is the default.
    ``words`` are the school's wording. A ``brief`` review (a corridor conversation)
    asks the status and one short note.
    """
    asks = words.questions.followup
    chosen = asker.select(
        SelectQ(
            (*key, "status"),
            asks.status,
            [Option(value, label) for value, label in STATUS_LABELS.items()],
            default=earlier.status if earlier else status,
        )
    )
    evidence = ask_text(
        TextQ(
            (*key, "evidence"),
            asks.evidence,
            default=(earlier.evidence or "") if earlier else "",
            multiline=not brief,
        )
    )
    reflection = feedback = ""
    if not brief and asks.feedback is not None:
        feedback = ask_text(
            TextQ(
                (*key, "feedback"),
                asks.feedback,
                default=(earlier.feedback or "") if earlier else "",
                multiline=True,
            )
        )
    if not brief:
        reflection = ask_text(
            TextQ(
                (*key, "reflection"),
                asks.reflection,
                default=(earlier.reflection or "") if earlier else "",
                multiline=True,
            )
        )
    return StepReview(
        step=step_id,
        status=cast(StepStatus, chosen),  # one of STATUS_LABELS, the options offered
        evidence=evidence.strip() or None,
        feedback=feedback.strip() or None,
        reflection=reflection.strip() or None,
    )
