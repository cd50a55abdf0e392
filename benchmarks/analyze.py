"""Analysis speed on this machine: model load, transcription real-time factor, scoring time.

Run: .venv/bin/python benchmarks/analyze.py   (prints figures; asserts nothing)
Targets (README): scoring <= 5 ms per take, real-time factor <= 0.1 for tiny.en, voice analysis
<= 60 ms for a 20 s take (wall and CPU time printed: on a shared machine CPU time is the steadier).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pitchcoach.core.audio import SAMPLE_RATE, decode_audio  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.scoring.engine import score  # noqa: E402
from pitchcoach.core.transcribe import DecodeOptions, Transcriber  # noqa: E402
from pitchcoach.core.voice import analyze_voice  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def main() -> None:
    t0 = time.perf_counter()
    model = load_model(None)
    load_s = time.perf_counter() - t0
    print(f"model_load_s={load_s:.2f}  ({model.name}, int8, CPU)")

    lex = load_lexicons(None)
    files = sorted(FIXTURES.glob("*.wav"))
    for beam in (1, 5):
        tr = Transcriber(model, DecodeOptions(beam_size=beam))
        tr.transcribe(decode_audio(files[0]))  # warm-up: first call allocates buffers
        total_audio = total_time = 0.0
        rows = []
        transcripts = []
        for f in files:
            audio = decode_audio(f)
            t = time.perf_counter()
            tx = tr.transcribe(audio)
            dt = time.perf_counter() - t
            dur = audio.size / SAMPLE_RATE
            total_audio += dur
            total_time += dt
            rows.append((f.name, dur, dt))
            transcripts.append(tx)
        print(f"\nbeam_size={beam}" + ("  (app default)" if beam == DecodeOptions().beam_size else ""))
        for name, dur, dt in rows:
            print(f"  {name:20s} audio {dur:5.1f} s  transcribe {dt * 1000:7.0f} ms  RTF {dt / dur:.3f}")
        print(f"  overall_rtf={total_time / total_audio:.3f}")

    voice_rows = []
    for f, tx in zip(files, transcripts, strict=True):
        audio = decode_audio(f)
        analyze_voice(audio, tx.words)  # warm: the VAD model and pysptk load on first use
        wall, cpu = [], []
        for _ in range(9):
            w0, c0 = time.perf_counter(), time.process_time()
            analyze_voice(audio, tx.words)
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        voice_rows.append((f.name, audio.size / SAMPLE_RATE, statistics.median(wall), statistics.median(cpu)))
    print(f"\nvoice analysis (median of 9 runs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    for name, dur, w, c in voice_rows:
        per = w * 20 / dur
        print(f"  {name:20s} audio {dur:5.1f} s  voice {w:6.1f} ms wall  {c:6.1f} ms CPU  ({per:5.1f} ms per 20 s)")
    per20 = [w * 20 / dur for _, dur, w, _ in voice_rows if dur >= 5]
    print(f"  voice_ms_per_20s median={statistics.median(per20):.1f} max={max(per20):.1f}")

    per_take = []
    for tx in transcripts:
        score(tx, 20.0, lex)  # warm
        n = 200
        t = time.perf_counter()
        for _ in range(n):
            score(tx, 20.0, lex)
        per_take.append((time.perf_counter() - t) / n * 1000)
    print(
        f"\nscoring_ms_per_take median={statistics.median(per_take):.2f} max={max(per_take):.2f} "
        f"(over {len(per_take)} fixtures)"
    )


if __name__ == "__main__":
    main()
