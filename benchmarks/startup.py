"""Start-up time of `coach --help`, as a ratio to `python -c pass` in the same run.

Run: python benchmarks/startup.py [--runs N] [--quick]
The two commands are interleaved so that noise on a shared machine hits both alike;
the figure that matters is the ratio of medians, not the absolute times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
COACH = str(Path(PYTHON).with_name("coach"))


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="a few runs: a smoke test")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    env = {**os.environ, "COACH_HOME": os.devnull}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode as a pip install leaves it
    commands = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "coach --help": [COACH, "--help"],
        "coach --version": [COACH, "--version"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache once
        timed(command, env)
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command, env))
    floor = statistics.median(times["python -c pass"])
    print(f"{'command':<20}{'median ms':>12}{'ratio':>8}   ({runs} runs each)")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:<20}{median * 1000:>12.1f}{median / floor:>8.1f}x")


if __name__ == "__main__":
    main()
