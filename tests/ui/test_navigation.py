"""Every page works however it is reached: a click in the sidebar does what Ctrl+N and the View menu do.

And Space belongs to the focused control: a focused "Open audio file…" button is pressed by it, as
everywhere else on the desktop, instead of starting a recording.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def click_nav(qtbot, win, title: str) -> None:
    nav = win.nav
    item = nav.findItems(title, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())


def test_sidebar_click_opens_a_filled_history_and_settings(qtbot, make_app, mic_factory, pitchcoach_home, analyzer):
    store = TakeStore(app_paths(pitchcoach_home).ensure())
    for name in ("hard_sell", "great_pitch"):
        store.save_take(analyzer.analyze_file(FIXTURES / f"{name}.wav"), FIXTURES / f"{name}.wav")
    store.close()
    win = make_app(mic_factory()).window

    click_nav(qtbot, win, "History")
    assert win.current_page() == "history"
    page = win.history_page
    assert page is not None
    qtbot.waitUntil(lambda: page.isVisible() and page.model.rowCount() == 2, timeout=10000)

    click_nav(qtbot, win, "Settings")
    assert win.current_page() == "settings"
    combo = win.settings_page.device_combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert any("Fake USB Mic" in n for n in names), names

    click_nav(qtbot, win, "Practice")
    assert win.current_page() == "practice"


def test_sidebar_click_mid_take_keeps_the_stop_button(qtbot, make_app, mic_factory):
    win = make_app(mic_factory("great_pitch.wav")).window
    practice = win.practice
    qtbot.mouseClick(practice.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: practice.recording, timeout=10000)
    # The list is greyed out while recording; a click on it must not leave the Stop button behind.
    click_nav(qtbot, win, "History")
    assert win.current_page() == "practice"
    assert practice.record_button.isVisible() and practice.record_button.isChecked()
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        qtbot.mouseClick(practice.record_button, Qt.MouseButton.LeftButton)


def test_space_presses_the_focused_button_and_does_not_record(qtbot, make_app, mic_factory, monkeypatch):
    import pitchcoach.ui.main_window as mw

    asked: list[bool] = []
    # The native file dialog is the edge: record that it was asked for instead of opening it.
    monkeypatch.setattr(mw, "ask_audio_file", lambda *a, **k: asked.append(True))
    win = make_app(mic_factory()).window
    practice = win.practice
    win.activateWindow()
    practice.record_button.setFocus()
    # Tab to "Open audio file…", as a keyboard user does.
    for _ in range(30):
        if QApplication.focusWidget() is practice.import_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is practice.import_button
    qtbot.keyClick(practice.import_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: asked == [True], timeout=5000)
    assert not practice.recording

    # With the record button focused, Space still starts and stops a take.
    practice.record_button.setFocus()
    qtbot.keyClick(practice.record_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: practice.recording, timeout=10000)
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        qtbot.keyClick(practice.record_button, Qt.Key.Key_Space)


def test_after_a_restart_results_opens_the_latest_saved_take(qtbot, make_app, mic_factory, pitchcoach_home, analyzer):
    store = TakeStore(app_paths(pitchcoach_home).ensure())
    for name in ("hard_sell", "great_pitch"):
        latest = store.save_take(analyzer.analyze_file(FIXTURES / f"{name}.wav"), FIXTURES / f"{name}.wav")
    store.close()
    win = make_app(mic_factory()).window  # returns once warm-up is done
    assert win.current_page() == "practice"  # start-up does not jump away from Practice
    results_item = win.nav.findItems("Results", Qt.MatchFlag.MatchExactly)[0]
    assert results_item.flags() & Qt.ItemFlag.ItemIsEnabled
    click_nav(qtbot, win, "Results")
    assert win.current_page() == "results"
    assert win.outcome is not None and win.outcome.take_id == latest.id
    assert win.results.title.text() == f"{latest.band}: {latest.overall} out of 100"
    assert len(win.outcome.audio16k) > 0  # its audio plays
    assert win.export_action.isEnabled()
