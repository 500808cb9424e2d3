"""The coach's own development over time, from their reflections: each quality's and
skill's ratings in order (``trends``, drawn by ``ui/trends.py``), and a markdown
summary to take to supervision with a lead coach (`coach export --reflections`).

The summary never names a coachee, nor gives a session's id (which may hold a name):
a reflection is "after a session" or "general". It is the coach's own, and no coachee
export ever includes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachcli.reports.export import escape, long_date

if TYPE_CHECKING:
    from coachcli.records.reflection import Reflection


@dataclass(frozen=True)
class Trend:
    """One quality or skill across the reflections, oldest first (None: not rated)."""

    id: str
    name: str
    kind: str  # "quality" or "skill"
    points: tuple[int | None, ...]

    @property
    def rated(self) -> list[int]:
        return [p for p in self.points if p is not None]

    def average(self) -> float | None:
        rated = self.rated
        return sum(rated) / len(rated) if rated else None


def trends(found: list[Reflection], order: list[tuple[str, str, str]] | None = None) -> list[Trend]:
    """Each quality and skill (``order``: the frameworks' ``(kind, id, name)``, then any
    others the reflections hold) with its rating in each reflection."""
    seen: dict[str, tuple[str, str]] = {}
    for kind, item_id, name in order or []:
        seen[item_id] = (kind, name)
    for reflection in found:
        for kind, ratings in (("quality", reflection.qualities), ("skill", reflection.skills)):
            for rating in ratings:
                if rating.id not in seen or not order:
                    seen[rating.id] = (kind, rating.name)
    result = []
    for item_id, (kind, name) in seen.items():
        points = tuple(
            next((r.rating for r in reflection.ratings() if r.id == item_id), None)
            for reflection in found
        )
        result.append(Trend(item_id, name, kind, points))
    return sorted(result, key=lambda t: t.kind != "quality")  # stable: qualities first


def since(found: list[Reflection], day: dt.date | None) -> list[Reflection]:
    return [r for r in found if day is None or r.date >= day]


def _cell(text: str | None) -> str:
    return escape(text, cell=True) if text else " "


def supervision_markdown(found: list[Reflection], coach: str | None, today: dt.date) -> str:
    """Markdown for supervision: trends, the things chosen to work on, each reflection."""
    lines = ["# Reflections on my coaching practice", ""]
    if not found:
        return "\n".join([*lines, "No reflections in this period.", ""])
    first, last = found[0].date, found[-1].date
    count = f"{len(found)} reflection{'s' * (len(found) != 1)}"
    who = f"{escape(coach)}: " if coach else ""
    lines += [f"{who}{count}, {long_date(first)} to {long_date(last)}.", ""]
    scale = found[-1].scale
    lines += ["Scale: " + ", ".join(f"{n} {escape(w)}" for n, w in enumerate(scale, 1)), ""]
    lines += [
        "## Trends",
        "",
        "| Quality or skill | First | Latest | Average | Ratings, oldest first |",
    ]
    lines.append("|---|---|---|---|---|")
    for trend in trends(found):
        rated, average = trend.rated, trend.average()
        points = " ".join("·" if p is None else str(p) for p in trend.points)
        lines.append(
            f"| {_cell(trend.name)} | {rated[0] if rated else '–'} | {rated[-1] if rated else '–'}"
            f" | {f'{average:.1f}' if average is not None else '–'} | {points} |"
        )
    chosen = [r for r in found if r.next]
    if chosen:
        lines += ["", "## What I chose to work on", ""]
        lines += [f"- {r.date.isoformat()}: {_cell(r.next)}" for r in chosen]
    lines += ["", "## Each reflection"]
    for reflection in found:
        lines += _one(reflection)
    lines += ["", f"_Made on {long_date(today)}; private to the coach who wrote it._", ""]
    return "\n".join(lines)


def _one(reflection: Reflection) -> list[str]:
    about = "after a session" if reflection.session_date or reflection.evidence else "general"
    lines = ["", f"### {long_date(reflection.date)}, {about}", ""]
    if reflection.evidence is not None:
        lines += ["What the session's record showed:", ""]
        lines += [f"- {escape(line)}" for line in reflection.evidence.lines()]
        lines.append("")
    rated = [r for r in reflection.ratings() if r.rating is not None or r.note]
    if rated:
        lines += ["| Quality or skill | Rating | Note |", "|---|---|---|"]
        for rating in rated:
            words = ""
            if rating.rating is not None and rating.rating <= len(reflection.scale):
                words = f"{rating.rating} {reflection.scale[rating.rating - 1]}"
            lines.append(f"| {_cell(rating.name)} | {_cell(words)} | {_cell(rating.note)} |")
    else:
        lines.append("Nothing rated.")
    if reflection.next:
        lines += ["", f"To work on next: {escape(reflection.next)}"]
    return lines
