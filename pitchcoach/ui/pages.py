"""The window's body: the page list on the left, the pages on the right, and a slot above the pages
(for the start-up "unsaved recordings" bar). Which page to show, and when, is the window's call."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


class PageStack(QWidget):
    # A click (or arrow key) in the page list asks for a page; the window decides, so that a page's
    # set-up (filling History, listing microphones) runs however the page is reached.
    page_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys: list[str] = []
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setFixedWidth(max(150, self.fontMetrics().horizontalAdvance(self.tr("Settings")) * 3))
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self._row_changed)
        self.slot = QVBoxLayout()
        self.slot.setContentsMargins(16, 10, 16, 0)
        right = QVBoxLayout()
        right.addLayout(self.slot)
        right.addWidget(self.stack, 1)
        lay = QHBoxLayout(self)
        lay.addWidget(self.nav)
        lay.addLayout(right, 1)
        for box in (right, lay):
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(0)

    def add(self, key: str, title: str, page: QWidget, scroll: bool = False) -> None:
        """scroll=True for a page that has no scrolling of its own: below its minimum size it
        scrolls instead of squeezing its widgets on top of each other (a small screen at 200 %)."""
        self.keys.append(key)
        if scroll:
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(page)
            self.stack.addWidget(area)
        else:
            self.stack.addWidget(page)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)

    def set_available(self, key: str, available: bool) -> None:
        """A page with nothing to show yet is greyed out in the list."""
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if available else Qt.ItemFlag.NoItemFlags
        self.nav.item(self.keys.index(key)).setFlags(flags)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            self.page_requested.emit(self.keys[row])

    def select(self, key: str) -> None:
        """Show a page and mark it in the list, without asking the window again."""
        row = self.keys.index(key)
        with QSignalBlocker(self.nav):
            self.nav.setCurrentRow(row)
        self.stack.setCurrentIndex(row)

    def current(self) -> str:
        return self.keys[self.stack.currentIndex()]
