"""The pitch-language menu (issue 24): English, 中文（普通话）or Detect automatically.

The same menu sits on the Settings page and on the Practice page (where the user sees what the next take
will be heard as, and can change it before recording). Either one saves the choice at once; the main window
shows a change made in one on the other (``show_language``), without saving it twice.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from pitchcoach.core.settings import PITCH_LANGUAGE_NAMES, PITCH_LANGUAGES, SettingsStore


class PitchLanguageCombo(QComboBox):
    changed = Signal(str)  # the code chosen by the user: "en", "zh" or "auto"

    def __init__(self, settings: SettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setAccessibleName(self.tr("Pitch language"))
        self.setToolTip(
            self.tr(
                "The language you will pitch in: the speech model and the scoring rules follow it. "
                "Detect automatically hears each take first (a little slower)."
            )
        )
        # Languages by their own names; only "Detect automatically" is in the interface's language.
        names = dict(PITCH_LANGUAGE_NAMES, auto=self.tr("Detect automatically"))
        for code in PITCH_LANGUAGES:
            self.addItem(names[code], code)
        self.show_language(settings.value.pitch_language)
        self.currentIndexChanged.connect(self._chosen)

    @property
    def language(self) -> str:
        return str(self.currentData())

    def show_language(self, code: str) -> None:
        """Show a choice made elsewhere, without saving or announcing it again."""
        idx = self.findData(code)
        if idx >= 0 and idx != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(idx)
            self.blockSignals(False)

    def choose(self, code: str) -> None:
        """Choose a language for the user (a button that offers it): saved and announced as a pick in the menu."""
        idx = self.findData(code)
        if idx >= 0:
            self.setCurrentIndex(idx)

    def _chosen(self, _index: int) -> None:
        code = self.language
        self.settings.update(pitch_language=code)
        self.changed.emit(code)
