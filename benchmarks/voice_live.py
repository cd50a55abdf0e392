"""Does the voice analysis delay the live path's instant result? Stop-to-result with and without it.

Run: .venv/bin/python benchmarks/voice_live.py [--repeat N]   (prints figures; asserts nothing)

Each fixture is fed to a LiveTranscriber in 0.5 s pieces, waiting for the worker after each (as
tests/core/test_live.py does, so both runs see the same committed words), then "Stop" is timed:
* without voice: LiveTranscriber.finish + scoring (the path before issue 16);
* with voice: Analyzer.finish_live, which runs the pitch track and levels on a second thread while
  the tail is decoded, then the word-timed part of the voice analysis, then scoring.
The two are interleaved per fixture and repeat, so machine load hits both alike. benchmarks/latency.py
replays through the real recorder in real time and measures the whole Stop path.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pitchcoach.core.analysis import Analyzer  # noqa: E402
from pitchcoach.core.audio import decode_audio  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.live import LiveTranscriber  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.transcribe import Transcriber  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
PIECE = 8000  # 0.5 s


def fed(tr: Transcriber, audio) -> LiveTranscriber:
    live = LiveTranscriber(tr, step_seconds=1.0)
    for i in range(0, len(audio), PIECE):
        live.feed(audio[i : i + PIECE])
        live.wait_idle(120)
    return live


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=["great_pitch", "sample_pitch", "too_fast", "hard_sell", "too_slow"])
    args = ap.parse_args()
    meta = {f["name"]: f for f in json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]}
    tr = Transcriber(load_model(None))
    analyzer = Analyzer(tr, load_lexicons(None))
    analyzer.analyze_audio(decode_audio(ROOT / meta[args.only[0]]["file"]))  # warm every model and library
    without, with_voice, voice_ms = [], [], []
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name in args.only:
        audio = decode_audio(ROOT / meta[name]["file"])
        for _ in range(args.repeat):
            live = fed(tr, audio)
            t0 = time.perf_counter()
            analyzer.score(live.finish(audio))
            a_ms = (time.perf_counter() - t0) * 1000
            live = fed(tr, audio)
            t0 = time.perf_counter()
            analysis = analyzer.finish_live(live, audio)
            b_ms = (time.perf_counter() - t0) * 1000
            v = (analysis.transcript.voice or {}).get("analysis_ms", float("nan"))
            without.append(a_ms)
            with_voice.append(b_ms)
            voice_ms.append(v)
            print(
                f"  {name:14s} stop->result without voice {a_ms:6.0f} ms, with voice {b_ms:6.0f} ms (voice {v:5.0f} ms)"
            )
    print(
        f"stop_to_result_ms without_voice p50={statistics.median(without):.0f} with_voice p50="
        f"{statistics.median(with_voice):.0f} voice_analysis p50={statistics.median(voice_ms):.0f} "
        f"(n={len(without)}; load average now {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
