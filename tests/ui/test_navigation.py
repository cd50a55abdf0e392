"""Every page works however it is reached: a click in the sidebar does what Ctrl+N and the View menu do.

And Space records whenever the Practice page shows, whichever button has focus (only a text field
keeps it, to type a space).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from tests.speech import FIXTURES


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


def test_space_records_after_try_again_whatever_button_kept_focus(qtbot, make_app, mic_factory, monkeypatch):
    import pitchcoach.ui.main_window as mw

    asked: list[bool] = []
    # The native file dialog is the edge: record that it was asked for and hand back a real file.
    monkeypatch.setattr(mw, "ask_audio_file", lambda *a, **k: asked.append(True) or FIXTURES / "great_pitch.wav")
    win = make_app(mic_factory("great_pitch.wav")).window
    practice = win.practice
    win.activateWindow()
    # Open a file with the keyboard: Tab to "Open audio file…" and press Space, which focuses it.
    practice.record_button.setFocus()
    for _ in range(30):
        if QApplication.focusWidget() is practice.import_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is practice.import_button
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        qtbot.mouseClick(practice.import_button, Qt.MouseButton.LeftButton)
    assert asked == [True]
    qtbot.waitUntil(lambda: win.current_page() == "results", timeout=10000)
    qtbot.mouseClick(win.results.try_button, Qt.MouseButton.LeftButton)
    assert win.current_page() == "practice"
    focus = QApplication.focusWidget()
    assert focus is not None
    # Space where the user's focus is: it records, it does not open the file dialog again.
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: practice.recording, timeout=10000)
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert asked == [True]


def test_space_on_a_focused_got_it_records_instead_of_hiding_the_tips(qtbot, make_app, mic_factory):
    win = make_app(mic_factory("great_pitch.wav")).window
    practice = win.practice
    win.activateWindow()
    assert practice.intro_card.isVisible()  # a first start shows the tips
    practice.intro_dismiss.setFocus()
    qtbot.keyClick(practice.intro_dismiss, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: practice.recording, timeout=10000)
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        qtbot.keyClick(practice.intro_dismiss, Qt.Key.Key_Space)
    assert not win.services.settings.value.seen_intro  # the tips were not dismissed by those presses


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
