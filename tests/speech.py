"""Where the committed fixtures are, what they say, and word error rate as the UI tests measure it.

The one home of the fixtures folder (conftest's ``fixtures_dir`` returns it) and of the fixture
texts; modules that need them at import time (parametrize, module constants) import them here.
"""

from __future__ import annotations

import json
from pathlib import Path

import jiwer

from pitchcoach.core.transcript import normalize_phrase

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# What each fixture says, by name (fixtures.json): the reference for WER and the typed-text takes.
TEXTS: dict[str, str] = {f["name"]: f["text"] for f in json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]}


def fixture_text(name: str) -> str:
    return TEXTS[name]


def wer(ref: str, hyp: str) -> float:
    """Word error rate on words normalised the way the app compares them."""
    return jiwer.wer(normalize_phrase(ref), normalize_phrase(hyp))
