"""The Team card on the Settings page: join a team folder with a display name, the default sharing level,
and leaving (after a confirmation). The folder work runs on a worker: a network share can take seconds
to answer, and the window must not freeze meanwhile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.team.schema import SHARE_LEVEL_LABELS, SHARE_LEVELS
from pitchcoach.ui.widgets import card, label
from pitchcoach.ui.workers import TaskRunner

if TYPE_CHECKING:
    from pitchcoach.ui.services import Services


def privacy_text(level: str) -> str:
    """What a share level lets the team see, in the interface language."""
    texts = {
        "none": QCoreApplication.translate(
            "team_settings", "Nothing leaves this computer unless you share a take yourself."
        ),
        "scores": QCoreApplication.translate(
            "team_settings", "Your team sees each take's date, scores and which rules cost points, not what you said."
        ),
        "transcript": QCoreApplication.translate(
            "team_settings", "Your team also sees the words you said and the tips."
        ),
        "audio": QCoreApplication.translate("team_settings", "Your team can also play your recording (compressed)."),
    }
    return texts[level]


def level_name(level: str) -> str:
    """A share level's name, in the interface language."""
    names = {
        "none": QCoreApplication.translate("team_settings", "Nothing"),
        "scores": QCoreApplication.translate("team_settings", "Scores and issues"),
        "transcript": QCoreApplication.translate("team_settings", "Scores, issues and transcript"),
        "audio": QCoreApplication.translate("team_settings", "Scores, issues, transcript and audio"),
    }
    return names.get(level) or SHARE_LEVEL_LABELS.get(level, level)


def level_combo(accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible)
    for key in SHARE_LEVELS:
        combo.addItem(level_name(key), key)
    return combo


class TeamSettingsCard(QWidget):
    team_changed = Signal()  # joined, left, or the default level changed

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = TaskRunner(self)
        self.confirm_leave = self._ask_leave  # tests answer the confirmation through this
        frame = card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        v = QVBoxLayout(frame)
        v.setContentsMargins(18, 14, 18, 14)
        v.addWidget(label(self.tr("Team"), "h2"))
        v.addWidget(
            label(
                self.tr(
                    "Share your takes with a coach or team through a folder you already sync (Syncthing, Nextcloud, "
                    "OneDrive, Dropbox or a network share). PitchCoach writes only into your own folder inside it."
                ),
                "muted",
                wrap=True,
            )
        )
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(self.tr("The team folder your sync app keeps"))
        self.folder_edit.setAccessibleName(self.tr("Team folder"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setAccessibleName(self.tr("Browse for the team folder"))
        self.browse_button.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form.addRow(self.tr("Team folder:"), folder_row)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("The name your team knows you by"))
        self.name_edit.setAccessibleName(self.tr("Your name in the team"))
        self.name_edit.setMaxLength(60)
        form.addRow(self.tr("Your name:"), self.name_edit)
        self.level_combo = level_combo(self.tr("What to share of each take by default"))
        self.level_combo.currentIndexChanged.connect(self._level_chosen)
        form.addRow(self.tr("Share by default:"), self.level_combo)
        self.privacy = label("", "muted", wrap=True)
        form.addRow("", self.privacy)
        buttons = QHBoxLayout()
        self.join_button = QPushButton(self.tr("Join team"))
        self.join_button.setAccessibleName(self.tr("Join the team folder"))
        self.join_button.clicked.connect(self.join)
        self.leave_button = QPushButton(self.tr("Leave team…"))
        self.leave_button.setAccessibleName(self.tr("Leave the team and remove your shared takes"))
        self.leave_button.clicked.connect(self.leave)
        buttons.addWidget(self.join_button)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        self.status = label("", "muted", wrap=True)
        self.status.setAccessibleName(self.tr("Team status"))
        form.addRow("", self.status)
        v.addLayout(form)
        self.show_config()

    def show_config(self) -> None:
        cfg = self.services.team().config
        self.level_combo.blockSignals(True)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(cfg.share if cfg else "scores")))
        self.level_combo.blockSignals(False)
        self.privacy.setText(privacy_text(str(self.level_combo.currentData())))
        if cfg is not None:
            self.folder_edit.setText(str(cfg.folder))
            self.name_edit.setText(cfg.name)
            self.status.setText(
                self.tr("You are in the team as {name}. The Team page shows everyone's shared takes.").format(
                    name=cfg.name
                )
            )
        else:
            self.status.setText(self.tr("Not in a team."))
        self.leave_button.setEnabled(cfg is not None)
        self.join_button.setText(self.tr("Update") if cfg is not None else self.tr("Join team"))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the team folder"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _level_chosen(self, _index: int) -> None:
        level = str(self.level_combo.currentData())
        self.privacy.setText(privacy_text(level))
        if self.services.team().config is not None:
            self.services.team().set_share_level(level)
            self.team_changed.emit()

    def join(self) -> None:
        folder, name = self.folder_edit.text().strip(), self.name_edit.text()
        if not folder:
            self.status.setText(self.tr("Choose the team folder first (Browse…)."))
            return
        level = str(self.level_combo.currentData())
        self.join_button.setEnabled(False)
        self.status.setText(self.tr("Joining…"))
        self.runner.start(
            lambda: self.services.team().join(Path(folder), name, level),
            on_result=lambda _cfg: self._done(""),
            on_error=self._done,
            name="team-join",
        )

    def leave(self) -> None:
        cfg = self.services.team().config
        if cfg is None or not self.confirm_leave(cfg.folder):
            return
        self.leave_button.setEnabled(False)
        self.runner.start(
            self.services.team().leave,
            on_result=lambda n: self._done(
                "", self.tr("Left the team; {n} shared file(s) removed from the team folder.").format(n=n)
            ),
            on_error=self._done,
            name="team-leave",
        )

    def _ask_leave(self, folder: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Leave the team?"),
            self.tr(
                "This removes every take you shared from {folder}. Your own history stays on this computer."
            ).format(folder=folder),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _done(self, error: str, message: str = "") -> None:
        self.join_button.setEnabled(True)
        self.show_config()
        if error:
            self.status.setText(error)  # already in words for the user (the worker's friendly_message)
        elif message:
            self.status.setText(message)
        self.team_changed.emit()
