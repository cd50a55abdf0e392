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

    with qtbot.waitSignal(bar.analyse_requested, timeout=20000) as sig:
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


def test_bar_gives_the_reason_in_the_chinese_interface(qtbot, qapp, fixtures_dir) -> None:
    """Issue 25: 'it could not be saved to your history (…)' stayed English inside the Chinese sentence.
    The reason is kept as the app keeps it after a failed save: in English and as a catalog message,
    with the storage error's own message nested."""
    from pitchcoach.core.messages import msg
    from pitchcoach.core.recovery import note_unsaved
    from pitchcoach.ui import i18n

    store = TakeStore(app_paths())
    path = leftover(store, fixtures_dir, "great_pitch.wav", 600)
    full = msg("storage.cannot_open", db="/data/pitchcoach.sqlite3", reason="No space left on device")
    note_unsaved(path, "it could not be saved to your history (…)", msg("recovery.not_saved", error=full))
    try:
        i18n.apply_ui_language(qapp, "zh_CN")
        bar = UnsavedRecordingsBar(store)
        qtbot.addWidget(bar)
        bar.refresh()
        text = bar.message.text()
    finally:
        i18n.apply_ui_language(qapp, "en")
        store.close()
    assert "无法保存到你的历史记录（无法打开位于 /data/pitchcoach.sqlite3 的历史数据库" in text, text
    assert "could not be saved" not in text
