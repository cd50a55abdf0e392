"""Settings persist across restarts and take effect in the window at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import MIC, SPEAKER

SECOND_MIC = dict(MIC, index=2, name="Studio Headset")


def devices():
    return [dict(MIC), dict(SPEAKER), dict(SECOND_MIC)]


def test_target_length_persists_and_updates_the_practice_page(qtbot, make_app, mic_factory):
    pc = make_app(mic_factory(devices=devices()), start=False)
    win = pc.window
    win.show_page("settings")
    spin = win.settings_page.target_spin
    assert (spin.minimum(), spin.maximum(), spin.value()) == (10, 60, 20)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "30")
    assert pc.services.settings.value.target_seconds == 30.0
    assert win.practice.timer_bar._target == 30.0
    assert "about 30 seconds (60–85 words)" in win.practice.subtitle.text()
    # Nothing on the practice page still speaks of the old target.
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert win.practice.time_label.text().endswith("/  30 s")
    assert win.practice.intro_title.text() == "What a good 30-second introduction does"
    assert "20" not in win.practice.intro_title.text() + win.practice.time_label.text()
    win.close()
    pc2 = make_app(mic_factory(devices=devices()), start=False)
    assert pc2.services.settings.value.target_seconds == 30.0
    assert pc2.window.settings_page.target_spin.value() == 30
    assert pc2.window.practice.timer_bar._target == 30.0


def test_chosen_input_device_persists_by_name_and_is_used(qtbot, make_app, mic_factory):
    pc = make_app(mic_factory(devices=devices()), start=False)
    win = pc.window
    win.show_page("settings")
    combo = win.settings_page.device_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert names == [None, "Fake USB Mic", "Studio Headset"]  # the speaker is not an input
    combo.setCurrentIndex(2)
    assert pc.services.settings.value.input_device == "Studio Headset"
    win.close()

    sd = mic_factory("too_short.wav", devices=devices())
    pc2 = make_app(sd)
    win2 = pc2.window
    assert win2.practice.device_label.text() == "Microphone: Studio Headset"
    qtbot.mouseClick(win2.practice.record_button, Qt.MouseButton.LeftButton)
    assert win2.practice.recorder.device == 2
    with qtbot.waitSignal(win2.outcome_shown, timeout=60000):
        qtbot.mouseClick(win2.practice.record_button, Qt.MouseButton.LeftButton)


def test_missing_saved_device_falls_back_to_the_default_and_stays_listed(qtbot, make_app, mic_factory):
    pc = make_app(mic_factory(devices=devices()), start=False)
    pc.services.settings.update(input_device="Unplugged Mic")
    win = pc.window
    assert pc.services.selected_device() is None
    win.show_page("settings")
    assert win.settings_page.device_combo.currentText() == "Unplugged Mic (not connected)"


def test_level_test_moves_the_meter_and_saves_nothing(qtbot, make_app, mic_factory):
    sd = mic_factory("too_short.wav", lead_silence_seconds=0.0)
    pc = make_app(sd, start=False)
    win = pc.window
    win.show_page("settings")
    page = win.settings_page
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert page.test_button.isChecked()
    test_dir = page._test_dir
    qtbot.waitUntil(lambda: page.test_meter.level_db > -40, timeout=10000)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert not page.test_button.isChecked()
    assert not test_dir.exists()
    assert list(pc.services.paths.recordings.glob("*")) == []


def test_open_lexicon_folder_and_log_folder(qtbot, make_app, mic_factory):
    pc = make_app(mic_factory(), start=False)
    win = pc.window
    win.show_page("settings")
    qtbot.mouseClick(win.settings_page.lexicon_button, Qt.MouseButton.LeftButton)
    assert pc.opened == [pc.services.paths.lexicons]
    assert pc.services.paths.lexicons.is_dir()
    log_action = next(a for m in win.menuBar().actions() for a in m.menu().actions() if "log folder" in a.text())
    log_action.trigger()
    assert pc.opened[-1] == pc.services.paths.logs


def test_theme_persists_and_applies(qtbot, make_app, mic_factory):
    pc = make_app(mic_factory(), start=False)
    win = pc.window
    win.show_page("settings")
    combo = win.settings_page.theme_combo
    combo.setCurrentIndex(combo.findData("dark"))
    assert pc.services.settings.value.theme == "dark"
    assert win.colors.dark
    assert QApplication.instance().palette().window().color().lightness() < 80
    assert win.theme_actions["dark"].isChecked()
    win.theme_actions["light"].trigger()
    assert pc.services.settings.value.theme == "light"
    assert QApplication.instance().palette().window().color().lightness() > 200
    assert combo.currentData() == "light"


def test_lexicon_view_lists_bad_lines_with_file_and_line(qtbot, make_app, mic_factory):
    pc = make_app(mic_factory(), start=False)
    folder = pc.services.paths.lexicons
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "proof_patterns.txt").write_text("\\bclients\\b\n(?:\\w+\\s*){1,40}\\d\n", encoding="utf-8")
    (folder / "hedges.txt").write_bytes(b"kind of\n\xff oops\n")
    win = pc.window
    win.show_page("settings")
    page = win.settings_page
    qtbot.waitUntil(lambda: len(page.lexicon_problems) == 2, timeout=60000)
    text = page.lexicon_status.text()
    assert f"{folder / 'proof_patterns.txt'} line 2:" in text
    assert f"{folder / 'hedges.txt'} line 2:" in text
    (folder / "hedges.txt").write_text("kind of\n", encoding="utf-8")
    (folder / "proof_patterns.txt").unlink()
    qtbot.mouseClick(page.lexicon_check_button, Qt.MouseButton.LeftButton)  # even while the last check winds down
    qtbot.waitUntil(lambda: "fine" in page.lexicon_status.text(), timeout=60000)
    assert page.lexicon_problems == ()


def test_the_app_starts_with_a_settings_file_that_is_not_utf8_or_nested_deep(qtbot, make_app, mic_factory):
    from pitchcoach.core.paths import app_paths

    settings = app_paths().ensure().settings
    settings.write_bytes(b'{"extra": ' + b"[" * 50_000 + b"]" * 50_000 + b', "theme": "d\xe9rk"}')
    pc = make_app(mic_factory(), start=False)
    pc.window.show_page("settings")
    assert pc.services.settings.value.theme == "system"
    assert settings.with_name("settings.json.corrupt").is_file()


def test_the_device_count_is_a_proper_plural(qtbot, make_app, mic_factory):
    pc = make_app(mic_factory(devices=devices()), start=False)
    pc.window.show_page("settings")
    assert pc.window.settings_page.device_note.text() == "2 input devices found."
    pc.window.close()
    one = make_app(mic_factory(), start=False)
    one.window.show_page("settings")
    assert one.window.settings_page.device_note.text() == "1 input device found."
