"""The window fits the screen it opens on, and its pages hold their layout when made small."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QScrollArea, QWidget

from pitchcoach.core import session as svc
from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import Settings, SettingsStore, save_settings
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.team.service import TeamService
from pitchcoach.ui import i18n
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
    qtbot.waitUntil(lambda: win.size() == win.minimumSize(), timeout=20000)
    p = win.practice
    parts = [p.record_button, p.timer_bar, p.time_label, p.state_label, p.meter]
    for w in parts:
        assert w.isVisible()
        assert w.height() >= w.minimumSizeHint().height(), (w.objectName() or type(w).__name__, w.height())
    rects = [_rect_in(p, w) for w in parts]
    for i, a in enumerate(rects):
        for j, b in enumerate(rects[i + 1 :], i + 1):
            assert not a.intersects(b), (type(parts[i]).__name__, type(parts[j]).__name__, a, b)


def _within_viewport(scroll: QScrollArea, w: QWidget) -> bool:
    view = scroll.viewport()
    left = w.mapTo(view, w.rect().topLeft()).x()
    return left >= 0 and left + w.width() <= view.width()


@pytest.mark.parametrize(("width", "height"), [(1040, 760), (800, 600)])
def test_results_page_fits_the_window_without_a_horizontal_scrollbar(
    qtbot, make_app, mic_factory, analyzer, fixtures_dir, width, height
):
    # Issue 21: at the default 1040x760 the Timing card and Try again were cut off behind a horizontal
    # scrollbar, and at 800x600 the Listener focus card too.
    win = make_app(mic_factory()).window
    win.resize(width, height)
    qtbot.waitUntil(lambda: win.size().width() == width, timeout=20000)
    res = win.results
    for fixture in ("great_pitch.wav", "too_long.wav"):
        win.show_outcome(svc.analyze_file_keeping_audio(analyzer, fixtures_dir / fixture, 20.0))
        qtbot.waitUntil(lambda: win.current_page() == "results", timeout=20000)
        qtbot.wait(50)  # one layout pass after the fill
        scroll = res.scroll_area
        assert not scroll.horizontalScrollBar().isVisible(), (fixture, res.body.minimumSizeHint())
        cards = [res.clarity_card, res.listener_card, res.timing_card, res.structure_card]
        for w in [*cards, res.dial, res.try_button, res.export_button, res.title]:
            assert w.isVisible()
            assert _within_viewport(scroll, w), (fixture, type(w).__name__, w.geometry())
            assert w.width() >= w.minimumSizeHint().width(), (fixture, type(w).__name__, res.scores_row.columns)
        for bar in [*res.clarity_card.bars.values(), *res.listener_card.bars.values(), res.timing_card.bar]:
            assert _within_viewport(scroll, bar)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_page_fits_800_px_in_either_language(
    qtbot, make_app, mic_factory, pitchcoach_home, tmp_path, analyzer, fixtures_dir, language
):
    """At 800x600 no page needs more width than the window gives it: the scrolling pages show no horizontal
    scrollbar, the others are not squeezed below their minimum (Settings' target hint, one ~620-px line,
    pushed its page past the window)."""
    paths = app_paths(pitchcoach_home).ensure()
    save_settings(paths.settings, Settings(ui_language=language))
    # A take whose costliest issue has a long name: History's cards show it ("No benefit named").
    store = TakeStore(paths)
    store.save_take(analyzer.analyze_file(fixtures_dir / "jargon_heavy.wav"), fixtures_dir / "jargon_heavy.wav")
    store.close()
    (tmp_path / "team").mkdir()
    TeamService(SettingsStore(paths.settings), paths.root / "team-cache").join(tmp_path / "team", "Carol", "none")
    try:
        win = make_app(mic_factory()).window
        win.resize(800, 600)
        qtbot.waitUntil(lambda: win.size().width() == 800, timeout=20000)
        nav = win.nav
        for key in ("practice", "history", "settings", "team", "drills"):
            row = win.pages.keys.index(key)
            qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center())
            assert win.current_page() == key
            if key == "drills":  # its figures are read on a worker: judge the page once they are shown
                qtbot.waitUntil(lambda: win.drills.overview is not None, timeout=30000)
            qtbot.wait(50)  # one layout pass after the page is filled
            page = win.pages.stack.widget(row)
            if isinstance(page, QScrollArea):
                assert not page.horizontalScrollBar().isVisible(), (key, page.widget().minimumSizeHint())
            else:
                assert page.width() >= page.minimumSizeHint().width(), (key, page.width(), page.minimumSizeHint())
    finally:
        app = QApplication.instance()
        assert app is not None
        i18n.apply_ui_language(app, "en")
