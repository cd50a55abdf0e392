"""One shared take as the coach (or its member) sees it on the Team page: scores, issues, the transcript
and the recording when they were shared, the coach's comments, and a box to add one.

Everything shown came from the team folder, so it is shown as plain text (never as rich text: a name
or a comment holding markup must not become a link or an image)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.ui.core_labels import rule_name, take_language
from pitchcoach.ui.i18n import current_ui_language, error_text, feedback_catalog
from pitchcoach.ui.team_settings import level_name
from pitchcoach.ui.widgets import card, label

if TYPE_CHECKING:
    from pitchcoach.core.team.service import OpenedTake
    from pitchcoach.ui.services import Services


def plain(text: str = "", kind: str | None = None, wrap: bool = True) -> QLabel:
    w = label("", kind, wrap=wrap)
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setText(text)
    w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return w


def local_time(when: datetime, pattern: str) -> str:
    """A moment in the local time zone, written with a QLocale pattern in the interface language."""
    t = when.astimezone()
    return QLocale().toString(QDateTime(QDate(t.year, t.month, t.day), QTime(t.hour, t.minute)), pattern)


class TeamTakeView(QWidget):
    back = Signal()
    comment_requested = Signal(str, str, str)  # member, take, text

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.opened: OpenedTake | None = None
        self._player: Any = None
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back to the team"))
        self.back_button.setAccessibleName(self.tr("Back to the team overview"))
        self.back_button.clicked.connect(self._back)
        top.addWidget(self.back_button)
        top.addStretch(1)
        v.addLayout(top)
        self.title = plain("", "h1")
        v.addWidget(self.title)
        self.scores = plain("", None)
        v.addWidget(self.scores)
        box = card()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(14, 10, 14, 10)
        bl.addWidget(label(self.tr("What cost points"), "h2"))
        self.issues = plain("")
        self.issues.setAccessibleName(self.tr("Issues of this take"))
        bl.addWidget(self.issues)
        bl.addWidget(label(self.tr("Transcript"), "h2"))
        self.transcript = plain("")
        self.transcript.setAccessibleName(self.tr("Transcript of this take"))
        bl.addWidget(self.transcript)
        play_row = QHBoxLayout()
        self.play_button = QPushButton(self.tr("▶ Play recording"))
        self.play_button.setAccessibleName(self.tr("Play the shared recording"))
        self.play_button.clicked.connect(self._toggle_play)
        play_row.addWidget(self.play_button)
        self.audio_note = plain("", "muted")
        play_row.addWidget(self.audio_note, 1)
        bl.addLayout(play_row)
        v.addWidget(box)
        v.addWidget(label(self.tr("Comments"), "h2"))
        self.comments = plain("", None)
        self.comments.setAccessibleName(self.tr("Comments on this take"))
        v.addWidget(self.comments)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setAccessibleName(self.tr("Your comment"))
        self.comment_edit.setPlaceholderText(
            self.tr("Write a comment for this take (the member sees it with the take)")
        )
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        v.addWidget(self.comment_edit)
        row = QHBoxLayout()
        self.comment_button = QPushButton(self.tr("Add comment"))
        self.comment_button.setAccessibleName(self.tr("Add the comment to this take"))
        self.comment_button.clicked.connect(self._comment)
        row.addWidget(self.comment_button)
        self.comment_status = plain("", "muted")
        row.addWidget(self.comment_status, 1)
        v.addLayout(row)
        v.addStretch(1)

    def show_take(self, opened: OpenedTake, member_name: str) -> None:
        self.stop()
        self.opened = opened
        t = opened.take
        # The pattern is Qt's (QLocale::toString), so each language orders day, month and time its own way.
        when = local_time(t.created_at, self.tr("ddd dd MMM yyyy, HH:mm"))
        self.title.setText(self.tr("{name} — {when}").format(name=member_name, when=when))
        scores = self.tr(
            "Overall {overall}  ·  Clarity {clarity}  ·  Listener focus {focus}  ·  "
            "{seconds} s  ·  {scenario}, {language}"
        ).format(
            overall=t.overall if t.overall is not None else "–",
            clarity=t.clarity if t.clarity is not None else "–",
            focus=t.listener_focus if t.listener_focus is not None else "–",
            seconds=QLocale().toString(round(t.audio_seconds)),
            scenario=found.title_in(current_ui_language())
            if (found := self.services.scenarios.find(t.scenario)) is not None
            else t.scenario,
            language=take_language(t.language),
        )
        scores += "\n" + self.tr("Shared: {level}").format(level=level_name(t.level).lower())
        if t.edited:
            scores += "\n" + self.tr("This file was edited by hand after it was shared.")
        self.scores.setText(scores)
        lines = []
        cat = feedback_catalog()
        for i in t.issues:
            message = cat.render(i.msg, i.message)  # a file from an older version: its English text
            lines.append(f"• {rule_name(i.rule)} (−{i.points:g})" + (f": {message}" if message else ""))
        self.issues.setText("\n".join(lines) or self.tr("Nothing cost points."))
        self.transcript.setText(t.transcript or self.tr("Not shared (the member shared scores and issues only)."))
        self.play_button.setEnabled(opened.audio is not None)
        self.audio_note.setText(opened.note or ("" if opened.audio else self.tr("The recording was not shared.")))
        self.show_comments(opened)
        self.comment_status.setText("")

    def show_comments(self, opened: OpenedTake) -> None:
        pattern = self.tr("dd MMM HH:mm")
        edited = self.tr(" (edited by hand)")
        line = self.tr("{name}, {when}: {text}")
        lines = [
            line.format(name=c.coach_name, when=local_time(c.created_at, pattern), text=c.text) + (edited * c.edited)
            for c in opened.comments
        ]
        self.comments.setText("\n\n".join(lines) or self.tr("No comments yet."))

    def _comment(self) -> None:
        text = self.comment_edit.toPlainText().strip()
        if self.opened is None:
            return
        if not text:
            self.comment_status.setText(self.tr("Write something first."))
            return
        self.comment_requested.emit(self.opened.take.member, self.opened.take.take, text)

    def comment_saved(self) -> None:
        self.comment_edit.clear()
        self.comment_status.setText(self.tr("Comment added. It reaches the member when the folder syncs."))

    def _toggle_play(self) -> None:
        if self._player is not None and self._player.playing:
            self.stop()
            return
        if self.opened is None or self.opened.audio is None:
            return
        from pitchcoach.core.audio import SAMPLE_RATE, AudioError, decode_audio
        from pitchcoach.core.playback import PlaybackError

        try:
            audio = decode_audio(self.opened.audio)  # ~60 kB of Opus: a few milliseconds
            if self._player is None:
                self._player = self.services.make_player()
            self._player.play(audio, SAMPLE_RATE)
        except (AudioError, PlaybackError) as exc:
            self.audio_note.setText(error_text(exc))
            return
        self.play_button.setText(self.tr("■ Stop"))

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        self.play_button.setText(self.tr("▶ Play recording"))

    def _back(self) -> None:
        self.stop()
        self.back.emit()
