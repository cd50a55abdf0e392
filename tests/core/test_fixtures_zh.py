"""The committed Mandarin fixtures (tests/fixtures/zh/, issue 24) match their manifest.

Needs no Mandarin model: it reads the WAVs (stdlib wave, numpy) and zh/fixtures.json only. What each
clip says is judged by the transcription and scoring tests that use it; this checks that the files are
the ones described: format, length, reference text, and the chunk times the stall tests rely on.
"""

from __future__ import annotations

import json
import re
import wave
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
ZH_DIR = ROOT / "tests" / "fixtures" / "zh"
MANIFEST = json.loads((ZH_DIR / "fixtures.json").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["fixtures"]
BY_NAME = {e["name"]: e for e in ENTRIES}
SPOKEN = [e for e in ENTRIES if e["engine"] != "numpy"]

# The takes issue 24 names; the Mandarin rule tests will ask for them by name.
REQUIRED = {
    "good_pitch",
    "hard_sell",
    "filler_heavy",
    "jargon_heavy",
    "no_question",
    "too_long",
    "too_short",
    "silence",
}


def read_pcm(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2), f"{path.name} is not mono 16-bit"
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0, rate


def dbfs(audio: np.ndarray) -> float:
    return 20.0 * float(np.log10(np.sqrt(np.mean(audio.astype(np.float64) ** 2)) + 1e-12))


def test_manifest_lists_every_required_take() -> None:
    assert MANIFEST["language"] == "zh"
    assert set(BY_NAME) >= REQUIRED, f"missing from zh/fixtures.json: {sorted(REQUIRED - set(BY_NAME))}"


def test_no_stray_wav_files_outside_the_manifest() -> None:
    listed = {(ROOT / e["file"]).resolve() for e in ENTRIES}
    on_disk = {p.resolve() for p in ZH_DIR.glob("*.wav")}
    assert on_disk == listed, f"on disk but not listed: {sorted(p.name for p in on_disk - listed)}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_take_is_16k_mono_pcm_of_the_described_length(entry: dict) -> None:
    audio, rate = read_pcm(ROOT / entry["file"])
    assert rate == MANIFEST["sample_rate"] == 16000
    duration = len(audio) / rate
    assert duration == pytest.approx(entry["duration_seconds"], abs=0.01)
    intended = entry["intended"]
    if "duration_seconds" in intended:
        assert intended["duration_seconds"][0] <= duration <= intended["duration_seconds"][1]
    if "speech_seconds" in intended:
        # The speech fits inside the file with its 0.4 s of silence at each end.
        assert intended["speech_seconds"][0] <= duration <= intended["speech_seconds"][1] + 2.0


@pytest.mark.parametrize("entry", SPOKEN, ids=[e["name"] for e in SPOKEN])
def test_reference_text_is_the_script_and_the_chunks_said(entry: dict) -> None:
    assert entry["text"] == re.sub(r"\[[0-9.]+\]|[{}]", "", entry["script"])
    assert "".join(c["text"] for c in entry["chunks"]) == entry["text"]
    han = sum(1 for ch in entry["text"] if "\u4e00" <= ch <= "\u9fff")
    assert han == entry["han_characters"] > 0
    assert "Baker" in entry["voice"] and "non-commercial" in entry["voice"]
    assert entry["exercises"]


@pytest.mark.parametrize("entry", SPOKEN, ids=[e["name"] for e in SPOKEN])
def test_chunk_times_mark_the_voice_and_the_pauses(entry: dict) -> None:
    # The stall and pause tests take these times as truth, so the audio must bear them out:
    # sound inside every chunk, digital silence between chunks and at both edges.
    audio, rate = read_pcm(ROOT / entry["file"])
    chunks = entry["chunks"]
    bounds = [0.0] + [t for c in chunks for t in (c["start"], c["end"])] + [len(audio) / rate]
    assert bounds == sorted(bounds), "chunks overlap or run past the file"
    for chunk in chunks:
        voiced = audio[int(chunk["start"] * rate) : int(chunk["end"] * rate)]
        assert dbfs(voiced) > -40.0, f"{chunk['text']!r} at {chunk['start']} s is silent"
    slack = rate // 1000 + 1  # the times are rounded to the millisecond
    for gap_start, gap_end in zip(bounds[0::2], bounds[1::2], strict=True):
        gap = audio[int(round(gap_start * rate)) + slack : int(round(gap_end * rate)) - slack]
        assert not gap.size or float(np.max(np.abs(gap))) == 0.0, f"sound in the pause {gap_start}-{gap_end} s"


def test_filler_take_holds_stalls_followed_by_pauses() -> None:
    chunks = BY_NAME["filler_heavy"]["chunks"]
    stalls = [(c, nxt) for c, nxt in zip(chunks, chunks[1:], strict=False) if c["stall"]]
    assert {c["text"] for c, _ in stalls} >= {"嗯", "呃", "那个", "就是", "然后"}
    assert all(nxt["start"] - c["end"] >= 0.3 for c, nxt in stalls)
    assert not any(c["stall"] for e in SPOKEN if e["name"] != "filler_heavy" for c in e["chunks"])


def test_length_takes_bracket_the_good_pitch() -> None:
    good = BY_NAME["good_pitch"]["duration_seconds"]
    assert 17.0 <= good <= 24.0
    assert BY_NAME["too_long"]["duration_seconds"] >= 2.5 * good
    assert BY_NAME["too_short"]["duration_seconds"] <= 6.0


def test_silence_take_is_quiet_room_tone() -> None:
    audio, _ = read_pcm(ROOT / BY_NAME["silence"]["file"])
    level = dbfs(audio)
    # Not digital zero (VAD and the hallucination filter must face real noise), far under speech.
    assert float(np.max(np.abs(audio))) > 0.0
    assert level == pytest.approx(BY_NAME["silence"]["level_dbfs"], abs=0.5)
    assert level < -55.0


def test_total_size_stays_small() -> None:
    total = sum((ROOT / e["file"]).stat().st_size for e in ENTRIES)
    assert total < 6 * 1024 * 1024
