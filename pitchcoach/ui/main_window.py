"""The main window: navigation, menus, and the controller that moves a take from Stop to its results."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pitchcoach import __version__
from pitchcoach.ui import services as svc
from pitchcoach.ui.practice_page import PracticePage
from pitchcoach.ui.results_page import ResultsPage
from pitchcoach.ui.services import Services, TakeOutcome
from pitchcoach.ui.settings import SettingsPage
from pitchcoach.ui.theme import Colors, apply_theme
from pitchcoach.ui.widgets import label
from pitchcoach.ui.workers import TaskRunner

log = logging.getLogger(__name__)

AUDIO_FILTER = "Audio files (*.wav *.flac *.ogg *.mp3 *.m4a *.aac *.opus *.webm *.mp4);;All files (*)"
PAGES = ("practice", "results", "history", "settings")
PAGE_TITLES = {"practice": "Practice", "results": "Results", "history": "History", "settings": "Settings"}


class MainWindow(QMainWindow):
    # For tests and the screenshot script: fired after the window has shown an outcome or a message.
    outcome_shown = Signal(object)
    message_shown = Signal(str)
    model_ready = Signal()
    model_failed = Signal(str)
    warmed_up = Signal()  # devices listed and history opened, after the first paint

    def __init__(self, services: Services, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.colors = colors
        self.runner = TaskRunner(self)
        self.analyzer: Any = None
        self.model_error: str | None = None
        self._model_loading = False
        self._pending: list[Any] = []  # recordings waiting for the model
        self.last_message: str | None = None
        self._message_box: QMessageBox | None = None
        self.outcome: TakeOutcome | None = None
        # Extra keyword arguments for the export dialog (tests answer its file question here).
        self.export_options: dict[str, Any] = {}
        self.last_export: Any = None

        self.setWindowTitle("PitchCoach")
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 520)

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(max(150, self.fontMetrics().horizontalAdvance("Settings") * 3))
        self.stack = QStackedWidget()
        lay.addWidget(self.nav)
        self.setCentralWidget(central)

        self.practice = PracticePage(services, colors)
        self.results = ResultsPage(services, colors)
        self.history = QWidget()  # filled by _ensure_history on first visit
        hl = QVBoxLayout(self.history)
        hl.setContentsMargins(0, 0, 0, 0)
        self.history_page: QWidget | None = None
        self.settings_page = SettingsPage(services, colors)
        self.pages: dict[str, QWidget] = {
            "practice": self.practice,
            "results": self.results,
            "history": self.history,
            "settings": self.settings_page,
        }
        for key in PAGES:
            self.stack.addWidget(self.pages[key])
            item = QListWidgetItem(PAGE_TITLES[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self._nav_item("results").setFlags(Qt.ItemFlag.NoItemFlags)  # nothing to show until the first take
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        self.recovery_slot = QVBoxLayout()  # the start-up "unsaved recordings" bar goes here
        self.recovery_slot.setContentsMargins(16, 10, 16, 0)
        rl.addLayout(self.recovery_slot)
        rl.addWidget(self.stack, 1)
        lay.addWidget(right, 1)
        self.recovery_bar: QWidget | None = None

        self.status_label = QLabel("")
        self.status_label.setAccessibleName("Status")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.busy)
        self.runner.busy_changed.connect(self.busy.setVisible)

        self._build_menus()
        self._connect()
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self.show_page("practice")
        self._restore_geometry()

    # ---- construction ---------------------------------------------------------------------
    def _ensure_history(self) -> QWidget:
        """Build the history page on first use: it imports pyqtgraph and opens SQLite, which
        would otherwise delay the first paint."""
        if self.history_page is not None:
            return self.history_page
        page: QWidget | None = None
        try:
            from pitchcoach.ui.history_page import HistoryPage
        except ImportError:
            HistoryPage = None  # noqa: N806 - the teammate's page may not be in this build yet
            log.info("no history page in this build", exc_info=True)
        store = self.services.store()
        if HistoryPage is not None and store is not None:
            try:
                page = HistoryPage(store, self.colors)
            except Exception:  # noqa: BLE001 - a broken history must not stop practice
                log.exception("history page failed to build")
                page = None
            else:
                if hasattr(page, "open_take"):
                    page.open_take.connect(self.show_take)
        if page is None:
            page = QWidget()
            v = QVBoxLayout(page)
            v.setContentsMargins(24, 20, 24, 20)
            v.addWidget(label("History", "h1"))
            msg = self.services.store_error or "Your past takes will be listed here."
            v.addWidget(label(msg, "muted", wrap=True))
            v.addStretch(1)
        self.history_page = page
        self.history.layout().addWidget(page)
        return page

    def check_unsaved_recordings(self) -> int:
        """Offer recordings that a crash (or a model that never loaded) left without a saved take."""
        store = self.services.store()
        if store is None:
            return 0
        if self.recovery_bar is None:
            try:
                from pitchcoach.ui.history_page import UnsavedRecordingsBar
            except ImportError:
                log.info("no recovery bar in this build", exc_info=True)
                return 0
            self.recovery_bar = UnsavedRecordingsBar(store)
            self.recovery_bar.analyse_requested.connect(self.analyze_path)
            self.recovery_slot.addWidget(self.recovery_bar)
        exclude = [self.practice.recorder.path] if self.practice.recording and self.practice.recorder.path else []
        exclude += [getattr(p, "path", p) for p in self._pending]
        return self.recovery_bar.refresh(exclude)

    def _refresh_history(self) -> None:
        if self.history_page is not None and hasattr(self.history_page, "refresh"):
            self.history_page.refresh()

    def _nav_item(self, key: str) -> QListWidgetItem:
        return self.nav.item(PAGES.index(key))

    def _build_menus(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu("&File")
        self.open_action = QAction("&Open audio…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_file_dialog)
        self.export_action = QAction("&Export report…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.export_report)
        self.progress_action = QAction("Export &progress report…", self)
        self.progress_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.progress_action.triggered.connect(self.export_progress_report)
        self.retry_action = QAction("&Try again", self)
        self.retry_action.setShortcut(QKeySequence("Ctrl+R"))
        self.retry_action.triggered.connect(lambda: self.show_page("practice"))
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for a in (self.open_action, self.export_action, self.progress_action, self.retry_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        view = mb.addMenu("&View")
        self.page_actions: dict[str, QAction] = {}
        for i, key in enumerate(PAGES, 1):
            a = QAction(PAGE_TITLES[key], self)
            a.setShortcut(QKeySequence(f"Ctrl+{i}"))
            a.triggered.connect(lambda _=False, k=key: self.show_page(k))
            view.addAction(a)
            self.page_actions[key] = a
        self.page_actions["results"].setEnabled(False)
        view.addSeparator()
        theme_menu = view.addMenu("Theme")
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key, text in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            a = QAction(text, self, checkable=True)
            a.setChecked(self.services.settings.value.theme == key)
            a.triggered.connect(lambda _=False, k=key: self.set_theme(k, save=True))
            group.addAction(a)
            theme_menu.addAction(a)
            self.theme_actions[key] = a

        help_menu = mb.addMenu("&Help")
        tips = QAction("What makes a good introduction", self)
        tips.triggered.connect(self._show_tips)
        logs = QAction("Open &log folder", self)
        logs.triggered.connect(lambda: self._open(self.services.paths.logs))
        about = QAction("&About PitchCoach", self)
        about.triggered.connect(self._about)
        for a in (tips, logs, about):
            help_menu.addAction(a)

    def _connect(self) -> None:
        self.practice.take_finished.connect(self._on_take_finished)
        self.practice.import_requested.connect(self.open_file_dialog)
        self.practice.recording_changed.connect(self._on_recording_changed)
        self.results.try_again.connect(lambda: self.show_page("practice"))
        self.results.export_requested.connect(self.export_report)
        self.settings_page.target_changed.connect(lambda _t: self.practice.apply_target())
        self.settings_page.theme_changed.connect(lambda m: self.set_theme(m, save=False))
        self.settings_page.model_changed.connect(self.load_model)
        self.settings_page.device_changed.connect(self.practice.refresh_devices)

    # ---- pages ----------------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        if self.practice.recording and key != "practice":
            return  # leaving mid-take would hide the Stop button
        self.nav.setCurrentRow(PAGES.index(key))
        if key == "history":
            self._ensure_history()
            self._refresh_history()
        if key == "settings":
            self.settings_page.fill_devices()

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def _on_recording_changed(self, on: bool) -> None:
        self.nav.setEnabled(not on)
        for a in (self.open_action, self.export_action, self.progress_action, *self.page_actions.values()):
            a.setEnabled(not on and (a is not self.export_action or self.outcome is not None))
        self.page_actions["results"].setEnabled(not on and self.outcome is not None)
        if on:
            self.set_status("Recording…")
        elif self.analyzer is not None:
            self.set_status("Ready")
        elif self.model_error:
            self.set_status("Speech model not loaded")
        else:
            self.set_status("Loading speech model…")

    # ---- model ----------------------------------------------------------------------------
    def load_model(self) -> None:
        """Load (or reload, after a settings change) the speech model on a worker thread."""
        if self._model_loading:
            return
        self._model_loading = True
        self.analyzer = None
        self.practice.live_factory = None
        self.model_error = None
        self.set_status("Loading speech model…")
        self.settings_page.set_model_status("Loading…")
        self.runner.start(self.services.build_analyzer, self._model_loaded, self._model_load_failed, "model")

    def _model_loaded(self, analyzer: Any) -> None:
        self._model_loading = False
        self.analyzer = analyzer
        self.set_status("Ready")
        self.settings_page.set_model_status(f"Loaded: {getattr(analyzer, 'model_name', 'speech model')}")
        self.practice.live_factory = lambda: self.services.make_live(self.analyzer)
        self.model_ready.emit()
        pending, self._pending = self._pending, []
        for item in pending:
            self._analyze(item)

    def _model_load_failed(self, message: str) -> None:
        self._model_loading = False
        self.model_error = message
        self.set_status("Speech model not loaded")
        self.settings_page.set_model_status(message, error=True)
        self.notify(
            "The speech model could not be loaded",
            f"{message}\n\nYou can still record: takes are saved and analysed once a model loads "
            "(Settings ▸ Speech model).",
        )
        self.model_failed.emit(message)

    # ---- takes ----------------------------------------------------------------------------
    def _on_take_finished(self, recorder: Any, live: Any = None) -> None:
        self.practice.set_busy(True, "Saving your take…")

        def failed(message: str) -> None:
            if live is not None:
                live.close()
            self._on_recording_failed(message)

        self.runner.start(
            lambda: svc.finish_recording(recorder), lambda rec: self._on_recorded(rec, live), failed, "stop"
        )

    def _on_recording_failed(self, message: str) -> None:
        self.practice.set_busy(False)
        self.notify("The take could not be finished", message)

    def _on_recorded(self, recording: Any, live: Any = None) -> None:
        log.info("take recorded: %s (%.1f s)", recording.path, recording.seconds)
        self._analyze(recording, live)

    def _analyze(self, item: Any, live: Any = None) -> None:
        """item is a RecordingResult (from the microphone) or a Path (an imported file).

        ``live`` is the take's LiveTranscriber, when the model was ready as recording started.
        """
        if self.analyzer is None:
            if live is not None:
                live.close()
            self._pending.append(item)
            where = getattr(item, "path", item)
            if self.model_error:
                self.practice.set_busy(False)
                self.notify(
                    "Saved, not analysed yet",
                    f"Your take is saved in {where}. It will be analysed once the speech model loads.\n\n"
                    f"{self.model_error}",
                )
            else:
                self.practice.set_busy(True, "Waiting for the speech model to finish loading…")
                if not self._model_loading:
                    self.load_model()
            return
        analyzer = self.analyzer
        target = self.services.settings.value.target_seconds
        store = self.services.store()
        if isinstance(item, Path):

            def job() -> TakeOutcome:
                return svc.save_outcome(store, svc.analyze_file(analyzer, item, target))

            text = f"Analysing {item.name}…"
        elif live is not None:

            def job() -> TakeOutcome:
                return svc.save_outcome(store, svc.analyze_live_recording(analyzer, item, live, target))

            text = "Finishing the transcript and scoring your take…"
        else:

            def job() -> TakeOutcome:
                return svc.save_outcome(store, svc.analyze_recording(analyzer, item, target))

            text = "Transcribing and scoring your take…"
        self.practice.set_busy(True, text)
        self.set_status(text)
        self.runner.start(job, self._on_outcome, self._on_analysis_failed, "analyse")

    def _on_analysis_failed(self, message: str) -> None:
        self.practice.set_busy(False)
        self.set_status("Ready" if self.analyzer else "")
        self.notify("That recording could not be analysed", message)

    def _on_outcome(self, outcome: TakeOutcome) -> None:
        self.practice.set_busy(False)
        self.set_status("Ready")
        self.show_outcome(outcome)
        self._refresh_history()

    def show_outcome(self, outcome: TakeOutcome) -> None:
        self.outcome = outcome
        self.results.show_outcome(outcome)
        self._nav_item("results").setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.page_actions["results"].setEnabled(True)
        self.export_action.setEnabled(True)
        self.show_page("results")
        self.outcome_shown.emit(outcome)

    def show_take(self, take: Any) -> None:
        """Open a take from the history on the results page (its audio is decoded on a worker)."""
        self.runner.start(lambda: svc.outcome_for_take(take), self.show_outcome, self._on_analysis_failed, "open")

    # ---- import ---------------------------------------------------------------------------
    def open_file_dialog(self) -> None:
        if self.practice.recording:
            return
        start = self.services.settings.value.extra.get("last_open_dir") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open a recording", start, AUDIO_FILTER)
        if path:
            extra = dict(self.services.settings.value.extra, last_open_dir=str(Path(path).parent))
            self.services.settings.update(extra=extra)
            self.analyze_path(Path(path))

    def analyze_path(self, path: Path) -> None:
        if self.practice.recording:
            self.notify("Recording in progress", "Stop the current take before opening a file.")
            return
        if not path.is_file():
            self.notify("File not found", f"{path} does not exist or is not a file. Choose an audio file.")
            return
        self.show_page("practice")
        self._analyze(path)

    def dragEnterEvent(self, e) -> None:  # noqa: N802
        if e.mimeData().hasUrls() and any(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e) -> None:  # noqa: N802
        files = [Path(u.toLocalFile()) for u in e.mimeData().urls() if u.isLocalFile()]
        if files:
            e.acceptProposedAction()
            if len(files) > 1:
                self.set_status(f"Analysing the first of {len(files)} files: {files[0].name}")
            self.analyze_path(files[0])

    # ---- export ---------------------------------------------------------------------------
    def export_report(self) -> None:
        outcome = self.outcome
        if outcome is None:
            self.notify("Nothing to export yet", "Record or open a take first; then export its report.")
            return
        store = self.services.store()
        if outcome.take_id is None or store is None:
            self.notify(
                "This take is not in the history",
                outcome.saved_error or "Reports are made from saved takes; this one could not be saved.",
            )
            return
        try:
            from pitchcoach.ui.export import export_take_dialog
        except ImportError:
            self.notify("Export is not available", "This build of PitchCoach has no report export.")
            return
        options = dict(self.export_options)
        if self.services.open_path is not None:
            options.setdefault("open_folder", self.services.open_path)
        try:
            self.last_export = export_take_dialog(self, store.get(outcome.take_id), store, **options)
        except Exception as e:  # noqa: BLE001 - never a traceback in the UI
            from pitchcoach.core.errors import friendly_message

            log.exception("export failed")
            self.notify("The report could not be exported", friendly_message(e))

    def export_progress_report(self) -> None:
        """A report over a period of takes: pick the days, then the teammate's export dialog."""
        store = self.services.store()
        if store is None or store.count() == 0:
            self.notify(
                "Nothing to report yet",
                self.services.store_error
                or "Record or open a take first; the progress report summarises your saved takes.",
            )
            return
        from datetime import date

        from pitchcoach.ui.period_dialog import PeriodDialog

        first = store.list(limit=1, newest_first=False)[0].created_at.astimezone().date()
        dlg = PeriodDialog(first, date.today(), self)
        dlg.accepted.connect(lambda: self._export_period(dlg.period()))
        dlg.open()  # window-modal but non-blocking
        self.period_dialog = dlg

    def _export_period(self, period: tuple[Any, Any]) -> None:
        store = self.services.store()
        try:
            from pitchcoach.ui.export import export_takes_dialog
        except ImportError:
            self.notify("Export is not available", "This build of PitchCoach has no report export.")
            return
        options = dict(self.export_options)
        if self.services.open_path is not None:
            options.setdefault("open_folder", self.services.open_path)
        try:
            self.last_export = export_takes_dialog(self, period, store, **options)
        except Exception as e:  # noqa: BLE001 - never a traceback in the UI
            from pitchcoach.core.errors import friendly_message

            log.exception("progress export failed")
            self.notify("The report could not be exported", friendly_message(e))

    # ---- theme, messages, misc -----------------------------------------------------------
    def set_theme(self, mode: str, save: bool) -> None:
        if save:
            self.services.settings.update(theme=mode)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.colors = apply_theme(app, mode)
        for page in (self.practice, self.results, self.settings_page):
            page.set_colors(self.colors)
        if self.history_page is not None and hasattr(self.history_page, "set_colors"):
            self.history_page.set_colors(self.colors)
        if mode in self.theme_actions:
            self.theme_actions[mode].setChecked(True)
        idx = self.settings_page.theme_combo.findData(mode)
        if idx >= 0 and idx != self.settings_page.theme_combo.currentIndex():
            self.settings_page.theme_combo.blockSignals(True)
            self.settings_page.theme_combo.setCurrentIndex(idx)
            self.settings_page.theme_combo.blockSignals(False)

    def _system_scheme_changed(self, *_: Any) -> None:
        if self.services.settings.value.theme == "system":
            self.set_theme("system", save=False)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def notify(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        """A message the user must see. Window-modal but non-blocking, so workers and tests keep running."""
        log.info("message to user: %s: %s", title, text)
        self.last_message = f"{title}: {text}"
        if self._message_box is not None:
            self._message_box.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        box.open()
        self._message_box = box
        self.message_shown.emit(self.last_message)

    def _open(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self.services.open_path is not None:
            self.services.open_path(folder)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About PitchCoach",
            f"<b>PitchCoach {__version__}</b><br>Practise a 20-second networking introduction.<br>"
            "Speech is transcribed on this computer; nothing is sent anywhere.<br><br>"
            f"Your data: {self.services.paths.root}",
        )

    def _show_tips(self) -> None:
        self.show_page("practice")
        self.practice.intro_card.show()

    # ---- geometry and shutdown -------------------------------------------------------------
    def _restore_geometry(self) -> None:
        g = self.services.settings.value.window_geometry
        restored = False
        if g:
            try:
                restored = self.restoreGeometry(QByteArray.fromHex(g.encode("ascii")))
            except (ValueError, UnicodeError):
                restored = False
        if not restored:
            self.resize(1040, 760)

    def closeEvent(self, e) -> None:  # noqa: N802
        if self.practice.recording:
            # Nothing a user recorded is lost: finalise the file; start-up recovery offers it next time.
            rec, live = self.practice.recorder, self.practice.live
            self.practice.blockSignals(True)  # stop here, synchronously, instead of via a worker
            self.practice.stop()
            self.practice.blockSignals(False)
            try:
                rec.stop()
            except Exception:  # noqa: BLE001
                log.exception("stopping the recorder at quit failed")
            if live is not None:
                live.close()
        self.results.stop_playback()
        self.settings_page.stop_test()
        self.services.settings.update(window_geometry=bytes(self.saveGeometry().toHex()).decode("ascii"))
        self.runner.wait_all()
        super().closeEvent(e)
