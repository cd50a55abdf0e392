"""Usable with the keyboard alone, and every control has an accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
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
