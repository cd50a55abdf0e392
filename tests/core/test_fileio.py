"""Durable writes: complete-or-untouched files, no temp files left behind, real folders."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from pitchcoach.core import fileio
from pitchcoach.core.fileio import atomic_write_bytes, atomic_write_text, fsync_dir, fsync_file


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_bytes_write_creates_file(tmp_path):
    target = tmp_path / "out.bin"
    data = bytes(range(256)) * 1000
    assert atomic_write_bytes(target, data) == target
    assert target.read_bytes() == data
    assert _names(tmp_path) == ["out.bin"]


def test_text_write_replaces_existing_and_keeps_exact_text(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("old", encoding="utf-8")
    text = "naïve café\r\nline two\n"
    atomic_write_text(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    assert _names(tmp_path) == ["notes.txt"]


def test_text_write_honours_encoding(tmp_path):
    target = tmp_path / "latin.txt"
    atomic_write_text(target, "é", encoding="latin-1")
    assert target.read_bytes() == b"\xe9"


def test_default_mode_follows_umask_and_explicit_mode_is_used(tmp_path):
    shared = atomic_write_bytes(tmp_path / "shared.txt", b"x")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o666 & ~fileio._UMASK
    private = atomic_write_bytes(tmp_path / "private.txt", b"x", mode=0o600)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_disk_full_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "settings.json"
    target.write_text("previous", encoding="utf-8")
    real_write = os.write
    calls = {"n": 0}

    def write_then_fill(fd, data):
        # The first chunk goes through, so the temp file exists and holds half the data.
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data)[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "write", write_then_fill)
    with pytest.raises(OSError) as info:
        atomic_write_text(target, "new content that is longer than ten bytes")
    assert info.value.errno == errno.ENOSPC
    assert calls["n"] == 2
    assert target.read_text(encoding="utf-8") == "previous"
    assert _names(tmp_path) == ["settings.json"]


def test_failed_fsync_leaves_no_temp_and_no_target(tmp_path, monkeypatch):
    def broken_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write_bytes(tmp_path / "new.bin", b"data")
    assert _names(tmp_path) == []


def test_failed_replace_leaves_no_temp(tmp_path, monkeypatch):
    def broken_replace(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(fileio.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_bytes(tmp_path / "new.bin", b"data")
    assert _names(tmp_path) == []


def test_missing_folder_raises_and_creates_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        atomic_write_bytes(tmp_path / "nope" / "x.bin", b"data")
    assert _names(tmp_path) == []


def test_fsync_dir_best_effort_and_strict(tmp_path):
    fsync_dir(tmp_path)
    fsync_dir(tmp_path / "missing")  # best effort: a missing folder is not an error
    if os.name != "nt":
        with pytest.raises(FileNotFoundError):
            fsync_dir(tmp_path / "missing", strict=True)


def test_fsync_dir_strict_reports_fsync_failure(tmp_path, monkeypatch):
    def broken_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    fsync_dir(tmp_path)  # tolerated
    with pytest.raises(OSError):
        fsync_dir(tmp_path, strict=True)


def test_fsync_file_on_existing_file(tmp_path):
    target = tmp_path / "a.wav"
    target.write_bytes(b"RIFF")
    fsync_file(target)
    assert target.read_bytes() == b"RIFF"
    with pytest.raises(FileNotFoundError):
        fsync_file(tmp_path / "missing.wav")
