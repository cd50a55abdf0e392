"""The recorder through a real audio stack: PortAudio -> ALSA 'pulse' -> a PulseAudio null-sink mic.

The virtual-mic tool (tests/virtual_mic.py) runs a PulseAudio daemon whose source plays whatever file we feed it.
PortAudio enumerates devices once, at import, and needs PULSE_SERVER in the environment by then,
so each recording runs in a fresh Python process started with the tool's environment.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.fakes import read_wav_mono
from tests.virtual_mic import PULSE_PID_FILE, TOOL, run_tool

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO / "tests" / "fixtures" / "too_short.wav"
PID_FILE = PULSE_PID_FILE

pytestmark = [
    pytest.mark.virtual_mic,
]


@pytest.fixture
def mic_env() -> dict[str, str]:
    """Start the virtual mic; the environment a PortAudio client needs to see it. Stopped afterwards."""
    run_tool("start")
    env = dict(os.environ)
    for line in run_tool("env").stdout.splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export ") :].partition("=")
            env[key] = value
    yield env
    run_tool("stop", check=False)


def _run_child(body: str, env: dict[str, str], tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    script = textwrap.dedent(
        f"""
        import json, subprocess, sys, threading
        from pathlib import Path
        import numpy as np
        sys.path.insert(0, {str(REPO)!r})
        from pitchcoach.core.recorder import Recorder
        TOOL = {str(TOOL)!r}
        SPEECH = {str(SPEECH)!r}
        OUT = Path({str(tmp_path)!r})
        def report(rec, result):
            np.save(OUT / "audio16k.npy", result.audio16k)
            print(json.dumps({{"path": str(result.path), "seconds": result.seconds,
                              "samplerate": result.samplerate, "device_lost": result.device_lost,
                              "cap_reached": result.cap_reached, "problem": result.problem,
                              "status": rec.status}}), flush=True)
        """
    ) + textwrap.dedent(body)
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return proc, tmp_path / "audio16k.npy"


def _lagged_correlation(recorded: np.ndarray, source: np.ndarray) -> float:
    """Peak normalised cross-correlation over every lag at which the source fits the recording."""
    # PulseAudio may deliver the first samples a few ms late relative to the stream start, i.e. a
    # small negative lag; leading zeros make every lag non-negative.
    recorded = np.concatenate([np.zeros(8000, dtype=recorded.dtype), recorded])
    n = len(recorded) + len(source)
    size = 1 << (n - 1).bit_length()
    xc = np.fft.irfft(np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(source, size)), size)
    lags = xc[: len(recorded)]
    lag = int(np.argmax(lags))
    window = recorded[lag : lag + len(source)]
    m = min(len(window), len(source))
    a, b = window[:m].astype(np.float64), source[:m].astype(np.float64)
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_records_through_pulseaudio(mic_env: dict[str, str], tmp_path: Path) -> None:
    proc, npy = _run_child(
        """
        rec = Recorder(OUT, device="pulse")
        rec.start()
        # The stream is running before the speech starts, so nothing is clipped at the front.
        subprocess.run(["bash", TOOL, "play", SPEECH, "--wait"], check=True, capture_output=True)
        done = threading.Event()
        while rec.elapsed_seconds < 6.5 and rec.recording:
            done.wait(0.05)
        report(rec, rec.stop())
        """,
        mic_env,
        tmp_path,
    )
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    info = json.loads(out.strip().splitlines()[-1])
    assert info["status"] == "idle" and not info["device_lost"] and info["problem"] is None
    assert info["seconds"] >= 6.5
    with wave.open(info["path"], "rb") as w:
        assert w.getframerate() == info["samplerate"]
        assert w.getnframes() == pytest.approx(info["seconds"] * info["samplerate"], abs=1)
    recorded = np.load(npy)
    source, sr = read_wav_mono(SPEECH)
    assert sr == 16000
    assert _lagged_correlation(recorded, source) > 0.9


def test_killed_sound_server_is_a_lost_device_and_audio_is_kept(mic_env: dict[str, str], tmp_path: Path) -> None:
    proc, npy = _run_child(
        """
        rec = Recorder(OUT, device="pulse")
        rec.start()
        subprocess.run(["bash", TOOL, "play", SPEECH], check=True, capture_output=True)
        wait = threading.Event()
        while rec.elapsed_seconds < 2.0:
            wait.wait(0.02)
        print("ready", flush=True)
        if not rec.wait_finished(15):
            print("not finished", flush=True)
        report(rec, rec.stop())
        """,
        mic_env,
        tmp_path,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        # "Unplug": the sound server dies mid-take, as when a USB headset is pulled.
        os.kill(int(PID_FILE.read_text().strip()), signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    info = json.loads(out.strip().splitlines()[-1])
    assert info["device_lost"] and info["status"] == "device_lost"
    assert info["seconds"] >= 2.0
    assert info["problem"].startswith("The microphone stopped sending sound after ")
    assert "What you recorded is saved and analysed." in info["problem"]
    with wave.open(info["path"], "rb") as w:
        frames = w.getnframes()
        pcm = np.frombuffer(w.readframes(frames), dtype="<i2")
    assert frames == pytest.approx(info["seconds"] * info["samplerate"], abs=1)
    assert np.sqrt(np.mean((pcm / 32768.0) ** 2)) > 0.005  # it is the speech, not silence
    assert len(np.load(npy)) == pytest.approx(info["seconds"] * 16000, abs=2)
    # Replug: the tool recovers after the daemon was killed.
    assert "started" in run_tool("start").stdout
