"""The brief before meeting someone (`coach followup NAME`), as text or JSON.

It is laid out to be read on one screen of 24 lines at 80 columns in the common case
(a goal with its measure, two open steps, evidence to collect). A longer brief shown
in a terminal first loses its spacing, then what matters least (each step's history,
what was celebrated), and only then its end, and says that `--full` shows it all; a
brief written to a file or a pipe is always whole."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from coachcli.dates import relative, when
from coachcli.records.vocabulary import STATUS_LABELS, humane
from coachcli.reports.labels import dated

if TYPE_CHECKING:
    from coachcli.records.session import Goal
    from coachcli.store.briefing import Brief, BriefGoal, BriefStep
from coachcli.ui.visible import json_visible, visible

SPACING, HISTORY, EXTRA, LONG, PINNED = 1, 2, 3, 4, 5
"""What a line is, for fitting the brief to the screen: spacing, a step's history and
the extras go first, then the end of long text; a PINNED line (evidence to collect,
which has a date) stays while the steps' last lines give way."""
"""What may be left out of a brief too long for the screen, in this order: blank
lines, each step's history, the focus's description and what was celebrated, then
the end of a long paragraph of what was seen since (its first line ends in '…')."""

_AN_ID = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
"""A practice place saved as an id with no name (format 1, until `coach migrate`): shown
made readable, as the role is; a place the coach typed is shown as typed."""

SHORT = 40
"""What was seen since, this short, ends the paragraph of where the step stands."""

FULL_HINT = "Shortened to fit the screen: add --full to see it all."


class _Page:
    """The brief's lines, each with what it is (0: always shown), wrapped to the
    console's width."""

    def __init__(self, out: Console) -> None:
        self.out = out
        self.lines: list[tuple[Text, int, Text | None]] = []
        """Each line, what it is, and what it becomes when the lines after it (LONG)
        are left out."""

    def add(
        self,
        text: str | Text,
        left: int = 0,
        style: str = "",
        hang: int = 0,
        level: int = 0,
        most: int | None = None,
    ) -> None:
        """Wrapped lines of ``text``; with ``most``, the lines after that many may be
        left out (LONG)."""
        width = max(20, self.out.width - left - hang)
        shown = text if isinstance(text, Text) else Text(visible(text), style=style)
        lines = shown.wrap(self.out, width)
        for index, line in enumerate(lines):
            line.rstrip()
            pad = Text(" " * (left + (hang if index else 0)))
            short = None
            if most is not None and index == most - 1 and len(lines) > most:
                cut = line.copy()
                cut.truncate(width - 1)
                cut.rstrip()
                short = pad + cut + Text("…", style=cut.style)
            long = most is not None and index >= most
            self.lines.append((pad + line, LONG if long and not level else level, short))

    def gap(self) -> None:
        self.lines.append((Text(""), SPACING, None))

    def fitted(self, room: int) -> list[Text]:
        """The lines that fit in ``room``: without spacing, then less and less of what
        matters least, with a last line saying so."""
        kept = [(line, at, short) for line, at, short in self.lines if at != SPACING]
        if len(kept) <= room:
            return [line for line, _, _ in kept]
        for level in (HISTORY, EXTRA, LONG):
            if len(kept) < room:
                break
            kept = [
                (short if level == LONG and short else line, at, short)
                for line, at, short in kept
                if at != level
            ]
        excess = len(kept) - (room - 1)
        for index in range(len(kept) - 1, -1, -1):  # from the end, what is not pinned
            if excess <= 0:
                break
            if kept[index][1] != PINNED:
                del kept[index]
                excess -= 1
        return [*(line for line, _, _ in kept[: room - 1]), Text(FULL_HINT, style="dim")]


def show_brief(
    out: Console,
    brief: Brief,
    today: dt.date,
    *,
    as_json: bool = False,
    own_coach: str | None = None,
    full: bool = False,
) -> None:
    """One person's brief, drawn from the index's derived copy of their record; cut
    to the screen (see the module) unless ``full`` or the output is not a terminal.
    ``own_coach`` is the workspace's coach: the brief names another one."""
    if as_json:
        import json

        print(json_visible(json.dumps(_brief_data(brief, today), ensure_ascii=False, indent=2)))
        return
    page = _Page(out)
    _draw(page, brief, today, own_coach)
    room = out.height - 1  # the prompt after it stays on the same screen
    if full or not out.is_terminal or len(page.lines) <= room:
        lines = [line for line, _, _ in page.lines]
    else:
        lines = page.fitted(room)
    for line in lines:
        out.print(line)


def _draw(page: _Page, brief: Brief, today: dt.date, own_coach: str | None) -> None:
    written = brief.last_session
    count = brief.sessions
    head = f"{brief.name} · {brief.role_label} · "
    head += f"{count} session{'s' * (count != 1)}, last {when(brief.last_session, today)}"
    page.add(Text(visible(head), style="bold"))
    for line, style in standing_lines(brief, today, own_coach):
        page.add(line, style=style, hang=2)
    page.add(f"Next meeting: {when(brief.next_meeting, today)}")
    if brief.focus:
        page.add(Text(visible(f"Focus: {brief.focus}"), style="bold cyan"))
    lines = goal_lines(brief.goal, brief.goal.now if brief.goal else None)
    for line in lines:  # the coachee's own goal says more here than the bar's words
        page.add(line, 2, hang=2)
    if brief.focus and not lines:
        page.add(brief.looks_like or "", 2, "dim", level=EXTRA)
    page.gap()
    first = (brief.name.split() or [brief.name])[0]
    if brief.steps:  # the stem once: "Priya will be able to …"
        heading = f"Open action steps: {first} {brief.stem} …"
        page.add(Text(visible(heading), style="bold cyan"))
    else:
        page.add(Text("No open action steps.", style="bold cyan"))
    for number, step in enumerate(brief.steps, 1):
        _step(page, number, step, written, today)
    if brief.to_collect:
        page.gap()
        page.add(Text("Evidence still to collect", style="bold cyan"), level=PINNED)
        for e in brief.to_collect:  # who and by when; where from only when no one is named
            who = [e.collector] if e.collector else []
            late = e.due is not None and e.due < today
            if e.due:
                who.append(f"by {_day(e.due)}" + (f" ({_late(e.due, today)})" if late else ""))
            detail = f" ({', '.join(who) or e.source})"
            seen = dated(e.seen, written, today)
            page.add(f"• {seen}{detail}", 2, "red" if late else "", hang=2, level=PINNED)
    if brief.celebrated:
        page.gap()
        celebrated = visible(dated(brief.celebrated, written, today))
        said = Text("Celebrated last time: ", style="bold cyan") + Text(celebrated)
        page.add(said, level=EXTRA)


def _step(page: _Page, number: int, step: BriefStep, written: dt.date, today: dt.date) -> None:
    """One open step: its words, then one paragraph with where it stands and its plan,
    what was seen since (with what they said), and its history."""
    set_on = next((day for day, text in step.history if text.startswith("set in")), written)
    page.add(f"{number}. {dated(step.text, set_on, today)}", 0, "bold", hang=3)
    status = STATUS_LABELS.get(step.status, step.status)
    due_style = "red" if step.due and step.due < today else ""
    standing = Text(f"{status} · ") + Text(_due(step.due, today), style=due_style)
    if any((step.place, step.when, step.observer, step.feedback)):
        when_ = dated(step.when, written, today, always=True) if step.when else None
        place = humane(step.place) if step.place and _AN_ID.fullmatch(step.place) else step.place
        plan = _plan_parts(place, when_, step.observer, step.feedback)
        standing += Text(" · " + visible(plan))
    recorded = [day for day, text in step.history if text.startswith("recorded")]
    on = recorded[-1] if recorded else written
    since = f"since last time: {dated(step.since, on, today)}" if step.since is not None else ""
    if step.reflection:
        since += f" · they said: {dated(step.reflection, on, today)}"
    if since and len(since) <= SHORT and not step.reflection:  # "no evidence noted"
        standing += Text(" · " + visible(since))
        since = ""
    page.add(standing, 3, hang=2)
    if step.kept:  # a reminder to come back to what it missed
        page.add(dated(step.kept, set_on, today), 3, "yellow", hang=2)
    if since:
        page.add(since, 3, "italic", hang=2, most=1)
    if len(step.history) > 1:  # more than "set in session N"
        said = f" ({step.since})" if step.since else ""
        events = " · ".join(
            f"{day.day} {day:%b} {text.removesuffix(said)}" for day, text in step.history
        )
        page.add(f"history: {events}", 3, "dim", hang=2, level=HISTORY)


def standing_lines(brief: Brief, today: dt.date, own_coach: str | None) -> list[tuple[str, str]]:
    """Archived or not, and who coaches them when it is not this workspace's coach (with
    no coach in coach.yaml: once they were handed over or had more than one)."""
    from coachcli.records.identity import same_person
    from coachcli.store.roster import Coaching

    lines = []
    if brief.archived:
        lines.append(
            (
                f"Archived {when(brief.archived, today)}: not on the dashboard;"
                " `coach unarchive` brings them back.",
                "yellow",
            )
        )
    coaching = Coaching.on(brief.coaches, today)
    if coaching.now is not None:
        day, coach, handed_over = coaching.now
        other = (
            not same_person(coach, own_coach)
            if own_coach
            else handed_over or len(brief.coaches) > 1
        )
        if other:
            lines.append((f"Coach: {coach}, since {when(day, today)}", ""))
    if coaching.next is not None:
        day, coach, _ = coaching.next
        lines.append((f"From {when(day, today)}: coached by {coach}", ""))
    if brief.unread:
        lines.append((f"Their person record could not be read: {brief.unread}", "yellow"))
    return lines


def _brief_data(brief: Brief, today: dt.date) -> dict[str, Any]:
    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    from coachcli.store.roster import Coaching

    now = Coaching.on(brief.coaches, today).now
    return {
        "coachee": brief.name,
        "coachee_id": brief.coachee_id,
        "archived": brief.archived is not None,
        "archived_on": iso(brief.archived),
        "coach": now[1] if now else None,
        "coaches": [
            {"coach": coach, "from": day.isoformat(), "handover": handover}
            for day, coach, handover in brief.coaches
        ],
        "role": brief.role,
        "sessions": brief.sessions,
        "last_session": brief.last_session.isoformat(),
        "next_meeting": iso(brief.next_meeting),
        "focus": (
            {"id": brief.focus_id, "title": brief.focus, "looks_like": brief.looks_like}
            if brief.focus_id
            else None
        ),
        "open_steps": [
            {
                "id": s.id,
                "text": s.text,
                "status": s.status,
                "due": iso(s.due),
                "days_left": (s.due - today).days if s.due else None,
                "practice": {
                    "place": s.place,
                    "when": s.when,
                    "observer": s.observer,
                    "feedback": s.feedback,
                    "due": iso(s.due),
                },
                "since_last_time": (
                    {"evidence": s.since, "reflection": s.reflection}
                    if s.since is not None
                    else None
                ),
                "history": [{"date": day.isoformat(), "event": text} for day, text in s.history],
                "kept": s.kept,
            }
            for s in brief.steps
        ],
        "goal": (
            {
                "own_words": brief.goal.own_words,
                "pupils": brief.goal.pupils,
                "baseline": brief.goal.baseline,
                "target": brief.goal.target,
                "check_by": iso(brief.goal.check_by),
                "now": brief.goal.now,
            }
            if brief.goal
            else None
        ),
        "evidence_to_collect": [
            {"seen": e.seen, "source": e.source, "collector": e.collector, "due": iso(e.due)}
            for e in brief.to_collect
        ],
        "celebrated": brief.celebrated,
    }


def _plan_parts(
    place: str | None, when_: str | None, observer: str | None, feedback: str | None
) -> str:
    parts = [
        place,
        when_,
        f"observed by {observer}" if observer else None,
        f"feedback: {feedback}" if feedback else None,
    ]
    return "practise: " + " · ".join(p for p in parts if p)


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _late(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    return f"{days} day{'s' * (days != 1)} overdue"


def _due(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "no due date"
    when = _late(day, today) if day < today else relative(day, today)
    return f"due {_day(day)} ({when})"


def goal_lines(goal: BriefGoal | Goal | None, now: str | None = None) -> list[str]:
    """Their goal in their words, and the pupil measure: where it was, where it is now
    (``now``, when a follow-up said), where it should get to and when to check."""
    if goal is None:
        return []
    lines = [f"their goal: {goal.own_words}"] if goal.own_words else []
    if goal.pupils:
        now = f" · now {now}" if now else ""
        check = f" by {_day(goal.check_by)}" if goal.check_by else ""
        lines.append(
            f"for pupils: {goal.pupils} · was {goal.baseline or '?'}{now} · aim"
            f" {goal.target or '?'}{check}"
        )
    return lines
