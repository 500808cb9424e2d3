"""Regenerate frameworks/schemas/*.json from the pydantic models.

Run it after changing a model of a framework, a session, coach.yaml or an answers
file: `python scripts/schemas.py` (with the project installed, e.g. `.venv/bin/python`).
tests/test_schema.py fails until the committed schemas match the models again.
"""

from __future__ import annotations

from pathlib import Path

from coachcli.records.schemas import write_schemas
from coachcli.store.files import atomic_write

FOLDER = Path(__file__).resolve().parents[1] / "frameworks" / "schemas"


def _write(path: Path, text: str) -> None:
    atomic_write(path, text, mode=0o644)


if __name__ == "__main__":
    written = write_schemas(FOLDER, _write)
    print(f"{FOLDER}: " + (f"rewrote {', '.join(written)}" if written else "already current"))
