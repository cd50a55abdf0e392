"""The multilingual model: joined from its two installed parts on first use, verified, loaded."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path

import jiwer
import pytest

from pitchcoach.core import multilingual
from pitchcoach.core.model import ModelError
from pitchcoach.core.paths import app_paths


@pytest.fixture
def models_root(pitchcoach_home: Path) -> Path:
    return app_paths(pitchcoach_home).ensure().models


def _letters(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", "", text))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_first_use_joins_a_private_verified_copy_that_loads_and_transcribes(models_root: Path, fixtures_dir: Path):
    loaded = multilingual.load_multilingual(models_root)
    folder = models_root / multilingual.FOLDER_NAME
    model_bin = folder / "model.bin"
    assert model_bin.stat().st_size == sum(p.stat().st_size for p in multilingual.part_files())
    assert multilingual._sha256(model_bin) == multilingual.MODEL_SHA256
    assert stat.S_IMODE(model_bin.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert loaded.name == "base (multilingual, bundled)"
    # A Mandarin take, which tiny.en cannot transcribe at all: within the CER the fixture was made to.
    clips = json.loads((fixtures_dir / "zh" / "fixtures.json").read_text("utf-8"))["fixtures"]
    meta = next(c for c in clips if c["name"] == "good_pitch")
    segments, _info = loaded.whisper.transcribe(
        str(fixtures_dir / "zh" / "good_pitch.wav"), language="zh", beam_size=5, vad_filter=True
    )
    heard = "".join(s.text for s in segments)
    assert jiwer.cer(_letters(meta["text"]), _letters(heard)) < 0.15, heard
    # A second start uses the joined copy as it is: same file, no second join.
    inode = model_bin.stat().st_ino
    assert multilingual.prepare_model(models_root) == folder
    assert model_bin.stat().st_ino == inode


def test_a_damaged_joined_copy_is_joined_again(models_root: Path):
    folder = multilingual.prepare_model(models_root)
    with open(folder / "model.bin", "r+b") as fh:  # same size, one byte changed in place
        fh.seek(50_000_000)
        byte = fh.read(1)
        fh.seek(50_000_000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    multilingual.prepare_model(models_root)
    assert multilingual._sha256(folder / "model.bin") == multilingual.MODEL_SHA256


def test_damaged_installed_parts_are_refused_with_how_to_fix_it(models_root: Path, tmp_path: Path):
    parts = []
    for src in multilingual.part_files():
        copy = tmp_path / src.name
        copy.write_bytes(src.read_bytes())
        parts.append(copy)
    for name in multilingual.SIDE_FILES:
        (tmp_path / name).write_bytes((multilingual.part_files()[0].parent / name).read_bytes())
    with open(parts[1], "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\0\0\0\0")
    with pytest.raises(ModelError, match="failed its integrity check.*Reinstall PitchCoach"):
        multilingual.load_multilingual(models_root, parts=parts)
    folder = models_root / multilingual.FOLDER_NAME
    assert not (folder / "model.bin").exists()
    assert _leftovers(folder) == []


def test_a_full_disk_while_joining_says_how_much_space_is_needed(models_root: Path, monkeypatch: pytest.MonkeyPatch):
    real_write = os.write
    budget = {"left": 30 << 20}

    def write(fd: int, data: bytes) -> int:
        if budget["left"] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real_write(fd, bytes(data)[: budget["left"]])
        budget["left"] -= n
        return n

    with monkeypatch.context() as m:
        m.setattr(os, "write", write)
        with pytest.raises(ModelError, match=r"not enough disk space.*needs 138 MiB.*English takes are not affected"):
            multilingual.prepare_model(models_root)
    folder = models_root / multilingual.FOLDER_NAME
    assert not (folder / "model.bin").exists()
    assert _leftovers(folder) == []
    # Once there is room again, the same call succeeds.
    assert (multilingual.prepare_model(models_root) / "model.bin").is_file()


def test_mandarin_segmenter_is_ready_once_the_model_has_loaded_not_at_the_first_take(
    transcriber, multilingual, monkeypatch: pytest.MonkeyPatch
):
    """rjieba reads its dictionary on its first cut (~400 ms holding Python's lock): that belongs to the
    model's background load, not to the first Mandarin take's Stop -> instant result."""
    import threading

    from pitchcoach.core import language
    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.lexicon import load_lexicons
    from pitchcoach.core.speech import LazyModel

    monkeypatch.setattr(language, "_jieba_cut", None)  # as in a fresh process
    # The session's real model, handed over by a fresh LazyModel (the session one is left as it is).
    lazy = LazyModel(multilingual.get, "base (multilingual, bundled)")
    Analyzer(transcriber, load_lexicons(None), lazy)
    loaded = threading.Event()
    lazy.add_listener(lambda error: loaded.set())  # listeners run in order: the analyzer's first
    assert not language.segmenter_loaded()
    lazy.start()
    assert loaded.wait(120)
    assert lazy.error is None
    assert language.segmenter_loaded()
