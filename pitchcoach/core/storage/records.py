"""What a stored take looks like: the dataclasses, the column lists the queries read, and row decoding.

Kept apart from ``TakeStore`` so readers of the file (the set-aside copy reader, progress,
the history table) share one definition without pulling in the store.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from pitchcoach.core.analysis import Analysis
from pitchcoach.core.drills import DrillVerdict
from pitchcoach.core.messages import Message
from pitchcoach.core.scoring.result import Evidence, Gate, ScoreResult
from pitchcoach.core.storage.database import SqlValue, from_ts
from pitchcoach.core.transcript import Transcript

log = logging.getLogger(__name__)

_TAKE_COLUMNS = (
    "id, created_at, audio_path, audio_seconds, speech_seconds, target_seconds, "
    "transcript_json, result_json, model, app_version, title, tags_json, note, quick_result, language, "
    "drill_skill, drill_passed, drill_json, scenario"
)
# What the history table shows: no JSON blobs, so 10,000 rows load in milliseconds.
SUMMARY_COLUMNS = (
    "id",
    "created_at",
    "audio_seconds",
    "speech_seconds",
    "target_seconds",
    "overall",
    "clarity",
    "listener_focus",
    "band",
    "gate",
    "title",
    "note",
    "tags_json",
    "language",
    "drill_skill",  # NULL for a full pitch; a drill's skill otherwise (issue 27)
    "drill_passed",
    "scenario",
    "rehearsal_coverage",  # NULL unless the take was rehearsed against the written pitch (issue 26)
)

# The chart's columns, in the order ``TakeStore.series_rows`` returns them.
SERIES_COLUMNS = (
    "id",
    "created_at",
    "overall",
    "clarity",
    "listener_focus",
    "speech_seconds",
    "target_seconds",
)


class StoredDeduction(NamedTuple):
    """One deduction as stored with its take (what the most-frequent-issue count reads)."""

    take_id: int
    rule: str
    points: float
    tip: str


@dataclass
class Take:
    id: int
    created_at: datetime  # UTC, timezone-aware
    audio_path: Path | None
    audio_seconds: float
    speech_seconds: float
    target_seconds: float
    transcript: Transcript
    result: ScoreResult
    model: str
    app_version: str
    title: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = ""
    # Saved from the instant (live) result because the whole-file pass could not run; the next
    # start runs it and replaces this take's analysis (core/twopass.py).
    quick: bool = False
    # The language the take was spoken in ("en" or "zh"); every take from before it was stored is "en".
    language: str = "en"
    # A drill take (issue 27): its verdict. None for a full pitch; drills stay out of the trend and bests.
    drill: DrillVerdict | None = None
    # What it was practised for (core/scenarios.py): from its own column, so a damaged take keeps it.
    scenario: str = "networking"

    @property
    def is_drill(self) -> bool:
        return self.drill is not None

    @property
    def overall(self) -> int | None:
        return self.result.overall

    @property
    def clarity(self) -> int | None:
        return self.result.clarity

    @property
    def listener_focus(self) -> int | None:
        return self.result.listener_focus

    @property
    def band(self) -> str | None:
        return self.result.band

    @property
    def damaged(self) -> bool:
        """Its stored result could not be read; it can be analysed again from its audio."""
        return self.result.gate is not None and self.result.gate.id == DAMAGED_GATE

    @property
    def analysis(self) -> Analysis:
        return Analysis(
            transcript=self.transcript,
            result=self.result,
            model=self.model,
            file=str(self.audio_path) if self.audio_path else None,
        )


@dataclass
class DeletedTake:
    """Everything needed to put a deleted take back exactly as it was (same id)."""

    take: Take
    row: dict[str, SqlValue]
    deductions: list[tuple[SqlValue, ...]]
    trashed_audio: Path | None  # where the audio waits in the trash, if it had any


DAMAGED_GATE = "damaged"


def damaged_message(take_id: int) -> str:
    return (
        f"Take {take_id}'s saved result can't be read (that part of the history is damaged). Its recording is "
        f"kept: analyse it again with `pitchcoach history --reanalyse {take_id}` (the app does it when it starts)."
    )


def take_from_row(r: sqlite3.Row, root: Path) -> Take:
    """A Take from a ``takes`` row; columns a schema-1 file lacks (title, tags, note) get their defaults.

    A row whose stored transcript or result cannot be decoded is still a take (issue 23): it keeps its
    date, title, note and audio, with an empty transcript and a "damaged" gate whose message says how
    to analyse it again, so one bad row never hides the rest of the history.
    """
    keys = r.keys()
    rel = r["audio_path"]
    take_id = int(r["id"])
    try:
        result = ScoreResult.from_dict(json.loads(r["result_json"]))
        # Takes saved before unscored takes lost their words read back without them too.
        transcript = kept_transcript(Transcript.from_dict(json.loads(r["transcript_json"])), result)
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("take %s: its stored transcript or result cannot be read", take_id, exc_info=True)
        transcript = Transcript(words=[], segments=[], audio_seconds=float(r["audio_seconds"] or 0.0))
        result = ScoreResult(
            gate=Gate(DAMAGED_GATE, damaged_message(take_id)), target_seconds=float(r["target_seconds"] or 0.0)
        )
    try:
        tags = [str(t) for t in json.loads(r["tags_json"])] if "tags_json" in keys else []
    except (ValueError, TypeError):
        tags = []
    return Take(
        id=take_id,
        created_at=from_ts(r["created_at"]),
        audio_path=(root / rel) if rel else None,
        audio_seconds=float(r["audio_seconds"]),
        speech_seconds=float(r["speech_seconds"]),
        target_seconds=float(r["target_seconds"]),
        transcript=transcript,
        result=result,
        model=r["model"],
        app_version=r["app_version"],
        title=r["title"] if "title" in keys else "",
        tags=tags,
        note=r["note"] if "note" in keys else "",
        quick=bool(r["quick_result"]) if "quick_result" in keys else False,
        language=str(r["language"]) if "language" in keys and r["language"] else "en",
        drill=_drill_from_row(r, keys),
        scenario=str(r["scenario"]) if "scenario" in keys and r["scenario"] else "networking",
    )


def _drill_from_row(r: sqlite3.Row, keys: list[str]) -> DrillVerdict | None:
    if "drill_skill" not in keys or r["drill_skill"] is None:
        return None
    why, evidence = "", []
    message: Message | None = None
    try:
        d = json.loads(r["drill_json"] or "{}")
        why = str(d.get("why", ""))
        evidence = [Evidence(**e) for e in d.get("evidence", [])]
        message = Message.from_dict(d.get("msg"))  # None in a record stored before issue 25: its English why shows
    except (ValueError, TypeError, AttributeError):
        log.warning("take %s: its stored drill verdict cannot be read", r["id"], exc_info=True)
    return DrillVerdict(str(r["drill_skill"]), bool(r["drill_passed"]), why, evidence, message)


def drill_columns(verdict: DrillVerdict | None) -> dict[str, object]:
    if verdict is None:
        return {"drill_skill": None, "drill_passed": None, "drill_json": None}
    d = verdict.to_dict()
    return {
        "drill_skill": verdict.skill,
        "drill_passed": int(verdict.passed),
        "drill_json": json.dumps({"why": d["why"], "evidence": d["evidence"], "msg": d["msg"]}),
    }


def take_language(analysis: Analysis) -> str:
    """The language a take is stored under: what its transcript was recognised (or told) to be."""
    return (analysis.transcript.language or "en").strip().lower() or "en"


def kept_transcript(transcript: Transcript, result: ScoreResult) -> Transcript:
    """What the history keeps of a take's transcript: all of it when the take was scored, no words when it
    was not (the recording alone is kept then; see Transcript.without_words)."""
    return transcript if result.scored else transcript.without_words()


def analysis_columns(analysis: Analysis) -> tuple[dict[str, object], list[tuple[object, ...]]]:
    """The takes columns that hold an analysis, and its deduction rows (position first, no take id)."""
    res = analysis.result
    tr = kept_transcript(analysis.transcript, res)
    res_dict = res.to_dict()
    row: dict[str, object] = {
        "audio_seconds": float(tr.audio_seconds),
        # Measured before the words are dropped: an unscored take still shows how long it ran.
        "speech_seconds": float(analysis.transcript.speech_seconds),
        "target_seconds": float(res.target_seconds),
        "overall": res.overall,
        "clarity": res.clarity,
        "listener_focus": res.listener_focus,
        "band": res.band,
        "gate": res.gate.id if res.gate else None,
        "transcript_json": json.dumps(tr.to_dict()),
        "result_json": json.dumps(res_dict),
        "deductions_json": json.dumps(res_dict["deductions"]),
        "metrics_json": json.dumps(res_dict["metrics"]),
        "model": analysis.model,
        "language": take_language(analysis),
        "scenario": res.scenario,
        "rehearsal_coverage": int(res.rehearsal["coverage"]) if res.rehearsal else None,
    }
    deductions: list[tuple[object, ...]] = [
        (i, d.rule, d.category, float(d.points), d.message, d.tip) for i, d in enumerate(res.deductions)
    ]
    return row, deductions
