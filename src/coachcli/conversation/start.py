"""Beginning a session: who is being coached (namesakes told apart), a new draft with
their open steps carried forward, or the unfinished draft they already have; and
walking it to the end, keeping the draft if it stops."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from coachcli import clock
from coachcli.conversation.asking import (
    Asker,
    ConfirmQ,
    Message,
    Option,
    SelectQ,
    TextQ,
)
from coachcli.conversation.engine import Conversation
from coachcli.errors import CoachError, Stopped
from coachcli.records.frameworks import Frameworks
from coachcli.records.identity import new_person_id, same_person
from coachcli.records.session import ActionStep, Session
from coachcli.records.settings import Config
from coachcli.records.vocabulary import Kind, StepStatus
from coachcli.store.names import slug
from coachcli.store.people import Person, Who, overview, person, session_rows, standings
from coachcli.store.roster import unarchive
from coachcli.store.sessions import Store


@dataclass
class Choices:
    """What the coach gave on the command line; anything left None is asked."""

    coachee: str | None = None
    role: str | None = None
    kind: Kind | None = None
    flow: str | None = None
    coach: str | None = None


def find_coachee(
    fw: Frameworks, people: list[Who], asker: Asker, given: str | None, me: str | None = None
) -> Who:
    """The coachee: someone coached before (by id: a namesake is asked about, never
    merged) or someone new, with a fresh id. People archived are not offered, but a
    name typed finds them (`start` then asks whether to bring them back). In a
    workspace several coaches share, ``me``'s people come first, and another coach's
    are named as theirs and never picked by Enter alone."""
    roles = {r.id: r.name for r in fw.bar.roles}
    taken = {who.id for who in people}
    if given is not None and given.strip():
        name = " ".join(given.split())
        matches = [p for p in people if same_person(p.name, name)]
        if not matches:
            close = [p for p in people if slug(name) in slug(p.name)]
            if len(close) == 1 and asker.confirm(
                ConfirmQ(
                    ("coachee_match",),
                    f"Do you mean {close[0].name}?",
                    default=True,
                    unanswered=False,  # a name given in advance is taken as given
                )
            ):
                matches = close
        if len(matches) > 1:
            return _which(matches, roles, asker)
        return matches[0] if matches else Who(new_person_id(taken), name)
    shared = {p.name for p in people if sum(same_person(p.name, q.name) for q in people) > 1}
    today = clock.today()

    def theirs(who: Who) -> str | None:
        """Another coach who coaches ``who`` now, if one does."""
        begun = [coach for since, coach in who.coaches if since <= today]
        now = begun[-1] if begun else None
        return None if now is None or me is None or same_person(now, me) else now

    offered = sorted(  # mine due soonest first, and the first of them by default
        (who for who in people if who.archived is None),
        key=lambda who: (
            theirs(who) is not None,
            who.due is None,
            who.due or dt.date.max,
            who.name.casefold(),
        ),
    )
    options = [
        Option(
            who.id,
            (_label(who, roles) if who.name in shared else _short(who, roles))
            + (f", coached by {other}" if (other := theirs(who)) else ""),
        )
        for who in offered
    ]
    options.insert(0, Option("__new__", "Someone new…", "s"))
    default = next((who.id for who in offered if theirs(who) is None), None)
    question = SelectQ(  # an answers file without a coachee is asked for a name, as before
        ("coachee",), "Who are you coaching?", options, default, unanswered="__new__", free=True
    )
    picked = asker.select(question)
    known = next((who for who in people if who.id == picked), None)
    if known is not None:
        return known
    if picked != "__new__":  # a name typed, or given in an answers file
        if not picked.strip():
            raise CoachError("coachee: a name is needed")
        return find_coachee(fw, people, asker, picked)
    while True:
        name = " ".join(asker.text(TextQ(("coachee",), "Their name", required=True)).split())
        matches = [p for p in people if same_person(p.name, name)]
        if not name:
            continue
        if not matches:
            return Who(new_person_id(taken), name)
        same = asker.confirm(
            ConfirmQ(
                ("coachee_same",),
                f"Is this the {name} you have coached before?",
                default=True,
            )
        )
        if same:
            return matches[0] if len(matches) == 1 else _which(matches, roles, asker)
        asker.show(Message("Add something that tells them apart, e.g. 'Sam Jones (Y4)'.", "hint"))


def _bring_back(store: Store, found: Who, asker: Asker) -> Who:
    """An archived person chosen by name: back on the dashboard if the coach says so
    (prepared answers say ``coachee_unarchive: yes``), else stop; never a namesake."""
    day = found.archived
    assert day is not None
    asker.show(Message(f"{found.name} is archived (since {day:%a} {day.day} {day:%b %Y}).", "hint"))
    question = "Bring them back and start a session with them?"
    key = ("coachee_unarchive",)
    if not asker.confirm(ConfirmQ(key, question, default=True, unanswered=False)):
        raise CoachError(
            f"stopped: {found.name} is archived; `coach unarchive` with their name brings"
            " them back (in an answers file: coachee_unarchive: yes)"
        )
    unarchive(store, found.id, found.name)
    return replace(found, archived=None)


def _new_despite(found: Who, unread: list[str], asker: Asker) -> None:
    """Someone new while files could not be read: they may be in one of those, so the
    coach decides (prepared answers stop), never a second record made silently."""
    many = f" and {len(unread) - 1} more" if len(unread) > 1 else ""
    asker.show(Message(f"Could not read {unread[0]}{many}.", "hint"))
    question = (
        f"{found.name} may be in a file that could not be read. Start a new record for them anyway?"
    )
    if not asker.confirm(ConfirmQ(("coachee_new",), question, default=None, unanswered=False)):
        raise CoachError(
            f"stopped: {found.name} may be in a file that could not be read ({unread[0]}{many});"
            " `coach doctor` lists it"
        )


def _short(who: Who, roles: dict[str, str]) -> str:
    return f"{who.name} ({roles.get(who.role or '', who.role) or 'no role yet'})"


def _label(who: Who, roles: dict[str, str]) -> str:
    """A person told apart from a namesake: role, last meeting and id."""
    archived = ", archived" if who.archived else ""
    return f"{_short(who, roles)}, last met {who.last_session or 'never'}{archived}, id {who.id}"


def _which(matches: list[Who], roles: dict[str, str], asker: Asker) -> Who:
    """One of several people of the same name, told apart by role and last meeting."""
    options = [Option(who.id, _label(who, roles)) for who in matches]
    question = f"{len(matches)} people are called {matches[0].name}. Which one?"
    picked = asker.select(SelectQ(("coachee_id",), question, options))
    return next(who for who in matches if who.id == picked)


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
    flow = _flow_id(fw, config, choices)
    if choices.role is not None:
        role = _role_id(fw, choices.role)
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
        coachee_id=who.id,
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


def _flow_id(fw: Frameworks, config: Config, choices: Choices) -> str:
    """The flow chosen (or coach.yaml's default), known to the workspace's flows."""
    flow = choices.flow or config.default_flow
    if fw.flows.flow(flow) is None:
        names = ", ".join(f.id for f in fw.flows.flows)
        raise CoachError(f"no flow called {flow!r}; choose one of {names}")
    return flow


def _role_id(fw: Frameworks, typed: str) -> str:
    """The id of a role given by its id or its name."""
    found = next((r for r in fw.bar.roles if typed.casefold() in (r.id, r.name.casefold())), None)
    if found is None:
        names = ", ".join(r.id for r in fw.bar.roles)
        raise CoachError(f"no role {typed!r} in the bar; choose one of {names}")
    return found.id


def carry(step: ActionStep, status: StepStatus, source: str, *, keep_dates: bool) -> ActionStep:
    """An unfinished step, brought into the next session under the same id."""
    practice = step.practice
    if practice is not None and not keep_dates:
        practice = practice.model_copy(update={"when": None, "due": None})
    return step.model_copy(
        update={"status": status, "carried_from": source, "practice": practice, "checked": True}
    )


def run_to_end(conversation: Conversation) -> Path:
    """Walk the conversation; on Ctrl-C keep the draft and say how to carry on (the
    draft leased to this run throughout: ``Conversation.to_end``)."""
    return conversation.to_end()


def start(
    fw: Frameworks, config: Config, store: Store, asker: Asker, choices: Choices
) -> tuple[Session, Path]:
    """Begin a session (or, if the coach agrees, resume this coachee's open draft)."""
    for field in ("flow", "role", "kind", "coach"):
        value = asker.preset(field)
        if value and getattr(choices, field) is None:
            setattr(choices, field, value)
    if choices.kind not in (None, "leadership", "instructional"):
        raise CoachError(f"kind: must be leadership or instructional, not {choices.kind!r}")
    _flow_id(fw, config, choices)  # every choice made in advance is checked before a question
    if choices.role is not None:
        _role_id(fw, choices.role)
    summaries = overview(store)  # the one look at the whole store
    rows = session_rows(summaries)
    people = [Who.of(one) for one in standings(summaries)]
    for row in rows:  # someone with only an unfinished session is someone already
        if row.status == "draft" and row.coachee_id not in {who.id for who in people}:
            people.append(Who(row.coachee_id, row.coachee))
    try:
        found = find_coachee(fw, people, asker, choices.coachee, choices.coach or config.coach)
        unread = [line for summary in summaries for _, line in summary.problems]
        if unread and found.id not in {who.id for who in people}:
            _new_despite(found, unread, asker)
        if found.archived is not None:
            found = _bring_back(store, found, asker)
    except (KeyboardInterrupt, EOFError):
        raise Stopped("stopped before the session began; nothing was saved") from None
    for row in reversed(rows):
        if row.status != "draft" or row.coachee_id != found.id:
            continue
        draft = Conversation(fw, config, store, asker, store.read(store.folder / row.file))
        if draft.claim(offer=True):  # open elsewhere: warned, and looked at or taken over
            path = run_to_end(draft)
            return draft.session, path
    who = person(store, found)
    session = new_session(fw, config, store, who, found.role, choices, {row.id for row in rows})
    conversation = Conversation(fw, config, store, asker, session, autosave=asker.keeps_drafts)
    conversation.previous = who.last
    return session, run_to_end(conversation)
