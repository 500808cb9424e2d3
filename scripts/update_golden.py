"""Rewrite the golden files (tests/golden/*.md) and docs/help.md from the code.

This is the only way they change: the tests compare and never write. Run it after
changing an export template or a command's help, then read the diff and commit it:

    python scripts/update_golden.py          # with the project installed, e.g. .venv/bin/python
    python scripts/update_golden.py --check  # change nothing; exit 1 if a file is out of date

Each file is made by the same function its test calls (tests/golden_cases.py), running
`coach` in a new process in a fresh temporary workspace, with every user folder
inside it and no COACH_ setting from this machine (tests/sandbox.py), as the tests do.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import golden_cases, sandbox  # noqa: E402 - needs the checkout on the path


@dataclass
class Result:
    code: int
    out: str
    err: str


class Runner:
    """`coach ARGS` in a new process, in ``folder``, with the tests' environment."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = sandbox.environment(folder, os.environ)

    def setenv(self, name: str, value: str) -> None:
        self.env[name] = value

    def __call__(self, *args: str, stdin: str = "") -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "coachcli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.folder,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)


def make(path: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="coach-golden-") as tmp:
        runner = Runner(Path(tmp))
        return golden_cases.CASES[path](runner, Path(tmp), runner.setenv)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = []
    for path in golden_cases.CASES:
        try:
            text = make(path)
        except AssertionError as problem:  # a `coach` run failed: nothing is written
            print(f"{path.relative_to(REPO)}: not made: {problem}", file=sys.stderr)
            return 2
        old = path.read_bytes() if path.exists() else None
        if text.encode("utf-8") != old:
            changed.append(path.relative_to(REPO))
            if not check:
                path.write_bytes(text.encode("utf-8"))
    if not changed:
        print("Golden files and docs/help.md are current.")
        return 0
    names = ", ".join(map(str, changed))
    if check:
        print(f"Out of date: {names}. Run `python scripts/update_golden.py`.")
        return 1
    print(f"Rewrote {names}. Read the diff (`git diff`) before committing it.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
