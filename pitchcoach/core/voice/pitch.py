"""F0 (pitch) track and how much it moves, in semitones around the speaker's own median.

The tracker is RAPT (Talkin 1995) from SPTK, through pysptk. It was chosen over WORLD's DIO and
Harvest and over SWIPE by measured accuracy and cost (docs/calibration.md, "Voice: pitch tracker"):
on a 20 s take it costs a few tens of milliseconds where Harvest costs seconds, and on speech with
a known F0 it is as accurate as Harvest.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.voice.level import runs

HOP_S = 0.01
# Low enough for a bass voice's statement-final fall, high enough for a raised female or child
# voice; outside it, frames are far more likely octave errors than speech.
F0_MIN_HZ = 60.0
F0_MAX_HZ = 500.0
# RAPT reports frame i at about i * hop + 7.5 ms (measured on log sweeps: the median error falls
# from 0.2 % to 0.04 % with this offset).
RAPT_OFFSET_S = 0.0075
# Voiced runs shorter than this are tracker blips (clicks, consonant bursts), not pitch.
MIN_VOICED_RUN_FRAMES = 3
# Frames this far from the speaker's median are octave jumps, not intonation: an excited speaker
# spans about an octave (12 st) in total, split over both sides of the median.
OUTLIER_ST = 10.0


@dataclass
class PitchTrack:
    times: np.ndarray  # frame centres, seconds
    f0: np.ndarray  # Hz; 0 where unvoiced (or dropped as a tracker error)

    @property
    def voiced(self) -> np.ndarray:
        return self.f0 > 0

    def median_hz(self) -> float | None:
        v = self.f0[self.f0 > 0]
        return float(np.median(v)) if v.size else None

    def semitones(self, ref_hz: float) -> np.ndarray:
        """Semitones relative to ref_hz for every frame; NaN where unvoiced."""
        st = np.full(self.f0.shape, np.nan)
        v = self.f0 > 0
        st[v] = 12.0 * np.log2(self.f0[v] / ref_hz)
        return st

    def window(self, start: float, end: float) -> np.ndarray:
        """Boolean mask of the frames between start and end seconds."""
        return (self.times >= start) & (self.times < end)


# SPTK's RAPT (ESPS get_f0) keeps static buffers between calls. Two threads in it at once would share
# them, so calls are serialised; and a call's output depends slightly on the calls before it (the
# same take re-analysed: median F0 within 0.3 %, spread within 0.04 st; docs/calibration.md).
_RAPT_LOCK = threading.Lock()


def import_pysptk() -> Any:
    with warnings.catch_warnings():
        # pysptk 1.0.1 imports pkg_resources at import time, which warns on recent setuptools.
        warnings.simplefilter("ignore")
        import pysptk
    return pysptk


def _rapt(audio: np.ndarray, sr: int, hop: int) -> np.ndarray:
    pysptk = import_pysptk()
    # RAPT's energy thresholds assume 16-bit sample values.
    x = np.ascontiguousarray(audio, dtype=np.float32) * 32768.0
    with _RAPT_LOCK:
        f0 = pysptk.rapt(x, sr, hop, min=F0_MIN_HZ, max=F0_MAX_HZ, otype="f0")
    return np.asarray(f0, dtype=np.float64)


def _drop_short_runs(f0: np.ndarray, min_len: int) -> None:
    for a, b in runs(f0 > 0):
        if b - a < min_len:
            f0[a:b] = 0.0


def _median3_in_runs(f0: np.ndarray) -> None:
    """A 3-frame median inside voiced runs: one-frame jumps are tracker jitter, not intonation."""
    v = f0 > 0
    inner = v[1:-1] & v[:-2] & v[2:]
    if inner.any():
        stacked = np.stack([f0[:-2], f0[1:-1], f0[2:]])
        med = np.median(stacked, axis=0)
        f0[1:-1][inner] = med[inner]


def raw_f0(audio: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """RAPT's F0 per 10 ms frame (0 = unvoiced), before any cleaning; frame i is at i * hop + offset."""
    audio = np.asarray(audio, dtype=np.float32).reshape(-1)
    hop = int(round(HOP_S * sr))
    # RAPT needs a few frames of signal to analyse; shorter input is all unvoiced anyway.
    if audio.size < 8 * hop:
        return np.zeros(audio.size // hop)
    return _rapt(audio, sr, hop)


def clean_track(f0: np.ndarray, *, speaker_range: bool = True) -> PitchTrack:
    """Tracker blips removed, single-frame jitter smoothed, and (speaker_range) octave jumps dropped."""
    f0 = np.array(f0, dtype=np.float64)
    _drop_short_runs(f0, MIN_VOICED_RUN_FRAMES)
    _median3_in_runs(f0)
    v = f0 > 0
    if speaker_range and v.any():
        med = float(np.median(f0[v]))
        st = 12.0 * np.log2(np.where(v, f0, med) / med)
        f0[v & (np.abs(st) > OUTLIER_ST)] = 0.0
        _drop_short_runs(f0, MIN_VOICED_RUN_FRAMES)
    return PitchTrack(times=np.arange(len(f0)) * HOP_S + RAPT_OFFSET_S, f0=f0)


def track_f0(audio: np.ndarray, sr: int = SAMPLE_RATE, *, speaker_range: bool = True) -> PitchTrack:
    """The take's F0 every 10 ms, with tracker blips removed and single-frame jitter smoothed.

    speaker_range drops frames more than OUTLIER_ST from the take's median (octave jumps); turn it
    off for signals that are not one voice, such as a test sweep across 2.5 octaves.
    """
    return clean_track(raw_f0(audio, sr), speaker_range=speaker_range)


class IncrementalTrack:
    """RAPT over a take that is still being recorded, in overlapping blocks, so that at Stop only the
    last block is left to track (the live path's voice figures must not delay its result).

    Each block is tracked with OVERLAP_S of audio either side and only its middle is kept, so the
    stitched track matches one whole-take run except for RAPT's own call-to-call wobble.
    """

    BLOCK_S = 4.0
    OVERLAP_S = 0.5

    def __init__(self, sr: int = SAMPLE_RATE) -> None:
        self.sr = sr
        self.hop = int(round(HOP_S * sr))
        self.block = int(self.BLOCK_S * sr) // self.hop * self.hop
        self.overlap = int(self.OVERLAP_S * sr) // self.hop * self.hop
        self._done = 0  # samples whose frames are final
        self._parts: list[np.ndarray] = []
        self._seen: np.ndarray | None = None  # the audio the final frames came from
        # advance() runs on the live worker, finish() on the thread that builds the result.
        self._lock = threading.Lock()

    @property
    def done_seconds(self) -> float:
        return self._done / self.sr

    def advance(self, audio: np.ndarray) -> None:
        """Track every whole block that audio (the take so far) now holds past the last one."""
        with self._lock:
            while audio.size - self._done >= self.block + self.overlap:
                self._track(audio, self._done, self._done + self.block)
            self._seen = audio

    def finish(self, audio: np.ndarray, *, speaker_range: bool = True) -> PitchTrack:
        """The whole take's track. Audio that does not start with what was tracked is tracked whole."""
        with self._lock:
            seen = self._seen
            if seen is None or audio.size < self._done or not np.array_equal(audio[: self._done], seen[: self._done]):
                self._done, self._parts = 0, []
            if audio.size > self._done:
                self._track(audio, self._done, audio.size)
            self._seen = audio
            n = -(-audio.size // self.hop)  # as many frames as one RAPT run over the whole take
            f0 = np.concatenate(self._parts)[:n] if self._parts else np.zeros(0)
        return clean_track(np.pad(f0, (0, max(0, n - f0.size))), speaker_range=speaker_range)

    def _track(self, audio: np.ndarray, start: int, end: int) -> None:
        a = max(0, start - self.overlap)
        b = min(audio.size, end + self.overlap)
        f0 = raw_f0(audio[a:b], self.sr)
        first = (start - a) // self.hop
        keep = (end - start + self.hop - 1) // self.hop if end == audio.size else (end - start) // self.hop
        part = f0[first : first + keep]
        self._parts.append(np.pad(part, (0, max(0, keep - part.size))))
        self._done = end


def spread_st(st: np.ndarray) -> float | None:
    """The spread of F0 in semitones over the voiced frames given: half the 16th-84th percentile range.

    That equals the standard deviation (Hincks & Edlund's measure) for normally distributed F0, but
    ignores the tracker's stray frames at voicing edges: on the monotone twin (F0 held flat) about
    10 % of frames stray by over a semitone, which made the plain SD 1.4 st instead of ~0.1.
    """
    v = st[~np.isnan(st)]
    if v.size < 2:
        return None
    lo, hi = np.percentile(v, [16, 84])
    return float(hi - lo) / 2.0
