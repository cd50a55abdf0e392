"""Compare dialog: two takes recorded within one minute are told apart by number, seconds and score."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPoint, Qt

from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from pitchcoach.ui.compare_dialog import CompareDialog
from pitchcoach.ui.history_page import HistoryPage


def _row_point(page: HistoryPage, row: int) -> QPoint:
    return page.table.visualRect(page.proxy.index(row, 0)).center()


def test_compare_two_takes_from_the_same_minute(qtbot, analyzer, fixtures_dir) -> None:
    now = [datetime(2026, 11, 30, 13, 23, 5, tzinfo=UTC)]
    store = TakeStore(app_paths(), clock=lambda: now[0])
    first = store.save_take(analyzer.analyze_file(fixtures_dir / "hard_sell.wav"), fixtures_dir / "hard_sell.wav")
    now[0] += timedelta(seconds=41)
    second = store.save_take(analyzer.analyze_file(fixtures_dir / "great_pitch.wav"), fixtures_dir / "great_pitch.wav")

    page = HistoryPage(store)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    # As a user does: click one row, Ctrl+click the other, then press Compare.
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_row_point(page, 0))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, _row_point(page, 1))
    assert page.compare_button.isEnabled()
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in page.findChildren(CompareDialog) if w.isVisible()]
    assert len(dialogs) == 1
    a_text, b_text = (lbl.text() for lbl in dialogs[0].title_labels)
    assert a_text != b_text
    a, b = store.get(first.id), store.get(second.id)
    assert f"take #{a.id}" in a_text and f"take #{b.id}" in b_text
    assert a.created_at.astimezone().strftime("%H:%M:%S") in a_text
    assert b.created_at.astimezone().strftime("%H:%M:%S") in b_text
    assert f"{a.overall} ({a.band})" in a_text and f"{b.overall} ({b.band})" in b_text
    dialogs[0].close()


def test_compare_two_mandarin_takes(qtbot, zh_fixture_analysis, fixtures_dir) -> None:
    """Issue 24: two real Mandarin takes compared from History: the words that changed are marked, and the
    Chinese is shown as it is written, without spaces."""
    import re

    from pitchcoach.core.report import build_progress_report, render_csv

    now = [datetime(2026, 12, 1, 9, 0, tzinfo=UTC)]
    store = TakeStore(app_paths(), clock=lambda: now[0])
    for name in ("hard_sell", "good_pitch"):
        store.save_take(zh_fixture_analysis(name), fixtures_dir / "zh" / f"{name}.wav")
        now[0] += timedelta(minutes=3)
    page = HistoryPage(store)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_row_point(page, 0))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, _row_point(page, 1))
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    [dialog] = [w for w in page.findChildren(CompareDialog) if w.isVisible()]
    html = dialog.diff_view.toHtml()
    text = dialog.diff_view.toPlainText()
    assert "line-through" in html  # words of take A that take B dropped or replaced are struck through
    assert re.search(r"[\u4e00-\u9fff]{8}", text) and not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text), text
    dialog.close()

    # The CSV of the same history: each take's language, and its pace in characters per minute.
    rows = list(csv.DictReader(io.StringIO(render_csv(build_progress_report(store.list())))))
    assert [r["language"] for r in rows] == ["zh", "zh"]
    for r in rows:
        if r["status"] == "scored":
            assert r["pace_unit"] == "cpm" and 100 < float(r["pace"]) < 400 and r["wpm"] == ""
    store.close()
