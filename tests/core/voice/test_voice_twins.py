"""Each voice finding fires on the twin that has it and not on the original (real model, real audio).

The twins (tests/fixtures/voice, made by tests/make_voice_twins.py) are great_pitch with exactly one
thing about the voice changed; twins.json records what changed where.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.voice import analyze_voice
from tests.speech import FIXTURES

pytestmark = pytest.mark.slow

TWINS = {e["name"]: e for e in json.loads((FIXTURES / "voice" / "twins.json").read_text())["twins"]}
ORIGINAL = "great_pitch.wav"


@pytest.fixture(scope="module")
def voice(fixture_transcript):
    cache: dict = {}

    def get(name: str, gain_db: float = 0.0):
        key = (name, gain_db)
        if key not in cache:
            rel = name if name.endswith(".wav") else f"voice/{name}.flac"
            audio = decode_audio(FIXTURES / rel) * np.float32(10 ** (gain_db / 20))
            t = fixture_transcript(rel)
            cache[key] = (analyze_voice(audio, t.words), t)
        return cache[key]

    return get


def test_the_original_has_none_of_the_voice_problems(voice) -> None:
    va, _ = voice(ORIGINAL)
    assert not va.monotone and not va.flat_sentences
    assert not va.quiet
    assert not va.trails_off
    assert not va.rushed_ending
    assert va.unvoiced_hesitations == []
    assert va.prolongations == []
    assert va.pauses >= 4 and not va.no_pause  # it pauses between its five sentences
    assert 2.0 < va.f0_spread_semitones < 4.0


def test_monotone_twin_is_flat_in_every_sentence(voice) -> None:
    va, _ = voice("monotone")
    assert va.monotone
    assert va.f0_spread_semitones < 0.5
    measured = [i for i, s in enumerate(va.sentences) if s.spread_st is not None]
    assert measured and va.flat_sentences == measured
    assert abs(va.f0_median_hz - TWINS["monotone"]["changed"]["f0_hz"]) < 2.0
    assert not va.trails_off and not va.rushed_ending and not va.unvoiced_hesitations


def test_trailing_off_twin_marks_the_quieter_words(voice) -> None:
    va, t = voice("trailing_off")
    assert va.trails_off
    changed = TWINS["trailing_off"]["changed"]["quieter_words"]
    marked = [t.words[i] for trail in va.trailing_off for i in trail.words]
    # Every word made quieter is marked, and every marked word lies inside a quieter stretch.
    for c in changed:
        assert any(w.start < c["end"] and w.end > c["start"] for w in marked), c["word"]
    for w in marked:
        assert any(w.start < c["end"] + 0.05 and w.end > c["start"] - 0.05 for c in changed), w.text
    assert all(trail.drop_db >= 10.0 for trail in va.trailing_off if trail.kind == "quieter")
    assert not va.monotone and not va.rushed_ending


def test_inserted_uh_sounds_are_heard_though_not_transcribed(voice) -> None:
    va, t = voice("unvoiced_uh")
    inserted = TWINS["unvoiced_uh"]["changed"]["inserted"]
    covered_by_words = [u for u in inserted if any(w.start < u["end"] and w.end > u["start"] for w in t.words)]
    heard = va.unvoiced_hesitations
    # Each uh is either transcribed (a word covers it) or heard here, never both.
    for u in inserted:
        hits = [h for h in heard if h.start < u["end"] and h.end > u["start"]]
        assert len(hits) == (0 if u in covered_by_words else 1), u
    assert len(heard) == len(inserted) - len(covered_by_words)
    assert len(heard) >= len(inserted) - 1, "tiny.en writes down at most one of the four"
    assert not va.monotone and not va.trails_off


def test_rushed_ending_twin_is_rushed(voice) -> None:
    va, _ = voice("rushed_ending")
    assert va.rushed_ending
    assert va.wpm_windows[-1].wpm > 170
    assert not va.monotone and not va.trails_off and not va.unvoiced_hesitations


def test_a_quiet_take_is_flagged_and_nothing_else_changes(voice) -> None:
    loud, _ = voice(ORIGINAL)
    quiet, _ = voice(ORIGINAL, gain_db=-20.0)
    assert quiet.quiet and not loud.quiet
    assert quiet.level_dbfs == pytest.approx(loud.level_dbfs - 20.0, abs=0.5)
    assert quiet.f0_spread_semitones == pytest.approx(loud.f0_spread_semitones, abs=0.3)
    assert (quiet.monotone, quiet.trails_off, quiet.rushed_ending) == (False, False, False)


def test_voice_analysis_round_trips_through_json(voice) -> None:
    from pitchcoach.core.voice import VoiceAnalysis

    va, t = voice("trailing_off")
    again = VoiceAnalysis.from_dict(json.loads(json.dumps(va.to_dict())))
    assert again == va
    m = va.metrics(t.words)
    assert m["trailing_off"]["count"] == len(va.trailing_off)
    assert set(m) >= {
        "f0_median_hz",
        "f0_spread_semitones",
        "level_dbfs",
        "level_spread_db",
        "trailing_off",
        "wpm_windows",
        "unvoiced_hesitations",
        "prolongations",
    }
