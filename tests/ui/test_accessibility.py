"""Usable with the keyboard alone, and every control has an accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QWidget,
)

from tests.speech import FIXTURES

INTERACTIVE = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QListWidget, QTextBrowser)


def unnamed_controls(root: QWidget) -> list[str]:
    bad = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE):
            continue
        # Internals of compound widgets (a spin box's line edit, a scroll area's buttons) are named by their owner.
        parent = w.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox) or w.objectName().startswith("qt_"):
            continue
        if not w.accessibleName().strip():
            bad.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r} in {type(parent).__name__}")
    return bad


def test_every_control_on_my_pages_has_an_accessible_name(qtbot, make_app, mic_factory):
    win = make_app(mic_factory()).window
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        win.analyze_path(FIXTURES / "jargon_heavy.wav")  # a scored take: fills the results page
    assert win.results.more_button.isVisible() or len(win.outcome.analysis.result.deductions) <= 3
    win.show_page("settings")  # fills the device list
    for page in (win.practice, win.results, win.settings_page, win.nav):
        assert unnamed_controls(page) == [], type(page).__name__
    assert win.nav.accessibleName() == "Pages"


def test_keyboard_only_navigation_and_shortcuts(qtbot, make_app, mic_factory):
    sd = mic_factory("too_short.wav", speed=1.0)
    win = make_app(sd).window
    # Ctrl+4 / Ctrl+1 switch pages from the View menu.
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page() == "settings"
    # Space must type into text fields on other pages, not start a recording.
    win.settings_page.model_local.setChecked(True)
    win.settings_page.model_path.setFocus()
    qtbot.keyClicks(win.settings_page.model_path, "a b")
    assert win.settings_page.model_path.text() == "a b"
    assert not win.practice.recording
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page() == "practice"
    # Space records and stops; Ctrl+R from the results page goes back to practise again.
    qtbot.keyClick(win, Qt.Key.Key_Space)
    assert win.practice.recording
    qtbot.waitUntil(lambda: win.practice.recorder.elapsed_seconds > 1.0, timeout=10000)
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        qtbot.keyClick(win, Qt.Key.Key_Space)
    assert win.current_page() == "results"
    qtbot.keyClick(win, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page() == "practice"
    # The record button is reachable with Tab and has keyboard focus styling (it accepts focus).
    assert win.practice.record_button.focusPolicy() & Qt.FocusPolicy.TabFocus


def _tab_through(qtbot, win) -> list[tuple[QWidget, bool]]:
    """Tab from the page list through the page shown, as a user does: each stop, and whether it looked
    different while it had the focus than once Tab had moved on."""
    win.nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(win.nav.hasFocus, timeout=20000)
    stops: list[tuple[QWidget, bool]] = []
    for _ in range(80):
        w = QApplication.focusWidget()
        if w is None or any(w is s for s, _ in stops):
            break
        focused = w.grab().toImage()
        qtbot.keyClick(w, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda w=w: QApplication.focusWidget() is not w, timeout=20000)
        stops.append((w, focused != w.grab().toImage()))
    return stops


def test_every_tab_stop_shows_where_the_focus_is(qtbot, make_app, mic_factory):
    # Issue 21: the page list showed no focus, and neither did some Tab stops (the page, the transcript,
    # the charts): Tab moved and nothing on screen did.
    win = make_app(mic_factory()).window
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=20000)
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        win.analyze_path(FIXTURES / "jargon_heavy.wav")  # fills Results and saves a take for History
    checked = set()
    for page in ("practice", "results", "history", "settings"):
        win.show_page(page)
        qtbot.wait(50)
        stops = _tab_through(qtbot, win)
        assert len(stops) >= 3, (page, stops)
        for w, shows_focus in stops:
            name = f"{page}: {type(w).__name__} {w.accessibleName() or w.objectName()}"
            assert shows_focus, f"{name} looks the same with and without the focus"
            checked.add(type(w).__name__)
    assert {"QListWidget", "TranscriptView", "QScrollArea", "TrendChart"} <= checked
