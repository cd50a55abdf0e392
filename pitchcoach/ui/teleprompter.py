"""The read-along teleprompter (issue 26): the script in large, high-contrast type, following the speaker.

A window of its own over the app, opened as a read-along take starts (or from My pitch's Teleprompter
button). The current sentence is highlighted and kept in view; where the speaker is comes from
core/teleprompter.py (the live transcript, else the scenario's pace). Esc leaves it and the take goes
on; Space stops the take, as on the Practice page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from pitchcoach.core.teleprompter import Prompt

POINT_SIZE = 30  # read from a metre away, in both interface languages


def _contrast() -> tuple[str, str, str, str]:
    """(background, text, the current sentence's background, its text) for the theme in force:
    white on black in the dark theme, black on white in the light one (contrast 21:1, and 15:1 or more
    for the highlight)."""
    dark = QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return ("#000000", "#ffffff", "#ffe14d", "#000000") if dark else ("#ffffff", "#000000", "#10275c", "#ffffff")


class Teleprompter(QDialog):
    toggle_requested = Signal()  # Space: start or stop the take, as on the Practice page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Teleprompter"))
        self.setAccessibleName(self.tr("Teleprompter"))
        self.setModal(False)
        self.prompt = Prompt.of("")
        self.current = 0
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page = QWidget()
        self.page.setObjectName("teleprompterPage")
        self.column = QVBoxLayout(self.page)
        self.column.setContentsMargins(60, 40, 60, 40)
        self.column.setSpacing(18)
        self.area.setWidget(self.page)
        root.addWidget(self.area, 1)
        self.hint = QLabel(self.tr("Esc: back to the Practice page · Space: start or stop the take"))
        self.hint.setObjectName("teleprompterHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setContentsMargins(12, 8, 12, 12)
        root.addWidget(self.hint)
        self.lines: list[QLabel] = []
        self.space = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        self.space.activated.connect(self.toggle_requested)
        self.resize(1000, 700)

    def set_script(self, text: str, language: str | None = None) -> None:
        self.prompt = Prompt.of(text, language)
        while (item := self.column.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        self.lines = []
        for i, line in enumerate(self.prompt.lines or (self.tr("Write your pitch first."),)):
            lab = QLabel(line)
            lab.setWordWrap(True)
            lab.setObjectName("teleprompterLine")
            lab.setAccessibleName(self.tr("Sentence {n}").format(n=i + 1))
            self.column.addWidget(lab)
            self.lines.append(lab)
        self.column.addStretch(1)
        self.current = -1
        self.show_line(0)

    def follow(self, heard: str, elapsed: float, target_seconds: float) -> None:
        """Where the speaker is: the live transcript's words so far, else the time at the target's pace."""
        self.show_line(self.prompt.at(heard, elapsed, target_seconds))

    def show_line(self, index: int) -> None:
        index = max(0, min(index, len(self.lines) - 1))
        if index == self.current:
            return
        self.current = index
        self._paint()

    def _paint(self) -> None:
        bg, fg, hi_bg, hi_fg = _contrast()
        self.setStyleSheet(f"Teleprompter {{ background: {bg}; }}")
        self.page.setStyleSheet(f"QWidget#teleprompterPage {{ background: {bg}; }}")
        self.area.setStyleSheet(f"QScrollArea {{ background: {bg}; }}")
        self.hint.setStyleSheet(f"background: {bg}; color: {fg}; font-size: 15pt;")
        for i, lab in enumerate(self.lines):
            on = i == self.current
            lab.setStyleSheet(
                f"font-size: {POINT_SIZE}pt; padding: 10px 16px; border-radius: 8px; "
                + (f"background: {hi_bg}; color: {hi_fg}; font-weight: 700;" if on else f"color: {fg};")
            )
            lab.setAccessibleDescription(self.tr("Current sentence") if on else "")
        if self.lines:
            self.area.ensureWidgetVisible(self.lines[self.current], 0, self.area.height() // 3)

    def showEvent(self, event: QShowEvent) -> None:
        self._paint()  # in the theme in force now
        super().showEvent(event)
