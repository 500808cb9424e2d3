"""Shell completion: commands, people and session ids, from the index, in each shell's
own protocol (what `coach --install-completion` installs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Coach

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def complete(shell: str, line: str, home: Path | None = None) -> list[str]:
    """What `coach` offers for ``line`` (the cursor at its end) in ``shell``."""
    env = dict(os.environ, _COACH_COMPLETE=f"complete_{shell}")
    words = line.split(" ")
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    done = subprocess.run(
        [sys.executable, "-m", "coachcli"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=home,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return [line for line in done.stdout.splitlines() if line]


def two_people(coach: Coach) -> None:
    for answers in ("answers-quick.yaml", "answers-full.yaml"):
        assert coach("session", "start", "--answers", str(EXAMPLES / answers)).code == 0
    assert coach("session", "list").code == 0  # the listing saves the index


def test_commands_and_options_complete(coach: Coach) -> None:
    assert complete("bash", "coach ses") == ["session"]
    assert complete("bash", "coach session s") == ["start", "show"]
    assert "--coachee" in complete("bash", "coach export --c")


def test_people_complete_by_name_in_every_shell(coach: Coach) -> None:
    two_people(coach)
    assert complete("bash", "coach followup ") == ["Priya\\ Shah", "Tom\\ Reid"]
    assert complete("bash", "coach followup T") == ["Tom\\ Reid"]
    assert complete("fish", "coach export --coachee P") == ["Priya Shah"]
    assert complete("fish", "coach forget ") == ["Priya Shah", "Tom Reid"]
    zsh = complete("zsh", "coach session list --coachee T")
    assert zsh and "Tom Reid" in zsh[0] and "Priya" not in zsh[0]


def test_session_ids_complete_newest_first(coach: Coach) -> None:
    two_people(coach)
    listed = coach("session", "list", "--json").out
    offered = complete("bash", "coach session show ")
    assert len(offered) == 2 and all(value in listed for value in offered)
    assert complete("bash", f"coach export {offered[1][:6]}") == [offered[1]]
    assert complete("bash", "coach session resume ") == []  # no drafts


def test_nothing_is_made_or_offered_outside_a_workspace(tmp_path: Path) -> None:
    """Pressing Tab never makes a workspace, and an empty one offers nobody."""
    os.environ.pop("COACH_HOME", None)  # restored by the sandbox after the test
    bare = tmp_path / "bare"
    bare.mkdir()
    assert complete("bash", "coach followup ", home=bare) == []
    assert list(bare.iterdir()) == []
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "coachcli").exists()


def test_an_encrypted_workspace_offers_no_names(coach: Coach, home: Path) -> None:
    two_people(coach)
    config = home / "coach.yaml"
    config.write_text(config.read_text().replace("encryption: false", "encryption: true"))
    os.environ["COACH_PASSPHRASE"] = "correct horse battery staple"
    assert coach("migrate").code == 0
    assert complete("bash", "coach followup ") == []
