"""Issue 23: a kill during a copy into recordings/ left 0-byte (or half-copied) take files, never offered
and never cleaned up. The kill here is real (SIGKILL to a second process mid-copy); the clock handed to
recovery is the only thing moved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pitchcoach.core.paths import app_paths
from pitchcoach.core.recovery import find_unsaved_recordings
from pitchcoach.core.storage import TakeStore

REPO = Path(__file__).resolve().parents[3]

SAVE_A_BIG_FILE = """
import sys
from pathlib import Path
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.transcript import Transcript

t = Transcript.from_text("Hi, I'm Sam. I help bakeries sell more bread. What brings you here?")
TakeStore(app_paths()).save_take(Analysis(t, score(t), "test"), Path(sys.argv[1]))
print("saved")
"""

HOUR_LATER = 2 * 3600.0


def test_a_kill_during_a_copy_leaves_no_take_file_and_the_leftover_is_cleared(tmp_path) -> None:
    paths = app_paths().ensure()
    big = tmp_path / "long_rehearsal.wav"  # the store copies bytes; it does not decode them
    with open(big, "wb") as f:
        f.truncate(768 << 20)
    before = set(os.listdir(paths.recordings))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", SAVE_A_BIG_FILE, str(big)], env=env, stdout=subprocess.PIPE)
    try:
        new: set[str] = set()
        while not new and child.poll() is None:  # kill as soon as the copy has begun
            new = set(os.listdir(paths.recordings)) - before
            os.sched_yield()  # no fixed nap: the kill must land within the copy, as soon as it shows
        child.send_signal(signal.SIGKILL)
    finally:
        out, _ = child.communicate(timeout=60)
    assert b"saved" not in out, "the copy finished before the kill; use a bigger file"
    left = set(os.listdir(paths.recordings)) - before
    assert left, "the kill came before the copy began"
    # What the kill left is a hidden .part file, never a take-….wav that looks like a recording.
    assert all(n.startswith(".take-") and n.endswith(".part") for n in left), left

    store = TakeStore(paths)
    assert find_unsaved_recordings(store) == []  # nothing to offer, and too fresh to remove
    assert set(os.listdir(paths.recordings)) - before == left
    assert find_unsaved_recordings(store, now=lambda: time.time() + HOUR_LATER) == []
    assert set(os.listdir(paths.recordings)) == before  # cleared once nobody can still be writing it
    assert big.stat().st_size == 768 << 20  # the user's file is untouched
    store.close()


def test_only_the_apps_own_empty_leftovers_are_removed(tmp_path, fixtures_dir) -> None:
    store = TakeStore(app_paths())
    rec = store.paths.recordings
    old = time.time() - HOUR_LATER

    def made(name: str, data: bytes) -> Path:
        p = rec / name
        p.write_bytes(data)
        os.utime(p, (old, old))
        return p

    header = (fixtures_dir / "too_short.wav").read_bytes()[:44]
    gone = [made("take-20260101-000000-aaaaaaaa.wav", b""), made("take-20260101-000001-bbbbbbbb.wav", header)]
    gone.append(made(".take-20260101-000002-cccccccc.wav.part", b"half a copy"))
    real = made("take-20260101-000003-dddddddd.wav", (fixtures_dir / "too_short.wav").read_bytes())
    users = made("notes.wav", b"")  # not named as the app names its files
    outside = tmp_path / "outside-empty.wav"
    outside.write_bytes(b"")
    link = rec / "take-20260101-000004-eeeeeeee.wav"
    link.symlink_to(outside)
    os.utime(link, (old, old), follow_symlinks=False)
    fresh = rec / "take-20260101-000005-ffffffff.wav"
    fresh.write_bytes(b"")  # may be a recording that has just started

    offered = find_unsaved_recordings(store)
    assert offered == [real]
    assert not any(p.exists() for p in gone)
    assert users.exists() and outside.exists() and link.is_symlink() and fresh.exists()
    store.close()
