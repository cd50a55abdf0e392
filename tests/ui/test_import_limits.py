"""Issue 23 through the app's own import path (Open audio file…): a 3-hour file is refused with the
limit in the message and nothing kept; a FIFO or a loop of links is named for what it is, and the
window never waits on the FIFO."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt

pytestmark = pytest.mark.slow


def _open_via_button(qtbot, pc, monkeypatch, path: Path) -> str:
    import pitchcoach.ui.main_window as mw

    # The native file dialog is the edge: the user picks ``path`` in it.
    monkeypatch.setattr(mw, "ask_audio_file", lambda *a, **k: path)
    win = pc.window
    with qtbot.waitSignal(win.message_shown, timeout=120000) as shown:
        qtbot.mouseClick(win.practice.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=60000)
    return str(shown.args[0])


def test_a_three_hour_file_is_refused_with_the_limit_and_nothing_is_kept(
    qtbot, make_app, mic_factory, monkeypatch, tmp_path
):
    path = tmp_path / "all_day_meeting.flac"
    minute = np.zeros(16000 * 60, np.int16)
    with sf.SoundFile(str(path), "w", samplerate=16000, channels=1, subtype="PCM_16", format="FLAC") as f:
        for _ in range(180):
            f.write(minute)
    pc = make_app(mic_factory())
    before = sorted(pc.services.paths.recordings.iterdir())

    message = _open_via_button(qtbot, pc, monkeypatch, path)

    assert "all_day_meeting.flac is 3 h 0 min long" in message
    assert "up to 3 minutes" in message and "Cut out the part with your introduction" in message
    assert pc.window.outcome is None and pc.services.store().list() == []
    assert sorted(pc.services.paths.recordings.iterdir()) == before  # no copy of it kept
    assert pc.window.practice.import_button.isEnabled()


@pytest.mark.parametrize("kind", ["fifo", "loop"])
def test_a_fifo_or_a_loop_of_links_is_named_and_the_window_does_not_wait(
    qtbot, make_app, mic_factory, monkeypatch, tmp_path, kind
):
    path = tmp_path / "take.wav"
    if kind == "fifo":
        os.mkfifo(path)
        expected = "take.wav is a named pipe (FIFO), not a file"
    else:
        path.symlink_to(tmp_path / "other.wav")
        (tmp_path / "other.wav").symlink_to(path)
        expected = "take.wav is a symbolic link that leads round in a loop"
    pc = make_app(mic_factory())

    message = _open_via_button(qtbot, pc, monkeypatch, path)

    assert expected in message
    assert "File not found" not in message and "empty (0 bytes)" not in message
    assert pc.window.outcome is None and pc.services.store().list() == []
    assert pc.window.practice.import_button.isEnabled()
