"""Issue 21: a take that is not scored is not saved with the recognizer's invented words.

tiny.en writes the German fixture as English ("Hello, welcome to this video..."); the gate refuses it.
An opened file like that is not saved at all; a recording made in the app is kept, without words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GERMAN = FIXTURES / "non_english.wav"


def test_an_opened_file_that_is_not_scored_is_not_saved(qtbot, make_app, mic_factory, monkeypatch):
    import pitchcoach.ui.main_window as mw

    monkeypatch.setattr(mw, "ask_audio_file", lambda *a, **k: GERMAN)  # the native dialog is the edge
    pc = make_app(mic_factory())
    win, store = pc.window, pc.services.store()
    with qtbot.waitSignal(win.final_shown, timeout=120000) as done:
        qtbot.mouseClick(win.practice.import_button, Qt.MouseButton.LeftButton)
    outcome = done.args[0]
    assert not outcome.analysis.result.scored and outcome.analysis.transcript.words  # invented words
    assert outcome.take_id is None and outcome.saved_error is None
    assert store.list() == [] and list(pc.services.paths.recordings.iterdir()) == []
    res = win.results
    assert res.gate_card.isVisible()
    assert res.gate_saved.isVisible()
    assert res.gate_saved.text() == "Not saved to your history: only scored takes are kept."
    qtbot.mouseClick(res.export_button, Qt.MouseButton.LeftButton)  # no report either, and it says why
    assert win.last_message is not None and "only scored takes are saved" in win.last_message


def test_a_recording_that_is_not_scored_is_kept_without_words(qtbot, make_app, mic_factory):
    sd = mic_factory("non_english.wav", speed=1.0, lead_silence_seconds=0.3)
    pc = make_app(sd)
    win, store = pc.window, pc.services.store()
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
    with qtbot.waitSignal(win.final_shown, timeout=180000) as done:
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    outcome = done.args[0]
    assert not outcome.analysis.result.scored
    assert outcome.take_id is not None  # the take itself is never lost
    [take] = store.list()
    assert take.id == outcome.take_id and take.overall is None
    assert take.transcript.words == [] and take.transcript.text == ""
    assert take.audio_path is not None and take.audio_path.is_file()
    res = win.results
    assert res.gate_saved.isVisible() and "kept in History, without a transcript" in res.gate_saved.text()
