"""Quick results (migration 4): a take saved from its instant result, finished later by the whole-file pass."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import MIGRATIONS, SCHEMA_VERSION, TakeStore, split_sql
from tests.core.storage.helpers import tone

V1_DB = Path(__file__).resolve().parents[1] / "data" / "pitchcoach_v1.sqlite3"


def test_a_schema_3_database_gains_the_quick_mark_with_a_backup() -> None:
    paths = app_paths().ensure()
    shutil.copyfile(V1_DB, paths.database)
    conn = sqlite3.connect(paths.database)
    for version in (1, 2):  # bring the committed v1 file to schema 3, as the last release left it
        for statement in split_sql(MIGRATIONS[version]):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    n = conn.execute("SELECT COUNT(*) FROM takes").fetchone()[0]
    conn.close()

    with TakeStore(paths) as store:
        assert store.migrated_from == 3
        # One backup before each step from 3 on; the first is the file as the last release left it.
        assert len(store.backups_made) == SCHEMA_VERSION - 3 and "-v3-" in store.backups_made[0].name
        backup = sqlite3.connect(store.backups_made[0])
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 3
        assert backup.execute("SELECT COUNT(*) FROM takes").fetchone()[0] == n
        backup.close()
        assert store.count() == n
        assert store.quick_takes() == []  # nothing old is a quick result
        assert not any(t.quick for t in store.list())


def test_quick_take_is_listed_then_replaced_by_the_whole_file_analysis(analyses) -> None:
    paths = app_paths().ensure()
    with TakeStore(paths) as store:
        quick = store.save_take(analyses["hard_sell"], tone(2.0), title="kept", quick=True)
        other = store.save_take(analyses["great_pitch"], tone(1.0))
        assert quick.quick and not other.quick
        assert [t.id for t in store.quick_takes()] == [quick.id]

        final = analyses["filler_heavy"]  # stands in for the whole-file pass's different result
        replaced = store.replace_analysis(quick.id, final)
        assert not replaced.quick and store.quick_takes() == []
        assert replaced.transcript.text == final.transcript.text
        assert replaced.overall == final.result.overall
        assert replaced.title == "kept" and replaced.created_at == quick.created_at
        assert replaced.audio_path == quick.audio_path
        # The per-deduction rows follow the new result.
        ids, deductions = store.recent_deductions(last_n=10)
        assert quick.id in ids
        rules = [d.rule for d in deductions if d.take_id == quick.id]
        assert rules == [d.rule for d in final.result.deductions]
