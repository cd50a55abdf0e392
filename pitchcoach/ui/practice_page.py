"""The practice page: one big Record/Stop button, a live level meter and a timer against the target."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.language import LanguageProfile, scoring_profile
from pitchcoach.core.scoring.targets import word_budget
from pitchcoach.ui.core_labels import unit_name
from pitchcoach.ui.drills_page import DrillBanner
from pitchcoach.ui.i18n import error_text
from pitchcoach.ui.language_choice import PitchLanguageCombo
from pitchcoach.ui.pitch_card import PitchCard
from pitchcoach.ui.practice_cards import AnalysisProgress, IntroCard
from pitchcoach.ui.scenario_choice import ScenarioPicker
from pitchcoach.ui.space_key import SpaceForTextFields
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.widgets import LevelMeter, TimerBar, card, label, on_target_window, seconds_over

if TYPE_CHECKING:
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)

POLL_MS = 33  # ~30 fps: smooth meter, negligible CPU


def timer_text(elapsed: float, target: float) -> str:
    """The big timer, its unit in the interface language ("秒"); the figure keeps its width (4.1f) so the
    line does not jump as the seconds go by."""
    return QCoreApplication.translate("PracticePage", "{elapsed} s  /  {target} s").format(
        elapsed=f"{elapsed:4.1f}", target=f"{target:.0f}"
    )


class PracticePage(QWidget):
    # Emitted with the Recorder once recording has ended (by the user, the cap or a lost device);
    # the window stops it on a worker thread and analyses the take.
    take_finished = Signal(object, object)  # (Recorder, LiveTranscriber or None)
    recording_changed = Signal(bool)
    import_requested = Signal()
    cancel_requested = Signal()  # Cancel pressed while an opened file is being analysed

    def __init__(self, services: Services, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._colors = colors
        self._recorder: Any = None
        self._live: Any = None
        # Set by the window once the model is loaded: returns a LiveTranscriber for a new take, or None.
        self.live_factory: Callable[[], Any] | None = None
        self._busy = False
        self._busy_text = ""
        self._has_device = True
        self._live_words: int | None = None  # while recording: what the live decoder has finished
        self._counting = False  # after Stop, until the take's result gives the real count
        self._last_words: int | None = None  # the last result's word count (a take or an opened file)
        self._idle_text = ""  # the state line when idle, when it is not "Last take: N s"
        self._opening: str | None = None  # the name of the audio file being analysed
        # What the budget counts: the chosen pitch language's units, then the last take's language's.
        self._units: LanguageProfile = self._chosen_units()

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        column = QVBoxLayout()
        column.setSpacing(14)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(column, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

        self.drill_banner = DrillBanner()  # shown while a drill is being practised (issue 27)
        column.addWidget(self.drill_banner)
        title = label(self.tr("Practise your introduction"), "h1")
        self.subtitle = label("", "muted", wrap=True)
        column.addWidget(title)
        column.addWidget(self.subtitle)

        self.banner = label("", "errorBanner", wrap=True)
        self.banner.setAccessibleName(self.tr("Microphone problem"))
        self.banner.hide()
        self.recheck_button = QPushButton(self.tr("Check for a microphone again"))
        self.recheck_button.setAccessibleName(self.tr("Check for a microphone again"))
        self.recheck_button.clicked.connect(lambda: self.refresh_devices(refresh=True))
        self.recheck_button.hide()
        column.addWidget(self.banner)
        column.addWidget(self.recheck_button, 0, Qt.AlignmentFlag.AlignLeft)

        # --- the recording card
        rec_card = card()
        rc = QVBoxLayout(rec_card)
        rc.setContentsMargins(24, 20, 24, 20)
        rc.setSpacing(12)
        self.record_button = QPushButton(self.tr("● Record"))
        self.record_button.setObjectName("recordButton")
        self.record_button.setCheckable(True)
        self.record_button.setAccessibleName(self.tr("Record"))
        self.record_button.setAccessibleDescription(self.tr("Start or stop recording your pitch. Shortcut: Space."))
        self.record_button.setToolTip(self.tr("Start or stop recording (Space)"))
        self.record_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.record_button.clicked.connect(self._on_record_clicked)
        # Same width for "Record" and "Stop" so the page does not jump when a take starts.
        fm = self.record_button.fontMetrics()
        self.record_button.setMinimumWidth(int(fm.horizontalAdvance(self.tr("● Record")) * 1.9) + 40)
        top = QHBoxLayout()
        top.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(18)
        nums = QVBoxLayout()
        self.time_label = label(timer_text(0.0, services.target_seconds()))
        self.time_label.setObjectName("h1")
        self.time_label.setAccessibleName(self.tr("Elapsed time"))
        self.state_label = label("", "muted")
        self.state_label.setAccessibleName(self.tr("Recording state"))
        self.words_label = label("", "muted")
        self.words_label.setAccessibleName(self.tr("Word count"))
        nums.addWidget(self.time_label)
        nums.addWidget(self.state_label)
        nums.addWidget(self.words_label)
        top.addLayout(nums, 1)
        rc.addLayout(top)

        self.timer_bar = TimerBar(colors, services.target_seconds())
        rc.addWidget(self.timer_bar)

        meter_row = QHBoxLayout()
        meter_label = label(self.tr("Input level"), "muted")
        self.meter = LevelMeter(colors)
        meter_label.setBuddy(self.meter)
        meter_row.addWidget(meter_label)
        meter_row.addWidget(self.meter, 1)
        rc.addLayout(meter_row)
        self.device_label = label("", "muted", wrap=True)
        self.device_label.setAccessibleName(self.tr("Microphone in use"))
        rc.addWidget(self.device_label)
        lang_row = QHBoxLayout()
        lang_label = label(self.tr("Pitch language"), "muted")
        self.language_combo = PitchLanguageCombo(services.settings)
        self.language_combo.changed.connect(self._language_chosen)
        lang_label.setBuddy(self.language_combo)
        lang_row.addWidget(lang_label)
        lang_row.addWidget(self.language_combo)
        lang_row.addStretch(1)
        rc.addLayout(lang_row)
        self.scenario_picker = ScenarioPicker(services.settings, services.scenarios)
        self.scenario_picker.changed.connect(lambda _name: self.apply_target())
        rc.addWidget(self.scenario_picker)

        self.analysis = AnalysisProgress(self.cancel_requested.emit)
        self.progress, self.progress_label = self.analysis.bar, self.analysis.text
        self.cancel_button = self.analysis.cancel_button
        self.analysis.add_to(rc)
        column.addWidget(rec_card)
        self.pitch_card = PitchCard(services)  # the written pitch and the rehearsal mode (issue 26)
        self.recording_changed.connect(self.pitch_card.recording_changed)
        self.pitch_card.live_text = lambda: self._live.text if self._live is not None else ""
        self.pitch_card.toggle_requested.connect(self.toggle)
        self.pitch_card.language_switch_requested.connect(self.language_combo.choose)
        self.scenario_picker.changed.connect(lambda _name: self.pitch_card.update_info())  # its target
        column.addWidget(self.pitch_card)

        # --- first-time card
        self.intro_card = IntroCard()
        self.intro_title, self.intro_dismiss = self.intro_card.title, self.intro_card.dismiss_button
        self.intro_card.dismissed.connect(lambda: self.services.settings.update(seen_intro=True))
        column.addWidget(self.intro_card)
        self.intro_card.setVisible(not services.settings.value.seen_intro)

        imp = QHBoxLayout()
        imp.addWidget(label(self.tr("Already have a recording?"), "muted"))
        self.import_button = QPushButton(self.tr("Open audio file…"))
        self.import_button.setAccessibleName(self.tr("Open audio file"))
        self.import_button.setToolTip(self.tr("Analyse a WAV, FLAC, MP3 or other audio file (Ctrl+O)"))
        self.import_button.clicked.connect(self.import_requested)
        imp.addWidget(self.import_button)
        imp.addStretch(1)
        column.addLayout(imp)

        # Space toggles recording while this page is shown; enabled only then so that
        # Space still types in the settings page's text fields.
        self.space_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        self.space_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.space_shortcut.activated.connect(self.toggle)
        self.space_shortcut.setEnabled(False)
        # ...except in a text field, where Space types a space.
        self._space_keeper = SpaceForTextFields(self)

        self._idle_elapsed = 0.0
        self.apply_target()

    # ---- public API -----------------------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self._recorder is not None

    @property
    def recorder(self) -> Any:
        return self._recorder

    @property
    def live(self) -> Any:
        return self._live

    def set_colors(self, c: Colors) -> None:
        self.meter.set_colors(c)
        self.timer_bar.set_colors(c)
        self._colors = c

    def _chosen_units(self) -> LanguageProfile:
        """What the budget counts before a take says otherwise: words, or characters (字) for Mandarin.
        "Detect automatically" counts words until a take is heard."""
        return scoring_profile(self.services.settings.value.pitch_language)

    def show_language(self, code: str) -> None:
        """The pitch language was changed elsewhere (the Settings page): show it, and count in its units."""
        self.language_combo.show_language(code)
        self._language_chosen(code)

    def _language_chosen(self, code: str) -> None:
        self.scenario_picker.show_language(code)
        self.pitch_card.update_info()  # a script in the other language is said at once
        self._units = self._chosen_units()
        self._last_words = None  # the last take's count was in the other language's units
        self.apply_target()

    def apply_target(self) -> None:
        t = self.services.target_seconds()
        self.timer_bar.set_target(t)
        lo, hi = word_budget(t, self._units)
        self.subtitle.setText(
            self.tr(
                "Aim for about {t} seconds ({lo}–{hi} {units}). Press Space or the button to start and stop."
            ).format(t=f"{t:.0f}", lo=lo, hi=hi, units=unit_name(self._units.unit_name))
        )
        self.intro_card.set_target(t)
        if self.recording:
            self._show_time(self.timer_bar.elapsed)
        else:
            self._show_idle(self._idle_elapsed)
        self._update_words()

    def set_live_word_count(self, n: int | None) -> None:
        """Fed by live transcription while recording (teammate's LiveTranscriber)."""
        self._live_words = n
        self._update_words()

    def refresh_devices(self, refresh: bool = False) -> bool:
        devices = self.services.list_input_devices(refresh=refresh)
        self._has_device = bool(devices)
        if not devices:
            reason = self.services.audio_unavailable_reason() or self.tr(
                "No microphone was found, so recording is off. Plug one in or enable it in your system's "
                "sound settings, then check again."
            )
            self.banner.setText(
                self.tr("{reason} You can still analyse an existing recording with “Open audio file…”.").format(
                    reason=reason
                )
            )
            self.banner.show()
            self.recheck_button.show()
            self.device_label.setText(self.tr("Microphone: none found"))
            self.record_button.setToolTip(self.tr("Recording needs a microphone: none was found"))
            self.record_button.setAccessibleDescription(self.tr("Disabled: no microphone was found."))
        else:
            self.banner.hide()
            self.recheck_button.hide()
            chosen = self.services.selected_device()
            name = next((d.name for d in devices if d.index == chosen), None)
            if name is None:
                name = next((d.name for d in devices if d.is_default), devices[0].name)
            self.device_label.setText(self.tr("Microphone: {name}").format(name=name))
            self.record_button.setToolTip(self.tr("Start or stop recording (Space)"))
            self.record_button.setAccessibleDescription(self.tr("Start or stop recording your pitch. Shortcut: Space."))
        self._sync_enabled()
        return self._has_device

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self._busy_text = text
        self.analysis.set_busy(busy, text)
        if not busy:
            # The controller clears "busy" just before it hands over a result; a file still "opening"
            # once that has run was cancelled or failed, and nothing is shown as if it were the last take.
            QTimer.singleShot(0, self._opening_ended)
        self._sync_enabled()

    def follow(self, takes: Any) -> None:
        """Show a TakeController's work: busy text, progress figure and the Cancel button."""
        takes.busy.connect(lambda text: self.set_busy(bool(text), text))
        takes.progress.connect(self.analysis.set_progress)
        takes.cancellable.connect(self.analysis.set_cancellable)
        self.cancel_requested.connect(takes.cancel)

    def show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def toggle(self) -> None:
        if not self.isVisible():
            return
        if self.recording:
            self.stop()
        elif self.record_button.isEnabled():
            self.start()

    def start(self) -> bool:
        if self.recording or self._busy:
            return False
        from pitchcoach.core.model import ModelError
        from pitchcoach.core.recorder import RecorderError

        self.banner.hide()
        try:
            live = self.live_factory() if self.live_factory is not None else None
        except ModelError as e:  # the pitch language's model is missing or damaged: say how to fix it
            log.warning("recording did not start: %s", e)
            self.record_button.setChecked(False)
            self.show_error(error_text(e))
            return False
        try:
            rec = self.services.make_recorder(
                self.services.selected_device(), on_chunk=live.feed if live is not None else None
            )
            rec.start()
        except RecorderError as e:
            if live is not None:
                live.close()
            log.warning("recording did not start: %s", e)
            self.record_button.setChecked(False)
            self.refresh_devices()  # the microphone may have gone: update the page first...
            self.show_error(error_text(e))  # ...then say exactly what failed
            return False
        self._recorder = rec
        self._live = live
        # Kept beside the WAV, so a recording analysed later (after a crash or a quit) keeps its context.
        rec_path = getattr(rec, "path", None)
        if rec_path is not None:
            from pitchcoach.core.recovery import remember_context

            s = self.services.settings.value
            script = self.pitch_card.editor.toPlainText()
            remember_context(
                rec_path,
                self.services.target_seconds(),
                language=s.pitch_language,
                scenario=s.scenario,
                rehearsal_mode=s.rehearsal_mode,
                script=script,
            )
        self.meter.reset()
        self._timer.start()
        self._show_recording()
        self.recording_changed.emit(True)
        return True

    def stop(self) -> None:
        rec, self._recorder = self._recorder, None
        live, self._live = self._live, None
        self._timer.stop()
        if rec is None:
            return
        # The live count trails the speaker (34 shown for 83 said): the take's result gives the count.
        self._live_words, self._counting = None, True
        self._update_words()
        self._show_idle(elapsed=rec.elapsed_seconds)
        self.recording_changed.emit(False)
        self.take_finished.emit(rec, live)

    # ---- internals ------------------------------------------------------------------------
    def _on_record_clicked(self) -> None:
        if self.recording:
            self.stop()
        else:
            self.start()
        self.record_button.setChecked(self.recording)

    def _poll(self) -> None:
        rec = self._recorder
        if rec is None:
            return
        elapsed = rec.elapsed_seconds
        self.timer_bar.set_elapsed(elapsed)
        self.meter.set_level_db(rec.level_db)
        self._show_time(elapsed)
        if self._live is not None:
            # Mandarin's budget is in characters (字): count them in what was heard, not Whisper's words.
            n = self._live.word_count if self._units.spaced else self._units.count_units(self._live.text)
            if n or self._live_words is not None:
                self.set_live_word_count(n)
        if rec.status in ("device_lost", "cap_reached"):
            # The recorder ended the take by itself; hand it over exactly like a Stop press.
            log.info("take ended by the recorder: %s", rec.status)
            self.stop()

    def _show_time(self, elapsed: float) -> None:
        target = self.services.target_seconds()
        self.time_label.setText(timer_text(elapsed, target))
        # The timer bar's green band is the range timing scores 100 in; the words here say the same.
        lo, hi = on_target_window(target)
        over = seconds_over(elapsed, hi)
        if over >= 1:
            self.state_label.setText(self.tr("Over time by {over} s: wrap up with your question").format(over=over))
            self.state_label.setStyleSheet(f"color: {self._colors.bad.name()}; font-weight: 600;")
        elif elapsed >= lo:
            self.state_label.setText(
                self.tr("On target ({lo}–{hi} s): time to ask your question").format(lo=f"{lo:.0f}", hi=f"{hi:.0f}")
            )
            self.state_label.setStyleSheet(f"color: {self._colors.good.name()}; font-weight: 600;")
        else:
            self.state_label.setText(self.tr("Recording…"))
            self.state_label.setStyleSheet("")

    def show_result(self, outcome: Any) -> None:
        """A take's (or an opened file's) result is in: its word count and length replace the live ones."""
        t = outcome.analysis.transcript
        self._counting = False
        self._units = scoring_profile(outcome.analysis.language)  # what an "auto" take was heard as
        self._last_words = outcome.analysis.word_count  # the Results page's count
        if self._opening is not None:
            self._idle_text = self.tr("Opened {name}: {seconds} s").format(
                name=self._opening, seconds=f"{t.audio_seconds:.1f}"
            )
            self._opening = None
        if not self.recording:
            self._update_words()
            self._show_idle(self._idle_elapsed)

    def show_opening(self, name: str) -> None:
        """An audio file is being opened: nothing of the last take stays up as if it were this one."""
        self._counting, self._last_words, self._idle_text = False, None, self.tr("Opening {name}…").format(name=name)
        self._opening = name
        self.timer_bar.set_elapsed(0.0)
        self._update_words()
        self._show_idle(0.0)

    def _opening_ended(self) -> None:
        if self._opening is not None and not self.recording and not self._busy:
            self._opening, self._idle_text = None, ""
            self._show_idle(0.0)

    def _update_words(self) -> None:
        lo, hi = word_budget(self.services.target_seconds(), self._units)
        units = unit_name(self._units.unit_name)  # "words", or "characters" for Mandarin
        if self._live_words is not None:
            # The live decoder's words trail the speaker: "so far", never "on budget"; "over budget" only grows.
            n = self._live_words
            over = self.tr(" · over budget") if n > hi else ""
            self.words_label.setText(
                self.tr("{n} {units} so far (budget {lo}–{hi}){over}").format(n=n, units=units, lo=lo, hi=hi, over=over)
            )
        elif self._counting:
            self.words_label.setText(self.tr("Counting your {units}…").format(units=units))
        elif self._last_words is not None:
            n = self._last_words
            over, on, under = self.tr(" · over budget"), self.tr(" · on budget"), self.tr(" · under budget")
            state = over if n > hi else on if n >= lo else under
            self.words_label.setText(
                self.tr("{n} {units} (budget {lo}–{hi}){state}").format(n=n, units=units, lo=lo, hi=hi, state=state)
            )
        elif self._units.unit_name == "words":
            self.words_label.setText(self.tr("Word budget: {lo}–{hi} words").format(lo=lo, hi=hi))
        else:
            self.words_label.setText(self.tr("Character budget: {lo}–{hi} characters").format(lo=lo, hi=hi))

    def _show_recording(self) -> None:
        self.record_button.setText(self.tr("■ Stop"))
        self.record_button.setAccessibleName(self.tr("Stop"))
        self.record_button.setChecked(True)
        self.import_button.setEnabled(False)
        self.language_combo.setEnabled(False)  # a take is heard in the language it was started in
        self.scenario_picker.setEnabled(False)  # ...and scored for the scenario it was started for
        self._units = self._chosen_units()
        self.timer_bar.set_elapsed(0.0)
        self._live_words, self._counting, self._last_words, self._idle_text = None, False, None, ""
        self._opening = None
        self._update_words()
        self._show_time(0.0)

    def _show_idle(self, elapsed: float = 0.0) -> None:
        self._idle_elapsed = elapsed
        self.record_button.setText(self.tr("● Record"))
        self.record_button.setAccessibleName(self.tr("Record"))
        self.record_button.setChecked(False)
        self.meter.reset()
        self.state_label.setStyleSheet("")
        text = self._idle_text or (
            self.tr("Ready when you are") if elapsed == 0 else self.tr("Last take: {s} s").format(s=f"{elapsed:.1f}")
        )
        self.state_label.setText(text)
        self.time_label.setText(timer_text(elapsed, self.services.target_seconds()))
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        self.record_button.setEnabled(self.recording or (self._has_device and not self._busy))
        self.import_button.setEnabled(not self.recording and not self._busy)
        self.language_combo.setEnabled(not self.recording)
        self.scenario_picker.setEnabled(not self.recording)

    def showEvent(self, event: QShowEvent) -> None:
        self.space_shortcut.setEnabled(True)
        if (app := QApplication.instance()) is not None:
            app.installEventFilter(self._space_keeper)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.space_shortcut.setEnabled(False)
        if (app := QApplication.instance()) is not None:
            app.removeEventFilter(self._space_keeper)
        super().hideEvent(event)
