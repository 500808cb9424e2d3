"""How the workspace's encryption looks on disk: `coach doctor`'s findings about it, and
removing the caches that could still hold names from before encryption was on.

The files themselves are sealed and opened by ``crypto``; this module only looks.
"""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

from coachcli.store import crypto
from coachcli.store.sessions import Store
from coachcli.store.workspace import CONFIG, cache_dir

SHOWN = 20
"""Files named one by one in a finding; more are counted."""


def _cache_key(path: Path) -> str:
    return f"{zlib.crc32(str(path.resolve()).encode()):08x}"


def cached_copies(root: Path, store: Store) -> list[Path]:
    """Files and folders in the user cache folder derived from this workspace's
    sessions (the index and the briefs; they hold names and steps in the clear), found
    by name, or by naming this store inside (a store that was moved or linked)."""
    cache = cache_dir()
    if not cache.is_dir():
        return []
    from coachcli.store.index import index_path

    key = _cache_key(store.folder)
    found = [p for p in (index_path(store.folder), cache / f"briefs-{key}") if p.exists()]
    spelled = {json.dumps(str(p)).encode() for p in (store.folder, store.folder.resolve())}
    candidates = [*cache.glob("index-*.json"), *cache.glob("briefs-*/*.json")]
    for path in sorted(candidates):
        holder = path if path.name.startswith("index-") else path.parent
        if holder in found:
            continue
        try:
            text = path.read_bytes()
        except OSError:
            continue
        if any(name in text for name in spelled):
            found.append(holder)
    return found


def scrub_caches(root: Path, store: Store) -> list[Path]:
    """Remove every cache of this workspace's sessions (and its cached settings): what
    was written there before encryption was turned on held names in the clear."""
    removed = []
    for path in cached_copies(root, store):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    settings = cache_dir() / f"config-{_cache_key(root / CONFIG)}.json"
    settings.unlink(missing_ok=True)
    return removed


def findings(root: Path, store: Store, encrypted: bool) -> list[str]:
    """What `coach doctor` reports about encryption: files sealed or not against the
    setting (anywhere under sessions/ and backups/, a linked folder included), a
    missing key file, an interrupted passphrase change, and caches in the clear."""
    problems: list[str] = []
    if crypto.interrupted_change(root):
        problems.append(
            f"{root}: a passphrase change was interrupted; run `coach passphrase change`"
            " again to finish it"
        )
    sealed: list[Path] = []
    plain: list[Path] = []
    for path in crypto.store_files(root):
        (sealed if crypto.is_sealed(path) else plain).append(path)
    if encrypted:
        wrong = [f"{p}: not encrypted; run `coach migrate`" for p in plain]
    else:
        wrong = [
            f"{p}: encrypted, but coach.yaml has encryption off; `coach migrate` decrypts it"
            for p in sealed
        ]
    problems += wrong[:SHOWN]
    if len(wrong) > SHOWN:
        problems.append(f"and {len(wrong) - SHOWN} more files like these")
    if sealed and not (root / crypto.KEY_FILE).exists():
        problems.append(crypto.MISSING_KEY.format(key=root / crypto.KEY_FILE))
    if encrypted:
        problems += [
            f"{p}: a cache that may hold names in the clear; run `coach migrate` to remove it"
            for p in cached_copies(root, store)
        ]
        from coachcli.store import anonymise

        named = anonymise.named_paths(root, store)
        problems += [
            f"{p}: its path may hold a person's name; `coach migrate` renames it"
            for p in named[:SHOWN]
        ]
        if len(named) > SHOWN:
            problems.append(f"and {len(named) - SHOWN} more paths like these")
    return problems
