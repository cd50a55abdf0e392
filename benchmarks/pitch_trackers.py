"""Pitch-tracker comparison behind the choice of RAPT (docs/calibration.md, "Voice: pitch tracker").

Run: .venv/bin/python benchmarks/pitch_trackers.py   (prints Markdown tables; asserts nothing)
Needs pysptk (a core dependency) and pyworld (the ``fixtures`` extra). librosa's pyin is not
measured: it pulls in numba and llvmlite, too heavy to ship for this.

Accuracy is measured where the true F0 is known exactly:
* log sweeps 70-400 Hz (a pure sine, and a 1/k harmonic series like a glottal source);
* piper speech (great_pitch) resynthesised with WORLD using a known F0 contour: its own smoothed
  contour, the same contour x1.9 (a higher voice) and a flat one (the monotone twin's recipe).
A frame counts when the truth is voiced, away from voicing edges. Cost is the median of repeated
runs on the first 20 s of great_pitch, wall and CPU time; the machine may be shared, so the
load average is printed too.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pitchcoach.core.audio import SAMPLE_RATE as SR  # noqa: E402
from pitchcoach.core.audio import decode_audio  # noqa: E402

LO, HI = 60.0, 500.0
FP = 10.0


def _pw():
    import pyworld

    return pyworld


def dio(x):
    pw = _pw()
    f0, t = pw.dio(x, SR, f0_floor=LO, f0_ceil=HI, frame_period=FP)
    return t, pw.stonemask(x, f0, t, SR)


def dio_fast(x):
    pw = _pw()
    f0, t = pw.dio(x, SR, f0_floor=LO, f0_ceil=HI, frame_period=FP, speed=4)
    return t, pw.stonemask(x, f0, t, SR)


def harvest(x):
    f0, t = _pw().harvest(x, SR, f0_floor=LO, f0_ceil=HI, frame_period=FP)
    return t, f0


def _sptk():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pysptk
    return pysptk


def rapt(x):
    hop = int(SR * FP / 1000)
    f0 = _sptk().rapt((x * 32768).astype(np.float32), SR, hop, min=LO, max=HI, otype="f0")
    return np.arange(len(f0)) * hop / SR + 0.0075, f0


def swipe(x):
    hop = int(SR * FP / 1000)
    f0 = _sptk().swipe(x.astype(np.float64), SR, hop, min=LO, max=HI, threshold=0.3, otype="f0")
    return np.arange(len(f0)) * hop / SR, f0


TRACKERS = {"WORLD DIO + StoneMask": dio, "DIO speed 4": dio_fast, "WORLD Harvest": harvest, "RAPT (pysptk)": rapt}
TRACKERS["SWIPE' (pysptk)"] = swipe


def sweep(harmonic: bool, seconds: float = 6.0):
    t = np.arange(int(seconds * SR)) / SR
    f = 70.0 * (400.0 / 70.0) ** (t / seconds)
    ph = 2 * np.pi * np.cumsum(f) / SR
    x = np.zeros_like(t)
    for k in range(1, 40 if harmonic else 2):
        x += (k * f < 7000) * np.sin(k * ph) / k
    return 0.3 * x / np.max(np.abs(x)), (lambda q: np.interp(q, t, f)), (lambda q: (q > 0.05) & (q < seconds - 0.05))


def _runs(mask):
    out, i = [], 0
    while i < len(mask):
        if mask[i]:
            j = i
            while j < len(mask) and mask[j]:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def resynth_cases():
    pw = _pw()
    x = decode_audio(ROOT / "tests" / "fixtures" / "great_pitch.wav").astype(np.float64)
    fp = 5.0
    f0, t = pw.harvest(x, SR, f0_floor=60, f0_ceil=400, frame_period=fp)
    sp, ap = pw.cheaptrick(x, f0, t, SR), pw.d4c(x, f0, t, SR)
    truth = f0.copy()
    v = f0 > 0
    pad = np.pad(f0, 2, mode="edge")
    truth[v] = np.median(np.stack([pad[i : i + len(f0)] for i in range(5)]), axis=0)[v]
    for a, b in _runs(truth > 0):
        if b - a < 10:
            truth[a:b] = 0
    flat = np.median(truth[truth > 0])
    for label, tr in (
        ("own contour", truth),
        ("contour x1.9", np.where(truth > 0, truth * 1.9, 0.0)),
        ("flat (monotone twin)", np.where(truth > 0, flat, 0.0)),
    ):
        y = pw.synthesize(np.ascontiguousarray(tr), sp, ap, SR, fp)
        y = 0.5 * y / np.max(np.abs(y))
        inner = np.zeros(len(tr), dtype=float)
        for a, b in _runs(tr > 0):
            inner[a + 3 : b - 3] = 1.0  # 15 ms away from voicing edges
        tt = np.arange(len(tr)) * fp / 1000
        yield (
            f"piper great_pitch, WORLD resynthesis, {label}",
            y,
            (lambda q, tt=tt, tr=tr: np.interp(q, tt, tr)),
            (lambda q, tt=tt, inner=inner: np.interp(q, tt, inner) > 0.999),
        )


def accuracy(title, x, truth_at, voiced_at) -> None:
    print(f"\n**{title}**\n")
    print("| tracker | voicing recall | median error | frames within 2 % | gross errors (> 20 %) |")
    print("|---|---|---|---|---|")
    for name, fn in TRACKERS.items():
        t, f0 = fn(x)
        truth, vm = truth_at(t), voiced_at(t)
        both = vm & (f0 > 0)
        if not both.any():
            print(f"| {name} | 0 % | — | — | — |")
            continue
        rel = np.abs(f0[both] - truth[both]) / truth[both]
        print(
            f"| {name} | {both.sum() / vm.sum():.0%} | {np.median(rel):.2%} | {np.mean(rel <= 0.02):.0%} "
            f"| {np.mean(rel > 0.2):.1%} |"
        )


def cost() -> None:
    x = decode_audio(ROOT / "tests" / "fixtures" / "great_pitch.wav")[: 20 * SR].astype(np.float64)
    print(f"\n**Cost on 20 s of speech** (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    print("| tracker | wall median | CPU median | runs |")
    print("|---|---|---|---|")
    for name, fn in TRACKERS.items():
        n = 3 if "Harvest" in name else 11
        fn(x)
        wall, cpu = [], []
        for _ in range(n):
            a, b = time.perf_counter(), time.process_time()
            fn(x)
            wall.append(time.perf_counter() - a)
            cpu.append(time.process_time() - b)
        print(f"| {name} | {statistics.median(wall) * 1000:.0f} ms | {statistics.median(cpu) * 1000:.0f} ms | {n} |")


def main() -> None:
    for harmonic in (False, True):
        x, truth, voiced = sweep(harmonic)
        accuracy(f"Log sweep 70-400 Hz, {'harmonic' if harmonic else 'pure sine'}", x, truth, voiced)
    for case in resynth_cases():
        accuracy(*case)
    cost()


if __name__ == "__main__":
    main()
