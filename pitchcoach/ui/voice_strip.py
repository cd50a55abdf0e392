"""The Results page's "Voice" strip: pitch contour and loudness over time, the words underneath,
marks on flat stretches, trailed-off ends and hesitations, and the playback cursor moving along.

It draws a :class:`pitchcoach.core.voice.VoiceAnalysis` (the same data, and the same marks, as the
SVG in the reports: :mod:`pitchcoach.core.voice.figure`). No logic here beyond placing items.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QWidget

from pitchcoach.core.voice.analysis import VoiceAnalysis
from pitchcoach.core.voice.figure import LEVEL_RANGE_DB, PITCH_RANGE_ST, display_contour, marks
from pitchcoach.ui.theme import Colors


# Short labels on the strip; the full wording ("heard, not transcribed", how many dB) is the tooltip.
def mark_label(kind: str, fallback: str) -> str:
    labels = {
        "flat": QCoreApplication.translate("voice_strip", "flat"),
        "trailing_off": QCoreApplication.translate("voice_strip", "trailed off"),
        "hesitation": QCoreApplication.translate("voice_strip", "uh?"),
        "prolongation": QCoreApplication.translate("voice_strip", "drawn out"),
    }
    return labels.get(kind, fallback)


# Up to one pitch frame a pixel the track is drawn frame by frame; denser than that (takes past ~20 s),
# as level dashes of this many pixels, each its frames' median: no comb of near-vertical strokes.
FRAMES_PER_PX_MAX = 1.0
DASH_PX = 6.0
WORD_GAP_PX = 10.0  # at least this much space between two word labels on one row


class VoiceStrip(pg.GraphicsLayoutWidget):
    """Click anywhere to play from there (``seek``)."""

    seek = Signal(float)

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(240)
        self.setAccessibleName(self.tr("Voice: pitch and loudness over time"))
        self.colors = colors
        self._voice: VoiceAnalysis | None = None
        self._words: Sequence[Any] = ()
        self.pitch_plot = self.addPlot(row=0, col=0)
        self.level_plot = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 2)
        self.level_plot.setXLink(self.pitch_plot)
        for plot in (self.pitch_plot, self.level_plot):
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.getAxis("left").setWidth(52)
        self.pitch_plot.getAxis("bottom").setStyle(showValues=False)
        self.pitch_plot.setYRange(-PITCH_RANGE_ST, PITCH_RANGE_ST, padding=0.02)
        self.pitch_plot.setLabel("left", self.tr("Pitch (st)"))
        self.level_plot.setLabel("left", self.tr("Loudness"))
        self.level_plot.setLabel("bottom", self.tr("seconds"))
        self.cursors = [pg.InfiniteLine(angle=90, movable=False) for _ in range(2)]
        for plot, line in zip((self.pitch_plot, self.level_plot), self.cursors, strict=True):
            line.setVisible(False)
            line.setZValue(10)  # above the marks and words added after it
            plot.addItem(line, ignoreBounds=True)
        # Built once and reused by every take (set_take); marks and word labels are pooled by kind and plot.
        self._zero = pg.InfiniteLine(pos=0, angle=0)
        self.pitch_plot.addItem(self._zero)
        self._pitch_curve = self.pitch_plot.plot()
        self._level_curve = self.level_plot.plot()
        self._pools: dict[tuple[str, int], list[Any]] = {}
        self._probe = pg.TextItem("")  # never shown: measures the word labels' line height
        for item in self._all_items():
            item.setVisible(False)
        self.scene().sigMouseClicked.connect(self._clicked)
        # Redrawn at the new size: how many frames a point spans, and where words fit, depend on it.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(50)
        self._redraw.timeout.connect(lambda: self.set_take(self._voice, self._words) if self._voice else None)
        self._drawn_size = (0, 0)
        self.pitch_top = PITCH_RANGE_ST  # the pitch axis' top, where flat-stretch labels go
        self.set_colors(colors)

    # ---- public ---------------------------------------------------------------------------
    def set_colors(self, c: Colors) -> None:
        self.colors = c
        self.setBackground(c.card)
        for plot in (self.pitch_plot, self.level_plot):
            for name in ("left", "bottom"):
                ax = plot.getAxis(name)
                ax.setPen(pg.mkPen(c.muted))
                ax.setTextPen(pg.mkPen(c.muted))
        for line in self.cursors:
            line.setPen(pg.mkPen(c.text, width=1.5))
        if self._voice is not None:
            self.set_take(self._voice, self._words)

    def set_take(self, voice: VoiceAnalysis | None, words: Sequence[Any]) -> None:
        """Draw a take. Items are reused from take to take and the ones left over hidden: creating and
        adding ~80 pyqtgraph items per take took 60-400 ms of GUI-thread time (issue 22)."""
        self._voice, self._words = voice, words
        if voice is None:
            for item in self._all_items():
                item.setVisible(False)
            self.pitch_plot.setTitle(None)
            return
        c = self.colors
        step = voice.contour_step_s
        t_end = max([len(voice.level_db) * step, len(voice.pitch_st) * step] + [float(w.end) for w in words] + [0.1])
        self.pitch_plot.setXRange(0, t_end, padding=0.01)

        px_w = self._plot_pixels()[0]
        self._drawn_size = (self.width(), self.height())
        x, y, join = self._pitch_path(voice, t_end, px_w)
        self._zero.setPen(pg.mkPen(c.muted, style=Qt.PenStyle.DashLine))
        self._zero.setVisible(True)
        self._pitch_curve.setData(x, y, connect=join)
        self._pitch_curve.setPen(pg.mkPen(c.accent, width=3))
        self._pitch_curve.setVisible(True)
        self.pitch_plot.setTitle(
            self.tr("median {hz} Hz · spread {st} semitones").format(
                hz=f"{voice.f0_median_hz:.0f}", st=f"{voice.f0_spread_semitones or 0:.1f}"
            )
            if voice.f0_median_hz
            else None,
            color=c.muted.name(),
            size="9pt",
        )

        ref = voice.level_dbfs if voice.level_dbfs is not None else -30.0
        floor_db = ref - LEVEL_RANGE_DB + 10.0
        level = np.clip(np.array(voice.level_db, dtype=float), floor_db, floor_db + LEVEL_RANGE_DB)
        fill = QColor(c.good)
        fill.setAlpha(140)
        self._level_curve.setData(np.arange(level.size) * step, level)
        self._level_curve.setPen(pg.mkPen(c.good))
        self._level_curve.setFillLevel(floor_db)
        self._level_curve.setBrush(pg.mkBrush(fill))
        self._level_curve.setVisible(True)
        row_db, words_db = self._word_rows_db([w.text.strip() for w in words])
        self.level_plot.setYRange(floor_db - words_db, floor_db + LEVEL_RANGE_DB, padding=0)
        self.level_plot.getAxis("left").setTicks([[(ref, f"{ref:.0f} dB")]])

        used: dict[tuple[str, int], int] = {}

        def take(kind: str, plot: pg.PlotItem, make: Any) -> Any:
            key = (kind, id(plot))
            pool = self._pools.setdefault(key, [])
            n = used[key] = used.get(key, 0) + 1
            n -= 1
            if n == len(pool):
                pool.append(make())
                plot.addItem(pool[n])
            pool[n].setVisible(True)
            return pool[n]

        s_per_px = t_end / px_w
        placed: dict[int, list[tuple[float, float]]] = {}  # per plot: the spans its mark labels take, in seconds
        for kind, s, e, text in marks(voice, words):
            colour = QColor(c.warn if kind in ("flat", "trailing_off") else c.bad)
            colour.setAlpha(60 if kind != "trailing_off" else 110)
            plot = self.pitch_plot if kind == "flat" else self.level_plot
            region = take("region", plot, lambda: pg.LinearRegionItem(movable=False, pen=pg.mkPen(None)))
            region.setRegion((s, e))
            region.setBrush(pg.mkBrush(colour))
            region.setToolTip(text)
            # A mark near the end of the take is labelled from its right edge, so the label stays
            # inside the plot instead of running off it ("trailec").
            near_end = s > 0.75 * t_end
            label = take("label", plot, lambda: pg.TextItem(""))
            label.setText(mark_label(kind, text), color=c.text)
            label.setAnchor((1, 0) if near_end else (0, 0))
            label.setPos(e if near_end else s, self.pitch_top if kind == "flat" else floor_db + LEVEL_RANGE_DB)
            # Two marks close together ("迟疑?" twice within a second) printed their labels over each other:
            # the later label is left out, its shaded region and tooltip still say what it is.
            width_s = (QFontMetricsF(label.textItem.font()).horizontalAdvance(label.toPlainText()) + 8) * s_per_px
            start = e - width_s if near_end else s
            spans = placed.setdefault(id(plot), [])
            if any(start < b and a < start + width_s for a, b in spans):
                label.setVisible(False)
            else:
                spans.append((start, start + width_s))

        # Words under the loudness band, on two rows; a word that would overprint both is left out.
        # Widths are measured in the labels' own font at the plot's real width ("nowIt's" overlapped).
        row_end = [-1.0, -1.0]
        for w in words:
            text = w.text.strip()
            for row in (0, 1):
                if float(w.start) >= row_end[row]:
                    item = take("word", self.level_plot, lambda: pg.TextItem("", anchor=(0, 0)))
                    item.setText(text, color=c.text)
                    item.setPos(float(w.start), floor_db - row * row_db)
                    width_px = QFontMetricsF(item.textItem.font()).horizontalAdvance(text)
                    row_end[row] = float(w.start) + (width_px + WORD_GAP_PX) * s_per_px
                    break
        for key, pool in self._pools.items():
            for item in pool[used.get(key, 0) :]:
                item.setVisible(False)
        for line in self.cursors:
            line.setVisible(False)  # until playback (the page's _sync_play) shows it

    def _pitch_path(self, voice: VoiceAnalysis, t_end: float, px_w: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pitch line's points and which of them join the next; sets the pitch axis to fit them."""
        step = voice.contour_step_s
        if step <= 0 or t_end / step / px_w <= FRAMES_PER_PX_MAX:
            raw = np.array([np.nan if v is None else v for v in voice.pitch_st], dtype=float)
            idx = np.flatnonzero(~np.isnan(raw))
            x, y = idx * step, raw[idx]
            join = np.zeros(y.size, dtype=bool)
            join[:-1] = np.diff(idx) == 1  # frame by frame, broken where a frame is unvoiced
        else:
            bins = display_contour(voice.pitch_st, step, t_end / px_w * DASH_PX)
            x = np.array([t for s0, e0, _ in bins for t in (s0, e0)])
            y = np.array([v for _, _, v in bins for _ in (0, 1)])
            join = np.zeros(y.size, dtype=bool)
            join[0::2] = True  # a dash joins its own two ends, never the next dash: no risers
        # The axis fits the track (a +10 st peak was cut off at the fixed +-8 st).
        self.pitch_top = max(PITCH_RANGE_ST, float(y.max()) + 0.5) if y.size else PITCH_RANGE_ST
        bottom = min(-PITCH_RANGE_ST, float(y.min()) - 0.5) if y.size else -PITCH_RANGE_ST
        self.pitch_plot.setYRange(bottom, self.pitch_top, padding=0.02)
        return x, y, join

    def _word_rows_db(self, texts: Sequence[str]) -> tuple[float, float]:
        """(one word row's height, both rows' with margins) in the loudness plot's dB units, from the words'
        own line height at the plot's real height. A fixed 11 dB fitted Latin text only: hanzi fall back to
        the taller CJK face and the second row was cut off at the plot's bottom (issue 25)."""
        probe = self._probe
        probe.setText(" ".join(texts) or "Ag")
        doc = probe.textItem.document()
        line_px = probe.textItem.boundingRect().height() - 2 * doc.documentMargin()
        margin_px = doc.documentMargin()  # a text item draws its text this far below its anchor
        need_px = 2 * (line_px + 1) + margin_px + 2
        plot_px = self.level_plot.vb.height()
        if plot_px < 30:  # before the first layout: the loudness plot's share of the widget
            plot_px = max(60.0, self.height() * 0.3)
        share = min(need_px / plot_px, 0.6)  # a very short strip keeps some room for the loudness band
        db_per_px = LEVEL_RANGE_DB / (1 - share) / plot_px
        return (line_px + 1) * db_per_px, need_px * db_per_px

    def _plot_pixels(self) -> tuple[float, float]:
        """The pitch plot's drawing area in pixels; before the first layout, an estimate from the widget."""
        vb = self.pitch_plot.vb
        w, h = vb.width(), vb.height()
        if w < 50 or h < 50:
            w, h = max(300.0, self.width() - 70.0), max(120.0, self.height() * 0.55)
        return float(w), float(h)

    def resizeEvent(self, ev: QResizeEvent) -> None:
        super().resizeEvent(ev)
        # Qt resizes the widget while __init__ still runs, before there is anything to draw.
        if getattr(self, "_voice", None) is not None and (self.width(), self.height()) != self._drawn_size:
            self._redraw.start()

    def _all_items(self) -> list[Any]:
        return [self._zero, self._pitch_curve, self._level_curve, *(i for pool in self._pools.values() for i in pool)]

    def set_cursor(self, seconds: float | None) -> None:
        """The playback position, or None when nothing plays."""
        for line in self.cursors:
            line.setVisible(seconds is not None)
            if seconds is not None:
                line.setValue(seconds)

    # ---- events ---------------------------------------------------------------------------
    def _clicked(self, event: Any) -> None:
        if self._voice is None:
            return
        vb = self.pitch_plot.vb
        pos = vb.mapSceneToView(event.scenePos())
        self.seek.emit(max(0.0, float(pos.x())))
