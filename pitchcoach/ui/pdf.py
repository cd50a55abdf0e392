"""PDF reports drawn by Qt: QTextDocument lays out the report HTML, QPdfWriter paints it.

No extra PDF engine: the same report data as the HTML export goes through a
QTextDocument-friendly template (``render_pdf_html``), the SVG charts are
rasterised with QSvgRenderer, and each A4 page gets a painted header and a
"Page n of m" footer. Works without a display (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QThread, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtSvg import QSvgRenderer

from pitchcoach import APP_NAME, __version__
from pitchcoach.core.messages import get_catalog, msg
from pitchcoach.core.report import Report, ReportError, TakeReport, fmt_datetime, render_pdf_html, write_report_bytes
from pitchcoach.ui.fonts import register_cjk_font

RESOLUTION = 300  # dpi: glyph positions in the PDF are snapped to this grid
MARGIN_MM = (16.0, 20.0, 16.0, 18.0)  # left, top, right, bottom: room for the header and footer
# Charts are rasterised at this multiple of their CSS size so they stay crisp in print.
CHART_SCALE = 3
FONT_FAMILIES = ["Segoe UI", "Helvetica Neue", "Helvetica", "Arial", "DejaVu Sans", "Liberation Sans"]

_app: QGuiApplication | None = None  # kept referenced so Qt's application outlives the call


def ensure_gui_application() -> None:
    """Fonts and painting need a Qt application; the CLI has none, so make a headless one.

    A full QApplication rather than a QGuiApplication: only one can exist per
    process, and anything that later opens a window (the GUI, widget tests) needs
    the widgets kind.
    """
    global _app
    if QGuiApplication.instance() is not None:
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and os.name == "posix":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication([APP_NAME])


def svg_to_image(svg: str, scale: int = CHART_SCALE) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ReportError(msg=msg("export_error.chart_failed"))
    size = renderer.defaultSize()
    image = QImage(size.width() * scale, size.height() * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    return image


def _base_font(point_size: float) -> QFont:
    font = QFont()
    # The bundled CJK face last: Latin keeps its usual look, hanzi get a face the PDF can embed
    # (without it a Chinese report is boxes on a machine with no CJK font of its own).
    cjk = register_cjk_font()
    font.setFamilies(FONT_FAMILIES + ([cjk] if cjk else []))
    font.setPointSizeF(point_size)
    # Without ligatures "benefit" stays searchable and copyable as plain letters in PDF viewers.
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def build_document(report: Report) -> QTextDocument:
    html, charts = render_pdf_html(report)
    doc = QTextDocument()
    doc.setDefaultFont(_base_font(10))
    doc.setDocumentMargin(0)
    for name, svg in charts.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), svg_to_image(svg))
    doc.setHtml(html)
    return doc


def _relayout(doc: QTextDocument) -> None:
    """Lay the whole document out again after a block's page break changed.

    Qt re-lays out only from the changed block and keeps stale positions further down: a Chinese
    take report (taller lines, so a heading moved) lost its later headings from the PDF altogether.
    """
    doc.markContentsDirty(0, doc.characterCount())


def keep_headings_with_next(doc: QTextDocument, page_height: float, min_space: float) -> None:
    """Move a section heading to the next page when too little of its page is left.

    QTextDocument ignores CSS ``page-break-after: avoid``, so without this a heading
    can sit alone at the foot of a page with its section overleaf.
    """
    layout = doc.documentLayout()
    for _ in range(64):  # each pass moves one heading; the bound only guards against a layout loop
        block = doc.begin()
        moved = False
        while block.isValid():
            fmt = block.blockFormat()
            if 0 < fmt.headingLevel() <= 2 and fmt.pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_Auto:
                y = layout.blockBoundingRect(block).top() % page_height
                if y > 0 and page_height - y < min_space:
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    QTextCursor(block).setBlockFormat(fmt)
                    _relayout(doc)
                    moved = True
                    break
            block = block.next()
        if not moved:
            return


def keep_last_page_with_its_section(doc: QTextDocument, page_height: float, min_share: float) -> None:
    """When the last page would hold only a line or two (the closing "Take 1 · recorded..." line), start the
    last section there instead, so the page is not blank but for a stray line."""
    pages = doc.pageCount()
    if pages < 2:
        return
    layout = doc.documentLayout()
    last_page_top = (pages - 1) * page_height
    if layout.documentSize().height() - last_page_top >= min_share * page_height:
        return
    block, heading = doc.begin(), None
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if 0 < level <= 2 and layout.blockBoundingRect(block).top() < last_page_top:
            heading = block
        block = block.next()
    if heading is None or layout.blockBoundingRect(heading).top() < last_page_top - page_height:
        return  # that section began a page earlier still: moving it would leave a page empty instead
    fmt = heading.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(heading).setBlockFormat(fmt)
    _relayout(doc)


def _header_left(report: Report) -> str:
    return f"{APP_NAME} · {get_catalog(report.ui_language).text('report.coaching_report')}"


def _footer_left(report: Report) -> str:
    lang = report.ui_language
    text = get_catalog(lang).text
    when = fmt_datetime(report.generated_at, lang)
    if isinstance(report, TakeReport):
        return text("report.pdf_footer_take", id=report.row.id, when=when)
    return text("report.pdf_footer_progress", period=report.period_text, when=when)


def _page_of(report: Report, page: int, pages: int) -> str:
    return get_catalog(report.ui_language).text("report.page_of", page=page, pages=pages)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4, margins, header, page numbers). On the GUI thread only: its
    QTextDocument and QPdfWriter are Qt objects (see ui.export.ExportJob)."""
    ensure_gui_application()
    assert QThread.currentThread().isMainThread(), "render_pdf runs on the GUI thread"
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(f"{APP_NAME} – {report.title}")
    writer.setCreator(f"{APP_NAME} {__version__}")

    dpmm = RESOLUTION / 25.4
    page_w = writer.width()
    page_h = writer.height()
    left, top, right, bottom = (m * dpmm for m in MARGIN_MM)
    body = QRectF(left, top, page_w - left - right, page_h - top - bottom)

    doc = build_document(report)
    # Lay out against the writer so point sizes and image sizes use its resolution.
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    keep_headings_with_next(doc, body.height(), body.height() * 0.14)
    keep_last_page_with_its_section(doc, body.height(), 0.08)
    pages = max(1, doc.pageCount())

    painter = QPainter()
    if not painter.begin(writer):
        raise ReportError(msg=msg("export_error.pdf_failed"))
    try:
        small = _base_font(7.5)
        brand = _base_font(7.5)
        brand.setBold(True)
        muted = QColor("#7b8794")
        accent = QColor("#0f766e")
        for page in range(pages):
            if page:
                writer.newPage()
            # Header: brand on the left, a hairline across the text width.
            header_y = top - 7 * dpmm
            painter.setFont(brand)
            painter.setPen(accent)
            painter.drawText(
                QRectF(left, header_y - 5 * dpmm, body.width(), 5 * dpmm),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                _header_left(report),
            )
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(
                QRectF(left, header_y - 5 * dpmm, body.width(), 5 * dpmm),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                report.subtitle,
            )
            painter.setPen(QPen(QColor("#cbd2d9"), 0.25 * dpmm))
            painter.drawLine(
                int(left), int(header_y + 1.5 * dpmm), int(left + body.width()), int(header_y + 1.5 * dpmm)
            )

            # Body: the slice of the laid-out document that belongs on this page.
            painter.save()
            painter.translate(left, top - page * body.height())
            doc.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
            painter.restore()

            # Footer: what this is on the left, page numbers on the right.
            footer = QRectF(left, page_h - bottom + 5 * dpmm, body.width(), 5 * dpmm)
            painter.setPen(QPen(QColor("#e4e7eb"), 0.25 * dpmm))
            painter.drawLine(
                int(left), int(footer.top() - 1.5 * dpmm), int(left + body.width()), int(footer.top() - 1.5 * dpmm)
            )
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(footer, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), _footer_left(report))
            painter.drawText(
                footer, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), _page_of(report, page + 1, pages)
            )
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def write_pdf(report: Report, path: Path | str) -> Path:
    """Render then write atomically; raises ReportError with a user-facing message."""
    return write_report_bytes(path, render_pdf(report))
