"""Nothing recorded is lost, whatever the disk or another process does (issue 14, items 1, 2, 4 and 7).

Every fault is made for real: a second process, a damaged file, a -wal that cannot be opened, a
read-only mount, os.write failing with ENOSPC, SQLite running out of pages, a full filesystem.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import StorageError, TakeStore
from tests.core.storage.helpers import tone
from tests.mounts import fill_disk

REPO = Path(__file__).resolve().parents[3]


def env() -> dict[str, str]:
    """Read at call time: PITCHCOACH_HOME is set per test."""
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _fill(store: TakeStore, analysis, n: int) -> None:
    for i in range(n):
        store.save_take(analysis, tone(0.1), note=f"take {i}")


def _damage_a_page(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[2 * page : 3 * page] = np.random.default_rng(7).bytes(page)
    db.write_bytes(bytes(data))


def _holder() -> subprocess.Popen[str]:
    """Another PitchCoach process with the history open (as a second window would have)."""
    script = textwrap.dedent(
        """
        import sys, time
        from pitchcoach.core.paths import app_paths
        from pitchcoach.core.storage import TakeStore
        store = TakeStore(app_paths())
        print("open", flush=True)
        sys.stdin.readline()
        store.close()
        """
    )
    p = subprocess.Popen(
        [sys.executable, "-c", script], env=env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert p.stdout is not None and p.stdout.readline().strip() == "open"
    return p


# ---------------------------------------------------------------- 1: a moved-away database


def test_a_damaged_database_is_not_set_aside_while_another_process_has_it_open(analyses) -> None:
    paths = app_paths()
    with TakeStore(paths) as store:
        _fill(store, analyses["filler_heavy"], 30)
    other = _holder()  # opened while the file was healthy; damage comes while it is open
    _damage_a_page(paths.database)
    before = paths.database.read_bytes()
    try:
        with pytest.raises(StorageError, match="another PitchCoach window is still using it") as e:
            TakeStore(paths)
        assert "Nothing was moved" in str(e.value)
        assert paths.database.read_bytes() == before
        assert list(paths.root.glob("*.corrupt-*")) == []
    finally:
        other.communicate("quit\n", timeout=60)
    # With the other window closed, the damaged file is set aside (never deleted).
    with TakeStore(paths) as fresh:
        assert fresh.recovered_from is not None and fresh.recovered_from.read_bytes() == before


def test_a_store_never_writes_into_a_file_another_process_moved_away(analyses) -> None:
    paths = app_paths()
    store = TakeStore(paths)
    _fill(store, analyses["great_pitch"], 3)
    moved = paths.root / "moved-away.sqlite3"
    # A second process (an older PitchCoach without the lock, a sync tool, the user) swaps the file.
    mover = textwrap.dedent(
        f"""
        import os, sqlite3
        os.replace({str(paths.database)!r}, {str(moved)!r})
        for sfx in ("-wal", "-shm"):
            if os.path.exists({str(paths.database)!r} + sfx):
                os.replace({str(paths.database)!r} + sfx, {str(moved)!r} + sfx)
        sqlite3.connect({str(paths.database)!r}).execute("CREATE TABLE x (y)").connection.commit()
        """
    )
    subprocess.run([sys.executable, "-c", mover], env=env(), check=True, timeout=60)
    with pytest.raises(StorageError, match="replaced while PitchCoach was running"):
        store.save_take(analyses["great_pitch"], tone(0.1), note="after the swap")
    with pytest.raises(StorageError, match="replaced"):
        store.update(1, title="after the swap")
    store.close()
    old = sqlite3.connect(moved)
    assert old.execute("SELECT COUNT(*) FROM takes").fetchone()[0] == 3  # nothing went into the moved file
    assert old.execute("SELECT COUNT(*) FROM takes WHERE title != ''").fetchone()[0] == 0
    old.close()


# ---------------------------------------------------------------- 2: transient errors are not damage


def test_an_unreadable_wal_hides_nothing_and_moves_nothing(analyses) -> None:
    paths = app_paths()
    with TakeStore(paths) as store:
        _fill(store, analyses["great_pitch"], 50)
    wal = paths.database.with_name(paths.database.name + "-wal")
    if wal.exists():
        wal.unlink()
    wal.mkdir()  # opening the -wal now fails, as an unreadable or vanished-disk -wal would
    before = paths.database.read_bytes()
    with pytest.raises(StorageError) as e:
        TakeStore(paths)
    assert "Nothing was changed" in str(e.value)
    assert paths.database.read_bytes() == before
    assert list(paths.root.glob("*.corrupt-*")) == []
    wal.rmdir()
    with TakeStore(paths) as store:
        assert store.count() == 50 and store.recovered_from is None


@pytest.fixture
def read_only_mount(tmp_path):
    """The data folder on a read-only mount: root ignores permission bits, but not a read-only filesystem."""
    folder = tmp_path / "ro"
    folder.mkdir()

    def make_read_only() -> None:
        subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)

    yield folder, make_read_only
    subprocess.run(["umount", str(folder)], check=False)


def test_a_read_only_data_folder_hides_nothing_and_moves_nothing(analyses, read_only_mount) -> None:
    folder, make_read_only = read_only_mount
    paths = app_paths(folder / "PitchCoach")
    with TakeStore(paths) as store:
        _fill(store, analyses["great_pitch"], 50)
    before = paths.database.read_bytes()
    make_read_only()
    with pytest.raises(StorageError) as e:
        TakeStore(paths)
    assert "Nothing was changed" in str(e.value) or "read-only" in str(e.value)
    assert paths.database.read_bytes() == before
    assert list(paths.root.glob("*.corrupt-*")) == []


def test_real_damage_is_still_set_aside_and_the_copy_kept(analyses) -> None:
    paths = app_paths()
    with TakeStore(paths) as store:
        _fill(store, analyses["filler_heavy"], 30)
    _damage_a_page(paths.database)
    damaged = paths.database.read_bytes()
    with TakeStore(paths) as fresh:
        assert fresh.recovered_from is not None
        assert fresh.recovered_from.read_bytes() == damaged
        assert fresh.count() == 0


# ---------------------------------------------------------------- 4: a full disk


def _enospc_after(limit: int, monkeypatch):
    """os.write accepts ``limit`` bytes in total, then fails as a full disk does."""
    real_write = os.write
    state = {"left": limit}

    def write(fd, data):
        if state["left"] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real_write(fd, bytes(data)[: state["left"]])
        state["left"] -= n
        return n

    monkeypatch.setattr(os, "write", write)


def test_a_full_disk_while_writing_a_recording_leaves_no_partial_file(analyses, monkeypatch) -> None:
    paths = app_paths()
    store = TakeStore(paths)
    _enospc_after(20_000, monkeypatch)
    with pytest.raises(StorageError) as e:
        store.save_take(analyses["great_pitch"], tone(2.0))
    assert "the disk is full" in str(e.value)
    assert list(paths.recordings.iterdir()) == []  # no partial copy, no 0-byte file
    assert store.count() == 0


def test_a_full_disk_while_copying_a_file_in_leaves_no_partial_file(analyses, fixtures_dir, monkeypatch) -> None:
    paths = app_paths()
    store = TakeStore(paths)
    _enospc_after(250_000, monkeypatch)
    with pytest.raises(StorageError, match="the disk is full"):
        store.save_take(analyses["great_pitch"], fixtures_dir / "great_pitch.wav")
    assert list(paths.recordings.iterdir()) == []
    assert store.count() == 0


def test_a_full_database_says_so_instead_of_cannot_rollback(analyses) -> None:
    paths = app_paths()
    store = TakeStore(paths)
    kept = store.save_take(analyses["great_pitch"], tone(0.1))
    big = store.save_take(analyses["hard_sell"], tone(0.1), note="x" * 100_000)
    deleted = store.delete(big.id)
    store._conn.execute("VACUUM")  # give the freed pages back, so putting the take back needs new ones
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own "disk full" (SQLITE_FULL): no page may be added, as on a full disk. SQLite then
    # rolls the transaction back itself, which made the old ROLLBACK fail and hide this error.
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    for action in (
        lambda: store.undo_delete(deleted),
        lambda: store.save_take(analyses["hard_sell"], None, note="y" * 100_000),
        lambda: store.update(kept.id, note="z" * 100_000),
    ):
        with pytest.raises(StorageError) as e:
            action()
        assert "the disk is full" in str(e.value)
        assert "rollback" not in str(e.value)
    assert store.count() == 1 and store.get(kept.id).note == ""
    assert deleted.trashed_audio is not None and deleted.trashed_audio.is_file()  # undo can be tried again
    store._conn.execute(f"PRAGMA max_page_count = {pages * 100}")
    assert store.undo_delete(deleted).note == "x" * 100_000


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 2 MB filesystem, so SQLite and the file writes meet a real ENOSPC."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], check=True)
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_delete_on_a_full_disk_says_so_and_keeps_the_take(analyses, tiny_disk) -> None:
    paths = app_paths(tiny_disk / "PitchCoach")
    store = TakeStore(paths)
    takes = [store.save_take(analyses["great_pitch"], tone(0.1), note=f"n{i}") for i in range(3)]
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL: the delete must grow it
    filler = fill_disk(tiny_disk)
    with pytest.raises(StorageError) as e:
        store.delete(takes[0].id)
    assert "the disk is full" in str(e.value) and "rollback" not in str(e.value)
    filler.unlink()
    assert store.count() == 3
    assert takes[0].audio_path is not None and takes[0].audio_path.is_file()  # moved back from the trash
    store.close()


def test_a_migration_on_a_full_disk_says_so_and_leaves_the_old_database(tiny_disk) -> None:
    import shutil

    v1 = Path(__file__).resolve().parents[1] / "data" / "pitchcoach_v1.sqlite3"
    paths = app_paths(tiny_disk / "PitchCoach").ensure()
    shutil.copyfile(v1, paths.database)
    filler = fill_disk(tiny_disk)
    with pytest.raises(StorageError) as e:
        TakeStore(paths)
    assert "the disk is full" in str(e.value)
    assert "rollback" not in str(e.value)
    filler.unlink()
    old = sqlite3.connect(paths.database)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1  # untouched, still readable
    old.close()
    with TakeStore(paths) as store:  # and with room again, it migrates
        assert store.migrated_from == 1


# ---------------------------------------------------------------- 7: private files


def test_the_database_its_side_files_recordings_and_backups_are_private(analyses) -> None:
    import shutil

    paths = app_paths()
    v1 = Path(__file__).resolve().parents[1] / "data" / "pitchcoach_v1.sqlite3"
    paths.ensure()
    shutil.copyfile(v1, paths.database)
    os.chmod(paths.database, 0o600)
    store = TakeStore(paths)
    take = store.save_take(analyses["great_pitch"], tone(0.2))
    files = [
        paths.database.with_name(paths.database.name + "-wal"),
        paths.database.with_name(paths.database.name + "-shm"),
        take.audio_path,
        *store.backups_made,
    ]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    store.close()
    new = app_paths(paths.root.parent / "fresh")
    with TakeStore(new):
        assert stat.S_IMODE(new.database.stat().st_mode) == 0o600
        assert stat.S_IMODE(new.root.stat().st_mode) == 0o700
