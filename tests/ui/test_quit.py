"""Issue 15 #17: quitting does not wait for a decode nobody needs, and the take is offered next time."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pitchcoach.core.recovery import find_unsaved_recordings, recording_context

pytestmark = pytest.mark.slow


class SlowDecode:
    """The real analyzer behind a gate: the edge where a long model decode is simulated.

    Each decode waits until the test opens ``gate``, then runs for real.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.gate = threading.Event()
        self.entered = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def _wait(self) -> None:
        self.entered.set()
        self.gate.wait(120)

    def instant_result(self, *a: Any, **k: Any) -> Any:
        self._wait()
        return self._inner.instant_result(*a, **k)

    def analyze_audio(self, *a: Any, **k: Any) -> Any:
        self._wait()
        return self._inner.analyze_audio(*a, **k)


def test_quit_mid_analysis_closes_at_once_and_keeps_the_take(qtbot, make_app, mic_factory, analyzer):
    slow = SlowDecode(analyzer)
    sd = mic_factory("too_short.wav", speed=1.0)
    pc = make_app(sd, analyzer_factory=lambda: slow)
    try:
        quit_mid_analysis(qtbot, pc, sd, slow)
    finally:
        slow.gate.set()  # whatever happened, let the held decode end before the window goes


def quit_mid_analysis(qtbot, pc, sd, slow):
    win = pc.window
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
    path = win.practice.recorder.path
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)  # Stop: the analysis starts
    qtbot.waitUntil(slow.entered.is_set, timeout=30000)

    # Quit with the keyboard (Ctrl+Q) while the decode is held up.
    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)
    # The window closed without waiting for the decodes: they are still held, still running...
    assert not slow.gate.is_set() and set(win.runner.names()) == {"instant", "final"}
    # ...and the take is already safe: nothing half-saved, the recording offered at the next start,
    # saying why. (The real app exits here without joining those threads: ui.app.run_gui.)
    store = pc.services.store()
    assert store.list() == []
    assert path in find_unsaved_recordings(store, min_age_seconds=0)
    assert recording_context(path).reason == "PitchCoach was closed before it was analysed"

    slow.gate.set()
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=60000)
