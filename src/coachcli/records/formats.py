"""The version of each file format coachcli reads and writes, in one light module.

A file carries its own ``format_version``, apart from coachcli's version: an older
file is read (and `coach migrate` rewrites it), a newer one asks for an upgrade.
`coach --version` prints these, so this module imports nothing: no pydantic.
"""

from __future__ import annotations

SESSION_FORMAT = 7
"""The newest session file format this version of coachcli writes and reads; progress
records (between meetings) share it.

1: the first format. 2: labels saved beside ids (``role_name``, ``flow_title``,
``source_name``, ``place_name``, ``criteria_set_name``) and each step's criteria as a
list of ``{id, name, met}``. 3: ``stem``, the words each action step begins with.
4: ``coachee_id``, who the record is about, whatever their name (records/identity.py).
5: ``kept_because``, why a step that misses some criteria was kept as it is.
6: the coachee's ``goal`` in their words with a measure about pupils, and ``goal_now``
at follow-up; who collects evidence and by when (``collector``, ``due``); a step's
``rehearsals`` in the room; the ``feedback`` given after an observation.
7: ``library``, the library step an action step was chosen from."""

PERSON_FORMAT = 1
"""A person's own record (``person-<id>.yaml``: archived, handovers), apart from the
sessions. 1: the first format: ``archived`` and ``handovers``."""

CONFIG_FORMAT = 2
"""``coach.yaml``: the same number as ``records.settings.CONFIG_FORMAT``, which the
model uses (a test keeps the two equal)."""

FRAMEWORKS_FORMAT = 1
"""The newest framework file format (``frameworks/*.yaml``) this coachcli reads."""

ANSWERS_FORMAT = 1
"""Answers files (`--answers FILE`): the same number as the ``AnswersFile`` model's
default ``format_version`` (a test keeps the two equal)."""

INDEX_FORMAT = 14
"""The derived index in the user's cache folder (``store/index.py``): bumped when its
rows change, and then rebuilt from the files; never migrated."""


def summary() -> list[str]:
    """What `coach --version` prints after the version: each file format, one a line."""
    rows = [
        ("sessions and progress records", f"{SESSION_FORMAT} (older ones are read too)"),
        ("person records (archive, handover)", f"{PERSON_FORMAT}"),
        ("coach.yaml", f"{CONFIG_FORMAT} (older ones are read too)"),
        ("frameworks", f"{FRAMEWORKS_FORMAT}"),
        ("answers files", f"{ANSWERS_FORMAT}"),
        ("the index (a cache)", f"{INDEX_FORMAT} (rebuilt when it changes)"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"  {name:<{width}}  {value}" for name, value in rows]
    return ["file formats (a newer file asks you to upgrade coachcli):", *lines]
