"""Issue 15 #17: quitting does not wait for a decode nobody needs, and the take is offered next time. Reads
still running at quit are waited for (bounded) before the history closes, and one still running after that
wait keeps the history and the team cache open: no read touches a closed database."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pitchcoach.core.messages import get_catalog
from pitchcoach.core.paths import app_paths
from pitchcoach.core.recovery import find_unsaved_recordings, recording_context
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.team.service import TeamService

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
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=20000)
    # The window closed without waiting for the decodes: they are still held, still running...
    assert not slow.gate.is_set() and set(win.runner.names()) == {"instant", "final"}
    # ...and the take is already safe: nothing half-saved, the recording offered at the next start,
    # saying why. (The real app exits here without joining those threads: ui.app.run_gui.)
    store = pc.services.store()
    assert store.list() == []
    assert path in find_unsaved_recordings(store, min_age_seconds=0)
    assert recording_context(path).reason == "PitchCoach was closed before it was analysed"
    # ...and the same in the catalog, for the Chinese interface (issue 25).
    assert get_catalog("zh_CN").render(recording_context(path).reason_msg) == "分析完成前 PitchCoach 就被关闭了"

    slow.gate.set()
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=60000)


class OnLog(logging.Handler):
    """Sets ``event`` when the app logs a message containing ``words``: a point in the quit to wait for."""

    def __init__(self, words: str, event: threading.Event) -> None:
        super().__init__(logging.INFO)
        self.words, self.event = words, event

    def emit(self, record: logging.LogRecord) -> None:
        if self.words in record.getMessage():
            self.event.set()


def problems(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_quit_waits_for_a_running_read_before_the_history_closes(qtbot, make_app, mic_factory, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    pc = make_app(mic_factory(None))
    win, store = pc.window, pc.services.store()
    events: list[str] = []
    entered, go_on = threading.Event(), threading.Event()
    real_rows, real_close = store.drill_rows, store.close

    def drill_rows():  # the Drills page's read, held until the closing window says it waits for it
        entered.set()
        go_on.wait(60)
        rows = real_rows()
        events.append("read")
        return rows

    def close():
        events.append("close")
        real_close()

    monkeypatch.setattr(store, "drill_rows", drill_rows)
    monkeypatch.setattr(store, "close", close)
    said = OnLog("quitting: waiting", go_on)
    logging.getLogger("pitchcoach").addHandler(said)
    try:
        qtbot.keyClick(win, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # Drills: read on a worker
        qtbot.waitUntil(entered.is_set, timeout=30000)
        win.activateWindow()
        qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        assert not win.isVisible()
        pc.close()  # as run_gui does once the event loop has stopped: no event in between
    finally:
        logging.getLogger("pitchcoach").removeHandler(said)
        go_on.set()
    assert events == ["read", "close"]  # the read ended on an open history, which then closed
    assert problems(caplog) == []


def test_a_read_still_running_after_the_wait_keeps_the_team_cache_open(
    qtbot, make_app, mic_factory, pitchcoach_home, tmp_path, caplog, monkeypatch
):
    caplog.set_level(logging.INFO)
    team = tmp_path / "team"
    team.mkdir()
    paths = app_paths(pitchcoach_home).ensure()
    joined = TeamService(SettingsStore(paths.settings), paths.team_cache)
    joined.join(team, "Coach Carol", "none")
    joined.close()
    pc = make_app(mic_factory(None))
    win = pc.window
    index = pc.services.team().index()
    real, entered, release = index.figures, threading.Event(), threading.Event()

    def figures(*args, **kwargs):  # the Team page's read, held past the window's wait at quit
        entered.set()
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(index, "figures", figures)
    try:
        qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Team: read on its own worker
        qtbot.waitUntil(entered.is_set, timeout=30000)
        win.quit_wait_ms = 100
        win.activateWindow()
        qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        assert not win.isVisible()
        pc.close()
        assert "team-figures" in win.tasks_left()
    finally:
        release.set()
    # The read goes on, on a team cache and a history left open for it, and ends without an error.
    qtbot.waitUntil(lambda: not win.tasks_left(), timeout=30000)
    assert problems(caplog) == []
    assert any("exiting without waiting for: team-figures" in r.getMessage() for r in caplog.records)
    pc.close()  # nothing left: now they close
