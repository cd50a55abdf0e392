"""Drill takes (issue 27, migration 5): stored with their skill and verdict, kept out of the trend and
the bests, listed by `history --json`; a database from the previous version opens unchanged."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from argparse import Namespace
from datetime import UTC, datetime
from pathlib import Path

from pitchcoach import cli_history
from pitchcoach.core import progress
from pitchcoach.core.drills import judge, load_drill
from pitchcoach.core.messages import get_catalog
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import MIGRATIONS, TakeStore, split_sql
from pitchcoach.core.storage.records import take_from_row
from tests.core.storage.helpers import Clock, tone

V1_DB = Path(__file__).resolve().parents[1] / "data" / "pitchcoach_v1.sqlite3"
DRILL_SCHEMA = 6  # the migration that added drill takes


def _schema_before_drills(paths) -> None:
    """The committed v1 file brought to the schema the release before drills left it."""
    shutil.copyfile(V1_DB, paths.database)
    conn = sqlite3.connect(paths.database)
    for version in range(1, DRILL_SCHEMA - 1):
        for statement in split_sql(MIGRATIONS[version]):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {DRILL_SCHEMA - 1}")
    conn.commit()
    conn.close()


def test_a_database_from_before_drills_opens_with_its_takes_unchanged() -> None:
    paths = app_paths().ensure()
    _schema_before_drills(paths)
    old = sqlite3.connect(paths.database)
    old.row_factory = sqlite3.Row
    # What this version reads from the old rows before migrating them: the migrated takes must equal it.
    before = [take_from_row(r, paths.root) for r in old.execute("SELECT * FROM takes ORDER BY id")]
    old.close()

    with TakeStore(paths) as store:
        assert store.migrated_from == DRILL_SCHEMA - 1
        assert f"-v{DRILL_SCHEMA - 1}-" in store.backups_made[0].name
        assert store.count() == len(before) > 0
        for old_take in before:
            take = store.get(old_take.id)
            assert take.drill is None and not take.is_drill
            assert (take.created_at, take.overall, take.title, take.audio_path) == (
                old_take.created_at,
                old_take.overall,
                old_take.title,
                old_take.audio_path,
            )
            assert take.result.to_dict() == old_take.result.to_dict()
            assert take.transcript.to_dict() == old_take.transcript.to_dict()
        # Every old take is a full pitch: all of them are still in the trend.
        assert len(store.series_rows()) == len(before)


def test_drill_takes_are_kept_but_stay_out_of_the_trend_and_bests(analyses) -> None:
    clock = Clock(datetime(2026, 12, 1, 12, tzinfo=UTC))
    with TakeStore(app_paths(), clock=clock) as store:
        pitch = store.save_take(analyses["hard_sell"], tone(1.0))
        clock.advance(hours=1)
        # The great pitch as a drill: it would be the personal best if drills counted.
        verdict = judge(load_drill("fillers"), analyses["filler_heavy"])
        failed = store.save_take(analyses["filler_heavy"], tone(1.0), drill=verdict)
        clock.advance(hours=1)
        passed = store.save_take(
            analyses["great_pitch"], tone(1.0), drill=judge(load_drill("fillers"), analyses["great_pitch"])
        )

        assert store.get(failed.id).drill == verdict and not verdict.passed
        assert store.get(passed.id).drill is not None and store.get(passed.id).drill.passed
        series = progress.Series.from_rows(store.series_rows())
        assert list(series.ids) == [pitch.id]
        assert list(progress.Series.from_summaries(store.summaries()).ids) == [pitch.id]
        best = progress.personal_bests(series)["overall"]
        assert best.take_id == pitch.id and best.value == analyses["hard_sell"].result.overall
        ids, _ = store.recent_deductions(10)
        assert ids == [pitch.id]
        assert len(store.list()) == 3  # still in the history itself
        assert store.practice_days(UTC) == [clock.now.date()]

        out = io.StringIO()
        assert cli_history.run_history(Namespace(json=True, limit=0, reanalyse=None), out, io.StringIO()) == 0
        records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
        assert records[pitch.id]["drill"] is None
        assert records[failed.id]["drill"]["skill"] == "fillers"
        assert records[failed.id]["drill"]["passed"] is False
        assert records[failed.id]["drill"]["evidence"] and records[failed.id]["drill"]["why"] == verdict.why
        assert records[passed.id]["drill"]["passed"] is True


def test_a_verdict_keeps_its_message_and_an_older_one_shows_its_english_why(analyses) -> None:
    """Issue 25: the stored verdict keeps its catalog message, so the history shows it in the interface
    language; a verdict stored before that has only its English why, and shows that."""
    verdict = judge(load_drill("fillers"), analyses["filler_heavy"])
    with TakeStore(app_paths()) as store:
        new = store.save_take(analyses["filler_heavy"], tone(1.0), drill=verdict)
        old = store.save_take(analyses["filler_heavy"], tone(1.0), drill=verdict)
    conn = sqlite3.connect(app_paths().database)
    stored = json.loads(conn.execute("SELECT drill_json FROM takes WHERE id = ?", (old.id,)).fetchone()[0])
    del stored["msg"]
    conn.execute("UPDATE takes SET drill_json = ? WHERE id = ?", (json.dumps(stored), old.id))
    conn.commit()
    conn.close()
    zh = get_catalog("zh_CN")
    with TakeStore(app_paths()) as store:
        kept, older = store.get(new.id).drill, store.get(old.id).drill
    assert kept is not None and kept.msg == verdict.msg and kept.msg is not None
    assert zh.render(kept.msg, kept.why).startswith("共有") and "{" not in zh.render(kept.msg, kept.why)
    assert older is not None and older.msg is None and zh.render(older.msg, older.why) == verdict.why
