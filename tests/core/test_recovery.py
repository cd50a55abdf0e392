"""Crash recovery for real: kill -9 a process that is recording through the core Recorder."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pitchcoach.core.paths import app_paths
from pitchcoach.core.recorder import Recorder
from pitchcoach.core.recovery import describe, discard_recording, find_unsaved_recordings, remember_context
from pitchcoach.core.session import PendingTake
from pitchcoach.core.storage import TakeStore
from tests.fakes import FakeSoundDevice

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO / "tests" / "fixtures" / "great_pitch.wav"
STALL_SECONDS = 9.0


def later(path: Path, seconds: float = 60.0):
    """A clock reading ``seconds`` after the file was last written (the recovery code's only fake)."""
    return lambda: path.stat().st_mtime + seconds


def record_then_get_killed() -> Path:
    """Run a real recording in another process, SIGKILL it mid-take, return the file it left."""
    script = textwrap.dedent(
        f"""
        import sys, threading
        sys.path.insert(0, {str(REPO)!r})
        from pitchcoach.core.paths import app_paths
        from pitchcoach.core.recorder import Recorder
        from tests.fakes import FakeSoundDevice
        sd = FakeSoundDevice({str(SPEECH)!r}, samplerate=48000, speed=None, stall_after_seconds={STALL_SECONDS})
        rec = Recorder(app_paths().ensure().recordings, sd=sd)
        path = rec.start()
        sd.stalled.wait(60)
        ev = threading.Event()
        while rec.flushed_seconds < {STALL_SECONDS}:
            ev.wait(0.01)
        print(path, flush=True)
        ev.wait()  # the take is still open: the user has not pressed Stop
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert line, "the recording process died before reporting its file"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    return Path(line)


@pytest.mark.slow
def test_killed_recording_is_playable_offered_and_recoverable(analyzer, analyses_for_recovery) -> None:
    store = TakeStore(app_paths())
    saved = store.save_take(analyses_for_recovery, SPEECH)  # a take that is properly in the history

    path = record_then_get_killed()
    assert path.parent == store.paths.recordings

    # The file plays: a valid header whose length matches the audio written before the kill.
    data, rate = sf.read(path, dtype="float32")
    assert rate == 48000 and len(data) == int(round(STALL_SECONDS * 48000))
    assert np.max(np.abs(data)) > 0.05  # speech, not an empty file

    # Offered once it is clearly not being written any more; the saved take's audio is not.
    offered = find_unsaved_recordings(store, now=later(path))
    assert offered == [path]
    assert saved.audio_path not in offered
    info = describe(path)
    assert info.seconds == pytest.approx(STALL_SECONDS, abs=0.01)

    # Accepting the offer: analyse and save it; it is then a normal take, no longer offered.
    analysis = analyzer.analyze_file(path)
    assert analysis.result.scored and len(analysis.transcript.words) >= 15
    take = store.save_take(analysis, path)
    assert take.audio_path == path
    assert find_unsaved_recordings(store, now=later(path)) == []


def test_the_take_being_recorded_now_is_not_offered(qtbot) -> None:
    store = TakeStore(app_paths())
    sd = FakeSoundDevice(SPEECH, samplerate=16000, speed=None, stall_after_seconds=1.0)
    rec = Recorder(store.paths.recordings, sd=sd)
    path = rec.start()
    try:
        assert sd.stalled.wait(30)
        # The writer thread flushes on its own schedule; until then the file is only a header.
        qtbot.waitUntil(lambda: rec.flushed_seconds >= 1.0, timeout=30000)
        # Too fresh: another window may be writing it (the recorder flushes twice a second).
        assert find_unsaved_recordings(store, now=later(path, 1.0)) == []
        assert find_unsaved_recordings(store, exclude=[path], now=later(path)) == []
        assert find_unsaved_recordings(store, now=later(path)) == [path]
    finally:
        rec.stop()


def test_empty_and_discarded_recordings_are_not_offered(fixtures_dir) -> None:
    store = TakeStore(app_paths())
    empty = store.paths.recordings / "take-empty.wav"
    with sf.SoundFile(empty, "w", samplerate=16000, channels=1, subtype="PCM_16"):
        pass  # header only: the crash came before the first flush
    real = store.paths.recordings / "take-real.wav"
    real.write_bytes((fixtures_dir / "too_short.wav").read_bytes())
    assert find_unsaved_recordings(store, now=later(real)) == [real]

    moved = discard_recording(store, real)
    assert moved.parent == store.trash and moved.exists()
    assert find_unsaved_recordings(store, now=later(moved)) == []


@pytest.fixture
def analyses_for_recovery(analyzer):
    return analyzer.analyze_file(SPEECH)


def test_a_recovered_recording_keeps_the_language_and_scenario_it_was_recorded_in(tmp_path) -> None:
    # A Mandarin investor pitch left by a crash must not be heard as English networking when the
    # settings have changed since; a recording from before the context said so takes the given language.
    wav = tmp_path / "take-20261207-090000.wav"
    sf.write(wav, np.zeros(16000, dtype=np.float32), 16000)
    remember_context(wav, 60.0, language="zh", scenario="investor")
    take = PendingTake.recovered(wav, "en")
    assert (take.language, take.scenario, take.target_seconds) == ("zh", "investor", 60.0)
    remember_context(wav, 20.0)
    assert (PendingTake.recovered(wav, "auto").language, PendingTake.recovered(wav, "auto").scenario) == ("auto", None)


def test_a_recovered_recording_is_rehearsed_against_the_script_it_was_said_against(tmp_path) -> None:
    """Issue 26: the script on screen as it was recorded, not the one written since; a take recorded
    without rehearsing stays without (whatever the rehearsal setting is now)."""
    wav = tmp_path / "take-20261207-090000.wav"
    sf.write(wav, np.zeros(16000, dtype=np.float32), 16000)
    remember_context(wav, 20.0, rehearsal_mode="from_memory", script="Hi, I'm Maya. What do you do?")
    take = PendingTake.recovered(wav, "en")
    assert take.rehearsal_mode == "from_memory" and take.script is not None
    assert [p.text for p in take.script.key_points] == ["Hi, I'm Maya.", "What do you do?"]
    remember_context(wav, 20.0, rehearsal_mode="off", script="Hi, I'm Maya.")
    take = PendingTake.recovered(wav, "en")
    assert (take.rehearsal_mode, take.script) == ("off", None)
    remember_context(wav, 20.0)  # written before rehearsals were kept: the app decides as it does today
    assert (PendingTake.recovered(wav).rehearsal_mode, PendingTake.recovered(wav).script) == (None, None)
