"""Writing the team progress report: HTML as rendered (autoescaped), or a PDF of the same HTML laid out
by Qt's QTextDocument and painted by QPdfWriter (no extra PDF engine, works headless).

Three steps, so that no Qt object is made off the GUI thread (a QTextDocument is a QObject: one made on
a worker and collected on the GUI thread crashes under load): the figures are counted on a worker
(``core.team.report.build_team_report``), the bytes are laid out here on the GUI thread
(:func:`team_report_bytes`), and the file is written on a worker (``core.report.write``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QThread
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from pitchcoach.core.report.write import check_outside_data_folder
from pitchcoach.core.team.report import TeamReport, render_team_html

RESOLUTION = 300


def team_pdf_bytes(report: TeamReport) -> bytes:
    """Only on the GUI thread: the QTextDocument and QPdfWriter are Qt objects."""
    assert QThread.currentThread().isMainThread(), "team_pdf_bytes runs on the GUI thread"
    doc = QTextDocument()
    doc.setHtml(render_team_html(report))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(16, 16, 16, 16))
    )
    writer.setTitle(report.title)
    writer.setCreator("PitchCoach")
    doc.print_(writer)
    del writer  # the PDF is complete once the writer is gone
    buffer.close()
    return bytes(buffer.data().data())


def report_path(path: Path, data_folder: Path | None = None) -> Path:
    """The file the report goes to: .pdf added when there is no suffix; never inside ``data_folder``
    (the history and recordings), said at once with its fix (ReportError), before anything is laid out."""
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".pdf")
    check_outside_data_folder(path, data_folder)
    return path


def team_report_bytes(report: TeamReport, path: Path) -> bytes:
    """HTML (.html/.htm) or PDF (anything else) for ``path``; a PDF is laid out on the GUI thread."""
    if path.suffix.lower() in (".html", ".htm"):
        return render_team_html(report).encode("utf-8")
    return team_pdf_bytes(report)
