"""Rendering reports: HTML (jinja2 with autoescape), Markdown, CSV and JSON, and writing them out.

PDF is drawn by ``pitchcoach.ui.pdf`` from ``render_pdf_html`` because it needs Qt,
which the core never imports.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pitchcoach import APP_NAME
from pitchcoach.core.messages import get_catalog, msg
from pitchcoach.core.report.charts import score_ring_svg, timing_bar_svg, trend_chart_svg
from pitchcoach.core.report.model import (
    BAND_COLOURS,
    SERIES_COLOURS,
    Report,
    ReportError,
    TakeReport,
    fmt_date,
    fmt_datetime,
    fmt_points,
    fmt_seconds,
    fmt_signed,
)
from pitchcoach.core.report.wording import template_helpers
from pitchcoach.core.report.write import check_outside_data_folder, write_report_bytes
from pitchcoach.core.scoring.result import HIGHLIGHT_LABELS, RULE_LABELS

FORMATS = ("pdf", "html", "md", "csv", "json")
FORMAT_SUFFIX = {"pdf": ".pdf", "html": ".html", "md": ".md", "csv": ".csv", "json": ".json"}
FORMAT_LABEL = {
    "pdf": "PDF document",
    "html": "Web page (HTML)",
    "md": "Markdown",
    "csv": "Spreadsheet data (CSV)",
    "json": "Full data (JSON)",
}

# Stable: spreadsheets and scripts downstream depend on this order.
CSV_COLUMNS = (
    "id",
    "created_at",
    "title",
    "audio_seconds",
    "speech_seconds",
    "target_seconds",
    "overall",
    "clarity",
    "listener_focus",
    "band",
    "wpm",
    "filler_count",
    "top_issue",
    "transcript",
    "note",
    "timing",  # added last (issue 13), so existing columns keep their places
    "status",  # scored / gated / damaged: a blank score then says why (issue 21)
    # Issue 24: the take's language, and its pace in that language's unit ("wpm" above stays words
    # per minute, blank for a Mandarin take, whose pace is in characters per minute: pace_unit "cpm").
    "language",
    "pace",
    "pace_unit",
)


_html_env: jinja2.Environment | None = None
_text_env: jinja2.Environment | None = None


def _md_escape(value: object) -> str:
    """Keep user text inert in Markdown: no raw HTML, no table breaks, no accidental emphasis."""
    s = "" if value is None else str(value)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in ("\\", "|", "*", "_", "`", "[", "]"):
        s = s.replace(ch, "\\" + ch)
    return " ".join(s.split())


def _common_globals() -> dict[str, Any]:
    return {
        "APP_NAME": APP_NAME,
        "RULE_LABELS": RULE_LABELS,
        "HIGHLIGHT_LABELS": HIGHLIGHT_LABELS,
        "BAND_COLOURS": BAND_COLOURS,
        "SERIES_COLOURS": SERIES_COLOURS,
        "fmt_seconds": fmt_seconds,
        "fmt_points": fmt_points,
        "fmt_date": fmt_date,
        "fmt_datetime": fmt_datetime,
        "signed": fmt_signed,
    }


def _env(html: bool) -> jinja2.Environment:
    global _html_env, _text_env
    # Built lazily and cached per process: template compilation dominates small exports.
    if html and _html_env is None:
        _html_env = jinja2.Environment(
            loader=jinja2.PackageLoader("pitchcoach.core", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        _html_env.globals.update(_common_globals())
    if not html and _text_env is None:
        _text_env = jinja2.Environment(
            loader=jinja2.PackageLoader("pitchcoach.core", "templates"),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        _text_env.globals.update(_common_globals())
        _text_env.filters["md"] = _md_escape
    env = _html_env if html else _text_env
    assert env is not None
    return env


def _charts(report: Report) -> dict[str, str]:
    if isinstance(report, TakeReport):
        band_colour = report.row.band_colour
        charts = {
            "timing": timing_bar_svg(report.timing),
            "ring_overall": score_ring_svg(report.row.overall, band_colour, 84),
            "ring_clarity": score_ring_svg(report.row.clarity, SERIES_COLOURS["clarity"]),
            "ring_listener": score_ring_svg(report.row.listener_focus, SERIES_COLOURS["listener_focus"]),
            "ring_timing": score_ring_svg(report.row.timing, SERIES_COLOURS["timing"]),
        }
        if report.voice_svg:
            charts["voice"] = report.voice_svg
        return charts
    return {"trend": trend_chart_svg(report.trend, lang=report.ui_language)}


def render_html(report: Report) -> str:
    """A self-contained page: inline CSS, inline SVG charts, user text escaped by autoescape."""
    charts = {k: Markup(v) for k, v in _charts(report).items()}
    return _env(True).get_template(f"{report.kind}.html.j2").render(r=report, charts=charts, **template_helpers(report))


def render_pdf_html(report: Report) -> tuple[str, dict[str, str]]:
    """The QTextDocument variant: tables instead of flex, charts as named images.

    Returns the HTML and a mapping of image name (used in ``<img src>``) to SVG
    source; the PDF writer rasterises each SVG and registers it as a resource.
    """
    charts = _charts(report)
    names = {k: f"chart-{k}.png" for k in charts}
    html = _env(True).get_template(f"{report.kind}_pdf.html.j2").render(r=report, img=names, **template_helpers(report))
    return html, {names[k]: v for k, v in charts.items()}


def render_markdown(report: Report) -> str:
    return _env(False).get_template(f"{report.kind}.md.j2").render(r=report, **template_helpers(report))


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# (=HYPERLINK(...) in a take's title would become a live link, or worse).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Neutralise spreadsheet formula injection as OWASP recommends: prefix such a cell with ``'``.

    Plain numbers ("-3", "-11.5") are left alone: a number cannot run, and the prefix would turn it
    into text in the spreadsheet.
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def render_csv(report: Report) -> str:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in report.rows:
        writer.writerow({k: csv_safe(v) for k, v in row.csv_row().items()})
    return buf.getvalue()


JSON_INDENT_MAX_TAKES = 100


def render_json(report: Report) -> str:
    # Indented for reading when small; compact for big histories, because an indent
    # forces Python's pure-Python encoder, about five times slower on 1,000 takes.
    indent = 2 if len(report.rows) <= JSON_INDENT_MAX_TAKES else None
    return json.dumps(report.full_data(), ensure_ascii=False, indent=indent)


def render_bytes(report: Report, fmt: str, pdf_renderer: Callable[[Report], bytes] | None = None) -> bytes:
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "csv":
        # A BOM so that Excel opens UTF-8 (names, dashes) correctly; the csv module ignores it with utf-8-sig.
        return render_csv(report).encode("utf-8-sig")
    if fmt == "json":
        return render_json(report).encode("utf-8")
    if fmt == "pdf":
        if pdf_renderer is None:
            raise ReportError(msg=msg("export_error.pdf_unavailable"))
        return pdf_renderer(report)
    raise ReportError(msg=msg("export_error.unknown_format", fmt=fmt, formats=", ".join(FORMATS)))


def format_from_path(path: Path | str) -> str | None:
    suffix = Path(path).suffix.lower()
    if suffix in (".markdown",):
        return "md"
    if suffix == ".htm":
        return "html"
    for fmt, suf in FORMAT_SUFFIX.items():
        if suffix == suf:
            return fmt
    return None


def default_filename(report: Report, fmt: str) -> str:
    suffix = FORMAT_SUFFIX[fmt]
    # Named in the report's language (a Chinese report is saved as "PitchCoach 练习 3 – 2026-12-07.pdf");
    # the dates stay ISO, so that the files sort.
    t = get_catalog(report.ui_language).text
    if isinstance(report, TakeReport):
        day = f"{report.row.created_at.astimezone():%Y-%m-%d}"
        return t("report.filename.take", app=APP_NAME, id=report.row.id, day=day) + suffix
    if report.start and report.end:
        first, last = f"{report.start:%Y-%m-%d}", f"{report.end:%Y-%m-%d}"
        return t("report.filename.progress", app=APP_NAME, first=first, last=last) + suffix
    day = f"{report.generated_at.astimezone():%Y-%m-%d}"
    return t("report.filename.progress_on", app=APP_NAME, day=day) + suffix


def export_report(
    report: Report,
    fmt: str,
    path: Path | str,
    pdf_renderer: Callable[[Report], bytes] | None = None,
    *,
    data_folder: Path | None = None,
) -> Path:
    """Render and write atomically. Raises ReportError with a message fit for the user.

    Pass the app's data folder as ``data_folder``: a path inside it is refused before anything is rendered.
    """
    if fmt not in FORMATS:
        raise ReportError(msg=msg("export_error.unknown_format", fmt=fmt, formats=", ".join(FORMATS)))
    check_outside_data_folder(path, data_folder)
    data = render_bytes(report, fmt, pdf_renderer)
    return write_report_bytes(path, data, data_folder=data_folder)
