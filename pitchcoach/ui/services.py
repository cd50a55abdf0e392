"""What the pages and controllers are given (no globals): the paths, the settings, the sound
device boundary, the lazily opened history and the model loader.

Its own module, so that the pages can name it without importing the composition root
(``ui.app``), which imports them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from pitchcoach.core import devices
from pitchcoach.core.errors import friendly_message
from pitchcoach.core.paths import AppPaths
from pitchcoach.core.recorder import MAX_TAKE_SECONDS, InputDevice
from pitchcoach.core.settings import SettingsStore
from pitchcoach.ui.i18n import feedback_catalog

if TYPE_CHECKING:
    import numpy as np

    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.playback import Player
    from pitchcoach.core.recorder import Recorder
    from pitchcoach.core.scenarios import ScenarioCatalog
    from pitchcoach.core.storage import TakeStore
    from pitchcoach.core.team.service import TeamService

log = logging.getLogger(__name__)


def open_in_desktop(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def default_store_factory(paths: AppPaths) -> TakeStore:
    from pitchcoach.core.storage import TakeStore

    return TakeStore(paths)


@dataclass
class Services:
    """The services a window needs, built once by build_services and passed in."""

    paths: AppPaths
    settings: SettingsStore
    # The sounddevice module, or a stand-in injected by tests at the device boundary. None = import the real one.
    sd: devices.SoundDevice | None = None
    # How folders and files are opened in the desktop (QDesktopServices by default); tests record calls.
    open_path: Callable[[Path], None] | None = None
    # Opened lazily on first use so that start-up does not wait for SQLite.
    store_factory: Callable[[AppPaths], TakeStore] | None = None
    # Replaces the model load (tests share one loaded model); called on the worker thread.
    analyzer_factory: Callable[[], Analyzer] | None = None
    max_take_seconds: float = MAX_TAKE_SECONDS
    # While a drill is being practised (issue 27): its own length replaces the target for the next takes.
    drill_target: float | None = None
    _store: TakeStore | None = field(default=None, repr=False)
    _scenarios: ScenarioCatalog | None = field(default=None, repr=False)
    _team: TeamService | None = field(default=None, repr=False)
    _store_error: str | None = field(default=None, repr=False)
    _store_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ---- audio devices -------------------------------------------------------------------
    def list_input_devices(self, refresh: bool = False) -> list[InputDevice]:
        return devices.input_devices(self.sd, refresh=refresh)

    def audio_unavailable_reason(self) -> str | None:
        reason = devices.audio_unavailable_reason(self.sd)
        return feedback_catalog().render(reason) if reason is not None else None  # in the interface language

    def selected_device(self) -> int | None:
        """The device to record from: the saved one if it still exists, else the default (None)."""
        name = self.settings.value.input_device
        return devices.find_input_device(self.list_input_devices(), name) if name else None

    def make_recorder(
        self,
        device: int | str | None = None,
        recordings_dir: Path | None = None,
        on_chunk: Callable[[np.ndarray], None] | None = None,
    ) -> Recorder:
        from pitchcoach.core.recorder import Recorder

        return Recorder(
            recordings_dir or self.paths.recordings,
            device=device,
            max_seconds=self.max_take_seconds,
            sd=self.sd,
            on_chunk=on_chunk,
        )

    def make_player(self) -> Player:
        from pitchcoach.core.playback import Player

        return Player(self.sd)

    # ---- model ---------------------------------------------------------------------------
    def build_analyzer(self) -> Analyzer:
        """Load the model and lexicons (core.analysis.build_analyzer). Slow: run on a worker thread."""
        if self.analyzer_factory is not None:
            return self.analyzer_factory()
        from pitchcoach.core.analysis import build_analyzer  # imports the scoring rules: not before first paint

        return build_analyzer(self.paths, self.settings.value.model_path)

    # ---- scenarios -----------------------------------------------------------------------
    @property
    def scenarios(self) -> ScenarioCatalog:
        """The built-in scenarios and the user's (a few small files: read once, on first use)."""
        if self._scenarios is None:
            from pitchcoach.core.scenarios import load_scenarios

            self._scenarios = load_scenarios(self.paths.scenarios)
        return self._scenarios

    def target_seconds(self) -> float:
        """The target the next take is timed and scored against: the picked scenario's length, or the
        user's own target (Settings) for Custom and for a user's scenario without one."""
        if self.drill_target is not None:
            return self.drill_target
        s = self.settings.value
        found = self.scenarios.find(s.scenario, s.pitch_language)
        return found.target_or(s.target_seconds) if found is not None else s.target_seconds

    # ---- history -------------------------------------------------------------------------
    def store(self) -> TakeStore | None:
        """The TakeStore, or None when there is none (not built yet, or the database failed to open)."""
        with self._store_lock:  # opened by the start-up worker, possibly raced by a quick first take
            if self._store is None and self.store_factory is not None and self._store_error is None:
                try:
                    self._store = self.store_factory(self.paths)
                except Exception as e:  # history must not stop practice
                    log.exception("opening the history failed")
                    self._store_error = friendly_message(e, feedback_catalog())  # in the interface language
            return self._store

    # ---- team ----------------------------------------------------------------------------
    def team(self) -> TeamService:
        """Team sharing (core.team): built on first use; its index cache lives in the data folder."""
        if self._team is None:
            from pitchcoach.core.team.service import TeamService

            self._team = TeamService(self.settings, self.paths.team_cache)
        return self._team

    @property
    def store_error(self) -> str | None:
        return self._store_error

    def close(self) -> None:
        """At exit, with no worker left: close the history (SQLite folds its write-ahead log back in)."""
        if self._team is not None:
            self._team.close()
        with self._store_lock:
            if self._store is not None:
                try:
                    self._store.close()
                except Exception:  # exiting goes on; SQLite recovers the log at next open
                    log.exception("closing the history failed")
                self._store = None


def build_services(
    paths: AppPaths,
    sd: devices.SoundDevice | None = None,
    open_path: Callable[[Path], None] | None = open_in_desktop,
    store_factory: Callable[[AppPaths], TakeStore] | None = default_store_factory,
) -> Services:
    paths.ensure()
    return Services(
        paths=paths,
        settings=SettingsStore(paths.settings),
        sd=sd,
        open_path=open_path,
        store_factory=store_factory,
    )
