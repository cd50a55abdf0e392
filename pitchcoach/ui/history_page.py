"""The History page: every saved take, how the scores are trending, and what keeps costing points.

Self-contained: give it the app's TakeStore; it emits ``open_take(Take)`` when the
user opens a take (the main window shows it on the results page). Everything it
shows comes from the store's summary and statistics queries, so it opens fast even
with thousands of takes; a full take (JSON) is read only when opened or compared.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.recovery import describe, discard_recording, find_unsaved_recordings
from pitchcoach.core.storage import DeletedTake, Series, StorageError, TakeStore, rolling_median
from pitchcoach.ui.history_model import (
    COL_BAND,
    COL_DATE,
    COL_DURATION,
    COL_LISTENER,
    COL_NOTE,
    COL_OVERALL,
    HistoryFilterModel,
    HistoryTableModel,
)
from pitchcoach.ui.theme import Colors, colors_for
from pitchcoach.ui.widgets import card, label

log = logging.getLogger(__name__)

MEDIAN_WINDOW = 5
ISSUE_WINDOW = 10
# Point markers help with a handful of takes but cost a lot with thousands.
SYMBOL_LIMIT = 200


# Above this many takes the chart shows time-bucket means: 10,000 points cannot be told
# apart on a 1,000-pixel axis, and stroking them all costs about a second per paint.
MAX_PLOT_POINTS = 600


def bucket_means(
    x: np.ndarray, ys: list[np.ndarray], max_points: int = MAX_PLOT_POINTS
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Average x and each y over equal time buckets, ignoring NaN; buckets without data become NaN (a gap)."""
    n = x.size
    if n <= max_points:
        return x, ys
    span = float(x[-1] - x[0])
    if span <= 0:
        idx = np.zeros(n, dtype=np.intp)
        nb = 1
    else:
        nb = max_points
        idx = np.minimum(((x - x[0]) / span * nb).astype(np.intp), nb - 1)
    counts = np.bincount(idx, minlength=nb).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        xb = np.bincount(idx, weights=x, minlength=nb) / counts
        out = []
        for y in ys:
            ok = ~np.isnan(y)
            total = np.bincount(idx[ok], weights=y[ok], minlength=nb)
            k = np.bincount(idx[ok], minlength=nb).astype(float)
            out.append(np.where(k > 0, total / np.where(k > 0, k, 1.0), np.nan))
    keep = counts > 0  # empty buckets have no x; the NaN in y already breaks the line
    return xb[keep], [y[keep] for y in out]


def _palette_colors(widget: QWidget) -> Colors:
    dark = widget.palette().window().color().lightness() < 128
    return colors_for("dark" if dark else "light")


class DeleteTakes(QUndoCommand):
    """Delete takes (rows and audio); undo puts both back with the same ids."""

    def __init__(self, page: HistoryPage, take_ids: list[int]) -> None:
        n = len(take_ids)
        super().__init__(f"Delete {n} take{'s' if n != 1 else ''}")
        self.page = page
        self.take_ids = take_ids
        self.deleted: list[DeletedTake] = []

    def redo(self) -> None:
        self.deleted = []
        try:
            for take_id in self.take_ids:
                self.deleted.append(self.page.store.delete(take_id))
        except StorageError as exc:
            self.page.show_error(str(exc))
        self.page.after_delete(self)

    def undo(self) -> None:
        restored = 0
        try:
            for d in reversed(self.deleted):
                self.page.store.undo_delete(d)
                restored += 1
        except StorageError as exc:
            self.page.show_error(str(exc))
        self.deleted = self.deleted[: len(self.deleted) - restored]
        self.page.after_undo(restored)


class StatCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        v = QVBoxLayout(self)
        v.setContentsMargins(14, 10, 14, 12)
        v.setSpacing(2)
        self.title = label(title, "muted")
        self.value = label("—", "h2")
        self.detail = label("", "muted", wrap=True)
        self.value.setAccessibleName(title)
        v.addWidget(self.title)
        v.addWidget(self.value)
        v.addWidget(self.detail)
        v.addStretch(1)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))


class UnsavedRecordingsBar(QFrame):
    """Start-up recovery prompt: recordings a crash left without a saved take, offered one at a time.

    The main window puts it above its pages, connects ``analyse_requested`` to its normal
    "analyse this file" path (saving adopts the file in place, so it is no longer offered) and
    calls :meth:`refresh` at start-up with the take being recorded, if any, in ``exclude``.
    """

    analyse_requested = Signal(object)  # pathlib.Path

    def __init__(self, store: TakeStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.store = store
        self.pending: list[Path] = []
        h = QHBoxLayout(self)
        h.setContentsMargins(12, 8, 8, 8)
        self.message = label("", wrap=True)
        self.analyse_button = QPushButton("Analyse it")
        self.analyse_button.setObjectName("primary")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Moves the recording to PitchCoach's trash (kept for a day)")
        self.later_button = QPushButton("Later")
        h.addWidget(self.message, 1)
        for b in (self.analyse_button, self.discard_button, self.later_button):
            h.addWidget(b)
        self.analyse_button.clicked.connect(self._analyse)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.hide)
        self.hide()

    def refresh(self, exclude: list[Path] | tuple[Path, ...] = ()) -> int:
        try:
            self.pending = find_unsaved_recordings(self.store, exclude)
        except (StorageError, OSError) as exc:
            log.warning("could not look for unsaved recordings: %s", exc)
            self.pending = []
        self._show_next()
        return len(self.pending)

    def _show_next(self) -> None:
        if not self.pending:
            self.hide()
            return
        info = describe(self.pending[0])
        when = info.modified.astimezone().strftime("%Y-%m-%d %H:%M")
        what = f"A {info.seconds:.1f}-second recording" if info.seconds is not None else "A recording"
        more = f" ({len(self.pending) - 1} more after this one)" if len(self.pending) > 1 else ""
        self.message.setText(
            f"{what} from {when} was not saved, probably because PitchCoach closed "
            f"unexpectedly. Analyse it to add it to your history?{more}"
        )
        self.show()

    def _analyse(self) -> None:
        if self.pending:
            self.analyse_requested.emit(self.pending.pop(0))
        self._show_next()

    def _discard(self) -> None:
        if not self.pending:
            return
        path = self.pending.pop(0)
        try:
            discard_recording(self.store, path)
        except OSError as exc:
            log.warning("could not discard %s: %s", path, exc)
            self.message.setText(f"Could not move {path.name} to the trash ({exc.strerror or exc}).")
            return
        self._show_next()


class HistoryPage(QWidget):
    open_take = Signal(object)  # a pitchcoach.core.storage.Take
    changed = Signal()  # takes were deleted or restored

    def __init__(self, store: TakeStore, colors: Colors | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.colors = colors or _palette_colors(self)
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
        head.addWidget(label("History", "h1"))
        self.count_label = label("", "muted")
        head.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by date, band or note…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter takes")
        self.search.setMinimumWidth(240)
        head.addWidget(self.search)
        self.open_button = QPushButton("Open")
        self.compare_button = QPushButton("Compare")
        self.compare_button.setToolTip("Select two takes (Ctrl+click) to compare them")
        self.delete_button = QPushButton("Delete")
        for b in (self.open_button, self.compare_button, self.delete_button):
            head.addWidget(b)
        root.addLayout(head)

        self.recovered_banner = label("", "errorBanner", wrap=True)
        self.recovered_banner.hide()
        root.addWidget(self.recovered_banner)
        self.error_banner = label("", "errorBanner", wrap=True)
        self.error_banner.hide()
        root.addWidget(self.error_banner)

        # Notification bar for undo: deleting needs no confirmation because it can be undone.
        self.undo_bar = card()
        ub = QHBoxLayout(self.undo_bar)
        ub.setContentsMargins(12, 6, 8, 6)
        self.undo_label = QLabel("")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("primary")
        self.undo_close = QPushButton("Dismiss")
        ub.addWidget(self.undo_label, 1)
        ub.addWidget(self.undo_button)
        ub.addWidget(self.undo_close)
        self.undo_bar.hide()
        root.addWidget(self.undo_bar)

        cards = QHBoxLayout()
        self.streak_card = StatCard("Practice streak")
        self.best_card = StatCard("Personal best")
        self.median_card = StatCard(f"Typical (last {MEDIAN_WINDOW})")
        self.issue_card = StatCard(f"Most frequent issue (last {ISSUE_WINDOW})")
        for w, stretch in ((self.streak_card, 2), (self.best_card, 2), (self.median_card, 2), (self.issue_card, 5)):
            cards.addWidget(w, stretch)
        root.addLayout(cards)

        self.empty_label = label(
            "No takes yet. Record a take on the Practice page (or open an audio file); every scored take is "
            "saved here so you can see how you improve.",
            "muted",
            wrap=True,
        )
        root.addWidget(self.empty_label)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        self.chart = pg.GraphicsLayoutWidget()
        self.chart.setBackground(c.card)
        self.chart.setMinimumHeight(220)
        self.chart.setAccessibleName("Score trend chart")
        self._build_chart()
        split.addWidget(self.chart)

        self.model = HistoryTableModel(
            self,
            band_colors={
                "Great": c.good,
                "Good": c.accent,
                "Needs work": c.warn,
                "Rework": c.bad,
                "": c.muted,
            },
        )
        self.proxy = HistoryFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Saved takes")
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
        hh = self.table.horizontalHeader()
        # Fixed widths: ResizeToContents would measure all 10,000 rows.
        for col, width in ((COL_DATE, 140), (COL_DURATION, 80), (COL_BAND, 100)):
            self.table.setColumnWidth(col, width)
        for col in range(COL_OVERALL, COL_LISTENER + 1):
            self.table.setColumnWidth(col, 100 if col == COL_LISTENER else 70)
        hh.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        # setSortingEnabled sorts at once; the store already returns newest first, so this is cheap.
        hh.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)
        root.addWidget(split, 1)

        self.search.textChanged.connect(self.proxy.set_search)
        self.model.note_edited.connect(self._save_note)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_close.clicked.connect(self.undo_bar.hide)

        for text, keys, slot in (
            ("Delete take", QKeySequence.StandardKey.Delete, self.delete_selected),
            ("Undo", QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            ("Redo", QKeySequence.StandardKey.Redo, self.undo_stack.redo),
        ):
            act = QAction(text, self)
            act.setShortcut(keys)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
        enter = QAction("Open take", self.table)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self.open_selected)
        self.table.addAction(enter)

    def _build_chart(self) -> None:
        c = self.colors
        axis_pen = pg.mkPen(c.muted)
        # The legend gets its own row: drawn inside the plot it would hide the newest scores.
        self.legend = pg.LegendItem(colCount=6, labelTextColor=c.text)
        self.chart.addItem(self.legend, row=0, col=0)
        self.score_plot = self.chart.addPlot(row=1, col=0, axisItems={"bottom": pg.DateAxisItem()})
        self.speech_plot = self.chart.addPlot(row=2, col=0, axisItems={"bottom": pg.DateAxisItem()})
        self.chart.ci.layout.setRowStretchFactor(1, 3)
        self.chart.ci.layout.setRowStretchFactor(2, 2)
        self.speech_plot.setXLink(self.score_plot)
        for plot, ylabel in ((self.score_plot, "Score"), (self.speech_plot, "Speech (s)")):
            plot.setLabel("left", ylabel, color=c.muted.name())
            for name in ("left", "bottom"):
                ax = plot.getAxis(name)
                ax.setPen(axis_pen)
                ax.setTextPen(axis_pen)
            plot.showGrid(x=False, y=True, alpha=0.15)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=True, y=False)
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
        self.score_plot.setYRange(0, 100, padding=0.03)
        self.score_plot.getAxis("bottom").setStyle(showValues=False)

        def curve(plot: Any, color: QColor, width: float, name: str | None, style: Any = None) -> Any:
            pen = pg.mkPen(color, width=width, style=style or Qt.PenStyle.SolidLine)
            item = plot.plot([], [], pen=pen, connect="finite", skipFiniteCheck=True)
            if name:
                self.legend.addItem(item, name)
            return item

        clarity = QColor(c.good)
        listener = QColor(c.warn)
        self.clarity_curve = curve(self.score_plot, clarity, 1.2, "Clarity")
        self.listener_curve = curve(self.score_plot, listener, 1.2, "Listener focus")
        self.overall_curve = curve(self.score_plot, c.accent, 2.4, "Overall")
        self.median_curve = curve(self.score_plot, c.text, 1.6, f"Median of {MEDIAN_WINDOW}", Qt.PenStyle.DashLine)
        self.best_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(c.good, width=1.2, style=Qt.PenStyle.DotLine),
            label="Personal best {value:.0f}",
            # Below the line: a best of 100 sits at the top edge, where a label above would be cut off.
            labelOpts={"position": 0.02, "color": c.good, "anchors": [(0, 0), (0, 0)]},
        )
        self.score_plot.addItem(self.best_line, ignoreBounds=True)
        self.best_line.hide()

        self.speech_curve = curve(self.speech_plot, c.accent, 1.6, "Speech seconds")
        self.speech_median_curve = curve(self.speech_plot, c.text, 1.4, None, Qt.PenStyle.DashLine)
        self.target_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(c.bad, width=1.0, style=Qt.PenStyle.DashLine),
            label="Target {value:g} s",
            labelOpts={"position": 0.02, "color": c.bad, "anchors": [(0, 0), (0, 0)]},
        )
        self.speech_plot.addItem(self.target_line)
        self.target_line.hide()

    # ---- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload everything from the store (after a take is saved, deleted or restored)."""
        try:
            rows = self.store.summaries()
            self.series = Series.from_summaries(rows)
            streak = self.store.streak()
            bests = self.store.personal_bests()
            issue = self.store.most_frequent_issue(ISSUE_WINDOW)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.error_banner.hide()
        if self.store.recovered_from is not None:
            self.recovered_banner.setText(
                "Your history database was damaged, so PitchCoach set it aside as "
                f"{self.store.recovered_from} and started a new one. Your recordings are kept; "
                "the app offers unsaved ones for analysis when it starts."
            )
            self.recovered_banner.show()
        self.model.set_rows(rows)
        n = len(rows)
        self.count_label.setText(f"{n} take{'s' if n != 1 else ''}")
        self.empty_label.setVisible(n == 0)
        self._update_cards(streak, bests, issue)
        self._update_chart()
        self._update_buttons()

    def _update_cards(self, streak: Any, bests: dict[str, Any], issue: Any) -> None:
        if streak.current:
            days = f"{streak.current} day{'s' if streak.current != 1 else ''}"
            detail = f"Longest: {streak.longest} days" if streak.longest > streak.current else "Your longest yet"
            if not streak.practised_today:
                detail = "Practise today to keep it going. " + detail
            self.streak_card.set(days, detail)
        else:
            self.streak_card.set(
                "0 days",
                "Practise today to start a streak"
                if streak.longest == 0
                else (f"Longest so far: {streak.longest} day{'s' if streak.longest != 1 else ''}"),
            )
        best = bests.get("overall")
        if best is None:
            self.best_card.set("—", "No scored takes yet")
        else:
            when = best.created_at.astimezone().strftime("%Y-%m-%d")
            c, lf = bests.get("clarity"), bests.get("listener_focus")
            extra = f"Clarity {c.value:.0f} · Listener focus {lf.value:.0f}" if c and lf else ""
            self.best_card.set(f"{best.value:.0f}", f"Overall, on {when}. {extra}".strip())
        s = self.series
        recent = s.overall[~np.isnan(s.overall)][-MEDIAN_WINDOW:] if s is not None else np.array([])
        if recent.size:
            med = float(np.median(recent))
            self.median_card.set(f"{med:.0f}", f"Median overall of your last {recent.size} scored takes")
        else:
            self.median_card.set("—", "")
        if issue is None:
            self.issue_card.set("None yet", "Scored takes will show what costs you the most points.")
        else:
            self.issue_card.set(
                issue.label,
                f"In {issue.takes_with_issue} of your last {issue.takes_considered} scored takes. {issue.tip}",
            )

    def _update_chart(self) -> None:
        s = self.series
        assert s is not None
        x = s.created_at
        # Unscored takes (silence, too few words) are gaps, not zero-second points.
        speech = np.where(np.isnan(s.overall), np.nan, s.speech_seconds)
        median = rolling_median(s.overall, MEDIAN_WINDOW)
        speech_median = rolling_median(speech, MEDIAN_WINDOW)
        finite = s.overall[~np.isnan(s.overall)]
        best = float(finite.max()) if finite.size else None
        target = float(np.median(s.target_seconds)) if len(s) else None
        self._chart_data = {
            "x": x,
            "overall": s.overall,
            "clarity": s.clarity,
            "listener_focus": s.listener_focus,
            "speech_seconds": speech,
            "overall_median": median,
            "speech_median": speech_median,
            "best": best,
            "target": target,
        }
        px, (p_overall, p_clarity, p_listener, p_median, p_speech, p_speech_median) = bucket_means(
            x, [s.overall, s.clarity, s.listener_focus, median, speech, speech_median]
        )
        self._chart_data["plotted_points"] = int(px.size)
        few = len(s) <= SYMBOL_LIMIT
        c = self.colors
        self.overall_curve.setData(
            px,
            p_overall,
            symbol="o" if few else None,
            symbolSize=6,
            symbolBrush=c.accent,
            symbolPen=None,
            connect="finite",
            skipFiniteCheck=True,
        )
        self.clarity_curve.setData(px, p_clarity, connect="finite", skipFiniteCheck=True)
        self.listener_curve.setData(px, p_listener, connect="finite", skipFiniteCheck=True)
        self.median_curve.setData(px, p_median, connect="finite", skipFiniteCheck=True)
        self.speech_curve.setData(
            px,
            p_speech,
            symbol="o" if few else None,
            symbolSize=5,
            symbolBrush=c.accent,
            symbolPen=None,
            connect="finite",
            skipFiniteCheck=True,
        )
        self.speech_median_curve.setData(px, p_speech_median, connect="finite", skipFiniteCheck=True)
        # Show before setValue: the line's label only re-renders its text while visible.
        if best is not None:
            self.best_line.show()
            self.best_line.setValue(best)
        else:
            self.best_line.hide()
        if target is not None:
            self.target_line.show()
            self.target_line.setValue(target)
            longest = float(np.nanmax(speech)) if np.isfinite(speech).any() else 0.0
            top = max(longest, target) * 1.15
            self.speech_plot.setYRange(0, max(top, 1.0), padding=0)
        else:
            self.target_line.hide()
        if len(x):
            span = float(x[-1] - x[0])
            pad = max(span * 0.03, 3600.0)  # a single take still gets a readable axis
            self.score_plot.setXRange(float(x[0]) - pad, float(x[-1]) + pad, padding=0)

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
            self.show_error(str(exc))
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
            self.show_error(str(exc))
            return None
        dlg = CompareDialog(takes[0], takes[1], self.colors, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()  # window-modal, without a nested event loop
        return dlg

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.undo_stack.push(DeleteTakes(self, ids))

    # Called by DeleteTakes.
    def after_delete(self, cmd: DeleteTakes) -> None:
        self.refresh()
        n = len(cmd.deleted)
        if n:
            what = "1 take" if n == 1 else f"{n} takes"
            self.undo_label.setText(f"Deleted {what} and {'its' if n == 1 else 'their'} audio.")
            self.undo_button.setEnabled(True)
            self.undo_bar.show()
        self.changed.emit()

    def after_undo(self, restored: int) -> None:
        self.refresh()
        if restored:
            what = "1 take" if restored == 1 else f"{restored} takes"
            self.undo_label.setText(f"Restored {what} with {'its' if restored == 1 else 'their'} audio.")
            self.undo_button.setEnabled(False)
            self.undo_bar.show()
        self.changed.emit()

    def _save_note(self, take_id: int, note: str) -> None:
        try:
            self.store.update(take_id, note=note)
        except StorageError as exc:
            self.show_error(str(exc))
            self.refresh()  # show what is really stored

    def show_error(self, message: str) -> None:
        log.warning("history page: %s", message)
        self.error_banner.setText(message)
        self.error_banner.show()
