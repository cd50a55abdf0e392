"""The history database against a real SQLite file: migrations, backups, damage, two processes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from pitchcoach.core import progress
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import SCHEMA_VERSION, SUMMARY_COLUMNS, StorageError, TakeStore
from tests.core.storage.helpers import tone

REPO = Path(__file__).resolve().parents[3]
V1_DB = Path(__file__).resolve().parents[1] / "data" / "pitchcoach_v1.sqlite3"
V4_DB = Path(__file__).resolve().parents[1] / "data" / "pitchcoach_v4.sqlite3"


def test_migrates_committed_v1_database_with_backup() -> None:
    paths = app_paths().ensure()
    shutil.copyfile(V1_DB, paths.database)
    old = sqlite3.connect(V1_DB)
    old_rows = old.execute("SELECT id, overall, deductions_json, transcript_json FROM takes ORDER BY id").fetchall()
    old.close()

    store = TakeStore(paths)
    assert store.migrated_from == 1
    assert len(store.backups_made) == SCHEMA_VERSION - 1
    backup = store.backups_made[0]
    assert backup.parent == paths.backups
    b = sqlite3.connect(backup)
    assert b.execute("PRAGMA user_version").fetchone()[0] == 1
    assert b.execute("SELECT COUNT(*) FROM takes").fetchone()[0] == len(old_rows)
    b.close()

    assert store.count() == len(old_rows)
    for take_id, overall, _, transcript_json in old_rows:
        take = store.get(take_id)
        assert take.overall == overall
        assert take.transcript.to_dict() == json.loads(transcript_json)
        assert (take.title, take.tags, take.note) == ("", [], "")
    # The new per-deduction table was filled from the old JSON.
    counts = Counter(rule for _, _, d, _ in old_rows for rule in {x["rule"] for x in json.loads(d)})
    scored = [r for r in old_rows if r[1] is not None]
    issue = progress.most_frequent_issue(*store.recent_deductions(last_n=10))
    assert issue is not None and issue.takes_considered == len(scored)
    assert issue.takes_with_issue == max(counts.values())
    store.update(1, title="now possible")  # a schema-2 column
    store.close()

    # Opening again migrates nothing and backs up nothing.
    again = TakeStore(paths)
    assert again.migrated_from is None and again.backups_made == []
    assert len(list(paths.backups.iterdir())) == SCHEMA_VERSION - 1


def test_a_schema_4_history_opens_unchanged_with_every_take_in_english(analyses) -> None:
    """Migration 5 (each take's language, issue 24) on a file the previous version wrote."""
    paths = app_paths().ensure()
    shutil.copyfile(V4_DB, paths.database)
    old = sqlite3.connect(V4_DB)
    old.row_factory = sqlite3.Row
    old_rows = old.execute("SELECT * FROM takes ORDER BY id").fetchall()
    old.close()

    store = TakeStore(paths)
    # One backup before each step from 4 on (migration 6, drill takes, follows this one).
    assert store.migrated_from == 4 and len(store.backups_made) == SCHEMA_VERSION - 4
    before = {r["id"]: r for r in old_rows}
    for take in store.list(newest_first=False):
        r = before[take.id]
        assert take.language == "en"
        assert take.transcript.to_dict() == json.loads(r["transcript_json"])
        assert (take.overall, take.clarity, take.listener_focus) == (r["overall"], r["clarity"], r["listener_focus"])
        assert [d.rule for d in take.result.deductions] == [d["rule"] for d in json.loads(r["deductions_json"])]
        # Every stored figure, the pace in "wpm" among them, reads back as it was written.
        assert take.result.metrics.to_dict() == json.loads(r["metrics_json"])
        assert (take.title, take.tags, take.note, take.quick) == (
            r["title"],
            json.loads(r["tags_json"]),
            r["note"],
            bool(r["quick_result"]),
        )
    language = SUMMARY_COLUMNS.index("language")
    assert {row[language] for row in store.summaries()} == {"en"}
    assert store.get(2).title == "Before the mixer"

    # A new take keeps its own language next to the old ones.
    zh = analyses["great_pitch"]
    zh_take = store.save_take(
        Analysis(transcript=replace(zh.transcript, language="zh"), result=zh.result, model=zh.model), None
    )
    assert zh_take.language == "zh" and store.get(zh_take.id).language == "zh"
    store.close()


def test_database_from_a_newer_version_is_refused_clearly() -> None:
    paths = app_paths().ensure()
    conn = sqlite3.connect(paths.database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError, match="newer PitchCoach"):
        TakeStore(paths)


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(analyses) -> None:
    # Only a real SQLite file that fails its check counts as damage (issue 14, item 2): anything else
    # could be a passing fault or another program's file, and moving it would hide the user's history.
    paths = app_paths().ensure()
    garbage = np.random.default_rng(1).bytes(8192)
    paths.database.write_bytes(garbage)

    with pytest.raises(StorageError, match="not a PitchCoach history database") as e:
        TakeStore(paths)
    assert "left it untouched" in str(e.value)
    assert paths.database.read_bytes() == garbage
    assert list(paths.root.glob("pitchcoach.sqlite3.corrupt-*")) == []


def test_damaged_page_is_detected_and_old_recordings_are_offered(analyses) -> None:
    paths = app_paths()
    store = TakeStore(paths)
    audio = [store.save_take(analyses[n], tone(0.2)).audio_path for n in ("great_pitch", "hard_sell")] * 30
    for _ in range(28):  # enough rows for several pages of the takes table
        store.save_take(analyses["filler_heavy"], None)
    store.close()  # last connection: WAL is checkpointed into the main file
    assert not Path(str(paths.database) + "-wal").exists()

    data = bytearray(paths.database.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) // page > 4
    data[2 * page : 3 * page] = np.random.default_rng(7).bytes(page)  # a page in the middle
    paths.database.write_bytes(bytes(data))

    fresh = TakeStore(paths)
    assert fresh.recovered_from is not None and fresh.recovered_from.exists()
    assert fresh.count() == 0
    # Nothing recorded is lost: the takes' audio is still there and now offered for recovery.
    assert set(fresh.orphan_recordings()) == set(audio)


def test_two_processes_save_at_the_same_time(analyses, tmp_path) -> None:
    a = analyses["filler_heavy"]
    payload = tmp_path / "analysis.json"
    payload.write_text(json.dumps({"t": a.transcript.to_dict(), "r": a.result.to_dict(), "m": a.model}))
    TakeStore(app_paths()).close()  # create the schema once, as the first app window would
    script = textwrap.dedent(
        """
        import json, sys
        import numpy as np
        from pitchcoach.core.analysis import Analysis
        from pitchcoach.core.paths import app_paths
        from pitchcoach.core.scoring.result import ScoreResult
        from pitchcoach.core.storage import TakeStore
        from pitchcoach.core.transcript import Transcript
        d = json.load(open(sys.argv[1]))
        a = Analysis(Transcript.from_dict(d["t"]), ScoreResult.from_dict(d["r"]), d["m"])
        store = TakeStore(app_paths(), busy_timeout=30)
        for i in range(15):
            store.save_take(a, np.full(1600, 0.01 * (i + 1), dtype=np.float32), note=f"{sys.argv[2]}-{i}")
            store.count()
        print("done", flush=True)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(payload), tag], env=env, stdout=subprocess.PIPE, text=True)
        for tag in ("one", "two")
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0] and all("done" in o for o in outs)

    store = TakeStore(app_paths())
    takes = store.list()
    assert len(takes) == 30 and len({t.id for t in takes}) == 30
    assert sorted(t.note for t in takes) == sorted(f"{w}-{i}" for w in ("one", "two") for i in range(15))
    assert all(t.audio_path is not None and t.audio_path.exists() for t in takes)
    assert store.orphan_recordings() == []


def test_history_list_reads_only_the_covering_index(analyses) -> None:
    """The list, chart and streak queries must not touch the rows' JSON (speed at 10,000 takes)."""
    store = TakeStore(app_paths())
    store.save_take(analyses["great_pitch"], None)
    conn = sqlite3.connect(store.paths.database)
    for sql in (
        f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM takes ORDER BY created_at DESC, id DESC",
        "SELECT id, created_at, overall, clarity, listener_focus, speech_seconds, target_seconds "
        "FROM takes WHERE drill_skill IS NULL ORDER BY created_at, id",
        "SELECT DISTINCT date(created_at, 'unixepoch', 'localtime') FROM takes",
    ):
        plan = " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "COVERING INDEX takes_history" in plan, plan
    conn.close()


def test_a_version_6_database_migrates_to_scenarios_and_its_takes_open_unchanged(analyses) -> None:
    """Migration 7 (issue 26): a file written by the previous version (schema 6, before scenarios) gets the
    scenario column; every old take reads back as it was, as a networking take, and filters by scenario."""
    from pitchcoach.core.storage.database import MIGRATIONS, split_sql
    from pitchcoach.core.storage.records import analysis_columns

    paths = app_paths().ensure()
    old = sqlite3.connect(paths.database)
    for step in MIGRATIONS[:6]:
        for statement in split_sql(step):
            old.execute(statement)
    old.execute("PRAGMA user_version = 6")
    stored = {}
    for i, name in enumerate(("great_pitch", "hard_sell", "silence"), 1):
        columns, _ = analysis_columns(analyses[name])
        # Exactly the columns version 6 wrote: its result JSON had no scenario either.
        columns.pop("scenario"), columns.pop("rehearsal_coverage")
        result = json.loads(str(columns["result_json"]))
        result.pop("scenario"), result.pop("required"), result.pop("rehearsal")
        columns["result_json"] = json.dumps(result)
        row = {"created_at": 1_700_000_000.0 + i, "audio_path": None, **columns, "app_version": "0.9", "title": name}
        old.execute(f"INSERT INTO takes ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        stored[i] = (row["overall"], row["transcript_json"], result)
    old.commit()
    old.close()

    store = TakeStore(paths)
    assert store.migrated_from == 6 and len(store.backups_made) == SCHEMA_VERSION - 6
    for take_id, (overall, transcript_json, result) in stored.items():
        take = store.get(take_id)
        assert take.overall == overall
        assert take.transcript.to_dict() == json.loads(str(transcript_json))
        assert take.scenario == "networking" and take.result.scenario == "networking"
        new_keys = ("scenario", "required", "rehearsal")
        assert {k: v for k, v in take.result.to_dict().items() if k not in new_keys} == result
    assert [t.id for t in store.list(scenario="networking", newest_first=False)] == [1, 2, 3]
    assert store.list(scenario="investor") == [] and store.count("investor") == 0
    assert len(store.summaries(scenario="networking")) == 3
    store.close()


def test_history_filters_by_the_scenario_a_take_was_scored_for(analyses) -> None:
    from dataclasses import replace

    store = TakeStore(app_paths())
    investor = replace(analyses["great_pitch"], result=replace(analyses["great_pitch"].result, scenario="investor"))
    first = store.save_take(analyses["great_pitch"], None)
    second = store.save_take(investor, None)
    assert (first.scenario, second.scenario) == ("networking", "investor")
    assert [t.id for t in store.list(scenario="investor")] == [second.id]
    assert store.get(second.id).result.scenario == "investor"
    [row] = store.summaries(scenario="investor")
    assert row[0] == second.id
    store.close()


def test_a_version_7_database_migrates_to_rehearsal_coverage_from_its_results(analyses) -> None:
    """Migration 8 (issue 26): a file written by schema 7 keeps its rehearsals in the result JSON only; the
    coverage is copied into the summary row, so History shows it, and a take not rehearsed has none."""
    from pitchcoach.core.storage.database import MIGRATIONS, split_sql
    from pitchcoach.core.storage.records import analysis_columns

    paths = app_paths().ensure()
    old = sqlite3.connect(paths.database)
    for step in MIGRATIONS[:7]:
        for statement in split_sql(step):
            old.execute(statement)
    old.execute("PRAGMA user_version = 7")
    for i, (name, coverage) in enumerate((("great_pitch", 75), ("hard_sell", None)), 1):
        columns, _ = analysis_columns(analyses[name])
        columns.pop("rehearsal_coverage")  # exactly the columns version 7 wrote
        result = json.loads(str(columns["result_json"]))
        result["rehearsal"] = None if coverage is None else {"coverage": coverage, "missed": [], "mode": "from_memory"}
        columns["result_json"] = json.dumps(result)
        row = {"created_at": 1_700_000_000.0 + i, "audio_path": None, **columns, "app_version": "0.9", "title": name}
        old.execute(f"INSERT INTO takes ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    old.commit()
    old.close()

    store = TakeStore(paths)
    assert store.migrated_from == 7 and len(store.backups_made) == SCHEMA_VERSION - 7
    at = SUMMARY_COLUMNS.index("rehearsal_coverage")
    assert [r[at] for r in store.summaries(newest_first=False)] == [75, None]
    assert store.get(1).result.rehearsal == {"coverage": 75, "missed": [], "mode": "from_memory"}
    # A take saved now writes its coverage too.
    rehearsed = replace(
        analyses["great_pitch"], result=replace(analyses["great_pitch"].result, rehearsal={"coverage": 50})
    )
    saved = store.save_take(rehearsed, None)
    assert store.summaries()[0][at] == 50 and saved.id == 3
    store.close()


def test_opening_errors_read_the_same_from_the_catalog_and_in_chinese() -> None:
    """Issue 25: a history that cannot be opened was explained in English in the Chinese interface."""
    from pitchcoach.core.errors import friendly_message
    from pitchcoach.core.messages import english, get_catalog

    paths = app_paths().ensure()
    paths.database.write_bytes(np.random.default_rng(1).bytes(8192))
    with pytest.raises(StorageError) as not_db:
        TakeStore(paths)
    paths.database.unlink()
    conn = sqlite3.connect(paths.database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError) as newer:
        TakeStore(paths)
    for exc, chinese in ((not_db.value, "不是 PitchCoach 的历史数据库"), (newer.value, "更新版本的 PitchCoach")):
        assert exc.msg is not None and english().render(exc.msg) == str(exc)
        assert chinese in friendly_message(exc, get_catalog("zh_CN"))
