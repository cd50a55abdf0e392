"""Issue 15 #15: a recovered take keeps its own time and target, the bar says why, and "Analyse all"."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from pitchcoach.core.recovery import context_path, recording_context
from tests.ui.test_pitch_language import _choose

pytestmark = pytest.mark.slow


def test_recordings_left_by_a_full_database_are_recovered_as_recorded(qtbot, make_app, mic_factory):
    sd = mic_factory("too_short.wav", speed=1.0)
    pc = make_app(sd)
    win = pc.window
    # The user's own target, as the Settings page sets it (a target of their own is the Custom scenario).
    pc.services.settings.update(target_seconds=30, scenario="custom")
    # ...rehearsing from memory against the pitch written on the Practice page (issue 26).
    _choose(qtbot, win.practice.pitch_card.mode, "From memory")
    win.practice.pitch_card.editor.setFocus()
    qtbot.waitUntil(win.practice.pitch_card.editor.hasFocus, timeout=20000)
    qtbot.keyClicks(win.practice.pitch_card.editor, "Hi, I'm Maya. What do you do?")
    # A database problem: SQLite may add no page, as on a full disk, so every save fails.
    conn = pc.services.store()._conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    paths = []
    for _ in range(2):
        sd.source_done.clear()
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
        paths.append(win.practice.recorder.path)
        qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
        # The whole-file pass and its save: final_shown, not outcome_shown (the instant result, shown
        # before the whole-file pass is queued: at a load of 25 the runner was not busy yet, and the
        # check below read the instant outcome, which has no save error).
        with qtbot.waitSignal(win.final_shown, timeout=120000):
            qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not win.runner.busy, timeout=120000)
        assert win.results.outcome.saved_error  # the result was shown, the save failed
    recorded = [recording_context(p).recorded_at for p in paths]
    assert all(r is not None for r in recorded)
    win.close()

    # A day later the target is 20 s and the database is fine again.
    for p in paths:
        old = time.time() - 86400
        os.utime(p, (old, old))
    pc.services.settings.update(target_seconds=20, scenario="networking", rehearsal_mode="off")
    restarted = make_app(mic_factory())
    bar = restarted.window.recovery_bar
    assert bar is not None and bar.isVisible()
    text = bar.message.text()
    assert "could not be saved to your history" in text and "closed unexpectedly" not in text
    assert "1 more" in text and bar.analyse_all_button.isVisible()

    store = restarted.services.store()
    qtbot.mouseClick(bar.analyse_all_button, Qt.MouseButton.LeftButton)
    assert bar.isHidden()
    qtbot.waitUntil(lambda: len(store.list()) == 2 and not restarted.window.runner.busy, timeout=240000)
    takes = sorted(store.list(), key=lambda t: t.created_at)
    # Dated when recorded (not a day later, when analysed), scored against the target of the time.
    for take, when, path in zip(takes, recorded, paths, strict=True):
        assert take.audio_path == path
        assert abs(take.created_at - when) < timedelta(seconds=1)
        assert (take.target_seconds, take.scenario) == (30, "custom")  # not the networking picked since
        # Held against the script it was said against, though rehearsing is off now.
        rehearsal = take.result.rehearsal
        assert rehearsal is not None and rehearsal["mode"] == "from_memory"
        assert [p["text"] for p in rehearsal["key_points"]] == ["Hi, I'm Maya.", "What do you do?"]
        assert not recording_context(path).reason and not context_path(path).exists()  # saved: note gone


def test_the_context_file_is_private_whatever_the_umask(qtbot, make_app, mic_factory):
    """Issue 23: at umask 0 the context file beside a recording was 0666 until the next start."""
    sd = mic_factory("too_short.wav", speed=1.0)
    pc = make_app(sd)
    win = pc.window
    old = os.umask(0)
    try:
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
        context = context_path(win.practice.recorder.path)
        assert context.is_file()
        assert context.stat().st_mode & 0o777 == 0o600
        assert win.practice.recorder.path.stat().st_mode & 0o777 == 0o600  # as the recording itself
        qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
        with qtbot.waitSignal(win.final_shown, timeout=120000):
            qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    finally:
        os.umask(old)
    assert not context.exists()  # saved: the row holds the time and target
