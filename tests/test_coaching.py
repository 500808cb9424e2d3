"""Every stage coaches: what the frameworks say reaches the coach, through the real
`coach session start` with an asker standing in for the person at the terminal.

Each stage shows its purpose, its own questions and its skill's question bank (no
question twice, even reworded), the header names skill and strategy, the focus menu
groups the bar under its sections, the quick flow keeps last time's focus, and a
frameworks/ folder from before these keys runs on coachcli's own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coachcli.conversation.asking import NEXT, ConfirmQ, Message, SelectQ, TextQ
from coachcli.conversation.stages.guide import BRIEF_BANK
from coachcli.records.frameworks import Frameworks, load_frameworks, missing_help
from coachcli.records.school import same_question
from coachcli.records.yamlio import dumps, load
from coachcli.records.yamlio import loc_text as key_text
from tests.conftest import Coach, person_dir

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "frameworks"
FULL = REPO / "examples" / "answers-full.yaml"


@dataclass
class Person:
    """Answers by question key (a list: one answer each time the key is asked), else the
    default; keeps what each stage showed and every menu it offered."""

    answers: dict[str, object] = field(default_factory=dict)
    shown: dict[str, list[str]] = field(default_factory=dict)
    """Every line a stage showed (messages, menu options, the bank), by stage title."""
    asked: dict[str, SelectQ] = field(default_factory=dict)
    headers: list[Message] = field(default_factory=list)
    opened: set[str] = field(default_factory=set)
    keeps_drafts = True
    stage: str = ""

    def _answer(self, key: tuple[str | int, ...], default: object) -> object:
        wanted = self.answers.get(key_text(key), default)
        if isinstance(wanted, list):
            return wanted.pop(0) if wanted else default
        return wanted

    def _see(self, *lines: str) -> None:
        self.shown.setdefault(self.stage, []).extend(lines)

    def text(self, q: TextQ) -> str:  # an optional question left as it is
        return str(self._answer(q.key, q.default or ("Sam Green" if q.required else "")))

    def select(self, q: SelectQ) -> str:
        self.asked[key_text(q.key)] = q
        self._see(*(option.label for option in q.options))
        values = [option.value for option in q.options]
        if "bank" in values and self.stage not in self.opened:
            self.opened.add(self.stage)  # open "More questions" once in each stage
            return "bank"
        if key_text(q.key).endswith(".bank"):
            return "menu"
        default = NEXT if NEXT in values else q.default or q.unanswered or values[0]
        return str(self._answer(q.key, default))

    def confirm(self, q: ConfirmQ) -> bool:
        return bool(self._answer(q.key, q.default if q.default is not None else True))

    def show(self, message: Message) -> None:
        if message.style == "header":
            self.headers.append(message)
            self.stage = stage_title(message)
            self._see(message.text)
        else:
            self._see(message.title or "", *message.text.splitlines())

    def preset(self, name: str) -> str | None:
        return None

    def finish(self) -> None:
        pass

    def secret(self, message: str, *, confirm: bool) -> str:
        raise AssertionError("no passphrase here")

    def show_session(self, session: object, path: Path) -> None:
        raise AssertionError("no draft is open elsewhere")


def stage_title(header: Message) -> str:
    found = re.search(r"stage \d+ of \d+: (.*?)(  ·  |$)", header.title or "")
    assert found, header.title
    return found.group(1)


def meet(coach: Coach, person: Person, *args: str) -> None:
    result = coach("session", "start", *args, terminal=lambda: person)
    assert result.code == 0, result.err


def workspace(coach: Coach, home: Path) -> Frameworks:
    assert coach("init", str(home)).code == 0
    return load_frameworks(home / "frameworks")


def questions_shown(person: Person, title: str) -> list[str]:
    """The lines a stage showed, each stripped of bullets, ticks and stars."""
    return [re.sub(r"^[\s•✓★]+", "", line) for line in person.shown.get(title, [])]


# --- 1. every stage shows its purpose, its questions and its skill's ------------------


def _stages(flow: str) -> list[tuple[str, str]]:
    fw = load_frameworks(SHIPPED)
    found = fw.flows.flow(flow)
    assert found is not None
    return [(flow, stage_id) for stage_id in found.stages]


@pytest.mark.parametrize(
    ("flow", "stage_id"),
    [pair for flow in ("full", "quick") for pair in _stages(flow)],
)
def test_every_stage_shows_its_purpose_questions_and_skill_bank_without_duplicates(
    coach: Coach, home: Path, flow: str, stage_id: str
) -> None:
    fw = workspace(coach, home)
    if fw.flows.stage(stage_id).kind == "followup":  # a step from last time to review
        assert coach("session", "start", "--answers", str(FULL)).code == 0
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", flow, "--role", "phase_leader")
    stage = fw.flows.stage(stage_id)
    skill = fw.skill(stage.skill)
    shown = questions_shown(person, stage.title)
    assert stage.purpose in shown
    for prompt in stage.prompts:
        assert prompt in shown, f"{stage.title}: {prompt!r} is never shown"
    bank = stage.bank(skill)
    if stage.brief:  # a corridor conversation shows a few of the skill's questions
        assert bank[BRIEF_BANK:], "the test shows a brief stage leaving some out"
        assert not set(bank[BRIEF_BANK:]) & set(shown), f"{stage.title} shows its whole bank"
        bank = bank[:BRIEF_BANK]
    for question in bank:
        assert question in shown, f"{stage.title}: {question!r} from the skill is never shown"
    offered = [*stage.prompts, *bank]
    twice = [
        (one, other)
        for i, one in enumerate(offered)
        for other in offered[i + 1 :]
        if same_question(one, other)
    ]
    assert not twice, f"{stage.title} offers one question twice: {twice}"


def test_the_banks_that_were_never_reachable_are_shown(coach: Coach, home: Path) -> None:
    fw = workspace(coach, home)
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "full", "--role", "phase_leader")
    everything = {line for title in person.shown for line in questions_shown(person, title)}
    for skill_id in ("prompting", "celebrating"):
        skill = fw.skill(skill_id)
        assert skill is not None
        missing = [q for q in skill.prompts if q not in everything]
        assert not missing, f"{skill.name}: never shown {missing}"
    assert "How will you know it's working?" in questions_shown(person, "Practice")


def test_stretching_leaves_out_reworded_copies_of_its_own_questions(
    coach: Coach, home: Path
) -> None:
    fw = workspace(coach, home)
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "full", "--role", "phase_leader")
    bank = person.asked["notes.challenging[0].bank"]
    labels = [option.label for option in bank.options]
    assert "What would your team say if I asked them?" not in labels  # the stage asks it
    assert "What are you assuming here that might not be true?" not in labels
    assert "Which part of this is within your control?" in labels
    stage = fw.flows.stage("challenging")
    assert len(labels) - 1 == len(stage.bank(fw.skill("questioning")))  # and "None of these"


def test_listening_offers_cues_and_stretching_challenges(coach: Coach, home: Path) -> None:
    fw = workspace(coach, home)
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "full", "--role", "phase_leader")
    menu = [option.label for option in person.asked["notes.listening[0]"].options]
    listening = fw.skill("listening")
    assert listening is not None and listening.cues
    for cue in listening.cues:  # named by what comes before its colon; whole once picked
        assert f"Move: {cue.split(':')[0]}" in menu and len(cue) > len(cue.split(":")[0])
    assert any(label.startswith("Move: Paraphrase") for label in menu)
    assert any(label.startswith("Move: Summarise") for label in menu)
    assert any(label.startswith("Move: Silence") for label in menu)
    stretching = " ".join(fw.flows.stage("challenging").prompts)
    assert "against the bar" in stretching and "evidence" in stretching
    assert "If nothing changes, what will it cost" in stretching
    assert "From 1 to 10" in stretching and "one higher" in stretching


def test_a_cue_picked_in_listening_is_the_notes_prompt(coach: Coach, home: Path) -> None:
    fw = workspace(coach, home)
    listening = fw.skill("listening")
    assert listening is not None and listening.cues
    prompts = fw.flows.stage("listening").prompts
    person = Person(
        {
            "coachee": "Priya Shah",
            "notes.listening[0]": f"c{1}",
            "notes.listening[0].note": "She wants meetings about teaching, not notices.",
            "notes.listening[1]": NEXT,
        }
    )
    person.opened.add("Listening")  # straight to the cue
    meet(coach, person, "--flow", "full", "--role", "phase_leader")
    (saved,) = person_dir(home, "priya-shah").glob("*.yaml")
    (note,) = load(saved).data["stages"]["listening"]["notes"]
    assert note["prompt"] == listening.cues[1] and len(prompts) == 3


# --- 2. the header names the skill and the strategy -----------------------------------


def test_the_header_names_the_skill_and_the_strategy(coach: Coach, home: Path) -> None:
    fw = workspace(coach, home)
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "full", "--role", "phase_leader")
    titles = {stage_title(m): m.title or "" for m in person.headers}
    for stage in fw.flows.stages:
        if stage.title not in titles:
            continue
        skill, strategy = fw.skill(stage.skill), fw.strategy(stage.strategy)
        if skill:
            assert skill.name in titles[stage.title]
        if strategy:
            assert strategy.name in titles[stage.title], titles[stage.title]
    assert "Developing action steps" in titles["Action steps"]
    assert "Prompting action, reflection and learning" in titles["Action steps"]
    assert "Defining the bar" in titles["Context"]
    assert "Encouraging practice" in titles["Practice"]
    assert [s.name for s in fw.flows.strategies or []] == [
        "Defining the bar",
        "Collecting evidence",
        "Developing action steps",
        "Encouraging practice",
        "Following up",
    ]


# --- 3. the focus menu, grouped; the quick flow keeps last time's focus ---------------


def test_the_focus_menu_groups_the_bar_under_its_sections(coach: Coach, home: Path) -> None:
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "full", "--role", "phase_leader")
    options = person.asked["focus"].options
    groups = [option.group for option in options]
    assert groups[0] == "Engaging in leadership (practice)", "the group with critical items"
    assert set(groups) == {"Engaging in leadership (practice)", "Being a leader (competency)"}
    first_other = groups.index("Being a leader (competency)")
    assert all(g == "Being a leader (competency)" for g in groups[first_other:]), "contiguous"
    practices = options[:first_other]
    stars = [option.label.startswith("★") for option in practices]
    assert stars == sorted(stars, reverse=True), "critical items first in their group"
    assert "Teaching" not in " ".join(groups), "only the session's kind of coaching"


def test_the_quick_flow_keeps_last_times_focus_and_kind(coach: Coach, home: Path) -> None:
    workspace(coach, home)
    assert coach("session", "start", "--answers", str(FULL)).code == 0  # team-meetings
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "quick")
    assert "kind" not in person.asked, "the kind of coaching is not asked again"
    focus = person.asked["focus"]
    assert focus.default == "team-meetings"
    assert focus.options[0].value == "team-meetings"
    assert (
        focus.options[0].label
        == "Same focus as last time: Runs team meetings that improve teaching"
    )
    assert [o.value for o in focus.options].count("team-meetings") == 1
    assert focus.options[-1].label == "Change the kind of coaching…"
    data = _latest(home)
    assert data["flow"] == "quick" and data["kind"] == "leadership"
    assert data["focus"]["id"] == "team-meetings"


def test_the_quick_flow_can_change_the_kind_and_focus(coach: Coach, home: Path) -> None:
    workspace(coach, home)
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    person = Person(
        {
            "coachee": "Priya Shah",
            "focus": ["change_kind", "checking-understanding"],
            "kind": "instructional",
        }
    )
    meet(coach, person, "--flow", "quick")
    data = _latest(home)
    assert data["kind"] == "instructional" and data["focus"]["id"] == "checking-understanding"


def test_an_answers_file_for_a_quick_follow_on_needs_no_focus(
    coach: Coach, home: Path, tmp_path: Path
) -> None:
    workspace(coach, home)
    assert coach("session", "start", "--answers", str(FULL)).code == 0
    quick = tmp_path / "quick.yaml"
    quick.write_text(
        dumps(
            {
                "format_version": 1,
                "coachee": "Priya Shah",
                "flow": "quick",
                "notes": {"checkin": [{"note": "Tried the pupil-work opening twice."}]},
                "close": {"next_meeting": "fri"},
            }
        ),
        encoding="utf-8",
    )
    result = coach("session", "start", "--answers", str(quick))
    assert result.code == 0, result.err
    data = _latest(home)
    assert data["kind"] == "leadership" and data["focus"]["id"] == "team-meetings"


def _latest(home: Path) -> dict[str, object]:
    found = [load(path).data for path in person_dir(home, "priya-shah").glob("*.yaml")]
    data = max(found, key=lambda one: int(one["number"]))
    assert isinstance(data, dict)
    return data


# --- 4. an older frameworks/ without the new keys -------------------------------------

NEW_KEYS = {
    "flows.yaml": ["strategies", "reuse_focus"],
    "skills.yaml": ["cues", "skills.reflect", "reflection"],
    "bar.yaml": ["aspect", "kinds"],
    "conversation.yaml": [
        "same_focus",
        "grouped",
        "guide",
        "correct",
        "unmet",
        "kept_because",
        "dropped",
        "drop",
        "goal",
        "rehearsal",
        "questions.evidence.collector",
        "questions.evidence.due",
        "questions.followup.feedback",
        "change_kind",
        "competencies",
        "practices",
        "cue",
    ],
}


def _without(data: object, keys: list[str]) -> object:
    """``data`` without ``keys``: a name goes wherever it is, a dotted path only there."""
    if isinstance(data, dict):
        kept = {}
        for k, v in data.items():
            if k in keys:
                continue
            deeper = [key.split(".", 1)[1] for key in keys if key.startswith(f"{k}.")]
            kept[k] = _without(v, [key for key in keys if "." not in key] + deeper)
        return kept
    if isinstance(data, list):
        return [_without(v, keys) for v in data]
    return data


def test_an_older_frameworks_folder_runs_on_the_shipped_new_keys(coach: Coach, home: Path) -> None:
    assert coach("init", str(home)).code == 0
    folder = home / "frameworks"
    for name, keys in NEW_KEYS.items():
        path = folder / name
        path.write_text(dumps(_without(load(path).data, keys)), encoding="utf-8")
        for key in keys:
            if "." not in key:
                assert f"{key}:" not in path.read_text(encoding="utf-8")
    fw = load_frameworks(folder)
    assert sorted(fw.filled) == sorted(NEW_KEYS)
    help_line = missing_help(fw)
    assert help_line is not None and "\n" not in help_line
    assert "flows.yaml (reuse_focus, strategies)" in help_line and "coach init" in help_line
    doctor = coach("doctor")
    assert (doctor.out + doctor.err).count("lack keys added in a later coachcli") == 1

    assert coach("session", "start", "--answers", str(FULL)).code == 0
    person = Person({"coachee": "Priya Shah"})
    meet(coach, person, "--flow", "quick")
    assert "kind" not in person.asked, "reuse_focus came from coachcli's own quick flow"
    assert person.asked["focus"].options[0].label.startswith("Same focus as last time: ")
    full = Person({"coachee": "Priya Shah"})
    meet(coach, full, "--flow", "full")
    assert any(label.startswith("Move: Paraphrase") for label in full.shown["Listening"])
    assert any("strategy: Following up" in (m.title or "") for m in full.headers)
    assert "Being a leader (competency)" in {o.group for o in full.asked["focus"].options}
    assert coach("frameworks", "validate").code == 0


def test_a_schools_own_skill_without_cues_is_not_reported(coach: Coach, home: Path) -> None:
    fw = workspace(coach, home)
    path = home / "frameworks" / "skills.yaml"
    data = load(path).data
    extra = dict(data["skills"][0], id="mentoring", name="Mentoring")
    data["skills"].append(extra)
    path.write_text(dumps(data), encoding="utf-8")
    again = load_frameworks(home / "frameworks")
    assert again.filled == {} and missing_help(again) is None
    assert again.skill("mentoring") is not None and fw.skill("listening") is not None
