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
from pitchcoach.core.team.figures import Figures, TakeRow
from pitchcoach.core.team.report import TeamReport, build_team_report, period_dates
from pitchcoach.ui.core_labels import rule_name
from pitchcoach.ui.i18n import current_ui_language, error_text, feedback_catalog, fmt_day_time
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
    refreshed = Signal(object)  # the Figures shown after a scan (tests and the screenshot script wait on it)
    takes_shown = Signal(str)  # the member whose takes the lower table now lists
    scan_progress = Signal(int)  # changed files read so far by the running scan (emitted from its worker)
    take_opened = Signal(object)  # the OpenedTake shown
    report_written = Signal(object)  # the Path of an exported team report
    message = Signal(str, str)  # title, text: the window shows it

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = TaskRunner(self)
        self.view: Figures | None = None  # what the table shows: figures made from the index cache on a worker
        self._generation = 0  # a figures task started before a newer one (a filter change) is not shown
        self.scan_progress.connect(self._show_progress)
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
        self.period_combo.currentIndexChanged.connect(self._load_figures)
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
        c.currentIndexChanged.connect(self._load_figures)
        return c

    # ---- reading the folder -----------------------------------------------------------------
    def refresh(self) -> None:
        """Show the figures of the last scan at once (from the local cache: a warm open of a large team
        is a few SQL queries), then read the folder for changes and show the figures again."""
        svc = self.services.team()
        if svc.config is None or not self.refresh_button.isEnabled():
            return
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Reading the team folder…"))
        self._load_figures()
        progress = self.scan_progress.emit  # a signal: the count reaches the GUI thread queued

        def scan() -> tuple[str | None, int]:
            result = svc.index().scan(progress)
            offline = feedback_catalog().render(result.offline_msg, result.offline) if result.offline else None
            return offline, len(result.skipped)  # the offline reason in the interface language

        self.runner.start(scan, self._scanned, self._failed, name="team-scan")

    def _show_progress(self, files: int) -> None:
        if not self.refresh_button.isEnabled():
            self.status.setText(self.tr("Reading the team folder… {n} changed file(s) read so far.").format(n=files))

    def _scanned(self, result: tuple[str | None, int]) -> None:
        self.refresh_button.setEnabled(True)
        self._offline, self._scan_skips = result
        self._load_figures(after_scan=True)

    def _load_figures(self, *_: object, after_scan: bool = False) -> None:
        svc = self.services.team()
        if svc.config is None:
            return
        self._generation += 1
        generation, filters, now = self._generation, self.filters(), self._now().astimezone()

        def done(fig: Figures) -> None:
            if generation != self._generation:
                return  # a later filter change is on its way
            self.view = fig
            self._fill_choices(fig)
            self._show_view()
            if after_scan:
                self.refreshed.emit(fig)

        self.runner.start(lambda: svc.index().figures(filters, now), done, self._failed, name="team-figures")

    def _failed(self, message: str) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(message)

    def _fill_choices(self, view: Figures) -> None:
        scenarios, languages = view.scenarios, view.languages
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
        return found.title_in(current_ui_language()) if found is not None else value

    def filters(self) -> summary.Filters:
        since, until = period_dates(str(self.period_combo.currentData()), self._now().astimezone().date())
        return summary.Filters(self.scenario_combo.currentData(), self.language_combo.currentData(), since, until)

    def _show_view(self, *_: object) -> None:
        view = self.view
        if view is None:
            return
        offline = getattr(self, "_offline", None)
        self.banner.setVisible(offline is not None)
        self.banner.setText(offline or "")
        rows = view.rows
        status = self.tr("{members} member(s), {takes} shared take(s) in this period.").format(
            members=view.members, takes=view.takes
        )
        ignored = view.ignored + getattr(self, "_scan_skips", 0)
        if ignored:
            status += self.tr(" {n} file(s) ignored (half-synced, conflict copies…): see the log.").format(n=ignored)
        if not self.refresh_button.isEnabled():
            status = self.tr("Reading the team folder…") + " " + status
        self.status.setText(status)
        selected = self._selected_member()
        self.members.setRowCount(len(rows))
        for i, r in enumerate(rows):
            trend = "–" if r.trend is None else f"{r.trend:+d}"
            latest = "–" if r.latest_overall is None else str(r.latest_overall)
            cells = (r.name, str(r.takes_this_week), str(r.takes), trend, latest)
            for j, text in enumerate(cells):
                self.members.setItem(i, j, _item(text, r.member if j == 0 else None, align_right=j > 0))
        issues = view.issues
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
        """List the selected member's takes: read from the cache on a worker, shown when it answers."""
        member = self._selected_member()
        svc = self.services.team()
        if member is None or svc.config is None:
            self._fill_takes("", [])
            return
        filters = self.filters()
        self.runner.start(
            lambda: svc.index().member_takes(member, filters),
            lambda takes: self._fill_takes(member, takes) if member == self._selected_member() else None,
            self._failed,
            name="team-member-takes",
        )

    def _fill_takes(self, member: str, takes: list[TakeRow]) -> None:
        self.takes.setRowCount(len(takes))
        for i, t in enumerate(takes):
            when = fmt_day_time(t.created_at.astimezone())
            n = t.comments
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
        self.takes_shown.emit(member)

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
        names = {r.member: r.name for r in self.view.rows} if self.view else {}
        name = names.get(opened.take.member, opened.take.member)
        self.take_view.show_take(opened, name)
        self.stack.setCurrentIndex(1)
        self.take_view.back_button.setFocus()
        self.take_opened.emit(opened)

    def add_comment(self, member: str, take: str, text: str) -> None:
        svc = self.services.team()

        def work() -> Any:
            svc.comment(member, take, text)
            svc.index().scan()  # so the comment shows with the take at once
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
        filters, now, language = self.filters(), self._now().astimezone(), current_ui_language()
        data_folder = self.services.paths.root
        svc = self.services.team()
        from pitchcoach.core.report.write import write_report_bytes
        from pitchcoach.ui.team_report import report_path, team_report_bytes

        def failed(message: str) -> None:
            self.message.emit(self.tr("Export failed"), message)

        try:
            target = report_path(path, data_folder)  # said at once, before the figures are counted
        except Exception as e:  # noqa: BLE001 - a message, never a traceback
            failed(error_text(e))
            return

        def laid_out(report: TeamReport) -> None:
            # On the GUI thread: a PDF is laid out by Qt objects, which this app makes only here.
            try:
                data = team_report_bytes(report, target)
            except Exception as e:
                log.exception("laying out the team report failed")
                failed(error_text(e))
                return
            self.runner.start(
                lambda: write_report_bytes(target, data, data_folder=data_folder),
                self.report_written.emit,
                failed,
                name="team-report-write",
            )

        # The report lists every take's figures, so it builds the full view (on a worker).
        self.runner.start(
            lambda: build_team_report(
                svc.refresh(), filters, now, ui_language=language, scenarios=self.services.scenarios
            ),
            laid_out,
            failed,
            name="team-report",
        )

    def eventFilter(self, obj: Any, e: Any) -> bool:
        key_press = isinstance(e, QKeyEvent) and e.type() == QKeyEvent.Type.KeyPress
        if obj is self.takes and key_press and e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return True
        return super().eventFilter(obj, e)
