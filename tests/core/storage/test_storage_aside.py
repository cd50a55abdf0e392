"""Set-aside copies of the history come back: restore and export (issue 14, item 2)."""

from __future__ import annotations

import shutil

import pytest

from pitchcoach.core.paths import app_paths
from pitchcoach.core.report import ReportError
from pitchcoach.core.storage import StorageError, TakeStore
from pitchcoach.core.storage.aside import (
    export_set_aside_takes,
    read_set_aside_takes,
    restore_set_aside,
    set_aside_copies,
)
from tests.core.storage.helpers import tone


def test_a_healthy_history_set_aside_by_mistake_comes_back_whole(analyses) -> None:
    # What an older PitchCoach did on one passing I/O error: a healthy 50-take history moved aside.
    paths = app_paths()
    with TakeStore(paths) as store:
        originals = [store.save_take(analyses["great_pitch"], tone(0.1), note=f"take {i}") for i in range(50)]
    aside = paths.database.with_name(paths.database.name + ".corrupt-20261130-120000")
    shutil.move(paths.database, aside)
    for sfx in ("-wal", "-shm"):
        side = paths.database.with_name(paths.database.name + sfx)
        if side.exists():
            shutil.move(side, aside.with_name(aside.name + sfx))
    with TakeStore(paths) as store:
        new = store.save_take(analyses["hard_sell"], tone(0.2), note="after")
        assert set_aside_copies(paths) == [aside]
        result = restore_set_aside(store, aside)
        assert (result.added, result.already_there, result.unreadable) == (50, 0, 0)
        takes = store.list(newest_first=False)
        assert len(takes) == 51
        assert sorted(t.note for t in takes) == sorted([f"take {i}" for i in range(50)] + ["after"])
        by_note = {t.note: t for t in takes}
        for o in originals:
            back = by_note[o.note]
            assert back.created_at == o.created_at and back.overall == o.overall
            assert back.audio_path == o.audio_path and back.audio_path.is_file()  # same recording, not a copy
        assert by_note["after"].id == new.id
        assert store.orphan_recordings() == []
        assert set_aside_copies(paths) == [] and result.kept_as.exists()  # kept, renamed, not offered again
        assert restore_set_aside(store, result.kept_as).already_there == 50  # never doubled


def test_export_its_takes_writes_every_readable_take(analyses, tmp_path) -> None:
    paths = app_paths()
    with TakeStore(paths) as store:
        for i in range(5):
            store.save_take(analyses["filler_heavy"], None, title=f"=cmd{i}")
    aside = paths.database.with_name(paths.database.name + ".corrupt-20261130-120000")
    shutil.copyfile(paths.database, aside)
    out = tmp_path / "old takes.json"
    written, salvage = export_set_aside_takes(paths, aside, out, "json")
    assert written == out and len(salvage.takes) == 5
    import json

    assert len(json.loads(out.read_text(encoding="utf-8"))["takes"]) == 5
    with pytest.raises(ReportError, match="inside PitchCoach's data folder"):
        export_set_aside_takes(paths, aside, paths.root / "x.json", "json")


def test_a_copy_too_damaged_to_list_says_so(tmp_path) -> None:
    paths = app_paths().ensure()
    aside = paths.database.with_name(paths.database.name + ".corrupt-20261130-120000")
    aside.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StorageError, match="too damaged to list its takes"):
        read_set_aside_takes(paths, aside)
    assert aside.exists()


def test_restoring_after_an_offered_recording_was_analysed_adds_no_second_take(analyses) -> None:
    # Issue 23 item 6a: the recovered take is dated from its file (mtime minus length), so matching the
    # copy's takes by (time, title) gave 6 rows for 5 takes and copied the audio a second time.
    from pitchcoach.core.recovery import find_unsaved_recordings, recording_context

    paths = app_paths()
    with TakeStore(paths) as store:
        for i in range(5):
            store.save_take(analyses["great_pitch"], tone(0.5 + i / 10), title=f"pitch {i}")
    aside = paths.database.with_name(paths.database.name + ".corrupt-20261130-120000")
    for sfx in ("", "-wal", "-shm"):
        side = paths.database.with_name(paths.database.name + sfx)
        if side.exists():
            shutil.move(side, aside.with_name(aside.name + sfx))
    with TakeStore(paths) as store:
        offered = find_unsaved_recordings(store, min_age_seconds=0)
        assert len(offered) == 5
        store.save_take(analyses["hard_sell"], offered[2], created_at=recording_context(offered[2]).recorded_at)
        result = restore_set_aside(store, aside)
        assert (result.added, result.already_there) == (4, 1)
        takes = store.list()
        assert len(takes) == 5
        assert len({t.audio_path for t in takes}) == 5
    assert len(list(paths.recordings.iterdir())) == 5  # no recording copied twice


def test_two_processes_saving_the_same_recovered_recordings_make_one_take_each() -> None:
    # Issue 23 item 6b, with real processes: scripts/storage_stress.py's concurrent-recovery case.
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[3] / "scripts" / "storage_stress.py"
    p = subprocess.run(
        [sys.executable, str(script), "--only-recovery", "--recovery-trials", "3", "--procs", "3", "--recovered", "8"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "3 of 3 trials without a duplicate" in p.stdout
