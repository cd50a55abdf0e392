"""Sharing the app's takes with the team: each saved take at the default level (Settings), and a
"Team:" menu on the Results page to change what one take shares (nothing, scores, transcript, audio).

The folder work runs on the window's workers; a team folder that is offline is a message, and the take
stays saved in the history either way."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from pitchcoach.core.storage.database import TakeNotFound
from pitchcoach.core.team.schema import SHARE_LEVELS
from pitchcoach.ui.team_settings import level_combo
from pitchcoach.ui.widgets import label
from pitchcoach.ui.workers import TaskRunner

if TYPE_CHECKING:
    from pitchcoach.core.session import TakeOutcome
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)


class TeamSharing(QObject):
    shared = Signal(int, str)  # take id, the level it is shared at now ("none" when unshared)

    def __init__(self, services: Services, runner: TaskRunner, notify: Callable[[str, str], None]) -> None:
        super().__init__(runner)
        self.services, self.runner, self.notify = services, runner, notify
        self.take_id: int | None = None  # the saved take the Results page shows
        # One share at a time, and only the latest choice waits: arrowing through the menu must not race
        # several writes of one take (the last to finish would win, not the last chosen).
        self._sharing = False
        self._pending: tuple[int, str | None] | None = None
        self.widget = QWidget()
        column = QVBoxLayout(self.widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        column.addLayout(row)
        row.addWidget(label(self.tr("Shared with your team:")))
        self.combo = level_combo(self.tr("What this take shares with your team"))
        self.combo.setToolTip(self.tr("What your team sees of this take"))
        self.combo.activated.connect(self._chosen)  # the user's choice only, not our own updates
        row.addWidget(self.combo)
        # Share-later: a choice made while the team folder is offline waits (core.team.pending); this says so,
        # on a line of its own so that the row stays as narrow as before.
        self.pending_label = label(
            self.tr("Waiting for the team folder (offline or not mounted): shared when it is back."), "muted", wrap=True
        )
        self.pending_label.setAccessibleName(self.tr("Sharing waits for the team folder"))
        self.pending_label.setVisible(False)
        column.addWidget(self.pending_label)
        self.widget.setVisible(False)

    def _take(self, take_id: int) -> Any:
        store = self.services.store()
        if store is None:
            raise RuntimeError(self.tr("the history is not open"))
        return store.get(take_id)

    def take_saved(self, outcome: TakeOutcome) -> None:
        """A take was just saved: share it at the default level if the user is in a team."""
        cfg = self.services.team().config
        take_id = outcome.take_id
        sharing = (
            cfg is not None
            and cfg.share != "none"
            and take_id is not None
            and outcome.analysis.result.scored
            and outcome.drill is None  # drills are not shared (core/team/share.py)
        )
        self.show_for(outcome, ask=not sharing)  # when sharing, the share itself reports the level
        if sharing and take_id is not None:
            self._share(take_id, None)

    def show_for(self, outcome: TakeOutcome | None, ask: bool = True) -> None:
        """Show the menu for the take on the Results page (hidden when not in a team or not saved)."""
        self.take_id = outcome.take_id if outcome is not None and outcome.drill is None else None
        joined = self.services.team().config is not None
        self.widget.setVisible(joined and self.take_id is not None)
        if not (joined and self.take_id is not None and ask):
            return
        take_id = self.take_id
        svc = self.services.team()
        self.runner.start(
            lambda: svc.level_of(self._take(take_id)),
            lambda level: self._show_level(take_id, level),
            lambda m: log.info("team level of take %s unknown: %s", take_id, m),
            name="team-level",
        )

    def _show_level(self, take_id: int, level: str) -> None:
        if take_id != self.take_id:
            return
        pending = level.startswith("pending:")
        level = level.removeprefix("pending:")
        self.pending_label.setVisible(pending)
        if level in SHARE_LEVELS:
            self.combo.setCurrentIndex(self.combo.findData(level))

    def share_pending(self) -> None:
        """Share what waited for the team folder, if it is back (on a timer and when the Team page opens)."""
        svc = self.services.team()
        if self._sharing or svc.config is None:
            return
        self._sharing = True

        def done(count: int) -> None:
            if not self._next() and count and self.take_id is not None:
                self.show_for_id(self.take_id)

        def failed(message: str) -> None:
            self._next()
            log.info("queued shares not done: %s", message)

        self.runner.start(lambda: svc.share_pending(self._take_or_none), done, failed, name="team-share-later")

    def _take_or_none(self, take_id: int) -> Any:
        store = self.services.store()
        if store is None:
            raise RuntimeError("the history is not open")
        try:
            return store.get(take_id)
        except TakeNotFound:  # deleted from the history meanwhile: nothing to share
            return None

    def _chosen(self, _index: int) -> None:
        if self.take_id is not None:
            self._share(self.take_id, str(self.combo.currentData()))

    def _share(self, take_id: int, level: str | None) -> None:
        if self._sharing:
            self._pending = (take_id, level)
            return
        self._sharing = True
        svc = self.services.team()

        def work() -> str:
            take = self._take(take_id)
            svc.share(take, level)
            return svc.level_of(take)

        def done(now: str) -> None:
            if not self._next():
                self._show_level(take_id, now)
                self.shared.emit(take_id, now)

        def failed(message: str) -> None:
            if not self._next():
                if svc.pending.load().get(take_id) is None:  # queued for later: the label says so, no dialog
                    self.notify(
                        self.tr("Not shared with your team"),
                        self.tr("{message} The take is saved in your history.").format(message=message),
                    )
                if take_id == self.take_id:
                    self.show_for_id(take_id)

        self.runner.start(work, done, failed, name="team-share")

    def _next(self) -> bool:
        """Start the choice made meanwhile, if any (True: the finished one is already out of date)."""
        self._sharing = False
        pending, self._pending = self._pending, None
        if pending is not None:
            self._share(*pending)
        return pending is not None

    def show_for_id(self, take_id: int) -> None:
        svc = self.services.team()
        self.runner.start(
            lambda: svc.level_of(self._take(take_id)), lambda lv: self._show_level(take_id, lv), name="team-level"
        )
