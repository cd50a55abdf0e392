"""The History page: every saved take, how the scores are trending, and what keeps costing points.

Self-contained: give it the app's TakeStore (and the SettingsStore, for the target line
the user has set now); it emits ``open_take(Take)`` when the user opens a take (the main
window shows it on the results page). Everything it shows comes from the store's summary
queries (no JSON), turned into figures by ``pitchcoach.core.progress``, so it opens fast
even with thousands of takes; a full take (JSON) is read only when opened or compared.
The chart, its axis switch and its empty state are ``history_chart.TrendPanel``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QHideEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core import progress
from pitchcoach.core.progress import Issue, Series, Streak
from pitchcoach.core.scenarios import ScenarioCatalog, load_scenarios
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.storage import SUMMARY_COLUMNS, DeletedTake, StorageError, TakeNotFound, TakeStore
from pitchcoach.ui.core_labels import rule_name
from pitchcoach.ui.history_aside import SetAsideCopies
from pitchcoach.ui.history_chart import MEDIAN_WINDOW, TrendPanel
from pitchcoach.ui.history_model import (
    COL_BAND,
    COL_DATE,
    COL_DURATION,
    COL_LANGUAGE,
    COL_LISTENER,
    COL_NOTE,
    COL_OVERALL,
    HistoryFilterModel,
    HistoryTableModel,
)
from pitchcoach.ui.history_widgets import BestCard, LanguageFilter, ScenarioFilter, StatCard, UnsavedRecordingsBar
from pitchcoach.ui.i18n import error_text, feedback_catalog
from pitchcoach.ui.theme import Colors, colors_for
from pitchcoach.ui.widgets import card, label

log = logging.getLogger(__name__)

# UnsavedRecordingsBar is shown by the main window too, which imports it from here.
__all__ = ["MEDIAN_WINDOW", "DeleteTakes", "HistoryPage", "StatCard", "UnsavedRecordingsBar"]

ISSUE_WINDOW = 10
REHEARSALS_SHOWN = 5  # the coverage of the last rehearsals in the header (issue 26)


def _band_colors(c: Colors) -> dict[str, QColor]:
    return {"Great": c.good, "Good": c.accent, "Needs work": c.warn, "Rework": c.bad, "": c.muted}


def _palette_colors(widget: QWidget) -> Colors:
    dark = widget.palette().window().color().lightness() < 128
    return colors_for("dark" if dark else "light")


class DeleteTakes(QUndoCommand):
    """Delete takes (rows and audio); undo puts both back with the same ids."""

    def __init__(self, page: HistoryPage, take_ids: list[int]) -> None:
        n = len(take_ids)
        super().__init__(
            QCoreApplication.translate("HistoryPage", "Delete 1 take")
            if n == 1
            else QCoreApplication.translate("HistoryPage", "Delete {n} takes").format(n=n)
        )
        self.page = page
        self.take_ids = take_ids
        self.deleted: list[DeletedTake] = []
        # The table row to select afterwards (the next take), so keyboard users stay in the table.
        self.anchor_row = 0

    def redo(self) -> None:
        self.deleted = []
        error = None
        try:
            for take_id in self.take_ids:
                self.deleted.append(self.page.store.delete(take_id))
        except StorageError as exc:
            error = exc
        self.page.after_delete(self)
        if error is not None:  # after the refresh, which hides the banner when the list reads fine
            self.page.show_error(error_text(error))

    def undo(self) -> None:
        restored = 0
        error = None
        try:
            for d in reversed(self.deleted):
                self.page.store.undo_delete(d)
                restored += 1
        except StorageError as exc:
            error = exc
        self.deleted = self.deleted[: len(self.deleted) - restored]
        self.page.after_undo(restored, self.take_ids)
        if error is not None:
            self.page.show_error(error_text(error))


class HistoryPage(QWidget, SetAsideCopies):
    open_take = Signal(object)  # a pitchcoach.core.storage.Take
    changed = Signal()  # takes were deleted or restored

    def __init__(
        self,
        store: TakeStore,
        colors: Colors | None = None,
        parent: QWidget | None = None,
        *,
        settings: SettingsStore | None = None,
        scenarios: ScenarioCatalog | None = None,
    ) -> None:
        """``scenarios``: the app's catalog (Services.scenarios); read here only for a page built alone."""
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.colors = colors or _palette_colors(self)
        self.scenarios = scenarios if scenarios is not None else load_scenarios(store.paths.scenarios)
        self.undo_stack = QUndoStack(self)
        self.series: Series | None = None
        self._chart_data: dict[str, Any] = {}
        # Undo lives as long as this page; audio deleted more than a day ago (earlier sessions)
        # cannot be undone any more, so free its space now.
        try:
            store.purge_trash(older_than=timedelta(days=1))
        except OSError:
            log.warning("could not empty the trash", exc_info=True)
        self._build()
        self.refresh()

    # ---- construction ------------------------------------------------------------------
    def _build(self) -> None:
        c = self.colors
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 18, 24, 18)
        root.setSpacing(12)

        head = QHBoxLayout()
        head.addWidget(label(self.tr("History"), "h1"))
        self.count_label = label("", "muted")
        head.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        root.addLayout(head)
        # The filter and the buttons act on the table, so they sit on its own bar: beside the title
        # they needed ~700 px, and at 800x600 "Open" was drawn over the filter (issue 21).
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by date, band or note…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Filter takes"))
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.tr("Filter by date, band")))
        table_bar = QHBoxLayout()
        table_bar.setContentsMargins(0, 0, 0, 0)
        table_bar.addWidget(self.search, 1)
        self.language_filter = LanguageFilter()
        self.scenario_filter = ScenarioFilter(self.scenarios)
        table_bar.addWidget(self.language_filter)
        table_bar.addWidget(self.scenario_filter)
        self.open_button = QPushButton(self.tr("Open"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Select two takes (Ctrl+click) to compare them"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for b in (self.open_button, self.compare_button, self.delete_button):
            # As narrow as their words (the style's 80-px minimum made the bar too wide for 800 px).
            b.setMinimumWidth(b.fontMetrics().horizontalAdvance(b.text()) + 28)
            b.setSizePolicy(QSizePolicy.Policy.Preferred, b.sizePolicy().verticalPolicy())
            table_bar.addWidget(b)

        self.recovered_banner = label("", "errorBanner", wrap=True)
        self.recovered_banner.hide()
        root.addWidget(self.recovered_banner)

        # A set-aside (damaged) copy of the history is the user's data: offer it back.
        self.aside_bar = card()
        ab = QHBoxLayout(self.aside_bar)
        ab.setContentsMargins(12, 6, 8, 6)
        self.aside_label = label("", wrap=True)
        self.aside_label.setAccessibleName(self.tr("Set-aside copy of your history"))
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setAccessibleName(self.tr("Restore the takes of the set-aside copy"))
        self.restore_button.setToolTip(
            self.tr("Add every take that can still be read from the copy back into your history")
        )
        self.restore_button.clicked.connect(self.restore_aside)
        self.export_aside_button = QPushButton(self.tr("Export its takes"))
        self.export_aside_button.setAccessibleName(self.tr("Export the takes of the set-aside copy"))
        self.export_aside_button.setToolTip(self.tr("Save every take that can still be read from the copy to a file"))
        self.export_aside_button.clicked.connect(self.export_aside)
        ab.addWidget(self.aside_label, 1)
        ab.addWidget(self.restore_button)
        ab.addWidget(self.export_aside_button)
        self.aside_bar.hide()
        root.addWidget(self.aside_bar)
        self.error_banner = label("", "errorBanner", wrap=True)
        self.error_banner.hide()
        root.addWidget(self.error_banner)

        # Notification bar for undo: deleting needs no confirmation because it can be undone.
        self.undo_bar = card()
        ub = QHBoxLayout(self.undo_bar)
        ub.setContentsMargins(12, 6, 8, 6)
        self.undo_label = QLabel("")
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("primary")
        self.undo_close = QPushButton(self.tr("Dismiss"))
        ub.addWidget(self.undo_label, 1)
        ub.addWidget(self.undo_button)
        ub.addWidget(self.undo_close)
        self.undo_bar.hide()
        root.addWidget(self.undo_bar)

        cards = QHBoxLayout()
        self.streak_card = StatCard(self.tr("Practice streak"))
        self.best_card = BestCard()
        self.median_card = StatCard(self.tr("Typical (last {n})").format(n=MEDIAN_WINDOW))
        self.issue_card = StatCard(self.tr("Most frequent issue (last {n})").format(n=ISSUE_WINDOW))
        for w, stretch in ((self.streak_card, 2), (self.best_card, 2), (self.median_card, 2), (self.issue_card, 5)):
            cards.addWidget(w, stretch)
        root.addLayout(cards)

        self.empty_label = label(
            self.tr(
                "No takes yet. Record a take on the Practice page (or open an audio file); every scored take is "
                "saved here so you can see how you improve."
            ),
            "muted",
            wrap=True,
        )
        root.addWidget(self.empty_label)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        self.trend = TrendPanel(c)
        self.chart = self.trend.chart
        # The page's own names for the chart's items, as tests and the main window know them.
        self.best_line = self.chart.best_line
        self.target_line = self.chart.target_line
        self.overall_curve = self.chart.overall_curve
        split.addWidget(self.trend)

        self.model = HistoryTableModel(self, band_colors=_band_colors(c))
        self.proxy = HistoryFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Saved takes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Only the note is editable (F2, or a click on an already selected note); double-click opens.
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        hh = self.table.horizontalHeader()
        # Fixed widths: ResizeToContents would measure all 10,000 rows.
        for col, width in ((COL_DATE, 140), (COL_DURATION, 80), (COL_BAND, 100), (COL_LANGUAGE, 70)):
            self.table.setColumnWidth(col, width)
        for col in range(COL_OVERALL, COL_LISTENER + 1):
            self.table.setColumnWidth(col, 100 if col == COL_LISTENER else 70)
        hh.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        # setSortingEnabled sorts at once; the store already returns newest first, so this is cheap.
        hh.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        table_pane = QWidget()
        tp = QVBoxLayout(table_pane)
        tp.setContentsMargins(0, 6, 0, 0)
        tp.addLayout(table_bar)
        tp.addWidget(self.table, 1)
        split.addWidget(table_pane)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)
        root.addWidget(split, 1)

        self.search.textChanged.connect(self.proxy.set_search)
        self.language_filter.chosen.connect(self.proxy.set_language)
        self.scenario_filter.chosen.connect(self.proxy.set_scenario)
        self.model.note_edited.connect(self._save_note)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_close.clicked.connect(self.undo_bar.hide)

        for text, keys, slot in (
            (self.tr("Delete take"), QKeySequence.StandardKey.Delete, self.delete_selected),
            (self.tr("Undo"), QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            (self.tr("Redo"), QKeySequence.StandardKey.Redo, self.undo_stack.redo),
        ):
            act = QAction(text, self)
            act.setShortcut(keys)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
        enter = QAction(self.tr("Open take"), self.table)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self.open_selected)
        self.table.addAction(enter)

    # ---- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload everything from the store (after a take is saved, deleted or restored)."""
        try:
            rows = self.store.summaries()
            self.series = Series.from_summaries(rows)
            streak = progress.streak(self.store.practice_days(), self.store.today())
            best = progress.best_take(self.series)
            take_ids, deductions = self.store.recent_deductions(ISSUE_WINDOW)
            issue = progress.most_frequent_issue(take_ids, deductions)
            if issue is not None:  # the tip in the interface language, as the rule's name is
                issue.tip = progress.issue_tip(self.store, take_ids, issue.rule, feedback_catalog()) or issue.tip
        except StorageError as exc:
            self.show_error(error_text(exc))
            return
        self.error_banner.hide()
        if self.store.recovered_from is not None:
            self.recovered_banner.setText(
                self.tr(
                    "Your history database was damaged, so PitchCoach set it aside as {file} and started a new "
                    "one. Your recordings are kept; the app offers unsaved ones for analysis when it starts."
                ).format(file=self.store.recovered_from)
            )
            self.recovered_banner.show()
        self._update_aside_bar()
        self.model.set_rows(rows)
        n = len(rows)
        self.count_label.setText(self.takes_text(n) + self.rehearsal_text(rows))
        self.empty_label.setVisible(n == 0)
        self._update_cards(streak, best, issue)
        self._update_chart()
        self._update_buttons()

    def _update_cards(self, streak: Streak, best: progress.BestTake | None, issue: Issue | None) -> None:
        if streak.current:
            days = self.days_text(streak.current)
            detail = (
                self.tr("Longest: {n} days").format(n=streak.longest)
                if streak.longest > streak.current
                else self.tr("Your longest yet")
            )
            if not streak.practised_today:
                detail = self.tr("Practise today to keep it going. ") + detail
            self.streak_card.set(days, detail)
        else:
            self.streak_card.set(
                self.days_text(0),
                self.tr("Practise today to start a streak")
                if streak.longest == 0
                else self.tr("Longest so far: {days}").format(days=self.days_text(streak.longest)),
            )
        self.best_card.show_best(best)
        s = self.series
        recent = s.overall[~np.isnan(s.overall)][-MEDIAN_WINDOW:] if s is not None else np.array([])
        if recent.size:
            med = float(np.median(recent))
            self.median_card.set(
                f"{med:.0f}", self.tr("Median overall of your last {n} scored takes").format(n=recent.size)
            )
        else:
            self.median_card.set("—", "")
        if issue is None:
            self.issue_card.set(self.tr("None yet"), self.tr("Scored takes will show what costs you the most points."))
        else:
            self.issue_card.set(
                rule_name(issue.rule),
                self.tr("In {k} of your last {n} scored takes. {tip}").format(
                    k=issue.takes_with_issue, n=issue.takes_considered, tip=issue.tip
                ),
            )

    def rehearsal_text(self, rows: list[tuple[Any, ...]]) -> str:
        """Rehearsal progress (issue 26): the coverage of the last rehearsals, oldest first; "" without any."""
        at = SUMMARY_COLUMNS.index("rehearsal_coverage")
        coverage = [r[at] for r in rows if r[at] is not None][:REHEARSALS_SHOWN][::-1]  # rows: newest first
        if not coverage:
            return ""
        return self.tr(" · rehearsals, key points said: {coverage}").format(
            coverage=" → ".join(f"{c}%" for c in coverage)
        )

    def takes_text(self, n: int) -> str:
        return self.tr("1 take") if n == 1 else self.tr("{n} takes").format(n=n)

    def days_text(self, n: int) -> str:
        return self.tr("1 day") if n == 1 else self.tr("{n} days").format(n=n)

    def target_seconds(self) -> float:
        """The user's target setting now (not the targets older takes were timed against)."""
        return self.settings.value.target_seconds if self.settings is not None else DEFAULT_TARGET_SECONDS

    def _update_chart(self) -> None:
        assert self.series is not None
        self._chart_data = self.trend.show_series(self.series, self.target_seconds())

    def set_colors(self, colors: Colors) -> None:
        """Follow a theme change made while the app runs (the main window calls this)."""
        self.colors = colors
        self.trend.set_colors(colors)
        self.model.set_band_colors(_band_colors(colors))

    def chart_data(self) -> dict[str, Any]:
        """The arrays the chart is drawing (for tests and for export)."""
        return dict(self._chart_data)

    # ---- selection and actions ---------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.take_id(r) for r in rows]

    def select_ids(self, take_ids: list[int]) -> None:
        sm = self.table.selectionModel()
        sm.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for take_id in take_ids:
            src_row = self.model.row_of(take_id)
            if src_row < 0:
                continue
            idx = self.proxy.mapFromSource(self.model.index(src_row, 0))
            if idx.isValid():
                sm.select(idx, flags)
                self.table.scrollTo(idx)

    def _update_buttons(self) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(n == 1)
        self.compare_button.setEnabled(n == 2)
        self.delete_button.setEnabled(n >= 1)

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        try:
            take = self.store.get(ids[0])
        except StorageError as exc:
            self._take_error(exc)
            return
        self.open_take.emit(take)

    def compare_selected(self) -> Any:
        ids = self.selected_ids()
        if len(ids) != 2:
            return None
        from pitchcoach.ui.compare_dialog import CompareDialog

        try:
            takes = sorted((self.store.get(i) for i in ids), key=lambda t: (t.created_at, t.id))
        except StorageError as exc:
            self._take_error(exc)
            return None
        dlg = CompareDialog(takes[0], takes[1], self.colors, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()  # window-modal, without a nested event loop
        return dlg

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            cmd = DeleteTakes(self, ids)
            cmd.anchor_row = min(i.row() for i in self.table.selectionModel().selectedRows())
            self.undo_stack.push(cmd)

    # Called by DeleteTakes.
    def after_delete(self, cmd: DeleteTakes) -> None:
        self.refresh()
        n = len(cmd.deleted)
        if n:
            self.undo_label.setText(
                self.tr("Deleted 1 take and its audio.")
                if n == 1
                else self.tr("Deleted {n} takes and their audio.").format(n=n)
            )
            self.undo_button.setEnabled(True)
            self.undo_bar.show()
        # Select the take that moved into the deleted one's place (or the new last one).
        row = min(cmd.anchor_row, self.proxy.rowCount() - 1)
        if row >= 0:
            idx = self.proxy.index(row, 0)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(idx, flags)
            self.table.scrollTo(idx)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def after_undo(self, restored: int, take_ids: list[int] | None = None) -> None:
        self.refresh()
        # The restored takes are back in the table, selected: that is the confirmation, and an
        # "Undo" bar offering nothing to undo would only be in the way.
        self.undo_bar.hide()
        if restored:
            self.select_ids(take_ids or [])
        self.changed.emit()

    def _save_note(self, take_id: int, note: str) -> None:
        try:
            self.store.update(take_id, note=note)
        except StorageError as exc:
            self.refresh()  # show what is really stored (a refresh that reads fine hides the banner: error after it)
            self.show_error(error_text(exc))

    def show_notice(self, message: str) -> None:
        self.error_banner.setText(message)
        self.error_banner.setObjectName("muted")
        self.error_banner.style().unpolish(self.error_banner)
        self.error_banner.style().polish(self.error_banner)
        self.error_banner.show()

    def hideEvent(self, e: QHideEvent) -> None:
        runner = getattr(self, "_runner", None)
        if runner is not None and runner.busy:
            runner.wait_all(30000)  # the page may be destroyed next; a running QThread must not be
        super().hideEvent(e)

    def _take_error(self, exc: StorageError) -> None:
        if isinstance(exc, TakeNotFound):  # deleted elsewhere: drop the stale row instead of asking for a refresh
            self.refresh()
            self.show_error(self.tr("{error} The list now shows the takes there are.").format(error=error_text(exc)))
        else:
            self.show_error(error_text(exc))

    def show_error(self, message: str) -> None:
        log.warning("history page: %s", message)
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.style().unpolish(self.error_banner)
        self.error_banner.style().polish(self.error_banner)
        self.error_banner.setText(message)
        self.error_banner.show()
