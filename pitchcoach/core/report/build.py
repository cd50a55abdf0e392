"""Building reports: one stored take, or many aggregated over a period, into the view model."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from pitchcoach import APP_NAME, __version__
from pitchcoach.core import progress
from pitchcoach.core.messages import ENGLISH, Catalog, get_catalog, normalize_ui_language
from pitchcoach.core.report.drills import drill_of, drill_stats, drills_data, goal_view
from pitchcoach.core.report.model import (
    CATEGORY_LABELS,
    DeductionView,
    IssueStat,
    ProgressReport,
    Span,
    StructureItem,
    SubScoreView,
    TakeLike,
    TakeReport,
    TakeRow,
    TimingBar,
    TrendPoint,
    take_data,
    take_language,
)
from pitchcoach.core.scoring.result import (
    HIGHLIGHT_PRIORITY,
    STRUCTURE_LABELS,
    STRUCTURE_PARTS,
    SUBSCORE_LABELS,
    Deduction,
    ScoreResult,
    rule_label,
)
from pitchcoach.core.transcript import Transcript
from pitchcoach.core.voice.figure import voice_strip_svg, voice_summary
from pitchcoach.core.words import join_words, space_between


def _resolve_audio(audio_path: Path | str | None, recordings_dir: Path | None) -> Path | None:
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
    if take.result.metrics.wpm is not None:
        return float(take.result.metrics.wpm)
    speech = take.transcript.speech_seconds
    if not take.transcript.words or speech <= 0:
        return None
    return 60.0 * len(take.transcript.words) / speech


def _pace(take: TakeLike) -> tuple[float | None, str]:
    """The take's pace and its unit: characters per minute ("cpm") when its scoring counted characters
    (Mandarin), else words per minute as before."""
    m = take.result.metrics
    if m.pace_unit == "cpm" and m.cpm is not None:
        return float(m.cpm), "cpm"
    return _wpm(take), "wpm"


def _filler_count(take: TakeLike) -> int | None:
    if take.result.metrics.filler_count is not None:
        return take.result.metrics.filler_count
    if not take.result.scored:
        return None
    return sum(h.last_word - h.first_word + 1 for h in take.result.highlights if h.kind == "filler")


def take_row(take: TakeLike, recordings_dir: Path | None = None, catalog: Catalog | None = None) -> TakeRow:
    """``catalog``: the language a gated take's reason is told in; None keeps the stored (English) text."""
    r = take.result
    top = r.deductions[0] if r.deductions else None
    pace, pace_unit = _pace(take)
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
        timing=r.timing,
        band=r.band,
        wpm=pace if pace_unit == "wpm" else None,
        filler_count=_filler_count(take),
        top_issue=rule_label(top.rule) if top else "",
        top_issue_rule=top.rule if top else None,
        transcript=take.transcript.text,
        note=take.note or "",
        gate_message=(r.gate.message if catalog is None else r.gate.text(catalog)) if r.gate else None,
        audio_missing=_audio_missing(take, recordings_dir),
        status="scored" if r.scored else "damaged" if getattr(take, "damaged", False) else "gated",
        language=take_language(take),
        pace=pace,
        pace_unit=pace_unit,
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
            spans.append(Span(join_words(buf), *cur, gap_after=" " if space_between(buf[-1], w.text) else ""))
            buf = []
        cur = key
        buf.append(w.text)
    if buf and cur is not None:
        spans.append(Span(join_words(buf), *cur))
    return spans


def _kind_order(kind: str) -> int:
    return HIGHLIGHT_PRIORITY.index(kind) if kind in HIGHLIGHT_PRIORITY else len(HIGHLIGHT_PRIORITY)


def _deduction_view(d: Deduction, catalog: Catalog | None) -> DeductionView:
    return DeductionView(
        rule=d.rule,
        label=rule_label(d.rule),
        category=CATEGORY_LABELS.get(d.category, d.category),
        points=d.points,
        message=d.message if catalog is None else d.text(catalog),
        tip=d.tip if catalog is None else d.tip_text(catalog),
        evidence=tuple(e.text for e in d.evidence if e.text),
    )


def build_take_report(
    take: TakeLike,
    *,
    recordings_dir: Path | None = None,
    generated_at: datetime | None = None,
    ui_language: str = ENGLISH,
) -> TakeReport:
    """``ui_language`` ("en" | "zh_CN") is the language the report is written in; its data is the same in both."""
    generated_at = generated_at or datetime.now(UTC)
    ui_language = normalize_ui_language(ui_language) or ENGLISH
    text = get_catalog(ui_language).text
    # The feedback in the report's language; English as each take stored it (the same words).
    feedback = None if ui_language == ENGLISH else get_catalog(ui_language)
    row = take_row(take, recordings_dir, feedback)
    r = take.result
    notices = []
    if row.audio_missing:
        notices.append(text("report.audio_missing_notice"))
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
        timing=TimingBar(
            float(take.speech_seconds),
            float(take.audio_seconds),
            float(take.target_seconds),
            score=r.timing,
            label=r.metrics.timing_label or "",
            ui_language=ui_language,
        ),
        spans=spans,
        highlight_kinds=kinds_present,
        deductions=[_deduction_view(d, feedback) for d in r.deductions],
        positives=list(r.positives) if feedback is None else r.positive_texts(feedback),
        notes=list(r.notes) if feedback is None else r.note_texts(feedback),
        notices=notices,
        structure=structure,
        rehearsal=r.rehearsal,
        subscores=[
            SubScoreView(
                label=SUBSCORE_LABELS.get(s.rule, s.rule),
                category=CATEGORY_LABELS.get(s.category, s.category),
                score=s.score,
                weight=s.weight,
                skipped=s.skipped,
                rule=s.rule,
            )
            for s in r.subscores
        ],
        data={},
        ui_language=ui_language,
    )
    voice = take.transcript.voice
    if voice is not None:
        report.voice_svg = voice_strip_svg(voice, take.transcript.words, lang=ui_language)
        report.voice_summary = voice_summary(
            voice, take.transcript.words, r.metrics.cpm_windows, take.transcript.language, ui_language
        )
    report.data = {
        "report": "take",
        "app": APP_NAME,
        "app_version": __version__,
        "generated_at": generated_at.astimezone(UTC).isoformat(),
        "take": take_data(take, row.audio_missing, None if recordings_dir is None else recordings_dir.parent),
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
    ui_language: str = ENGLISH,
) -> ProgressReport:
    """Aggregate takes (any order) into trend, table, best take and the issues that cost most.

    ``ui_language`` ("en" | "zh_CN") is the language the report is written in."""
    generated_at = generated_at or datetime.now(UTC)
    ui_language = normalize_ui_language(ui_language) or ENGLISH
    feedback = None if ui_language == ENGLISH else get_catalog(ui_language)
    everything = sorted(takes, key=lambda t: (t.created_at, t.id))
    # Drill takes (issue 27) are one-skill exercises, not pitches: they have their own section.
    ordered = [t for t in everything if drill_of(t) is None]
    drill_takes = [t for t in everything if drill_of(t) is not None]
    stats = drill_stats(drill_takes, ui_language)
    goal = goal_view([t.created_at.astimezone().date() for t in everything], generated_at.astimezone().date())
    rows = [take_row(t, recordings_dir, feedback) for t in ordered]
    trend = [
        TrendPoint(t.id, t.created_at, t.result.overall, t.result.clarity or 0, t.result.listener_focus or 0)
        for t in ordered
        if t.result.scored and t.result.overall is not None
    ]
    scored = [r for r in rows if r.overall is not None]
    best_at = progress.newest_best([r.overall for r in rows], [r.created_at for r in rows])
    best = None if best_at is None else rows[best_at]
    tallies = progress.issue_tallies((t.result for t in ordered), feedback)
    issues = [IssueStat.from_tally(t, len(scored)) for t in tallies]
    by_rule = {i.rule: i for i in issues}
    practise_next = [by_rule[t.rule] for t in progress.costliest_issues(tallies, practise_count)]

    missing = sum(r.audio_missing for r in rows)
    notices = []
    if missing:
        which = "report.audio_missing_some_one" if len(rows) == 1 else "report.audio_missing_some"
        notices.append(get_catalog(ui_language).text(which, missing=missing, total=len(rows)))
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
        data_folder=None if recordings_dir is None else recordings_dir.parent,
        ui_language=ui_language,
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
        **drills_data(stats, goal),
    }
    report.drills, report.goals = stats, goal
    rehearsed = [(t, t.result.rehearsal) for t in ordered if t.result.rehearsal]
    memory = [t for t, r in rehearsed if r.get("mode") == "from_memory"]
    report.rehearsals = [int(r["coverage"]) for _, r in rehearsed]
    report.memory_seconds = round(memory[-1].speech_seconds, 1) if memory else None
    report.data["rehearsals"] = {"coverage": report.rehearsals, "last_from_memory_seconds": report.memory_seconds}
    report.source = ordered
    return report
