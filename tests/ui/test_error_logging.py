"""An ordinary user error (opening a file that isn't audio) is logged as INFO, without a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox


def test_opening_a_text_file_logs_one_info_line_and_no_traceback(
    qtbot, make_app, mic_factory, monkeypatch, caplog, tmp_path: Path
):
    import pitchcoach.ui.main_window as mw

    notes = tmp_path / "notes.wav"
    notes.write_text("Meeting notes, not a recording.\n" * 40)
    # The native file dialog is the edge: it "returns" the file the user picked.
    monkeypatch.setattr(mw, "ask_audio_file", lambda *a, **k: notes)
    win = make_app(mic_factory()).window
    caplog.set_level(logging.INFO, logger="pitchcoach")
    with qtbot.waitSignal(win.message_shown, timeout=30000) as shown:
        qtbot.keyClick(win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert "notes.wav is a text file, not a recording" in shown.args[0]
    about_it = [r for r in caplog.records if "notes.wav" in r.getMessage() or "open" in r.getMessage()]
    assert about_it, [r.getMessage() for r in caplog.records]
    assert all(r.levelno <= logging.INFO for r in about_it), [(r.levelname, r.getMessage()) for r in about_it]
    assert not [r for r in caplog.records if r.exc_info], "a user error was logged with a traceback"


def test_the_same_error_reads_in_chinese_in_the_chinese_interface(
    qtbot, make_app, mic_factory, monkeypatch, pitchcoach_home, tmp_path: Path
):
    """Issue 25: the message was core's English sentence under a Chinese title."""
    import pitchcoach.ui.main_window as mw
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.settings import Settings, save_settings
    from pitchcoach.ui import i18n

    save_settings(app_paths(pitchcoach_home).ensure().settings, Settings(ui_language="zh_CN"))
    notes = tmp_path / "notes.wav"
    notes.write_text("Meeting notes, not a recording.\n" * 40)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    picked = [notes]
    monkeypatch.setattr(mw, "ask_audio_file", lambda *a, **k: picked[0])
    try:
        win = make_app(mic_factory()).window
        with qtbot.waitSignal(win.message_shown, timeout=30000) as shown:  # decoded on a worker
            qtbot.keyClick(win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        assert "notes.wav 是一个文本文件，不是录音" in shown.args[0]
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        qtbot.mouseClick(box.buttons()[0], Qt.MouseButton.LeftButton)  # the user reads it and closes it
        picked[0] = empty
        win.activateWindow()  # back in the window (offscreen, closing the box leaves no window active)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
        with qtbot.waitSignal(win.message_shown, timeout=30000) as shown:  # refused before any decode
            qtbot.keyClick(win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        assert "empty.wav 是空文件" in shown.args[0]
    finally:
        app = QApplication.instance()
        assert app is not None
        i18n.apply_ui_language(app, "en")
