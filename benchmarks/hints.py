"""How well the weak-step hints do on a labelled set of steps, and how long they take.

Run: python benchmarks/hints.py [--corpus FILE] [--frameworks DIR] [--runs N] [--list]
     [--quick]

Reads the labelled steps (tests/data/steps.yaml: teachers' and leaders' steps, weak
ones with the rules that should flag them, strong ones with none) and the hint rules of
a frameworks folder (this repository's frameworks/ unless told; an older school's
folder works too, as the conversation would load it), then prints:

- recall: of the rules each weak step should raise, how many fire, per rule and
  overall, for teachers and leaders;
- false alarms: of the strong steps, how many get any hint (and each rule's share);
- extra hints on weak steps (a rule firing that the label does not name), which are
  not counted as misses or false alarms but are worth reading;
- the time per step, as the conversation pays it (in-process, warm, and the first call).

--list prints every miss, false alarm and extra hint with its step. --quick (one timed
run) is the CI smoke test. `--corpus tests/data/steps-holdout.yaml` measures steps
written after the rules were last changed: the rules were shaped on steps.yaml, so
that is the figure for wording they have not seen.

This is a measurement, not a test (tests/test_hints.py holds the thresholds): it exits
0 whatever the figures, and 1 only if the corpus or the rules cannot be read or a hint
raises, so a broken benchmark cannot pass unnoticed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import coachcli
from coachcli.conversation import hints
from coachcli.conversation.hints import weak_step_hints
from coachcli.records.frameworks import load_frameworks
from coachcli.records.words import HintsFile
from coachcli.records.yamlio import load

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "steps.yaml"
FRAMEWORKS = REPO / "frameworks"
KINDS = {"instructional": "teachers", "leadership": "leaders"}
RECALL_TARGET, FALSE_ALARM_TARGET, MS_TARGET = 0.85, 0.10, 5.0


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    text: str
    evidence: tuple[str, ...]
    rules: frozenset[str]


@dataclass
class Tally:
    """Counts for one group of steps (all, teachers or leaders)."""

    labelled: Counter[str] = field(default_factory=Counter)  # rule -> weak steps naming it
    caught: Counter[str] = field(default_factory=Counter)  # ... on which it fired
    strong: int = 0
    alarmed: int = 0  # strong steps with any hint
    alarms: Counter[str] = field(default_factory=Counter)  # rule -> strong steps it flagged
    extra: Counter[str] = field(default_factory=Counter)  # rule -> weak steps, not named
    weak: int = 0
    weak_hinted: int = 0  # weak steps with at least one hint they should have

    def recall(self, rule: str | None = None) -> float | None:
        labelled = self.labelled[rule] if rule else sum(self.labelled.values())
        caught = self.caught[rule] if rule else sum(self.caught.values())
        return caught / labelled if labelled else None


def read_corpus(path: Path) -> list[Step]:
    data = load(path).data
    steps = []
    for entry in data["steps"]:
        evidence = entry.get("evidence") or []
        steps.append(
            Step(
                str(entry["id"]),
                str(entry["kind"]),
                str(entry["step"]),
                tuple(str(e) for e in evidence),
                frozenset(str(r) for r in entry.get("rules") or []),
            )
        )
    return steps


def fired(step: Step, rules: HintsFile) -> set[str]:
    return {hint.id for hint in weak_step_hints(step.text, step.kind, step.evidence, rules=rules)}


def tally(steps: list[Step], rules: HintsFile, notes: list[str]) -> dict[str, Tally]:
    """Counts for every step, for all and for each kind; ``notes`` gets one line for
    each miss, false alarm and extra hint."""
    tallies = {"all": Tally(), **{kind: Tally() for kind in KINDS}}
    for step in steps:
        found = fired(step, rules)
        for group in (tallies["all"], tallies[step.kind]):
            if step.rules:
                group.weak += 1
                group.weak_hinted += bool(found & step.rules)
                for rule in step.rules:
                    group.labelled[rule] += 1
                    group.caught[rule] += rule in found
                for rule in found - step.rules:
                    group.extra[rule] += 1
            else:
                group.strong += 1
                group.alarmed += bool(found)
                for rule in found:
                    group.alarms[rule] += 1
        if step.rules - found:
            notes.append(f"  missed {', '.join(sorted(step.rules - found))}: {step.id} {step.text}")
        if not step.rules and found:
            notes.append(f"  false alarm {', '.join(sorted(found))}: {step.id} {step.text}")
        if step.rules and found - step.rules:
            notes.append(f"  extra {', '.join(sorted(found - step.rules))}: {step.id} {step.text}")
    return tallies


@dataclass(frozen=True)
class Timing:
    first: float  # seconds for the first step, no pattern built or compiled yet
    median: float
    p99: float
    slowest: float  # may hold a pause of the garbage collector


def timings(steps: list[Step], rules: HintsFile, runs: int) -> Timing:
    """The first call from cold (as the first step of a session pays it), then each
    step over ``runs`` passes through every step."""
    re.purge()
    hints._ready.cache_clear()
    start = time.perf_counter()
    fired(steps[-1], rules)
    first = time.perf_counter() - start
    each = []
    for _ in range(runs):
        for step in steps:
            start = time.perf_counter()
            fired(step, rules)
            each.append(time.perf_counter() - start)
    each.sort()
    return Timing(first, statistics.median(each), each[int(len(each) * 0.99)], each[-1])


def percent(value: float | None) -> str:
    return "    -" if value is None else f"{value * 100:5.1f}%"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(tallies: dict[str, Tally], rule_ids: list[str]) -> None:
    groups = ["all", *KINDS]
    names = {"all": "all", **KINDS}
    print("\nrecall on weak steps (rule fired / steps labelled with it)")
    print(f"  {'rule':<18}" + "".join(f"{names[g]:>18}" for g in groups))
    for rule in [*rule_ids, None]:
        cells = []
        for g in groups:
            t = tallies[g]
            labelled = t.labelled[rule] if rule else sum(t.labelled.values())
            caught = t.caught[rule] if rule else sum(t.caught.values())
            cells.append(f"{percent(t.recall(rule))} {caught:>3}/{labelled:<3}")
        print(f"  {rule or 'overall':<18}" + "".join(f"{c:>18}" for c in cells))
    weak_any = ""
    for t in (tallies[g] for g in groups):
        share = percent(t.weak_hinted / t.weak if t.weak else None)
        weak_any += f"{share} {t.weak_hinted:>3}/{t.weak:<3}".rjust(18)
    print(f"  {'steps hinted':<18}{weak_any}")
    print("\nfalse alarms on strong steps (steps flagged / strong steps)")
    print(f"  {'rule':<18}" + "".join(f"{names[g]:>18}" for g in groups))
    for rule in [*rule_ids, None]:
        cells = []
        for g in groups:
            t = tallies[g]
            count = t.alarms[rule] if rule else t.alarmed
            share = count / t.strong if t.strong else None
            cells.append(f"{percent(share)} {count:>3}/{t.strong:<3}")
        print(f"  {rule or 'any hint':<18}" + "".join(f"{c:>18}" for c in cells))
    extra = tallies["all"].extra
    if extra:
        listed = ", ".join(f"{rule} {n}" for rule, n in sorted(extra.items()))
        print(f"\nextra hints on weak steps (not named by the label): {listed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the labelled steps")
    parser.add_argument("--frameworks", type=Path, default=FRAMEWORKS, help="a frameworks folder")
    parser.add_argument("--runs", type=int, default=20, help="timed passes through the corpus")
    parser.add_argument("--list", action="store_true", help="every miss, false alarm and extra")
    parser.add_argument("--quick", action="store_true", help="one timed pass: a smoke test")
    args = parser.parse_args()
    runs = 1 if args.quick else max(1, args.runs)
    print(f"coachcli {coachcli.__version__}, Python {sys.version.split()[0]}")
    try:
        steps = read_corpus(args.corpus)
        rules = load_frameworks(args.frameworks).hints
        timing = timings(steps, rules, runs)
        notes: list[str] = []
        tallies = tally(steps, rules, notes)
    except Exception as problem:  # noqa: BLE001 - a measurement reports, never fails
        print(f"could not measure: {type(problem).__name__}: {problem}")
        sys.exit(1)
    every = tallies["all"]
    print(
        f"{len(steps)} steps from {args.corpus.name} ({every.weak} weak, {every.strong} strong),"
        f" rules from {args.frameworks} (revision {rules.revision})"
    )
    report(tallies, [rule_id for rule_id, _ in rules.rules.listed()])
    if args.list and notes:
        print("\neach miss, false alarm and extra hint:")
        print("\n".join(notes))
    recall = every.recall() or 0.0
    alarms = every.alarmed / every.strong if every.strong else 0.0
    print(
        f"\noverall: recall {recall * 100:.1f}% (target ≥ {RECALL_TARGET * 100:.0f}%:"
        f" {verdict(recall >= RECALL_TARGET)}), false alarms {alarms * 100:.1f}%"
        f" (target ≤ {FALSE_ALARM_TARGET * 100:.0f}%: {verdict(alarms <= FALSE_ALARM_TARGET)})"
    )
    worst = max(timing.first, timing.p99) * 1000
    print(
        f"time per step: median {timing.median * 1000:.3f} ms, 99th percentile"
        f" {timing.p99 * 1000:.3f} ms, first call from cold {timing.first * 1000:.2f} ms"
        f" (target ≤ {MS_TARGET:g} ms: {verdict(worst <= MS_TARGET)}); slowest"
        f" {timing.slowest * 1000:.3f} ms ({runs} passes of {len(steps)} steps; the slowest"
        " may hold a pause of Python's garbage collector)"
    )


if __name__ == "__main__":
    main()
