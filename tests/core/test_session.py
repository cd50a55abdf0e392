"""The take session: live transcription, finish, score, save and reopen, with the real model and real fixtures.

The only fake is the sound card (tests/fakes.py), as everywhere else.
"""

from __future__ import annotations

import shutil

import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.paths import app_paths
from pitchcoach.core.recorder import Recorder, RecorderError
from pitchcoach.core.session import PendingTake, TakeSession, stop_recording
from tests.fakes import FakeSoundDevice
from tests.speech import FIXTURES, fixture_text, wer

pytestmark = pytest.mark.slow


def test_a_recorded_take_is_analysed_whole_scored_and_saved(analyzer, store):
    session = TakeSession(analyzer, lambda: store)
    live = session.start_live()
    sd = FakeSoundDevice(FIXTURES / "great_pitch.wav", samplerate=48000, speed=None)
    rec = Recorder(store.paths.recordings, sd=sd, on_chunk=live.feed)
    rec.start()
    assert sd.source_done.wait(60)

    take = stop_recording(rec, live)
    assert take.recording is not None and take.path.is_file() and take.live is live
    outcome = session.analyze_and_save(take, target_seconds=20.0)

    # The live transcription is closed, not used: the saved take is `analyze` on the saved WAV.
    assert take.live is None
    assert outcome.analysis.transcript.text == analyzer.analyze_file(take.path).transcript.text
    assert outcome.analysis.result.scored
    assert wer(fixture_text("great_pitch"), outcome.analysis.transcript.text) < 0.2
    assert outcome.audio_path == take.path and len(outcome.audio16k) == len(take.recording.audio16k)
    assert outcome.take_id is not None and outcome.saved_error is None
    saved = store.get(outcome.take_id)
    assert saved.transcript.text == outcome.analysis.transcript.text
    assert saved.result.overall == outcome.analysis.result.overall
    assert saved.audio_path == take.path  # the recorder's file is adopted in place, not copied


def test_an_opened_file_is_decoded_once_scored_and_saved_as_a_copy(analyzer, store, tmp_path):
    src = tmp_path / "mine.wav"
    shutil.copy(FIXTURES / "jargon_heavy.wav", src)
    outcome = TakeSession(analyzer, lambda: store).analyze_and_save(PendingTake.from_file(src), target_seconds=20.0)

    assert outcome.audio_path == src and len(outcome.audio16k) == len(decode_audio(src))
    assert outcome.analysis.file == str(src)
    assert any(d.rule == "plain_language" for d in outcome.analysis.result.deductions)
    saved = store.get(outcome.take_id)
    assert saved.audio_path is not None and saved.audio_path.parent == store.paths.recordings
    assert src.is_file()  # the user's own file is left where it was


def test_a_failed_save_is_reported_on_the_outcome_and_the_result_is_kept(analyzer, store, tmp_path):
    src = tmp_path / "gone.wav"
    shutil.copy(FIXTURES / "great_pitch.wav", src)
    session = TakeSession(analyzer, lambda: store)
    outcome = session.analyze(PendingTake.from_file(src), target_seconds=20.0)
    src.unlink()  # e.g. a USB stick pulled out between analysis and saving

    outcome = session.save(outcome)
    assert outcome.take_id is None
    assert outcome.saved_error is not None and "does not exist" in outcome.saved_error
    assert outcome.analysis.result.scored
    assert store.count() == 0


def test_without_a_history_the_take_is_still_scored(analyzer):
    outcome = TakeSession(analyzer).analyze_and_save(
        PendingTake.from_file(FIXTURES / "too_short.wav"), target_seconds=20.0
    )
    assert outcome.take_id is None and outcome.saved_error is None
    assert outcome.analysis.transcript.words


def test_a_saved_take_reopens_with_its_audio_and_without_it(analyzer, store, tmp_path):
    src = tmp_path / "again.wav"
    shutil.copy(FIXTURES / "filler_heavy.wav", src)
    first = TakeSession(analyzer, lambda: store).analyze_and_save(PendingTake.from_file(src), target_seconds=25.0)
    take = store.get(first.take_id)

    again = TakeSession.reopen(take)  # no model needed
    assert again.take_id == first.take_id and again.problem is None
    assert again.analysis.transcript.text == first.analysis.transcript.text
    assert again.analysis.result.target_seconds == 25.0
    assert len(again.audio16k) == len(first.audio16k)

    take.audio_path.unlink()
    missing = TakeSession.reopen(take)
    assert missing.problem is not None and "could not be read" in missing.problem
    assert len(missing.audio16k) == 0 and missing.analysis.result.overall == first.analysis.result.overall


def test_a_take_that_waits_for_a_model_drops_its_live_transcription(analyzer, pitchcoach_home):
    live = TakeSession(analyzer).start_live()
    sd = FakeSoundDevice(FIXTURES / "too_short.wav", samplerate=48000, speed=None)
    rec = Recorder(app_paths(pitchcoach_home).ensure().recordings, sd=sd, on_chunk=live.feed)
    rec.start()
    assert sd.source_done.wait(60)
    take = stop_recording(rec, live)
    take.drop_live()
    assert take.live is None
    outcome = TakeSession(analyzer).analyze_and_save(take, target_seconds=20.0)  # the whole recording is decoded
    assert wer(fixture_text("too_short"), outcome.analysis.transcript.text) < 0.2


def test_stopping_a_recorder_that_never_started_closes_the_live_transcription(analyzer, pitchcoach_home):
    live = TakeSession(analyzer).start_live()
    rec = Recorder(app_paths(pitchcoach_home).ensure().recordings, sd=FakeSoundDevice(None))
    with pytest.raises(RecorderError, match="Record first"):
        stop_recording(rec, live)
    live.feed(decode_audio(FIXTURES / "too_short.wav")[:16000])  # ignored: the transcriber is closed
    assert live.words == []
