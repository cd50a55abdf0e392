"""Space records on the Practice page, except in a field where the user is typing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit


class SpaceForTextFields(QObject):
    """Lets a focused text field type its space instead of the page's record shortcut.

    Qt asks the focus widget first (ShortcutOverride); accepting it there delivers Space to the
    field as an ordinary key press. Buttons do not keep Space: on the Practice page Space records,
    whichever button has focus, so a focus left on "Open audio file…" or "Got it" (after Try again)
    cannot turn the user's Space into a file dialog while they start to speak.
    """

    TYPES_TEXT = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # It sees every event of the application while the page shows (~1,000 between a Stop click and
        # the result painted): the type check first would build a Python enum for each (10 ms a take).
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and event.key() == Qt.Key.Key_Space
            and (isinstance(obj, self.TYPES_TEXT) or (isinstance(obj, QComboBox) and obj.isEditable()))
        ):
            event.accept()
            return True
        return False
