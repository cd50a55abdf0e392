"""Issue 15 #14: a long import shows how far the transcription is, and Cancel leaves nothing behind."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from tests.speech import FIXTURES

pytestmark = pytest.mark.slow

LONG = FIXTURES / "too_long.wav"  # about 60 s of speech: two decode windows, several segments


def test_import_shows_a_progress_figure_and_cancel_leaves_nothing(qtbot, make_app, mic_factory, monkeypatch):
    import pitchcoach.ui.main_window as mw

    # The native file dialog is the edge: the user picks the long file in it.
    monkeypatch.setattr(mw, "ask_audio_file", lambda *a, **k: LONG)
    pc = make_app(mic_factory())
    win, practice = pc.window, pc.window.practice
    store = pc.services.store()
    recordings_before = sorted(pc.services.paths.recordings.iterdir())
    figures: list[int] = []

    def seen() -> bool:
        if m := re.fullmatch(r"Transcribing… (\d+) %", practice.progress_label.text()):
            figures.append(int(m.group(1)))
        return bool(figures)

    # 1. Open the file, wait for the first figure, press Cancel.
    qtbot.mouseClick(practice.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(seen, timeout=120000)
    assert practice.cancel_button.isVisible() and practice.progress.maximum() == 100
    assert 0 <= figures[0] < 100
    qtbot.mouseClick(practice.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pc.window.runner.busy, timeout=120000)

    assert not practice.progress.isVisible() and not practice.cancel_button.isVisible()
    assert practice.import_button.isEnabled() and practice.record_button.isEnabled()
    assert win.last_message is None  # a cancel is not an error: no message box
    assert win.outcome is None and win.current_page() == "practice"
    assert store.list() == []  # no half-saved take...
    assert sorted(pc.services.paths.recordings.iterdir()) == recordings_before  # ...and no copy of the file
    assert win.status_label.text() == "Cancelled"

    # 2. Open it again and let it run: the figure climbs to the end, then the result shows.
    figures.clear()
    with qtbot.waitSignal(win.outcome_shown, timeout=240000) as done:
        qtbot.mouseClick(practice.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: seen() and figures[-1] >= 50, timeout=240000)
    assert figures == sorted(figures) and len(set(figures)) >= 2
    assert done.args[0].take_id is not None and len(store.list()) == 1
