"""The pitch language (issue 24), chosen as a user would: on the Settings page, and on the Practice page."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from pitchcoach.core.language import get_profile


def _choose(qtbot, combo, text: str) -> None:
    """Pick ``text`` from a menu with the keyboard, as a user tabbing through the page would."""
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=20000)
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text!r} is not in the menu")


def test_pitch_language_chosen_in_settings_shows_on_practice_and_back(qtbot, make_app, mic_factory) -> None:
    pc = make_app(mic_factory())
    win = pc.window
    settings_file = pc.services.paths.settings
    win.show_page("settings")
    combo = win.settings_page.language_combo
    assert combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == ["English", "中文（普通话）", "Detect automatically"]

    _choose(qtbot, combo, "中文（普通话）")
    assert json.loads(settings_file.read_text("utf-8"))["pitch_language"] == "zh"
    assert pc.services.settings.value.pitch_language == "zh"

    win.show_page("practice")
    practice = win.practice.language_combo
    assert practice.isVisible() and practice.currentText() == "中文（普通话）"
    # A Mandarin pitch is budgeted in characters (字), at the Mandarin pace band.
    lo, hi = get_profile("zh").budget(20.0)
    assert win.practice.words_label.text() == f"Character budget: {lo}–{hi} characters"
    assert f"({lo}–{hi} characters)" in win.practice.subtitle.text()
    _choose(qtbot, practice, "Detect automatically")
    assert json.loads(settings_file.read_text("utf-8"))["pitch_language"] == "auto"
    assert combo.currentText() == "Detect automatically"
    assert win.practice.words_label.text().startswith("Word budget:")  # words until a take is heard

    # This app was set up without the multilingual model (the test analyzer is tiny.en's alone): a take
    # that needs it is refused with the reason and the fix, before anything is recorded.
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert not win.practice.recording
    assert win.practice.banner.isVisible()
    assert "multilingual speech model" in win.practice.banner.text() and "English" in win.practice.banner.text()

    # While a take records, its language is fixed: the menu waits for the take to end.
    _choose(qtbot, practice, "English")
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert win.practice.recording
    assert not practice.isEnabled()
    with qtbot.waitSignal(win.outcome_shown, timeout=120000):
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(practice.isEnabled, timeout=10000)
