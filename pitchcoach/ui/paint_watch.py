"""The moment a take's result is first painted, for its timeline (core/timeline.py) and the log.

Armed when the Results page is given a recorded take's result; the first Paint event of the page or any
widget in it marks the timeline and logs it, and the filter removes itself, so it costs nothing between
takes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from pitchcoach.core.timeline import Timeline


class PaintWatch(QObject):
    """Watches ``page`` for its first paint after :meth:`arm`."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self._armed: list[tuple[Timeline | None, str, Callable[[], None] | None]] = []

    def arm(self, timeline: Timeline | None, key: str, then: Callable[[], None] | None = None) -> None:
        """``key``: "first" (the first result shown) or "final" (the saved one); both for a take shown once.
        ``then`` runs after that paint."""
        app = QCoreApplication.instance()
        if app is None or (timeline is None and then is None):
            return
        if not self._armed:
            app.installEventFilter(self)
        self._armed.append((timeline, key, then))

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # Qt's name
        # The class before the type: ev.type() builds a Python enum, and ~800 events pass here a take.
        if (
            self._armed
            and isinstance(ev, QPaintEvent)
            and isinstance(obj, QWidget)
            and (obj is self.page or self.page.isAncestorOf(obj))
        ):
            armed, self._armed = self._armed, []
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            for timeline, key, then in armed:
                if timeline is not None:
                    timeline.mark(f"{key}_painted")
                    timeline.log_once(key)
                if then is not None:
                    then()
        return False
