"""TakeStore against real analyses of the speech fixtures and a real SQLite file."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import SCHEMA_VERSION, Series, StorageError, TakeStore, rolling_median

REPO = Path(__file__).resolve().parents[2]
V1_DB = Path(__file__).parent / "data" / "pitchcoach_v1.sqlite3"


@pytest.fixture(scope="module")
def analyses(analyzer, fixtures_dir) -> dict[str, Analysis]:
    names = ("great_pitch", "filler_heavy", "hard_sell", "silence")
    return {n: analyzer.analyze_file(fixtures_dir / f"{n}.wav") for n in names}


class Clock:
    """The store's clock, moved by the test (the only fake here)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def tone(seconds: float = 1.0, hz: float = 220.0) -> np.ndarray:
    t = np.arange(int(16000 * seconds)) / 16000
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_save_and_get_round_trip(analyses) -> None:
    store = TakeStore(app_paths())
    a = analyses["great_pitch"]
    samples = tone(1.5)
    take = store.save_take(a, samples, title=" Morning ", tags=["intro", " ", "v2"], note="felt calm")

    assert take.audio_path is not None and take.audio_path.parent == store.paths.recordings
    got, sr = sf.read(take.audio_path, dtype="float32")
    assert sr == 16000 and got.shape == samples.shape
    assert np.max(np.abs(got - samples)) < 1e-4

    back = store.get(take.id)
    assert back.created_at.tzinfo is not None and back.created_at.utcoffset() == timedelta(0)
    assert back.transcript.to_dict() == a.transcript.to_dict()
    assert back.result.to_dict() == a.result.to_dict()
    assert (back.title, back.tags, back.note) == ("Morning", ["intro", "v2"], "felt calm")
    assert back.overall == a.result.overall and back.band == a.result.band
    assert back.speech_seconds == pytest.approx(a.transcript.speech_seconds)
    assert back.analysis.to_record()["scores"] == a.to_record()["scores"]
    assert store.count() == 1


def test_audio_file_is_copied_in_unless_already_there(analyses, fixtures_dir, tmp_path) -> None:
    store = TakeStore(app_paths())
    outside = tmp_path / "Interview Take.WAV"
    shutil.copyfile(fixtures_dir / "great_pitch.wav", outside)
    take = store.save_take(analyses["great_pitch"], outside)
    assert take.audio_path != outside and take.audio_path.parent == store.paths.recordings
    assert take.audio_path.suffix == ".wav"
    assert take.audio_path.read_bytes() == outside.read_bytes()
    assert outside.exists()  # the user's own file is left alone

    inside = store.paths.recordings / "take-from-recorder.wav"
    shutil.copyfile(fixtures_dir / "hard_sell.wav", inside)
    take2 = store.save_take(analyses["hard_sell"], inside)
    assert take2.audio_path == inside
    assert sorted(p.name for p in store.paths.recordings.iterdir()) == sorted([take.audio_path.name, inside.name])
    # Re-opening a take's own file makes a copy: deleting one take must not take the other's audio.
    take3 = store.save_take(analyses["hard_sell"], inside)
    assert take3.audio_path != inside and take3.audio_path.read_bytes() == inside.read_bytes()
    store.delete(take2.id)
    assert take3.audio_path.exists()


def test_missing_audio_file_is_a_clear_error(analyses, tmp_path) -> None:
    store = TakeStore(app_paths())
    with pytest.raises(StorageError, match="does not exist"):
        store.save_take(analyses["great_pitch"], tmp_path / "nope.wav")
    assert store.count() == 0


def test_list_orders_filters_and_limits(analyses) -> None:
    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    store = TakeStore(app_paths(), clock=clock)
    ids = []
    for name in ("filler_heavy", "hard_sell", "great_pitch", "silence"):
        ids.append(store.save_take(analyses[name], tone(0.2)).id)
        clock.advance(days=1)

    assert [t.id for t in store.list()] == ids[::-1]
    assert [t.id for t in store.list(newest_first=False)] == ids
    assert [t.id for t in store.list(limit=2)] == ids[:-3:-1]
    since = datetime(2026, 3, 2, tzinfo=UTC)
    until = datetime(2026, 3, 4, tzinfo=UTC)
    assert [t.id for t in store.list(since=since, until=until, newest_first=False)] == ids[1:3]
    assert store.count() == 4
    summaries = store.summaries()
    assert [s[0] for s in summaries] == ids[::-1]
    gated = store.get(ids[3])
    assert gated.overall is None and gated.result.gate is not None


def test_update_title_tags_note(analyses) -> None:
    store = TakeStore(app_paths())
    take = store.save_take(analyses["great_pitch"], tone(0.2))
    store.update(take.id, note="slow down at the start")
    store.update(take.id, tags=["meetup"], title="Bakery version")
    back = store.get(take.id)
    assert (back.title, back.tags, back.note) == ("Bakery version", ["meetup"], "slow down at the start")
    with pytest.raises(StorageError, match="not in the history"):
        store.update(take.id + 100, note="x")


def test_audio_is_written_before_the_row_and_survives_a_failed_insert(analyses) -> None:
    """A real failure after the audio write: another connection holds the write lock."""
    paths = app_paths()
    store = TakeStore(paths, busy_timeout=0.2)
    blocker = sqlite3.connect(paths.database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as err:
            store.save_take(analyses["great_pitch"], tone(0.5))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    message = str(err.value)
    assert "busy" in message and "kept at" in message

    assert store.count() == 0
    orphans = store.orphan_recordings()
    assert len(orphans) == 1 and str(orphans[0]) in message
    audio, sr = sf.read(orphans[0], dtype="float32")
    assert sr == 16000 and audio.size == 8000

    # Recovery: saving the orphan afterwards adopts it in place.
    take = store.save_take(analyses["great_pitch"], orphans[0])
    assert take.audio_path == orphans[0]
    assert store.orphan_recordings() == []


def test_delete_and_undo_bring_back_row_and_audio(analyses) -> None:
    store = TakeStore(app_paths())
    keep = store.save_take(analyses["great_pitch"], tone(0.3))
    take = store.save_take(analyses["filler_heavy"], tone(0.7), note="remove me")
    audio_bytes = take.audio_path.read_bytes()
    issue_before = store.most_frequent_issue()

    deleted = store.delete(take.id)
    assert store.count() == 1
    assert not take.audio_path.exists()
    assert deleted.trashed_audio is not None and deleted.trashed_audio.read_bytes() == audio_bytes
    with pytest.raises(StorageError, match="not in the history"):
        store.get(take.id)
    assert store.orphan_recordings() == []  # trashed audio is not offered as a lost recording

    restored = store.undo_delete(deleted)
    assert restored.id == take.id and restored.note == "remove me"
    assert take.audio_path.read_bytes() == audio_bytes
    assert restored.result.to_dict() == take.result.to_dict()
    assert store.most_frequent_issue() == issue_before
    assert [t.id for t in store.list(newest_first=False)] == [keep.id, take.id]


def test_undo_after_trash_was_emptied_says_why(analyses) -> None:
    clock = Clock(datetime.now(UTC))
    store = TakeStore(app_paths(), clock=clock)
    take = store.save_take(analyses["great_pitch"], tone(0.3))
    deleted = store.delete(take.id)
    # Recent deletions survive a purge with an age limit (another window may still offer Undo)...
    assert store.purge_trash(older_than=timedelta(days=1)) == 0
    assert deleted.trashed_audio.exists()
    clock.advance(days=2)
    assert store.purge_trash(older_than=timedelta(days=1)) == 1
    with pytest.raises(StorageError, match="trash was emptied"):
        store.undo_delete(deleted)
    assert store.count() == 0


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
    issue = store.most_frequent_issue(last_n=10)
    assert issue is not None and issue.takes_considered == len(scored)
    assert issue.takes_with_issue == max(counts.values())
    store.update(1, title="now possible")  # a schema-2 column
    store.close()

    # Opening again migrates nothing and backs up nothing.
    again = TakeStore(paths)
    assert again.migrated_from is None and again.backups_made == []
    assert len(list(paths.backups.iterdir())) == SCHEMA_VERSION - 1


def test_database_from_a_newer_version_is_refused_clearly() -> None:
    paths = app_paths().ensure()
    conn = sqlite3.connect(paths.database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError, match="newer PitchCoach"):
        TakeStore(paths)


def test_garbage_database_is_moved_aside_and_a_fresh_one_started(analyses) -> None:
    paths = app_paths().ensure()
    garbage = np.random.default_rng(1).bytes(8192)
    paths.database.write_bytes(garbage)

    store = TakeStore(paths)
    assert store.recovered_from is not None
    assert store.recovered_from.name.startswith("pitchcoach.sqlite3.corrupt-")
    assert store.recovered_from.read_bytes() == garbage
    assert store.count() == 0
    store.save_take(analyses["great_pitch"], tone(0.2))
    assert store.count() == 1


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


def test_streak_counts_local_days_in_a_row(analyses) -> None:
    clock = Clock(datetime(2026, 5, 1, 20, 0, tzinfo=UTC))
    store = TakeStore(app_paths(), clock=clock)
    assert store.streak(tz=UTC).current == 0
    a = analyses["great_pitch"]
    for day in (1, 2, 3, 5, 6):  # a gap on the 4th
        clock.now = datetime(2026, 5, day, 20, 0, tzinfo=UTC)
        store.save_take(a, None)
        store.save_take(a, None)  # two takes on one day count once
    s = store.streak(today=date(2026, 5, 6), tz=UTC)
    assert (s.current, s.longest, s.practised_today, s.last_day) == (2, 3, True, date(2026, 5, 6))
    # Not practised yet today: yesterday's streak is still alive...
    assert store.streak(today=date(2026, 5, 7), tz=UTC).current == 2
    # ...but a missed day ends it.
    assert store.streak(today=date(2026, 5, 8), tz=UTC).current == 0
    # Local dates: 20:00 UTC is already the next day at UTC+5.
    from datetime import timezone

    plus5 = timezone(timedelta(hours=5))
    s5 = store.streak(today=date(2026, 5, 7), tz=plus5)
    assert s5.last_day == date(2026, 5, 7) and s5.current == 2 and s5.longest == 3
    # Without tz the system zone is used (computed in SQL); it must agree with Python's view of it.
    local = datetime.now().astimezone().tzinfo
    assert store.streak(today=date(2026, 5, 7)) == store.streak(today=date(2026, 5, 7), tz=local)


def test_history_list_reads_only_the_covering_index(analyses) -> None:
    """The list, chart and streak queries must not touch the rows' JSON (speed at 10,000 takes)."""
    from pitchcoach.core.storage import SUMMARY_COLUMNS

    store = TakeStore(app_paths())
    store.save_take(analyses["great_pitch"], None)
    conn = sqlite3.connect(store.paths.database)
    for sql in (
        f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM takes ORDER BY created_at DESC, id DESC",
        "SELECT id, created_at, overall, clarity, listener_focus, speech_seconds, target_seconds "
        "FROM takes ORDER BY created_at, id",
        "SELECT DISTINCT date(created_at, 'unixepoch', 'localtime') FROM takes",
    ):
        plan = " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "COVERING INDEX takes_history" in plan, plan
    conn.close()


def test_personal_bests_most_frequent_issue_and_series(analyses) -> None:
    clock = Clock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    store = TakeStore(app_paths(), clock=clock)
    order = ["hard_sell", "filler_heavy", "silence", "great_pitch", "filler_heavy", "hard_sell"]
    ids = []
    for name in order:
        ids.append(store.save_take(analyses[name], None).id)
        clock.advance(hours=3)

    bests = store.personal_bests()
    scored = [(analyses[n].result.overall, i) for n, i in zip(order, ids, strict=True) if n != "silence"]
    top = max(v for v, _ in scored)
    assert bests["overall"].value == top
    assert bests["overall"].take_id == min(i for v, i in scored if v == top)  # first time reached

    # The last 4 *scored* takes: the gated one in between is skipped, not counted.
    last4 = [analyses[n].result for n in order if n != "silence"][-4:]
    counts = Counter(rule for r in last4 for rule in {d.rule for d in r.deductions})
    issue = store.most_frequent_issue(last_n=4)
    assert issue is not None and issue.takes_considered == 4
    assert issue.takes_with_issue == max(counts.values()) and counts[issue.rule] == max(counts.values())
    assert issue.tip and issue.label

    s = store.series()
    assert list(s.ids) == ids
    expected = [np.nan if analyses[n].result.overall is None else analyses[n].result.overall for n in order]
    np.testing.assert_array_equal(s.overall, np.array(expected, dtype=float))
    assert np.isnan(s.clarity[2]) and s.speech_seconds[3] == pytest.approx(
        analyses["great_pitch"].transcript.speech_seconds
    )
    from_rows = Series.from_summaries(store.summaries())
    for name in ("ids", "created_at", "overall", "clarity", "listener_focus", "speech_seconds", "target_seconds"):
        np.testing.assert_array_equal(getattr(from_rows, name), getattr(s, name))
    times, values, median = store.trend("overall", window=3)
    assert np.all(np.diff(times) > 0)
    np.testing.assert_array_equal(values, s.overall)
    assert median[-1] == statistics.median([x for x in expected[-3:] if not np.isnan(x)])


def test_rolling_median_ignores_gaps() -> None:
    v = np.array([50, np.nan, 70, 90, 10, 60], dtype=float)
    got = rolling_median(v, window=3)
    want = [50, 50, 60, 80, 70, 60]
    np.testing.assert_allclose(got, want)
    assert rolling_median(np.array([]), 5).size == 0
    assert np.isnan(rolling_median(np.array([np.nan, np.nan]), 2)).all()
