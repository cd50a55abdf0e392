"""The composition root of the GUI: builds every service once (ui.services) and hands it to the window.

Start-up order: the bundled model is built before the window shows (building it holds Python's
lock, which would freeze a live window); otherwise only Qt and small modules are imported before
the window shows, and sounddevice and SQLite are touched afterwards, on a worker thread.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pitchcoach import APP_NAME, __version__
from pitchcoach.core import devices
from pitchcoach.core.analysis import import_for_analysis
from pitchcoach.core.logs import setup_logging
from pitchcoach.core.paths import AppPaths, app_paths
from pitchcoach.core.session import TakeOutcome, TakeSession
from pitchcoach.ui.gc_policy import collect_on_gui_thread, freeze_long_lived
from pitchcoach.ui.i18n import apply_ui_language, error_text, resolve_ui_language, system_ui_language
from pitchcoach.ui.main_window import MainWindow
from pitchcoach.ui.services import Services, build_services, default_store_factory, open_in_desktop
from pitchcoach.ui.theme import apply_theme

if TYPE_CHECKING:
    from pitchcoach.core.storage import TakeStore

log = logging.getLogger(__name__)


# The longest the first paint waits for the imports beside the model load (they take 0.3-0.8 s here).
IMPORT_WAIT_SECONDS = 3.0


def _import_before_show(real_audio: bool) -> None:
    try:
        import_for_analysis()
        import pitchcoach.ui.history_page  # noqa: F401 - pyqtgraph; the import is the slow part
    except Exception:  # the first take imports them again and reports a real failure then
        log.exception("importing before the window showed failed")
    if real_audio:
        # PortAudio's start-up scan runs inside the import and holds Python's lock (86-94 ms here); the
        # warm-up after the first paint lists the devices from it.
        devices.audio_unavailable_reason()


class PitchCoachApp:
    """Holds the services and the window of one running app."""

    def __init__(self, services: Services, window: MainWindow) -> None:
        self.services = services
        self.window = window

    def prepare_before_show(self) -> None:
        """What must be done before the window shows: the bundled model (load_bundled_model) and, beside
        it on a second thread, the imports that hold Python's lock (the analysis's native libraries,
        pyqtgraph for the History page and the Voice strip, sounddevice: 30-110 ms at a stretch, which froze the live
        window when they ran after the first paint, benchmarks/gui.py). The window shows once both are
        done, or after IMPORT_WAIT_SECONDS: the imports are then finished by the first use instead.
        """
        importer = threading.Thread(
            target=_import_before_show, args=(self.services.sd is None,), name="import-before-show", daemon=True
        )
        importer.start()
        self.load_bundled_model()
        importer.join(IMPORT_WAIT_SECONDS)

    def freeze_after_warm_up(self) -> None:
        """Once the start-up work is done, freeze what exists (gc_policy.freeze_long_lived), so that later
        full collections on the GUI thread walk only what came after it."""
        self.window.warmed_up.connect(freeze_long_lived)

    def load_bundled_model(self) -> None:
        """Build the bundled model now, before the window shows, when the settings ask for it.

        CTranslate2's model constructor holds Python's lock for its whole run (~75 ms here, more on a
        busy laptop), and importing faster-whisper's native libraries does the same in stretches: on a
        worker thread that froze the live window for 75-272 ms (issue 22). Before the window shows it
        delays the first paint instead, by about the model's load time (0.4 s; benchmarks/gui.py). A
        model named in Settings (a folder, or a name to download) still loads on a worker, as does
        the bundled one if this fails: the worker reports why.
        """
        if self.services.settings.value.model_path is not None:
            return
        try:
            analyzer = self.services.build_analyzer()
        except Exception:  # the worker in start() tries again and tells the user
            log.exception("loading the bundled model before the window showed failed")
            return
        self.window.takes.use_analyzer(analyzer)

    def start(self) -> None:
        """Work that may wait until after the first paint.

        Importing sounddevice (PortAudio scans devices), opening SQLite and importing the
        history page (pyqtgraph) each take 50-200 ms here, so they run on a worker thread
        and the GUI thread only uses the results: it never stalls while the window is live.
        """
        if self.window.takes.session is None:  # not loaded before the window showed
            self.window.takes.load_model()
        self.window.runner.start(self._warm_up, self._after_warm_up, lambda _m: self._after_warm_up(), "warm-up")

    def _warm_up(self) -> TakeOutcome | None:
        self.services.list_input_devices()
        store = self.services.store()
        import pitchcoach.ui.history_page  # noqa: F401 - the import is the slow part; it is cached after

        # The Results page opens on the latest saved take after a restart, instead of greyed out.
        latest = store.list(limit=1) if store is not None else []
        return TakeSession.reopen(latest[0]) if latest else None

    def close(self) -> None:
        """After the window has closed: close the history and the team cache (SQLite folds its write-ahead log
        back in), unless a task the window did not wait for may still use them. The process exits next
        (run_gui); SQLite recovers an unfolded log at the next start."""
        left = self.window.tasks_left()
        if left:
            log.info("exiting without waiting for: %s; the history stays open for them", ", ".join(left))
        else:
            self.services.close()

    def _after_warm_up(self, latest: TakeOutcome | None = None) -> None:
        if latest is not None and self.window.outcome is None:
            self.window.show_outcome(latest, switch=False)
        self.window.practice.refresh_devices()
        self.window.check_unsaved_recordings()
        # A turn of the event loop of its own: building the Voice strip's plots takes ~45 ms on the GUI
        # thread, and with the rest above in the same turn the window stalled 55-64 ms (benchmarks/gui.py).
        QTimer.singleShot(0, self._prepare_voice)

    def _prepare_voice(self) -> None:
        self.window.results.voice.prepare()  # pyqtgraph is imported by now; the first result need not wait
        self.window.warmed_up.emit()


def build_app(
    paths: AppPaths | None = None,
    *,
    sd: devices.SoundDevice | None = None,
    open_path: Callable[[Path], None] | None = open_in_desktop,
    store_factory: Callable[[AppPaths], TakeStore] | None = default_store_factory,
    app: QApplication | None = None,
) -> PitchCoachApp:
    """Build services and the window. Needs a QApplication; tests pass fakes for the sound device and opener."""
    paths = paths or app_paths()
    services = build_services(paths, sd=sd, open_path=open_path, store_factory=store_factory)
    qapp = app or QApplication.instance()
    if not isinstance(qapp, QApplication):
        raise RuntimeError("build_app needs a QApplication")
    colors = apply_theme(qapp, services.settings.value.theme)
    # Before any widget exists: every page translates its texts as it builds them.
    apply_ui_language(qapp, resolve_ui_language(services.settings.value.ui_language))
    window = MainWindow(services, colors)
    collect_on_gui_thread(window)
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
                QCoreApplication.translate("app", "Something went wrong"),
                error_text(exc),
                QMessageBox.StandardButton.Ok,
                parent,
            )
            box.setAccessibleName(QCoreApplication.translate("app", "Something went wrong"))
            # Non-blocking: an error inside a slot must not start a nested event loop.
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open() if parent is not None else box.show()
            shown.append(box)
        except Exception:  # the hook itself must never raise
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
    from pitchcoach.core.memory import tune_malloc

    tune_malloc()  # before the app's threads start, each with an arena of its own
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(argv)
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    qapp.setOrganizationName(APP_NAME)
    qapp.setWindowIcon(app_icon())
    # Matches the .desktop file, so Wayland and taskbars pair the window with its icon.
    qapp.setDesktopFileName("io.github.pitchcoach.PitchCoach")
    paths = app_paths()
    # The system's language until the settings are read (they live in the folder made here).
    apply_ui_language(qapp, system_ui_language())
    try:
        paths.ensure()
    except OSError as exc:
        setup_logging(paths.logs)  # falls back to the temp folder
        log.exception("cannot create the data folder %s", paths.root)
        QMessageBox.critical(
            None,
            APP_NAME,
            QCoreApplication.translate(
                "app",
                "PitchCoach cannot create its data folder {folder} ({reason}).\n\n"
                "Check that the location is a writable folder, or set PITCHCOACH_HOME to another folder.",
            ).format(folder=paths.root, reason=exc.strerror or exc),
        )
        return 1
    log_path = setup_logging(paths.logs)
    log.info("PitchCoach %s starting; data in %s; log %s", __version__, paths.root, log_path)
    holder: dict[str, PitchCoachApp] = {}
    install_excepthook(lambda: holder["app"].window if "app" in holder else None)
    app = build_app(paths, app=qapp)
    holder["app"] = app
    app.prepare_before_show()
    app.freeze_after_warm_up()
    app.window.show()
    # After the first paint: device enumeration and the model load must not delay the window.
    QTimer.singleShot(0, app.start)
    code = int(qapp.exec())
    # Leave without the interpreter's teardown: freeing the model and every Qt object took 0.6-0.8 s
    # here (benchmarks/quit.py), and tearing Qt down under a still-running QThread (a model load or a
    # decode nobody needs, left by MainWindow.closeEvent) would abort. Everything the user made is on
    # disk by now: closeEvent finalised any take and waited for any save in progress.
    app.close()
    log.info("PitchCoach closed")
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
