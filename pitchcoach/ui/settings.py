"""The settings page. Every change is saved at once (no Apply button to forget)."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.scenarios import CUSTOM_SCENARIO
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS, TARGET_MAX_SECONDS, TARGET_MIN_SECONDS
from pitchcoach.ui.i18n import (
    UI_LANGUAGES,
    current_ui_language,
    error_text,
    feedback_catalog,
    resolve_ui_language,
    system_ui_language,
)
from pitchcoach.ui.language_choice import PitchLanguageCombo
from pitchcoach.ui.team_settings import TeamSettingsCard
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.widgets import LevelMeter, card, label

if TYPE_CHECKING:
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)


class SettingsPage(QWidget):
    target_changed = Signal(float)
    model_changed = Signal()
    theme_changed = Signal(str)
    device_changed = Signal()

    def __init__(self, services: Services, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._test_recorder: Any = None
        self._test_dir: Path | None = None
        self._lexicon_runner: Any = None
        self._lexicon_recheck = False
        self.lexicon_problems: tuple[str, ...] = ()
        self._test_timer = QTimer(self)
        self._test_timer.setInterval(33)
        self._test_timer.timeout.connect(self._poll_test)
        s = services.settings.value

        page = QVBoxLayout(self)
        page.setContentsMargins(24, 20, 24, 20)
        centre = QHBoxLayout()
        outer = QVBoxLayout()
        outer.setSpacing(14)
        centre.addStretch(1)
        centre.addLayout(outer, 10)
        centre.addStretch(1)
        page.addLayout(centre)
        page.addStretch(1)
        outer.addWidget(label(self.tr("Settings"), "h1"))

        # --- microphone
        mic = card()
        ml = QVBoxLayout(mic)
        ml.setContentsMargins(18, 14, 18, 14)
        ml.addWidget(label(self.tr("Microphone"), "h2"))
        form = QFormLayout()
        self.device_combo = QComboBox()
        self.device_combo.setAccessibleName(self.tr("Input device"))
        self.device_combo.currentIndexChanged.connect(self._device_chosen)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh device list"))
        self.refresh_button.setToolTip(self.tr("Look for microphones again (after plugging one in)"))
        self.refresh_button.clicked.connect(lambda: self.fill_devices(refresh=True))
        dev_row = QHBoxLayout()
        dev_row.addWidget(self.device_combo, 1)
        dev_row.addWidget(self.refresh_button)
        form.addRow(self.tr("Input device:"), dev_row)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test level"))
        self.test_button.setCheckable(True)
        self.test_button.setAccessibleName(self.tr("Test microphone level"))
        self.test_button.setToolTip(self.tr("Speak: the bar should reach the green part. Nothing is saved."))
        self.test_button.toggled.connect(self._toggle_test)
        self.test_meter = LevelMeter(colors)
        self.test_meter.setAccessibleName(self.tr("Test input level"))
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_meter, 1)
        form.addRow(self.tr("Level:"), test_row)
        self.device_note = label("", "muted", wrap=True)
        form.addRow("", self.device_note)
        ml.addLayout(form)
        outer.addWidget(mic)

        # --- practice
        prac = card()
        pl = QVBoxLayout(prac)
        pl.setContentsMargins(18, 14, 18, 14)
        pl.addWidget(label(self.tr("Practice"), "h2"))
        pform = QFormLayout()
        self.target_spin = QSpinBox()
        self.target_spin.setRange(int(TARGET_MIN_SECONDS), int(TARGET_MAX_SECONDS))
        self.target_spin.setSuffix(self.tr(" s"))
        self.target_spin.setValue(int(round(s.target_seconds)))
        self.target_spin.setAccessibleName(self.tr("Target length in seconds"))
        self.target_spin.setToolTip(
            self.tr("How long your introduction should be ({lo}–{hi} s; {typical} s is typical)").format(
                lo=f"{TARGET_MIN_SECONDS:g}", hi=f"{TARGET_MAX_SECONDS:g}", typical=f"{DEFAULT_TARGET_SECONDS:g}"
            )
        )
        self.target_spin.valueChanged.connect(self._target_chosen)
        self.target_spin.setMinimumWidth(self.fontMetrics().horizontalAdvance("000 s") * 3)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_spin)
        target_row.addWidget(
            label(
                self.tr(
                    "{lo}–{hi} s; about {typical} s suits most networking events. Setting it picks the Custom scenario"
                ).format(
                    lo=f"{TARGET_MIN_SECONDS:g}", hi=f"{TARGET_MAX_SECONDS:g}", typical=f"{DEFAULT_TARGET_SECONDS:g}"
                ),
                "muted",
                wrap=True,  # one line is ~620 px: at 800 px it pushed the page past the window
            ),
            1,
        )
        pform.addRow(self.tr("Target length:"), target_row)
        self.language_combo = PitchLanguageCombo(services.settings)
        pform.addRow(self.tr("Pitch language:"), self.language_combo)
        self.theme_combo = QComboBox()
        self.theme_combo.setAccessibleName(self.tr("Colour theme"))
        for key, text in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme_combo.addItem(text, key)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(s.theme)))
        self.theme_combo.currentIndexChanged.connect(self._theme_chosen)
        pform.addRow(self.tr("Theme:"), self.theme_combo)
        # Interface language: each name in its own language, so a user who cannot read the current
        # one still finds theirs. It applies at the next start, and the note under it says so.
        self.ui_language_combo = QComboBox()
        self.ui_language_combo.setAccessibleName(self.tr("Interface language"))
        system_name = UI_LANGUAGES[system_ui_language()]
        self.ui_language_combo.addItem(self.tr("Follow the system ({language})").format(language=system_name), None)
        for code, name in UI_LANGUAGES.items():
            self.ui_language_combo.addItem(name, code)
        self.ui_language_combo.setCurrentIndex(max(0, self.ui_language_combo.findData(s.ui_language)))
        self.ui_language_combo.currentIndexChanged.connect(self._ui_language_chosen)
        pform.addRow(self.tr("Interface language:"), self.ui_language_combo)
        self.ui_language_note = label(self.tr("Takes effect the next time PitchCoach starts."), "muted", wrap=True)
        self.ui_language_note.setAccessibleName(self.tr("When the language changes"))
        pform.addRow("", self.ui_language_note)
        lex_row = QHBoxLayout()
        self.lexicon_button = QPushButton(self.tr("Open lexicon folder"))
        self.lexicon_button.setAccessibleName(self.tr("Open lexicon folder"))
        self.lexicon_button.setToolTip(self.tr("Add your own filler, jargon or hedge words as text files here"))
        self.lexicon_button.clicked.connect(self._open_lexicons)
        lex_row.addWidget(self.lexicon_button)
        self.lexicon_check_button = QPushButton(self.tr("Check word lists"))
        self.lexicon_check_button.setAccessibleName(self.tr("Check your word lists for problems"))
        self.lexicon_check_button.setToolTip(
            self.tr("Read your word lists again and list any line that cannot be used")
        )
        self.lexicon_check_button.clicked.connect(self.check_lexicons)
        lex_row.addWidget(self.lexicon_check_button)
        lex_row.addStretch(1)
        pform.addRow(self.tr("Word lists:"), lex_row)
        self.lexicon_status = label("", "muted", wrap=True)
        self.lexicon_status.setAccessibleName(self.tr("Word list problems"))
        self.lexicon_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pform.addRow("", self.lexicon_status)
        pl.addLayout(pform)
        outer.addWidget(prac)

        # --- model
        mod = card()
        mdl = QVBoxLayout(mod)
        mdl.setContentsMargins(18, 14, 18, 14)
        mdl.addWidget(label(self.tr("Speech model"), "h2"))
        self.model_bundled = QRadioButton(self.tr("Bundled tiny.en (English, fast, works offline)"))
        self.model_bundled.setAccessibleName(self.tr("Use the bundled model"))
        self.model_local = QRadioButton(self.tr("A model folder on this computer (CTranslate2 format, with model.bin)"))
        self.model_local.setAccessibleName(self.tr("Use a local model folder"))
        group = QButtonGroup(self)
        group.addButton(self.model_bundled)
        group.addButton(self.model_local)
        mdl.addWidget(self.model_bundled)
        mdl.addWidget(self.model_local)
        frow = QHBoxLayout()
        self.model_path = QLineEdit(s.model_path or "")
        self.model_path.setPlaceholderText(self.tr("Folder containing model.bin"))
        self.model_path.setAccessibleName(self.tr("Model folder"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setAccessibleName(self.tr("Browse for a model folder"))
        self.browse_button.clicked.connect(self._browse_model)
        self.apply_model_button = QPushButton(self.tr("Use this model"))
        self.apply_model_button.setAccessibleName(self.tr("Load the chosen model"))
        self.apply_model_button.clicked.connect(self._apply_model)
        frow.addWidget(self.model_path, 1)
        frow.addWidget(self.browse_button)
        frow.addWidget(self.apply_model_button)
        mdl.addLayout(frow)
        self.model_status = label("", "muted", wrap=True)
        self.model_status.setAccessibleName(self.tr("Model status"))
        mdl.addWidget(self.model_status)
        (self.model_local if s.model_path else self.model_bundled).setChecked(True)
        self.model_bundled.toggled.connect(self._model_kind_changed)
        self._model_kind_changed()
        outer.addWidget(mod)
        self.team_card = TeamSettingsCard(services)
        outer.addWidget(self.team_card)
        self._filling = False

    # ---- devices --------------------------------------------------------------------------
    def fill_devices(self, refresh: bool = False) -> None:
        self._filling = True
        try:
            self.device_combo.clear()
            self.device_combo.addItem(self.tr("System default"), None)
            devices = self.services.list_input_devices(refresh=refresh)
            for d in devices:
                self.device_combo.addItem(d.name + (self.tr("  (default)") if d.is_default else ""), d.name)
            saved = self.services.settings.value.input_device
            idx = self.device_combo.findData(saved) if saved else 0
            if saved and idx < 0:
                # Keep the saved choice visible instead of silently forgetting it.
                self.device_combo.addItem(self.tr("{name} (not connected)").format(name=saved), saved)
                idx = self.device_combo.count() - 1
            self.device_combo.setCurrentIndex(max(0, idx))
            if not devices:
                self.device_note.setText(
                    self.services.audio_unavailable_reason()
                    or self.tr(
                        "No microphone found. Plug one in or enable it in your system sound settings, then "
                        "press Refresh."
                    )
                )
            else:
                self.device_note.setText(
                    self.tr("1 input device found.")
                    if len(devices) == 1
                    else self.tr("{n} input devices found.").format(n=len(devices))
                )
            self.test_button.setEnabled(bool(devices))
        finally:
            self._filling = False

    def _device_chosen(self, _index: int) -> None:
        if getattr(self, "_filling", True):
            return
        self.services.settings.update(input_device=self.device_combo.currentData())
        if self._test_recorder is not None:
            self.test_button.setChecked(False)
        self.device_changed.emit()

    def _toggle_test(self, on: bool) -> None:
        from pitchcoach.core.recorder import RecorderError

        if on:
            # A throwaway folder: a level test is not a take and must not appear in the history.
            self._test_dir = Path(tempfile.mkdtemp(prefix="pitchcoach-leveltest-"))
            try:
                rec = self.services.make_recorder(self.services.selected_device(), recordings_dir=self._test_dir)
                rec.start()
            except RecorderError as e:
                self.device_note.setText(error_text(e))
                self.test_button.setChecked(False)
                return
            self._test_recorder = rec
            self._test_timer.start()
            self.test_button.setText(self.tr("Stop test"))
            self.device_note.setText(self.tr("Speak normally: the bar should reach the green part."))
        else:
            self.stop_test()

    def stop_test(self) -> None:
        self._test_timer.stop()
        rec, self._test_recorder = self._test_recorder, None
        if rec is not None:
            try:
                rec.stop()
            except Exception:  # the test result is thrown away anyway
                log.warning("stopping the level test failed", exc_info=True)
        if self._test_dir is not None:
            shutil.rmtree(self._test_dir, ignore_errors=True)
            self._test_dir = None
        self.test_meter.reset()
        self.test_button.blockSignals(True)
        self.test_button.setChecked(False)
        self.test_button.blockSignals(False)
        self.test_button.setText(self.tr("Test level"))

    def _poll_test(self) -> None:
        rec = self._test_recorder
        if rec is None:
            return
        self.test_meter.set_level_db(rec.level_db)
        if rec.status != "recording":
            self.device_note.setText(
                self.tr("The microphone stopped sending sound. Check the connection and try again.")
            )
            self.stop_test()

    # ---- other settings -------------------------------------------------------------------
    def _target_chosen(self, value: int) -> None:
        # A length of the user's own is the Custom scenario (the others bring their own length).
        self.services.settings.update(target_seconds=float(value), scenario=CUSTOM_SCENARIO)
        self.target_changed.emit(float(value))

    def show_theme(self, mode: str) -> None:
        """Show a theme chosen elsewhere (the View menu) without saving or announcing it again."""
        idx = self.theme_combo.findData(mode)
        if idx >= 0 and idx != self.theme_combo.currentIndex():
            self.theme_combo.blockSignals(True)
            self.theme_combo.setCurrentIndex(idx)
            self.theme_combo.blockSignals(False)

    def _ui_language_chosen(self, _index: int) -> None:
        code = self.ui_language_combo.currentData()
        self.services.settings.update(ui_language=code)
        if resolve_ui_language(code) == current_ui_language():
            self.ui_language_note.setText(self.tr("Takes effect the next time PitchCoach starts."))
        else:
            self.ui_language_note.setText(
                self.tr(
                    "Saved. Restart PitchCoach to see it in {language}. Your takes and settings stay as they are."
                ).format(language=UI_LANGUAGES[resolve_ui_language(code)])
            )

    def _theme_chosen(self, _index: int) -> None:
        mode = self.theme_combo.currentData()
        self.services.settings.update(theme=mode)
        self.theme_changed.emit(mode)

    def _open_lexicons(self) -> None:
        folder = self.services.paths.lexicons
        folder.mkdir(parents=True, exist_ok=True)
        if self.services.open_path is not None:
            self.services.open_path(folder)

    def check_lexicons(self) -> None:
        """Re-read the user's word lists on a worker (a list can hold slow patterns) and show the problems."""
        from pitchcoach.core.lexicon import check_user_lexicons
        from pitchcoach.ui.workers import TaskRunner

        if self._lexicon_runner is None:
            self._lexicon_runner = TaskRunner(self)
            self._lexicon_runner.busy_changed.connect(self._lexicon_runner_busy)
        if self._lexicon_runner.busy:
            # The previous check is still winding down (or running): check again once it is done,
            # so a click right after an edit is never lost.
            self._lexicon_recheck = True
            return
        self.lexicon_check_button.setEnabled(False)
        self.lexicon_status.setText(self.tr("Checking your word lists…"))
        folder, catalog = self.services.paths.lexicons, feedback_catalog()
        self._lexicon_runner.start(
            lambda: check_user_lexicons(folder, catalog),  # in the interface language
            on_result=self._show_lexicon_problems,
            on_error=self._show_lexicon_error,
            name="check-lexicons",
        )

    def _lexicon_runner_busy(self, busy: bool) -> None:
        if not busy and self._lexicon_recheck:
            self._lexicon_recheck = False
            self.check_lexicons()

    def _show_lexicon_problems(self, problems: tuple[str, ...]) -> None:
        self.lexicon_check_button.setEnabled(True)
        self.lexicon_problems = tuple(problems)
        if not problems:
            self.lexicon_status.setText(self.tr("Your word lists are fine: every line can be used."))
            self._set_status_style(self.lexicon_status, error=False)
            return
        shown = list(problems[:20])
        if len(problems) > 20:
            shown.append(self.tr("…and {n} more (see the log file).").format(n=len(problems) - 20))
        self.lexicon_status.setText(
            (
                self.tr("1 line in your word lists cannot be used and is skipped:")
                if len(problems) == 1
                else self.tr("{n} lines in your word lists cannot be used and are skipped:").format(n=len(problems))
            )
            + "\n"
            + "\n".join(shown)
        )
        self._set_status_style(self.lexicon_status, error=True)

    def _show_lexicon_error(self, message: str) -> None:
        self.lexicon_check_button.setEnabled(True)
        self.lexicon_status.setText(message)
        self._set_status_style(self.lexicon_status, error=True)

    @staticmethod
    def _set_status_style(widget: QWidget, error: bool) -> None:
        widget.setObjectName("errorBanner" if error else "muted")
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _model_kind_changed(self, *_: Any) -> None:
        local = self.model_local.isChecked()
        for w in (self.model_path, self.browse_button, self.apply_model_button):
            w.setEnabled(local)
        if not local and self.services.settings.value.model_path is not None:
            self.services.settings.update(model_path=None)
            self.model_changed.emit()

    def _browse_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a model folder"), self.model_path.text() or "")
        if folder:
            self.model_path.setText(folder)
            self._apply_model()

    def _apply_model(self) -> None:
        text = self.model_path.text().strip()
        if not text:
            self.model_status.setText(self.tr("Enter or browse to a folder that contains model.bin."))
            return
        self.services.settings.update(model_path=text)
        self.model_changed.emit()

    def set_model_status(self, text: str, error: bool = False) -> None:
        self.model_status.setText(text)
        self.model_status.setObjectName("errorBanner" if error else "muted")
        self.model_status.style().unpolish(self.model_status)
        self.model_status.style().polish(self.model_status)

    def set_colors(self, c: Colors) -> None:
        self.test_meter.set_colors(c)

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        self.check_lexicons()

    def hideEvent(self, e: QHideEvent) -> None:
        self.stop_test()
        if self._lexicon_runner is not None and self._lexicon_runner.busy:
            # The page may be destroyed next (window closing): a QThread deleted while running
            # aborts the process. A check takes milliseconds unless a list is full of slow patterns.
            self._lexicon_runner.wait_all(15000)
        super().hideEvent(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() == Qt.Key.Key_Escape and self._test_recorder is not None:
            self.stop_test()
            return
        super().keyPressEvent(e)
