"""Real analyses for the team tests: the fixtures are transcribed and scored once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitchcoach.core.analysis import Analysis
from tests.core.storage.helpers import Clock
from tests.core.team.helpers import T0

_analyses: dict[str, Analysis] = {}


@pytest.fixture(scope="session")
def team_analyses(analyzer, fixtures_dir) -> dict[str, Analysis]:
    if not _analyses:
        for name in ("great_pitch", "filler_heavy"):
            _analyses[name] = analyzer.analyze_file(fixtures_dir / f"{name}.wav")
    return _analyses


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def team_dir(tmp_path: Path) -> Path:
    d = tmp_path / "team"
    d.mkdir()
    return d
