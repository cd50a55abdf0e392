"""Report fixtures: real scoring of real pitch texts, stored in a real TakeStore."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pitchcoach.core.analysis import Analysis
from pitchcoach.core.transcript import Transcript
from tests.core.report.helpers import T0
from tests.speech import TEXTS


@pytest.fixture(scope="module")
def lexicons():
    from pitchcoach.core.lexicon import load_lexicons

    return load_lexicons(None)


@pytest.fixture
def add(store, lexicons):
    from pitchcoach.core.scoring.engine import score

    def add(text: str, when: datetime, audio: Path | None = None, **labels):
        tr = Transcript.from_text(text)
        return store.save_take(Analysis(tr, score(tr, 20.0, lexicons), "tiny.en"), audio, created_at=when, **labels)

    return add


@pytest.fixture
def week(add):
    """Five takes on five days: a practice week with real scores and real deductions."""
    names = ["filler_heavy", "jargon_heavy", "hard_sell", "too_few_words", "great_pitch"]
    return [add(TEXTS[n], T0 + timedelta(days=i), title=n.replace("_", " ")) for i, n in enumerate(names)]
