"""The History slot in the window's page stack, and the start-up bar offering unsaved recordings.

The history page is built on its first visit: it imports pyqtgraph and opens SQLite, which
would otherwise delay the first paint. Without a history (the database failed to open) the
slot says why instead.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from pitchcoach.ui.theme import Colors
from pitchcoach.ui.widgets import label

if TYPE_CHECKING:
    from pitchcoach.ui.history_page import HistoryPage, UnsavedRecordingsBar
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)


class HistoryHost(QWidget):
    open_take = Signal(object)  # a pitchcoach.core.storage.Take the user opened
    analyse_requested = Signal(object)  # the Path of an unsaved recording the user wants analysed

    def __init__(
        self, services: Services, colors: Colors, recovery_slot: QBoxLayout, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.colors = colors
        self.recovery_slot = recovery_slot  # where the unsaved-recordings bar goes (above the pages)
        self.page: HistoryPage | None = None
        self.recovery_bar: UnsavedRecordingsBar | None = None
        self._built = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> None:
        if self._built:
            return
        self._built = True
        from pitchcoach.ui.history_page import HistoryPage

        store = self.services.store()
        if store is not None:
            try:
                self.page = HistoryPage(
                    store, self.colors, settings=self.services.settings, scenarios=self.services.scenarios
                )
            except Exception:  # a broken history must not stop practice
                log.exception("history page failed to build")
        if self.page is not None:
            self.page.open_take.connect(self.open_take)
            self._layout.addWidget(self.page)
            return
        placeholder = QWidget()
        v = QVBoxLayout(placeholder)
        v.setContentsMargins(24, 20, 24, 20)
        v.addWidget(label(self.tr("History"), "h1"))
        v.addWidget(
            label(self.services.store_error or self.tr("Your past takes will be listed here."), "muted", wrap=True)
        )
        v.addStretch(1)
        self._layout.addWidget(placeholder)

    def refresh(self, *_: object) -> None:
        if self.page is not None:
            self.page.refresh()

    def set_colors(self, colors: Colors) -> None:
        # Qt widgets follow the application palette, but the pyqtgraph chart does not: restyle it.
        # A page built later starts in these colours.
        self.colors = colors
        if self.page is not None:
            self.page.set_colors(colors)

    def check_unsaved(self, exclude: list[Path]) -> int:
        """Offer recordings that a crash (or a model that never loaded) left without a saved take."""
        store = self.services.store()
        if store is None:
            return 0
        if self.recovery_bar is None:
            from pitchcoach.ui.history_page import UnsavedRecordingsBar

            self.recovery_bar = UnsavedRecordingsBar(store)
            self.recovery_bar.analyse_requested.connect(self.analyse_requested)
            self.recovery_slot.addWidget(self.recovery_bar)
        return self.recovery_bar.refresh(exclude)
