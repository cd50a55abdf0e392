"""Writing the team progress report: HTML as rendered (autoescaped), or a PDF of the same HTML laid out
by Qt's QTextDocument and painted by QPdfWriter (no extra PDF engine, works headless)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from pitchcoach.core.report.write import check_outside_data_folder, write_report_bytes
from pitchcoach.core.team.report import TeamReport, render_team_html

RESOLUTION = 300


def team_pdf_bytes(report: TeamReport) -> bytes:
    import tempfile

    doc = QTextDocument()
    doc.setHtml(render_team_html(report))
    with tempfile.TemporaryDirectory(prefix="pitchcoach-team-") as tmp:
        out = Path(tmp) / "report.pdf"
        writer = QPdfWriter(str(out))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(16, 16, 16, 16))
        )
        writer.setTitle(report.title)
        writer.setCreator("PitchCoach")
        doc.print_(writer)
        del writer  # the file is complete once the writer is gone
        return out.read_bytes()


def write_team_report(report: TeamReport, path: Path, data_folder: Path | None = None) -> Path:
    """Write ``path`` as HTML (.html/.htm) or PDF (anything else gets .pdf added if it has no suffix).

    Through the reports' own writer, so the same rules hold: never inside ``data_folder`` (the history
    and recordings), never over a device or a pipe, and each failure named with its fix (ReportError)."""
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".pdf")
    html = path.suffix.lower() in (".html", ".htm")
    check_outside_data_folder(path, data_folder)  # before the PDF is laid out: said at once
    data = render_team_html(report).encode("utf-8") if html else team_pdf_bytes(report)
    return write_report_bytes(path, data, data_folder=data_folder)
