"""An ordinary user error (opening a file that isn't audio) is logged as INFO, without a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt


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
