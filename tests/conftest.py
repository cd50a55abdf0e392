"""Shared test setup. Every test gets its own PITCHCOACH_HOME so nothing touches a real profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def pitchcoach_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("pchome")
    monkeypatch.setenv("PITCHCOACH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def loaded_model():
    """The real bundled model, loaded once for the whole run (about 1-2 s)."""
    from pitchcoach.core.model import load_model

    return load_model(None)


@pytest.fixture(scope="session")
def transcriber(loaded_model):
    from pitchcoach.core.transcribe import Transcriber

    return Transcriber(loaded_model)


@pytest.fixture(scope="session")
def analyzer(transcriber):
    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.lexicon import load_lexicons

    return Analyzer(transcriber, load_lexicons(None))


_transcripts: dict[str, object] = {}


@pytest.fixture(scope="session")
def fixture_transcript(transcriber):
    """Transcribe a committed fixture once per run and share the result between tests."""
    from pitchcoach.core.audio import decode_audio

    def get(name: str):
        if name not in _transcripts:
            _transcripts[name] = transcriber.transcribe(decode_audio(FIXTURES / name))
        return _transcripts[name]

    return get
