"""The typed metrics keep the JSON every take stores and `analyze --json` prints."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pitchcoach.core.scoring.engine import score
from pitchcoach.core.scoring.metrics import Metrics
from pitchcoach.core.scoring.result import ScoreResult
from tests.core.scoring.helpers import GOOD

V1_DB = Path(__file__).resolve().parents[1] / "data" / "pitchcoach_v1.sqlite3"

# What a scored take without a voice analysis writes, in this order: JSON readers and the
# stored rows of every release depend on the keys, and a diff of two exports on their order.
SCORED_KEYS = [
    *Metrics.ALWAYS,
    "timing_ratio", "timing_verdict", "timing_label", "words_over_target", "wpm", "filler_count",
    "fillers", "filler_allowance", "longest_pause_s", "sentences", "mean_sentence_words",
    "flesch_reading_ease", "buzzwords", "hedges", "acronyms_unexplained", "says_what_you_do",
    "low_confidence_share", "low_logprob_time_share", "questions", "listener_questions", "self_words",
    "you_words", "you_ratio", "benefit", "offers_help", "credentials", "brag_terms", "sales_ctas",
    "overall_before_caps",
]  # fmt: skip


def test_stored_results_of_the_first_schema_are_written_back_byte_for_byte() -> None:
    with sqlite3.connect(V1_DB) as db:
        rows = [r[0] for r in db.execute("SELECT result_json FROM takes ORDER BY id")]
    assert len(rows) >= 5
    for stored in rows:
        d = json.loads(stored)
        r = ScoreResult.from_dict(d)
        assert json.dumps(r.to_dict()["metrics"]) == json.dumps(d["metrics"])
        assert r.metrics.extra == {}  # every key of that schema is a typed field
        if r.scored:
            assert isinstance(r.metrics.wpm, float) and r.metrics.wpm == d["metrics"]["wpm"]
            assert r.metrics.says_what_you_do is d["metrics"]["says_what_you_do"]


def test_a_fresh_result_writes_its_figures_in_scoring_order(timed) -> None:
    r = score(timed(GOOD))
    assert list(r.to_dict()["metrics"]) == SCORED_KEYS
    # and reads back to the same text
    again = ScoreResult.from_dict(json.loads(json.dumps(r.to_dict())))
    assert json.dumps(again.to_dict()) == json.dumps(r.to_dict())


def test_a_gated_take_writes_only_what_was_measured_before_the_gates(timed) -> None:
    r = score(timed("Hi."))
    assert r.gate is not None
    assert list(r.to_dict()["metrics"]) == list(Metrics.ALWAYS)


def test_unknown_and_mistyped_stored_figures_are_kept_aside_and_written_back() -> None:
    stored = {"speech_seconds": 12, "wpm": "fast", "from_the_future": [1, 2], "benefit": 1, "word_count": 30}
    m = Metrics.from_dict(stored)
    assert m.wpm is None and m.benefit is None  # not a number, not a bool: never read as one
    assert m.speech_seconds == 12 and m.word_count == 30
    assert m.extra == {"wpm": "fast", "from_the_future": [1, 2], "benefit": 1}
    assert json.dumps(m.to_dict()) == json.dumps(stored)
