"""Writing the team progress report: HTML as rendered (autoescaped), or a PDF of the same HTML laid out
by Qt's QTextDocument and painted by QPdfWriter (no extra PDF engine, works headless)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.fileio import atomic_write_bytes
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


def write_team_report(report: TeamReport, path: Path) -> Path:
    """Write ``path`` as HTML (.html/.htm) or PDF (anything else gets .pdf added if it has no suffix)."""
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".pdf")
    try:
        if path.suffix.lower() in (".html", ".htm"):
            atomic_write_bytes(path, render_team_html(report).encode("utf-8"))
        else:
            atomic_write_bytes(path, team_pdf_bytes(report))
    except OSError as exc:
        raise UserFacingError(
            f"Could not write the team report to {path} ({exc.strerror or exc}). Choose another folder."
        ) from exc
    return path
