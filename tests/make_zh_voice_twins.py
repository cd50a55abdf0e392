"""A voice twin of the Mandarin good pitch: the same take with its pitch range shrunk, for the monotone line
of a tonal language (issue 24; rubric-zh §6; docs/calibration.md, "Mandarin").

Needs pyworld (MIT; the ``fixtures`` extra) and soundfile. Starts from the committed
``tests/fixtures/zh/good_pitch.wav``, so everything but the pitch is the same samples' analysis.

* ``zh/voice/narrow_range.flac``: WORLD analysis and resynthesis with every voiced frame's distance from
  the take's median F0 (in semitones) scaled by 0.35. The spread falls from 4.9 to about 1.7 st: flat for
  Mandarin (under its 2.0 st line) though not for English (over 1.5), which is what the test needs.
* ``--measure K``: also writes ``/tmp/zh_range_K.wav`` scaled by K (0 = F0 held flat), to measure where
  the line falls (not committed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "zh" / "good_pitch.wav"
OUT = ROOT / "tests" / "fixtures" / "zh" / "voice" / "narrow_range.flac"
RANGE = 0.35
FRAME_PERIOD_MS = 5.0


def scaled_range(x: np.ndarray, sr: int, k: float) -> np.ndarray:
    import pyworld as pw

    f0, t = pw.harvest(x, sr, f0_floor=60.0, f0_ceil=500.0, frame_period=FRAME_PERIOD_MS)
    sp, ap = pw.cheaptrick(x, f0, t, sr), pw.d4c(x, f0, t, sr)
    voiced = f0 > 0
    median = float(np.median(f0[voiced]))
    g = f0.copy()
    g[voiced] = median * 2 ** (k * np.log2(f0[voiced] / median))
    y = pw.synthesize(g, sp, ap, sr, frame_period=FRAME_PERIOD_MS)
    return np.asarray(y / max(1e-9, float(np.max(np.abs(y)))) * float(np.max(np.abs(x))))


def _write(path: Path, y: np.ndarray, sr: int) -> None:
    import soundfile as sf

    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.clip(np.round(y * 32767.0), -32768, 32767).astype("<i2")
    sf.write(str(path), pcm, sr, subtype="PCM_16")


def main() -> None:
    import soundfile as sf

    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", type=float, action="append", default=[])
    args = ap.parse_args()
    x, sr = sf.read(str(SOURCE), dtype="float64")
    assert sr == 16000 and x.ndim == 1, "good_pitch.wav must be 16 kHz mono"
    _write(OUT, scaled_range(x, sr, RANGE), sr)
    print(OUT)
    for k in args.measure:
        path = Path(f"/tmp/zh_range_{k}.wav")
        _write(path, scaled_range(x, sr, k), sr)
        print(path)


if __name__ == "__main__":
    main()
