"""Two parts of the Practice page with a job of their own: the first-time tips and the progress of an
opened file's analysis (with its Cancel button).

Their texts keep the Practice page's translation context ("PracticePage"), where the Chinese
interface's entries for them already are.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from pitchcoach.ui.widgets import label


class IntroCard(QFrame):
    """What a good introduction does, until the user dismisses it ("Got it")."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")  # styled as widgets.card()
        ic = QVBoxLayout(self)
        ic.setContentsMargins(20, 16, 20, 16)
        self.title = label("", "h2")  # names the user's own target (set_target)
        ic.addWidget(self.title)
        steps = label(
            QCoreApplication.translate(
                "PracticePage",
                "<ol style='margin-left:-20px'>"
                "<li><b>Who you are</b>: your name and what you do, in plain words.</li>"
                "<li><b>Who you help</b> and what changes for them (“…so that they can …”).</li>"
                "<li><b>A question for them</b>: hand the conversation over, e.g. "
                "“What brings you here tonight?”</li>"
                "</ol>",
            ),
            wrap=True,
        )
        steps.setTextFormat(Qt.TextFormat.RichText)
        ic.addWidget(steps)
        intro_row = QHBoxLayout()
        intro_row.addWidget(
            label(
                QCoreApplication.translate(
                    "PracticePage",
                    "You'll get a score for clarity and for listener focus, with a fix for every point lost.",
                ),
                "muted",
                wrap=True,
            ),
            1,
        )
        self.dismiss_button = QPushButton(QCoreApplication.translate("PracticePage", "Got it"))
        self.dismiss_button.setAccessibleName(QCoreApplication.translate("PracticePage", "Hide these tips"))
        self.dismiss_button.clicked.connect(self._dismiss)
        intro_row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignBottom)
        ic.addLayout(intro_row)

    def set_target(self, seconds: float) -> None:
        self.title.setText(
            QCoreApplication.translate("PracticePage", "What a good {t}-second introduction does").format(
                t=f"{seconds:.0f}"
            )
        )

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


class AnalysisProgress:
    """The bar, the line under it and the Cancel button shown while a take or an opened file is analysed.

    Not a widget: its parts go into the recording card's layout as they always did."""

    def __init__(self, on_cancel: Callable[[], object]) -> None:
        self.busy = False
        self._on_cancel = on_cancel
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate until the decoder reports a figure (set_progress)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(QCoreApplication.translate("PracticePage", "Analysing"))
        self.bar.setMaximumHeight(8)
        self.bar.hide()
        self.text = label("", "muted")
        self.text.setAccessibleName(QCoreApplication.translate("PracticePage", "Progress"))
        self.text.hide()
        self.cancel_button = QPushButton(QCoreApplication.translate("PracticePage", "Cancel"))
        self.cancel_button.setAccessibleName(QCoreApplication.translate("PracticePage", "Cancel analysis"))
        self.cancel_button.setToolTip(
            QCoreApplication.translate("PracticePage", "Stop analysing this file; nothing of it is saved")
        )
        self.cancel_button.clicked.connect(self._cancel)
        self.cancel_button.hide()

    def add_to(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.bar)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

    def set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        self.bar.setRange(0, 0)
        self.bar.setVisible(busy)
        self.text.setVisible(busy)
        self.text.setText(text)
        if not busy:
            self.cancel_button.hide()

    def set_cancellable(self, on: bool) -> None:
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(on and self.busy)

    def set_progress(self, fraction: float) -> None:
        """The decoder's figure for an opened file: how much of its audio is transcribed."""
        if not self.busy or not self.cancel_button.isEnabled():
            return  # a late report after Cancel or after the result
        pct = int(round(100 * fraction))
        self.bar.setRange(0, 100)
        self.bar.setValue(pct)
        self.text.setText(QCoreApplication.translate("PracticePage", "Transcribing… {pct} %").format(pct=pct))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.text.setText(QCoreApplication.translate("PracticePage", "Cancelling…"))
        self._on_cancel()
