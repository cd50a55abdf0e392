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
from pitchcoach.ui.language_choice import PitchLanguageCombo
from pitchcoach.ui.team_settings import TeamSettingsCard
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.widgets import LevelMeter, card, label

if TYPE_CHECKING:
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)

DEFAULT_DEVICE_TEXT = "System default"


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
        outer.addWidget(label("Settings", "h1"))

        # --- microphone
        mic = card()
        ml = QVBoxLayout(mic)
        ml.setContentsMargins(18, 14, 18, 14)
        ml.addWidget(label("Microphone", "h2"))
        form = QFormLayout()
        self.device_combo = QComboBox()
        self.device_combo.setAccessibleName("Input device")
        self.device_combo.currentIndexChanged.connect(self._device_chosen)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setAccessibleName("Refresh device list")
        self.refresh_button.setToolTip("Look for microphones again (after plugging one in)")
        self.refresh_button.clicked.connect(lambda: self.fill_devices(refresh=True))
        dev_row = QHBoxLayout()
        dev_row.addWidget(self.device_combo, 1)
        dev_row.addWidget(self.refresh_button)
        form.addRow("Input device:", dev_row)
        test_row = QHBoxLayout()
        self.test_button = QPushButton("Test level")
        self.test_button.setCheckable(True)
        self.test_button.setAccessibleName("Test microphone level")
        self.test_button.setToolTip("Speak: the bar should reach the green part. Nothing is saved.")
        self.test_button.toggled.connect(self._toggle_test)
        self.test_meter = LevelMeter(colors)
        self.test_meter.setAccessibleName("Test input level")
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_meter, 1)
        form.addRow("Level:", test_row)
        self.device_note = label("", "muted", wrap=True)
        form.addRow("", self.device_note)
        ml.addLayout(form)
        outer.addWidget(mic)

        # --- practice
        prac = card()
        pl = QVBoxLayout(prac)
        pl.setContentsMargins(18, 14, 18, 14)
        pl.addWidget(label("Practice", "h2"))
        pform = QFormLayout()
        self.target_spin = QSpinBox()
        self.target_spin.setRange(int(TARGET_MIN_SECONDS), int(TARGET_MAX_SECONDS))
        self.target_spin.setSuffix(" s")
        self.target_spin.setValue(int(round(s.target_seconds)))
        self.target_spin.setAccessibleName("Target length in seconds")
        self.target_spin.setToolTip(
            f"How long your introduction should be ({TARGET_MIN_SECONDS:g}–{TARGET_MAX_SECONDS:g} s; "
            f"{DEFAULT_TARGET_SECONDS:g} s is typical)"
        )
        self.target_spin.valueChanged.connect(self._target_chosen)
        self.target_spin.setMinimumWidth(self.fontMetrics().horizontalAdvance("000 s") * 3)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_spin)
        target_row.addWidget(
            label(
                f"{TARGET_MIN_SECONDS:g}–{TARGET_MAX_SECONDS:g} s; "
                f"about {DEFAULT_TARGET_SECONDS:g} s suits most networking events. Setting it picks the "
                "Custom scenario",
                "muted",
            ),
            1,
        )
        pform.addRow("Target length:", target_row)
        self.language_combo = PitchLanguageCombo(services.settings)
        pform.addRow("Pitch language:", self.language_combo)
        self.theme_combo = QComboBox()
        self.theme_combo.setAccessibleName("Colour theme")
        for key, text in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            self.theme_combo.addItem(text, key)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(s.theme)))
        self.theme_combo.currentIndexChanged.connect(self._theme_chosen)
        pform.addRow("Theme:", self.theme_combo)
        lex_row = QHBoxLayout()
        self.lexicon_button = QPushButton("Open lexicon folder")
        self.lexicon_button.setAccessibleName("Open lexicon folder")
        self.lexicon_button.setToolTip("Add your own filler, jargon or hedge words as text files here")
        self.lexicon_button.clicked.connect(self._open_lexicons)
        lex_row.addWidget(self.lexicon_button)
        self.lexicon_check_button = QPushButton("Check word lists")
        self.lexicon_check_button.setAccessibleName("Check your word lists for problems")
        self.lexicon_check_button.setToolTip("Read your word lists again and list any line that cannot be used")
        self.lexicon_check_button.clicked.connect(self.check_lexicons)
        lex_row.addWidget(self.lexicon_check_button)
        lex_row.addStretch(1)
        pform.addRow("Word lists:", lex_row)
        self.lexicon_status = label("", "muted", wrap=True)
        self.lexicon_status.setAccessibleName("Word list problems")
        self.lexicon_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pform.addRow("", self.lexicon_status)
        pl.addLayout(pform)
        outer.addWidget(prac)

        # --- model
        mod = card()
        mdl = QVBoxLayout(mod)
        mdl.setContentsMargins(18, 14, 18, 14)
        mdl.addWidget(label("Speech model", "h2"))
        self.model_bundled = QRadioButton("Bundled tiny.en (English, fast, works offline)")
        self.model_bundled.setAccessibleName("Use the bundled model")
        self.model_local = QRadioButton("A model folder on this computer (CTranslate2 format, with model.bin)")
        self.model_local.setAccessibleName("Use a local model folder")
        group = QButtonGroup(self)
        group.addButton(self.model_bundled)
        group.addButton(self.model_local)
        mdl.addWidget(self.model_bundled)
        mdl.addWidget(self.model_local)
        frow = QHBoxLayout()
        self.model_path = QLineEdit(s.model_path or "")
        self.model_path.setPlaceholderText("Folder containing model.bin")
        self.model_path.setAccessibleName("Model folder")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setAccessibleName("Browse for a model folder")
        self.browse_button.clicked.connect(self._browse_model)
        self.apply_model_button = QPushButton("Use this model")
        self.apply_model_button.setAccessibleName("Load the chosen model")
        self.apply_model_button.clicked.connect(self._apply_model)
        frow.addWidget(self.model_path, 1)
        frow.addWidget(self.browse_button)
        frow.addWidget(self.apply_model_button)
        mdl.addLayout(frow)
        self.model_status = label("", "muted", wrap=True)
        self.model_status.setAccessibleName("Model status")
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
            self.device_combo.addItem(DEFAULT_DEVICE_TEXT, None)
            devices = self.services.list_input_devices(refresh=refresh)
            for d in devices:
                self.device_combo.addItem(d.name + ("  (default)" if d.is_default else ""), d.name)
            saved = self.services.settings.value.input_device
            idx = self.device_combo.findData(saved) if saved else 0
            if saved and idx < 0:
                # Keep the saved choice visible instead of silently forgetting it.
                self.device_combo.addItem(f"{saved} (not connected)", saved)
                idx = self.device_combo.count() - 1
            self.device_combo.setCurrentIndex(max(0, idx))
            if not devices:
                self.device_note.setText(
                    self.services.audio_unavailable_reason()
                    or (
                        "No microphone found. Plug one in or enable it in your system sound settings, then "
                        "press Refresh."
                    )
                )
            else:
                self.device_note.setText(f"{len(devices)} input device{'s' if len(devices) != 1 else ''} found.")
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
                self.device_note.setText(str(e))
                self.test_button.setChecked(False)
                return
            self._test_recorder = rec
            self._test_timer.start()
            self.test_button.setText("Stop test")
            self.device_note.setText("Speak normally: the bar should reach the green part.")
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
        self.test_button.setText("Test level")

    def _poll_test(self) -> None:
        rec = self._test_recorder
        if rec is None:
            return
        self.test_meter.set_level_db(rec.level_db)
        if rec.status != "recording":
            self.device_note.setText("The microphone stopped sending sound. Check the connection and try again.")
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
        self.lexicon_status.setText("Checking your word lists…")
        folder = self.services.paths.lexicons
        self._lexicon_runner.start(
            lambda: check_user_lexicons(folder),
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
            self.lexicon_status.setText("Your word lists are fine: every line can be used.")
            self._set_status_style(self.lexicon_status, error=False)
            return
        shown = list(problems[:20])
        if len(problems) > 20:
            shown.append(f"…and {len(problems) - 20} more (see the log file).")
        self.lexicon_status.setText(
            f"{len(problems)} line{'s' if len(problems) != 1 else ''} in your word lists cannot be used "
            "and are skipped:\n" + "\n".join(shown)
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
        folder = QFileDialog.getExistingDirectory(self, "Choose a model folder", self.model_path.text() or "")
        if folder:
            self.model_path.setText(folder)
            self._apply_model()

    def _apply_model(self) -> None:
        text = self.model_path.text().strip()
        if not text:
            self.model_status.setText("Enter or browse to a folder that contains model.bin.")
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
