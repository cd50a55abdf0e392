"""The voice picture as SVG: pitch contour, loudness band, the words, and marks where something
happened (flat stretches, trailed-off ends, hesitations heard but not transcribed).

One drawing for the HTML report (inline) and the PDF (rasterised by the PDF writer); the Results
page draws the same layers live with pyqtgraph (ui/voice_strip.py) from the same VoiceAnalysis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape as xml_escape

from pitchcoach.core.language import scoring_profile
from pitchcoach.core.messages import CHINESE, ENGLISH, get_catalog
from pitchcoach.core.voice.analysis import VoiceAnalysis, window_rates
from pitchcoach.core.words import Word

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
# Chinese labels: the bundled face (Qt rasterises the PDF's charts) and the usual system ones (a browser).
CJK_FONT = (
    "DejaVu Sans, Helvetica, Arial, PitchCoach CJK SC, PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif"
)
PITCH_COLOUR = "#4f46e5"
LEVEL_COLOUR = "#0f766e"
FLAT_COLOUR = "#f59e0b"
TRAIL_COLOUR = "#b45309"
HESITATION_COLOUR = "#b91c1c"
GRID_COLOUR = "#cbd2d9"
TEXT_COLOUR = "#52606d"
PITCH_RANGE_ST = 8.0  # the pitch band shows the median +- this many semitones
LEVEL_RANGE_DB = 40.0  # the loudness band shows speech level - 30 dB .. + 10 dB
MAX_WORD_CHARS = 14
CHAR_W = 4.9  # average glyph width at 8.5 px, for laying words out without a font engine


def _t(x: float, y: float, s: str, size: float = 10, fill: str = TEXT_COLOUR, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}">{xml_escape(s)}</text>'
    )


def marks(voice: VoiceAnalysis, words: Sequence[Word], lang: str = ENGLISH) -> list[tuple[str, float, float, str]]:
    """(kind, start, end, label) for everything the picture marks; the Results strip shows the same.
    ``lang``: the interface language of the labels (a report's; the window translates its own)."""
    t = _texts(lang)
    out: list[tuple[str, float, float, str]] = []
    for si in voice.flat_sentences:
        s = voice.sentences[si]
        flat = t("flat_st", st=f"{s.spread_st:.1f}") if s.spread_st is not None else t("flat")
        out.append(("flat", s.start, s.end, flat))
    for trail in voice.trailing_off:
        a, b = words[trail.words[0]], words[trail.words[-1]]
        label = t("creaky_end") if trail.kind == "creak" else t("trailed_off_db", db=f"{trail.drop_db:.0f}")
        out.append(("trailing_off", float(a.start), float(b.end), label))
    for h in voice.unvoiced_hesitations:
        out.append(("hesitation", h.start, h.end, t("heard_not_transcribed")))
    for p in voice.prolongations:
        w = words[p.word]
        out.append(("prolongation", float(w.start), float(w.end), t("drawn_out", s=f"{p.seconds:.1f}")))
    return out


def _texts(lang: str) -> Callable[..., str]:
    """The catalog's report.voice_figure.* texts in ``lang``, by their short names."""
    catalog = get_catalog(lang)
    return lambda key, **args: catalog.text(f"report.voice_figure.{key}", **args)


def _width(text: str) -> float:
    """A label's width: a hanzi is about twice a Latin letter at the strip's small size."""
    return sum(CHAR_W * (2 if ord(c) > 0x2E80 else 1) for c in text)


def voice_strip_svg(
    voice: VoiceAnalysis, words: Sequence[Word], width: int = 680, height: int = 184, lang: str = ENGLISH
) -> str:
    """The whole take, left to right. Words are drawn under the bands on two alternating rows."""
    t = _texts(lang)
    pad_l, pad_r = 44.0, 10.0
    t_end = max(
        [len(voice.level_db) * voice.contour_step_s, len(voice.pitch_st) * voice.contour_step_s]
        + [float(w.end) for w in words]
        + [0.1]
    )
    span = width - pad_l - pad_r

    def x(t: float) -> float:
        return pad_l + span * min(max(t, 0.0), t_end) / t_end

    p_top, p_h = 16.0, 70.0
    l_top, l_h = p_top + p_h + 8.0, 36.0
    w_top = l_top + l_h + 14.0
    label = t("aria")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{xml_escape(label)}">',
        f'<rect x="{pad_l}" y="{p_top}" width="{span:.1f}" height="{p_h}" fill="#f8fafc"/>',
        f'<rect x="{pad_l}" y="{l_top}" width="{span:.1f}" height="{l_h}" fill="#f8fafc"/>',
    ]

    def py(st: float) -> float:
        st = min(max(st, -PITCH_RANGE_ST), PITCH_RANGE_ST)
        return p_top + p_h / 2 - st / PITCH_RANGE_ST * (p_h / 2)

    for kind, s, e, text in marks(voice, words, lang):
        if kind == "flat":
            parts.append(
                f'<rect x="{x(s):.1f}" y="{p_top}" width="{max(1.0, x(e) - x(s)):.1f}" height="{p_h}" '
                f'fill="{FLAT_COLOUR}" fill-opacity="0.15"/>'
            )
            parts.append(_t(x(s) + 2, p_top + 10, text, 8.5, TRAIL_COLOUR))
        elif kind == "hesitation":
            parts.append(
                f'<rect x="{x(s):.1f}" y="{l_top}" width="{max(2.0, x(e) - x(s)):.1f}" height="{l_h}" '
                f'fill="{HESITATION_COLOUR}" fill-opacity="0.25"/>'
            )
            parts.append(_t((x(s) + x(e)) / 2, l_top - 2, t("uh"), 8.5, HESITATION_COLOUR, "middle"))
        elif kind in ("trailing_off", "prolongation"):
            colour = TRAIL_COLOUR if kind == "trailing_off" else HESITATION_COLOUR
            parts.append(
                f'<line x1="{x(s):.1f}" y1="{l_top + l_h + 2}" x2="{x(e):.1f}" y2="{l_top + l_h + 2}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )

    # Pitch: the speaker's median as a dashed line, the contour as polylines broken where unvoiced.
    parts.append(
        f'<line x1="{pad_l}" y1="{py(0):.1f}" x2="{pad_l + span:.1f}" y2="{py(0):.1f}" '
        f'stroke="{GRID_COLOUR}" stroke-dasharray="4 3"/>'
    )
    median = f"{voice.f0_median_hz:.0f} Hz" if voice.f0_median_hz else t("pitch")
    parts.append(_t(pad_l - 4, py(0) + 3, median, 8.5, TEXT_COLOUR, "end"))
    parts.append(_t(pad_l - 4, py(6) + 3, "+6 st", 8, "#9aa5b1", "end"))
    parts.append(_t(pad_l - 4, py(-6) + 3, "−6 st", 8, "#9aa5b1", "end"))
    run: list[str] = []
    for i, st in enumerate([*voice.pitch_st, None]):
        if st is None or (isinstance(st, float) and math.isnan(st)):
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{PITCH_COLOUR}" stroke-width="1.6"/>'
                )
            run = []
            continue
        run.append(f"{x(i * voice.contour_step_s):.1f},{py(st):.1f}")

    # Loudness: an area from the band's floor up to each frame's level.
    ref = voice.level_dbfs if voice.level_dbfs is not None else -30.0
    floor_db = ref - LEVEL_RANGE_DB + 10.0

    def ly(db: float) -> float:
        frac = (min(max(db, floor_db), floor_db + LEVEL_RANGE_DB) - floor_db) / LEVEL_RANGE_DB
        return l_top + l_h - frac * l_h

    if voice.level_db:
        pts = [f"{x(0):.1f},{l_top + l_h:.1f}"]
        pts += [f"{x(i * voice.contour_step_s):.1f},{ly(db):.1f}" for i, db in enumerate(voice.level_db)]
        pts.append(f"{x(len(voice.level_db) * voice.contour_step_s):.1f},{l_top + l_h:.1f}")
        parts.append(f'<polygon points="{" ".join(pts)}" fill="{LEVEL_COLOUR}" fill-opacity="0.55"/>')
    parts.append(_t(pad_l - 4, l_top + l_h / 2 + 3, t("loud"), 8.5, TEXT_COLOUR, "end"))

    # Words on two rows; a word that would overprint both rows is left out (the bands still show it).
    row_end = [0.0, 0.0]
    for w in words:
        text = w.text.strip()
        if len(text) > MAX_WORD_CHARS:
            text = text[: MAX_WORD_CHARS - 1] + "…"
        wx = x(float(w.start))
        for row in (0, 1):
            if wx >= row_end[row]:
                parts.append(_t(wx, w_top + row * 11, text, 8.5))
                row_end[row] = wx + _width(text) + 3  # hanzi are twice as wide: Chinese words overprinted
                break
    # Time ticks every 5 s, and the legend.
    s = 0
    while s <= t_end + 1e-6:
        parts.append(_t(x(s), w_top + 27, t("seconds", s=s), 8, "#9aa5b1", "middle"))
        s += 5
    lx = pad_l + span
    for colour, text, opacity in (
        (HESITATION_COLOUR, t("heard_not_transcribed"), "0.35"),
        (TRAIL_COLOUR, t("trailed_off"), "1"),
        (FLAT_COLOUR, t("flat_pitch"), "0.35"),
    ):
        lx -= _width(text) + 22
        parts.append(f'<rect x="{lx:.1f}" y="3" width="10" height="8" fill="{colour}" fill-opacity="{opacity}"/>')
        parts.append(_t(lx + 13, 10.5, text, 8.5))
    parts.append("</svg>")
    svg = "".join(parts)
    return svg.replace(f'font-family="{FONT}"', f'font-family="{CJK_FONT}"') if lang == CHINESE else svg


def voice_summary(
    voice: VoiceAnalysis,
    words: Sequence[Word],
    cpm_windows: Sequence[float] | None = None,
    language: str | None = None,
    ui_language: str = ENGLISH,
) -> str:
    """One plain sentence per figure, for the reports' text beside the picture. ``cpm_windows``: a Mandarin
    take's pace every 5 s in characters per minute (metrics.cpm_windows), given instead of the words per
    minute the voice analysis counts from Whisper's words, which for Chinese are not words. ``language``:
    the take's (a take given cpm_windows is Mandarin): a Mandarin voice is flat by Mandarin's line, since its
    tones widen the spread, and without cpm_windows its pace is counted in characters from the words."""
    profile = scoring_profile(language or ("zh" if cpm_windows else "en"))
    catalog = get_catalog(ui_language)
    t = _texts(ui_language)
    zh = catalog.language == CHINESE
    end = "。" if zh else "."
    sep = catalog.list_separator if zh else ", "
    unit = catalog.text(f"pace_label.{profile.pace_unit}") if zh else profile.pace_label
    parts = []
    if voice.f0_median_hz is not None and voice.f0_spread_semitones is not None:
        flat = voice.f0_spread_semitones < profile.monotone_st
        pitch = t("summary_pitch", hz=f"{voice.f0_median_hz:.0f}", st=f"{voice.f0_spread_semitones:.1f}")
        parts.append(pitch + (t("summary_flat") if flat else end))
    if voice.level_dbfs is not None:
        loud = t("summary_loudness", db=f"{voice.level_dbfs:.0f}")
        parts.append(loud + (t("summary_quiet") if voice.quiet else end))
    if cpm_windows:
        parts.append(t("summary_pace", rates=sep.join(f"{c:.0f}" for c in cpm_windows), unit=unit))
    elif voice.wpm_windows:
        rates = (
            [w.wpm for w in voice.wpm_windows]
            if profile.spaced
            else window_rates(voice.wpm_windows, words, profile.count_units)
        )
        parts.append(t("summary_pace", rates=sep.join(f"{r:.0f}" for r in rates), unit=unit))
    if voice.trailing_off:
        said = [words[tr.words[-1]].text.strip(" ,.?!") for tr in voice.trailing_off]
        ends = sep.join(catalog.quote(w) if zh else f"\u201c{w}\u201d" for w in said)
        if voice.trails_off:
            parts.append(t("summary_trailed", ends=ends))
        else:  # one quiet ending is a slip, not a habit, and costs nothing
            parts.append(t("summary_last_quieter", ends=ends))
    heard = len(voice.unvoiced_hesitations) + len(voice.prolongations)
    if heard:
        parts.append(t("summary_heard_one" if heard == 1 else "summary_heard", n=heard))
    # Chinese sentences follow one another with no space after the full stop.
    return ("" if zh else " ").join(parts)


def display_contour(
    pitch_st: Sequence[float | None], step_s: float, seconds_per_point: float
) -> list[tuple[float, float, float]]:
    """The pitch track as drawn where one point may span several frames: (start s, end s, semitones).

    A 20 s take on a 700-pixel strip has ~1.5 frames a pixel, a minute ~4.5: drawn frame by frame,
    every syllable became a near-vertical stroke. Each bin holds the median of its voiced frames
    (a bin with under a quarter voiced, or a single voiced frame, is left out: a gap, not a stray
    octave error); the strip draws each as a short level
    dash, the way intonation is usually stylised. A bin is never shorter than a frame.
    """
    per_bin = max(1, int(round(seconds_per_point / step_s))) if step_s > 0 else 1
    out: list[tuple[float, float, float]] = []
    for i in range(0, len(pitch_st), per_bin):
        n = min(per_bin, len(pitch_st) - i)
        voiced = sorted(v for v in pitch_st[i : i + n] if v is not None and not math.isnan(v))
        if len(voiced) >= min(2, n) and 4 * len(voiced) >= n:
            mid = len(voiced) // 2
            value = voiced[mid] if len(voiced) % 2 else (voiced[mid - 1] + voiced[mid]) / 2
            out.append((i * step_s, (i + n) * step_s, float(value)))
    return out
