"""The History page's trend chart, driven as a user does, on real fixture analyses (issue 15, items 3, 6, 7, 13)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.storage import TakeStore
from pitchcoach.ui.history_page import HistoryPage
from tests.speech import FIXTURES

START = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
# (day, minutes into the session, fixture, target): three days, sessions of takes minutes apart.
PLAN = [
    (0, 0, "filler_heavy", 20),
    (0, 4, "hard_sell", 20),
    (0, 9, "great_pitch", 20),
    (1, 0, "jargon_heavy", 20),
    (1, 3, "too_long", 20),  # about 55 s of speech among ~20 s takes: the outlier
    (1, 7, "great_pitch", 20),
    (3, 0, "filler_heavy", 30),
    (3, 5, "great_pitch", 30),
]


@pytest.fixture(scope="module")
def analyses(analyzer):
    wanted = {(n, t) for _d, _m, n, t in PLAN} | {("silence", 20)}
    return {(n, t): analyzer.analyze_file(FIXTURES / f"{n}.wav", t) for n, t in wanted}


def fill(analyses, plan=PLAN) -> TakeStore:
    store = TakeStore(app_paths())
    for day, minute, name, target in plan:
        when = START + timedelta(days=day, minutes=minute)
        store.save_take(analyses[(name, target)], FIXTURES / f"{name}.wav", created_at=when)
    return store


def settings_with_target(seconds: float) -> SettingsStore:
    settings = SettingsStore(app_paths().ensure().settings)
    settings.update(target_seconds=seconds)
    return settings


def shown_page(qtbot, store, settings=None) -> HistoryPage:
    page = HistoryPage(store, settings=settings)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # key presses and focus need an active window
    qtbot.wait(20)  # let the layouts settle before clicks land by position
    return page


def axis_labels(axis) -> list[str]:
    """The labels the axis really paints (pyqtgraph drops some that it would otherwise show)."""
    img = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(img)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in texts]


def test_trend_is_plotted_by_take_with_dates_at_day_starts_and_by_date_on_request(qtbot, analyses) -> None:
    store = fill(analyses)
    page = shown_page(qtbot, store)
    data = page.chart_data()
    n = len(PLAN)
    # Take order: every take one step, however close in time (three takes in nine minutes).
    x, y = page.overall_curve.getData()
    np.testing.assert_array_equal(x, np.arange(1, n + 1))
    local_days = [(START + timedelta(days=d)).astimezone().strftime("%-d %b") for d in (0, 1, 3)]
    assert [label for _take, label in data["day_labels"]] == local_days
    assert axis_labels(page.chart.speech_axis) == local_days
    assert "00.100" not in " ".join(axis_labels(page.chart.speech_axis))

    qtbot.mouseClick(page.trend.by_date, Qt.MouseButton.LeftButton)
    x, _ = page.overall_curve.getData()
    np.testing.assert_array_equal(x, [(START + timedelta(days=d, minutes=m)).timestamp() for d, m, *_ in PLAN])
    qtbot.mouseClick(page.trend.by_take, Qt.MouseButton.LeftButton)
    x, _ = page.overall_curve.getData()
    np.testing.assert_array_equal(x, np.arange(1, n + 1))


def test_long_take_is_clipped_to_a_marker_whose_tooltip_gives_its_length(qtbot, analyses) -> None:
    store = fill(analyses)
    page = shown_page(qtbot, store)
    data = page.chart_data()
    speech = data["speech_seconds"]
    longest = float(np.nanmax(speech))
    assert longest > 45  # the outlier is really there
    top = page.chart.speech_plot.viewRange()[1][1]
    assert top < longest * 0.8  # the axis is not stretched to fit it...
    usual = np.sort(speech[np.isfinite(speech)])[:-1]
    assert top > usual.max()  # ...but every other take fits
    assert data["clipped"] == [(5, pytest.approx(longest))]
    _, drawn = page.chart.speech_curve.getData()
    assert drawn[4] == pytest.approx(data["speech_top"])  # the line goes to the edge, not off it

    # Hover the triangle as a user would: the tooltip gives the real length.
    marks = page.chart.clipped_marks
    assert len(marks.points()) == 1
    spot = marks.points()[0]
    view_pos = page.chart.mapFromScene(marks.mapToScene(QPointF(spot.pos().x(), spot.pos().y())))
    for dx in (-30, -3, 0):  # from beside the marker onto it, as a pointer arrives
        qtbot.mouseMove(page.chart.viewport(), view_pos + QPoint(dx, 0))
        qtbot.wait(40)
    qtbot.waitUntil(lambda: "Take 5" in page.chart.speech_plot.vb.toolTip(), timeout=20000)
    assert f"{longest:.1f} s" in page.chart.speech_plot.vb.toolTip()


def test_target_line_is_the_current_setting_unclipped_and_other_targets_are_named(qtbot, analyses) -> None:
    store = fill(analyses)  # six takes at 20 s, then two at 30 s: the median of past targets is 20
    page = shown_page(qtbot, store, settings_with_target(25))
    assert page.target_line.value() == 25
    assert page.target_line.label.toPlainText() == "Target 25 s"
    note = page.trend.target_note.text()
    assert "25 s, your current setting" in note
    assert "6 takes against 20 s" in note and "2 takes against 30 s" in note
    # The label is drawn whole inside the plot, not cut off by its edge.
    for line, plot in ((page.target_line, page.chart.speech_plot), (page.best_line, page.chart.score_plot)):
        text = line.label.mapRectToScene(line.label.boundingRect())
        assert plot.vb.sceneBoundingRect().contains(text), line.label.toPlainText()

    # Only the takes timed against another target are named.
    page2 = shown_page(qtbot, store, settings_with_target(20))
    assert page2.target_line.value() == 20
    assert page2.trend.target_note.text().endswith("different target: 2 takes against 30 s.")


def test_target_changed_in_settings_shows_on_history(qtbot, make_app, mic_factory, analyses) -> None:
    fill(analyses, PLAN[:3])
    win = make_app(mic_factory()).window
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert win.history_page.target_line.value() == 20
    assert win.history_page.trend.target_note.text() == "Target line: 20 s, your current setting."
    win.show_page("settings")
    spin = win.settings_page.target_spin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "30")
    qtbot.keyClick(spin, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: win.services.settings.value.target_seconds == 30, timeout=20000)
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = win.history_page
    assert page.target_line.value() == 30
    assert "3 takes against 20 s" in page.trend.target_note.text()


# The chart is sized even while hidden: all-NaN points made pyqtgraph warn "All-NaN slice".
@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_empty_history_shows_an_empty_state_not_empty_axes(qtbot, analyses) -> None:
    page = shown_page(qtbot, TakeStore(app_paths()))
    assert page.trend.empty.isVisible() and not page.chart.isVisible()
    assert "charted here" in page.trend.empty.text()
    assert not page.trend.by_take.isVisible()
    # Only an unscored take (silence): still nothing to chart, and it says why.
    store = fill(analyses, [(0, 0, "silence", 20)])
    page.refresh()
    assert page.trend.empty.isVisible() and "None of your takes could be scored" in page.trend.empty.text()
    # The first scored take brings the chart back.
    store.save_take(analyses[("great_pitch", 20)], FIXTURES / "great_pitch.wav", created_at=START + timedelta(days=1))
    page.refresh()
    assert page.chart.isVisible() and not page.trend.empty.isVisible()


def test_dark_theme_from_the_menu_restyles_the_history_chart(qtbot, make_app, mic_factory, analyses) -> None:
    fill(analyses, PLAN[:3])
    win = make_app(mic_factory()).window
    win.set_theme("light", save=False)
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    chart = win.history_page.chart
    light_bg = chart.backgroundBrush().color().name()
    assert QApplication.instance().palette().window().color().lightness() > 128

    view = win.menuBar().actions()[1].menu()  # &View
    theme = next(a.menu() for a in view.actions() if a.menu() is not None and a.text() == "Theme")
    next(a for a in theme.actions() if a.text() == "Dark").trigger()
    qtbot.wait(50)
    assert win.services.settings.value.theme == "dark"
    assert chart.backgroundBrush().color().name() == win.colors.card.name() != light_bg
    assert chart.backgroundBrush().color().lightness() < 80
    assert chart.score_plot.getAxis("left").textPen().color().lightness() > 128  # light text on dark
    # What is painted is dark too: sample the chart's pixels.
    img = chart.grab().toImage()
    dark = sum(
        img.pixelColor(x, y).lightness() < 90 for x in range(5, img.width(), 37) for y in range(5, img.height(), 29)
    )
    total = len(range(5, img.width(), 37)) * len(range(5, img.height(), 29))
    assert dark > total * 0.8


def select_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_delete_key_selects_the_next_take_and_undo_hides_the_bar(qtbot, analyses) -> None:
    store = fill(analyses, PLAN[:4])
    page = shown_page(qtbot, store)
    table = page.table
    before = [page.proxy.take_id(r) for r in range(page.proxy.rowCount())]
    select_row(qtbot, table, 1)
    assert table.hasFocus() and page.selected_ids() == [before[1]]

    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert store.count() == 3 and page.undo_bar.isVisible()
    assert page.selected_ids() == [before[2]]  # the next take moved up into its place
    assert table.hasFocus() and table.currentIndex().row() == 1

    select_row(qtbot, table, 2)  # the last row: after deleting it, the new last row is selected
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert page.selected_ids() == [before[2]] and table.hasFocus()

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert store.count() == 3
    assert not page.undo_bar.isVisible()  # nothing more to say: the take is back, and selected
    assert page.selected_ids() == [before[3]]
