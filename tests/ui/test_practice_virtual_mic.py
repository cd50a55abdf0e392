"""The practice flow through the real audio stack: sounddevice → PortAudio → ALSA 'pulse' →
a PulseAudio virtual microphone (shared/tools/virtual-mic) that "speaks" a fixture."""

from __future__ import annotations

import contextlib
import os
import signal
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
    # A test may have frozen the sound server ("unplug"): let it run again, so that a PortAudio call still
    # waiting on it returns and the re-initialisation below cannot hang on it.
    with contextlib.suppress(OSError, ValueError):
        os.kill(int(PULSE_PID_FILE.read_text()), signal.SIGCONT)
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
    qtbot.waitUntil(lambda: win.practice.meter.level_db > -120, timeout=20000)
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
    # "Unplug": freeze the sound server. PortAudio raises nothing; the callbacks just stop, and stopping the
    # stream may wait on the server (the recorder leaves it behind). Killing the server instead once left
    # PortAudio waiting inside the dead server's client library for ever, this process's teardown with it.
    pulse = int(PULSE_PID_FILE.read_text())
    os.kill(pulse, signal.SIGSTOP)
    try:
        with qtbot.waitSignal(win.outcome_shown, timeout=60000) as blocker:
            pass  # no Stop press: the page notices by itself
    finally:
        os.kill(pulse, signal.SIGCONT)
    player.wait(timeout=30)
    outcome = blocker.args[0]
    assert not win.practice.recording
    assert outcome.problem and "stopped sending sound" in outcome.problem
    assert win.results.problem.isVisible()
    assert outcome.audio_path.is_file()
    assert len(outcome.audio16k) / 16000 > 2.5
    assert "dana" in outcome.analysis.transcript.text.lower()


def _han(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def test_a_mandarin_take_through_the_virtual_mic(qtbot, make_app, real_sounddevice, zh_analyzer, tmp_path):
    """Issue 24: pick 中文 in Settings, pitch in Mandarin into the microphone: the take is heard by the
    multilingual model, scored as Mandarin (paced in 字/分钟), shown without spaces, kept in History
    under its language, and exported to a PDF a reader can read."""
    import json
    import re

    import jiwer

    from pitchcoach.core import report as R
    from pitchcoach.ui.history_model import COL_LANGUAGE
    from pitchcoach.ui.pdf import write_pdf

    zh_clip = REPO / "tests" / "fixtures" / "zh" / "good_pitch.wav"
    reference = next(
        c["text"]
        for c in json.loads((zh_clip.parent / "fixtures.json").read_text("utf-8"))["fixtures"]
        if c["name"] == "good_pitch"
    )
    pc = make_app(None, start=False, analyzer_factory=lambda: zh_analyzer)
    pc.services.settings.update(input_device="pulse")
    with qtbot.waitSignals([pc.window.model_ready, pc.window.warmed_up], timeout=60000):
        pc.start()
    win = pc.window
    win.show_page("settings")
    combo = win.settings_page.language_combo
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=20000)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "中文（普通话）"
    win.show_page("practice")
    assert win.practice.language_combo.currentText() == "中文（普通话）"
    assert "characters" in win.practice.words_label.text()

    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert win.practice.recording, win.practice.banner.text()
    qtbot.waitUntil(lambda: win.practice.recorder.elapsed_seconds > 0.3, timeout=10000)
    player = subprocess.Popen(
        ["bash", str(TOOL), "play", str(zh_clip), "--wait"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # While the pitch is spoken, the live budget counts the characters (字) heard so far.
    qtbot.waitUntil(lambda: re.match(r"[1-9]\d* characters so far", win.practice.words_label.text()), timeout=30000)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60000)
    assert player.returncode == 0
    # The instant result comes first; the whole-file pass refines it in place and saves the take.
    with qtbot.waitSignal(win.final_shown, timeout=240000) as final:
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    outcome = final.args[0]
    assert outcome.stage == "final" and outcome.take_id is not None

    a = outcome.analysis
    assert outcome.problem is None
    assert a.language == "zh" and "base" in a.model
    assert a.result.scored, a.result.gate
    assert jiwer.cer(_han(reference), _han(a.transcript.text)) < 0.2, a.transcript.text
    assert a.result.metrics.pace_unit == "cpm" and a.result.metrics.cpm
    assert "中文（普通话）" in win.results.subtitle.text() and "字/分钟" in win.results.subtitle.text()
    voice_text = win.results.voice.summary.text()  # the pace every 5 s is in characters, not words
    assert "字/分钟" in voice_text and "words per minute" not in voice_text, voice_text
    shown = win.results.transcript.toPlainText()
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", shown), shown  # no spaces inside Chinese
    qtbot.waitUntil(lambda: win.results.outcome is outcome or win.results.outcome.take_id == outcome.take_id)
    win.results.scroll_area.widget().grab().save(str(tmp_path / "results-zh.png"))  # the whole page

    win.resize(1100, 820)
    win.show_page("history")
    qtbot.waitUntil(lambda: win.history_page is not None and win.history_page.model.rowCount() == 1, timeout=10000)
    page = win.history_page
    assert page.model.data(page.model.index(0, COL_LANGUAGE)) == "中文"
    qtbot.waitUntil(page.table.isVisible, timeout=10000)
    page.grab().save(str(tmp_path / "history-zh.png"))
    store = pc.services.store()
    assert store is not None
    take = store.get(outcome.take_id)
    assert take.language == "zh"
    pdf = write_pdf(R.build_take_report(take), tmp_path / "take-zh.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "字/分钟" in text and "中文（普通话）" in text and "words per minute" not in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "take-zh")], check=True)
