"""The committed speech fixtures are present and in the format the rest of the suite assumes.

Reads only WAV headers and lengths (stdlib wave), so it is quick; the content of each clip is
judged by the scoring and transcription tests that use it.
"""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "tests" / "fixtures" / "fixtures.json"
ENTRIES = json.loads(MANIFEST.read_text(encoding="utf-8"))["fixtures"]
BY_NAME = {e["name"]: e for e in ENTRIES}

# What other teammates' tests rely on by name (brief); a rename must fail here first.
REQUIRED = {
    "great_pitch",
    "hard_sell",
    "filler_heavy",
    "jargon_heavy",
    "too_short",
    "too_few_words",
    "too_long",
    "too_fast",
    "too_slow",
    "silence",
    "noise",
    "non_english",
    "sample_pitch",
}


def test_manifest_lists_every_required_fixture() -> None:
    assert set(BY_NAME) >= REQUIRED, f"missing from fixtures.json: {sorted(REQUIRED - set(BY_NAME))}"


def test_no_stray_wav_files_outside_the_manifest() -> None:
    listed = {(ROOT / e["file"]).resolve() for e in ENTRIES}
    on_disk = {p.resolve() for p in (ROOT / "tests" / "fixtures").glob("*.wav")}
    assert on_disk <= listed, f"not described in fixtures.json: {sorted(p.name for p in on_disk - listed)}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_fixture_is_16k_mono_pcm_of_the_described_length(entry: dict) -> None:
    path = ROOT / entry["file"]
    assert path.is_file(), f"{entry['file']} is listed in fixtures.json but missing"
    with wave.open(str(path), "rb") as w:
        assert w.getframerate() == 16000
        assert w.getnchannels() == 1
        assert w.getsampwidth() == 2
        duration = w.getnframes() / w.getframerate()
    # The recorded length catches a truncated or swapped file; the intended range (if it
    # bounds the whole file) catches a fixture regenerated outside its purpose.
    assert duration == pytest.approx(entry["duration_seconds"], abs=0.01)
    intended = entry["intended"].get("duration_seconds")
    if intended is not None:
        assert intended[0] <= duration <= intended[1]
    speech = entry["intended"].get("speech_seconds")
    if speech is not None:
        # Speech fits inside the file, with room for the 0.4 s of silence at each end.
        assert speech[0] <= duration and duration <= speech[1] + 2.0


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["engine"] != "numpy"], ids=lambda e: e["name"])
def test_spoken_fixtures_record_their_text_and_voice(entry: dict) -> None:
    assert entry["text"].strip(), "a speech fixture must say what was spoken"
    assert entry["voice"]
    assert entry["exercises"]


def test_sample_pitch_ships_inside_the_package() -> None:
    # --self-test reads it via the package, so it must sit under pitchcoach/ to be installed.
    path = ROOT / BY_NAME["sample_pitch"]["file"]
    assert path.relative_to(ROOT).parts[:2] == ("pitchcoach", "assets")


def test_total_size_stays_small() -> None:
    total = sum((ROOT / e["file"]).stat().st_size for e in ENTRIES)
    assert total < 12 * 1024 * 1024
