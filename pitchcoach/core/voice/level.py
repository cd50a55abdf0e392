"""Loudness from the samples: frame levels in dBFS, word levels, and where the voice is silent."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE

FRAME_S = 0.01
FLOOR_DB = -100.0  # digital silence
# A word's level is a high percentile of its frames, not their mean: Whisper's word windows often
# run on into the pause after the word, and the mean would count that silence as "quieter speech".
WORD_LEVEL_PERCENTILE = 90
# Pause frames: below whichever is higher, the noise floor + 6 dB or the speech level - 30 dB.
# The first holds on a noisy room (SNR under 30 dB), the second on a clean one.
PAUSE_ABOVE_FLOOR_DB = 6.0
PAUSE_BELOW_SPEECH_DB = 30.0
NOISE_FLOOR_PERCENTILE = 5


@dataclass
class Levels:
    db: np.ndarray  # one level per 10 ms frame, dBFS (full-scale sine = 0 dB... of RMS: -3 dB)

    @property
    def times(self) -> np.ndarray:
        return (np.arange(self.db.size) + 0.5) * FRAME_S

    def index(self, t: float) -> int:
        return int(max(0.0, t) / FRAME_S)

    def span(self, start: float, end: float) -> np.ndarray:
        a, b = self.index(start), max(self.index(start) + 1, self.index(end))
        return self.db[a : min(b, self.db.size)]

    def word_level(self, start: float, end: float) -> float | None:
        seg = self.span(start, end)
        if seg.size < 3:  # under 30 ms: not enough to say
            return None
        # The nearest-rank percentile: np.percentile costs ~20x more, and this runs for every word.
        k = min(seg.size - 1, int(round(WORD_LEVEL_PERCENTILE / 100.0 * (seg.size - 1))))
        return float(np.partition(seg, k)[k])


def frame_levels(audio: np.ndarray, sr: int = SAMPLE_RATE) -> Levels:
    hop = int(round(FRAME_S * sr))
    n = audio.size // hop
    if n == 0:
        return Levels(db=np.zeros(0))
    frames = np.asarray(audio[: n * hop], dtype=np.float64).reshape(n, hop)
    ms = np.mean(frames * frames, axis=1)
    db = 10.0 * np.log10(np.maximum(ms, 10 ** (FLOOR_DB / 10)))
    return Levels(db=db)


def speech_level(levels: Levels, spans: list[tuple[float, float]]) -> float | None:
    """Active speech level: the median level of the frames inside words that are not pause frames."""
    if not spans or levels.db.size == 0:
        return None
    inside = np.zeros(levels.db.size, dtype=bool)
    for s, e in spans:
        a, b = levels.index(s), max(levels.index(s) + 1, levels.index(e))
        inside[a:b] = True
    vals = levels.db[inside]
    if vals.size == 0:
        return None
    # Drop the quiet tail inside word windows (closures, the pause a window runs into).
    top = float(np.percentile(vals, 95))
    active = vals[vals > top - PAUSE_BELOW_SPEECH_DB]
    return float(np.median(active)) if active.size else None


def pause_threshold(levels: Levels, speech_db: float) -> float:
    floor = float(np.percentile(levels.db, NOISE_FLOOR_PERCENTILE)) if levels.db.size else FLOOR_DB
    return max(floor + PAUSE_ABOVE_FLOOR_DB, speech_db - PAUSE_BELOW_SPEECH_DB)


def silent_runs(
    levels: Levels, threshold_db: float, start: float, end: float, min_s: float
) -> list[tuple[float, float]]:
    """Stretches of at least min_s seconds between start and end where every frame is below the threshold."""
    a, b = levels.index(start), min(levels.db.size, levels.index(end))
    min_frames = int(round(min_s / FRAME_S))
    return [
        ((a + i) * FRAME_S, (a + j) * FRAME_S) for i, j in runs(levels.db[a:b] < threshold_db) if j - i >= min_frames
    ]


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) index pairs of the True runs in a boolean array."""
    if mask.size == 0:
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
