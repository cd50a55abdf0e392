"""Coaching reports: the data a coach sees, and how it is written to disk.

A report is built from stored takes only (transcript + score). It never needs the
audio, so a take whose recording has gone missing still gets a full report with a
visible notice. Building (``build_take_report``/``build_progress_report``) is pure
aggregation; rendering turns that data into HTML, Markdown, CSV or JSON. PDF is
drawn by ``pitchcoach.ui.pdf`` from ``render_pdf_html`` because it needs Qt,
which the core never imports.

Every write goes through ``atomic_write_bytes``: a temporary file in the target
folder, fsync, then ``os.replace``, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import logging
import math
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from pitchcoach import APP_NAME, __version__
from pitchcoach.core.scoring.result import (
    CLARITY,
    LISTENER_FOCUS,
    RULE_LABELS,
    STRUCTURE_PARTS,
    SUBSCORE_LABELS,
    Deduction,
    ScoreResult,
)
from pitchcoach.core.transcript import Transcript

log = logging.getLogger(__name__)

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
)

CATEGORY_LABELS = {CLARITY: "Clarity", LISTENER_FOCUS: "Listener focus"}
STRUCTURE_LABELS = {
    "name": "Your name",
    "what_you_do": "What you do",
    "who_it_helps": "Who it helps",
    "proof": "Proof",
    "question": "A question",
    "offer_help": "Offer of help",
}
HIGHLIGHT_LABELS = {
    "filler": "Filler",
    "hedge": "Hedge",
    "jargon": "Jargon",
    "self_word": "I / me / we",
    "you_word": "You / your",
    "question": "Question",
    "over_time": "Past the target time",
}
# Which colour wins when highlights overlap: the things to fix come first.
HIGHLIGHT_PRIORITY = ("filler", "jargon", "hedge", "question", "you_word", "self_word", "over_time")

BAND_COLOURS = {"Great": "#15803d", "Good": "#0f766e", "Needs work": "#b45309", "Rework": "#b91c1c"}
NO_BAND_COLOUR = "#52606d"
SERIES_COLOURS = {"overall": "#0f766e", "clarity": "#4f46e5", "listener_focus": "#d97706"}


class ReportError(Exception):
    """A user-facing problem writing or building a report; ``message`` names it and the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TakeLike(Protocol):
    """What a report reads from a stored take (``pitchcoach.core.storage.Take``)."""

    id: int
    created_at: datetime
    audio_path: Any
    audio_seconds: float
    speech_seconds: float
    target_seconds: float
    transcript: Transcript
    result: ScoreResult
    model: str
    app_version: str
    title: str
    tags: Any
    note: str


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Span:
    """A run of transcript words that share the same highlight kinds."""

    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def primary(self) -> str | None:
        for kind in HIGHLIGHT_PRIORITY:
            if kind in self.kinds:
                return kind
        return self.kinds[0] if self.kinds else None

    @property
    def css_class(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)

    @property
    def tooltip(self) -> str:
        parts = [HIGHLIGHT_LABELS.get(k, k) for k in self.kinds]
        parts += [lab for lab in self.labels if lab]
        return " · ".join(dict.fromkeys(parts))


@dataclass(frozen=True)
class TimingBar:
    speech_seconds: float
    audio_seconds: float
    target_seconds: float

    @property
    def low_seconds(self) -> float:
        # The rubric's comfortable window is 15–30 s around a 20 s target.
        return self.target_seconds * 0.75

    @property
    def high_seconds(self) -> float:
        return self.target_seconds * 1.5

    @property
    def scale_seconds(self) -> float:
        top = max(self.high_seconds * 1.15, self.speech_seconds * 1.08, self.target_seconds * 1.5)
        step = 5.0 if top <= 60 else 10.0
        return step * -(-top // step)

    @property
    def status(self) -> str:
        if self.speech_seconds < self.low_seconds:
            return "short"
        if self.speech_seconds > self.high_seconds:
            return "long"
        return "ok"

    @property
    def verdict(self) -> str:
        diff = self.speech_seconds - self.target_seconds
        target = f"the {fmt_seconds(self.target_seconds)} target"
        if abs(diff) < 0.5:
            where = f"right on {target}"
        elif diff < 0:
            where = f"{fmt_seconds(-diff)} under {target}"
        else:
            where = f"{fmt_seconds(diff)} over {target}"
        return f"You spoke for {fmt_seconds(self.speech_seconds)}, {where}."

    @property
    def colour(self) -> str:
        return {"ok": "#0f766e", "short": "#d97706", "long": "#b91c1c"}[self.status]


@dataclass(frozen=True)
class DeductionView:
    rule: str
    label: str
    category: str
    points: float
    message: str
    tip: str
    evidence: tuple[str, ...] = ()

    @property
    def evidence_shown(self) -> tuple[str, ...]:
        """The first few quotes: fifteen fillers in a row would drown the tip."""
        return self.evidence[:6]

    @property
    def evidence_more(self) -> int:
        return max(0, len(self.evidence) - 6)

    @property
    def points_text(self) -> str:
        return "−" + fmt_points(self.points)


@dataclass(frozen=True)
class StructureItem:
    part: str
    label: str
    present: bool


@dataclass(frozen=True)
class SubScoreView:
    label: str
    category: str
    score: float
    weight: float
    skipped: bool


@dataclass(frozen=True)
class TakeRow:
    """One take as a line in a table, a CSV row, or a point on the trend chart."""

    id: int
    created_at: datetime
    title: str
    audio_seconds: float
    speech_seconds: float
    target_seconds: float
    overall: int | None
    clarity: int | None
    listener_focus: int | None
    band: str | None
    wpm: float | None
    filler_count: int | None
    top_issue: str
    top_issue_rule: str | None
    transcript: str
    note: str
    gate_message: str | None
    audio_missing: bool

    @property
    def when(self) -> str:
        return fmt_datetime(self.created_at)

    @property
    def display_title(self) -> str:
        return self.title or f"Take {self.id}"

    @property
    def band_colour(self) -> str:
        return BAND_COLOURS.get(self.band or "", NO_BAND_COLOUR)

    def csv_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            "title": self.title,
            "audio_seconds": f"{self.audio_seconds:.2f}",
            "speech_seconds": f"{self.speech_seconds:.2f}",
            "target_seconds": f"{self.target_seconds:g}",
            "overall": "" if self.overall is None else self.overall,
            "clarity": "" if self.clarity is None else self.clarity,
            "listener_focus": "" if self.listener_focus is None else self.listener_focus,
            "band": self.band or "",
            "wpm": "" if self.wpm is None else f"{self.wpm:.0f}",
            "filler_count": "" if self.filler_count is None else self.filler_count,
            "top_issue": self.top_issue,
            "transcript": self.transcript,
            "note": self.note,
        }


@dataclass
class TakeReport:
    kind = "take"
    generated_at: datetime
    row: TakeRow
    model: str
    app_version: str
    tags: list[str]
    timing: TimingBar
    spans: list[Span]
    highlight_kinds: list[str]
    deductions: list[DeductionView]
    positives: list[str]
    notes: list[str]
    notices: list[str]
    structure: list[StructureItem]
    subscores: list[SubScoreView]
    data: dict[str, Any]

    def full_data(self) -> dict[str, Any]:
        return self.data

    @property
    def fix_first(self) -> list[DeductionView]:
        return self.deductions[:3]

    def subscores_in(self, category: str) -> list[SubScoreView]:
        return [s for s in self.subscores if s.category == category]

    @property
    def marked_labels(self) -> list[str]:
        """Kinds shown in bold in plain-text formats; pronouns and overtime are too frequent to bold."""
        quiet = ("self_word", "you_word", "over_time")
        return [HIGHLIGHT_LABELS[k] for k in self.highlight_kinds if k not in quiet and k in HIGHLIGHT_LABELS]

    @property
    def more_detail(self) -> list[DeductionView]:
        return self.deductions[3:]

    @property
    def title(self) -> str:
        return f"Take {self.row.id}" + (f": {self.row.title}" if self.row.title else "")

    @property
    def subtitle(self) -> str:
        return f"Recorded {self.row.when}"

    @property
    def rows(self) -> list[TakeRow]:
        return [self.row]


@dataclass(frozen=True)
class TrendPoint:
    take_id: int
    created_at: datetime
    overall: float
    clarity: float
    listener_focus: float


@dataclass(frozen=True)
class IssueStat:
    rule: str
    label: str
    takes: int  # how many takes lost points to this rule
    share: float  # of scored takes
    total_points: float
    tip: str
    example: str

    @property
    def average_points(self) -> float:
        return self.total_points / self.takes if self.takes else 0.0


@dataclass
class ProgressReport:
    kind = "progress"
    generated_at: datetime
    start: date | None
    end: date | None
    rows: list[TakeRow]
    trend: list[TrendPoint]
    best: TakeRow | None
    issues: list[IssueStat]
    practise_next: list[IssueStat]
    data: dict[str, Any]
    notices: list[str] = field(default_factory=list)
    # The takes themselves, for the JSON export; serialised only when asked for,
    # since every other format needs just the rows.
    source: list[Any] = field(default_factory=list, repr=False)

    def full_data(self) -> dict[str, Any]:
        return {
            **self.data,
            "takes": [take_data(t, r.audio_missing) for t, r in zip(self.source, self.rows, strict=True)],
        }

    @property
    def scored_rows(self) -> list[TakeRow]:
        return [r for r in self.rows if r.overall is not None]

    @property
    def average_overall(self) -> float | None:
        scored = self.scored_rows
        return sum(r.overall or 0 for r in scored) / len(scored) if scored else None

    @property
    def change(self) -> float | None:
        """Average of the last three scored takes minus the first three: robust to one lucky take."""
        scored = self.scored_rows
        if len(scored) < 2:
            return None
        n = min(3, len(scored) // 2)
        first = sum(r.overall or 0 for r in scored[:n]) / n
        last = sum(r.overall or 0 for r in scored[-n:]) / n
        return last - first

    @property
    def practice_seconds(self) -> float:
        return sum(r.speech_seconds for r in self.rows)

    @property
    def period_text(self) -> str:
        if self.start and self.end:
            return f"{fmt_date(self.start)} – {fmt_date(self.end)}"
        if self.rows:
            return f"{fmt_date(self.rows[0].created_at)} – {fmt_date(self.rows[-1].created_at)}"
        return "No takes"

    @property
    def title(self) -> str:
        return "Progress report"

    @property
    def subtitle(self) -> str:
        return self.period_text


Report = TakeReport | ProgressReport


# --------------------------------------------------------------------------- formatting helpers


def fmt_seconds(s: float) -> str:
    # One decimal where it matters (21.2 s against a 20 s target), none for round numbers or long spans.
    text = f"{s:.1f}".rstrip("0").rstrip(".") if s < 60 else f"{s:.0f}"
    return f"{text} s"


def fmt_points(p: float) -> str:
    return f"{p:.0f}" if abs(p - round(p)) < 0.05 else f"{p:.1f}"


def fmt_datetime(dt: datetime) -> str:
    local = dt.astimezone() if dt.tzinfo else dt
    return f"{local.day} {local:%b %Y, %H:%M}"


def fmt_date(d: date | datetime) -> str:
    if isinstance(d, datetime):
        d = d.astimezone().date() if d.tzinfo else d.date()
    return f"{d.day} {d:%b %Y}"


def _signed(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{'+' if x > 0 else '−' if x < 0 else '±'}{abs(x):.0f}"


# --------------------------------------------------------------------------- building


def _resolve_audio(audio_path: Any, recordings_dir: Path | None) -> Path | None:
    if not audio_path:
        return None
    p = Path(audio_path)
    if not p.is_absolute() and recordings_dir is not None:
        p = recordings_dir / p
    return p


def _audio_missing(take: TakeLike, recordings_dir: Path | None) -> bool:
    # No path means no audio was ever kept (a typed script): nothing is missing.
    p = _resolve_audio(getattr(take, "audio_path", None), recordings_dir)
    return p is not None and not p.is_file()


def _wpm(take: TakeLike) -> float | None:
    m = take.result.metrics
    if isinstance(m.get("wpm"), int | float):
        return float(m["wpm"])
    speech = take.transcript.speech_seconds
    if not take.transcript.words or speech <= 0:
        return None
    return 60.0 * len(take.transcript.words) / speech


def _filler_count(take: TakeLike) -> int | None:
    m = take.result.metrics
    for key in ("filler_count", "fillers"):
        if isinstance(m.get(key), int | float):
            return int(m[key])
    if not take.result.scored:
        return None
    return sum(h.last_word - h.first_word + 1 for h in take.result.highlights if h.kind == "filler")


def take_row(take: TakeLike, recordings_dir: Path | None = None) -> TakeRow:
    r = take.result
    top = r.deductions[0] if r.deductions else None
    return TakeRow(
        id=int(take.id),
        created_at=take.created_at,
        title=take.title or "",
        audio_seconds=float(take.audio_seconds),
        speech_seconds=float(take.speech_seconds),
        target_seconds=float(take.target_seconds),
        overall=r.overall,
        clarity=r.clarity,
        listener_focus=r.listener_focus,
        band=r.band,
        wpm=_wpm(take),
        filler_count=_filler_count(take),
        top_issue=RULE_LABELS.get(top.rule, top.rule) if top else "",
        top_issue_rule=top.rule if top else None,
        transcript=take.transcript.text,
        note=take.note or "",
        gate_message=r.gate.message if r.gate else None,
        audio_missing=_audio_missing(take, recordings_dir),
    )


def highlighted_spans(transcript: Transcript, result: ScoreResult) -> list[Span]:
    """Split the transcript into runs of words sharing the same highlight kinds."""
    words = transcript.words
    if not words:
        return [Span(transcript.text)] if transcript.text else []
    kinds: list[list[str]] = [[] for _ in words]
    labels: list[list[str]] = [[] for _ in words]
    for h in result.highlights:
        lo, hi = max(0, h.first_word), min(len(words) - 1, h.last_word)
        for i in range(lo, hi + 1):
            if h.kind not in kinds[i]:
                kinds[i].append(h.kind)
            if h.label and h.label not in labels[i]:
                labels[i].append(h.label)
    spans: list[Span] = []
    buf: list[str] = []
    cur: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    for w, k, lab in zip(words, kinds, labels, strict=True):
        key = (tuple(sorted(k, key=_kind_order)), tuple(lab))
        if cur is not None and key != cur:
            spans.append(Span(" ".join(buf), *cur))
            buf = []
        cur = key
        buf.append(w.text)
    if buf and cur is not None:
        spans.append(Span(" ".join(buf), *cur))
    return spans


def _kind_order(kind: str) -> int:
    return HIGHLIGHT_PRIORITY.index(kind) if kind in HIGHLIGHT_PRIORITY else len(HIGHLIGHT_PRIORITY)


def _deduction_view(d: Deduction) -> DeductionView:
    return DeductionView(
        rule=d.rule,
        label=RULE_LABELS.get(d.rule, d.rule.replace("_", " ").capitalize()),
        category=CATEGORY_LABELS.get(d.category, d.category),
        points=d.points,
        message=d.message,
        tip=d.tip,
        evidence=tuple(e.text for e in d.evidence if e.text),
    )


def take_data(take: TakeLike, audio_missing: bool) -> dict[str, Any]:
    """The full JSON record of a take: everything stored, so nothing is lost on export."""
    tags = take.tags
    if isinstance(tags, str):
        tags = [t for t in (x.strip() for x in tags.split(",")) if t]
    return {
        "id": int(take.id),
        "created_at": take.created_at.astimezone(UTC).isoformat(),
        "title": take.title or "",
        "tags": list(tags or []),
        "note": take.note or "",
        "audio_path": None if take.audio_path is None else str(take.audio_path),
        "audio_missing": audio_missing,
        "audio_seconds": take.audio_seconds,
        "speech_seconds": take.speech_seconds,
        "target_seconds": take.target_seconds,
        "model": take.model,
        "app_version": take.app_version,
        "transcript_text": take.transcript.text,
        "transcript": take.transcript.to_dict(),
        "result": take.result.to_dict(),
    }


def build_take_report(
    take: TakeLike, *, recordings_dir: Path | None = None, generated_at: datetime | None = None
) -> TakeReport:
    generated_at = generated_at or datetime.now(UTC)
    row = take_row(take, recordings_dir)
    r = take.result
    notices = []
    if row.audio_missing:
        notices.append(
            "Audio file missing: this report is built from the stored transcript and scores, "
            "so everything below is complete, but the recording itself can no longer be played."
        )
    present = {k: bool(v) for k, v in r.structure.items()}
    # A gated take was never analysed for structure: an all-empty strip would wrongly say "missing".
    structure = (
        [StructureItem(p, STRUCTURE_LABELS[p], present.get(p, False)) for p in STRUCTURE_PARTS] if present else []
    )
    spans = highlighted_spans(take.transcript, r)
    kinds_present = sorted({k for s in spans for k in s.kinds}, key=_kind_order)
    tags = take.tags
    if isinstance(tags, str):
        tags = [t for t in (x.strip() for x in tags.split(",")) if t]
    report = TakeReport(
        generated_at=generated_at,
        row=row,
        model=take.model,
        app_version=take.app_version or "",
        tags=list(tags or []),
        timing=TimingBar(float(take.speech_seconds), float(take.audio_seconds), float(take.target_seconds)),
        spans=spans,
        highlight_kinds=kinds_present,
        deductions=[_deduction_view(d) for d in r.deductions],
        positives=list(r.positives),
        notes=list(r.notes),
        notices=notices,
        structure=structure,
        subscores=[
            SubScoreView(
                label=SUBSCORE_LABELS.get(s.rule, s.rule),
                category=CATEGORY_LABELS.get(s.category, s.category),
                score=s.score,
                weight=s.weight,
                skipped=s.skipped,
            )
            for s in r.subscores
        ],
        data={},
    )
    report.data = {
        "report": "take",
        "app": APP_NAME,
        "app_version": __version__,
        "generated_at": generated_at.astimezone(UTC).isoformat(),
        "take": take_data(take, row.audio_missing),
    }
    return report


def build_progress_report(
    takes: Iterable[TakeLike],
    *,
    start: date | None = None,
    end: date | None = None,
    recordings_dir: Path | None = None,
    generated_at: datetime | None = None,
    practise_count: int = 3,
) -> ProgressReport:
    """Aggregate takes (any order) into trend, table, best take and the issues that cost most."""
    generated_at = generated_at or datetime.now(UTC)
    ordered = sorted(takes, key=lambda t: (t.created_at, t.id))
    rows = [take_row(t, recordings_dir) for t in ordered]
    trend = [
        TrendPoint(t.id, t.created_at, t.result.overall, t.result.clarity or 0, t.result.listener_focus or 0)
        for t in ordered
        if t.result.scored and t.result.overall is not None
    ]
    scored = [r for r in rows if r.overall is not None]
    # Ties go to the most recent take: that is the one the speaker can still reproduce.
    best = max(scored, key=lambda r: (r.overall or 0, r.created_at)) if scored else None

    counts: Counter[str] = Counter()
    points: defaultdict[str, float] = defaultdict(float)
    tips: dict[str, Counter[str]] = defaultdict(Counter)
    latest_message: dict[str, str] = {}
    for t in ordered:
        if not t.result.scored:
            continue
        for d in t.result.deductions:
            if d.points <= 0:
                continue
            counts[d.rule] += 1
            points[d.rule] += d.points
            tips[d.rule][d.tip] += 1
            latest_message[d.rule] = d.message
    n_scored = max(1, len(scored))
    issues = [
        IssueStat(
            rule=rule,
            label=RULE_LABELS.get(rule, rule),
            takes=n,
            share=n / n_scored,
            total_points=points[rule],
            tip=tips[rule].most_common(1)[0][0],
            example=latest_message[rule],
        )
        for rule, n in counts.items()
    ]
    issues.sort(key=lambda i: (-i.takes, -i.total_points, i.label))
    # "Practise next" weighs how often a rule fires by what it costs: a rare but
    # expensive miss (no question at all) outranks a frequent one-point nit.
    practise_next = sorted(issues, key=lambda i: (-i.total_points, -i.takes, i.label))[:practise_count]

    missing = sum(r.audio_missing for r in rows)
    notices = []
    if missing:
        notices.append(
            f"Audio file missing for {missing} of {len(rows)} take{'s' if len(rows) != 1 else ''}: "
            "the report uses their stored transcripts and scores."
        )
    report = ProgressReport(
        generated_at=generated_at,
        start=start,
        end=end,
        rows=rows,
        trend=trend,
        best=best,
        issues=issues,
        practise_next=practise_next,
        data={},
        notices=notices,
    )
    report.data = {
        "report": "progress",
        "app": APP_NAME,
        "app_version": __version__,
        "generated_at": generated_at.astimezone(UTC).isoformat(),
        "period": {
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
        },
        "summary": {
            "takes": len(rows),
            "scored_takes": len(scored),
            "average_overall": None if report.average_overall is None else round(report.average_overall, 1),
            "change_first_to_last": None if report.change is None else round(report.change, 1),
            "practice_seconds": round(report.practice_seconds, 1),
            "best_take_id": best.id if best else None,
            "audio_missing": missing,
        },
        "frequent_issues": [
            {
                "rule": i.rule,
                "label": i.label,
                "takes": i.takes,
                "share": round(i.share, 3),
                "total_points": round(i.total_points, 2),
                "tip": i.tip,
            }
            for i in issues
        ],
        "practise_next": [{"rule": i.rule, "label": i.label, "tip": i.tip} for i in practise_next],
    }
    report.source = ordered
    return report


# --------------------------------------------------------------------------- charts (inline SVG)

_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _txt(
    x: float, y: float, s: str, size: float = 11, fill: str = "#52606d", anchor: str = "start", weight: str = "normal"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{_FONT}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{xml_escape(s)}</text>'
    )


def timing_bar_svg(t: TimingBar, width: int = 640, height: int = 78) -> str:
    pad_l, pad_r = 8.0, 14.0
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
    parts.append(_txt(tx, top - 10, f"Target {fmt_seconds(t.target_seconds)}", 11, "#1f2933", "middle", "bold"))
    step = 5 if scale <= 60 else 10
    s = 0
    while s <= scale + 1e-6:
        parts.append(
            f'<line x1="{x(s):.1f}" y1="{top + bar_h}" x2="{x(s):.1f}" y2="{top + bar_h + 4}" '
            'stroke="#9aa5b1" stroke-width="1"/>'
        )
        parts.append(_txt(x(s), top + bar_h + 16, f"{s} s", 10, "#7b8794", "middle"))
        s += step
    lo, hi = x(t.low_seconds), x(t.high_seconds)
    parts.append(_txt((lo + hi) / 2, height - 2, "comfortable range", 9.5, "#3d7d70", "middle"))
    parts.append("</svg>")
    return "".join(parts)


TREND_MAX_POINTS = 120


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


def trend_chart_svg(points: Sequence[TrendPoint], width: int = 680, height: int = 250) -> str:
    points, per_point = smooth_trend(points)
    left, right, top, bottom = 34.0, 12.0, 30.0, 30.0
    pw, ph = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Score trend">',
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
        parts.append(_txt(left + pw / 2, top + ph / 2, "No scored takes in this period", 12, "#7b8794", "middle"))
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
    # Up to six date labels, evenly picked, so 1,000 takes stay legible.
    label_idx = sorted({round(i * (n - 1) / 5) for i in range(6)}) if n > 1 else [0]
    for i in label_idx:
        anchor = "start" if n > 1 and i == 0 else "end" if n > 1 and i == n - 1 else "middle"
        parts.append(_txt(x(i), height - 10, fmt_date(points[i].created_at), 9.5, "#7b8794", anchor))
    if per_point > 1:
        parts.append(_txt(left, 18, f"Each point: average of {per_point} consecutive takes", 9.5, "#7b8794"))
    lx = left + pw
    for key, name in (("listener_focus", "Listener focus"), ("clarity", "Clarity"), ("overall", "Overall")):
        w = 7.0 * len(name) + 22
        lx -= w
        parts.append(
            f'<line x1="{lx:.1f}" y1="14" x2="{lx + 14:.1f}" y2="14" stroke="{SERIES_COLOURS[key]}" '
            f'stroke-width="{2.6 if key == "overall" else 1.6}"/>'
        )
        parts.append(_txt(lx + 18, 18, name, 10.5, "#3e4c59"))
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


# --------------------------------------------------------------------------- rendering

_html_env: jinja2.Environment | None = None
_text_env: jinja2.Environment | None = None


def _md_escape(value: Any) -> str:
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
        "signed": _signed,
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
        return {
            "timing": timing_bar_svg(report.timing),
            "ring_overall": score_ring_svg(report.row.overall, band_colour, 84),
            "ring_clarity": score_ring_svg(report.row.clarity, SERIES_COLOURS["clarity"]),
            "ring_listener": score_ring_svg(report.row.listener_focus, SERIES_COLOURS["listener_focus"]),
        }
    return {"trend": trend_chart_svg(report.trend)}


def render_html(report: Report) -> str:
    """A self-contained page: inline CSS, inline SVG charts, user text escaped by autoescape."""
    charts = {k: Markup(v) for k, v in _charts(report).items()}
    return _env(True).get_template(f"{report.kind}.html.j2").render(r=report, charts=charts)


def render_pdf_html(report: Report) -> tuple[str, dict[str, str]]:
    """The QTextDocument variant: tables instead of flex, charts as named images.

    Returns the HTML and a mapping of image name (used in ``<img src>``) to SVG
    source; the PDF writer rasterises each SVG and registers it as a resource.
    """
    charts = _charts(report)
    names = {k: f"chart-{k}.png" for k in charts}
    html = _env(True).get_template(f"{report.kind}_pdf.html.j2").render(r=report, img=names)
    return html, {names[k]: v for k, v in charts.items()}


def render_markdown(report: Report) -> str:
    return _env(False).get_template(f"{report.kind}.md.j2").render(r=report)


def render_csv(report: Report) -> str:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in report.rows:
        writer.writerow(row.csv_row())
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
            raise ReportError("PDF export needs the desktop libraries; choose HTML, Markdown, CSV or JSON instead.")
        return pdf_renderer(report)
    raise ReportError(f"Unknown report format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")


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
    if isinstance(report, TakeReport):
        return f"{APP_NAME} take {report.row.id} – {report.row.created_at.astimezone():%Y-%m-%d}{suffix}"
    if report.start and report.end:
        return f"{APP_NAME} progress {report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}{suffix}"
    return f"{APP_NAME} progress – {report.generated_at.astimezone():%Y-%m-%d}{suffix}"


def export_report(
    report: Report, fmt: str, path: Path | str, pdf_renderer: Callable[[Report], bytes] | None = None
) -> Path:
    """Render and write atomically. Raises ReportError with a message fit for the user."""
    if fmt not in FORMATS:
        raise ReportError(f"Unknown report format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")
    data = render_bytes(report, fmt, pdf_renderer)
    return atomic_write_bytes(Path(path), data)


# --------------------------------------------------------------------------- writing


def _write_error_message(err: OSError, path: Path) -> str:
    folder = path.parent
    if err.errno == errno.ENOSPC or err.errno == getattr(errno, "EDQUOT", -1):
        return (
            f"The disk is full: there was no room to save “{path.name}” in {folder}. "
            "Free some space or choose a folder on another drive. Nothing was written."
        )
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        # On Windows a file open in a PDF viewer also refuses to be replaced, with the same error.
        return (
            f"PitchCoach isn't allowed to write to {folder}. Choose a folder you own, such as your "
            f"Documents folder, and if “{path.name}” is open in another program, close it first."
        )
    if err.errno == errno.ENOENT:
        return f"The folder {folder} doesn't exist. Choose an existing folder or create it first."
    if err.errno == errno.ENOTDIR:
        return f"{folder} is not a folder. Choose a folder to save the report in."
    if err.errno == errno.EISDIR:
        return f"{path} is a folder. Choose a file name for the report, e.g. “report.pdf”."
    if err.errno == errno.ENAMETOOLONG:
        return f"The file name “{path.name}” is too long. Choose a shorter name."
    return f"Couldn't save the report to {path}: {err.strerror or err}. Choose another folder and try again."


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that the file is either complete or untouched.

    The temporary file lives in the target folder because ``os.replace`` is only
    atomic within one filesystem.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ReportError(_write_error_message(OSError(errno.EISDIR, "Is a directory"), path))
    folder = path.parent
    if not folder.exists():
        raise ReportError(_write_error_message(OSError(errno.ENOENT, "No such folder"), path))
    if not folder.is_dir():
        raise ReportError(_write_error_message(OSError(errno.ENOTDIR, "Not a directory"), path))
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(folder)
    except OSError as err:
        log.exception("Writing report to %s failed", path)
        raise ReportError(_write_error_message(err, path)) from err
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                log.warning("Could not remove temporary file %s", tmp)
    return path


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# mkstemp creates 0600; reports are meant to be shared, so honour the user's umask
# instead. Read once at import: os.umask is process-wide and racy to toggle later.
_UMASK = _read_umask()


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders, which is fine.
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
