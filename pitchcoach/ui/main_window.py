"""The main window: navigation, menus and layout. Takes, exports, history and themes live in their own modules."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from pitchcoach.core import goals
from pitchcoach.core.errors import friendly_message
from pitchcoach.core.session import TakeOutcome
from pitchcoach.ui.audio_files import ask_audio_file, local_files
from pitchcoach.ui.core_labels import model_name
from pitchcoach.ui.desktop import open_folder, open_message, restore_geometry, saved_geometry, show_about
from pitchcoach.ui.drills_page import DrillsPage, drill_for
from pitchcoach.ui.focus_ring import FocusRing
from pitchcoach.ui.history_host import HistoryHost
from pitchcoach.ui.i18n import feedback_catalog
from pitchcoach.ui.pages import PageStack
from pitchcoach.ui.paint_watch import PaintWatch
from pitchcoach.ui.practice_page import PracticePage
from pitchcoach.ui.report_exports import ReportExports
from pitchcoach.ui.results_page import ResultsPage
from pitchcoach.ui.settings import SettingsPage
from pitchcoach.ui.status_line import StatusLine
from pitchcoach.ui.take_controller import TakeController
from pitchcoach.ui.team_page import TeamPage
from pitchcoach.ui.team_sharing import TeamSharing
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.theme_switch import ThemeSwitch
from pitchcoach.ui.workers import TaskRunner

if TYPE_CHECKING:
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None
# The Team page comes last of the first five, so the other pages keep their Ctrl+1-4; it is listed once a
# team folder is set. Drills (issue 27) come after it, so the Team page keeps its Ctrl+5.
PAGES = ("practice", "results", "history", "settings", "team", "drills")
# Long work that quitting does not wait for: the model load and the decodes. They are cancelled, or their
# recordings are offered again at the next start (TakeController.shutdown).
NOT_AWAITED_AT_QUIT = ("model", "instant", "final", "quick", "analyse")


class MainWindow(QMainWindow):
    # For tests and the screenshot script: fired after the window has shown an outcome or a message.
    outcome_shown = Signal(object)  # a new result on the results page (an instant one is refined in place later)
    final_shown = Signal(object)  # a take's saved (whole-file) result is ready, and shown if it is that take
    message_shown = Signal(str)
    model_ready = Signal()
    model_failed = Signal(str)
    warmed_up = Signal()  # devices listed and history opened, after the first paint
    # At quit, how long the window waits for the reads and small writes still running on any page's worker
    # (tens of ms each) before the history and the team cache close. One still running after this (a large
    # team folder's first scan) is left, and they stay open for it (PitchCoachApp.close).
    quit_wait_ms = 3000
    drill_note_shown = Signal(str)  # a drill take's note (often "") read on a worker is on its verdict card

    def __init__(self, services: Services, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.colors = services, colors
        self.runner = TaskRunner(self)
        self.takes = TakeController(services, self.runner, self)
        self.exports = ReportExports(self, services, self.notify)
        self.last_message: str | None = None
        self._message_box: QMessageBox | None = None
        self.setWindowTitle("PitchCoach")
        self.setAcceptDrops(True)
        self.pages = PageStack()
        self.nav = self.pages.nav
        self.practice = PracticePage(services, colors)
        self.results = ResultsPage(services, colors)
        self.paint_watch = PaintWatch(self.results)  # logs each recorded take's timeline at its first paint
        self.history = HistoryHost(services, colors, self.pages.slot)
        self.settings_page = SettingsPage(services, colors)
        self.team = TeamPage(services)
        self.drills = DrillsPage(services, colors, self.runner)
        self.practice.pitch_card.runner = self.runner
        self.takes.script_text = self.practice.pitch_card.script_text
        pages = (self.practice, self.results, self.history, self.settings_page, self.team, self.drills)
        for key, page in zip(PAGES, pages, strict=True):
            self.pages.add(key, self.page_title(key), page, scroll=key in ("practice", "settings", "drills"))
        self.pages.set_available("results", False)  # nothing to show until the first take
        self.team_sharing = TeamSharing(services, self.runner, self.notify)
        self.results.team_slot.addWidget(self.team_sharing.widget)
        self.results.team_slot.addStretch(1)
        # Share-later: while a choice waits for an offline team folder, look for the folder now and then.
        self.share_later_timer = QTimer(self)
        self.share_later_timer.setInterval(60_000)
        self.share_later_timer.timeout.connect(self.team_sharing.share_pending)
        self.setCentralWidget(self.pages)
        self.status_line = StatusLine()
        self.status_label = self.status_line.label
        self.statusBar().addWidget(self.status_line, 1)
        self.runner.busy_changed.connect(self.status_line.set_busy)
        self._build_menus()
        self._connect()
        # Every Tab stop shows where the focus is; the style draws nothing on these (focus_ring.py).
        self.focus_ring = FocusRing(colors, self)
        if isinstance(app := QApplication.instance(), QApplication):
            app.focusChanged.connect(self.focus_ring.follow)
        self._team_changed()
        self.show_page("practice")
        restore_geometry(self, services.settings.value.window_geometry)

    def _open_teleprompter(self) -> None:
        self.show_page("practice")
        self.practice.pitch_card.open_teleprompter()

    def page_title(self, key: str) -> str:
        """A page's name, in the interface language."""
        titles = {
            "practice": self.tr("Practice"),
            "results": self.tr("Results"),
            "history": self.tr("History"),
            "settings": self.tr("Settings"),
            "team": self.tr("Team"),
            "drills": self.tr("Drills"),
        }
        return titles[key]

    def _build_menus(self) -> None:
        def action(text: str, slot: Callable[..., object], shortcut: Shortcut = None, **kw: Any) -> QAction:
            a = QAction(text, self, **kw)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            return a

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = action(self.tr("&Open audio…"), self.open_file_dialog, QKeySequence.StandardKey.Open)
        self.export_action = action(self.tr("&Export report…"), self.export_report, "Ctrl+E", enabled=False)
        self.progress_action = action(self.tr("Export &progress report…"), self.exports.export_progress, "Ctrl+Shift+E")
        retry = action(self.tr("&Try again"), lambda: self.show_page("practice"), "Ctrl+R")
        file_menu.addActions([self.open_action, self.export_action, self.progress_action, retry])
        file_menu.addSeparator()
        file_menu.addAction(action(self.tr("&Quit"), self.close, "Ctrl+Q"))
        view = self.menuBar().addMenu(self.tr("&View"))
        self.page_actions = {
            k: action(self.page_title(k), lambda _=False, k=k: self.show_page(k), f"Ctrl+{i}")
            for i, k in enumerate(PAGES, 1)
        }
        view.addActions(list(self.page_actions.values()))
        # The read-along teleprompter, from the keyboard (Space on its button records instead).
        self.teleprompter_action = action(self.tr("T&eleprompter"), self._open_teleprompter, "Ctrl+T")
        view.addAction(self.teleprompter_action)
        self.page_actions["results"].setEnabled(False)
        view.addSeparator()
        self.themes = ThemeSwitch(self.services.settings, view.addMenu(self.tr("Theme")), self)
        self.theme_actions = self.themes.actions
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(action(self.tr("What makes a good introduction"), self._show_tips))
        help_menu.addAction(
            action(self.tr("Open &log folder"), lambda: open_folder(self.services.open_path, self.services.paths.logs))
        )
        help_menu.addAction(action(self.tr("&About PitchCoach"), lambda: show_about(self, self.services.paths.root)))

    def _connect(self) -> None:
        t, p, s = self.takes, self.practice, self.settings_page
        self.pages.page_requested.connect(self.show_page)
        p.live_factory = t.start_live
        p.take_finished.connect(t.take_stopped)
        p.import_requested.connect(self.open_file_dialog)
        p.recording_changed.connect(self._on_recording_changed)
        self.history.open_take.connect(t.reopen)
        self.history.analyse_requested.connect(self.analyze_path)
        self.results.try_again.connect(lambda: self.show_page("practice"))
        self.results.export_requested.connect(self.export_report)
        s.target_changed.connect(lambda _t: p.scenario_picker.show_scenario(self.services.settings.value.scenario))
        s.target_changed.connect(lambda _t: p.apply_target())
        # One choice, shown in two places: a change on either page shows on the other.
        s.language_combo.changed.connect(p.show_language)
        p.language_combo.changed.connect(s.language_combo.show_language)
        s.theme_changed.connect(lambda m: self.set_theme(m, save=False))
        self.themes.changed.connect(self._theme_changed)
        s.model_changed.connect(t.load_model)
        s.device_changed.connect(p.refresh_devices)
        s.team_card.team_changed.connect(self._team_changed)
        self.team.message.connect(self.notify)
        t.final_ready.connect(self.team_sharing.take_saved)
        t.reopened.connect(self.team_sharing.show_for)
        p.follow(t)
        t.status.connect(self.status_line.set_text)
        t.failed.connect(self.notify)
        t.model_loading.connect(lambda: s.set_model_status(self.tr("Loading…")))
        t.model_loaded.connect(lambda name: s.set_model_status(self.tr("Loaded: {name}").format(name=model_name(name))))
        t.model_loaded.connect(self.model_ready)
        t.model_failed.connect(lambda message: s.set_model_status(message, error=True))
        t.model_failed.connect(self.model_failed)
        t.outcome_ready.connect(self.show_outcome)
        t.outcome_ready.connect(p.show_result)
        t.outcome_refined.connect(p.show_result)
        t.outcome_refined.connect(self._refine)  # in place, if that take is still the one shown
        t.final_ready.connect(self.history.refresh)
        t.kept_quick.connect(self.history.refresh)
        t.progress.connect(self.results.set_pass_progress)
        self.results.keep_requested.connect(t.keep_instant)
        t.final_ready.connect(self.final_shown)
        t.final_ready.connect(lambda _o: p.pitch_card.refresh_progress())  # coverage over rehearsals
        t.reopened.connect(self.show_outcome)
        self.drills.start_requested.connect(self.start_drill)
        self.results.drill_verdict_shown.connect(self._read_drill_note)
        t.final_ready.connect(self.drills.refresh)  # read on a worker, and only if the page is on screen
        self.results.practise_requested.connect(self.start_drill)
        self.practice.drill_banner.end_requested.connect(lambda: self.start_drill(""))

    def show_page(self, key: str) -> None:
        if self.practice.recording and key != "practice":
            self.pages.select("practice")  # leaving mid-take would hide the Stop button
            return
        self.pages.select(key)
        if key == "history":
            self.history.ensure()
            self.history.refresh()
        if key == "settings":
            self.settings_page.fill_devices()
        if key == "team":
            self.team_sharing.share_pending()  # the folder may be back: what waited goes first
            self.team.refresh()

    def _team_changed(self) -> None:
        joined = self.services.team().config is not None
        self.team_sharing.show_for(self.outcome)
        self.pages.nav.item(PAGES.index("team")).setHidden(not joined)
        self.page_actions["team"].setVisible(joined)
        if joined:
            self.share_later_timer.start()
            self.team_sharing.share_pending()
        else:
            self.share_later_timer.stop()
        if not joined and self.current_page() == "team":
            self.show_page("settings")

    def start_drill(self, skill: str) -> None:
        """Arm the drill for ``skill`` ("" ends drilling): recorded takes are judged as it until ended."""
        # The pitch language's drill: its goal and prompts are about that language ("120 to 170 words a
        # minute" is English's band, not Mandarin's); "auto" has no drills of its own and reads English's.
        drill = drill_for(skill, self.services.settings.value.pitch_language) if skill else None
        self.takes.drill = drill
        self.services.drill_target = drill.target_seconds if drill else None
        self.practice.apply_target()  # the timer and the word budget follow the drill's length
        self.practice.drill_banner.show_drill(drill, self.drills.prompt_for(drill) if drill else "")
        if drill is not None:
            self.show_page("practice")

    def _read_drill_note(self, outcome: TakeOutcome) -> None:
        """A drill take's verdict is shown: read whether it mastered its skill or reached the weekly goal, on a
        worker (the history's drill rows and this week's dates); the note follows when the read is back."""
        store, take_id = self.services.store(), outcome.take_id
        if store is None or take_id is None:
            return
        goal = self.drills.weekly_goal()

        def failed(message: str) -> None:  # the verdict still shows; only the note is missing
            log.warning("reading drill results for the note failed: %s", message)

        self.runner.start(
            lambda: goals.read_drill_note(store, take_id, goal),
            lambda note: self._show_drill_note(take_id, note),
            failed,
            name="drill-note",
        )

    def _show_drill_note(self, take_id: int, note: goals.DrillNote) -> None:
        notes = []
        if note.mastered:
            notes.append(self.tr("Skill mastered: three passes in a row!"))
        if note.goal_reached_now:  # the take that reached it, once
            notes.append(self.tr("Weekly goal reached: {goal} takes or drills this week.").format(goal=note.week.goal))
        text = " ".join(notes)
        self.results.show_drill_note(take_id, text)
        self.drill_note_shown.emit(text)

    def current_page(self) -> str:
        return self.pages.current()

    history_page = property(lambda self: self.history.page)  # HistoryPage | None, built on first visit
    recovery_bar = property(lambda self: self.history.recovery_bar)  # UnsavedRecordingsBar | None

    def check_unsaved_recordings(self) -> int:
        rec = self.practice.recorder
        exclude = [rec.path] if self.practice.recording and rec.path else []
        return self.history.check_unsaved(exclude + self.takes.pending_paths())

    def _on_recording_changed(self, on: bool) -> None:
        self.nav.setEnabled(not on)
        for a in (self.open_action, self.progress_action, *self.page_actions.values()):
            a.setEnabled(not on)
        for a in (self.export_action, self.page_actions["results"]):
            a.setEnabled(not on and self.outcome is not None)
        self.status_line.set_text(self.tr("Recording…") if on else self.takes.idle_status())

    outcome = property(lambda self: self.results.outcome)  # TakeOutcome | None: the one shown

    def show_outcome(self, outcome: TakeOutcome, switch: bool = True) -> None:
        """Fill the Results page; switch=False only prepares it (the latest take, at start-up)."""
        outcome = self.takes.current(outcome)
        self.results.show_outcome(outcome)
        self.pages.set_available("results", True)
        self.page_actions["results"].setEnabled(not self.practice.recording)
        self.export_action.setEnabled(not self.practice.recording)
        if switch:
            self.show_page("results")
            if outcome.stage == "instant":  # painted: the take's whole-file pass may start
                self.paint_watch.arm(outcome.timeline, "first", lambda: self.takes.instant_painted(outcome))
            else:  # the take's first and saved result at once
                self.paint_watch.arm(outcome.timeline, "first")
                self.paint_watch.arm(outcome.timeline, "final")
            self.outcome_shown.emit(outcome)

    def _refine(self, outcome: TakeOutcome) -> None:
        if self.results.refine(outcome):
            self.paint_watch.arm(outcome.timeline, "final")

    show_take = property(lambda self: self.takes.reopen)  # open a saved Take on the results page

    def open_file_dialog(self) -> None:
        if not self.practice.recording and (path := ask_audio_file(self, self.services.settings)):
            self.analyze_path(path)

    def analyze_path(self, path: Path) -> None:
        if self.practice.recording:
            self.notify(self.tr("Recording in progress"), self.tr("Stop the current take before opening a file."))
        else:
            from pitchcoach.core.audio import AudioError, check_audio_file

            try:  # a stat, never an open: a FIFO would block the GUI thread waiting for a writer
                check_audio_file(path)
            except AudioError as exc:
                self.notify(self.tr("That file can't be analysed"), friendly_message(exc, feedback_catalog()))
                return
            self.show_page("practice")
            if not self.services.paths.holds_recording(path):  # a recovered take keeps its own figures
                self.practice.show_opening(path.name)
            self.takes.open_file(path)

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if local_files(e.mimeData()):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        if files := local_files(e.mimeData()):
            e.acceptProposedAction()
            if len(files) > 1:
                self.status_line.set_text(
                    self.tr("Analysing the first of {count} files: {name}").format(count=len(files), name=files[0].name)
                )
            self.analyze_path(files[0])

    def export_report(self) -> None:
        self.exports.export_take(self.outcome)

    # Tests answer the export dialogs' file question through these, and wait on the running job.
    export_options = property(lambda self: self.exports.options, lambda self, v: setattr(self.exports, "options", v))
    last_export = property(lambda self: self.exports.last)
    period_dialog = property(lambda self: self.exports.period_dialog)

    set_theme = property(lambda self: self.themes.set_theme)  # (mode, save)

    def _theme_changed(self, mode: str, colors: Colors) -> None:
        self.colors = colors
        for page in (self.practice, self.results, self.settings_page, self.history, self.focus_ring):
            page.set_colors(colors)
        self.settings_page.show_theme(mode)

    def notify(self, title: str, text: str) -> None:
        log.info("message to user: %s: %s", title, text)
        self.last_message = f"{title}: {text}"
        self._message_box = open_message(self, title, text, self._message_box)
        self.message_shown.emit(self.last_message)

    def _show_tips(self) -> None:
        self.show_page("practice")
        self.practice.intro_card.show()

    def closeEvent(self, e: QCloseEvent) -> None:
        if self.practice.recording:
            # Nothing a user recorded is lost: finalise the file; start-up recovery offers it next time.
            rec, live = self.practice.recorder, self.practice.live
            self.practice.blockSignals(True)  # stop here, synchronously, instead of via a worker
            self.practice.stop()
            self.practice.blockSignals(False)
            self.takes.keep_unanalysed(rec, live)
        self.results.stop_playback()
        self.settings_page.stop_test()
        self.services.settings.update(window_geometry=saved_geometry(self))
        self.takes.shutdown()  # cancels decodes nobody will see; waits only for a take being finalised
        self._finish_reads()
        super().closeEvent(e)

    def _finish_reads(self) -> None:
        """Let every page's reads and small writes end (bounded) before the history and team cache close."""
        runners = self.findChildren(TaskRunner)
        waiting = [n for r in runners for n in r.running() if n not in NOT_AWAITED_AT_QUIT]
        if not waiting:
            return
        log.info("quitting: waiting up to %d ms for: %s", self.quit_wait_ms, ", ".join(waiting))
        deadline = time.monotonic() + self.quit_wait_ms / 1000
        left = [n for r in runners for n in r.finish(deadline, leave=NOT_AWAITED_AT_QUIT)]
        if left:
            log.info("quitting: still running after %d ms: %s", self.quit_wait_ms, ", ".join(left))

    def tasks_left(self) -> list[str]:
        """The tasks of every page's worker still running (after the window closed: those it did not wait for)."""
        return [n for r in self.findChildren(TaskRunner) for n in r.running()]
