"""History page, table model and compare dialog, on a store of real fixture analyses."""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from pitchcoach.core import progress
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.progress import Series
from pitchcoach.core.storage import TakeStore
from pitchcoach.ui.history_model import (
    COL_BAND,
    COL_DATE,
    COL_DURATION,
    COL_LANGUAGE,
    COL_NOTE,
    COL_OVERALL,
    HistoryFilterModel,
    HistoryTableModel,
    SortRole,
    TakeIdRole,
)
from pitchcoach.ui.history_page import MEDIAN_WINDOW, HistoryPage

ORDER = ["hard_sell", "filler_heavy", "silence", "jargon_heavy", "great_pitch", "filler_heavy", "great_pitch"]
NOTES = {1: "after coffee", 4: "felt calm", 6: "after coffee, standing"}


@pytest.fixture(scope="module")
def analyses(analyzer, fixtures_dir):
    return {n: analyzer.analyze_file(fixtures_dir / f"{n}.wav") for n in set(ORDER)}


@pytest.fixture
def store(analyses, fixtures_dir) -> TakeStore:
    now = [datetime(2026, 10, 1, 17, 0, tzinfo=UTC)]
    s = TakeStore(app_paths(), clock=lambda: now[0])
    for i, name in enumerate(ORDER):
        s.save_take(analyses[name], fixtures_dir / f"{name}.wav", note=NOTES.get(i, ""))
        now[0] += timedelta(days=1, hours=1)
    return s


def display(model, row: int, col: int) -> str:
    return model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)


def test_table_model_rows_cells_and_sort(store) -> None:
    model = HistoryTableModel()
    model.set_rows(store.summaries())
    takes = store.list()  # newest first, like the summaries
    assert model.rowCount() == len(ORDER) and model.columnCount() == 8
    for row, take in enumerate(takes):
        assert model.data(model.index(row, 0), TakeIdRole) == take.id
        assert display(model, row, COL_DATE) == take.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        assert display(model, row, COL_DURATION) == f"{take.speech_seconds:.1f} s"
        assert display(model, row, COL_OVERALL) == ("—" if take.overall is None else str(take.overall))
        assert display(model, row, COL_BAND) == (take.band or "Not scored")
        assert display(model, row, COL_LANGUAGE) == "English"
        assert display(model, row, COL_NOTE) == take.note

    model.sort(COL_OVERALL, Qt.SortOrder.DescendingOrder)
    keys = [model.data(model.index(r, COL_OVERALL), SortRole) for r in range(model.rowCount())]
    assert keys == sorted(keys, reverse=True) and keys[-1] == -1  # the unscored take sinks to the bottom
    assert display(model, model.rowCount() - 1, COL_BAND) == "Not scored"
    model.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert [model.take_id(r) for r in range(model.rowCount())] == [t.id for t in reversed(takes)]
    # Reloading (after a save or delete) keeps the order the user chose.
    model.sort(COL_OVERALL, Qt.SortOrder.AscendingOrder)
    before = [model.take_id(r) for r in range(model.rowCount())]
    model.set_rows(store.summaries())
    assert [model.take_id(r) for r in range(model.rowCount())] == before


def test_filter_proxy_matches_note_band_and_date(store) -> None:
    model = HistoryTableModel()
    proxy = HistoryFilterModel()
    proxy.setSourceModel(model)
    model.set_rows(store.summaries())
    proxy.set_search("COFFEE")
    assert {proxy.take_id(r) for r in range(proxy.rowCount())} == {t.id for t in store.list() if "coffee" in t.note}
    proxy.set_search("not scored")
    assert [proxy.take_id(r) for r in range(proxy.rowCount())] == [t.id for t in store.list() if t.overall is None]
    proxy.set_search("2026-10-03")
    assert proxy.rowCount() == 1
    proxy.set_search("")
    assert proxy.rowCount() == len(ORDER)
    # Sorting through the proxy (what a header click does) sorts the source.
    proxy.sort(COL_OVERALL, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, COL_OVERALL), SortRole) == -1


def test_language_column_and_menu_show_the_takes_of_one_language(qtbot, store, analyses) -> None:
    # A take stored as Mandarin beside the English ones (issue 24): its row says so, and the
    # language menu, used from the keyboard as a user would, leaves only the takes of that language.
    great = analyses["great_pitch"]
    zh = store.save_take(
        Analysis(transcript=replace(great.transcript, language="zh"), result=great.result, model=great.model), None
    )
    page = HistoryPage(store)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    row = page.model.row_of(zh.id)
    assert display(page.model, row, COL_LANGUAGE) == "中文"
    tip = page.model.data(page.model.index(row, COL_LANGUAGE), Qt.ItemDataRole.ToolTipRole)
    assert tip == "中文（普通话）"
    assert page.proxy.rowCount() == len(ORDER) + 1

    page.language_filter.setFocus()
    qtbot.waitUntil(page.language_filter.hasFocus, timeout=20000)
    qtbot.keyClick(page.language_filter, Qt.Key.Key_Down)
    qtbot.keyClick(page.language_filter, Qt.Key.Key_Down)
    assert page.language_filter.currentText() == "中文（普通话）"
    assert [page.proxy.take_id(r) for r in range(page.proxy.rowCount())] == [zh.id]
    page.search.setText("coffee")  # the search narrows within the language: no Mandarin take has that note
    assert page.proxy.rowCount() == 0
    page.search.clear()
    qtbot.keyClick(page.language_filter, Qt.Key.Key_Up)
    assert page.language_filter.currentText() == "English"
    assert page.proxy.rowCount() == len(ORDER) and zh.id not in {
        page.proxy.take_id(r) for r in range(page.proxy.rowCount())
    }
    qtbot.keyClick(page.language_filter, Qt.Key.Key_Up)
    assert page.proxy.rowCount() == len(ORDER) + 1


def test_chart_draws_the_store_series_with_median_and_best(qtbot, store) -> None:
    page = HistoryPage(store)
    qtbot.addWidget(page)
    data = page.chart_data()
    s = Series.from_rows(store.series_rows())
    np.testing.assert_array_equal(data["x"], np.arange(1, len(s) + 1))  # take order (issue 15 #6)
    np.testing.assert_array_equal(data["overall"], s.overall)
    np.testing.assert_array_equal(data["clarity"], s.clarity)
    scored = ~np.isnan(s.overall)
    np.testing.assert_array_equal(data["speech_seconds"][scored], s.speech_seconds[scored])
    assert np.isnan(data["speech_seconds"][~scored]).all()  # an unscored take is a gap, not 0 s

    overall = [None if np.isnan(v) else v for v in s.overall]
    for i, got in enumerate(data["overall_median"]):
        window = [v for v in overall[max(0, i - MEDIAN_WINDOW + 1) : i + 1] if v is not None]
        assert got == statistics.median(window)
    assert data["best"] == max(v for v in overall if v is not None)
    assert page.best_line.value() == data["best"] and page.best_line.isVisible()
    assert page.target_line.value() == 20.0

    x, y = page.overall_curve.getData()
    np.testing.assert_array_equal(x, np.arange(1, len(s) + 1))
    np.testing.assert_array_equal(y, s.overall)
    assert page.count_label.text() == f"{len(ORDER)} takes"


def test_most_frequent_issue_card_names_the_problem(qtbot, analyses, fixtures_dir) -> None:
    with TakeStore(app_paths()) as s:
        for name in ("hard_sell", "jargon_heavy"):  # neither asks the listener anything
            s.save_take(analyses[name], fixtures_dir / f"{name}.wav")
        page = HistoryPage(s)
        qtbot.addWidget(page)
        assert page.issue_card.value.text() == "No question for them"


def test_most_frequent_issue_tip_reads_in_the_chinese_interface(qtbot, qapp, analyses, fixtures_dir) -> None:
    """Issue 25: the card named the issue in Chinese but gave its tip in English (the stored deduction rows
    keep only the English tip); the tip now comes from the newest take's own message, as in the CLI."""
    from pitchcoach.core.messages import get_catalog
    from pitchcoach.ui import i18n

    with TakeStore(app_paths()) as s:
        for name in ("hard_sell", "jargon_heavy"):  # neither asks the listener anything
            s.save_take(analyses[name], fixtures_dir / f"{name}.wav")
        try:
            i18n.apply_ui_language(qapp, "zh_CN")
            page = HistoryPage(s)
            qtbot.addWidget(page)
            newest = next(d for d in s.get(s.list()[0].id).result.deductions if d.rule == "question")
            detail = page.issue_card.detail.text()
        finally:
            i18n.apply_ui_language(qapp, "en")
    assert newest.tip_text(get_catalog("zh_CN")) in detail
    assert newest.tip not in detail


def test_cards_show_streak_best_and_issue(qtbot, store) -> None:
    page = HistoryPage(store)
    qtbot.addWidget(page)
    best = progress.personal_bests(Series.from_rows(store.series_rows()))["overall"]
    assert page.best_card.value.text() == f"{best.value:.0f}"
    issue = progress.most_frequent_issue(*store.recent_deductions(10))
    assert page.issue_card.value.text() == issue.label
    assert f"{issue.takes_with_issue} of your last {issue.takes_considered}" in page.issue_card.detail.text()
    streak = progress.streak(store.practice_days(), store.today())
    assert page.streak_card.value.text().startswith(f"{streak.current} day")
    assert page.empty_label.isHidden()


def test_delete_and_undo_through_the_page(qtbot, store) -> None:
    page = HistoryPage(store)
    qtbot.addWidget(page)
    page.show()
    victim = store.list()[2]
    audio = victim.audio_path
    assert audio is not None and audio.exists()
    changes: list[bool] = []
    page.changed.connect(lambda: changes.append(True))

    page.select_ids([victim.id])
    assert page.selected_ids() == [victim.id] and page.delete_button.isEnabled()
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == len(ORDER) - 1 and page.model.row_of(victim.id) == -1
    assert store.count() == len(ORDER) - 1
    assert not audio.exists() and (store.trash / audio.name).exists()
    assert page.undo_bar.isVisible() and "Deleted 1 take" in page.undo_label.text()
    assert len(page.chart_data()["x"]) == len(ORDER) - 1

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == len(ORDER) and page.model.row_of(victim.id) >= 0
    assert audio.exists() and store.get(victim.id).note == victim.note
    assert not page.undo_bar.isVisible()  # the take is back and selected; nothing left to undo
    assert page.selected_ids() == [victim.id]
    assert changes == [True, True]

    # Several at once, undone with the page's undo stack (Ctrl+Z).
    ids = [t.id for t in store.list()[:3]]
    page.select_ids(ids)
    page.delete_selected()
    assert store.count() == len(ORDER) - 3
    assert all(page.model.row_of(i) == -1 for i in ids)
    page.undo_stack.undo()
    assert store.count() == len(ORDER) and all(page.model.row_of(i) >= 0 for i in ids)


def test_open_and_compare_selected(qtbot, store) -> None:
    page = HistoryPage(store)
    qtbot.addWidget(page)
    newest, older = store.list()[0], store.list()[3]
    page.select_ids([newest.id])
    assert page.open_button.isEnabled() and not page.compare_button.isEnabled()
    with qtbot.waitSignal(page.open_take, timeout=20000) as sig:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert sig.args[0].id == newest.id and sig.args[0].result.to_dict() == newest.result.to_dict()

    page.select_ids([newest.id, older.id])
    assert page.compare_button.isEnabled()
    dlg = page.compare_selected()
    qtbot.addWidget(dlg)
    assert (dlg.take_a.id, dlg.take_b.id) == (older.id, newest.id)  # older is A
    delta = newest.overall - older.overall  # jargon_heavy then great_pitch: both scored
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    assert dlg.change_labels["overall"].text() == f"{sign}{abs(delta)}"
    assert "line-through" in dlg.diff_view.toHtml()  # different pitches: some words only in A


def test_opening_a_take_deleted_elsewhere_drops_its_row(qtbot, store) -> None:
    page = HistoryPage(store)
    qtbot.addWidget(page)
    gone = store.list()[0]
    page.select_ids([gone.id])
    with TakeStore(app_paths()) as other:  # another window (or the CLI) deletes it meanwhile
        other.delete(gone.id)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.error_banner.text() == (
        f"Take {gone.id} is not in the history (it may have been deleted). The list now shows the takes there are."
    )
    assert page.model.rowCount() == len(ORDER) - 1


def test_empty_history_and_recovered_database(qtbot, analyses) -> None:
    paths = app_paths().ensure()
    with TakeStore(paths) as first:  # a real database, then a real damaged page
        for i in range(30):
            first.save_take(analyses["great_pitch"], None, note=f"n{i}")
    data = bytearray(paths.database.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[2 * page_size : 3 * page_size] = b"\xa5" * page_size
    paths.database.write_bytes(bytes(data))
    store = TakeStore(paths)
    page = HistoryPage(store)
    qtbot.addWidget(page)
    assert not page.empty_label.isHidden() and page.model.rowCount() == 0
    assert page.best_card.value.text() == "—"
    assert not page.recovered_banner.isHidden()
    assert str(store.recovered_from) in page.recovered_banner.text()
    assert len(page.chart_data()["x"]) == 0


def test_screenshot_is_not_blank(qtbot, store, tmp_path: Path) -> None:
    page = HistoryPage(store)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    qtbot.waitExposed(page)
    img = page.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 25) for y in range(0, img.height(), 25)}
    assert len(colours) > 5


def test_editing_a_note_saves_it(qtbot, store) -> None:
    page = HistoryPage(store)
    qtbot.addWidget(page)
    take = store.list()[1]
    row = page.model.row_of(take.id)
    idx = page.model.index(row, COL_NOTE)
    assert page.model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert not page.model.flags(page.model.index(row, COL_OVERALL)) & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(idx, "  louder at the end ")
    assert store.get(take.id).note == "louder at the end"
    page.proxy.set_search("louder")
    assert page.proxy.rowCount() == 1 and page.proxy.take_id(0) == take.id


def test_a_set_aside_copy_is_offered_back_restore_and_export(qtbot, analyses, fixtures_dir, tmp_path) -> None:
    import csv

    from pitchcoach.ui.export import FILTERS

    paths = app_paths().ensure()
    with TakeStore(paths) as first:
        for i in range(30):
            first.save_take(analyses["great_pitch"], fixtures_dir / "great_pitch.wav" if i < 3 else None, note=f"n{i}")
    data = bytearray(paths.database.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[3 * page_size : 4 * page_size] = b"\xa5" * page_size  # real damage to one page
    paths.database.write_bytes(bytes(data))
    store = TakeStore(paths)
    assert store.recovered_from is not None
    store.save_take(analyses["hard_sell"], None, note="recorded after the damage")
    page = HistoryPage(store)
    qtbot.addWidget(page)
    assert not page.aside_bar.isHidden()
    assert store.recovered_from.name in page.aside_label.text()

    out = tmp_path / "salvaged.csv"
    page.ask_path = lambda *a: (str(out), FILTERS["csv"])
    qtbot.mouseClick(page.export_aside_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Exported" in getattr(page, "aside_message", ""), timeout=30000)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert exported and all(r["note"].startswith("n") for r in exported)

    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Restored" in getattr(page, "aside_message", ""), timeout=30000)
    assert store.count() == 1 + len(exported)  # the new take is kept, the readable old ones are back
    assert page.model.rowCount() == store.count()
    assert page.aside_bar.isHidden()
    assert not store.recovered_from.exists()
    assert list(paths.root.glob("pitchcoach.sqlite3.restored-*"))  # renamed, never deleted


@pytest.mark.parametrize(("width", "height"), [(1040, 760), (800, 600)])
def test_filter_and_buttons_keep_apart_in_a_small_window(qtbot, store, make_app, mic_factory, width, height) -> None:
    # Issue 21: at 800x600 the Open button was drawn over the filter.
    win = make_app(mic_factory()).window
    win.resize(width, height)
    qtbot.waitUntil(lambda: win.size().width() == width, timeout=20000)
    win.show_page("history")
    page = win.history_page
    assert page is not None
    qtbot.waitUntil(lambda: page.model.rowCount() == len(ORDER) and page.table.isVisible(), timeout=10000)
    parts = [
        page.search,
        page.language_filter,
        page.open_button,
        page.compare_button,
        page.delete_button,
        page.count_label,
        page.table,
    ]
    rects = []
    for w in parts:
        assert w.isVisible()
        # A minimum width set on the widget is the layout's floor (the buttons': their words, not the style's 80 px).
        need = w.minimumWidth() or w.minimumSizeHint().width()
        assert w.width() >= need, (type(w).__name__, w.text() if hasattr(w, "text") else "")
        if isinstance(w, QPushButton):
            assert w.width() >= w.fontMetrics().horizontalAdvance(w.text()) + 16, w.text()  # the words fit
        r = w.rect().translated(w.mapTo(page, w.rect().topLeft()))
        assert page.rect().contains(r), (type(w).__name__, r, page.rect())
        rects.append(r)
    for i, a in enumerate(rects):
        for j, b in enumerate(rects[i + 1 :], i + 1):
            assert not a.intersects(b), (type(parts[i]).__name__, type(parts[j]).__name__, a, b)


def test_personal_best_is_one_takes_figures_and_every_score_explains_itself(qtbot, analyzer, fixtures_dir) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    # Issue 21: the card put the best overall (too_slow: 92) beside the best clarity of another take
    # (too_short: 100), a mix no take ever scored.
    with TakeStore(app_paths()) as s:
        results = {}
        for name in ("too_short", "too_slow", "hard_sell"):
            a = analyzer.analyze_file(fixtures_dir / f"{name}.wav")
            results[name] = a.result
            s.save_take(a, fixtures_dir / f"{name}.wav")
        best = max(results.values(), key=lambda r: r.overall)
        assert best.clarity < max(r.clarity for r in results.values())  # the mix the card used to show
        page = HistoryPage(s)
        qtbot.addWidget(page)
        page.resize(1000, 700)
        page.show()
        qtbot.waitExposed(page)
        card = page.best_card
        assert card.value.text() == str(best.overall)
        assert card.rows["Clarity"].text() == f"Clarity {best.clarity}"
        assert card.rows["Listener focus"].text() == f"Listener focus {best.listener_focus}"
        for widget, words in (
            (card.value, "mean of clarity"),
            (card.rows["Clarity"], "easy"),
            (card.rows["Listener focus"], "listener"),
        ):
            QToolTip.hideText()
            qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=15000)
            pos = QPoint(widget.width() // 2, widget.height() // 2)
            qtbot.mouseMove(widget, pos)
            QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
            qtbot.waitUntil(QToolTip.isVisible, timeout=15000)
            assert words in QToolTip.text()


def test_scenario_menu_shows_the_takes_practised_for_one_scenario(qtbot, store, analyses) -> None:
    """Issue 26: a take scored for the investor intro beside the networking ones; the scenario menu,
    used from the keyboard, leaves only that one."""
    great = analyses["great_pitch"]
    investor = store.save_take(replace(great, result=replace(great.result, scenario="investor")), None)
    page = HistoryPage(store)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    menu = page.scenario_filter
    assert [menu.itemText(i) for i in range(menu.count())] == [
        "All scenarios",
        "Networking event",
        "Career fair or recruiter",
        "Investor intro",
        "Sales call opener",
        "Custom",
    ]
    menu.setFocus()
    qtbot.waitUntil(menu.hasFocus, timeout=20000)
    for _ in range(3):
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.currentText() == "Investor intro"
    assert [page.proxy.take_id(r) for r in range(page.proxy.rowCount())] == [investor.id]
    qtbot.keyClick(menu, Qt.Key.Key_Up)
    qtbot.keyClick(menu, Qt.Key.Key_Up)
    assert menu.currentText() == "Networking event"
    assert page.proxy.rowCount() == len(ORDER)
    qtbot.keyClick(menu, Qt.Key.Key_Home)
    assert page.proxy.rowCount() == len(ORDER) + 1


def test_a_drill_take_is_marked_as_a_drill_with_its_verdict_not_a_band(qtbot, store, analyses) -> None:
    # Issue 27: drill takes are judged pass/fail on one skill and kept out of the trend; a band in
    # History made them look like full pitches.
    from pitchcoach.core.drills import judge, load_drill

    great, fillers = analyses["great_pitch"], analyses["filler_heavy"]
    passed = store.save_take(great, None, drill=judge(load_drill("fillers"), great))
    failed = store.save_take(fillers, None, drill=judge(load_drill("fillers"), fillers))
    page = HistoryPage(store)
    qtbot.addWidget(page)
    assert display(page.model, page.model.row_of(passed.id), COL_BAND) == "Drill: passed"
    assert display(page.model, page.model.row_of(failed.id), COL_BAND) == "Drill: not yet"
    tip = page.model.data(page.model.index(page.model.row_of(failed.id), COL_BAND), Qt.ItemDataRole.ToolTipRole)
    assert "fillers" in tip and "trend" in tip


def test_rehearsals_show_their_coverage_as_a_badge_and_their_progress_in_the_header(qtbot, store, analyses) -> None:
    """Issue 26: a take held against the written pitch (real alignment of a real take) carries its
    coverage in the Band cell; the header follows the coverage over the rehearsals, oldest first."""
    from pitchcoach.core.rehearsal import attach_rehearsal, parse_script

    great = analyses["great_pitch"]
    script = great.transcript.text  # its own words: every key point said
    ids = []
    for text in (script + " We also paint fences for schools.", script):
        take = replace(great, result=replace(great.result, rehearsal=None))
        attach_rehearsal(take, parse_script(text), "from_memory")
        ids.append(store.save_take(take, None).id)
    first, second = (store.get(i).result.rehearsal["coverage"] for i in ids)
    assert first < 100 and second == 100
    page = HistoryPage(store)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    band = display(page.model, page.model.row_of(ids[1]), COL_BAND)
    assert band.endswith(" · pitch 100%") and "·" not in display(page.model, page.model.row_of(1), COL_BAND)
    tip = page.model.data(page.model.index(page.model.row_of(ids[0]), COL_BAND), Qt.ItemDataRole.ToolTipRole)
    assert tip == f"Rehearsed against your written pitch: {first}% of its key points said"
    assert page.count_label.text() == f"{len(ORDER) + 2} takes · rehearsals, key points said: {first}% → 100%"
