"""Fails `make lint` when a module of the app is over 600 lines (the project's rule), naming each one.

A rule that nothing checks drifted: pitchcoach/ui/practice_page.py reached 607 lines unnoticed."""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 600


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "pitchcoach"
    over = []
    for path in sorted(root.rglob("*.py")):
        with path.open("rb") as f:
            n = sum(1 for _ in f)
        if n > LIMIT:
            over.append(f"{path.relative_to(root.parent)}: {n} lines (the limit is {LIMIT}; split it)")
    for line in over:
        print(line, file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
