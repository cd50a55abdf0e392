"""The report view model: what a coach sees, as plain data the renderers lay out.

A report is built from stored takes only (transcript + score). It never needs the
audio, so a take whose recording has gone missing still gets a full report with a
visible notice. The dataclasses here hold no rendering: ``build`` fills them and
``render``/``charts`` turn them into files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from pitchcoach.core import progress
from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.language import SUPPORTED_LANGUAGES, get_profile
from pitchcoach.core.messages import CHINESE, ENGLISH, get_catalog
from pitchcoach.core.report.drills import DrillStat, GoalView
from pitchcoach.core.scoring import timing
from pitchcoach.core.scoring.result import (
    CLARITY,
    HIGHLIGHT_LABELS,
    HIGHLIGHT_PRIORITY,
    LISTENER_FOCUS,
    TIMING,
    ScoreResult,
)
from pitchcoach.core.scoring.result import fmt_points as result_fmt_points
from pitchcoach.core.settings import language_name as _language_name
from pitchcoach.core.transcript import Transcript

CATEGORY_LABELS = {CLARITY: "Clarity", LISTENER_FOCUS: "Listener focus", TIMING: "Timing"}

BAND_COLOURS = {"Great": "#15803d", "Good": "#0f766e", "Needs work": "#b45309", "Rework": "#b91c1c"}
NO_BAND_COLOUR = "#52606d"
SERIES_COLOURS = {"overall": "#0f766e", "clarity": "#4f46e5", "listener_focus": "#d97706", "timing": "#0369a1"}


class ReportError(UserFacingError):
    """A user-facing problem writing or building a report; ``message`` names it and the fix."""


# How each pace unit is written in a report (the unit key is the metrics key: "wpm" or "cpm").
PACE_LABELS = {p.pace_unit: p.pace_label for p in map(get_profile, SUPPORTED_LANGUAGES)}


def take_language(take: TakeLike) -> str:
    """The stored language of a take ("en" for one stored before languages were), else its transcript's."""
    code = getattr(take, "language", None) or take.transcript.language or "en"
    return str(code).strip().lower() or "en"


class TakeLike(Protocol):
    """What a report reads from a stored take (``pitchcoach.core.storage.Take``).

    Read-only properties, so that any object with these fields fits, including ones whose
    field types are narrower (a Take's ``audio_path`` is ``Path | None``).
    """

    @property
    def id(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def audio_path(self) -> Path | str | None: ...
    @property
    def audio_seconds(self) -> float: ...
    @property
    def speech_seconds(self) -> float: ...
    @property
    def target_seconds(self) -> float: ...
    @property
    def transcript(self) -> Transcript: ...
    @property
    def result(self) -> ScoreResult: ...
    @property
    def model(self) -> str: ...
    @property
    def app_version(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def tags(self) -> Sequence[str] | str: ...  # a comma-separated string from older callers
    @property
    def note(self) -> str: ...


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Span:
    """A run of transcript words that share the same highlight kinds."""

    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    # What separates it from the next span: a space, or nothing inside Chinese text.
    gap_after: str = " "

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
    score: int | None = None  # the timing verdict (scores.timing); None for takes scored before it
    label: str = ""  # "On target", "Not an elevator pitch yet"...
    ui_language: str = ENGLISH  # the language the verdict is written in

    @property
    def low_seconds(self) -> float:
        return timing.length_window(self.target_seconds)[0]

    @property
    def high_seconds(self) -> float:
        return timing.length_window(self.target_seconds)[1]

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
        # Said against the on-target range (timing.length_window), the one the score and the app's timer
        # use: "6 s over the 20 s target" beside "Timing 100: on target" read as a contradiction.
        lo, hi = self.low_seconds, self.high_seconds
        lang = self.ui_language
        t = get_catalog(lang).text
        rng = t("report.verdict.range", lo=f"{lo:.0f}", hi=f"{hi:.0f}", target=fmt_seconds(self.target_seconds, lang))
        if self.speech_seconds < lo:
            where = t("report.verdict.short", by=fmt_seconds(lo - self.speech_seconds, lang), range=rng)
        elif self.speech_seconds > hi:
            where = t("report.verdict.long", by=fmt_seconds(self.speech_seconds - hi, lang), range=rng)
        else:
            where = t("report.verdict.inside", range=rng)
        said = t("report.verdict.said", spoke=fmt_seconds(self.speech_seconds, lang), where=where)
        if self.score is None:
            return said
        if not self.label:
            return t("report.verdict.score", said=said, score=self.score)
        return t("report.verdict.score_label", said=said, score=self.score, label=self.label_text.lower())

    @property
    def label_text(self) -> str:
        """The timing verdict's label ("On target") in the report's language."""
        return timing_label_text(self.label, self.ui_language)

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
    rule: str = ""


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
    timing: int | None = None  # None for takes scored before timing was a verdict
    # "scored", "gated" (kept without a score, and without a transcript) or "damaged" (its stored
    # result cannot be read): the words `analyze --json` and `history --json` use.
    status: str = "scored"
    # The language the take was spoken in ("en", "zh"), and its pace in that language's unit: words
    # per minute ("wpm", also in ``wpm``) or characters per minute ("cpm", 字/分钟) for Mandarin.
    language: str = "en"
    pace: float | None = None
    pace_unit: str = "wpm"

    @property
    def language_name(self) -> str:
        return _language_name(self.language)

    @property
    def pace_label(self) -> str:
        return PACE_LABELS.get(self.pace_unit, self.pace_unit)

    @property
    def when(self) -> str:
        return fmt_datetime(self.created_at)

    @property
    def display_title(self) -> str:
        return self.title or f"Take {self.id}"

    @property
    def band_colour(self) -> str:
        return BAND_COLOURS.get(self.band or "", NO_BAND_COLOUR)

    def csv_row(self) -> dict[str, str | int]:
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
            "timing": "" if self.timing is None else self.timing,
            "status": self.status,
            "language": self.language,
            "pace": "" if self.pace is None else f"{self.pace:.0f}",
            "pace_unit": self.pace_unit if self.pace is not None else "",
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
    # The voice picture (SVG) and its figures in words; empty for takes without voice analysis.
    voice_svg: str = ""
    voice_summary: str = ""
    # The take held against the written pitch (core/rehearsal.py, its to_dict()); None when not rehearsed.
    rehearsal: dict[str, Any] | None = None
    # The interface language the report is written in ("en" | "zh_CN"); the data stays the same.
    ui_language: str = ENGLISH

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
        t = get_catalog(self.ui_language).text
        if self.row.title:
            return t("report.take_title_named", id=self.row.id, title=self.row.title)
        return t("report.take_title", id=self.row.id)

    @property
    def subtitle(self) -> str:
        lang = self.ui_language
        when = fmt_datetime(self.row.created_at, lang)
        return get_catalog(lang).text(
            "report.take_subtitle", when=when, language=language_text(self.row.language, lang)
        )

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

    @classmethod
    def from_tally(cls, tally: progress.IssueTally, scored_takes: int) -> IssueStat:
        return cls(
            rule=tally.rule,
            label=tally.label,
            takes=tally.takes,
            share=tally.takes / max(1, scored_takes),
            total_points=tally.points_lost,
            tip=tally.tip,
            example=tally.example,
        )


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
    source: list[TakeLike] = field(default_factory=list, repr=False)
    # The app's data folder: audio paths in the JSON export are written relative to it.
    data_folder: Path | None = field(default=None, repr=False)
    # Drills and goals (issue 27): each drilled skill, and the weekly goal and streak at the report's date.
    drills: list[DrillStat] = field(default_factory=list)
    goals: GoalView | None = None
    # Rehearsals against the written pitch (issue 26): their coverage, oldest first, and the last from memory.
    rehearsals: list[int] = field(default_factory=list)
    memory_seconds: float | None = None
    ui_language: str = ENGLISH

    @property
    def rehearsal_text(self) -> str:
        """The coverage of the last 10 rehearsals, oldest first: "50% → 75% → 100%"."""
        return " → ".join(f"{c}%" for c in self.rehearsals[-10:])

    def full_data(self) -> dict[str, Any]:
        return {
            **self.data,
            "takes": [
                take_data(t, r.audio_missing, self.data_folder) for t, r in zip(self.source, self.rows, strict=True)
            ],
        }

    @property
    def scored_rows(self) -> list[TakeRow]:
        return [r for r in self.rows if r.overall is not None]

    @property
    def average_overall(self) -> float | None:
        return progress.mean([r.overall for r in self.scored_rows if r.overall is not None])

    @property
    def change(self) -> float | None:
        """Average of the last three scored takes minus the first three: robust to one lucky take."""
        return progress.change_first_to_last([r.overall for r in self.scored_rows if r.overall is not None])

    @property
    def practice_seconds(self) -> float:
        return sum(r.speech_seconds for r in self.rows)

    @property
    def period_text(self) -> str:
        lang = self.ui_language
        if self.start and self.end:
            return f"{fmt_date(self.start, lang)} – {fmt_date(self.end, lang)}"
        if self.rows:
            return f"{fmt_date(self.rows[0].created_at, lang)} – {fmt_date(self.rows[-1].created_at, lang)}"
        return get_catalog(lang).text("report.no_takes_period")

    @property
    def title(self) -> str:
        return get_catalog(self.ui_language).text("report.progress_report")

    @property
    def subtitle(self) -> str:
        return self.period_text


Report = TakeReport | ProgressReport


# --------------------------------------------------------------------------- formatting helpers


def fmt_seconds(s: float, lang: str = ENGLISH) -> str:
    # One decimal where it matters (21.2 s against a 20 s target), none for round numbers or long spans.
    text = f"{s:.1f}".rstrip("0").rstrip(".") if s < 60 else f"{s:.0f}"
    return f"{text} 秒" if lang == CHINESE else f"{text} s"


def fmt_points(p: float) -> str:
    """Points as the app shows them: the one rounding in scoring/result.py (the PDF said "3.9"
    where the results page said "4")."""
    return result_fmt_points(p)


def fmt_datetime(dt: datetime, lang: str = ENGLISH) -> str:
    local = dt.astimezone() if dt.tzinfo else dt
    if lang == CHINESE:
        # Written out, not through %b: the C library's month names follow the process locale, not the report's.
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{local.day} {local:%b %Y, %H:%M}"


def fmt_date(d: date | datetime, lang: str = ENGLISH) -> str:
    if isinstance(d, datetime):
        d = d.astimezone().date() if d.tzinfo else d.date()
    if lang == CHINESE:
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {d:%b %Y}"


def _label(kind: str, key: str | None, english: str, lang: str) -> str:
    """A label core keeps in English (a band, a rule, a timing verdict...) in the report's language.

    Only the Chinese file holds these (report.<kind>.<key>); English, or a key not translated yet,
    shows core's own name, never an id."""
    if lang == ENGLISH or not key:
        return english
    msg_id = f"{kind}.{key}"
    catalog = get_catalog(lang)
    return catalog.text(msg_id) if msg_id in catalog else english


def timing_label_text(label: str, lang: str) -> str:
    key = next((k for k, v in timing.VERDICTS.items() if v == label), None)
    return _label("report.timing_label", key, label, lang)


def language_text(code: str, lang: str) -> str:
    return _label("language", code, _language_name(code), lang)


def fmt_signed(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{'+' if x > 0 else '−' if x < 0 else '±'}{abs(x):.0f}"


def portable_audio_path(audio_path: Path | str | None, data_folder: Path | None) -> str | None:
    """The take's audio named relative to the data folder ("recordings/take-....wav").

    An export is shared, and an absolute path would carry the user's home folder and login name
    with it; inside the data folder the relative name is all that identifies the file. A path
    outside it (or with no data folder known) keeps only the file name, never the folders.
    """
    if audio_path is None or str(audio_path) == "":
        return None
    p = Path(audio_path)
    if not p.is_absolute():
        return p.as_posix()
    if data_folder is not None:
        try:
            return p.resolve().relative_to(Path(data_folder).resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return p.name


def take_data(take: TakeLike, audio_missing: bool, data_folder: Path | None = None) -> dict[str, Any]:
    """The full JSON record of a take: everything stored, so nothing is lost on export (but no absolute path)."""
    tags = take.tags
    if isinstance(tags, str):
        tags = [t for t in (x.strip() for x in tags.split(",")) if t]
    return {
        "id": int(take.id),
        "created_at": take.created_at.astimezone(UTC).isoformat(),
        "title": take.title or "",
        "tags": list(tags or []),
        "note": take.note or "",
        "audio_path": portable_audio_path(take.audio_path, data_folder),
        "audio_missing": audio_missing,
        "audio_seconds": take.audio_seconds,
        "speech_seconds": take.speech_seconds,
        "target_seconds": take.target_seconds,
        "model": take.model,
        "language": take_language(take),
        "app_version": take.app_version,
        "transcript_text": take.transcript.text,
        "transcript": take.transcript.to_dict(),
        "result": take.result.to_dict(),
    }
