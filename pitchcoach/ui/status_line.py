"""The window's status line: one line of text, and a busy bar while background work runs."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


class StatusLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("")
        self.label.setAccessibleName(self.tr("Status"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no percentage: the work's length is unknown
        self.busy.setMaximumSize(140, 12)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.hide()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.busy)

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
