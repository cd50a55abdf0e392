"""The recorder against a fake sound card that plays real speech (tests/fakes.py)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from pitchcoach.core.audio import StreamResampler
from pitchcoach.core.audio import resample as resample_to_16k
from pitchcoach.core.paths import app_paths
from pitchcoach.core.recorder import (
    NO_MICROPHONE,
    Recorder,
    RecorderError,
    RecordingResult,
    list_input_devices,
)
from tests.fakes import FakeSoundDevice, read_wav_mono

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO / "tests" / "fixtures" / "great_pitch.wav"


class ManualClock:
    """A clock that moves only when the test says so (for the no-callback watchdog)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def read_wav_int16(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2"), w.getframerate()


def best_correlation(a: np.ndarray, b: np.ndarray, max_lag: int = 400) -> float:
    """Normalised correlation of two signals at the best lag within +-max_lag samples (FFT)."""
    n = min(len(a), len(b))
    a = a[:n].astype(np.float64)
    b = b[:n].astype(np.float64)
    size = 1 << (2 * n - 1).bit_length()
    full = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    lags = np.concatenate([full[: max_lag + 1], full[-max_lag:]])
    return float(np.max(lags) / (np.linalg.norm(a) * np.linalg.norm(b)))


def record_all(sd: FakeSoundDevice, **kw) -> tuple[Recorder, RecordingResult, list[np.ndarray]]:
    chunks: list[np.ndarray] = []
    rec = Recorder(app_paths().recordings, sd=sd, on_chunk=chunks.append, **kw)
    rec.start()
    assert sd.source_done.wait(60), "the fake device never finished playing"
    return rec, rec.stop(), chunks


def test_round_trip_is_bit_exact_and_16k_matches_source() -> None:
    sd = FakeSoundDevice(SPEECH, samplerate=48000, speed=None, lead_silence_seconds=0.3)
    rec, result, chunks = record_all(sd)

    pcm, sr = read_wav_int16(result.path)
    played = np.rint(sd.played * 32768).astype(np.int16)
    assert sr == 48000 == result.samplerate
    assert result.path.parent == app_paths().recordings
    assert result.path.name.startswith("take-") and result.path.suffix == ".wav"
    # Everything the device delivered is in the file, sample for sample; after the source the
    # fake mic delivers silence until Stop.
    assert np.array_equal(pcm[: len(played)], played)
    assert not np.any(pcm[len(played) :])
    assert result.seconds == pytest.approx(len(pcm) / 48000)
    assert not result.device_lost and not result.cap_reached and result.problem is None

    # The 16 kHz audio (48k -> 16k by the app) against the original 16 kHz fixture.
    src16, _ = read_wav_mono(SPEECH)
    lead = int(0.3 * 16000)
    assert len(result.audio16k) == pytest.approx(len(pcm) / 3, abs=2)
    assert best_correlation(result.audio16k[lead : lead + len(src16)], src16) > 0.99
    # on_chunk saw the same audio, in order, nothing extra.
    assert np.array_equal(np.concatenate(chunks), result.audio16k)
    assert result.audio16k.dtype == np.float32

    # Stop is safe to call again and changes nothing.
    assert rec.stop() is result
    assert rec.status == "idle" and not rec.recording


def test_meter_level_and_peak_follow_the_signal() -> None:
    sr = 44100
    t = np.arange(2 * sr) / sr
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    clock = ManualClock()
    sd = FakeSoundDevice(tone, source_rate=sr, samplerate=sr, speed=None, stall_after_seconds=1.0)
    rec = Recorder(app_paths().recordings, sd=sd, clock=clock)
    rec.start()
    assert sd.stalled.wait(30)
    # Recording is still going (the clock has not moved, so the watchdog is quiet).
    assert rec.status == "recording" and rec.recording
    # The last block was a 0.5-amplitude sine: RMS 0.354 = -9.0 dBFS.
    rec_level = _wait_value(lambda: rec.elapsed_seconds >= 1.0 and rec.level_db)
    assert rec_level == pytest.approx(-9.03, abs=0.2)
    assert rec.peak == pytest.approx(0.5, abs=0.02)
    assert rec.elapsed_seconds == pytest.approx(1.0, abs=1e-3)
    result = rec.stop()
    assert result.seconds == pytest.approx(1.0, abs=1e-3)


def _wait_value(fn, timeout: float = 10.0):
    """Poll fn until it returns a truthy value, waiting on an Event rather than sleeping."""
    ev = threading.Event()
    deadline = 0.0
    while deadline < timeout:
        v = fn()
        if v:
            return v
        ev.wait(0.01)
        deadline += 0.01
    raise AssertionError("condition not reached")


def test_cap_stops_at_the_limit_and_keeps_everything() -> None:
    sd = FakeSoundDevice(SPEECH, samplerate=48000, speed=None)
    rec = Recorder(app_paths().recordings, sd=sd, max_seconds=2.0)
    rec.start()
    assert rec.wait_finished(30)
    assert rec.status == "cap_reached" and not rec.recording
    result = rec.stop()
    assert result.cap_reached and not result.device_lost
    assert result.problem == "Recording stopped at the 2-second limit. Everything up to then is saved and analysed."
    pcm, _ = read_wav_int16(result.path)
    assert len(pcm) == 96000
    assert np.array_equal(pcm, np.rint(sd.played[:96000] * 32768).astype(np.int16))
    assert len(result.audio16k) == pytest.approx(32000, abs=2)
    assert sd.streams[0].stopped  # the stream was closed without waiting for Stop


def test_cap_message_for_the_default_three_minutes() -> None:
    from pitchcoach.core.messages import english
    from pitchcoach.core.recorder import cap_message

    assert english().render(cap_message(180.0)) == (
        "Recording stopped at the 3-minute limit. Everything up to then is saved and analysed."
    )


def test_unplugged_device_is_reported_and_audio_kept() -> None:
    sd = FakeSoundDevice(SPEECH, samplerate=48000, speed=None, lose_after_seconds=7.4)
    rec = Recorder(app_paths().recordings, sd=sd)
    rec.start()
    assert rec.wait_finished(30)
    assert rec.status == "device_lost"
    result = rec.stop()
    assert result.device_lost and not result.cap_reached
    assert result.problem == (
        "The microphone stopped sending sound after 7.4 s (was it unplugged?). What you recorded is saved and analysed."
    )
    pcm, _ = read_wav_int16(result.path)
    n = int(7.4 * 48000)
    assert len(pcm) == n
    assert np.array_equal(pcm, np.rint(sd.played[:n] * 32768).astype(np.int16))
    assert len(result.audio16k) == pytest.approx(n / 3, abs=2)


def test_silent_stall_is_caught_by_the_watchdog() -> None:
    clock = ManualClock()
    sd = FakeSoundDevice(SPEECH, samplerate=48000, speed=None, stall_after_seconds=3.0)
    rec = Recorder(app_paths().recordings, sd=sd, clock=clock)
    rec.start()
    assert sd.stalled.wait(30)
    _wait_value(lambda: rec.elapsed_seconds >= 3.0)
    assert rec.status == "recording"  # the stream still claims to be active
    clock.now += 1.5  # no callback for 1.5 s
    assert rec.wait_finished(10)
    assert rec.status == "device_lost"
    result = rec.stop()
    assert result.device_lost
    assert "after 3.0 s" in (result.problem or "")
    pcm, _ = read_wav_int16(result.path)
    assert len(pcm) == 3 * 48000


def test_partial_wav_survives_a_crash(tmp_path: Path) -> None:
    """SIGKILL a recording process mid-take: the file on disk must play and hold the audio."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from pitchcoach.core.recorder import Recorder
        from tests.fakes import FakeSoundDevice
        import threading
        sd = FakeSoundDevice({str(SPEECH)!r}, samplerate=48000, speed=None, stall_after_seconds=2.7)
        rec = Recorder(Path({str(tmp_path)!r}), sd=sd, clock=lambda: 0.0)
        path = rec.start()
        sd.stalled.wait(30)
        ev = threading.Event()
        while rec.flushed_seconds < 2.7:
            ev.wait(0.01)
        print(path, flush=True)
        ev.wait()  # hang with the file open until killed
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line, "the recording process died before reporting its file"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    copy = tmp_path / "copy.wav"
    shutil.copyfile(line, copy)
    pcm, sr = read_wav_int16(copy)
    expected = FakeSoundDevice(SPEECH, samplerate=48000).played
    n = int(round(2.7 * 48000))
    assert sr == 48000
    assert len(pcm) == n
    assert np.array_equal(pcm, np.rint(expected[:n] * 32768).astype(np.int16))
    import soundfile

    data, sf_rate = soundfile.read(copy, dtype="int16")
    assert sf_rate == 48000 and len(data) == n


def test_no_microphone_gives_a_clear_message_and_no_file() -> None:
    sd = FakeSoundDevice(no_device=True)
    assert list_input_devices(sd) == []
    rec = Recorder(app_paths().recordings, sd=sd)
    with pytest.raises(RecorderError) as e:
        rec.start()
    assert e.value.msg == NO_MICROPHONE
    assert "No microphone" in str(e.value) and "Plug one in" in str(e.value)
    recordings = app_paths().recordings
    assert not recordings.exists() or list(recordings.glob("*.wav")) == []
    with pytest.raises(RecorderError, match="press Record first"):
        rec.stop()


def test_busy_device_gives_a_clear_message_and_leaves_no_empty_file() -> None:
    busy = FakeSoundDevice.PortAudioError("Error opening InputStream: Device unavailable [PaErrorCode -9985]")
    sd = FakeSoundDevice(SPEECH, open_error=busy)
    rec = Recorder(app_paths().recordings, sd=sd)
    with pytest.raises(RecorderError, match="busy: another program is using it"):
        rec.start()
    assert list(app_paths().recordings.glob("*.wav")) == []
    assert rec.status == "idle"


def test_named_device_that_is_not_connected() -> None:
    sd = FakeSoundDevice(SPEECH)
    with pytest.raises(RecorderError, match="'Blue Yeti' is not connected"):
        Recorder(app_paths().recordings, sd=sd, device="Blue Yeti").start()


def test_list_input_devices_marks_the_default() -> None:
    devices = [
        {"index": 0, "name": "Speakers", "max_input_channels": 0, "default_samplerate": 48000.0},
        {"index": 1, "name": "Headset", "max_input_channels": 1, "default_samplerate": 16000.0},
        {"index": 2, "name": "USB Mic", "max_input_channels": 2, "default_samplerate": 44100.0},
    ]
    sd = FakeSoundDevice(devices=devices)
    sd.default.device = [2, 0]
    found = list_input_devices(sd)
    assert [(d.index, d.name, d.default_samplerate, d.is_default) for d in found] == [
        (1, "Headset", 16000.0, False),
        (2, "USB Mic", 44100.0, True),
    ]


def test_missing_portaudio_is_explained(tmp_path: Path) -> None:
    """Real sounddevice import with PortAudio hidden: it raises OSError, which we turn into advice."""
    script = textwrap.dedent(
        f"""
        import sys, ctypes.util
        sys.path.insert(0, {str(REPO)!r})
        ctypes.util.find_library = lambda name: None
        from pathlib import Path
        from pitchcoach.core.recorder import Recorder, RecorderError, list_input_devices
        print("devices", list_input_devices())
        try:
            Recorder(Path({str(tmp_path)!r})).start()
        except RecorderError as e:
            print("error", e)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "devices []"
    assert lines[1].startswith("error Sound input is unavailable because the PortAudio library")
    assert "sudo apt install libportaudio2" in lines[1]


@pytest.mark.parametrize("sr", [44100, 48000, 22050])
def test_resampler_quality_with_sines(sr: int) -> None:
    t = np.arange(2 * sr) / sr
    for freq in (440.0, 1000.0, 3000.0):
        x = (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
        y = resample_to_16k(x, sr)
        assert len(y) == pytest.approx(32000, abs=1)
        ref = 0.5 * np.sin(2 * np.pi * freq * np.arange(len(y)) / 16000)
        mid = slice(1000, -1000)
        snr = 10 * np.log10(np.mean(ref[mid] ** 2) / np.mean((y[mid] - ref[mid]) ** 2))
        assert snr > 60, f"{freq} Hz at {sr} Hz: SNR {snr:.1f} dB"
    if sr > 18000:
        # 9 kHz is above the new Nyquist (8 kHz): it must be filtered out, not folded to 7 kHz.
        x = (0.5 * np.sin(2 * np.pi * 9000.0 * t)).astype(np.float32)
        y = resample_to_16k(x, sr)[1000:-1000]
        assert 20 * np.log10(np.sqrt(np.mean(y**2)) / 0.3536) < -40


def test_streaming_resample_equals_one_shot() -> None:
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(48000) * 0.1).astype(np.float32)
    r = StreamResampler(48000)
    parts = [r.process(x[i : i + 441]) for i in range(0, len(x), 441)] + [r.flush()]
    streamed = np.concatenate(parts)
    one_shot = resample_to_16k(x, 48000)
    assert len(streamed) == len(one_shot) == 16000
    assert np.allclose(streamed, one_shot, atol=1e-5)


def test_a_finished_take_frees_its_live_transcriber_and_audio_without_a_full_collection(transcriber) -> None:
    """Nothing of a finished take is kept: its Recorder, live transcriber and audio go as soon as the last
    reference does. In a reference cycle they would wait for a full collection, which CPython runs rarely in a
    process holding a model, and the latency benchmark's memory grew by each take's audio that way (the fake
    device's closed streams kept the Recorder's callbacks). Whatever one take leaves, every take leaves."""
    import gc
    import weakref

    from pitchcoach.core.live import LiveTranscriber

    was_enabled = gc.isenabled()
    gc.disable()  # only reference counting frees anything in this test
    try:
        live = LiveTranscriber(transcriber.twin(), stop_transcriber=transcriber)
        sd = FakeSoundDevice(REPO / "tests" / "fixtures" / "too_short.wav", speed=None)
        rec = Recorder(app_paths().recordings, sd=sd, on_chunk=live.feed)
        rec.start()
        assert sd.source_done.wait(60)
        result = rec.stop()
        assert live.instant_transcript(result.audio16k) is not None
        live.close()  # the worker thread has ended
        alive = [weakref.ref(live), weakref.ref(rec), weakref.ref(result), weakref.ref(sd)]
        del live, rec, result, sd
        assert [r() for r in alive] == [None, None, None, None]
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize("lost", [True, False], ids=["device lost", "Stop pressed"])
def test_a_device_whose_stop_never_returns_does_not_hold_the_take(lost: bool) -> None:
    """A sound server that dies mid-take can leave PortAudio's stop() waiting for ever (seen once in CI):
    the take still finishes, with every sample the device delivered, and the device is left behind."""
    sd = FakeSoundDevice(SPEECH, samplerate=48000, speed=None, lose_after_seconds=2.0 if lost else None,
                         hang_on_stop=True)  # fmt: skip
    rec = Recorder(app_paths().recordings, sd=sd)
    rec.close_timeout = 0.5
    try:
        rec.start()
        if lost:
            assert rec.wait_finished(30) and rec.status == "device_lost"
        else:
            assert sd.source_done.wait(30)
        result = rec.stop()
        assert sd.stop_hung.is_set()
        assert result.device_lost is lost and result.path.is_file()
        pcm, _ = read_wav_int16(result.path)
        assert len(pcm) >= (2.0 if lost else 21.0) * 48000 and len(result.audio16k) == pytest.approx(
            len(pcm) / 3, abs=2
        )
    finally:
        sd.release_stop.set()
