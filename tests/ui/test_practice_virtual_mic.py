"""The practice flow through the real audio stack: sounddevice → PortAudio → ALSA 'pulse' →
a PulseAudio virtual microphone (shared/tools/virtual-mic) that "speaks" a fixture."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.speech import fixture_text, wer
from tests.virtual_mic import PULSE_PID_FILE, TOOL, run_tool

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO / "tests" / "fixtures" / "too_short.wav"

pytestmark = [
    pytest.mark.virtual_mic,
    pytest.mark.slow,
]


@pytest.fixture
def real_sounddevice(monkeypatch):
    """Start the virtual mic and point this process's PortAudio at it; stop and re-scan afterwards."""
    run_tool("start")
    for line in run_tool("env").stdout.splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export ") :].partition("=")
            monkeypatch.setenv(key, value)
    import sounddevice as sd

    # PortAudio enumerates devices at initialisation: re-initialise so it sees the PulseAudio server.
    sd._terminate()
    sd._initialize()
    yield sd
    run_tool("stop", check=False)
    sd._terminate()
    sd._initialize()


def test_record_stop_results_through_the_virtual_mic(qtbot, make_app, real_sounddevice):

    names = [d["name"] for d in real_sounddevice.query_devices() if d["max_input_channels"] > 0]
    assert "pulse" in names, names
    pc = make_app(None, start=False)  # sd=None: the app imports the real sounddevice module
    pc.services.settings.update(input_device="pulse")
    with qtbot.waitSignals([pc.window.model_ready, pc.window.warmed_up], timeout=60000):
        pc.start()
    win = pc.window
    assert win.practice.record_button.isEnabled()
    assert win.practice.device_label.text() == "Microphone: pulse"

    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert win.practice.recording, win.practice.banner.text()
    # Let the stream settle before "speaking" (PulseAudio's first blocks can lag a few ms).
    qtbot.waitUntil(lambda: win.practice.recorder.elapsed_seconds > 0.3, timeout=10000)
    player = subprocess.Popen(
        ["bash", str(TOOL), "play", str(SPEECH), "--wait"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=30000)
    assert player.returncode == 0
    qtbot.waitUntil(lambda: win.practice.meter.level_db > -120, timeout=5000)
    with qtbot.waitSignal(win.outcome_shown, timeout=120000) as blocker:
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    outcome = blocker.args[0]

    assert outcome.problem is None
    assert outcome.audio_path.is_file() and outcome.audio_path.parent == pc.services.paths.recordings
    err = wer(fixture_text("too_short"), outcome.analysis.transcript.text)
    assert err < 0.35, outcome.analysis.transcript.text
    assert outcome.analysis.result.scored
    assert win.current_page() == "results"


def test_unplugged_mid_take_keeps_and_analyses_what_was_said(qtbot, make_app, real_sounddevice):
    import signal

    pc = make_app(None, start=False)
    pc.services.settings.update(input_device="pulse")
    with qtbot.waitSignals([pc.window.model_ready, pc.window.warmed_up], timeout=60000):
        pc.start()
    win = pc.window
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert win.practice.recording, win.practice.banner.text()
    qtbot.waitUntil(lambda: win.practice.recorder.elapsed_seconds > 0.3, timeout=10000)
    player = subprocess.Popen(
        ["bash", str(TOOL), "play", str(SPEECH), "--wait"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    qtbot.waitUntil(lambda: win.practice.recorder.elapsed_seconds > 3.0, timeout=20000)
    # "Unplug": kill the sound server. PortAudio raises nothing; the callbacks just stop.
    os.kill(int(PULSE_PID_FILE.read_text()), signal.SIGKILL)
    with qtbot.waitSignal(win.outcome_shown, timeout=60000) as blocker:
        pass  # no Stop press: the page notices by itself
    player.wait(timeout=30)
    outcome = blocker.args[0]
    assert not win.practice.recording
    assert outcome.problem and "stopped sending sound" in outcome.problem
    assert win.results.problem.isVisible()
    assert outcome.audio_path.is_file()
    assert len(outcome.audio16k) / 16000 > 2.5
    assert "dana" in outcome.analysis.transcript.text.lower()
