"""Speed at every store size: start-up, follow-up, listings, export, overview, as ratios.

Run: python benchmarks/stores.py [--sizes 100,1000,10000] [--runs N] [--quick] [--fresh]

Builds synthetic stores of realistic sessions with coachcli's own models and store
(6 sessions per person, multi-line notes in several stages, 2-3 action steps each with
a practice plan, earlier steps carried forward and reviewed, progress recorded between
some meetings), then times each command against `python -c pass`, the two interleaved
so that noise on a shared machine hits both alike. Ratios matter, not absolute times.
With more than one size, `followup NAME` (which has a growth target) is also timed on
the smallest and largest store turn about, so a change in load between sizes cancels.

Stores are cached under the temp folder (keyed on this script and the store's source)
so a second run skips the build; --fresh rebuilds. --quick (size 100, 2 runs) is the CI
smoke test (no untimed warm-up run either). This is a measurement, not a test: it
exits 0 whatever the timings, and a command that fails is reported in the table; with
--quick (the CI smoke run) a command or a build that fails also makes it exit 1, so a
broken benchmark cannot pass unnoticed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import coachcli
from coachcli.conversation.start import carry
from coachcli.records import session as model_module
from coachcli.records import yamlio
from coachcli.records.frameworks import Frameworks, load_frameworks
from coachcli.records.session import (
    ActionStep,
    Close,
    CriterionCheck,
    Evidence,
    Focus,
    Note,
    PracticePlan,
    ProgressRecord,
    Session,
    StageRecord,
    StepReview,
)
from coachcli.records.vocabulary import StepStatus
from coachcli.store import sessions as store_module
from coachcli.store.names import id_of, slug
from coachcli.store.people import Person
from coachcli.store.sessions import Store
from coachcli.store.workspace import init

PYTHON = sys.executable
COACH = str(Path(PYTHON).with_name("coach"))
FLOOR = [PYTHON, "-c", "pass"]
SESSIONS_PER_PERSON = 6
TODAY = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
"""The benchmark's fixed "now" (COACH_NOW), so due and overdue counts are stable."""
SEED = 7
COACHES = ["Alex Morgan", "Sam Okoro", "Jo Whitfield"]
"""Who coaches: each person has one of these (the overview counts by coach)."""
CACHE = Path(tempfile.gettempdir()) / "coachcli-bench"
STALE_SECONDS = 24 * 3600


def words(text: str) -> list[str]:
    return text.split()


FIRST = words(
    "Priya Tom Amara Ben Chloe Daniel Esme Farid Grace Hamza Isla Jack Kemi Leo Maya Noah "
    "Olivia Pavel Quinn Ruth Sam Tariq Uma Victor Wen Xavier Yusuf Zara Aisha Callum "
    "Deborah Ewan Fatima George Hannah Imran Jess Kofi Laura Marcus Niamh Owen Poppy "
    "Rahul Sofia Theo Ursula Vikram Willow Yasmin"
)
LAST = words(
    "Shah Reid Okafor Jones Patel Walsh Clarke Hughes Begum Kowalski Nguyen Murphy Ahmed "
    "Evans Ibrahim Taylor Brown Singh Wilson Khan Roberts Osei Lewis Morgan Hussain "
    "Campbell Kaur Wright Edwards Mensah Green Scott Ali Turner Baker Hall Adeyemi Price "
    "Ward Chen"
)

OPENERS = [
    "Year {y} lost the thread in {day}'s lesson on {topic}.",
    "{first} says the week has been heavy: reports are due and two colleagues are off.",
    "The {meeting} on {day} ran over again; the agenda had six items and none on pupils.",
    "Pupils in Year {y} could explain {topic} out loud but not in writing.",
    "{first} tried the new routine twice and felt it went better the second time.",
    "A parent complaint about homework took most of {day} afternoon.",
]
MIDDLES = [
    "When we looked at the books together, half the class had the same misconception.",
    "{first} noticed that the same four pupils answer every question.",
    "The team agreed the success criterion but nobody brought pupil work to look at.",
    "Transitions take about six minutes; the first two are lost to giving out books.",
    "{first} wonders whether the problem is the task rather than the explanation.",
    "We talked through what a good outcome would look like by half term.",
    "Colleagues say they value the meetings but want more time to plan together.",
]
CLOSERS = [
    "Agreed to look again at {day}'s work before deciding.",
    "{first} wants to try it with Year {y} first, where it matters most.",
    "Next time: bring three books, one from each attainment group.",
    "Worth asking {other} how they handle this in their phase.",
    "Energy was good at the end; {first} left with a clear first move.",
]
STEP_TEXTS = {
    "instructional": [
        "check understanding with mini whiteboards before moving on, in every lesson",
        "model the first example aloud, naming each step, before pupils try one",
        "use cold call with wait time so every pupil expects to answer, daily",
        "give out resources in under a minute using the table monitors routine",
        "plan two hinge questions for each lesson and act on what the answers show",
        "narrate the positive when a pupil follows the routine, at each transition",
        "write the success criterion on the board and refer back to it mid-lesson",
    ],
    "leadership": [
        "open each team meeting with ten minutes looking at pupil work, every week",
        "invite a quieter colleague to open the pupil-work discussion at each meeting",
        "give one piece of actionable feedback within a day of each observation",
        "name the evidence behind each priority when presenting it to the team",
        "end each meeting by agreeing who will try what in class before the next one",
        "ask a coaching question before offering advice in each conversation they hold",
        "share the agenda two days ahead with pupil work as the first item",
    ],
}
WHEN = ["Tuesday's team meeting", "period 2 on Mondays", "every lesson this week", "Thursdays"]
FEEDBACK = ["same afternoon, five minutes", "in our next session", "a note the same day"]
OBSERVERS = ["me", "the phase leader", "a peer from maths", "the deputy head"]
REFLECTIONS = [
    "I rush the first example when I'm worried about time.",
    "Waiting for an answer is harder than I thought;\nI fill the silence.",
    "It works when I plan it; when I improvise it slips.",
]
TOPICS = ["ratio", "fractions", "persuasive writing", "the water cycle", "place value"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


# --- building a store ---------------------------------------------------------------------


def people_names() -> list[str]:
    """Unique names (and unique file-name slugs), in the same order for every size."""
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    random.Random(SEED).shuffle(names)
    seen: set[str] = set()
    unique = []
    for name in names:
        if slug(name) not in seen:
            seen.add(slug(name))
            unique.append(name)
    return unique


def fill(template: str, rng: random.Random, first: str) -> str:
    return template.format(
        y=rng.randint(3, 11),
        day=rng.choice(DAYS),
        topic=rng.choice(TOPICS),
        first=first,
        other=rng.choice(FIRST),
        meeting=rng.choice(["team meeting", "phase meeting", "department meeting"]),
    )


def note_text(rng: random.Random, first: str) -> str:
    """A note as a coach types it: two to four lines."""
    lines = [fill(rng.choice(OPENERS), rng, first)]
    lines += [fill(t, rng, first) for t in rng.sample(MIDDLES, rng.randint(1, 2))]
    if rng.random() < 0.6:
        lines.append(fill(rng.choice(CLOSERS), rng, first))
    return "\n".join(lines)


@dataclass
class Builder:
    """Makes one person's sessions the way the engine would, then saves them."""

    fw: Frameworks
    store: Store
    taken: set[str] = field(default_factory=set)

    def new_id(self, name: str, rng: random.Random) -> str:
        # Store.new_id globs the whole store for every new id; the same id scheme here
        # keeps building linear in the store size.
        while True:
            candidate = f"{slug(name, 16)}-{rng.getrandbits(16):04x}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    def notes(self, rng: random.Random, first: str) -> dict[str, StageRecord]:
        stages: dict[str, StageRecord] = {}
        flow = self.fw.flows.flow("full")
        assert flow is not None
        for stage_id in flow.stages:
            stage = self.fw.flows.stage(stage_id)
            if stage.kind != "notes":
                continue
            skill = self.fw.skill(stage.skill)
            bank = [*stage.prompts, *(skill.prompts if skill else [])]
            notes = [
                Note(
                    prompt=rng.choice([*bank, None]),
                    text=note_text(rng, first),
                    private=rng.random() < 0.1,
                )
                for _ in range(rng.randint(1, 3))
            ]
            stages[stage_id] = StageRecord(title=stage.title, skill=stage.skill, notes=notes)
        return stages

    def new_step(
        self, session: Session, number: int, rng: random.Random, day: dt.date
    ) -> ActionStep:
        assert session.kind is not None and session.focus is not None
        criteria = self.fw.criteria.for_kind(session.kind)
        checks = [
            CriterionCheck(id=c.id, name=c.name, met=rng.random() < 0.9) for c in criteria.criteria
        ]
        shelf = self.fw.library.on(session.focus.id) if self.fw.library else []
        chosen = rng.choice(shelf) if shelf and rng.random() < 0.3 else None
        return ActionStep(
            id=f"{session.id}-{number}",
            text=chosen.step if chosen else rng.choice(STEP_TEXTS[session.kind]),
            criteria=checks,
            criteria_set=criteria.id,
            criteria_set_name=criteria.name,
            hints=["a one-off task rather than a skill"] if rng.random() < 0.2 else [],
            earlier_wordings=["do the whiteboards thing"] if rng.random() < 0.1 else [],
            kept_because="a small first win" if not all(c.met for c in checks) else None,
            checked=True,
            practice=self.plan(session, rng, day),
            started_in=session.id,
            library=chosen.id if chosen else None,
        )

    def plan(self, session: Session, rng: random.Random, day: dt.date) -> PracticePlan:
        assert session.kind is not None
        chosen = rng.choice(self.fw.conversation.places.of(session.kind))
        place, place_name = chosen.id, chosen.name
        return PracticePlan(
            place=place,
            place_name=place_name,
            when=rng.choice(WHEN),
            observer=rng.choice(OBSERVERS),
            feedback=rng.choice(FEEDBACK),
            due=day + dt.timedelta(days=rng.randint(8, 18)),
        )

    def person(self, index: int, name: str, count: int) -> list[Session]:
        """``count`` sessions with one person, a fortnight apart, ending before TODAY."""
        rng = random.Random(SEED * 100_003 + index)
        first = name.split()[0]
        role = rng.choice(self.fw.bar.roles)
        kind = role.kind
        items = self.fw.bar.focus_choices(role.id, kind)
        last_day = TODAY.date() - dt.timedelta(days=1 + index % 21)
        sessions: list[Session] = []
        records: list[ProgressRecord] = []
        item = rng.choice(items)
        person_id = f"p{rng.getrandbits(40):010x}"
        for n in range(1, count + 1):
            day = last_day - dt.timedelta(days=14 * (count - n))
            started = dt.datetime.combine(day, dt.time(9 + index % 7, 0), tzinfo=dt.UTC)
            if rng.random() < 0.3:  # a new focus now and then
                item = rng.choice(items)
            focus = Focus(id=item.id, title=item.title, looks_like=item.looks_like)
            session = Session(
                id=self.new_id(name, rng),
                number=n,
                coachee=name,
                coachee_id=person_id,
                role=role.id,
                role_name=role.name,
                coach=COACHES[index % len(COACHES)],
                kind=kind,
                flow="full",
                flow_title="Full coaching conversation",
                stem=self.fw.conversation.stem,
                date=day,
                started=started,
                ended=started + dt.timedelta(minutes=rng.randint(25, 45)),
                frameworks=self.fw.versions(),
                focus=focus,
                follows=sessions[-1].id if sessions else None,
                stages=self.notes(rng, first),
            )
            # Follow-up: the open steps of the last session come forward under their own
            # ids (as engine.new_session does) and are reviewed in the meeting.
            if sessions:
                for state in Person(name, person_id, sessions, records).open_steps():
                    step = carry(state.step, state.status, sessions[-1].id, keep_dates=False)
                    age = n - next(s.number for s in sessions if s.id == step.started_in)
                    status: StepStatus = (
                        "achieved"
                        if age >= 3
                        else rng.choice(["practising", "practising", "achieved", "dropped"])
                    )
                    session.followup.append(
                        StepReview(
                            step=step.id,
                            status=status,
                            evidence=note_text(rng, first) if rng.random() < 0.8 else None,
                            reflection=rng.choice(REFLECTIONS) if rng.random() < 0.6 else None,
                        )
                    )
                    step.status = status
                    if step.is_open():
                        step.practice = self.plan(session, rng, day)
                    session.action_steps.append(step)
            still_open = sum(1 for step in session.action_steps if step.is_open())
            for number in range(1, max(1, rng.choice([2, 3]) - still_open) + 1):
                session.action_steps.append(self.new_step(session, number, rng, day))
            session.evidence = [
                Evidence(
                    source=(source := rng.choice(self.fw.bar.evidence_sources)).id,
                    source_name=source.name,
                    seen=note_text(rng, first),
                    to_collect=rng.random() < 0.3,
                    bar_item=focus.id,
                )
                for _ in range(rng.randint(1, 2))
            ]
            session.close = Close(
                strengths=note_text(rng, first),
                coachee_summary=note_text(rng, first) if rng.random() < 0.7 else None,
                next_meeting=day + dt.timedelta(days=14),
            )
            self.store.complete(session)
            sessions.append(session)
            if rng.random() < 0.4:  # progress seen between meetings (followup --record)
                reviews = [
                    StepReview(
                        step=step.id,
                        status=rng.choice(["practising", "achieved"]),
                        evidence=note_text(rng, first),
                    )
                    for step in session.action_steps
                    if step.is_open()
                ]
                if reviews:
                    record = ProgressRecord(
                        coachee=name,
                        coachee_id=person_id,
                        recorded=started + dt.timedelta(days=rng.randint(3, 9)),
                        after_session=session.id,
                        steps=reviews,
                    )
                    self.store.save_progress(record)
                    records.append(record)
        return sessions


def cache_key() -> str:
    """Changes when this script or the code that writes and reads sessions changes."""
    digest = hashlib.sha256(coachcli.__version__.encode())
    for module in (sys.modules[__name__], model_module, store_module, yamlio):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class Built:
    root: Path
    seconds: float
    cached: bool
    person: str
    """A person with six sessions, the same one at every size."""


def build(size: int, fresh: bool) -> Built:
    key_dir = CACHE / cache_key()
    root = key_dir / f"store-{size}"
    marker = root / "built.txt"
    names = people_names()
    people = math.ceil(size / SESSIONS_PER_PERSON)
    if marker.is_file() and not fresh:
        os.utime(key_dir)  # in use: not stale
        return Built(root, float(marker.read_text()), True, names[0])
    if CACHE.is_dir():  # stores for an older script or store format, unused for a day
        for old in CACHE.iterdir():
            if old != key_dir and time.time() - old.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    # Every session goes through Store.complete, as in real use: 10,000 take about two
    # minutes on a shared 2-core machine, so no faster path is needed.
    start = time.perf_counter()
    init(root, coach="Alex Morgan", school="Hillside Primary")
    workspace_fw = load_frameworks(root / "frameworks")
    builder = Builder(workspace_fw, Store(root / "sessions"))
    left = size
    for index in range(people):
        count = min(SESSIONS_PER_PERSON, left)
        builder.person(index, names[index], count)
        left -= count
        done = size - left
        if size >= 1000 and done % 1000 < SESSIONS_PER_PERSON:
            elapsed = time.perf_counter() - start
            print(f"  built {done:,} of {size:,} sessions ({elapsed:.0f} s)", flush=True)
    seconds = time.perf_counter() - start
    marker.write_text(f"{seconds:.3f}")
    return Built(root, seconds, False, names[0])


# --- timing -------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    samples: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    error: str | None = None
    peak_kib: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def floor(self) -> float:
        return statistics.median(self.floors) if self.floors else math.nan

    @property
    def ratio(self) -> float:
        """Median time over the median `python -c pass` run beside it."""
        return self.median / self.floor


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, str | None]:
    seconds, error, _ = run_measured(command, env)
    return seconds, error


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, str | None, int]:
    """Wall time, an error line if it failed, and its peak memory (resident, KiB)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines() or ["no message"]
        return seconds, f"exit {child.returncode}: {lines[-1]}", usage.ru_maxrss
    return seconds, None, usage.ru_maxrss


def time_command(
    name: str, command: list[str], env: dict[str, str], runs: int, warm: bool
) -> Timing:
    timing = Timing(name)
    if warm:  # once untimed, to warm the file cache for both
        run_once(FLOOR, env)
        _, timing.error = run_once(command, env)
        if timing.error:
            return timing
    for _ in range(runs):
        timing.floors.append(run_once(FLOOR, env)[0])
        seconds, timing.error, peak = run_measured(command, env)
        if timing.error:
            return timing
        timing.samples.append(seconds)
        timing.peak_kib = max(timing.peak_kib, peak)
    return timing


def time_autosave(built: Built, env: dict[str, str], runs: int) -> Timing:
    """One Store.save_draft of a draft part-way through a full session, in-process.

    As in a real session, one Store saves the same draft again and again (so each save
    also checks the file was not changed by someone else).
    """
    timing = Timing("autosave (save_draft)")
    names = people_names()
    index = len(names) - 1  # someone not in any store: a first session
    fw = load_frameworks(built.root / "frameworks")
    store = Store(built.root / "sessions")
    builder = Builder(fw, Store(Path(tempfile.mkdtemp(prefix="coach-bench-"))))
    sessions = builder.person(index, names[index], 2)
    shutil.rmtree(builder.store.folder, ignore_errors=True)
    # A second session stopped at its practice stage: notes, follow-up, evidence and
    # steps are in; the close is still to come.
    draft = sessions[-1].model_copy(update={"status": "draft", "ended": None})
    draft.stage_index = 8
    draft.close = Close()

    def save() -> Path:
        return store.save_draft(draft)

    save()  # the first save makes the drafts folder and imports filelock
    for _ in range(runs):
        timing.floors.append(run_once(FLOOR, env)[0])
        for _ in range(5):
            start = time.perf_counter()
            save()
            timing.samples.append(time.perf_counter() - start)
    store.draft_path(draft).unlink(missing_ok=True)
    return timing


# --- report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    ratio: float
    scale: float | None = None
    """Largest-size time over its own time at the smallest size, where the issue sets one."""


COLD = "coach followup, cold index"
COLD_DOCTOR = "coach doctor, cold index"
LIST_ALL = "coach session list --all --json"
TARGETS = {
    "coach --help": Target(8),
    COLD: Target(500),
    COLD_DOCTOR: Target(500),
    "coach doctor": Target(500),
    "coach followup NAME": Target(15, 1.2),
    "coach followup": Target(20),
    "coach session list": Target(20),
    "coach session show ID": Target(25),
    "coach export ID": Target(25),
    "coach export --coachee NAME": Target(30),
    LIST_ALL: Target(40),
    "coach overview": Target(25),
    "autosave (save_draft)": Target(0.25),
}
MEMORY_TARGET = 1.5
"""`session list --all --json` may take at most this much more memory than the default."""


def verdict(value: float, limit: float) -> str:
    if math.isnan(value) or math.isnan(limit):
        return ""
    return "met" if value <= limit else "MISSED"


def command_env(built: Built) -> dict[str, str]:
    """The environment every timed command runs in: this store, a fixed clock, and the
    store's own cache folder (its index lives there, away from the user's)."""
    cache = built.root.with_name(f"{built.root.name}-user-cache")
    env = {
        **os.environ,
        "COACH_HOME": str(built.root),
        "COACH_NOW": TODAY.isoformat(),
        "XDG_CACHE_HOME": str(cache),
        "COLUMNS": "100",
        "NO_COLOR": "1",
    }
    # Time what a pip install gives (compiled bytecode): without this, an editable install
    # under PYTHONDONTWRITEBYTECODE recompiles every coachcli module in every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(built: Built, runs: int, warm: bool) -> list[Timing]:
    env = command_env(built)
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)  # so the cold run is cold
    name = built.person.lower()
    timings = [time_command("coach --help", [COACH, "--help"], env, runs, warm)]
    print("  timing coach followup with no index yet (one run) ...", flush=True)
    timings.append(time_command(COLD, [COACH, "followup"], env, 1, warm=False))
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    print("  timing coach doctor with no index yet (one run) ...", flush=True)
    timings.append(time_command(COLD_DOCTOR, [COACH, "doctor"], env, 1, warm=False))
    theirs = f"{slug(built.person, 30)}-"
    files = Store(built.root / "sessions").session_files()
    first = id_of(next(p for p in files if p.parent.name.startswith(theirs)))
    commands = {
        "coach followup NAME": [COACH, "followup", name],
        "coach followup": [COACH, "followup"],
        "coach session list": [COACH, "session", "list"],
        "coach session show ID": [COACH, "session", "show", first],
        "coach export ID": [COACH, "export", first],
        "coach export --coachee NAME": [COACH, "export", "--coachee", name],
        LIST_ALL: [COACH, "session", "list", "--all", "--json"],
        "coach doctor": [COACH, "doctor"],
        "coach overview": [COACH, "overview"],
    }
    for label, command in commands.items():
        print(f"  timing {label} ...", flush=True)
        timings.append(time_command(label, command, env, runs, warm))
    timings.append(time_autosave(built, env, runs))
    return timings


def print_size(size: int, built: Built, timings: list[Timing], runs: int, warm: bool) -> None:
    how = "cached; built earlier in" if built.cached else "built in"
    sessions = sum(1 for _ in Store(built.root / "sessions").session_files())
    print(f"\n{size:,} sessions ({sessions:,} files; {how} {built.seconds:.1f} s): {built.root}")
    first = "after one untimed run" if warm else "after the cold-index run"
    print(f"  median of {runs} runs each ({first}), interleaved with `python -c pass`")
    header = f"  {'command':<34}{'median ms':>12}{'floor ms':>10}{'ratio':>11}{'target':>10}  "
    print(header + "result")
    for t in timings:
        target = TARGETS[t.name].ratio
        if t.error:
            print(f"  {t.name:<34}  failed: {t.error}")
            continue
        shown = "" if math.isnan(target) else f"≤ {target:g}x"
        print(
            f"  {t.name:<34}{t.median * 1000:>12.1f}{t.floor * 1000:>10.1f}"
            f"{t.ratio:>10.2f}x{shown:>10}  {verdict(t.ratio, target)}"
        )
    by_name = {t.name: t for t in timings}
    listing, every = by_name.get("coach session list"), by_name.get(LIST_ALL)
    if listing and every and listing.peak_kib and every.peak_kib:
        memory = every.peak_kib / listing.peak_kib
        print(
            f"  peak memory: {LIST_ALL} {every.peak_kib / 1024:.1f} MiB, default view"
            f" {listing.peak_kib / 1024:.1f} MiB: {memory:.2f}x (target ≤ {MEMORY_TARGET:g}x:"
            f" {verdict(memory, MEMORY_TARGET)})"
        )


def interleaved_growth(small: Built, large: Built, runs: int) -> tuple[Timing, Timing]:
    """`followup NAME` on the smallest and the largest store, run turn about (after one
    untimed run of each), so that a change in the machine's load hits both alike."""
    timings = []
    for built in (small, large):
        timing = Timing(f"coach followup NAME, {built.root.name}")
        command = [COACH, "followup", built.person.lower()]
        run_once(command, command_env(built))
        timings.append((timing, command, command_env(built)))
    for _ in range(runs):
        for timing, command, env in timings:
            timing.floors.append(run_once(FLOOR, env)[0])
            seconds, timing.error = run_once(command, env)
            timing.samples.append(seconds)
    return timings[0][0], timings[1][0]


def print_growth(results: dict[int, list[Timing]]) -> None:
    small, large = min(results), max(results)
    print(f"\ngrowth: time at {large:,} over time at {small:,} (each as a ratio to its floor)")
    head = f"  {'command':<30}{f'{small:,} ms':>12}{f'{large:,} ms':>12}{'growth':>10}"
    print(f"{head}{'target':>10}  result")
    for before, after in zip(results[small], results[large], strict=True):
        growth = after.ratio / before.ratio
        scale = TARGETS[after.name].scale
        shown = f"{f'≤ {scale:g}x':>10}  {verdict(growth, scale)}" if scale else ""
        print(
            f"  {after.name:<30}{before.median * 1000:>12.1f}{after.median * 1000:>12.1f}"
            f"{growth:>9.2f}x{shown}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="store sizes, in sessions")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--quick", action="store_true", help="size 100, 2 runs: a smoke test")
    parser.add_argument("--fresh", action="store_true", help="rebuild cached stores")
    args = parser.parse_args()
    sizes = [100] if args.quick else sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    runs = 2 if args.quick else max(1, args.runs)
    largest = len(people_names()) * SESSIONS_PER_PERSON
    print(f"coachcli {coachcli.__version__}, Python {sys.version.split()[0]}, {COACH}")
    results: dict[int, list[Timing]] = {}
    built_stores: dict[int, Built] = {}
    broken = False
    for size in sizes:
        if not 1 <= size <= largest:
            print(f"\nskipping {size:,} sessions: sizes run from 1 to {largest:,}")
            continue
        print(f"\nstore of {size:,} sessions ...", flush=True)
        try:
            built = built_stores[size] = build(size, args.fresh)
            results[size] = measure(built, runs, warm=not args.quick)
        except Exception as problem:  # noqa: BLE001 - a measurement reports, never fails
            print(f"  could not measure {size:,} sessions: {type(problem).__name__}: {problem}")
            broken = True
            continue
        broken = broken or any(timing.error for timing in results[size])
        print_size(size, built, results[size], runs, warm=not args.quick)
    if len(results) > 1:
        print_growth(results)
        small, large = min(results), max(results)
        print(f"\n  timing coach followup NAME at {small:,} and {large:,}, turn about ...")
        before, after = interleaved_growth(built_stores[small], built_stores[large], runs)
        growth = after.ratio / before.ratio
        print(
            f"  coach followup NAME, interleaved: {before.median * 1000:.1f} ms at {small:,},"
            f" {after.median * 1000:.1f} ms at {large:,}: growth {growth:.2f}x"
            f" (target ≤ 1.2x: {verdict(growth, 1.2)})"
        )
    if broken and args.quick:
        sys.exit(1)


if __name__ == "__main__":
    main()
