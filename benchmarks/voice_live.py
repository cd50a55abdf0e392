"""Does the voice analysis delay the live path's instant result? What it adds after the transcript is ready.

Run: .venv/bin/python benchmarks/voice_live.py [--repeat N]   (prints figures; asserts nothing)

Each fixture is fed to a LiveTranscriber in 0.5 s pieces, waiting for the worker after each (as
tests/core/test_live.py does; the worker also builds the pitch track block by block, as in the app).
At "Stop" it runs the steps of Analyzer.instant_result one by one and times them:
* finish: LiveTranscriber.instant_transcript (the decode Stop makes), while the voice signals (the last block of the
  pitch track, the levels) are computed on a second thread;
* wait: how long the result then still waits for those signals (0 when they finished first);
* words: the word-timed part of the voice analysis; score: scoring.
"Voice delay" = wait + words: what the voice figures add to Stop -> result. Comparing whole Stop
times with and without voice is hopeless on a shared machine: run-to-run noise is far larger.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pitchcoach.core.analysis import Analyzer, attach_voice  # noqa: E402
from pitchcoach.core.audio import decode_audio  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.live import LiveTranscriber  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.transcribe import Transcriber  # noqa: E402
from pitchcoach.core.voice import voice_signals  # noqa: E402

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
    delays, finishes = [], []
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name in args.only:
        audio = decode_audio(ROOT / meta[name]["file"])
        for _ in range(args.repeat):
            live = fed(tr, audio)
            with ThreadPoolExecutor(max_workers=1) as pool:
                t0 = time.perf_counter()
                signals = pool.submit(voice_signals, audio, incremental=live.voice_track)
                transcript = live.instant_transcript(audio)
                t1 = time.perf_counter()
                ready = signals.result()
                t2 = time.perf_counter()
            if transcript is None:
                print(f"  {name:14s} no instant result (the live path was behind: {live.stats.abandoned})")
                continue
            attach_voice(transcript, audio, ready)
            t3 = time.perf_counter()
            analyzer.score(transcript)
            t4 = time.perf_counter()
            finish, wait, words, scoring = (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000, (t4 - t3) * 1000
            delays.append(wait + words)
            finishes.append(finish)
            print(
                f"  {name:14s} finish {finish:6.0f} ms  wait {wait:5.1f}  words {words:5.1f}  score {scoring:5.1f}"
                f"  (signals took {ready.ms:5.1f} ms)"
            )
    print(
        f"voice_delay_ms p50={statistics.median(delays):.1f} max={max(delays):.1f} "
        f"(finish p50={statistics.median(finishes):.0f} ms; n={len(delays)}; load average now {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
