"""The data folder is private: folders 0700, files 0600, and an old readable folder is tightened (issue 14, item 7)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from pitchcoach.core.paths import app_paths


def mode(p: Path) -> int:
    return stat.S_IMODE(os.lstat(p).st_mode)


def readable_by_another_user(path: Path) -> bool:
    """Try to read ``path`` as uid/gid 65534 ("nobody"): the real test of privacy, not just the bits."""

    def drop() -> None:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)

    p = subprocess.run(["cat", str(path)], preexec_fn=drop, capture_output=True, timeout=60)
    return p.returncode == 0


@pytest.fixture
def shared_tmp():
    """A folder other users can pass through (pytest's tmp_path is inside a 0700 folder, which
    would hide the files from another user whatever their own bits say)."""
    d = Path(tempfile.mkdtemp(prefix="pitchcoach-perm-"))
    os.chmod(d, 0o711)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_a_new_data_folder_is_private(tmp_path):
    paths = app_paths(tmp_path / "new" / "PitchCoach").ensure()
    for folder in (paths.root, paths.recordings, paths.logs, paths.lexicons, paths.backups):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path / "new") == 0o700  # made by us, so private too


def test_an_existing_readable_folder_is_tightened_on_start(shared_tmp):
    root = shared_tmp / "PitchCoach"
    paths = app_paths(root)
    for folder in (root, paths.recordings, paths.logs, paths.lexicons, paths.backups, paths.trash, paths.team_cache):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o755)  # what an older version left
    ours = [
        paths.database,
        root / (paths.database.name + "-wal"),
        root / (paths.database.name + ".corrupt-20260101-000000"),
        paths.settings,
        paths.model_stamp,
        paths.recordings / "take-1.wav",
        paths.logs / "pitchcoach.log.1",
        paths.lexicons / "hedges.txt",
        paths.backups / "pitchcoach-v1.sqlite3",
        paths.trash / "take-0.wav",
        paths.team_cache / "team-0123456789abcdef.sqlite3",
    ]
    for f in ours:
        f.write_bytes(b"private")
        os.chmod(f, 0o644)
    foreign = root / "notes-the-user-keeps-here.txt"
    foreign.write_text("not ours")
    os.chmod(foreign, 0o644)
    if os.getuid() == 0:
        assert readable_by_another_user(paths.recordings / "take-1.wav")  # the fault, for real

    paths.ensure()

    for folder in (root, paths.recordings, paths.logs, paths.lexicons, paths.backups, paths.trash, paths.team_cache):
        assert mode(folder) == 0o700, folder
    for f in ours:
        assert mode(f) == 0o600, f
    assert mode(foreign) == 0o644  # not the app's file: left alone
    if os.getuid() == 0:
        assert not readable_by_another_user(paths.recordings / "take-1.wav")
        assert not readable_by_another_user(paths.database)


def test_a_recording_is_created_private(tmp_path):
    from pitchcoach.core.wavfile import WavStream as _WavStream

    paths = app_paths(tmp_path / "home")
    folder = paths.recordings
    from pitchcoach.core.paths import make_private_dirs

    make_private_dirs(folder)
    wav = _WavStream(folder / "take.wav", 16000)
    wav.write(np.zeros(1600, np.float32))
    wav.close()
    assert mode(folder / "take.wav") == 0o600
    assert mode(folder) == 0o700


def test_the_settings_file_and_model_stamp_are_private(tmp_path):
    from pitchcoach.core.model import bundled_model_dir, verify_bundled_model
    from pitchcoach.core.settings import Settings, save_settings

    paths = app_paths(tmp_path / "home").ensure()
    save_settings(paths.settings, Settings())
    assert mode(paths.settings) == 0o600
    verify_bundled_model(bundled_model_dir(), paths.model_stamp)
    assert mode(paths.model_stamp) == 0o600
