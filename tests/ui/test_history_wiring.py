"""The practice window's links to the history, recovery and report export (teammates' pages)."""

from __future__ import annotations

import os
import shutil
import time

from PySide6.QtCore import Qt

from tests.speech import FIXTURES


def test_take_lands_in_history_and_opens_again(qtbot, make_app, mic_factory):
    from pitchcoach.ui.history_page import HistoryPage

    win = make_app(mic_factory()).window
    with qtbot.waitSignal(win.outcome_shown, timeout=60000) as blocker:
        win.analyze_path(FIXTURES / "hard_sell.wav")
    first = blocker.args[0]
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page() == "history"
    assert isinstance(win.history_page, HistoryPage)
    take = win.services.store().get(first.take_id)
    with qtbot.waitSignal(win.outcome_shown, timeout=10000) as blocker:
        win.history_page.open_take.emit(take)
    again = blocker.args[0]
    assert win.current_page() == "results"
    assert again.take_id == first.take_id
    assert again.analysis.result.overall == first.analysis.result.overall
    assert len(again.audio16k) > 0  # the stored audio plays again


def test_export_report_writes_the_file_and_opens_its_folder(qtbot, make_app, mic_factory, tmp_path):
    pc = make_app(mic_factory())
    win = pc.window
    assert not win.export_action.isEnabled()  # nothing to export before the first take
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        win.analyze_path(FIXTURES / "great_pitch.wav")
    target = tmp_path / "my report.html"
    win.export_options = {"ask_path": lambda *a: (str(target), "")}
    assert win.export_action.isEnabled()
    win.export_action.trigger()
    with qtbot.waitSignal(win.last_export.finished, timeout=30000):
        pass
    html = target.read_text()
    assert "Hi, I'm Sam" in html or "Sam" in html
    job = win.last_export
    qtbot.waitUntil(lambda: job.confirmation is not None and job.confirmation.isVisible(), timeout=20000)
    show = next(b for b in job.confirmation.buttons() if b.text() == "Show in folder")
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert pc.opened[-1] == tmp_path


def test_unsaved_recording_from_a_crash_is_offered_and_analysed(qtbot, make_app, mic_factory, pitchcoach_home):
    from pitchcoach.core.paths import app_paths

    paths = app_paths(pitchcoach_home).ensure()
    orphan = paths.recordings / "take-20260101-090000-abcdef.wav"
    shutil.copy(FIXTURES / "too_short.wav", orphan)
    old = time.time() - 3600  # left by a crash an hour ago
    os.utime(orphan, (old, old))
    pc = make_app(mic_factory())
    win = pc.window
    qtbot.waitUntil(lambda: win.recovery_bar is not None and win.recovery_bar.isVisible(), timeout=10000)
    assert "was not saved" in win.recovery_bar.message.text()
    with qtbot.waitSignal(win.outcome_shown, timeout=60000) as blocker:
        qtbot.mouseClick(win.recovery_bar.analyse_button, Qt.MouseButton.LeftButton)
    outcome = blocker.args[0]
    assert outcome.take_id is not None
    assert win.services.store().get(outcome.take_id).audio_path.is_file()
    assert not win.recovery_bar.isVisible()
    assert win.check_unsaved_recordings() == 0


def test_history_take_whose_audio_is_gone_still_opens_and_says_why(qtbot, make_app, mic_factory):
    win = make_app(mic_factory()).window
    with qtbot.waitSignal(win.outcome_shown, timeout=60000) as blocker:
        win.analyze_path(FIXTURES / "too_short.wav")
    take = win.services.store().get(blocker.args[0].take_id)
    take.audio_path.unlink()  # e.g. deleted by hand outside the app
    with qtbot.waitSignal(win.outcome_shown, timeout=10000) as blocker:
        win.show_take(take)
    outcome = blocker.args[0]
    assert outcome.problem and "could not be read" in outcome.problem
    assert win.results.problem.isVisible()
    assert win.results.clarity_card.value.text() == str(take.clarity)


def test_progress_report_for_a_period(qtbot, make_app, mic_factory, tmp_path):
    from datetime import date

    pc = make_app(mic_factory())
    win = pc.window
    win.progress_action.trigger()  # no takes yet: says so instead of an empty report
    assert "Nothing to report yet" in win.last_message
    win._message_box.accept()
    for name in ("too_short.wav", "great_pitch.wav"):
        with qtbot.waitSignal(win.outcome_shown, timeout=60000):
            win.analyze_path(FIXTURES / name)
    target = tmp_path / "progress.csv"
    win.export_options = {"ask_path": lambda *a: (str(target), "")}
    win.progress_action.trigger()
    dlg = win.period_dialog
    assert dlg.isVisible() and dlg.period() == (date.today(), date.today())
    dlg.accept()
    with qtbot.waitSignal(win.last_export.finished, timeout=30000):
        pass
    import csv

    rows = list(csv.DictReader(target.open()))
    assert len(rows) == 2
    job = win.last_export
    qtbot.waitUntil(lambda: job.confirmation is not None and job.confirmation.isVisible(), timeout=20000)
    show = next(b for b in job.confirmation.buttons() if b.text() == "Show in folder")
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert pc.opened[-1] == tmp_path
