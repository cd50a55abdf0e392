"""The start-up prompt for recordings a crash left behind without a saved take."""

from __future__ import annotations

import os
import shutil
import time

from PySide6.QtCore import Qt

from pitchcoach.core.paths import app_paths
from pitchcoach.core.recovery import describe
from pitchcoach.core.storage import TakeStore
from pitchcoach.ui.history_page import UnsavedRecordingsBar


def leftover(store: TakeStore, fixtures_dir, name: str, age_seconds: float):
    """A recording as a crash leaves it: in recordings/, no take row, last written a while ago."""
    path = store.paths.recordings / f"take-leftover-{name}"
    shutil.copyfile(fixtures_dir / name, path)
    old = time.time() - age_seconds
    os.utime(path, (old, old))
    return path


def test_bar_offers_each_leftover_and_discards_to_trash(qtbot, fixtures_dir, analyzer) -> None:
    store = TakeStore(app_paths())
    first = leftover(store, fixtures_dir, "too_short.wav", 3600)
    second = leftover(store, fixtures_dir, "great_pitch.wav", 600)
    recording_now = leftover(store, fixtures_dir, "hard_sell.wav", 600)
    bar = UnsavedRecordingsBar(store)
    qtbot.addWidget(bar)

    assert bar.refresh(exclude=[recording_now]) == 2
    assert not bar.isHidden()
    assert "was not saved" in bar.message.text() and "1 more" in bar.message.text()

    with qtbot.waitSignal(bar.analyse_requested, timeout=2000) as sig:
        qtbot.mouseClick(bar.analyse_button, Qt.MouseButton.LeftButton)
    assert sig.args[0] == first
    # What the main window does with it: analyse and save; the file is adopted, not copied.
    take = store.save_take(analyzer.analyze_file(first), first)
    assert take.audio_path == first

    assert f"A {describe(second).seconds:.1f}-second recording" in bar.message.text()  # now offering the second
    qtbot.mouseClick(bar.discard_button, Qt.MouseButton.LeftButton)
    assert not second.exists() and (store.trash / second.name).exists()
    assert bar.isHidden()
    assert bar.refresh(exclude=[recording_now]) == 0
