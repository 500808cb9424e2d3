"""The coach looks back at their own practice (`coach reflect`): the evidence a
session's record offers first, then each of the four qualities and five skills in
``skills.yaml`` with its own question, a rating on the school's scale and a note (each
may be skipped), and one thing to work on next.

Every question goes through the asker, under the ``reflection`` key of an answers file:
``reflection.offer`` at the close of a session, ``reflection.qualities.<id>`` and
``reflection.skills.<id>`` (``rating``, ``note``) and ``reflection.next``.
"""

from __future__ import annotations

from pathlib import Path

from coachcli import clock
from coachcli.conversation.asking import (
    Asker,
    ConfirmQ,
    Interrupted,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.conversation.practice import evidence, rule_line, words_of
from coachcli.errors import Stopped
from coachcli.records.frameworks import Frameworks
from coachcli.records.reflection import Rating, Reflection, ReflectionWords
from coachcli.records.session import Session
from coachcli.store import reflections
from coachcli.store.sessions import Store

SKIP = "skip"


def offer(fw: Frameworks, store: Store, asker: Asker, session: Session) -> Path | None:
    """The one question at the close of a session: reflect now? No unless the coach
    says yes (a habitual Enter never starts it). Where the reflection was saved, if one
    was. Ctrl-C (or no more input) here is a no: the session is saved already."""
    try:
        wanted = asker.confirm(
            ConfirmQ(("reflection", "offer"), words_of(fw).offer, default=False, unanswered=False)
        )
    except (KeyboardInterrupt, EOFError):
        return None
    if not wanted:
        asker.finish()  # prepared ratings with no yes to use them are named
        return None
    return reflect(fw, store, asker, session)


def reflect(fw: Frameworks, store: Store, asker: Asker, session: Session | None) -> Path:
    """Ask every question and save the reflection; on Ctrl-C keep what was given."""
    words = words_of(fw)
    now = clock.now()
    found = Reflection(
        id=reflections.new_id(now),
        reflected=now,
        session=session.id if session else None,
        session_date=session.date if session else None,
        skills_revision=fw.skills.revision,
        scale=[point.words for point in words.scale],
    )
    if session is not None:
        found.evidence = evidence(session, fw)
        title = f"What the record shows: session {session.number} with {session.coachee}"
        lines = [f"  {line}" for line in found.evidence.lines(short=True)]
        asker.show(Message("\n".join(lines), title=f"{title}, {session.date:%a %d %b}"))
        asker.show(Message(rule_line(words), "dim"))
    asker.show(Message(words.intro, "dim"))
    try:
        _ask_all(fw, asker, words, found)
    except (KeyboardInterrupt, EOFError):
        if not any(r.rating or r.note for r in found.ratings()) and not found.next:
            raise Stopped("stopped: no reflection was saved") from None
        path = reflections.save(store, found)
        raise Stopped(f"stopped: what you gave so far is kept in {path}") from None
    asker.finish()
    return reflections.save(store, found)


def _ask_all(fw: Frameworks, asker: Asker, words: ReflectionWords, found: Reflection) -> None:
    items = [("qualities", q.id, q.name, q.reflect) for q in fw.skills.qualities]
    items += [
        ("skills", s.id, s.name, s.reflect or words.own_skill.format(skill=s.name.lower()))
        for s in fw.skills.skills
    ]
    total = len(items)
    for number, (group, item_id, name, question) in enumerate(items, 1):
        rating = Rating(id=item_id, name=name)
        (found.qualities if group == "qualities" else found.skills).append(rating)
        kind = "quality" if group == "qualities" else "skill"
        asker.show(Message(question, "header", title=f"{number} of {total} · {kind}: {name}"))
        options = [Option(str(p.value), p.words, str(p.value)) for p in words.scale]
        options.append(Option(SKIP, words.skip, "s"))
        key = ("reflection", group, item_id)
        picked = asker.select(
            SelectQ((*key, "rating"), words.rate, options, default=SKIP, unanswered=SKIP)
        )
        if picked == SKIP:
            continue
        rating.rating = int(picked)
        try:
            rating.note = asker.text(TextQ((*key, "note"), words.note, multiline=True)).strip()
        except Interrupted as stop:  # what was typed is kept in its place
            rating.note = stop.partial.strip()
            raise
        finally:
            rating.note = rating.note or None
    try:
        found.next = asker.text(TextQ(("reflection", "next"), words.next, multiline=True)).strip()
    except Interrupted as stop:
        found.next = stop.partial.strip()
        raise
    finally:
        found.next = found.next or None
