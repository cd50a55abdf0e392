"""Report charts as inline SVG strings: no plotting library, and the same SVG serves HTML and PDF."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from pitchcoach.core import progress
from pitchcoach.core.messages import CHINESE, ENGLISH, get_catalog
from pitchcoach.core.report.model import SERIES_COLOURS, TimingBar, TrendPoint, fmt_date, fmt_seconds

_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
# Chinese labels: the bundled face (the PDF rasteriser, Qt, has it registered) and the common system ones
# (a browser showing the HTML report), ahead of the generic family.
_CJK_FONT = (
    "DejaVu Sans, Helvetica, Arial, PitchCoach CJK SC, PingFang SC, Microsoft YaHei, Noto Sans CJK SC, "
    "WenQuanYi Micro Hei, sans-serif"
)


def _txt(
    x: float,
    y: float,
    s: str,
    size: float = 11,
    fill: str = "#52606d",
    anchor: str = "start",
    weight: str = "normal",
    lang: str = ENGLISH,
) -> str:
    font = _CJK_FONT if lang == CHINESE else _FONT
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{font}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{xml_escape(s)}</text>'
    )


def _text_width(s: str, size: float) -> float:
    """Rough width of a label: a hanzi is a full em, a Latin letter about two thirds of one."""
    return sum(size if ord(c) > 0x2E80 else size * 0.67 for c in s)


def timing_bar_svg(t: TimingBar, width: int = 640, height: int = 78) -> str:
    pad_l, pad_r = 8.0, 14.0
    lang = t.ui_language
    text = get_catalog(lang).text
    span = width - pad_l - pad_r
    scale = t.scale_seconds

    def x(s: float) -> float:
        return pad_l + span * min(max(s, 0.0), scale) / scale

    top, bar_h = 26.0, 16.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{xml_escape(t.verdict)}">',
        f'<rect x="{pad_l}" y="{top}" width="{span:.1f}" height="{bar_h}" rx="3" fill="#eef2f5"/>',
        f'<rect x="{x(t.low_seconds):.1f}" y="{top}" width="{x(t.high_seconds) - x(t.low_seconds):.1f}" '
        f'height="{bar_h}" fill="#d5efe9"/>',
        f'<rect x="{pad_l}" y="{top + 4}" width="{max(0.0, x(t.speech_seconds) - pad_l):.1f}" '
        f'height="{bar_h - 8}" rx="2" fill="{t.colour}"/>',
    ]
    tx = x(t.target_seconds)
    parts.append(
        f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{top + bar_h + 4}" stroke="#1f2933" stroke-width="1.5"/>'
    )
    target = text("report.chart.target", target=fmt_seconds(t.target_seconds, lang))
    parts.append(_txt(tx, top - 10, target, 11, "#1f2933", "middle", "bold", lang))
    step = 5 if scale <= 60 else 10
    s = 0
    while s <= scale + 1e-6:
        parts.append(
            f'<line x1="{x(s):.1f}" y1="{top + bar_h}" x2="{x(s):.1f}" y2="{top + bar_h + 4}" '
            'stroke="#9aa5b1" stroke-width="1"/>'
        )
        # "0 秒" is wider than "0 s": centred on the left edge it was cut off, so it starts there instead.
        anchor = "start" if s == 0 and lang == CHINESE else "middle"
        parts.append(_txt(x(s), top + bar_h + 16, fmt_seconds(s, lang), 10, "#7b8794", anchor, lang=lang))
        s += step
    lo, hi = x(t.low_seconds), x(t.high_seconds)
    comfortable = text("report.chart.comfortable_range")
    parts.append(_txt((lo + hi) / 2, height - 2, comfortable, 9.5, "#3d7d70", "middle", lang=lang))
    parts.append("</svg>")
    return "".join(parts)


TREND_MAX_POINTS = 120
# Room for one "26 Nov" label at 9.5 px, with a gap.
DAY_LABEL_WIDTH = 48.0


def smooth_trend(points: Sequence[TrendPoint], max_points: int = TREND_MAX_POINTS) -> tuple[list[TrendPoint], int]:
    """Average consecutive takes into at most ``max_points`` points; returns the points and takes per point.

    A thousand raw points are an unreadable zigzag (and slow to rasterise); the
    average of a handful of consecutive takes shows the direction a coach cares about.
    """
    n = len(points)
    if n <= max_points:
        return list(points), 1
    size = -(-n // max_points)
    out = []
    for i in range(0, n, size):
        chunk = points[i : i + size]
        k = len(chunk)
        out.append(
            TrendPoint(
                take_id=chunk[-1].take_id,
                created_at=chunk[-1].created_at,
                overall=sum(p.overall for p in chunk) / k,
                clarity=sum(p.clarity for p in chunk) / k,
                listener_focus=sum(p.listener_focus for p in chunk) / k,
            )
        )
    return out, size


def trend_chart_svg(points: Sequence[TrendPoint], width: int = 680, height: int = 250, lang: str = ENGLISH) -> str:
    points, per_point = smooth_trend(points)
    text = get_catalog(lang).text
    left, right, top, bottom = 34.0, 12.0, 30.0, 30.0
    pw, ph = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{xml_escape(text("report.chart.score_trend"))}">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]

    def y(v: float) -> float:
        return top + ph * (1 - v / 100.0)

    # Faint bands make the thresholds (Good 70, Great 85) readable without a legend.
    parts.append(f'<rect x="{left}" y="{y(100):.1f}" width="{pw}" height="{y(85) - y(100):.1f}" fill="#f0faf4"/>')
    parts.append(f'<rect x="{left}" y="{y(85):.1f}" width="{pw}" height="{y(70) - y(85):.1f}" fill="#f3f9f8"/>')
    for v in (0, 25, 50, 70, 85, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" stroke="#e4e7eb" stroke-width="1"/>'
        )
        parts.append(_txt(left - 6, y(v) + 3.5, str(v), 9.5, "#7b8794", "end"))
    n = len(points)
    if n == 0:
        empty = text("report.chart.no_scored_takes")
        parts.append(_txt(left + pw / 2, top + ph / 2, empty, 12, "#7b8794", "middle", lang=lang))
        parts.append("</svg>")
        return "".join(parts)

    def x(i: int) -> float:
        return left + pw / 2 if n == 1 else left + 8 + (pw - 16) * i / (n - 1)

    for key, lw in (("clarity", 1.4), ("listener_focus", 1.4), ("overall", 2.6)):
        vals = [getattr(p, key) for p in points]
        colour = SERIES_COLOURS[key]
        if n > 1:
            coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(vals))
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{lw}" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
        if n <= 40 or key == "overall" and n == 1:
            r = 3.2 if key == "overall" else 2.2
            for i, v in enumerate(vals):
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{r}" fill="#ffffff" stroke="{colour}" '
                    f'stroke-width="{lw}"/>'
                )
    # Points are in take order (a session's takes are not squeezed together); a date marks where
    # each new day starts, skipping days too close to the last label to be read.
    starts = progress.day_starts([p.created_at.timestamp() for p in points])
    step = (pw - 16) / (n - 1) if n > 1 else pw
    kept = progress.thin_day_starts(starts, DAY_LABEL_WIDTH / step)
    multi_year = points[0].created_at.astimezone().year != points[-1].created_at.astimezone().year
    for d in kept:
        lx = left if d.index == 0 else x(d.index) - step / 2
        if d.index:
            parts.append(
                f'<line x1="{lx:.1f}" y1="{top}" x2="{lx:.1f}" y2="{top + ph:.1f}" stroke="#cbd2d9" '
                'stroke-width="1" stroke-dasharray="3 3"/>'
            )
        if multi_year:
            day = fmt_date(d.day, lang)
        else:
            day = f"{d.day.month}月{d.day.day}日" if lang == CHINESE else f"{d.day.day} {d.day:%b}"
        parts.append(_txt(lx + 3, height - 10, day, 9.5, "#7b8794", lang=lang))
    if per_point > 1:
        each = text("report.chart.each_point", n=per_point)
        parts.append(_txt(left, 18, each, 9.5, "#7b8794", lang=lang))
    lx = left + pw
    for key in ("listener_focus", "clarity", "overall"):
        name = text(f"report.{key}")
        # 7 px a letter was the English legend's measure; hanzi are wider, so measure them as such.
        w = (7.0 * len(name) if lang == ENGLISH else _text_width(name, 10.5)) + 22
        lx -= w
        parts.append(
            f'<line x1="{lx:.1f}" y1="14" x2="{lx + 14:.1f}" y2="14" stroke="{SERIES_COLOURS[key]}" '
            f'stroke-width="{2.6 if key == "overall" else 1.6}"/>'
        )
        parts.append(_txt(lx + 18, 18, name, 10.5, "#3e4c59", lang=lang))
    parts.append("</svg>")
    return "".join(parts)


def score_ring_svg(value: int | None, colour: str, size: int = 64) -> str:
    """A small progress ring for a 0–100 score (used by the HTML report)."""
    r = size / 2 - 5
    c = size / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">',
        f'<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="#e4e7eb" stroke-width="6"/>',
    ]
    if value is not None:
        frac = max(0.0, min(1.0, value / 100))
        circ = 2 * math.pi * r
        parts.append(
            f'<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="{colour}" stroke-width="6" '
            f'stroke-dasharray="{circ * frac:.2f} {circ:.2f}" transform="rotate(-90 {c} {c})" '
            'stroke-linecap="round"/>'
        )
    parts.append(_txt(c, c + 6, "–" if value is None else str(value), 17, "#1f2933", "middle", "bold"))
    parts.append("</svg>")
    return "".join(parts)
