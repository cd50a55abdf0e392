"""The Team page: who practised, how each member is doing, the team's frequent issues, and any shared take.

Shown in the sidebar once a team folder is set. The folder is read on a worker (core.team.index: an
incremental scan, so a warm open of a large team is quick); the page shows the cached view at once and
the fresh one when the scan ends. Everything from the folder is shown as plain text.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.settings import language_name
from pitchcoach.core.team import summary
from pitchcoach.core.team.index import TeamView
from pitchcoach.core.team.report import build_team_report, period_dates
from pitchcoach.core.team.schema import SharedTake
from pitchcoach.ui.core_labels import rule_name
from pitchcoach.ui.i18n import current_ui_language, fmt_day_time
from pitchcoach.ui.team_take import TeamTakeView, plain
from pitchcoach.ui.widgets import card, label
from pitchcoach.ui.workers import TaskRunner

if TYPE_CHECKING:
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)


# Functions, not constants: the names are read in the interface language once the translators are in.
def periods() -> tuple[tuple[str, str], ...]:
    return (
        ("week", QCoreApplication.translate("team_page", "This week")),
        ("30", QCoreApplication.translate("team_page", "Last 30 days")),
        ("90", QCoreApplication.translate("team_page", "Last 90 days")),
        ("all", QCoreApplication.translate("team_page", "All time")),
    )


def member_columns() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("team_page", "Name"),
        QCoreApplication.translate("team_page", "This week"),
        QCoreApplication.translate("team_page", "Takes"),
        QCoreApplication.translate("team_page", "Trend"),
        QCoreApplication.translate("team_page", "Latest"),
    )


def short_level(level: str) -> str:
    names = {
        "scores": QCoreApplication.translate("team_page", "Scores"),
        "transcript": QCoreApplication.translate("team_page", "Transcript"),
        "audio": QCoreApplication.translate("team_page", "Audio"),
    }
    return names.get(level, level)


def take_columns() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("team_page", "When"),
        QCoreApplication.translate("team_page", "Overall"),
        QCoreApplication.translate("team_page", "Clarity"),
        QCoreApplication.translate("team_page", "Listener focus"),
        QCoreApplication.translate("team_page", "Shared"),
        QCoreApplication.translate("team_page", "Comments"),
    )


def _item(text: str, data: Any = None, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _table(columns: tuple[str, ...], accessible: str) -> QTableWidget:
    t = QTableWidget(0, len(columns))
    t.setHorizontalHeaderLabels(list(columns))
    t.setAccessibleName(accessible)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setTabKeyNavigation(False)
    t.verticalHeader().setVisible(False)
    # Figures as wide as their headers; the first column (name or date) takes the room left.
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t


class TeamPage(QWidget):
    refreshed = Signal(object)  # the TeamView shown (tests and the screenshot script wait on it)
    take_opened = Signal(object)  # the OpenedTake shown
    report_written = Signal(object)  # the Path of an exported team report
    message = Signal(str, str)  # title, text: the window shows it

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = TaskRunner(self)
        self.view: TeamView | None = None
        self.ask_report_path = self._ask_report_path  # tests answer the save dialog through this
        self._now = datetime.now  # the clock at the edge; tests pin it
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        overview = QWidget()
        self.stack.addWidget(overview)
        self.take_view = TeamTakeView(services)
        self.take_view.back.connect(lambda: self.stack.setCurrentIndex(0))
        self.take_view.comment_requested.connect(self.add_comment)
        self.stack.addWidget(self.take_view)

        v = QVBoxLayout(overview)
        v.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(label(self.tr("Team"), "h1"))
        head.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Read the team folder again"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export team report…"))
        self.export_button.setAccessibleName(self.tr("Export the team progress report"))
        self.export_button.clicked.connect(self.export_report)
        head.addWidget(self.refresh_button)
        head.addWidget(self.export_button)
        v.addLayout(head)
        self.banner = plain("", "banner")
        self.banner.setVisible(False)
        v.addWidget(self.banner)
        self.status = plain("", "muted")
        v.addWidget(self.status)
        filters = QHBoxLayout()
        self.scenario_combo = self._combo(self.tr("Scenario filter"), self.tr("All scenarios"))
        self.language_combo = self._combo(self.tr("Language filter"), self.tr("All languages"))
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Period"))
        for key, text in periods():
            self.period_combo.addItem(text, key)
        self.period_combo.currentIndexChanged.connect(self._show_view)
        for w, text in ((self.scenario_combo, self.tr("Scenario:")), (self.language_combo, self.tr("Language:"))):
            filters.addWidget(label(text))
            filters.addWidget(w)
        filters.addWidget(label(self.tr("Period:")))
        filters.addWidget(self.period_combo)
        filters.addStretch(1)
        v.addLayout(filters)
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Members"), "h2"))
        self.members = _table(member_columns(), self.tr("Team members"))
        self.members.itemSelectionChanged.connect(self._show_member_takes)
        left.addWidget(self.members, 2)
        # The team's frequent issues in one wrapped line under the members: the tables keep the width.
        side = card()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(14, 8, 14, 8)
        self.issues = plain("")
        self.issues.setAccessibleName(self.tr("The team's most frequent issues"))
        sl.addWidget(self.issues)
        left.addWidget(side)
        left.addWidget(label(self.tr("Shared takes"), "h2"))
        self.takes = _table(take_columns(), self.tr("Shared takes of the selected member"))
        self.takes.itemActivated.connect(lambda _it: self.open_selected())
        self.takes.installEventFilter(self)
        left.addWidget(self.takes, 3)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open take"))
        self.open_button.setAccessibleName(self.tr("Open the selected shared take"))
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        row.addStretch(1)
        left.addLayout(row)
        v.addLayout(left, 1)

    def _combo(self, accessible: str, all_text: str) -> QComboBox:
        c = QComboBox()
        c.setAccessibleName(accessible)
        c.addItem(all_text, None)
        c.currentIndexChanged.connect(self._show_view)
        return c

    # ---- reading the folder -----------------------------------------------------------------
    def refresh(self) -> None:
        if self.services.team().config is None:
            return
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Reading the team folder…"))
        self.runner.start(self.services.team().refresh, self._got_view, self._failed, name="team-scan")

    def _got_view(self, view: TeamView) -> None:
        self.refresh_button.setEnabled(True)
        self.view = view
        self._fill_choices(view)
        self._show_view()
        self.refreshed.emit(view)

    def _failed(self, message: str) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(message)

    def _fill_choices(self, view: TeamView) -> None:
        scenarios, languages = summary.choices(view)
        for combo, values in ((self.scenario_combo, scenarios), (self.language_combo, languages)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(self._choice_name(combo, value), value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _choice_name(self, combo: QComboBox, value: str) -> str:
        """A scenario's title or a language's own name; the code itself when neither is known."""
        if combo is self.language_combo:
            return language_name(value)
        found = self.services.scenarios.find(value)
        return found.title if found is not None else value

    def filters(self) -> summary.Filters:
        since, until = period_dates(str(self.period_combo.currentData()), self._now().astimezone().date())
        return summary.Filters(self.scenario_combo.currentData(), self.language_combo.currentData(), since, until)

    def _show_view(self, *_: object) -> None:
        view = self.view
        if view is None:
            return
        self.banner.setVisible(view.offline is not None)
        self.banner.setText(view.offline or "")
        takes = summary.filtered(view, self.filters())
        rows = summary.member_rows(view, takes, self._now().astimezone())
        status = self.tr("{members} member(s), {takes} shared take(s) in this period.").format(
            members=len(view.members), takes=len(takes)
        )
        if view.skipped:
            status += self.tr(" {n} file(s) ignored (half-synced, conflict copies…): see the log.").format(
                n=len(view.skipped)
            )
        self.status.setText(status)
        selected = self._selected_member()
        self.members.setRowCount(len(rows))
        for i, r in enumerate(rows):
            trend = "–" if r.trend is None else f"{r.trend:+d}"
            latest = "–" if r.latest_overall is None else str(r.latest_overall)
            cells = (r.name, str(r.takes_this_week), str(r.takes), trend, latest)
            for j, text in enumerate(cells):
                self.members.setItem(i, j, _item(text, r.member if j == 0 else None, align_right=j > 0))
        self._takes_by_member: dict[str, list[SharedTake]] = {}
        for t in takes:
            self._takes_by_member.setdefault(t.member, []).append(t)
        issues = summary.top_issues(takes, 5)
        listed = "  ·  ".join(f"{rule_name(r)} ({n})" for r, n in issues)
        self.issues.setText(
            self.tr("Most frequent issues (takes): {listed}").format(listed=listed)
            if issues
            else self.tr("No issues in this period.")
        )
        row = next((i for i, r in enumerate(rows) if r.member == selected), 0 if rows else -1)
        if row >= 0:
            self.members.selectRow(row)
        self._show_member_takes()

    def _selected_member(self) -> str | None:
        items = self.members.selectedItems()
        row = items[0].row() if items else -1
        it = self.members.item(row, 0) if row >= 0 else None
        return str(it.data(Qt.ItemDataRole.UserRole)) if it is not None else None

    def _show_member_takes(self) -> None:
        member = self._selected_member()
        takes = sorted(getattr(self, "_takes_by_member", {}).get(member or "", []), key=lambda t: t.created_at)
        takes.reverse()
        comments = self.view.comments if self.view else {}
        self.takes.setRowCount(len(takes))
        for i, t in enumerate(takes):
            when = fmt_day_time(t.created_at.astimezone())
            n = len(comments.get((t.member, t.take), []))
            cells = (
                when,
                "–" if t.overall is None else str(t.overall),
                "–" if t.clarity is None else str(t.clarity),
                "–" if t.listener_focus is None else str(t.listener_focus),
                short_level(t.level),
                str(n) if n else "",
            )
            for j, text in enumerate(cells):
                self.takes.setItem(i, j, _item(text, (t.member, t.take) if j == 0 else None, align_right=0 < j < 4))
        if takes:
            self.takes.selectRow(0)
        self.open_button.setEnabled(bool(takes))

    # ---- one take ------------------------------------------------------------------------------
    def open_selected(self) -> None:
        items = self.takes.selectedItems()
        if not items:
            return
        it = self.takes.item(items[0].row(), 0)
        if it is None:
            return
        member, take = it.data(Qt.ItemDataRole.UserRole)
        self.runner.start(
            lambda: self.services.team().open_take(member, take),
            self._show_take,
            lambda m: self.message.emit(self.tr("This take can't be opened"), m),
            name="team-open",
        )

    def _show_take(self, opened: Any) -> None:
        name = self.view.member_name(opened.take.member) if self.view else opened.take.member
        self.take_view.show_take(opened, name)
        self.stack.setCurrentIndex(1)
        self.take_view.back_button.setFocus()
        self.take_opened.emit(opened)

    def add_comment(self, member: str, take: str, text: str) -> None:
        svc = self.services.team()

        def work() -> Any:
            svc.comment(member, take, text)
            svc.refresh()  # so the comment shows with the take at once
            return svc.open_take(member, take)

        def done(opened: Any) -> None:
            self.take_view.opened = opened
            self.take_view.show_comments(opened)
            self.take_view.comment_saved()

        self.runner.start(work, done, self.take_view.comment_status.setText, name="team-comment")

    # ---- report --------------------------------------------------------------------------------
    def _ask_report_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export team report"), "team-report.pdf", self.tr("PDF (*.pdf);;Web page (*.html)")
        )
        return Path(name) if name else None

    def export_report(self) -> None:
        if self.view is None:
            return
        path = self.ask_report_path()
        if path is None:
            return
        report = build_team_report(
            self.view, self.filters(), self._now().astimezone(), ui_language=current_ui_language()
        )
        data_folder = self.services.paths.root

        def work() -> Path:
            from pitchcoach.ui.team_report import write_team_report

            return write_team_report(report, path, data_folder)

        self.runner.start(
            work, self.report_written.emit, lambda m: self.message.emit(self.tr("Export failed"), m), name="team-report"
        )

    def eventFilter(self, obj: Any, e: Any) -> bool:
        key_press = isinstance(e, QKeyEvent) and e.type() == QKeyEvent.Type.KeyPress
        if obj is self.takes and key_press and e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return True
        return super().eventFilter(obj, e)
