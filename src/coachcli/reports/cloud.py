"""`coach doctor`'s look at whether a cloud service copies the workspace off this computer.

Session notes are personal data about staff. OneDrive, iCloud Drive, Dropbox and Google
Drive each copy the folders they sync to their own servers, and some reach further than
people expect: OneDrive's folder backup (Known Folder Move) moves Documents and Desktop
into OneDrive, and a Mac with "Desktop & Documents Folders" on keeps them in iCloud
Drive. A school may choose that (``cloud_sync_intended: true`` in ``coach.yaml``);
otherwise doctor names the service and what to do.

A synced folder is known by what each client leaves: the OneDrive environment variables
Windows sets, a ``.dropbox`` file at the top of a Dropbox folder, and the names the
clients give their folders (``OneDrive``, ``OneDrive - School``, ``Library/Mobile
Documents``, ``iCloudDrive``, ``Dropbox``, ``Google Drive``, ``My Drive``, and macOS's
``Library/CloudStorage/OneDrive-…``, ``Dropbox-…`` and ``GoogleDrive-…``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.store.workspace import Workspace, user_data_dir

ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
"""Where Windows says the user's OneDrive folders are."""

HINTS = {
    "OneDrive": "its folder backup also moves Documents and Desktop there",
    "iCloud Drive": 'with "Desktop & Documents Folders" on, a Mac keeps those there too',
    "Dropbox": "its settings can also leave a folder out of syncing",
    "Google Drive": "its settings can also leave a folder out of syncing",
}


def synced_by(root: Path, environ: Mapping[str, str]) -> tuple[str, Path] | None:
    """The cloud service that syncs ``root``, and the folder its syncing starts at."""
    try:  # a link to a synced folder is synced too
        folder = root.resolve()
    except OSError:
        folder = Path(os.path.abspath(root))
    for name in ONEDRIVE_VARIABLES:
        value = environ.get(name)
        if value and _inside(folder, Path(value)):
            return "OneDrive", Path(value)
    for current in (folder, *folder.parents):
        client = _client_of(current)
        if client is not None:
            return client, current
    return None


def _inside(folder: Path, top: Path) -> bool:
    top = Path(os.path.normcase(os.path.abspath(top)))
    return Path(os.path.normcase(folder)).is_relative_to(top)


def _client_of(folder: Path) -> str | None:
    """The service whose synced folder ``folder`` is the top of, by its name or marker."""
    name = folder.name.casefold()
    if name == "onedrive" or name.startswith(("onedrive - ", "onedrive-")):
        return "OneDrive"
    if name in ("iclouddrive", "icloud drive") or (
        name == "mobile documents" and folder.parent.name.casefold() == "library"
    ):
        return "iCloud Drive"
    if name in ("google drive", "my drive", "googledrive") or name.startswith("googledrive-"):
        return "Google Drive"
    if name == "dropbox" or name.startswith(("dropbox (", "dropbox-")):
        return "Dropbox"
    try:  # the Dropbox folder's own marker is a file (~/.dropbox, the app's, is a folder)
        if (folder / ".dropbox").is_file():
            return "Dropbox"
    except OSError:
        pass
    return None


def cloud_sync(ws: Workspace) -> tuple[list[str], bool]:
    """One line if a cloud service syncs the workspace (or the sessions folder, where a
    link takes it): which service, from which folder, and what to do; and whether
    coach.yaml says that is intended (then the line is only advice)."""
    found = synced_by(ws.root, os.environ) or synced_by(ws.sessions_dir, os.environ)
    if found is None:
        return [], False
    client, top = found
    try:
        intended, encrypted = ws.config.cloud_sync_intended, ws.config.encryption
    except CoachError:
        intended, encrypted = False, False  # an unreadable coach.yaml has its own line
    if intended:
        advice = f"{ws.root}: {client} copies {top} to its servers, as coach.yaml says is intended"
        if not encrypted:
            advice += "; turn on encryption (`encryption: true`, then `coach migrate`) too"
        return [advice], True
    return [
        f"{ws.root}: {client} copies {top} to its servers, so session notes leave this"
        f" computer ({HINTS[client]}). Move the workspace to a folder nothing syncs, such"
        f" as {user_data_dir()}, or, if your school has agreed to keep it there, set"
        " `cloud_sync_intended: true` in coach.yaml"
    ], False
