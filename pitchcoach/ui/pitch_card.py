"""My pitch (issue 26): the written pitch beside the Practice page's recorder, and the rehearsal mode.

The text is the script a take is rehearsed against: each sentence is a key point. "Save version" keeps
it (core/pitch_script.py); a take started with unsaved changes saves them first, so every rehearsal is
held against a kept version. Read along shows the script while recording and scrolls it at the target
pace (a teleprompter); From memory hides it until the take ends.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from pitchcoach.core.language import scoring_profile
from pitchcoach.core.pitch_script import PitchVersions, check_text, recent_progress, script_mismatch, written_language
from pitchcoach.core.rehearsal import marked_phrases, parse_script
from pitchcoach.ui.core_labels import unit_name
from pitchcoach.ui.i18n import feedback_catalog
from pitchcoach.ui.services import Services
from pitchcoach.ui.teleprompter import Teleprompter
from pitchcoach.ui.widgets import card, label

if TYPE_CHECKING:
    from pitchcoach.ui.workers import TaskRunner

log = logging.getLogger(__name__)

SAVE_TASK = "pitch-save"  # waited for at quit (TakeController.shutdown): nothing the user wrote is lost

MODES = (("off", "Don't rehearse"), ("read_along", "Read along"), ("from_memory", "From memory"))


class PitchCard(QWidget):
    saved = Signal()  # a version is on disk (saves run on the window's runner)
    progress_shown = Signal()  # the rehearsal line read on a worker is on the card
    # The user asked to pitch in the script's language ("en"/"zh"): the Practice page switches its menu.
    language_switch_requested = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.versions = PitchVersions(services.paths.pitch)
        # Set by the window: the version files are written and the takes read on it, not on the GUI thread.
        self.runner: TaskRunner | None = None
        # What is on disk, or on its way there: read once here, then kept up to date by commit().
        latest = self.versions.latest()
        self._kept = latest.strip()
        self._version_count = len(self.versions.numbers())
        self._saving = False
        self._next_save: str | None = None
        self._reading = self._read_again = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        box = card()
        outer.addWidget(box)
        col = QVBoxLayout(box)
        col.setContentsMargins(20, 14, 20, 14)
        head = QHBoxLayout()
        head.addWidget(label(self.tr("My pitch"), "h2"))
        head.addStretch(1)
        mode_label = label(self.tr("Rehearse"), "muted")
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Rehearsal mode"))
        names = {
            "off": self.tr("Don't rehearse"),
            "read_along": self.tr("Read along"),
            "from_memory": self.tr("From memory"),
        }
        for code, text in MODES:
            self.mode.addItem(names.get(code, text), code)
        self.mode.setCurrentIndex(max(0, self.mode.findData(services.settings.value.rehearsal_mode)))
        self.mode.currentIndexChanged.connect(self._mode_chosen)
        mode_label.setBuddy(self.mode)
        head.addWidget(mode_label)
        head.addWidget(self.mode)
        col.addLayout(head)
        # core.pitch_script.STRUCTURE_HINT, in the interface language.
        hint = self.tr("Who you are · what you do and for whom · proof · a question or an offer")
        col.addWidget(label(hint, "muted", wrap=True))
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("My pitch"))
        self.editor.setPlaceholderText(self.tr("Write your pitch here: each sentence is one key point."))
        self.editor.setPlainText(latest)
        self.editor.setMinimumHeight(110)
        self.editor.setTabChangesFocus(True)  # Tab moves on (keyboard users), as in every other field
        self.editor.textChanged.connect(self.update_info)
        col.addWidget(self.editor)
        # A script in one language while takes are heard in the other: said at once, with the way out.
        self.mismatch_box = QWidget()
        row = QHBoxLayout(self.mismatch_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.mismatch_note = label("", "banner", wrap=True)
        self.mismatch_note.setAccessibleName(self.tr("Language of the written pitch"))
        row.addWidget(self.mismatch_note, 1)
        self.switch_button = QPushButton()
        # Named from the start: the banner is built hidden, and its text and name are set when it shows.
        self.switch_button.setAccessibleName(self.tr("Switch the pitch language"))
        self.switch_button.clicked.connect(self._switch_language)
        row.addWidget(self.switch_button)
        self.mismatch_box.hide()
        self._mismatch: str | None = None
        col.addWidget(self.mismatch_box)
        foot = QHBoxLayout()
        self.info = label("", "muted", wrap=True)
        self.info.setAccessibleName(self.tr("Pitch length"))
        # The length line on its own row: beside four buttons it wrapped to three lines at 800 px.
        col.addWidget(self.info)
        foot.addStretch(1)
        self.check_button = QPushButton(self.tr("Check the text"))
        self.check_button.setAccessibleName(self.tr("Check my pitch's text"))
        self.check_button.setToolTip(self.tr("The rules that judge words alone, and the length, before you record"))
        self.check_button.clicked.connect(self.check)
        foot.addWidget(self.check_button)
        self.mark_button = QPushButton(self.tr("Mark key point"))
        self.mark_button.setAccessibleName(self.tr("Mark the selected words as a key point"))
        self.mark_button.setToolTip(
            self.tr(
                "Each sentence is a key point until you mark phrases: select words and mark them, and only "
                "the marked phrases are checked when you rehearse"
            )
        )
        self.mark_button.clicked.connect(self.mark_selection)
        foot.addWidget(self.mark_button)
        self.save_button = QPushButton(self.tr("Save version"))
        self.save_button.setAccessibleName(self.tr("Save this version of my pitch"))
        self.save_button.clicked.connect(self.commit)
        foot.addWidget(self.save_button)
        self.prompter_button = QPushButton(self.tr("Teleprompter"))
        self.prompter_button.setAccessibleName(self.tr("Show the pitch in large type"))
        self.prompter_button.setToolTip(self.tr("Your pitch in large type, following you as you read it (Esc leaves)"))
        self.prompter_button.clicked.connect(self.open_teleprompter)
        foot.addWidget(self.prompter_button)
        col.addLayout(foot)
        self.findings = label("", wrap=True)
        self.findings.setAccessibleName(self.tr("What the text check found"))
        self.findings.hide()
        col.addWidget(self.findings)
        self.progress = label("", "muted", wrap=True)
        self.progress.setAccessibleName(self.tr("Rehearsal progress"))
        self.progress.hide()
        col.addWidget(self.progress)
        self._started = 0.0
        self._measured: dict[str, float | None] = {}  # the user's pace per language (refresh_progress)
        self._scroll = QTimer(self)
        self._scroll.setInterval(100)
        self._scroll.timeout.connect(self._teleprompt)
        # Set by the Practice page: the live transcript of the take being recorded ("" without one).
        self.live_text: Callable[[], str] = lambda: ""
        self.teleprompter = Teleprompter(self)
        self.toggle_requested = self.teleprompter.toggle_requested  # Space there records, as on the page
        self.update_info()

    # ---- the text -------------------------------------------------------------------------
    def update_info(self) -> None:
        text = self.editor.toPlainText()
        pitch_language = self.services.settings.value.pitch_language
        # Counted in the language it is written in (as rehearsal aligns it), whatever takes are heard in.
        profile = scoring_profile(written_language(text, pitch_language))
        self._show_mismatch(script_mismatch(text, pitch_language))
        units = profile.count_units(text)
        points = len(parse_script(text).key_points) if text.strip() else 0
        marked = bool(marked_phrases(text))
        # Spoken length at the user's own measured pace; the language's comfortable pace until there are takes.
        pace = self._measured.get(profile.code) or sum(profile.pace_band) / 2
        seconds = 60.0 * units / pace if pace else 0.0
        target = self.services.target_seconds()
        n = self._version_count
        saved = (self.tr(" · 1 version saved") if n == 1 else self.tr(" · {n} versions saved").format(n=n)) if n else ""
        if marked:
            key_points = (
                self.tr("1 marked key point") if points == 1 else self.tr("{n} marked key points").format(n=points)
            )
        else:
            key_points = self.tr("1 key point") if points == 1 else self.tr("{n} key points").format(n=points)
        self.info.setText(
            self.tr("{points} · {count} {units} · about {s} s spoken (target {target} s){saved}").format(
                points=key_points,
                count=units,
                units=unit_name(profile.unit_name),
                s=f"{seconds:.0f}",
                target=f"{target:.0f}",
                saved=saved,
            )
        )

    def check(self) -> None:
        """Check the text with the rules that apply to words alone (scoring typed text takes milliseconds)."""
        s = self.services.settings.value
        scenario = self.services.scenarios.find(s.scenario, s.pitch_language)
        text = self.editor.toPlainText()
        lines = check_text(  # in the interface language, the text read in its own language
            text, self.services.target_seconds(), written_language(text, s.pitch_language), scenario, feedback_catalog()
        )
        passed = self.tr("The text passes every check that applies before you speak.")
        text = "\n".join(f"• {line}" for line in lines) or passed
        self.findings.setText(text if self.editor.toPlainText().strip() else self.tr("Write your pitch first."))
        self.findings.show()

    def _show_mismatch(self, written: str | None) -> None:
        if written == self._mismatch:
            return
        self._mismatch = written
        if written is None:
            self.mismatch_box.hide()
            return
        if written == "zh":
            note = self.tr(
                "Your pitch is written in Chinese, but the pitch language is English: a take would be heard as "
                "English and could not follow it. The check and the counts read the text as Chinese."
            )
            button, name = self.tr("Pitch in Mandarin"), self.tr("Switch the pitch language to Mandarin Chinese")
        else:
            note = self.tr(
                "Your pitch is written in English, but the pitch language is Mandarin Chinese: a take would be "
                "heard as Mandarin and could not follow it. The check and the counts read the text as English."
            )
            button, name = self.tr("Pitch in English"), self.tr("Switch the pitch language to English")
        self.mismatch_note.setText(note)
        self.switch_button.setText(button)
        self.switch_button.setAccessibleName(name)
        self.mismatch_box.show()

    def _switch_language(self) -> None:
        if self._mismatch is not None:
            self.language_switch_requested.emit(self._mismatch)

    def refresh_progress(self) -> None:
        """Coverage over the last rehearsals and the time from memory (the newest takes, read on a worker)."""
        store = self.services.store()
        if store is None or self.runner is None:
            return
        if self._reading:
            self._read_again = True  # read once more when this one is back: it may predate the take
            return
        self._reading = True
        self.runner.start(lambda: recent_progress(store), self._show_progress, self._progress_failed, "pitch-progress")

    def _show_progress(self, found: tuple[str, dict[str, float | None]]) -> None:
        text, self._measured = found
        self.update_info()
        self.progress.setText(text)
        self.progress.setVisible(bool(text))
        self._read_done()
        self.progress_shown.emit()

    def _progress_failed(self, message: str) -> None:
        log.warning("reading the rehearsal progress failed: %s", message)  # the line keeps its last figures
        self._read_done()

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh_progress()

    def script_text(self) -> str:
        """The newest kept version (perhaps still being written): what a take is rehearsed against."""
        return self._kept

    def mark_selection(self) -> None:
        """Mark the selected words as a key point: written [like this] in the pitch."""
        cursor = self.editor.textCursor()
        chosen = cursor.selectedText().strip(" []")
        if chosen:
            cursor.insertText(f"[{chosen}]")

    def commit(self) -> None:
        """Keep the text as a new version (nothing when it is unchanged or empty): written on a worker,
        one save at a time so that version numbers follow the order of the clicks."""
        text = self.editor.toPlainText().strip()
        if not text or text == self._kept:  # PitchVersions.save's own rule, without reading the folder
            return
        self._kept = text
        if self.runner is None:
            self._saved(self.versions.save(text))
        elif self._saving:
            self._next_save = text
        else:
            self._start_save(text)

    def _start_save(self, text: str) -> None:
        assert self.runner is not None
        self._saving = True
        self.runner.start(lambda: self.versions.save(text), self._saved, self._save_failed, SAVE_TASK)

    def _saved(self, number: int | None) -> None:
        if number is not None:
            self._version_count += 1
        self.update_info()
        self._save_done()
        self.saved.emit()

    def _save_failed(self, message: str) -> None:
        self._kept = ""  # not on disk: the next commit tries again
        self.findings.setText(
            self.tr(
                "Your pitch could not be saved ({error}). It is still in the editor: try Save version again."
            ).format(error=message)
        )
        self.findings.show()
        self._save_done()

    def _save_done(self) -> None:
        self._saving = False
        if self._next_save is not None:
            text, self._next_save = self._next_save, None
            self._start_save(text)

    def open_teleprompter(self) -> None:
        """The script in large type; it follows the speaker while a read-along take is recorded."""
        text = self.editor.toPlainText()  # followed in the language it is written in, as rehearsal aligns it
        self.teleprompter.set_script(text, written_language(text, self.services.settings.value.pitch_language))
        self.teleprompter.showMaximized()
        self.teleprompter.raise_()
        self.teleprompter.activateWindow()
        if self._scroll.isActive():  # reopened mid-take: where the speaker is now, not the first sentence
            self._teleprompt()

    def _mode_chosen(self, _index: int) -> None:
        self.services.settings.update(rehearsal_mode=str(self.mode.currentData()))

    # ---- while recording ------------------------------------------------------------------
    def recording_changed(self, recording: bool) -> None:
        mode = self.services.settings.value.rehearsal_mode
        self.mode.setEnabled(not recording)
        self.save_button.setEnabled(not recording)
        self.mark_button.setEnabled(not recording)
        self.check_button.setEnabled(not recording)
        self.editor.setReadOnly(recording)
        if recording:
            self.commit()  # the take is rehearsed against a kept version
            if mode == "from_memory":
                self.editor.hide()
            elif mode == "read_along":
                self._started = time.monotonic()
                self.editor.verticalScrollBar().setValue(0)
                self.open_teleprompter()
                self._scroll.start()
        else:
            self._scroll.stop()
            self.teleprompter.close()
            self.editor.show()

    def _teleprompt(self) -> None:
        """Scroll at the target pace: the whole script passes in the target length."""
        bar = self.editor.verticalScrollBar()
        share = min(1.0, (time.monotonic() - self._started) / max(1.0, self.services.target_seconds()))
        bar.setValue(round(share * bar.maximum()))
        if self.teleprompter.isVisible():
            target = self.services.target_seconds()
            self.teleprompter.follow(self.live_text(), time.monotonic() - self._started, target)
