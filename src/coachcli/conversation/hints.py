"""Noticing a weak action step while the coach can still reword it.

These are hints, never rules: plain word lists that catch the usual ways a step goes
wrong (a one-off task instead of a skill, several actions at once, an aim instead of
something to do, a leader's step with nothing tying it to the evidence, a step tied to
one occasion). The coach decides. The words and messages are data, in
``frameworks/hints.yaml`` (``records.words.HintsFile``); this module only knows how each
rule reads its lists. Everything runs in-process on plain Python: no model, nothing
downloaded. A step is read as a row of words (and the marks ``; , : )``), and each word
list is looked up word by word rather than made into one large pattern, so that even
the first step of a session costs well under a millisecond or two.
``benchmarks/hints.py`` measures the rules on the labelled steps in
``tests/data/steps.yaml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from coachcli.records.words import (
        HintsFile,
        NoEvidence,
        NotTransferable,
        OneOffTask,
        Rule,
        SeveralActions,
        Vague,
    )

Row = tuple[str, ...]
"""A text as its words (lower case) and the marks ; , : ) in order."""


@dataclass(frozen=True)
class Hint:
    id: str
    message: str


def _words(text: str) -> Row:
    """Lower case, one kind of apostrophe; words keep an inner ' - or / (don't,
    drop-in, 3/4) and a closing apostrophe (pupils')."""
    text = text.lower().replace("\u2019", "'")
    return tuple(re.findall(r"[a-z0-9]+(?:['/-][a-z0-9]+)*'?|[;,:)]", text))


def _fits(part: str, word: str, plural: bool = False) -> bool:
    """One word of an entry against one word of the text: ``observ*`` is any word that
    begins ``observ``, ``#`` is one digit, a plain word also fits its possessive
    (tomorrow's) and, with ``plural``, its plural."""
    if part == "#":
        return len(word) == 1 and word.isdigit()
    if part.endswith("*"):
        return word.startswith(part[:-1])
    return word == part or word in (part + "'s", part + "'") or (plural and word == part + "s")


def _bare(word: str) -> str:
    """A word without a possessive ending: how lists are looked up."""
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


Entry = tuple[Row, int]
"""An entry of a word list as its words, with the number of the group it belongs to."""


@dataclass(frozen=True)
class _List:
    """Word lists ready to look up: entries by their first word; those whose first
    word is a stem (``observ*``) by its first two letters; those that begin with a
    number (``#``) apart."""

    by_first: dict[str, tuple[Entry, ...]]
    by_stem: dict[str, tuple[Entry, ...]]
    numbers: tuple[Entry, ...]

    def match(self, words: Row, i: int, plural: bool = False) -> tuple[int, int]:
        """Where the longest entry found at ``words[i]`` ends, and its group; (-1, -1)
        if none is."""
        if not 0 <= i < len(words):
            return -1, -1
        word = words[i]
        candidates = self.by_first.get(_bare(word), ()) + self.by_stem.get(word[:2], ())
        if plural and word.endswith("s"):
            candidates += self.by_first.get(word[:-1], ())
        if word[0].isdigit():
            candidates += self.numbers
        end, group = -1, -1
        for entry, number in candidates:
            last = i + len(entry)
            if last > end and last <= len(words):
                n = len(entry) - 1
                if all(_fits(p, words[i + k], plural and k == n) for k, p in enumerate(entry)):
                    end, group = last, number
        return end, group

    def at(self, words: Row, i: int, plural: bool = False) -> int:
        """Where the longest entry found at ``words[i]`` ends, or -1."""
        return self.match(words, i, plural)[0]

    def found(self, words: Row) -> Iterator[tuple[int, int, int]]:
        """Each entry found, from the left, not overlapping: start, end and group."""
        i = 0
        while i < len(words):
            end, group = self.match(words, i)
            if end > 0:
                yield i, end, group
                i = end
            else:
                i += 1

    def anywhere(self, words: Row) -> bool:
        return any(self.at(words, i) > 0 for i in range(len(words)))


@functools.lru_cache(maxsize=256)
def _ready(groups: tuple[Row, ...]) -> _List:
    """Remembered, as the lists only change when a school edits hints.yaml."""
    by_first: dict[str, list[Entry]] = {}
    by_stem: dict[str, list[Entry]] = {}
    numbers = []
    for number, group in enumerate(groups):
        for text in group:
            parts = tuple(text.split())
            first = parts[0]
            if first == "#":
                numbers.append((parts, number))
            elif first.endswith("*") and len(first) > 2:
                by_stem.setdefault(first[:2], []).append((parts, number))
            elif first.endswith("*"):  # a stem of one letter: under every pair it may begin
                for pair in {first[0] + c for c in "abcdefghijklmnopqrstuvwxyz0123456789'-"}:
                    by_stem.setdefault(pair, []).append((parts, number))
            else:
                by_first.setdefault(_bare(first), []).append((parts, number))
    return _List(
        {k: tuple(v) for k, v in by_first.items()},
        {k: tuple(v) for k, v in by_stem.items()},
        tuple(numbers),
    )


def _list(*lists: Iterable[str] | None) -> _List:
    """One or more word lists, looked up as one."""
    return _ready((tuple(word for words in lists for word in words or ()),))


def _after(look: _List, words: Row, start: int, gaps: range, plural: bool = False) -> int:
    """Where an entry of ``look`` ends when it begins ``gaps`` words after ``start``."""
    return max((look.at(words, start + gap, plural) for gap in gaps), default=-1)


def _start(words: Row) -> int:
    """Where the step's verb is: after a leading "to"."""
    return 1 if words[:1] == ("to",) else 0


def _one_off_task(rule: OneOffTask, words: Row) -> bool:
    """A task verb begins the step, or it (or a verb of ``making``) comes a few words
    before a deliverable (its plural too); helping someone to do a task; "with the
    writing of" and the like; running one of the ``events``. Conditions that make the
    work good (a numbered list or a colon count), or "each" or "every" before one of the
    ``repeats`` (a moment that comes round again), clear it."""
    task, nouns = _list(rule.task_verbs), _list(rule.task_nouns)
    making, made = _list(rule.task_verbs, rule.making), _list(rule.deliverables)
    helping, events = _list(rule.helping), _list(rule.events)
    seen = task.at(words, _start(words)) > 0
    for i, word in enumerate(words):
        if seen:
            break
        if word in ("with", "on"):
            j = i + 2 if words[i + 1 : i + 2] == ("the",) else i + 1
            end = nouns.at(words, j)
            seen = end > 0 and words[end : end + 1] == ("of",)
        elif (end := helping.at(words, i)) > 0:
            seen = any(
                task.at(words, end + gap + (words[end + gap : end + gap + 1] == ("to",))) > 0
                for gap in range(1, 4)
            )
        if not seen and (end := making.at(words, i)) > 0:
            seen = _after(made, words, end, range(4), plural=True) > 0
    if not seen and rule.events and rule.event_verbs:
        end = _list(rule.event_verbs).at(words, _start(words))
        articles = ("the", "this", "next", "our", "a", "an")
        seen = end > 0 and end < len(words) and words[end] in articles
        seen = seen and _after(events, words, end + 1, range(5)) > 0
    return seen and not _done_well(rule, words)


def _done_well(rule: OneOffTask, words: Row) -> bool:
    if _list(rule.conditions).anywhere(words) or ":" in words:
        return True
    if any(w == ")" and i and words[i - 1].isdigit() for i, w in enumerate(words)):
        return True  # a numbered list: 1) ... 2) ...
    repeats = _list(rule.repeats)
    return bool(rule.repeats) and any(
        w in ("each", "every") and _after(repeats, words, i + 1, range(3)) > 0
        for i, w in enumerate(words)
    )


def _several_actions(rule: SeveralActions, words: Row) -> bool:
    """A joining phrase, a semicolon, "then" before an action verb, or "and" (or a
    comma) before a second action verb and one of the words that follow a verb; but
    not one of ``follow_through`` before "it" or "them" (the same thing again)."""
    if ";" in words or _list(rule.joining).anywhere(words):
        return True
    verbs, after, same = _list(rule.verbs), _list(rule.after_verb), _list(rule.follow_through)
    for i, word in enumerate(words):
        if word == "then" and verbs.at(words, i + 1) > 0:
            return True
        if word not in ("and", ","):
            continue
        for k in (i + 1, i + 2) if words[i + 1 : i + 2] in (("to",), ("then",)) else (i + 1,):
            back = same.at(words, k)
            if rule.follow_through and back > 0 and words[back : back + 1] in (("it",), ("them",)):
                continue
            end = verbs.at(words, k)
            if end > 0 and after.at(words, end) > 0:
                return True
    return False


_DESCRIBING = r"[a-z]+(ed|ive|ing|ful|ent|ant|ous|able|ible|ic|ly|al)"
_ENDS = frozenset(("this", "each", "every", "in", "at", "by", "with", "within", "during", "over"))
_ENDS |= frozenset(("until", "across", "from", "than", "when", "next", "so", "and", ",", ";"))
"""Words after "more" that end what it says (differentiate more | this term)."""


def _vague(rule: Vague, words: Row) -> bool:
    """An aim, not an action: the step begins with one of ``starts`` ("be more ...",
    "improve ...") or with one of ``stops`` and a verb ending in -ing ("stop shouting"),
    or holds one of ``aims`` ("better lessons"), or one of ``comparing`` before a
    describing word, or with only a time or a place after it ("more focused",
    "differentiate more this term"); and it does not say how ("by" and a verb ending in
    -ing, or one of the ``how`` words)."""
    comparing, stops = _list(rule.comparing), _list(rule.stops)
    stop = stops.at(words, 0)
    aim = (
        _list(rule.starts).at(words, _start(words)) > 0
        or (stop > 0 and words[stop : stop + 1] != () and words[stop].endswith("ing"))
        or _list(rule.aims).anywhere(words)
        or any(_compares(comparing, words, i) for i in range(len(words)))
    )
    if not aim:
        return False
    said_how = any(
        w == "by" and words[i + 1 : i + 2] != () and words[i + 1].endswith("ing")
        for i, w in enumerate(words)
    )
    return not (said_how or _list(rule.how).anywhere(words))


def _compares(comparing: _List, words: Row, i: int) -> bool:
    """More (or the like) at ``i``, before a describing word or ending what it says."""
    end = comparing.at(words, i)
    if end < 0:
        return False
    after = words[end] if end < len(words) else ""
    return after == "" or after in _ENDS or re.fullmatch(_DESCRIBING, after) is not None


def _stem(word: str) -> str:
    """A word without its usual English endings, so that observe, observed and
    observes (or meeting and meetings) meet; rough, and the same both sides."""
    word = word.strip("'-")
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for ending, instead in (("ation", "at"), ("ing", ""), ("ed", ""), ("ly", ""), ("e", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + instead
    return word


def _meanings(rule: NoEvidence, words: Row) -> set[str]:
    """What a text is about: each group of ``synonyms`` it names (as ``=N``, N its
    place), then the stem of every other word that is not a stop word or common word."""
    found, taken = set(), [False] * len(words)
    synonyms = rule.synonyms or {}
    groups = _ready(tuple(tuple(group) for group in synonyms.values()))
    for start, end, number in groups.found(words):
        found.add(f"={number}")  # the group's place: meanings are compared, not named
        taken[start:end] = [True] * (end - start)
    never = _never(tuple(rule.common_words), tuple(rule.stop_words or ()))
    for word, used in zip(words, taken, strict=True):
        word = word.strip("'-")
        if used or len(word) < 3 or not word[0].isalpha() or word in never:
            continue
        if (stem := _stem(word)) not in never:
            found.add(stem)
    return found


@functools.lru_cache(maxsize=16)
def _never(*lists: Row) -> frozenset[str]:
    return frozenset(word for words in lists for word in words)


def _no_evidence(rule: NoEvidence, words: Row, evidence: Iterable[str]) -> bool:
    """Nothing ties the step to the evidence seen: it names no evidence of its own, and
    it shares no meaning with what was seen, or only one of the general words (two of
    them, or any other shared meaning, tie it)."""
    if _list(rule.evidence_words).anywhere(words):
        return False
    shared = _meanings(rule, words) & _meanings(rule, _words(" ".join(evidence)))
    general = {_stem(word) for word in rule.general_words or ()}
    return sum(0.5 if meaning in general else 1.0 for meaning in shared) < 1


def _not_transferable(rule: NotTransferable, words: Row) -> bool:
    """Tied to one occasion: a day ("on Thursday", "next Monday", "Friday's"), a date
    ("4 January", "12/3", but not "Year 3/4", nor a time frame: "by 4 January") or one
    of ``occasions``; any of the ``recurring`` words clears it."""
    if _list(rule.recurring).anywhere(words):
        return False
    days, months, before = _list(rule.days), _list(rule.months), _list(rule.before_day)
    by_when, nth = _list(rule.by_when), r"\d{1,2}(st|nd|rd|th)?"
    for i, word in enumerate(words):
        end = before.at(words, i)
        if end > 0 and end < len(words) and days.at((words[end].rstrip("'"),), 0) > 0:
            return True
        if word.endswith("'s") and days.at((word[:-2],), 0) > 0:
            return True
        if re.fullmatch(nth, word) and months.at(words, i + 1) > 0:
            start = i  # 4 January
        elif re.fullmatch(nth, word) and i and months.at(words, i - 1) > 0:
            start = i - 1  # January 4
        elif re.fullmatch(r"\d{1,2}/\d{1,2}", word) and words[i - 1 : i] != ("year",):
            start = i  # 4/1
        else:
            continue
        if not (start and by_when.at(words, start - 1) > 0):
            return True
    return _list(rule.occasions).anywhere(words)


def weak_step_hints(
    text: str, kind: str | None, evidence: Iterable[str] = (), *, rules: HintsFile | None = None
) -> list[Hint]:
    """Hints for a step's wording; ``evidence`` is what this session recorded as seen.

    ``rules`` are the workspace's (``Frameworks.hints``); without them, coachcli's own.
    A rule this version does not know (or no longer uses) is left out.
    """
    if rules is None:
        from coachcli.records.frameworks import shipped

        rules = cast("HintsFile", shipped("hints"))
    words = _words(text)
    if not words:
        return []
    checks: dict[str, Callable[[Rule], bool]] = {
        "one_off_task": lambda rule: _one_off_task(cast("OneOffTask", rule), words),
        "several_actions": lambda rule: _several_actions(cast("SeveralActions", rule), words),
        "vague": lambda rule: _vague(cast("Vague", rule), words),
        "no_evidence": lambda rule: _no_evidence(cast("NoEvidence", rule), words, evidence),
        "not_transferable": lambda rule: _not_transferable(cast("NotTransferable", rule), words),
    }
    return [
        Hint(rule_id, rule.message)
        for rule_id, rule in rules.rules.listed()
        if rule_id in checks
        and (rule.kinds is None or kind in rule.kinds)
        and checks[rule_id](rule)
    ]
