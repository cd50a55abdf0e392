"""The voice analysis travels with the take: whole-file and live analysis attach it, storage keeps it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.live import LiveTranscriber
from pitchcoach.core.transcript import Transcript

pytestmark = pytest.mark.slow


def test_whole_file_analysis_carries_the_voice_figures(analyzer, fixtures_dir) -> None:
    a = analyzer.analyze_file(fixtures_dir / "voice" / "monotone.flac")
    va = a.transcript.voice
    assert va.monotone and va.f0_median_hz is not None
    # A stored take (transcript JSON) is redrawn and re-scored without its audio.
    again = Transcript.from_dict(json.loads(json.dumps(a.transcript.to_dict())))
    assert again.voice == a.transcript.voice
    # `analyze --json` prints the figures under metrics.voice.
    m = json.loads(json.dumps(a.to_record()))["metrics"]["voice"]
    assert m["f0_spread_semitones"] < 0.5
    assert {"f0_median_hz", "level_dbfs", "level_spread_db", "wpm_windows", "prolongations"} <= set(m)
    assert m["trailing_off"].keys() == {"count", "words"}
    assert m["unvoiced_hesitations"] == 0


def test_live_take_has_the_same_voice_figures_as_the_whole_file(analyzer, transcriber, fixtures_dir) -> None:
    audio = decode_audio(fixtures_dir / "voice" / "trailing_off.flac")
    live = LiveTranscriber(transcriber, step_seconds=1.0)
    live.start()
    for i in range(0, audio.size, 8000):
        live.feed(audio[i : i + 8000])
        assert live.wait_idle(120)
    a, signals = analyzer.instant_result(live, audio)
    assert a is not None and signals is not None  # the live path kept up: nothing was left behind
    va = a.transcript.voice
    assert va.trails_off
    whole = analyzer.analyze_audio(audio).transcript.voice
    # Same samples: the levels agree exactly, the pitch within RAPT's call-to-call wobble (its C code
    # keeps state between calls, docs/calibration.md); the words, and so the marks, may differ a little.
    assert va.level_db == whole.level_db
    assert va.f0_median_hz == pytest.approx(whole.f0_median_hz, rel=0.005)
    assert va.f0_spread_semitones == pytest.approx(whole.f0_spread_semitones, abs=0.1)
    assert len(va.trailing_off) == pytest.approx(len(whole.trailing_off), abs=1)


def test_a_failing_voice_analysis_costs_the_figures_not_the_take(analyzer, monkeypatch) -> None:
    import pitchcoach.core.analysis as analysis

    def broken(*_a, **_k):
        raise RuntimeError("tracker exploded")

    monkeypatch.setattr(analysis, "analyze_voice", broken)
    audio = decode_audio(analysis.__file__.replace("core/analysis.py", "assets/sample_pitch.wav"))
    a = analyzer.analyze_audio(np.asarray(audio))
    assert a.transcript.voice is None
    assert a.result.scored


def test_one_analysis_passes_the_voice_object_along_and_never_parses_it(analyzer, fixtures_dir, monkeypatch) -> None:
    # The voice rules, the unvoiced hesitations and `analyze --json` all read the analysis that
    # was built; only storage turns it into a dict (it was to_dict'ed and parsed back 4 times).
    from pitchcoach.core.voice import VoiceAnalysis

    calls: list[str] = []
    parse, dump = VoiceAnalysis.from_dict.__func__, VoiceAnalysis.to_dict
    monkeypatch.setattr(VoiceAnalysis, "from_dict", classmethod(lambda cls, d: calls.append("parse") or parse(cls, d)))
    monkeypatch.setattr(VoiceAnalysis, "to_dict", lambda self: calls.append("dump") or dump(self))
    a = analyzer.analyze_file(fixtures_dir / "voice" / "unvoiced_uh.flac")
    record = a.to_record()
    assert a.result.metrics.hesitations["unvoiced"]  # the voice analysis fed the score
    assert record["metrics"]["voice"]["unvoiced_hesitations"] >= 1
    assert calls == []


def test_a_stored_voice_analysis_is_written_back_as_it_was_read(analyzer, fixtures_dir) -> None:
    a = analyzer.analyze_file(fixtures_dir / "voice" / "monotone.flac")
    stored = a.transcript.to_dict()
    # An older take lacks a figure added since; a newer one has one this version does not know.
    del stored["voice"]["no_pause"]
    stored["voice"]["from_a_later_version"] = {"x": 1}
    text = json.dumps(stored)
    again = Transcript.from_dict(json.loads(text))
    assert again.voice is not None and again.voice.monotone
    assert json.dumps(again.to_dict()) == text


def test_a_long_file_is_pitch_tracked_in_blocks(fixtures_dir, monkeypatch) -> None:
    """RAPT holds Python's lock for a whole call: one call over a 59 s file froze the window while a
    worker analysed it (issue 22). Whole files are tracked in the live path's 4 s blocks instead."""
    from pitchcoach.core.voice import pitch, voice_signals

    lengths: list[float] = []
    real = pitch._rapt

    def measured(audio, sr, hop):  # pysptk's own call, unchanged
        lengths.append(audio.size / sr)
        return real(audio, sr, hop)

    monkeypatch.setattr(pitch, "_rapt", measured)
    audio = decode_audio(fixtures_dir / "too_long.wav")
    signals = voice_signals(audio)
    block = pitch.IncrementalTrack.BLOCK_S + 2 * pitch.IncrementalTrack.OVERLAP_S
    assert len(lengths) >= audio.size / 16000 / block and max(lengths) <= block
    # One frame every 10 ms over the whole file, voiced for most of its speech.
    assert signals.track.f0.size == -(-audio.size // 160)
    assert np.mean(signals.track.voiced) > 0.3
