"""Export dialogs: pick a file, write the report off the GUI thread, then show the folder.

Wiring (results page and History):

    from pitchcoach.ui.export import export_take_dialog, export_takes_dialog
    export_take_dialog(self, take, store)                       # one take
    export_takes_dialog(self, selected_takes, store)            # selected rows
    export_takes_dialog(self, (first_day, last_day), store)     # a date range

Each returns the running ``ExportJob`` (signals ``finished(path)``/``failed(message)``)
or None when the user cancelled. The file dialog, the folder opener and the error
box are parameters so tests can drive the whole flow without real windows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pitchcoach.core.errors import UserFacingError, log_failure
from pitchcoach.core.report import (
    FORMAT_LABEL,
    FORMAT_SUFFIX,
    FORMATS,
    Report,
    ReportError,
    build_progress_report,
    build_take_report,
    check_outside_data_folder,
    default_filename,
    export_report,
    format_from_path,
)
from pitchcoach.ui.i18n import current_ui_language, error_text, fmt_day

log = logging.getLogger(__name__)

# (parent, caption, suggested path, filter string, selected filter) -> (chosen path or "", chosen filter)
AskPath = Callable[[QWidget | None, str, str, str, str], tuple[str, str]]
OpenFolder = Callable[[Path], Any]
ShowError = Callable[[QWidget | None, str], Any]

FILTERS = {fmt: f"{FORMAT_LABEL[fmt]} (*{FORMAT_SUFFIX[fmt]})" for fmt in FORMATS}


def file_filters() -> dict[str, str]:
    """FILTERS as the save dialog shows them, in the interface language."""
    labels = {
        "pdf": QCoreApplication.translate("export", "PDF document"),
        "html": QCoreApplication.translate("export", "Web page (HTML)"),
        "md": QCoreApplication.translate("export", "Markdown"),
        "csv": QCoreApplication.translate("export", "Spreadsheet data (CSV)"),
        "json": QCoreApplication.translate("export", "Full data (JSON)"),
    }
    return {fmt: f"{labels.get(fmt, FORMAT_LABEL[fmt])} (*{FORMAT_SUFFIX[fmt]})" for fmt in FORMATS}


def _ask_path(parent: QWidget | None, caption: str, suggested: str, filters: str, selected: str) -> tuple[str, str]:
    return QFileDialog.getSaveFileName(parent, caption, suggested, filters, selected)


def _open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _show_error(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, QCoreApplication.translate("export", "Export failed"), message)


def confirm_saved(parent: QWidget | None, path: Path, opener: OpenFolder) -> QMessageBox:
    """Say the report is written and where, with the two things people do next. Non-blocking."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("export", "Report saved"))
    box.setText(QCoreApplication.translate("export", "Saved {name}").format(name=path.name))
    box.setInformativeText(QCoreApplication.translate("export", "In {folder}").format(folder=path.parent))
    box.setAccessibleName(QCoreApplication.translate("export", "Report saved"))
    open_button = box.addButton(QCoreApplication.translate("export", "Open"), QMessageBox.ButtonRole.ActionRole)
    show_button = box.addButton(
        QCoreApplication.translate("export", "Show in folder"), QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(QMessageBox.StandardButton.Close)
    # Any button closes a message box; these two also open the report or its folder.
    open_button.clicked.connect(lambda: opener(path))
    show_button.clicked.connect(lambda: opener(path.parent))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def resolve_choice(path: str, chosen_filter: str) -> tuple[Path, str]:
    """The format comes from the chosen filter, unless the typed name already ends in a known format."""
    shown = file_filters()
    fmt = next((f for f in FORMATS if chosen_filter in (FILTERS[f], shown[f])), "pdf")
    p = Path(path)
    typed = format_from_path(p)
    if typed is not None:
        return p, typed
    return p.with_name(p.name + FORMAT_SUFFIX[fmt]), fmt


class ExportJob(QObject):
    """Signals of one export. The report is built on the global pool, laid out as PDF on the GUI thread
    (QTextDocument and QPdfWriter are Qt objects, which this app makes only there: one made on a pool
    thread and collected on the GUI thread crashes under load), then written on the pool."""

    built = Signal(object)  # the Report, from the pool thread that read it
    finished = Signal(str)  # the written path
    failed = Signal(str)  # a message for the user

    def __init__(
        self,
        on_done: Callable[[Path], Any],
        on_error: Callable[[str], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.error: str | None = None
        self.confirmation: QMessageBox | None = None  # "Report saved", with Open and Show in folder
        self._on_done, self._on_error = on_done, on_error
        self._fmt, self._target = "pdf", Path()
        self._data_folder: Path | None = None
        self._pool: QThreadPool | None = None
        # Bound to slots of this GUI-thread object, so the pool thread's emits arrive
        # queued and the callbacks (layout, open folder, message box) run on the GUI thread.
        self.built.connect(self._built)
        self.finished.connect(self._finished)
        self.failed.connect(self._failed)

    def start(
        self, build: Callable[[], Report], fmt: str, path: Path, data_folder: Path | None, pool: QThreadPool
    ) -> None:
        self._fmt, self._target, self._data_folder, self._pool = fmt, path, data_folder, pool
        pool.start(_ExportRunnable(self, build, self.built.emit))

    @Slot(object)
    def _built(self, report: Report) -> None:
        data: bytes | None = None
        if self._fmt == "pdf":
            try:
                from pitchcoach.ui.pdf import render_pdf

                data = render_pdf(report)
            except Exception as exc:  # noqa: BLE001 - a message, never a traceback
                log_failure(log, f"Export to {self._target} failed", exc)
                self._failed(error_text(exc))
                return
        pdf = data
        fmt, target, data_folder = self._fmt, self._target, self._data_folder

        def write() -> str:
            renderer = (lambda _r: pdf) if pdf is not None else None
            return str(export_report(report, fmt, target, pdf_renderer=renderer, data_folder=data_folder))

        assert self._pool is not None
        self._pool.start(_ExportRunnable(self, write, self.finished.emit))

    @Slot(str)
    def _finished(self, written: str) -> None:
        self.path = Path(written)
        _running.discard(self)
        self._on_done(self.path)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.error = message
        _running.discard(self)
        self._on_error(message)


class _ExportRunnable(QRunnable):
    """One step of an export on a pool thread: plain data in and out, no Qt object made."""

    def __init__(self, job: ExportJob, work: Callable[[], Any], emit: Callable[[Any], None]) -> None:
        super().__init__()
        self._job, self._work, self._emit = job, work, emit

    def run(self) -> None:
        try:
            value = self._work()
        except UserFacingError as exc:  # ReportError, StorageError...: already worded for the user
            log.info("Export failed: %s", exc)
            self._job.failed.emit(error_text(exc))
        except Exception:  # never let an exception die silently in a pool thread
            log.exception("Export failed")
            self._job.failed.emit(
                QCoreApplication.translate(
                    "_ExportRunnable",
                    "Something unexpected went wrong while writing the report. Nothing was saved. "
                    "Details are in the log file (Help ▸ Open log folder).",
                )
            )
        else:
            self._emit(value)


_running: set[ExportJob] = set()


def _start(
    parent: QWidget | None,
    caption: str,
    suggested_name: str,
    build: Callable[[], Report],
    *,
    default_format: str,
    ask_path: AskPath | None,
    open_folder: OpenFolder | None,
    show_error: ShowError | None,
    folder: Path | None,
    pool: QThreadPool | None,
    data_folder: Path | None = None,
) -> ExportJob | None:
    ask_path = ask_path or _ask_path
    open_folder = open_folder or _open_folder
    show_error = show_error or _show_error
    suggested = str((folder or default_folder()) / suggested_name)
    filters = file_filters()
    chosen, chosen_filter = ask_path(parent, caption, suggested, ";;".join(filters.values()), filters[default_format])
    if not chosen:
        return None
    path, fmt = resolve_choice(chosen, chosen_filter)
    try:
        # Said at once, in the dialog's flow: a report inside the data folder could overwrite the history.
        check_outside_data_folder(path, data_folder)
    except ReportError as exc:
        show_error(parent, error_text(exc))
        return None

    def saved(p: Path) -> None:
        job.confirmation = confirm_saved(parent, p, open_folder)

    job = ExportJob(saved, lambda m: show_error(parent, m), parent)
    _running.add(job)
    # Started from the event loop, not here: the caller gets the job back first and can
    # connect to its signals before a fast export (or a fast failure) emits them.
    QTimer.singleShot(0, job, lambda: job.start(build, fmt, path, data_folder, pool or QThreadPool.globalInstance()))
    return job


def _recordings_dir(store: Any) -> Path | None:
    paths = getattr(store, "paths", None)
    return getattr(paths, "recordings", None)


def _data_folder(store: Any) -> Path | None:
    paths = getattr(store, "paths", None)
    return getattr(paths, "root", None)


def export_take_dialog(
    parent: QWidget | None,
    take: Any,
    store: Any,
    *,
    default_format: str = "pdf",
    ask_path: AskPath | None = None,
    open_folder: OpenFolder | None = None,
    show_error: ShowError | None = None,
    folder: Path | None = None,
    pool: QThreadPool | None = None,
) -> ExportJob | None:
    """Ask where to save one take's report and export it in the background."""
    recordings = _recordings_dir(store)
    # Built once here for the suggested name; rebuilt in the worker is unnecessary, it is cheap data.
    # Written in the interface language the window is in (a Settings change applies at the next start).
    report = build_take_report(take, recordings_dir=recordings, ui_language=current_ui_language())
    return _start(
        parent,
        QCoreApplication.translate("export", "Export take {id}").format(id=take.id),
        default_filename(report, default_format),
        lambda: report,
        default_format=default_format,
        ask_path=ask_path,
        open_folder=open_folder,
        show_error=show_error,
        folder=folder,
        pool=pool,
        data_folder=_data_folder(store),
    )


def export_takes_dialog(
    parent: QWidget | None,
    selection: Sequence[Any] | tuple[date, date],
    store: Any,
    *,
    default_format: str = "pdf",
    ask_path: AskPath | None = None,
    open_folder: OpenFolder | None = None,
    show_error: ShowError | None = None,
    folder: Path | None = None,
    pool: QThreadPool | None = None,
) -> ExportJob | None:
    """A progress report for selected takes, or for a (first_day, last_day) range read from ``store``."""
    recordings = _recordings_dir(store)
    # Read here on the GUI thread: build() runs on a worker.
    lang = current_ui_language()
    if isinstance(selection, tuple) and len(selection) == 2 and all(isinstance(d, date) for d in selection):
        first, last = selection
        if isinstance(first, datetime) or isinstance(last, datetime):
            first, last = (d.date() if isinstance(d, datetime) else d for d in (first, last))
        if last < first:
            first, last = last, first

        def build() -> Report:
            takes = store.list(
                since=datetime.combine(first, time.min).astimezone(),
                until=datetime.combine(last + timedelta(days=1), time.min).astimezone(),
                newest_first=False,
            )
            if not takes:
                # Same rule as the CLI: an empty report is never what the user meant.
                raise ReportError(
                    QCoreApplication.translate(
                        "export",
                        "There are no takes between {first} and {last}. Choose a wider range, or record a take first.",
                    ).format(first=fmt_day(first, "%d %b %Y"), last=fmt_day(last, "%d %b %Y"))
                )
            return build_progress_report(takes, start=first, end=last, recordings_dir=recordings, ui_language=lang)

        name_report = build_progress_report([], start=first, end=last, ui_language=lang)
    else:
        takes = list(selection)
        if not takes:
            (show_error or _show_error)(
                parent,
                QCoreApplication.translate("export", "Select one or more takes in History first, then export them."),
            )
            return None

        def build() -> Report:
            return build_progress_report(takes, recordings_dir=recordings, ui_language=lang)

        days = sorted(t.created_at.astimezone().date() for t in takes)
        name_report = build_progress_report([], start=days[0], end=days[-1], ui_language=lang)
    return _start(
        parent,
        QCoreApplication.translate("export", "Export progress report"),
        default_filename(name_report, default_format),
        build,
        default_format=default_format,
        ask_path=ask_path,
        open_folder=open_folder,
        show_error=show_error,
        folder=folder,
        pool=pool,
        data_folder=_data_folder(store),
    )
