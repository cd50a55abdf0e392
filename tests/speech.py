"""What the fixtures say, and word error rate as the UI tests measure it."""

from __future__ import annotations

from pathlib import Path

import jiwer

from pitchcoach.core.transcript import normalize_phrase

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_text(name: str) -> str:
    import json

    data = json.loads((FIXTURES / "fixtures.json").read_text())
    return next(f["text"] for f in data["fixtures"] if f["name"] == name)


def wer(ref: str, hyp: str) -> float:
    """Word error rate on words normalised the way the app compares them."""
    return jiwer.wer(normalize_phrase(ref), normalize_phrase(hyp))
