"""Regenerate pitchcoach_v1.sqlite3: a history database exactly as schema 1 left it.

The migration tests open a copy of that file with today's TakeStore, so the
upgrade path real users take is exercised. The rows are real analyses of the
committed speech fixtures (bundled model, real scoring), written with schema 1's
own SQL (``MIGRATIONS[0]``) and nothing newer.

    .venv/bin/python tests/core/data/make_v1_db.py

Re-run only when the fixtures change; never after a schema change (the point is
to keep an *old* file).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from pitchcoach import __version__  # noqa: E402
from pitchcoach.core.analysis import Analyzer  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.storage import MIGRATIONS, _split_sql  # noqa: E402
from pitchcoach.core.transcribe import Transcriber  # noqa: E402

OUT = HERE / "pitchcoach_v1.sqlite3"
# Five takes over three days, as a user practising might leave them; one is gated.
TAKES = [
    ("filler_heavy.wav", datetime(2026, 11, 20, 18, 5, tzinfo=UTC)),
    ("hard_sell.wav", datetime(2026, 11, 20, 18, 9, tzinfo=UTC)),
    ("silence.wav", datetime(2026, 11, 21, 8, 30, tzinfo=UTC)),
    ("jargon_heavy.wav", datetime(2026, 11, 21, 8, 34, tzinfo=UTC)),
    ("great_pitch.wav", datetime(2026, 11, 22, 19, 0, tzinfo=UTC)),
]


def main() -> None:
    analyzer = Analyzer(Transcriber(load_model(None)), load_lexicons(None))
    if OUT.exists():
        OUT.unlink()
    conn = sqlite3.connect(OUT, isolation_level=None)
    conn.execute("BEGIN")
    for statement in _split_sql(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    for i, (name, when) in enumerate(TAKES):
        a = analyzer.analyze_file(REPO / "tests" / "fixtures" / name)
        r = a.result.to_dict()
        conn.execute(
            "INSERT INTO takes (created_at, audio_path, audio_seconds, speech_seconds, target_seconds, overall, "
            "clarity, listener_focus, band, gate, transcript_json, result_json, deductions_json, metrics_json, "
            "model, app_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (when + timedelta(seconds=i)).timestamp(),
                f"recordings/take-{when:%Y%m%d-%H%M%S}-v1{i:06d}.wav",
                a.transcript.audio_seconds,
                a.transcript.speech_seconds,
                a.result.target_seconds,
                a.result.overall,
                a.result.clarity,
                a.result.listener_focus,
                a.result.band,
                a.result.gate.id if a.result.gate else None,
                json.dumps(a.transcript.to_dict()),
                json.dumps(r),
                json.dumps(r["deductions"]),
                json.dumps(r["metrics"]),
                a.model,
                __version__,
            ),
        )
        print(f"{name}: overall {a.result.overall}, {len(a.result.deductions)} deductions")
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
