"""The History page's trend chart: scores and speech length per take, with medians and markers.

Draws a :class:`pitchcoach.core.progress.Series`. By default the x-axis is the take order
(every take the same width, however the takes are spread in time) with a date at each new
day; the user can switch to a time axis. Long histories are drawn as bucket means
(:func:`pitchcoach.core.progress.bucket_means`) so painting stays fast. A speech length far
beyond the usual spread is drawn as a triangle at the top edge (its value in the tooltip)
instead of flattening every other take.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from pitchcoach.core import progress
from pitchcoach.core.progress import Series, bucket_means, rolling_median
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.widgets import label

MEDIAN_WINDOW = 5
# Point markers help with a handful of takes but cost a lot with thousands.
SYMBOL_LIMIT = 200
BY_TAKE, BY_DATE = "take", "date"
# A day label needs about this many pixels; closer day starts are skipped.
DAY_LABEL_PX = 64


def fmt_day(day: Any) -> str:
    # The translation may reorder or drop fields: Chinese writes "12月7日" from {m} and {d}.
    return QCoreApplication.translate("history_chart", "{d} {mon}").format(d=day.day, mon=f"{day:%b}", m=day.month)


class TrendAxis(pg.DateAxisItem):
    """A bottom axis that labels take order with dates at day starts, or (by date) plain time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(orientation="bottom", **kwargs)
        self.mode = BY_TAKE
        self.day_starts: list[progress.DayStart] = []
        # Day labels are thinned so they never overlap. pyqtgraph hides a label whose centred box
        # pokes past the axis end by more than this many pixels: the first day's label does, before
        # generateDrawSpecs moves it right of its line.
        self.setStyle(hideOverlappingLabels=DAY_LABEL_PX)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> Any:  # pyqtgraph API
        if self.mode == BY_DATE:
            return super().tickValues(minVal, maxVal, size)
        takes_per_px = (maxVal - minVal) / max(size, 1.0)
        # Take n sits at x = n (1-based); a day's line goes just before its first take.
        shown = [d for d in self.day_starts if minVal <= d.index + 0.5 <= maxVal]
        kept = progress.thin_day_starts(shown, DAY_LABEL_PX * takes_per_px)
        return [(1.0, [d.index + 0.5 for d in kept])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.mode == BY_DATE:
            return super().tickStrings(values, scale, spacing)
        days = {d.index: d.day for d in self.day_starts}
        return [fmt_day(days[int(round(v - 0.5))]) if int(round(v - 0.5)) in days else "" for v in values]

    def generateDrawSpecs(self, p: Any) -> Any:
        if self.mode == BY_DATE:
            return super().generateDrawSpecs(p)
        # Day labels start at their line (left-aligned) so "26 Nov" reads as "from here on".
        axis, ticks, texts = pg.AxisItem.generateDrawSpecs(self, p)
        moved = []
        for rect, flags, text in texts:
            r = rect.translated(rect.width() / 2 + 3, 0)
            moved.append((r, (flags & ~Qt.AlignmentFlag.AlignHCenter) | Qt.AlignmentFlag.AlignLeft, text))
        return axis, ticks, moved


class TrendChart(pg.GraphicsLayoutWidget):
    """Overall, clarity and listener focus above, speech seconds below, sharing one x-axis."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors
        self.mode = BY_TAKE
        self.setMinimumHeight(220)
        self.setAccessibleName(self.tr("Score trend chart"))
        self._series: Series | None = None
        self._target: float | None = None
        self._build()
        self.set_colors(colors)

    def _build(self) -> None:
        # The legend gets its own row: drawn inside the plot it would hide the newest scores.
        self.legend = pg.LegendItem(colCount=6)
        self.addItem(self.legend, row=0, col=0)
        self.score_axis, self.speech_axis = TrendAxis(), TrendAxis()
        self.score_plot = self.addPlot(row=1, col=0, axisItems={"bottom": self.score_axis})
        self.speech_plot = self.addPlot(row=2, col=0, axisItems={"bottom": self.speech_axis})
        self.ci.layout.setRowStretchFactor(1, 3)
        self.ci.layout.setRowStretchFactor(2, 2)
        self.speech_plot.setXLink(self.score_plot)
        for plot in (self.score_plot, self.speech_plot):
            # Same width for both left axes, so the two plots' x positions line up.
            plot.getAxis("left").setWidth(48)
            # No x grid: with it pyqtgraph drops the first day's label; day lines are drawn instead.
            plot.showGrid(x=False, y=True, alpha=0.15)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=True, y=False)
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
        self.score_plot.setYRange(0, 100, padding=0.03)
        self.score_plot.getAxis("bottom").setStyle(showValues=False)

        def curve(plot: Any, name: str | None) -> Any:
            item = plot.plot([], [], connect="finite", skipFiniteCheck=True)
            if name:
                self.legend.addItem(item, name)
            return item

        self.clarity_curve = curve(self.score_plot, self.tr("Clarity"))
        self.listener_curve = curve(self.score_plot, self.tr("Listener focus"))
        self.overall_curve = curve(self.score_plot, self.tr("Overall"))
        self.median_curve = curve(self.score_plot, self.tr("Median of {n}").format(n=MEDIAN_WINDOW))
        # Labels sit inside the plot, right of the axis and below their line: above it, a best
        # of 100 or a target at the top edge would be cut off.
        label_opts = {"position": 0.01, "anchors": [(0, 0), (0, 0)], "fill": None}
        self.best_line = pg.InfiniteLine(
            angle=0, movable=False, label=self.tr("Personal best {value:.0f}"), labelOpts=label_opts
        )
        self.score_plot.addItem(self.best_line, ignoreBounds=True)
        self.best_line.hide()

        self.speech_curve = curve(self.speech_plot, self.tr("Speech seconds"))
        self.speech_median_curve = curve(self.speech_plot, None)
        self.target_line = pg.InfiniteLine(
            angle=0, movable=False, label=self.tr("Target {value:g} s"), labelOpts=label_opts
        )
        self.speech_plot.addItem(self.target_line, ignoreBounds=True)
        self.target_line.hide()
        # Speech lengths beyond the axis top: a triangle at the edge; hover shows the real length.
        self.clipped_marks = pg.ScatterPlotItem(symbol="t1", size=11, hoverable=True, tip=self._clipped_tip)
        self.speech_plot.addItem(self.clipped_marks)
        self.day_lines: list[tuple[Any, pg.InfiniteLine]] = []

    @staticmethod
    def _clipped_tip(x: float, y: float, data: Any) -> str:
        take, seconds = data
        return QCoreApplication.translate("TrendChart", "Take {take}: {s} s of speech (off the scale)").format(
            take=take, s=f"{seconds:.1f}"
        )

    # ---- style ------------------------------------------------------------------------
    def set_colors(self, colors: Colors) -> None:
        """Restyle every item for a theme (pyqtgraph does not follow the Qt palette)."""
        self.colors = c = colors
        self.setBackground(c.card)
        axis_pen = pg.mkPen(c.muted)
        for plot, ylabel in ((self.score_plot, self.tr("Score")), (self.speech_plot, self.tr("Speech (s)"))):
            plot.setLabel("left", ylabel, color=c.muted.name())
            for name in ("left", "bottom"):
                ax = plot.getAxis(name)
                ax.setPen(axis_pen)
                ax.setTextPen(axis_pen)
        self.legend.setLabelTextColor(c.text)
        solid, dash = Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine
        for item, color, width, style in (
            (self.clarity_curve, c.good, 1.2, solid),
            (self.listener_curve, c.warn, 1.2, solid),
            (self.overall_curve, c.accent, 2.4, solid),
            (self.median_curve, c.text, 1.6, dash),
            (self.speech_curve, c.accent, 1.6, solid),
            (self.speech_median_curve, c.text, 1.4, dash),
        ):
            item.setPen(pg.mkPen(QColor(color), width=width, style=style))
        for line, color in ((self.best_line, c.good), (self.target_line, c.bad)):
            line.setPen(pg.mkPen(color, width=1.2, style=Qt.PenStyle.DotLine if line is self.best_line else dash))
            line.label.setColor(color)
        for _plot, line in self.day_lines:
            line.setPen(self._day_pen())
        self.clipped_marks.setBrush(pg.mkBrush(c.bad))
        self.clipped_marks.setPen(pg.mkPen(c.card, width=1))
        # The legend swatches copy the pens when added; rebuild them from the new pens.
        for sample, _label in self.legend.items:
            sample.update()
        if self._series is not None:
            self.show_series(self._series, self._target)

    def _day_pen(self) -> Any:
        color = QColor(self.colors.muted)
        color.setAlpha(90)
        return pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine)

    def _draw_day_lines(self, days: list[progress.DayStart], n: int) -> None:
        for plot, line in self.day_lines:
            plot.removeItem(line)
        self.day_lines = []
        if self.mode != BY_TAKE:
            return
        # At most about a hundred lines: years of daily practice would otherwise be a solid wall.
        for d in progress.thin_day_starts(days[1:], n / 100):
            for plot in (self.score_plot, self.speech_plot):
                line = pg.InfiniteLine(d.index + 0.5, angle=90, movable=False, pen=self._day_pen())
                plot.addItem(line, ignoreBounds=True)
                self.day_lines.append((plot, line))

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        for axis in (self.score_axis, self.speech_axis):
            axis.mode = mode
            # Time labels are centred on their tick and may not overhang the axis; day labels may.
            axis.setStyle(hideOverlappingLabels=DAY_LABEL_PX if mode == BY_TAKE else True)
        if self._series is not None:
            self.show_series(self._series, self._target)

    # ---- data -------------------------------------------------------------------------
    def show_series(self, s: Series, target: float | None) -> dict[str, Any]:
        """Draw the history against the user's current ``target``; returns the arrays drawn."""
        self._series, self._target = s, target
        n = len(s)
        takes = np.arange(1, n + 1, dtype=float)
        x = takes if self.mode == BY_TAKE else s.created_at
        days = progress.day_starts(s.created_at)
        self.score_axis.day_starts = self.speech_axis.day_starts = days
        self._draw_day_lines(days, n)
        # Unscored takes (silence, too few words) are gaps, not zero-second points.
        speech = np.where(np.isnan(s.overall), np.nan, s.speech_seconds)
        median = rolling_median(s.overall, MEDIAN_WINDOW)
        speech_median = rolling_median(speech, MEDIAN_WINDOW)
        finite = s.overall[~np.isnan(s.overall)]
        best = float(finite.max()) if finite.size else None
        longest = float(np.nanmax(speech)) if np.isfinite(speech).any() else 0.0
        floor = max(target or 0.0, 1.0) * 1.25
        limit = progress.outlier_limit(speech, floor=floor)
        top = limit if limit is not None else max(longest * 1.08, floor)
        clipped = np.flatnonzero(speech > top) if limit is not None else np.empty(0, dtype=np.intp)
        shown_speech = np.where(speech > top, top, speech)
        chart_data: dict[str, Any] = {
            "x": x,
            "take": takes,
            "overall": s.overall,
            "clarity": s.clarity,
            "listener_focus": s.listener_focus,
            "speech_seconds": speech,
            "overall_median": median,
            "speech_median": speech_median,
            "best": best,
            "target": target,
            "speech_top": top,
            "clipped": [(int(takes[i]), float(speech[i])) for i in clipped],
            "day_labels": [(d.index + 1, fmt_day(d.day)) for d in days],
        }
        px, (p_overall, p_clarity, p_listener, p_median, p_speech, p_speech_median) = bucket_means(
            x, [s.overall, s.clarity, s.listener_focus, median, shown_speech, speech_median]
        )
        if not np.isfinite(p_overall).any():
            # Nothing scored: plot nothing (all-NaN points make pyqtgraph warn while sizing its axes).
            px, p_overall, p_clarity, p_listener, p_median, p_speech, p_speech_median = (
                a[:0] for a in (px, p_overall, p_clarity, p_listener, p_median, p_speech, p_speech_median)
            )
        chart_data["plotted_points"] = int(px.size)
        few = n <= SYMBOL_LIMIT
        c = self.colors
        marker = {"symbolPen": None, "connect": "finite", "skipFiniteCheck": True}
        self.overall_curve.setData(
            px, p_overall, symbol="o" if few else None, symbolSize=6, symbolBrush=c.accent, **marker
        )
        self.clarity_curve.setData(px, p_clarity, connect="finite", skipFiniteCheck=True)
        self.listener_curve.setData(px, p_listener, connect="finite", skipFiniteCheck=True)
        self.median_curve.setData(px, p_median, connect="finite", skipFiniteCheck=True)
        self.speech_curve.setData(
            px, p_speech, symbol="o" if few else None, symbolSize=5, symbolBrush=c.accent, **marker
        )
        self.speech_median_curve.setData(px, p_speech_median, connect="finite", skipFiniteCheck=True)
        self.clipped_marks.setData(
            x=x[clipped], y=np.full(clipped.size, top), data=[(int(takes[i]), float(speech[i])) for i in clipped]
        )
        # Show before setValue: the line's label only re-renders its text while visible.
        if best is not None:
            self.best_line.show()
            self.best_line.setValue(best)
        else:
            self.best_line.hide()
        if target is not None:
            self.target_line.show()
            self.target_line.setValue(target)
        else:
            self.target_line.hide()
        self.speech_plot.setYRange(0, top, padding=0.04)
        if n:
            if self.mode == BY_TAKE:
                self.score_plot.setXRange(0.5, n + 0.5, padding=0.01)
            else:
                span = float(x[-1] - x[0])
                pad = max(span * 0.03, 3600.0)  # a single take still gets a readable axis
                self.score_plot.setXRange(float(x[0]) - pad, float(x[-1]) + pad, padding=0)
        return chart_data


class TrendPanel(QWidget):
    """The chart with its "By take / By date" switch, a note on targets, and an empty state."""

    mode_changed = Signal(str)

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(4)
        bar = QHBoxLayout()
        self.target_note = label("", "muted", wrap=True)
        self.target_note.setAccessibleName(self.tr("Target note"))
        bar.addWidget(self.target_note, 1)
        self.by_take = QPushButton(self.tr("By take"))
        self.by_date = QPushButton(self.tr("By date"))
        self.by_take.setToolTip(self.tr("Every take the same width; dates mark each new day"))
        self.by_date.setToolTip(self.tr("Takes placed at the time they were recorded"))
        self.mode_group = QButtonGroup(self)
        for b in (self.by_take, self.by_date):
            b.setCheckable(True)
            self.mode_group.addButton(b)
            bar.addWidget(b)
        self.by_take.setChecked(True)
        v.addLayout(bar)
        self.stack = QStackedWidget()
        self.chart = TrendChart(colors)
        self.empty = label("", "muted", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName(self.tr("Chart empty"))
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self.empty)
        v.addWidget(self.stack, 1)
        self.set_colors(colors)
        self.by_take.toggled.connect(lambda on: self._set_mode(BY_TAKE) if on else None)
        self.by_date.toggled.connect(lambda on: self._set_mode(BY_DATE) if on else None)

    def _set_mode(self, mode: str) -> None:
        self.chart.set_mode(mode)
        self.mode_changed.emit(mode)

    def set_colors(self, colors: Colors) -> None:
        self.chart.set_colors(colors)
        # Fusion draws a checked button barely darker than an unchecked one (in the dark theme not
        # at all), so the chosen axis is marked in the accent colour.
        c = colors
        on_accent = "#10131a" if c.dark else "#ffffff"
        for b in (self.by_take, self.by_date):
            b.setStyleSheet(
                f"QPushButton:checked {{ background: {c.accent.name()}; color: {on_accent}; "
                f"border: 1px solid {c.accent.name()}; border-radius: 3px; padding: 3px 10px; }}"
            )

    def show_series(self, s: Series, target: float) -> dict[str, Any]:
        data = self.chart.show_series(s, target)
        scored = int(np.count_nonzero(~np.isnan(s.overall)))
        if scored == 0:
            # Empty axes (with pyqtgraph's "0.100 … 0.900" ticks) say nothing; say what will appear.
            self.empty.setText(
                self.tr("Your scores will be charted here once a take is scored.")
                if len(s) == 0
                else self.tr("None of your takes could be scored yet, so there is nothing to chart.")
            )
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.chart)
        for b in (self.by_take, self.by_date):
            b.setVisible(scored > 0)
        others = progress.other_targets(s.target_seconds, target)
        if others and scored:
            listed = self.tr(", ").join(
                (self.tr("1 take against {t} s") if k == 1 else self.tr("{k} takes against {t} s")).format(
                    k=k, t=f"{t:g}"
                )
                for t, k in others
            )
            self.target_note.setText(
                self.tr(
                    "Target line: {t} s, your current setting. Some takes were timed against a different target: "
                    "{listed}."
                ).format(t=f"{target:g}", listed=listed)
            )
        else:
            line = self.tr("Target line: {t} s, your current setting.").format(t=f"{target:g}")
            self.target_note.setText(line if scored else "")
        data["empty"] = scored == 0
        return data
