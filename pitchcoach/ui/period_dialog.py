"""Choose the days a progress report covers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from pitchcoach.ui.i18n import current_ui_language
from pitchcoach.ui.widgets import label


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class PeriodDialog(QDialog):
    def __init__(self, first: date, last: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export progress report"))
        self.setAccessibleName(self.tr("Export progress report"))
        lay = QVBoxLayout(self)
        lay.addWidget(label(self.tr("Which days should the report cover?"), wrap=True))
        form = QFormLayout()
        self.start = QDateEdit(_qdate(first))
        self.end = QDateEdit(_qdate(last))
        for w, name, row in (
            (self.start, self.tr("First day"), self.tr("First day:")),
            (self.end, self.tr("Last day"), self.tr("Last day:")),
        ):
            w.setCalendarPopup(True)
            # The locale's own long date (7 Dec 2026, 2026年12月7日), not an English pattern.
            w.setDisplayFormat(
                QLocale().dateFormat(QLocale.FormatType.LongFormat) if current_ui_language() != "en" else "d MMM yyyy"
            )
            w.setAccessibleName(name)
            form.addRow(row, w)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(self.tr("Export"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def period(self) -> tuple[date, date]:
        a, b = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(a, date) and isinstance(b, date)  # QDate.toPython() is typed as object
        return (a, b) if a <= b else (b, a)
