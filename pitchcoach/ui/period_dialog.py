"""Choose the days a progress report covers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from pitchcoach.ui.widgets import label


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class PeriodDialog(QDialog):
    def __init__(self, first: date, last: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export progress report")
        self.setAccessibleName("Export progress report")
        lay = QVBoxLayout(self)
        lay.addWidget(label("Which days should the report cover?", wrap=True))
        form = QFormLayout()
        self.start = QDateEdit(_qdate(first))
        self.end = QDateEdit(_qdate(last))
        for w, name in ((self.start, "First day"), (self.end, "Last day")):
            w.setCalendarPopup(True)
            w.setDisplayFormat("d MMM yyyy")
            w.setAccessibleName(name)
            form.addRow(f"{name}:", w)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Export")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def period(self) -> tuple[date, date]:
        a, b = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(a, date) and isinstance(b, date)  # QDate.toPython() is typed as object
        return (a, b) if a <= b else (b, a)
