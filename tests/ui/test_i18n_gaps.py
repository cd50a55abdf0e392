"""The last English in the Chinese interface (issue 25): history failures, Qt's own file dialog, the
Practice timer's unit, and a Chinese script rehearsed while the pitch language is English."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import Settings, save_settings
from pitchcoach.core.storage import TakeStore
from pitchcoach.ui import i18n
from tests.fakes import FakeSoundDevice
from tests.ui import test_i18n
from tests.ui.test_i18n import FIXTURES, click_page, english_left


@pytest.fixture
def chinese_on_a_tiny_disk(pitchcoach_home: Path) -> Iterator[Path]:
    """The data folder on a real 2 MB filesystem (as the storage tests' full disk), the interface in Chinese."""
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(pitchcoach_home)], check=True)
    paths = app_paths(pitchcoach_home).ensure()
    save_settings(paths.settings, Settings(ui_language="zh_CN"))
    yield pitchcoach_home
    app = QApplication.instance()
    assert app is not None
    i18n.apply_ui_language(app, "en")
    subprocess.run(["umount", "-l", str(pitchcoach_home)], check=False)


chinese = test_i18n.chinese  # the interface set to zh_CN, and back to English afterwards


def _fill_disk(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # take every free byte
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_delete_on_a_full_disk_is_explained_in_chinese(qtbot, chinese_on_a_tiny_disk, make_app, analyzer) -> None:
    """Issue 25: 'Could not delete the take: the disk is full…' was English in the Chinese History page."""
    store = TakeStore(app_paths(chinese_on_a_tiny_disk))
    silence = analyzer.analyze_file(FIXTURES / "silence.wav")
    for i in range(3):
        store.save_take(silence, np.full(1600, 0.01 * (i + 1), dtype=np.float32), note=f"n{i}")
    store.close()
    win = make_app(FakeSoundDevice()).window
    click_page(qtbot, win, 2)
    qtbot.waitUntil(lambda: win.history_page is not None and win.history_page.proxy.rowCount() == 3)
    page = win.history_page
    page.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL: the delete must grow it
    filler = _fill_disk(chinese_on_a_tiny_disk)
    try:
        viewport = page.table.viewport()
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, pos=page.table.visualRect(page.proxy.index(0, 0)).center()
        )
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.error_banner.isVisible())
        shown = page.error_banner.text()
    finally:
        filler.unlink()
    assert "无法删除这次练习：磁盘已满" in shown and "请腾出一些空间" in shown, shown
    assert english_left(shown) == [], shown
    assert page.proxy.rowCount() == 3  # nothing was deleted


def test_the_practice_timer_says_its_unit_in_chinese_and_fits(qtbot, make_app, chinese) -> None:
    """Issue 25: the big timer read '0.0 s / 20 s' in the Chinese interface."""
    win = make_app(FakeSoundDevice()).window
    timer = win.practice.time_label
    assert timer.text() == " 0.0 秒  /  20 秒"
    assert timer.fontMetrics().horizontalAdvance(timer.text()) <= timer.contentsRect().width()


def test_the_practice_timer_is_unchanged_in_english(qapp) -> None:
    from pitchcoach.ui.practice_page import timer_text

    assert timer_text(0.0, 20) == " 0.0 s  /  20 s"
    assert timer_text(12.34, 45) == "12.3 s  /  45 s"
