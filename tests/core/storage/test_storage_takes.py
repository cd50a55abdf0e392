"""TakeStore against real analyses of the speech fixtures and a real SQLite file: takes and their audio."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import soundfile as sf

from pitchcoach.core import progress
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import StorageError, TakeStore
from tests.core.storage.helpers import Clock, tone


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
    # Saving a take's own recording again is that same take (issue 23: the file is the key), not a copy
    # that a second window's save or a restore would count twice.
    take3 = store.save_take(analyses["hard_sell"], inside)
    assert take3.id == take2.id and store.count() == 2
    assert sorted(p.name for p in store.paths.recordings.iterdir()) == sorted([take.audio_path.name, inside.name])


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
    issue_before = progress.most_frequent_issue(*store.recent_deductions())

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
    assert progress.most_frequent_issue(*store.recent_deductions()) == issue_before
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


def test_a_file_in_a_folder_inside_recordings_is_the_users_and_is_copied_in(analyses, fixtures_dir) -> None:
    """Only a file directly in recordings/ is ours (the recorder's, or one a crash left); the same rule
    decides where recovery notes go and which opened files keep their recorded time."""
    store = TakeStore(app_paths())
    theirs = store.paths.recordings / "kept by hand" / "intro.wav"
    theirs.parent.mkdir()
    shutil.copyfile(fixtures_dir / "great_pitch.wav", theirs)
    assert not store.paths.holds_recording(theirs) and not store.paths.holds_recording(None)
    take = store.save_take(analyses["great_pitch"], theirs)
    assert take.audio_path is not None and take.audio_path.parent == store.paths.recordings
    assert store.paths.holds_recording(take.audio_path)
    assert theirs.read_bytes() == take.audio_path.read_bytes()  # copied, and the user's file is left alone


def test_deleting_one_of_two_rows_saved_on_one_file_keeps_the_file_for_the_other(analyses, fixtures_dir) -> None:
    # Issue 23 item 6b: histories written before the fix may hold two rows on one recording.
    import sqlite3

    paths = app_paths()
    with TakeStore(paths) as store:
        first = store.save_take(analyses["great_pitch"], fixtures_dir / "great_pitch.wav")
        second = store.save_take(analyses["hard_sell"], fixtures_dir / "hard_sell.wav")
    assert first.audio_path is not None and second.audio_path is not None
    with sqlite3.connect(paths.database) as conn:
        conn.execute(
            "UPDATE takes SET audio_path = (SELECT audio_path FROM takes WHERE id = ?) WHERE id = ?",
            (first.id, second.id),
        )
    second.audio_path.unlink()
    with TakeStore(paths) as store:
        store.delete(second.id)
        assert store.get(first.id).audio_path == first.audio_path and first.audio_path.is_file()


def test_a_take_kept_without_a_score_keeps_no_transcript(analyses, analyzer, fixtures_dir) -> None:
    # Issue 21: a take the gate refused was stored with the recognizer's invented words. The recording is
    # kept (the app never loses a take); its words are not, and rows stored before that read back without them.
    german = analyzer.analyze_file(fixtures_dir / "non_english.wav")  # German, which tiny.en writes as English
    assert german.result.gate is not None and german.transcript.words
    store = TakeStore(app_paths())
    take = store.save_take(german, tone(1.0))
    assert take.transcript.words == [] and take.transcript.text == ""
    assert take.audio_path is not None and take.audio_path.is_file()
    back = store.get(take.id)
    assert back.transcript.words == [] and back.transcript.voice is None and back.result.gate == german.result.gate
    assert back.speech_seconds == pytest.approx(german.transcript.speech_seconds)

    # A row written by an earlier version, with the invented words in it.
    import json

    with sqlite3.connect(store.paths.database) as conn:
        conn.execute(
            "UPDATE takes SET transcript_json = ? WHERE id = ?", (json.dumps(german.transcript.to_dict()), take.id)
        )
    assert store.get(take.id).transcript.words == []
    scored = store.save_take(analyses["great_pitch"], tone(1.0))
    assert store.get(scored.id).transcript.to_dict() == analyses["great_pitch"].transcript.to_dict()
