"""The overview as plain data for scripts (`--json`) and as a markdown report for a
leadership team or governors (`--markdown`).

The report names no coachee unless asked (`--names`), and every group of fewer than
``SMALL`` people (a role, a coach, a bar item, a library step, a criterion) is merged
into an "other" row, so a head teacher, the only one of their role, cannot be picked
out; a selection of fewer than ``SMALL`` people gives no figures at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from coachcli.reports.overview import SMALL, STEP_COUNTS, Overview, Tally, merged


def as_data(o: Overview) -> dict[str, Any]:
    """Everything the overview counts, names and ids included, for a script."""
    labels = {item.key: item.label for item in o.items}
    return {
        "today": o.today.isoformat(),
        "filters": {
            "coach": o.chosen.coach,
            "role": o.chosen.role,
            "since": o.chosen.since.isoformat() if o.chosen.since else None,
        },
        "not_seen_after_days": o.not_seen_after,
        **_group(o.everyone, labels),
        "focus": [
            {"id": t.key, "label": t.label, "sessions": t.sessions, "people": t.people}
            for t in o.items
        ],
        "by_role": [{"role": t.key or None, **_group(t, labels)} for t in o.roles],
        "by_coach": [{"coach": t.key or None, **_group(t, labels)} for t in o.coaches],
        "library": [
            {
                "id": t.key,
                "label": t.label,
                "used": t.steps["set"],
                "achieved": t.steps["achieved"],
                "people": t.people,
            }
            for t in o.library
        ],
        "criteria": [
            {
                "label": t.label,
                "missed": t.steps["missed"],
                "kept_with_reason": t.steps["kept"],
                "people": t.people,
            }
            for t in o.criteria
        ],
        "coachees": [
            {
                "id": person,
                "name": o.names.get(person, person),
                "role": o.roles_of.get(person),
                "sessions": len(o.everyone.seen.get(person, [])),
                "median_days_between_sessions": gap,
            }
            for person, gap in _each(o)
        ],
        "not_seen": [
            {
                "id": a.id,
                "name": a.name,
                "role": o.roles_of.get(a.id),
                "last_session": a.last_session.isoformat(),
                "days": a.days,
            }
            for a in o.away
        ],
    }


def _group(t: Tally, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "label": t.label,
        "people": t.people,
        "sessions": t.sessions,
        "steps": {name: t.steps[name] for name in STEP_COUNTS},
        "median_days_between_sessions": t.median_gap(),
        "focus": [
            {"id": key, "label": labels.get(key, key), "sessions": count}
            for key, count in t.focus.most_common()
        ],
    }


def _each(o: Overview) -> list[tuple[str, float | None]]:
    """Every counted person (those with no session in the period too) and their median
    days between sessions, by name."""
    gaps = o.everyone.gaps
    return sorted(
        ((person, gaps.get(person)) for person in o.names),
        key=lambda found: o.names[found[0]].casefold(),
    )


def markdown(o: Overview, *, names: bool) -> str:
    """The report: figures for the whole and for groups of at least ``SMALL`` people;
    names only with ``names``."""
    out = ["# Coaching across the school", "", _scope(o), ""]
    if o.everyone.people < SMALL:
        out += [
            f"These sessions are with fewer than {SMALL} people, so this report gives no"
            " figures: any of them could identify someone.",
            "",
        ]
    else:
        out += _figures(o)
    out += _away(o, names)
    if names:
        out += ["## Each person", "", "| name | role | sessions | median days apart |"]
        out += ["|---|---|--:|--:|"]
        for person, gap in _each(o):
            sessions = len(o.everyone.seen.get(person, []))
            out.append(
                f"| {_cell(o.names[person])} | {_cell(o.roles_of.get(person, ''))}"
                f" | {sessions} | {_days(gap)} |"
            )
        out.append("")
    out.append(
        f"_Groups of fewer than {SMALL} people are merged into an \u201cother\u201d row so"
        " that nobody can be picked out." + ("_" if names else " No coachee is named._")
    )
    return "\n".join(out) + "\n"


def _scope(o: Overview) -> str:
    parts = [f"As of {_day(o.today)}"]
    if o.chosen.since:
        parts.append(f"sessions since {_day(o.chosen.since)}")
    if o.chosen.role:
        parts.append(f"role: {o.roles[0].label if o.roles else o.chosen.role}")
    if o.chosen.coach:
        parts.append(f"coach: {o.chosen.coach}")
    return _cell("; ".join(parts) + ".")


def _figures(o: Overview) -> list[str]:
    e = o.everyone
    steps = e.steps
    out = [f"{e.sessions} coaching sessions with {e.people} people.", ""]
    out += ["## Action steps", "", "Steps agreed in these sessions, as they stand now.", ""]
    out += ["| agreed | achieved | dropped | still open | overdue |", "|--:|--:|--:|--:|--:|"]
    out += [
        f"| {steps['set']} | {steps['achieved']}{_share(steps['achieved'], steps['set'])}"
        f" | {steps['dropped']} | {steps['open']} | {steps['overdue']} |",
        "",
    ]
    out += _table(
        "Bar items in focus",
        ["bar item", "people", "sessions"],
        o.items,
        "Other bar items",
        lambda t: [t.label, str(t.people), str(t.sessions)],
    )
    for title, first, groups, other in (
        ("By role", "role", o.roles, "Other roles"),
        ("By coach", "coach", o.coaches, "Other coaches"),
    ):
        head = [first, "people", "sessions", "steps agreed", "achieved", "overdue", "days apart"]
        out += _table(title, head, groups, other, _group_row)
    out += _table(
        "Library steps",
        ["step", "people", "used", "achieved"],
        o.library,
        "Other library steps",
        lambda t: [t.label, str(t.people), str(t.steps["set"]), str(t.steps["achieved"])],
    )
    out += _table(
        "Criteria missed",
        ["criterion", "people", "missed", "kept with a reason"],
        o.criteria,
        "Other criteria",
        lambda t: [t.label, str(t.people), str(t.steps["missed"]), str(t.steps["kept"])],
    )
    gap = e.median_gap()
    out += ["## Time between sessions", ""]
    out += [
        f"Sessions are a median of {_days(gap)} days apart (each person's own median, then"
        " the middle of those)."
        if gap is not None
        else "Nobody has had two sessions yet.",
        "",
    ]
    return out


def _away(o: Overview, names: bool) -> list[str]:
    n, days = len(o.away), o.not_seen_after
    if not names and o.everyone.people < SMALL:
        return []  # even "everyone has been seen" would say something about one person
    out = [f"## Not seen for over {days} days", ""]
    if not names:  # none, one or two read the same: a count under three could be anyone
        said = f"Fewer than {SMALL} people" if n < SMALL else f"{n} people"
        return [*out, f"{said} counted here have not been seen for over {days} days.", ""]
    if not o.away:
        return [*out, f"Everyone counted here has been seen in the last {days} days.", ""]
    out += ["| name | role | last session | days |", "|---|---|---|--:|"]
    for a in o.away:
        role = o.roles_of.get(a.id, "")
        out.append(f"| {_cell(a.name)} | {_cell(role)} | {_day(a.last_session)} | {a.days} |")
    return [*out, ""]


def _group_row(t: Tally) -> list[str]:
    s = t.steps
    achieved = f"{s['achieved']}{_share(s['achieved'], s['set'])}"
    gap = _days(t.median_gap())
    return [
        t.label,
        str(t.people),
        str(t.sessions),
        str(s["set"]),
        achieved,
        str(s["overdue"]),
        gap,
    ]


def _table(
    title: str,
    head: list[str],
    tallies: list[Tally],
    other: str,
    row: Callable[[Tally], list[str]],
) -> list[str]:
    """A section with the groups merged (``merged``); none when there are no groups, a
    sentence when all of them together are fewer than ``SMALL`` people."""
    if not tallies:
        return []
    out = [f"## {title}", ""]
    shown = merged(tallies, other)
    if not shown:
        return [*out, f"Fewer than {SMALL} people in all: not shown.", ""]
    out += ["| " + " | ".join(head) + " |", "|---|" + "--:|" * (len(head) - 1)]
    out += ["| " + " | ".join(_cell(cell) for cell in row(t)) + " |" for t in shown]
    return [*out, ""]


_MEANS_SOMETHING = re.compile(r"([\\`*_\[\]|~<>&!#])")
"""Characters that would be markdown or HTML in a cell (as ``export.escape`` has them,
with ``#``; that module is not imported here: it brings Jinja2)."""


def _cell(text: str) -> str:
    """Stored text as literal text in a markdown table: one line, every character that
    means something escaped (the command also makes the report visible as it prints)."""
    line = _MEANS_SOMETHING.sub(r"\\\1", " ".join(text.split()))
    return "\\" + line if line[:1] in ("+", "=", "-") else line


def _share(part: int, whole: int) -> str:
    return f" ({round(100 * part / whole)}%)" if whole else ""


def _days(gap: float | None) -> str:
    return "—" if gap is None else f"{round(gap)}"  # whole days: 17.5 reads as a sum


def _day(day: Any) -> str:
    return f"{day.day} {day:%B %Y}"
