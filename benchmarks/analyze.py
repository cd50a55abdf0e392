"""Analysis speed on this machine: model load, transcription real-time factor, scoring time.

Run: .venv/bin/python benchmarks/analyze.py   (prints figures; asserts nothing)
Targets (README): scoring <= 5 ms per take, real-time factor <= 0.1 for tiny.en.
"""

from __future__ import annotations

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
