"""The History page's trend chart: scores and speech length over time, with medians and markers.

Draws a :class:`pitchcoach.core.progress.Series`; long histories are shown as time-bucket
means (:func:`pitchcoach.core.progress.bucket_means`) so painting stays fast.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from pitchcoach.core.progress import Series, bucket_means, rolling_median
from pitchcoach.ui.theme import Colors

MEDIAN_WINDOW = 5
# Point markers help with a handful of takes but cost a lot with thousands.
SYMBOL_LIMIT = 200


class TrendChart(pg.GraphicsLayoutWidget):
    """Overall, clarity and listener focus above, speech seconds below, sharing one time axis."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors
        self.setBackground(colors.card)
        self.setMinimumHeight(220)
        self.setAccessibleName("Score trend chart")
        self._build()

    def _build(self) -> None:
        c = self.colors
        axis_pen = pg.mkPen(c.muted)
        # The legend gets its own row: drawn inside the plot it would hide the newest scores.
        self.legend = pg.LegendItem(colCount=6, labelTextColor=c.text)
        self.addItem(self.legend, row=0, col=0)
        self.score_plot = self.addPlot(row=1, col=0, axisItems={"bottom": pg.DateAxisItem()})
        self.speech_plot = self.addPlot(row=2, col=0, axisItems={"bottom": pg.DateAxisItem()})
        self.ci.layout.setRowStretchFactor(1, 3)
        self.ci.layout.setRowStretchFactor(2, 2)
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

    def show_series(self, s: Series) -> dict[str, Any]:
        """Draw the history; returns the arrays drawn (for tests and export)."""
        x = s.created_at
        # Unscored takes (silence, too few words) are gaps, not zero-second points.
        speech = np.where(np.isnan(s.overall), np.nan, s.speech_seconds)
        median = rolling_median(s.overall, MEDIAN_WINDOW)
        speech_median = rolling_median(speech, MEDIAN_WINDOW)
        finite = s.overall[~np.isnan(s.overall)]
        best = float(finite.max()) if finite.size else None
        target = float(np.median(s.target_seconds)) if len(s) else None
        chart_data: dict[str, Any] = {
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
        chart_data["plotted_points"] = int(px.size)
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
        return chart_data
