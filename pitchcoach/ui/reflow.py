"""A row of cards that wraps onto more rows when the window is narrow, instead of growing a scrollbar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLayout, QWidget


class ReflowRow(QWidget):
    """Lays its widgets out in one of a few arrangements, the widest that fits the width it is given.

    ``arrangements`` lists column counts to try, widest first (e.g. (4, 2, 1)); widgets fill the
    grid row by row. A plain QHBoxLayout's minimum width is the sum of its cards', which is what
    pushed the Results page past 1040 px and cut its Timing card. Here the minimum width is only the
    narrowest arrangement's, so the scroll area can always hand the row the viewport's width, and the
    row then picks how many cards go side by side.
    """

    def __init__(
        self,
        widgets: list[QWidget],
        arrangements: tuple[int, ...],
        stretches: list[int] | None = None,
        spacing: int = 14,
    ) -> None:
        super().__init__()
        self._widgets = widgets
        self._stretches = stretches or [1] * len(widgets)
        self._arrangements = arrangements
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(spacing)
        # The layout must not force this widget's minimum size to the current arrangement's.
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._columns = 0
        self._arrange(arrangements[0])

    @property
    def columns(self) -> int:
        return self._columns

    def _needed_width(self, columns: int) -> int:
        # A grid column is as wide as the widest widget in it, whichever row that widget is on.
        n = len(self._widgets)
        widths = [max(self._widgets[i].minimumSizeHint().width() for i in range(c, n, columns)) for c in range(columns)]
        return sum(widths) + self._grid.spacing() * (columns - 1)

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for w in self._widgets:
            self._grid.removeWidget(w)
        for c in range(max(self._arrangements)):
            self._grid.setColumnStretch(c, 0)
        for i, w in enumerate(self._widgets):
            self._grid.addWidget(w, i // columns, i % columns)
        for c in range(columns):
            # A column stretches as its widest-stretching widget asks (the score dial keeps its size).
            self._grid.setColumnStretch(c, max(self._stretches[i] for i in range(c, len(self._widgets), columns)))
        self.updateGeometry()

    def columns_for(self, width: int) -> int:
        for n in self._arrangements:
            if self._needed_width(n) <= width:
                return n
        return self._arrangements[-1]

    def minimumSizeHint(self) -> QSize:
        narrowest = self._needed_width(self._arrangements[-1])
        return QSize(narrowest, self._grid.minimumSize().height())

    def sizeHint(self) -> QSize:
        return QSize(self._needed_width(self._arrangements[0]), self._grid.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(self.columns_for(event.size().width()))
        super().resizeEvent(event)

    def reflow(self) -> None:
        """Choose the arrangement again now, after the widgets' content (and so their minimum) changed."""
        for w in self._widgets:
            lay = w.layout()
            if lay is not None:
                lay.activate()
        if self.width() > 0:
            self._arrange(self.columns_for(self.width()))

    def event(self, e: QEvent) -> bool:
        # New content (another take's longer sub-score names) changes what fits at the same width.
        if e.type() == QEvent.Type.LayoutRequest and self.width() > 0:
            self._arrange(self.columns_for(self.width()))
        return super().event(e)
