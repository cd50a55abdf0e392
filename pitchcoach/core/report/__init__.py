"""Coaching reports: the data a coach sees, and how it is written to disk.

- ``model``: the view model (dataclasses a template reads) and the formatting helpers.
- ``build``: one stored take, or many over a period, into that view model.
- ``charts``: the timing bar, score rings and trend chart as inline SVG.
- ``render``: HTML (jinja2, autoescaped), Markdown, CSV and JSON; ``export_report``.
- ``write``: the durable write (``core.fileio``) with user-facing error messages.

PDF is drawn by ``pitchcoach.ui.pdf`` from ``render_pdf_html`` because it needs Qt,
which the core never imports. Every public name is re-exported here.
"""

from pitchcoach.core.report.build import (
    build_progress_report,
    build_take_report,
    highlighted_spans,
    take_row,
)
from pitchcoach.core.report.charts import (
    TREND_MAX_POINTS,
    score_ring_svg,
    smooth_trend,
    timing_bar_svg,
    trend_chart_svg,
)
from pitchcoach.core.report.model import (
    BAND_COLOURS,
    CATEGORY_LABELS,
    NO_BAND_COLOUR,
    SERIES_COLOURS,
    DeductionView,
    IssueStat,
    ProgressReport,
    Report,
    ReportError,
    Span,
    StructureItem,
    SubScoreView,
    TakeLike,
    TakeReport,
    TakeRow,
    TimingBar,
    TrendPoint,
    fmt_date,
    fmt_datetime,
    fmt_points,
    fmt_seconds,
    take_data,
)
from pitchcoach.core.report.render import (
    CSV_COLUMNS,
    FORMAT_LABEL,
    FORMAT_SUFFIX,
    FORMATS,
    JSON_INDENT_MAX_TAKES,
    default_filename,
    export_report,
    format_from_path,
    render_bytes,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_pdf_html,
)
from pitchcoach.core.report.write import check_outside_data_folder, write_report_bytes
from pitchcoach.core.scoring.result import HIGHLIGHT_LABELS, HIGHLIGHT_PRIORITY, STRUCTURE_LABELS

# The name this function had before durable writing moved to core.fileio; kept so callers still work.
atomic_write_bytes = write_report_bytes

__all__ = [
    "BAND_COLOURS",
    "CATEGORY_LABELS",
    "CSV_COLUMNS",
    "FORMATS",
    "FORMAT_LABEL",
    "FORMAT_SUFFIX",
    "HIGHLIGHT_LABELS",
    "HIGHLIGHT_PRIORITY",
    "JSON_INDENT_MAX_TAKES",
    "NO_BAND_COLOUR",
    "SERIES_COLOURS",
    "STRUCTURE_LABELS",
    "TREND_MAX_POINTS",
    "DeductionView",
    "IssueStat",
    "ProgressReport",
    "Report",
    "ReportError",
    "Span",
    "StructureItem",
    "SubScoreView",
    "TakeLike",
    "TakeReport",
    "TakeRow",
    "TimingBar",
    "TrendPoint",
    "atomic_write_bytes",
    "build_progress_report",
    "build_take_report",
    "default_filename",
    "check_outside_data_folder",
    "export_report",
    "format_from_path",
    "fmt_date",
    "fmt_datetime",
    "fmt_points",
    "fmt_seconds",
    "highlighted_spans",
    "render_bytes",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf_html",
    "score_ring_svg",
    "smooth_trend",
    "take_data",
    "take_row",
    "timing_bar_svg",
    "trend_chart_svg",
    "write_report_bytes",
]
