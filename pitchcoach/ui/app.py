"""The composition root of the GUI: builds every service once and hands it to the window.

``Services`` is what the pages and controllers are given (no globals): the paths, the
settings, the sound device boundary, the lazily opened history and the model loader.

Start-up order is chosen for the time to first paint: only Qt and small
modules are imported before the window shows; sounddevice, the model and
SQLite are touched afterwards (the model on a worker thread).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pitchcoach import APP_NAME, __version__
from pitchcoach.core import devices
from pitchcoach.core.errors import friendly_message
from pitchcoach.core.logs import setup_logging
from pitchcoach.core.paths import AppPaths, app_paths
from pitchcoach.core.recorder import InputDevice
from pitchcoach.core.session import TakeOutcome, TakeSession
from pitchcoach.core.settings import SettingsStore
from pitchcoach.ui.main_window import MainWindow
from pitchcoach.ui.theme import apply_theme

if TYPE_CHECKING:
    import numpy as np

    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.playback import Player
    from pitchcoach.core.recorder import Recorder
    from pitchcoach.core.storage import TakeStore

log = logging.getLogger(__name__)

MAX_TAKE_SECONDS = 180.0


def open_in_desktop(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _default_store_factory(paths: AppPaths) -> TakeStore:
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
    _store: TakeStore | None = field(default=None, repr=False)
    _store_error: str | None = field(default=None, repr=False)
    _store_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ---- audio devices -------------------------------------------------------------------
    def list_input_devices(self, refresh: bool = False) -> list[InputDevice]:
        return devices.input_devices(self.sd, refresh=refresh)

    def audio_unavailable_reason(self) -> str | None:
        return devices.audio_unavailable_reason(self.sd)

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

    # ---- history -------------------------------------------------------------------------
    def store(self) -> TakeStore | None:
        """The TakeStore, or None when there is none (not built yet, or the database failed to open)."""
        with self._store_lock:  # opened by the start-up worker, possibly raced by a quick first take
            if self._store is None and self.store_factory is not None and self._store_error is None:
                try:
                    self._store = self.store_factory(self.paths)
                except Exception as e:  # noqa: BLE001 - history must not stop practice
                    log.exception("opening the history failed")
                    self._store_error = friendly_message(e)
            return self._store

    @property
    def store_error(self) -> str | None:
        return self._store_error

    def close(self) -> None:
        """At exit, with no worker left: close the history (SQLite folds its write-ahead log back in)."""
        with self._store_lock:
            if self._store is not None:
                try:
                    self._store.close()
                except Exception:  # noqa: BLE001 - exiting goes on; SQLite recovers the log at next open
                    log.exception("closing the history failed")
                self._store = None


class PitchCoachApp:
    """Holds the services and the window of one running app."""

    def __init__(self, services: Services, window: MainWindow) -> None:
        self.services = services
        self.window = window

    def start(self) -> None:
        """Work that may wait until after the first paint.

        Importing sounddevice (PortAudio scans devices), opening SQLite and importing the
        history page (pyqtgraph) each take 50-200 ms here, so they run on a worker thread
        and the GUI thread only uses the results: it never stalls while the window is live.
        """
        self.window.takes.load_model()
        self.window.runner.start(self._warm_up, self._after_warm_up, lambda _m: self._after_warm_up(), "warm-up")

    def _warm_up(self) -> TakeOutcome | None:
        self.services.list_input_devices()
        store = self.services.store()
        import pitchcoach.ui.history_page  # noqa: F401 - the import is the slow part; it is cached after

        # The Results page opens on the latest saved take after a restart, instead of greyed out.
        latest = store.list(limit=1) if store is not None else []
        return TakeSession.reopen(latest[0]) if latest else None

    def _after_warm_up(self, latest: TakeOutcome | None = None) -> None:
        if latest is not None and self.window.outcome is None:
            self.window.show_outcome(latest, switch=False)
        self.window.results.voice.prepare()  # pyqtgraph is imported by now; the first result need not wait
        self.window.practice.refresh_devices()
        self.window.check_unsaved_recordings()
        self.window.warmed_up.emit()


def build_services(
    paths: AppPaths,
    sd: devices.SoundDevice | None = None,
    open_path: Callable[[Path], None] | None = open_in_desktop,
    store_factory: Callable[[AppPaths], TakeStore] | None = _default_store_factory,
) -> Services:
    paths.ensure()
    return Services(
        paths=paths,
        settings=SettingsStore(paths.settings),
        sd=sd,
        open_path=open_path,
        store_factory=store_factory,
    )


def build_app(
    paths: AppPaths | None = None,
    *,
    sd: devices.SoundDevice | None = None,
    open_path: Callable[[Path], None] | None = open_in_desktop,
    store_factory: Callable[[AppPaths], TakeStore] | None = _default_store_factory,
    app: QApplication | None = None,
) -> PitchCoachApp:
    """Build services and the window. Needs a QApplication; tests pass fakes for the sound device and opener."""
    paths = paths or app_paths()
    services = build_services(paths, sd=sd, open_path=open_path, store_factory=store_factory)
    qapp = app or QApplication.instance()
    colors = apply_theme(qapp, services.settings.value.theme) if isinstance(qapp, QApplication) else None
    if colors is None:
        raise RuntimeError("build_app needs a QApplication")
    window = MainWindow(services, colors)
    return PitchCoachApp(services, window)


def install_excepthook(window_getter: Callable[[], QWidget | None]) -> list[QMessageBox]:
    """Log any uncaught exception and show a friendly message instead of a traceback.

    Returns the list the hook appends its message boxes to (tests look at it).
    """
    shown: list[QMessageBox] = []

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("Uncaught exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            parent = window_getter()
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Something went wrong",
                friendly_message(exc),
                QMessageBox.StandardButton.Ok,
                parent,
            )
            box.setAccessibleName("Something went wrong")
            # Non-blocking: an error inside a slot must not start a nested event loop.
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open() if parent is not None else box.show()
            shown.append(box)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            log.exception("could not show the error message")

    sys.excepthook = hook
    return shown


def app_icon() -> QIcon:
    icon = QIcon()
    assets = resources.files("pitchcoach").joinpath("assets")
    for size in (32, 64, 256):
        icon.addFile(str(assets.joinpath(f"icon-{size}.png")), QSize(size, size))
    return icon


def run_gui(argv: list[str]) -> int:
    """Run the app. Once its window has opened, the process ends here (os._exit) when the app quits."""
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(argv)
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    qapp.setOrganizationName(APP_NAME)
    qapp.setWindowIcon(app_icon())
    # Matches the .desktop file, so Wayland and taskbars pair the window with its icon.
    qapp.setDesktopFileName("io.github.pitchcoach.PitchCoach")
    paths = app_paths()
    try:
        paths.ensure()
    except OSError as exc:
        setup_logging(paths.logs)  # falls back to the temp folder
        log.exception("cannot create the data folder %s", paths.root)
        QMessageBox.critical(
            None,
            APP_NAME,
            f"PitchCoach cannot create its data folder {paths.root} ({exc.strerror or exc}).\n\n"
            "Check that the location is a writable folder, or set PITCHCOACH_HOME to another folder.",
        )
        return 1
    log_path = setup_logging(paths.logs)
    log.info("PitchCoach %s starting; data in %s; log %s", __version__, paths.root, log_path)
    holder: dict[str, PitchCoachApp] = {}
    install_excepthook(lambda: holder["app"].window if "app" in holder else None)
    app = build_app(paths, app=qapp)
    holder["app"] = app
    app.window.show()
    # After the first paint: device enumeration and the model load must not delay the window.
    QTimer.singleShot(0, app.start)
    code = int(qapp.exec())
    # Leave without the interpreter's teardown: freeing the model and every Qt object took 0.6-0.8 s
    # here (benchmarks/quit.py), and tearing Qt down under a still-running QThread (a model load or a
    # decode nobody needs, left by MainWindow.closeEvent) would abort. Everything the user made is on
    # disk by now: closeEvent finalised any take and waited for any save in progress.
    if app.window.runner.busy:
        log.info("exiting without waiting for: %s", ", ".join(app.window.runner.names()))
    else:
        app.services.close()
    log.info("PitchCoach closed")
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
