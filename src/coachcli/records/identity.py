"""Who a record is about: a person's id, which never changes, beside the name as typed.

A name is not an identity: two colleagues can share one, and a name can be corrected
later. Every session and progress record carries ``coachee_id``; lookups, briefs,
exports and `coach forget` key on it, and folders are only a convenience.
"""

from __future__ import annotations

import hashlib
import os
import re

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


def person_key(name: str) -> str:
    """A name as compared: case and spacing do not make a different person."""
    return " ".join(name.casefold().split())


def same_person(a: str, b: str) -> bool:
    return person_key(a) == person_key(b)


def new_person_id(taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A random id for someone new (``p`` and ten hex digits): no part of their name."""
    while True:
        candidate = f"p{os.urandom(5).hex()}"
        if candidate not in taken:
            return candidate


def legacy_person_id(name: str) -> str:
    """The id of a person in a file from before ids (format 3 and older): the same for
    every spelling of one name, as those versions treated them (``n`` and ten hex
    digits of a hash). `coach migrate` replaces it with a random one when encryption is
    on, so that no folder name can be checked against a list of names."""
    return "n" + hashlib.sha256(person_key(name).encode("utf-8")).hexdigest()[:10]


def is_legacy(person_id: str) -> bool:
    return re.fullmatch(r"n[0-9a-f]{10}", person_id) is not None
