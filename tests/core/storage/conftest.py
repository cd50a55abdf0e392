"""Real analyses of the speech fixtures, shared by the storage tests (analysed once per module)."""

from __future__ import annotations

import pytest

from pitchcoach.core.analysis import Analysis


@pytest.fixture(scope="module")
def analyses(analyzer, fixtures_dir) -> dict[str, Analysis]:
    names = ("great_pitch", "filler_heavy", "hard_sell", "silence")
    return {n: analyzer.analyze_file(fixtures_dir / f"{n}.wav") for n in names}
