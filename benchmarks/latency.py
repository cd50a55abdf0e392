"""Stop-to-result latency of the live (incremental) transcription path, against whole-file transcription.

Run: .venv/bin/python benchmarks/latency.py [--repeat N] [--stop-delay S] [--only NAME ...]
Prints figures; asserts nothing. Takes about real time: every fixture is replayed at 1x.

What it does, for each fixture listed in tests/fixtures/fixtures.json:
* replays the WAV through the real Recorder in real time, with a fake device at the sounddevice
  boundary (tests/fakes.py, 48 kHz, 10 ms blocks), the recorder's on_chunk feeding LiveTranscriber;
* presses Stop ``--stop-delay`` seconds after the last sample was delivered (default 0: the
  strictest case, Stop the instant the file ends) and times Stop -> scored Analysis
  (Recorder.stop + LiveTranscriber.finish + scoring);
* measures process CPU while recording (percent of one core, and of the whole machine);
* runs the whole-file baseline in the same run (transcribe + score the same audio after Stop);
* word error rate (jiwer, on words normalised as the app does: transcript.normalize_phrase) of
  both paths against the text the fixture speaks, corpus-level over the English speech fixtures,
  and the delta in points.
Last line: ``stop_to_result_p95_ms=N whole_file_ms=M wer_delta_points=D`` (whole_file_ms is the
p95 of the whole-file path over the same takes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jiwer  # noqa: E402
import numpy as np  # noqa: E402

from pitchcoach.core.analysis import Analyzer  # noqa: E402
from pitchcoach.core.audio import SAMPLE_RATE, decode_audio  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.live import LiveTranscriber  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.recorder import Recorder  # noqa: E402
from pitchcoach.core.transcribe import Transcriber  # noqa: E402
from pitchcoach.core.transcript import normalize_phrase as words_of  # noqa: E402
from tests.fakes import FakeSoundDevice  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile: with few takes, p95 is the slowest take, never an interpolation."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(np.ceil(p / 100 * len(s))) - 1))
    return s[k]


def replay(path: Path, tr: Transcriber, analyzer: Analyzer, stop_delay: float, tmp: Path) -> dict:
    sd = FakeSoundDevice(path, samplerate=48000, blocksize=480, speed=1.0)
    live = LiveTranscriber(tr)
    rec = Recorder(tmp, sd=sd, on_chunk=live.feed)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    rec.start()
    sd.source_done.wait(600)
    if stop_delay > 0:
        sd.source_done.clear()
        time.sleep(stop_delay)  # the speaker's pause before clicking Stop
    cpu1, wall1 = time.process_time(), time.perf_counter()
    t0 = time.perf_counter()
    result = rec.stop()
    transcript = live.finish(result.audio16k)
    analysis = analyzer.score(transcript)
    latency = time.perf_counter() - t0
    assert analysis.result is not None
    return {
        "latency_ms": latency * 1000,
        "cpu_pct_core": 100 * (cpu1 - cpu0) / (wall1 - wall0),
        "audio16k": result.audio16k,
        "live_text": " ".join(w.text for w in transcript.words),
        "stats": live.stats,
        "path": result.path,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="replays per fixture (default 1)")
    ap.add_argument("--stop-delay", type=float, default=0.0, help="seconds between the end of the file and Stop")
    ap.add_argument("--only", nargs="*", help="fixture names (default: all)")
    args = ap.parse_args()

    meta = {f["name"]: f for f in json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]}
    names = args.only or list(meta)
    model = load_model(None)
    tr = Transcriber(model)
    analyzer = Analyzer(tr, load_lexicons(None))
    tr.transcribe(decode_audio(ROOT / meta[names[0]]["file"]))  # warm-up: first call allocates buffers
    ncpu = os.cpu_count() or 1
    print(f"model={model.name} cpus={ncpu} stop_delay_s={args.stop_delay} repeat={args.repeat}")
    print(
        f"{'fixture':15s} {'audio_s':>7s} {'stop_ms':>8s} {'whole_ms':>8s} {'cpu%core':>8s} "
        f"{'commits':>7s} {'live_dec':>8s} {'tail_s':>6s} {'at_stop':>8s} {'wer_live':>8s} {'wer_whole':>9s}"
    )
    lat, whole_ms, cpu, lat_en = [], [], [], []
    refs, hyp_live, hyp_whole = [], [], []
    with tempfile.TemporaryDirectory(prefix="pc-latency-") as tmpdir:
        tmp = Path(tmpdir)
        for name in names:
            path = ROOT / meta[name]["file"]
            for _ in range(args.repeat):
                r = replay(path, tr, analyzer, args.stop_delay, tmp)
                # Whole-file baseline on the same recorded audio, timed the same way (transcribe + score).
                t0 = time.perf_counter()
                whole = analyzer.analyze_audio(r["audio16k"])
                w_ms = (time.perf_counter() - t0) * 1000
                r["path"].unlink(missing_ok=True)
                lat.append(r["latency_ms"])
                whole_ms.append(w_ms)
                cpu.append(r["cpu_pct_core"])
                st = r["stats"]
                at_stop = "decode" if st.finish_decoded else ("reused" if st.finish_reused else "none")
                ref = meta.get(name, {}).get("text", "")
                english = bool(ref) and meta.get(name, {}).get("engine") != "espeak" and name != "non_english"
                wl = ww = float("nan")
                if english:
                    lat_en.append(r["latency_ms"])
                    ref_w = words_of(ref)
                    live_w, whole_w = words_of(r["live_text"]), words_of(whole.transcript.text)
                    refs.append(ref_w)
                    hyp_live.append(live_w)
                    hyp_whole.append(whole_w)
                    wl, ww = jiwer.wer(ref_w, live_w) * 100, jiwer.wer(ref_w, whole_w) * 100
                print(
                    f"{name:15s} {len(r['audio16k']) / SAMPLE_RATE:7.1f} {r['latency_ms']:8.0f} {w_ms:8.0f} "
                    f"{r['cpu_pct_core']:8.0f} {st.commits:7d} {st.tentative_decodes:8d} "
                    f"{st.finish_tail_seconds:6.2f} {at_stop:>8s} {wl:8.1f} {ww:9.1f}",
                    flush=True,
                )
    wer_live = jiwer.wer(refs, hyp_live) * 100
    wer_whole = jiwer.wer(refs, hyp_whole) * 100
    disagree = jiwer.wer(hyp_whole, hyp_live) * 100
    print(
        f"\nstop_to_result_ms p50={statistics.median(lat):.0f} p95={percentile(lat, 95):.0f} "
        f"max={max(lat):.0f} (n={len(lat)})"
    )
    if lat_en:
        print(
            f"stop_to_result_ms English speech takes only: p50={statistics.median(lat_en):.0f} "
            f"p95={percentile(lat_en, 95):.0f} (n={len(lat_en)})"
        )
    print(f"whole_file_ms     p50={statistics.median(whole_ms):.0f} p95={percentile(whole_ms, 95):.0f}")
    print(
        f"cpu_while_recording mean={statistics.mean(cpu):.0f}% of one core "
        f"({statistics.mean(cpu) / ncpu:.0f}% of the machine), max={max(cpu):.0f}%"
    )
    print(
        f"wer_vs_reference live={wer_live:.2f}% whole_file={wer_whole:.2f}% "
        f"live_vs_whole_disagreement={disagree:.2f}% over {len(refs)} takes"
    )
    print(
        f"stop_to_result_p95_ms={percentile(lat, 95):.0f} whole_file_ms={percentile(whole_ms, 95):.0f} "
        f"wer_delta_points={wer_live - wer_whole:.2f}"
    )


if __name__ == "__main__":
    main()
