"""The Voice card shows the take on screen, and nothing of the one before it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import FakeSoundDeviceWithSpeaker

pytestmark = pytest.mark.slow


def _record(qtbot, win, sd):
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
    with qtbot.waitSignal(win.final_shown, timeout=180000) as final:
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.results.outcome is final.args[0], timeout=10000)
    return final.args[0]


def test_a_take_with_no_speech_shows_no_voice_figures_of_the_take_before(qtbot, make_app, mic_factory):
    # Issue 21: "median 136 Hz · spread 4.5 semitones" stayed above the empty plot of a no-speech take.
    sd = mic_factory("great_pitch.wav", speed=4.0, lead_silence_seconds=0.3)
    pc = make_app(sd)
    win = pc.window
    first = _record(qtbot, win, sd)
    voice = win.results.voice
    assert first.analysis.transcript.voice.f0_median_hz is not None
    assert voice.strip is not None and voice.strip.pitch_plot.titleLabel.isVisible()
    assert "Hz" in voice.summary.text()

    qtbot.mouseClick(win.results.try_button, Qt.MouseButton.LeftButton)
    quiet = FakeSoundDeviceWithSpeaker(np.zeros(16000 * 3, np.float32), speed=4.0)  # 3 s of a muted mic
    pc.services.sd = quiet
    second = _record(qtbot, win, quiet)
    assert not second.analysis.result.scored
    va = second.analysis.transcript.voice
    assert va is None or va.f0_median_hz is None
    shown = [voice.summary.text()]
    if voice.strip is not None and voice.strip.pitch_plot.titleLabel.isVisible():
        shown.append(voice.strip.pitch_plot.titleLabel.text)
    assert not any("Hz" in s or "semitone" in s for s in shown), shown
    if voice.isVisible():
        assert voice.summary.text() == "No voice was heard in this take."
