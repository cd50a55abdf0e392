"""A visible focus ring for the Tab stops the style draws none for.

Fusion marks a focused button, field or table, but not a scroll area (a page, the Results page), a
text view (the transcript) or a chart (pyqtgraph's views): Tab landed there and nothing on screen
moved. A style-sheet border cannot help, since those widgets have no frame to draw it in. The ring
is a transparent child laid over the focused widget, drawing only its outline, so it shows
whatever the widget paints, and it goes with the widget if the widget is deleted.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QWidget

from pitchcoach.ui.theme import Colors


def needs_ring(w: QWidget | None) -> bool:
    """Scroll areas, text views and charts; item views (lists, tables) mark their current item."""
    return isinstance(w, QAbstractScrollArea) and not isinstance(w, QAbstractItemView)


class Ring(QWidget):
    WIDTH = 2.0

    def __init__(self, target: QWidget, colors: Colors) -> None:
        super().__init__(target)
        self._colors = colors
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.raise_()
        self.show()

    def set_colors(self, c: Colors) -> None:
        self._colors = c
        self.update()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.parent() and event.type() == QEvent.Type.Resize and isinstance(obj, QWidget):
            self.setGeometry(obj.rect())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(self._colors.accent, self.WIDTH))
        half = self.WIDTH / 2
        p.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 4, 4)
        p.end()


class FocusRing(QObject):
    """Follows the application's focus (connect ``follow`` to QApplication.focusChanged)."""

    def __init__(self, colors: Colors, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colors = colors
        self._ring: Ring | None = None

    @property
    def target(self) -> QWidget | None:
        ring = self._ring
        if ring is None or not shiboken6.isValid(ring):
            return None
        parent = ring.parentWidget()
        return parent if ring.isVisible() else None

    def set_colors(self, c: Colors) -> None:
        self._colors = c
        if self._ring is not None and shiboken6.isValid(self._ring):
            self._ring.set_colors(c)

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        ring, self._ring = self._ring, None
        if ring is not None and shiboken6.isValid(ring):
            ring.hide()
            ring.deleteLater()
        if new is not None and needs_ring(new):
            self._ring = Ring(new, self._colors)
