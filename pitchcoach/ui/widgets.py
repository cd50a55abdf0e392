"""Small custom-painted widgets: level meter, timer bar, score dial, sub-score bar, structure strip."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from pitchcoach.core.scoring.result import STRUCTURE_PARTS
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS
from pitchcoach.core.scoring.timing import length_window
from pitchcoach.ui.core_labels import band_name, structure_name
from pitchcoach.ui.theme import Colors

METER_FLOOR_DB = -60.0


def card(parent: QWidget | None = None) -> QFrame:
    f = QFrame(parent)
    f.setObjectName("card")
    return f


def label(text: str = "", kind: str | None = None, wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    if kind:
        lab.setObjectName(kind)
    lab.setWordWrap(wrap)
    if wrap:
        lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


class LevelMeter(QWidget):
    """Horizontal dBFS meter with a slowly falling peak marker.

    The value is set by the page's poll timer; the meter only paints, so it is
    cheap at 30 fps.
    """

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._c = colors
        self._db = METER_FLOOR_DB
        self._peak = METER_FLOOR_DB
        self.setAccessibleName(self.tr("Input level"))
        self.setAccessibleDescription(self.tr("Microphone input level in decibels"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(160)

    def sizeHint(self) -> QSize:
        return QSize(320, max(14, self.fontMetrics().height()))

    def set_colors(self, c: Colors) -> None:
        self._c = c
        self.update()

    @property
    def level_db(self) -> float:
        return self._db

    def set_level_db(self, db: float | None) -> None:
        if db is None or not math.isfinite(db):
            db = METER_FLOOR_DB
        db = max(METER_FLOOR_DB, min(0.0, db))
        self._db = db
        # Peak falls ~0.6 dB per update (~18 dB/s at 30 fps): easy to read, never sticky.
        self._peak = max(db, self._peak - 0.6)
        self.setAccessibleDescription(self.tr("Input level {db} dB").format(db=f"{db:.0f}"))
        self.update()

    def reset(self) -> None:
        self._db = self._peak = METER_FLOOR_DB
        self.update()

    def _x(self, db: float, width: float) -> float:
        return width * (db - METER_FLOOR_DB) / -METER_FLOOR_DB

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt naming
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        track = QColor(self._c.muted)
        track.setAlpha(50)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(track)
        p.drawRoundedRect(r, 4, 4)
        w = r.width()
        x = self._x(self._db, w)
        # Colour by zone so "too quiet" / "good" / "too loud" reads without numbers.
        if self._db > -6:
            fill = self._c.bad
        elif self._db > -18:
            fill = self._c.warn if self._db > -10 else self._c.good
        elif self._db > -40:
            fill = self._c.good
        else:
            fill = self._c.muted
        if x > 0:
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(r.left(), r.top(), x, r.height()), 4, 4)
        px = r.left() + self._x(self._peak, w)
        p.setPen(QPen(self._c.text, 2))
        if self._peak > METER_FLOOR_DB:
            p.drawLine(int(px), int(r.top() + 2), int(px), int(r.bottom() - 2))
        p.end()


def seconds_over(elapsed: float, limit: float) -> int:
    """Whole seconds past `limit`, counted down; 0 until a full second has passed.

    The timer and the state line both read from this, so a take half a second past the limit never
    shows "Over time by 0 s" in red: nobody notices half a second, and the label never reads 0.
    """
    return max(0, math.floor(elapsed - limit))


def on_target_window(target: float) -> tuple[float, float]:
    """The practice timer's green band: the same range in which timing scores 100 ("On target")."""
    return length_window(target)


class TimerBar(QWidget):
    """Fills toward the target; the on-target range (scoring's window, 15-30 s for a 20 s target) is
    the green band with the target marked inside it; past the range's end it turns 'over time'."""

    def __init__(
        self, colors: Colors, target_seconds: float = DEFAULT_TARGET_SECONDS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._c = colors
        self._target = target_seconds
        self._elapsed = 0.0
        self.setAccessibleName(self.tr("Time against target"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(200)
        self._update_description()

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(480, fm.height() * 2 + 22)

    def set_colors(self, c: Colors) -> None:
        self._c = c
        self.update()

    def set_target(self, seconds: float) -> None:
        self._target = max(1.0, float(seconds))
        self._update_description()
        self.update()

    def set_elapsed(self, seconds: float) -> None:
        self._elapsed = max(0.0, float(seconds))
        self._update_description()
        self.update()

    @property
    def elapsed(self) -> float:
        return self._elapsed

    @property
    def on_target_range(self) -> tuple[float, float]:
        return on_target_window(self._target)

    @property
    def on_target(self) -> bool:
        lo, hi = self.on_target_range
        return lo <= self._elapsed and not self.over_time

    @property
    def over_time(self) -> bool:
        return seconds_over(self._elapsed, self.on_target_range[1]) >= 1

    @property
    def span(self) -> float:
        # Room beyond the range's end so the over-time state has space to be seen.
        return max(self.on_target_range[1] * 1.2, self._elapsed)

    def _update_description(self) -> None:
        lo, hi = self.on_target_range
        state = (
            self.tr("over time")
            if self.over_time
            else self.tr("on target")
            if self.on_target
            else self.tr("not yet on target")
        )
        self.setAccessibleDescription(
            self.tr("{elapsed} of {target} seconds, {state} (on target: {lo} to {hi} seconds)").format(
                elapsed=f"{self._elapsed:.0f}",
                target=f"{self._target:.0f}",
                state=state,
                lo=f"{lo:.0f}",
                hi=f"{hi:.0f}",
            )
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        bar_h = max(14.0, fm.height() * 0.9)
        r = QRectF(0.5, 0.5, self.width() - 1.0, bar_h)
        span = self.span
        lo, hi = self.on_target_range

        def x_at(t: float) -> float:
            return r.left() + r.width() * min(1.0, t / span)

        track = QColor(self._c.muted)
        track.setAlpha(45)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(track)
        p.drawRoundedRect(r, bar_h / 2, bar_h / 2)

        zone = QColor(self._c.good)
        zone.setAlpha(70)
        p.setBrush(zone)
        z0, z1 = x_at(lo), x_at(hi)
        p.drawRect(QRectF(z0, r.top(), z1 - z0, r.height()))

        clip = QPainterPath()
        clip.addRoundedRect(r, bar_h / 2, bar_h / 2)
        p.setClipPath(clip)
        fill_w = x_at(self._elapsed) - r.left()
        if fill_w > 0:
            within = min(self._elapsed, hi)
            p.setBrush(self._c.accent)
            p.drawRect(QRectF(r.left(), r.top(), x_at(within) - r.left(), r.height()))
            if self.over_time:
                p.setBrush(self._c.bad)
                p.drawRect(QRectF(x_at(hi), r.top(), x_at(self._elapsed) - x_at(hi), r.height()))
        p.setClipping(False)

        # Target marker inside the band, and labels under the bar.
        tx = x_at(self._target)
        p.setPen(QPen(self._c.text, 2))
        p.drawLine(int(tx), int(r.top() - 0), int(tx), int(r.bottom() + 4))
        p.setPen(self._c.muted)
        y = r.bottom() + 6 + fm.ascent()
        p.drawText(int(r.left()), int(y), self.tr("{n} s").format(n=0))
        target_text = self.tr("target {t} s").format(t=f"{self._target:.0f}")
        tw = fm.horizontalAdvance(target_text)
        target_left = min(r.right() - tw, max(r.left(), tx - tw / 2))
        p.drawText(int(target_left), int(y), target_text)
        if self.over_time:
            f = QFont(self.font())
            f.setBold(True)
            p.setFont(f)
            p.setPen(self._c.bad)
            txt = self.tr("Over time by {over} s").format(over=seconds_over(self._elapsed, hi))
            p.drawText(int(r.right() - QFontMetrics(f).horizontalAdvance(txt)), int(y), txt)
        else:
            # The band's end, where "over time" starts: only where it clears the target label.
            end_text = self.tr("{n} s").format(n=f"{hi:.0f}")
            ew = fm.horizontalAdvance(end_text)
            ex = min(r.right() - ew, x_at(hi) - ew / 2)
            if ex > target_left + tw + 8:
                p.drawText(int(ex), int(y), end_text)
        p.end()


def band_color(c: Colors, band: str | None) -> QColor:
    return {"Great": c.good, "Good": c.accent, "Needs work": c.warn, "Rework": c.bad}.get(band or "", c.muted)


class ScoreDial(QWidget):
    """The overall score as a ring, with the band underneath."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._c = colors
        self._score: int | None = None
        self._band: str | None = None
        self.setAccessibleName(self.tr("Overall score"))
        self.setMinimumSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        s = self.fontMetrics().height() * 9
        return QSize(s, s)

    def set_colors(self, c: Colors) -> None:
        self._c = c
        self.update()

    def set_score(self, score: int | None, band: str | None) -> None:
        self._score, self._band = score, band
        self.setAccessibleDescription(
            self.tr("No score")
            if score is None
            else self.tr("{score} out of 100, {band}").format(score=score, band=band_name(band))
        )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 12
        r = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        pen_w = max(8.0, side / 14)
        track = QColor(self._c.muted)
        track.setAlpha(50)
        p.setPen(QPen(track, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawArc(r, 0, 360 * 16)
        col = band_color(self._c, self._band)
        if self._score is not None:
            p.setPen(QPen(col, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawArc(r, 90 * 16, -int(360 * 16 * max(0, min(100, self._score)) / 100))
        f = QFont(self.font())
        f.setPointSizeF(max(12.0, self.font().pointSizeF() * 3.2))
        f.setBold(True)
        p.setFont(f)
        p.setPen(self._c.text)
        inner = r.adjusted(0, -side * 0.08, 0, -side * 0.08)
        p.drawText(inner, Qt.AlignmentFlag.AlignCenter, "–" if self._score is None else str(self._score))
        f2 = QFont(self.font())
        f2.setBold(True)
        p.setFont(f2)
        p.setPen(col)
        p.drawText(r.adjusted(0, side * 0.28, 0, 0), Qt.AlignmentFlag.AlignCenter, band_name(self._band))
        p.end()


class ScoreBar(QWidget):
    """A thin bar showing score out of weight; used for sub-scores and the two halves."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._c = colors
        self._value = 0.0
        self._maximum = 1.0
        self._skipped = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(120, max(8, self.fontMetrics().height() // 2))

    def minimumSizeHint(self) -> QSize:
        return QSize(40, max(8, self.fontMetrics().height() // 2))

    def set_colors(self, c: Colors) -> None:
        self._c = c
        self.update()

    def set_value(self, value: float, maximum: float, skipped: bool = False) -> None:
        self._value, self._maximum, self._skipped = value, max(1e-9, maximum), skipped
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        rad = r.height() / 2
        track = QColor(self._c.muted)
        track.setAlpha(45)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(track)
        p.drawRoundedRect(r, rad, rad)
        if not self._skipped:
            frac = max(0.0, min(1.0, self._value / self._maximum))
            col = self._c.good if frac >= 0.85 else self._c.accent if frac >= 0.6 else self._c.warn
            if frac < 0.35:
                col = self._c.bad
            if frac > 0:
                p.setBrush(col)
                p.drawRoundedRect(QRectF(r.left(), r.top(), max(r.height(), r.width() * frac), r.height()), rad, rad)
        p.end()


class StructureStrip(QWidget):
    """Six steps of a good introduction; a filled mark on each that the take contains."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._c = colors
        self._parts: dict[str, bool] = {}
        self.setAccessibleName(self.tr("Pitch structure"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        widest = max(fm.horizontalAdvance(structure_name(k)) for k in STRUCTURE_PARTS)
        return QSize(len(STRUCTURE_PARTS) * (widest + 16), fm.height() * 3 + 10)

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(
            len(STRUCTURE_PARTS) * fm.horizontalAdvance(structure_name("who_it_helps")[:6]), fm.height() * 3 + 10
        )

    def set_colors(self, c: Colors) -> None:
        self._c = c
        self.update()

    def set_parts(self, parts: dict[str, bool]) -> None:
        self._parts = dict(parts)
        present = [structure_name(k) for k in STRUCTURE_PARTS if self._parts.get(k)]
        missing = [structure_name(k) for k in STRUCTURE_PARTS if not self._parts.get(k)]
        none = self.tr("none")
        self.setAccessibleDescription(
            self.tr("Present: {present}. Missing: {missing}.").format(
                present=self.tr(", ").join(present) or none, missing=self.tr(", ").join(missing) or none
            )
        )
        self.setToolTip(self.accessibleDescription())
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        n = len(STRUCTURE_PARTS)
        w = self.width() / n
        d = fm.height() * 1.3
        cy = 4 + d / 2
        # connecting line behind the marks
        line = QColor(self._c.muted)
        line.setAlpha(90)
        p.setPen(QPen(line, 2))
        p.drawLine(int(w / 2), int(cy), int(self.width() - w / 2), int(cy))
        for i, key in enumerate(STRUCTURE_PARTS):
            text = structure_name(key)
            cx = w * i + w / 2
            circle = QRectF(cx - d / 2, cy - d / 2, d, d)
            on = bool(self._parts.get(key))
            if on:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(self._c.good)
                p.drawEllipse(circle)
                p.setPen(QPen(QColor("#ffffff"), max(2.0, d / 9), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                path = QPainterPath()
                path.moveTo(cx - d * 0.22, cy + d * 0.02)
                path.lineTo(cx - d * 0.05, cy + d * 0.2)
                path.lineTo(cx + d * 0.25, cy - d * 0.18)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
            else:
                p.setBrush(self._c.card)
                p.setPen(QPen(self._c.muted, 2, Qt.PenStyle.DashLine))
                p.drawEllipse(circle)
            p.setPen(self._c.text if on else self._c.muted)
            text_rect = QRectF(w * i + 2, cy + d / 2 + 2, w - 4, fm.height() * 2 + 4)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            p.drawText(text_rect, int(flags), text)
        p.end()
