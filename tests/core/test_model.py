"""The bundled model loads offline, is hash-checked, and every bad model gives a clear message."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from pitchcoach.core import model as model_mod
from pitchcoach.core.model import (
    BUNDLED_MODEL_SHA256,
    ModelError,
    bundled_model_dir,
    load_model,
    sha256_file,
    verify_bundled_model,
)


def test_bundled_model_hash_matches_pin():
    assert sha256_file(bundled_model_dir() / "model.bin") == BUNDLED_MODEL_SHA256


def test_loaded_model_is_int8_tiny_en(loaded_model):
    assert loaded_model.name == "tiny.en (bundled)"
    assert "int8" in loaded_model.whisper.model.compute_type


def test_stamp_file_skips_rehash_only_while_the_file_is_unchanged(tmp_path, monkeypatch):
    stamp = tmp_path / "stamp.json"
    verify_bundled_model(bundled_model_dir(), stamp)
    assert stamp.is_file()
    calls = []
    monkeypatch.setattr(model_mod, "sha256_file", lambda p: calls.append(p) or BUNDLED_MODEL_SHA256)
    verify_bundled_model(bundled_model_dir(), stamp)
    assert calls == []  # stamp matched: no second 75 MB hash


def _copy_model(tmp_path: Path) -> Path:
    dst = tmp_path / "model"
    shutil.copytree(bundled_model_dir(), dst)
    return dst


def test_tampered_model_is_refused_even_with_an_old_stamp(tmp_path):
    folder = _copy_model(tmp_path)
    stamp = tmp_path / "stamp.json"
    verify_bundled_model(folder, stamp)
    with open(folder / "model.bin", "r+b") as f:
        f.seek(1000)
        f.write(b"\x00\x01\x02\x03")
    with pytest.raises(ModelError, match="integrity check"):
        verify_bundled_model(folder, stamp)


def test_missing_model_bin_is_refused(tmp_path):
    folder = _copy_model(tmp_path)
    (folder / "model.bin").unlink()
    with pytest.raises(ModelError, match="incomplete"):
        verify_bundled_model(folder)


def test_local_folder_loads(tmp_path):
    folder = _copy_model(tmp_path)
    m = load_model(str(folder))
    assert m.name == "model (local folder)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "nope", "Model folder not found"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "not a faster-whisper"),
    ],
)
def test_bad_local_folder_messages(tmp_path, make, message):
    with pytest.raises(ModelError, match=message):
        load_model(str(make(tmp_path)))


def test_unknown_model_name():
    with pytest.raises(ModelError, match="Unknown model 'whisper-gigantic'"):
        load_model("whisper-gigantic")


def test_named_model_offline_gives_clear_message(tmp_path, monkeypatch):
    # An empty Hugging Face cache and no network: the user asked for a model by
    # name, so a download is tried, and must fail with advice rather than HTTP noise.
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")

    def refuse(*a, **k):
        raise OSError("network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(ModelError, match="Could not download the model 'base.en'"):
        load_model("base.en")


def test_tampering_with_the_mtime_restored_is_still_caught(tmp_path):
    # The bypass from issue 14: edit model.bin in place (same size) and put its mtime back.
    folder = _copy_model(tmp_path)
    stamp = tmp_path / "stamp.json"
    verify_bundled_model(folder, stamp)
    model_bin = folder / "model.bin"
    before = model_bin.stat()
    with open(model_bin, "r+b") as f:
        f.seek(5000)
        f.write(b"\xde\xad\xbe\xef")
    os.utime(model_bin, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = model_bin.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(ModelError, match="integrity check"):
        verify_bundled_model(folder, stamp)


def test_a_swapped_file_with_copied_size_and_mtime_is_re_hashed(tmp_path, monkeypatch):
    folder = _copy_model(tmp_path)
    stamp = tmp_path / "stamp.json"
    verify_bundled_model(folder, stamp)
    model_bin = folder / "model.bin"
    st = model_bin.stat()
    swapped = folder / "model.bin.new"
    shutil.copyfile(model_bin, swapped)
    os.utime(swapped, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(swapped, model_bin)  # a new inode, same path, size and mtime
    calls = []
    monkeypatch.setattr(model_mod, "sha256_file", lambda p: calls.append(p) or BUNDLED_MODEL_SHA256)
    verify_bundled_model(folder, stamp)
    assert calls == [model_bin]


def test_tiny_en_by_name_uses_the_bundled_copy_without_the_network(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty cache: a download would be needed
    attempts = []

    def refuse(*a, **k):
        attempts.append(a)
        raise OSError("network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    m = load_model("tiny.en")
    assert m.name == "tiny.en (bundled)"
    assert Path(m.path) == bundled_model_dir()
    assert attempts == []
