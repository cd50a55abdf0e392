"""The window fits the screen it opens on, and its pages hold their layout when made small."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QMainWindow, QWidget

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import SettingsStore
from pitchcoach.ui.desktop import available_area, saved_geometry


def test_a_size_saved_on_a_bigger_screen_is_clamped_to_this_one(qtbot, make_app, mic_factory, pitchcoach_home):
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(0, 0, 3000, 2200)  # e.g. saved on a 4K monitor, or before switching to 200 %
    SettingsStore(app_paths(pitchcoach_home).ensure().settings).update(window_geometry=saved_geometry(big))
    win = make_app(mic_factory()).window
    area = available_area(win)
    assert area is not None
    assert area.contains(win.frameGeometry()), (win.frameGeometry(), area)
    assert win.minimumWidth() <= area.width() and win.minimumHeight() <= area.height()


def _rect_in(page: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(page, w.rect().topLeft()), w.size())


def test_practice_page_at_the_smallest_window_keeps_its_parts_apart(qtbot, make_app, mic_factory):
    win = make_app(mic_factory()).window
    win.resize(win.minimumSize())
    qtbot.waitUntil(lambda: win.size() == win.minimumSize(), timeout=5000)
    p = win.practice
    parts = [p.record_button, p.timer_bar, p.time_label, p.state_label, p.meter]
    for w in parts:
        assert w.isVisible()
        assert w.height() >= w.minimumSizeHint().height(), (w.objectName() or type(w).__name__, w.height())
    rects = [_rect_in(p, w) for w in parts]
    for i, a in enumerate(rects):
        for j, b in enumerate(rects[i + 1 :], i + 1):
            assert not a.intersects(b), (type(parts[i]).__name__, type(parts[j]).__name__, a, b)
