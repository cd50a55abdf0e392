"""The File menu's two exports: one take's report, and a progress report over chosen days.

This checks there is something to export and says so when there is not; the dialogs and the
background writing are ``ui/export.py``. The export modules are imported on first use: they
pull in the report renderers, which the first paint should not wait for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from pitchcoach.core.errors import log_failure
from pitchcoach.ui.i18n import error_text, feedback_catalog

if TYPE_CHECKING:
    from pitchcoach.core.session import TakeOutcome
    from pitchcoach.ui.export import ExportJob
    from pitchcoach.ui.period_dialog import PeriodDialog
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)

Notify = Callable[[str, str], None]


class ReportExports:
    def __init__(self, parent: QWidget, services: Services, notify: Notify) -> None:
        self.parent = parent
        self.services = services
        self.notify = notify
        # Extra keyword arguments for the export dialogs (tests answer their file question here).
        self.options: dict[str, Any] = {}
        self.last: ExportJob | None = None
        self.period_dialog: PeriodDialog | None = None

    def _options(self) -> dict[str, Any]:
        options = dict(self.options)
        if self.services.open_path is not None:
            options.setdefault("open_folder", self.services.open_path)
        return options

    def export_take(self, outcome: TakeOutcome | None) -> None:
        if outcome is None:
            self.notify(
                QCoreApplication.translate("ReportExports", "Nothing to export yet"),
                QCoreApplication.translate("ReportExports", "Record or open a take first; then export its report."),
            )
            return
        if outcome.stage == "instant":
            self.notify(
                QCoreApplication.translate("ReportExports", "Still refining this take"),
                QCoreApplication.translate(
                    "ReportExports",
                    "Reports are made from the full recording, which is still being transcribed. "
                    "Export again in a moment.",
                ),
            )
            return
        store = self.services.store()
        if outcome.take_id is None or store is None:
            self.notify(
                QCoreApplication.translate("ReportExports", "This take is not in the history"),
                (feedback_catalog().render(outcome.saved_error_msg, outcome.saved_error) if outcome.saved_error else "")
                or (
                    QCoreApplication.translate(
                        "ReportExports", "Reports are made from saved takes, and only scored takes are saved."
                    )
                    if outcome.not_saved
                    else QCoreApplication.translate(
                        "ReportExports", "Reports are made from saved takes; this one could not be saved."
                    )
                ),
            )
            return
        from pitchcoach.ui.export import export_take_dialog

        try:
            self.last = export_take_dialog(self.parent, store.get(outcome.take_id), store, **self._options())
        except Exception as e:  # noqa: BLE001 - never a traceback in the UI
            log_failure(log, "export failed", e)
            self.notify(QCoreApplication.translate("ReportExports", "The report could not be exported"), error_text(e))

    def export_progress(self) -> None:
        """Pick the days, then export the report over the takes in them."""
        store = self.services.store()
        if store is None or store.count() == 0:
            self.notify(
                QCoreApplication.translate("ReportExports", "Nothing to report yet"),
                self.services.store_error
                or QCoreApplication.translate(
                    "ReportExports", "Record or open a take first; the progress report summarises your saved takes."
                ),
            )
            return
        from pitchcoach.ui.period_dialog import PeriodDialog

        first = store.list(limit=1, newest_first=False)[0].created_at.astimezone().date()
        dlg = PeriodDialog(first, date.today(), self.parent)
        dlg.accepted.connect(lambda: self._export_period(dlg.period()))
        dlg.open()  # window-modal but non-blocking
        self.period_dialog = dlg

    def _export_period(self, period: tuple[date, date]) -> None:
        from pitchcoach.ui.export import export_takes_dialog

        try:
            self.last = export_takes_dialog(self.parent, period, self.services.store(), **self._options())
        except Exception as e:  # noqa: BLE001 - never a traceback in the UI
            log_failure(log, "progress export failed", e)
            self.notify(QCoreApplication.translate("ReportExports", "The report could not be exported"), error_text(e))
