"""Stop-to-result latency of the two passes (instant live result, then the whole-file one), optionally under load.

Run: .venv/bin/python benchmarks/latency.py [--load 0|1|2] [--repeat R] [--stop-delay S] [--only NAME ...]
     [--no-dev-speech] [--seconds 60] [--language en|zh] [--timeline]
Prints figures; asserts nothing. Takes about real time: every clip is replayed at 1x. The summary gives n,
the load average before and after, p50/p95/max of Stop -> first and -> final, the whole-file p50/p95 and
the final / whole-file ratios, how many takes had an instant result, the peak resident memory (the app's
two malloc arenas, core/memory.py), the CPU while recording, and the resident memory after each take's
final result (first, first and last third, last: whether it grows take after take).

What it does, for each English speech fixture in tests/fixtures/fixtures.json and each English clip
in ../shared/data/dev-speech/ (when that folder is there; its README gives the reference text):
* ``--load N`` starts N busy processes, each spinning one core, for the whole run (and stops them);
  on this 2-core machine ``--load 2`` keeps both cores busy;
* ``--seconds S`` joins clips (with 0.6 s of silence between them) into takes of at least S seconds
  (60: the 60-s takes), each clip used once per take, round robin;
* replays the clip through the real Recorder in real time, with a fake device at the sounddevice
  boundary (tests/fakes.py, 48 kHz, 10 ms blocks), the recorder's on_chunk feeding the live path;
* presses Stop ``--stop-delay`` seconds after the last sample (default 0: Stop the instant the
  clip ends) and runs the app's two passes (core/twopass.py) on two threads, as the app does,
  saving to a scratch history: it times Stop -> first result (the instant one, or the whole-file
  one when the live path was behind) and Stop -> final (whole-file) result saved;
* measures process CPU while recording (percent of one core) and the process's resident memory
  (VmRSS, sampled every 50 ms from the start of the take until its final result is saved; the fake
  device's own resampling of the clip, before the take starts, is left out);
* runs the whole-file baseline (``pitchcoach analyze`` on the saved WAV: Analyzer.analyze_file)
  under the same load, and word error rates (jiwer, words normalised as the app does) of the final, the
  instant and the whole-file texts against the reference, corpus-level; the deltas are in points.
``--language zh`` does the same for Mandarin (issue 24): the speech clips of tests/fixtures/zh and the
zh_* clips of dev-speech, as Mandarin takes (the multilingual model, loaded before the first take), and
character error rates (letters and digits, punctuation and spaces removed) instead of word error rates.
``--timeline`` prints each take's stages after Stop (core/timeline.py: which thread, its CPU, how Stop made
the instant words) under its row.
p95 is nearest-rank: use ``--repeat`` so that it is taken over at least 30 takes.
Last line: ``stop_to_first_result_p95_ms=A stop_to_final_p95_ms=B whole_file_ms=C final_wer_delta_points=D
live_wer_delta_points=E`` (whole_file_ms is the p95 of the whole-file path over the same takes;
live_wer_delta is over the takes that had an instant result).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jiwer  # noqa: E402
import numpy as np  # noqa: E402

from pitchcoach.core.analysis import Analyzer  # noqa: E402
from pitchcoach.core.audio import SAMPLE_RATE, decode_audio  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.multilingual import load_multilingual  # noqa: E402
from pitchcoach.core.paths import app_paths  # noqa: E402
from pitchcoach.core.recorder import Recorder  # noqa: E402
from pitchcoach.core.session import PendingTake, TakeSession  # noqa: E402
from pitchcoach.core.speech import LazyModel  # noqa: E402
from pitchcoach.core.storage import TakeStore  # noqa: E402
from pitchcoach.core.timeline import Timeline  # noqa: E402
from pitchcoach.core.transcribe import Transcriber  # noqa: E402
from pitchcoach.core.transcript import normalize_phrase as words_of  # noqa: E402
from pitchcoach.core.twopass import TwoPassTake  # noqa: E402
from tests.fakes import FakeSoundDevice  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
DEV_SPEECH = ROOT.parent / "shared" / "data" / "dev-speech"


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of the takes at or below it."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(np.ceil(p / 100 * len(s))) - 1))
    return s[k]


def zh_clips(only: list[str] | None, dev_speech: bool) -> list[tuple[str, Path, str]]:
    """(name, audio file, reference text) for every Mandarin speech clip."""
    meta = json.loads((FIXTURES / "zh" / "fixtures.json").read_text("utf-8"))["fixtures"]
    out = [(f["name"], ROOT / f["file"], f["text"]) for f in meta if f.get("text")]
    readme = DEV_SPEECH / "README.md"
    if dev_speech and readme.is_file():
        for line in readme.read_text("utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 5 and cells[0].startswith("zh_") and (DEV_SPEECH / cells[0]).is_file():
                out.append((Path(cells[0]).stem, DEV_SPEECH / cells[0], cells[-1]))
    return [c for c in out if not only or c[0] in only]


def letters(text: str) -> str:
    """Mandarin text as CER compares it: letters and digits only."""
    return re.sub(r"[\W_]+", "", text)


def clips(only: list[str] | None, dev_speech: bool) -> list[tuple[str, Path, str]]:
    """(name, audio file, reference text) for every English speech clip."""
    meta = json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]
    out = [
        (f["name"], ROOT / f["file"], f["text"])
        for f in meta
        if f.get("text") and f.get("engine") != "espeak" and f["name"] not in ("non_english", "too_few_words")
    ]
    readme = DEV_SPEECH / "README.md"
    if dev_speech and readme.is_file():
        for line in readme.read_text("utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 5 and cells[0].startswith("en_") and (DEV_SPEECH / cells[0]).is_file():
                quoted = re.findall(r'"([^"]+)"', cells[-1])
                if quoted:
                    out.append((Path(cells[0]).stem, DEV_SPEECH / cells[0], " ".join(quoted[:1])))
    return [c for c in out if not only or c[0] in only]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class PeakRss:
    """The highest resident memory of this process while the block runs (sampled every 50 ms)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self.end = 0.0  # resident once the take's final result is saved
        self._since = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            t = time.perf_counter()
            r = rss_mb()
            if t >= self._since:  # a reading begun before restart() is not counted
                self.peak = max(self.peak, r)
            if self._stop.wait(0.05):
                return

    def restart(self) -> None:
        """The peak from here on (the test device's set-up before it is not the app's)."""
        self.peak = rss_mb()
        self._since = time.perf_counter()

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.end = rss_mb()
        self.peak = max(self.peak, self.end)


def joined(todo: list[tuple[str, Path, str]], seconds: float) -> list[tuple[str, np.ndarray, str]]:
    """Takes of at least ``seconds``: clips joined round robin with 0.6 s of silence between them."""
    gap = np.zeros(int(0.6 * SAMPLE_RATE), np.float32)
    audio = [(n, decode_audio(p), ref) for n, p, ref in todo]
    need = int(seconds * SAMPLE_RATE)
    takes: list[tuple[str, np.ndarray, str]] = []
    ring = itertools.cycle(range(len(audio)))
    for k in range(len(audio)):
        parts, refs, n = [], [], 0
        for i in itertools.islice(ring, len(audio)):
            parts += [audio[i][1], gap]
            refs.append(audio[i][2])
            n += len(audio[i][1]) + len(gap)
            if n >= need:
                break
        takes.append((f"joined{k + 1}_{n / SAMPLE_RATE:.0f}s", np.concatenate(parts[:-1]), " ".join(refs)))
        next(ring)  # the next take starts one clip later
    return takes


class Load:
    """N processes, each spinning one core, for as long as the block runs."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.procs: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Load:
        for _ in range(self.n):
            self.procs.append(subprocess.Popen([sys.executable, "-c", "while True: pass"]))
        return self

    def __exit__(self, *exc: object) -> None:
        for p in self.procs:
            p.kill()
        for p in self.procs:
            p.wait()


def replay(
    audio: np.ndarray,
    session: TakeSession,
    stop_delay: float,
    tmp: Path,
    language: str = "en",
    timeline: bool = False,
    mem: PeakRss | None = None,
) -> dict:
    sd = FakeSoundDevice(audio, source_rate=SAMPLE_RATE, samplerate=48000, blocksize=480, speed=1.0)
    # The fake device resamples the whole clip to 48 kHz by FFT when its stream opens: ~400 MB for a
    # 60-s clip for a moment, which was this benchmark's peak, not the app's. Done first, outside the peak.
    sd.signal_for(sd.samplerate)
    if mem is not None:
        mem.restart()
    live = session.start_live(language)
    rec = Recorder(tmp, sd=sd, on_chunk=live.feed)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    rec.start()
    sd.source_done.wait(600)
    if stop_delay > 0:
        time.sleep(stop_delay)  # the speaker's pause before clicking Stop
    cpu1, wall1 = time.process_time(), time.perf_counter()

    t0 = time.perf_counter()
    stages = Timeline(clock=time.perf_counter) if timeline else None
    result = rec.stop()  # in the app: the "stop" worker, before the two passes start
    if stages is not None:
        stages.mark("recorder_stopped")
    take = PendingTake(recording=result, live=live, language=language, timeline=stages)
    tp = TwoPassTake(session, take, target_seconds=20.0)
    got: dict = {}

    def run(name: str, fn) -> None:  # a bound method of tp
        got[name] = fn()
        got[name + "_at"] = time.perf_counter()

    threads = [threading.Thread(target=run, args=(n, f)) for n, f in (("instant", tp.instant), ("final", tp.final))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    instant, final = got["instant"], got["final"]
    first_at = got["instant_at"] if instant is not None else got["final_at"]
    return {
        "first_ms": (first_at - t0) * 1000,
        "final_ms": (got["final_at"] - t0) * 1000,
        "cpu_pct_core": 100 * (cpu1 - cpu0) / (wall1 - wall0),
        "audio16k": result.audio16k,  # the recorder's copy (the saved take is the WAV's analysis)
        "instant_text": instant.analysis.transcript.text if instant is not None else None,
        "final_text": final.analysis.transcript.text,
        "stats": live.stats,
        "path": result.path,
        "timeline": "" if stages is None else stages.line(),
    }


def main() -> None:
    from pitchcoach.core.memory import tune_malloc

    tune_malloc()  # as the app does at start (ui/app.run_gui), so the resident memory is comparable
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--load", type=int, default=0, help="busy processes spinning one core each (default 0)")
    ap.add_argument("--repeat", type=int, default=3, help="replays per clip (default 3; aim for >= 30 takes)")
    ap.add_argument("--stop-delay", type=float, default=0.0, help="seconds between the end of the clip and Stop")
    ap.add_argument("--only", nargs="*", help="clip names (default: all)")
    ap.add_argument("--no-dev-speech", action="store_true", help="fixtures only, not ../shared/data/dev-speech")
    ap.add_argument("--seconds", type=float, default=0.0, help="join clips into takes of at least this long")
    ap.add_argument("--first", type=int, default=0, help="only the first N takes (with --seconds: N joined takes)")
    ap.add_argument("--language", choices=("en", "zh"), default="en", help="the takes' language (default en)")
    ap.add_argument("--timeline", action="store_true", help="print each take's stages after Stop (core/timeline.py)")
    args = ap.parse_args()
    lang = args.language
    zh = lang == "zh"

    todo = (zh_clips if zh else clips)(args.only, not args.no_dev_speech)
    takes_audio = joined(todo, args.seconds) if args.seconds else [(n, decode_audio(p), ref) for n, p, ref in todo]
    model = load_model(None)
    tr = Transcriber(model)
    tmp_models = tempfile.TemporaryDirectory(prefix="pc-models-")
    multilingual = LazyModel(lambda: load_multilingual(Path(tmp_models.name)), "base (multilingual, bundled)")
    analyzer = Analyzer(tr, load_lexicons(None), multilingual)
    if zh:
        multilingual.get()  # joined and loaded before the first take (the app loads it when zh is chosen)
    ncpu = os.cpu_count() or 1
    if args.first:
        takes_audio = takes_audio[: args.first]
    takes = len(takes_audio) * args.repeat
    load_before = os.getloadavg()[0]
    print(
        f"language={lang} model={analyzer.transcriber_for(lang).model_name} "
        f"cpus={ncpu} load={args.load} stop_delay_s={args.stop_delay} repeat={args.repeat} "
        f"clips={len(todo)} takes={takes} take_seconds>={args.seconds or 'one clip'} "
        f"uptime_load={os.getloadavg()[0]:.2f}"
        + ("" if takes >= 30 else " (fewer than 30 takes: p95 is nearly the max)")
    )
    print(
        f"{'clip':22s} {'audio_s':>7s} {'first_ms':>8s} {'final_ms':>8s} {'whole_ms':>8s} {'cpu%core':>8s} "
        f"{'commits':>7s} {'live_dec':>8s} {'backoff':>7s} {'loops':>5s} {'instant':>9s} {'wer_inst':>8s} "
        f"{'wer_fin':>7s} {'wer_whole':>9s} {'rss_MB':>6s}"
    )
    err = jiwer.cer if zh else jiwer.wer
    first, final, whole_ms, cpu, peaks, ends = [], [], [], [], [], []
    n_same = 0
    how_made: dict[str, int] = {}
    refs, hyp_final, hyp_whole, refs_i, hyp_inst, hyp_whole_i = [], [], [], [], [], []
    with tempfile.TemporaryDirectory(prefix="pc-latency-") as tmpdir, Load(args.load):
        tmp = Path(tmpdir)
        store = TakeStore(app_paths(tmp / "home"))
        session = TakeSession(analyzer, lambda: store)
        analyzer.transcriber_for(lang).transcribe(takes_audio[0][1])  # warm-up: the first call allocates buffers
        for name, audio, ref in takes_audio:
            for _ in range(args.repeat):
                with PeakRss() as mem:
                    r = replay(audio, session, args.stop_delay, tmp, lang, args.timeline, mem)
                peaks.append(mem.peak)
                ends.append(mem.end)
                t0 = time.perf_counter()
                # What `pitchcoach analyze` does on the saved WAV.
                whole = analyzer.analyze_file(r["path"], language=lang)
                w_ms = (time.perf_counter() - t0) * 1000
                same = whole.transcript.text == r["final_text"]
                n_same += same
                first.append(r["first_ms"])
                final.append(r["final_ms"])
                whole_ms.append(w_ms)
                cpu.append(r["cpu_pct_core"])
                ref_w, fin_w, whole_w = (
                    letters(x) if zh else words_of(x) for x in (ref, r["final_text"], whole.transcript.text)
                )
                refs.append(ref_w)
                hyp_final.append(fin_w)
                hyp_whole.append(whole_w)
                wi = float("nan")
                if r["instant_text"] is not None:
                    refs_i.append(ref_w)
                    hyp_inst.append(letters(r["instant_text"]) if zh else words_of(r["instant_text"]))
                    hyp_whole_i.append(whole_w)
                    wi = err(ref_w, hyp_inst[-1]) * 100
                st = r["stats"]
                how = st.abandoned or ("provis." if st.provisional else "yes")
                made = st.abandoned or (
                    "reused"
                    if st.finish_reused
                    else "stitched"
                    if st.stitched_seconds is not None
                    else "tail decoded"
                    if st.finish_decoded
                    else "nothing left"
                )
                made += (
                    " (the live decode running at Stop ended first)"
                    if st.won_by_live
                    else " (a live decode running at Stop was dropped)"
                    if st.dropped_in_flight
                    else ""
                )
                how_made[made] = how_made.get(made, 0) + 1
                print(
                    f"{name:22s} {len(r['audio16k']) / SAMPLE_RATE:7.1f} {r['first_ms']:8.0f} {r['final_ms']:8.0f} "
                    f"{w_ms:8.0f} {r['cpu_pct_core']:8.0f} {st.commits:7d} {st.tentative_decodes:8d} "
                    f"{st.max_backoff_level:7d} {st.loops:5d} {how:>9s} {wi:8.1f} "
                    f"{err(ref_w, fin_w) * 100:7.1f} {err(ref_w, whole_w) * 100:9.1f} "
                    f"{mem.peak:6.0f}{'' if same else ' final!=analyze'}",
                    flush=True,
                )
                if r["timeline"]:
                    print(f"    {r['timeline']}", flush=True)
        store.close()
    tmp_models.cleanup()
    wer_final = err(refs, hyp_final) * 100
    wer_whole = err(refs, hyp_whole) * 100
    live_delta = float("nan")
    if refs_i:
        live_delta = (err(refs_i, hyp_inst) - err(refs_i, hyp_whole_i)) * 100
    n_instant = len(refs_i)
    print(
        f"\nn={len(first)} takes, --load {args.load}, {ncpu} cpus; 1-min load average {load_before:.1f} before the "
        f"takes, {os.getloadavg()[0]:.1f} after"
    )
    print(
        f"stop_to_first_result_ms p50={statistics.median(first):.0f} p95={percentile(first, 95):.0f} "
        f"max={max(first):.0f} n={len(first)}"
    )
    p50, p95 = statistics.median(final), percentile(final, 95)
    print(f"stop_to_final_ms        p50={p50:.0f} p95={p95:.0f} max={max(final):.0f}")
    print(f"whole_file_ms           p50={statistics.median(whole_ms):.0f} p95={percentile(whole_ms, 95):.0f}")
    print(
        f"final / whole-file: p95 {percentile(final, 95) / percentile(whole_ms, 95):.2f}, "
        f"p50 {statistics.median(final) / statistics.median(whole_ms):.2f}"
    )
    print(f"takes with an instant result: {n_instant} of {len(first)} (the others went straight to the final pass)")
    print(f"saved text equal to analyze on the saved WAV: {n_same} of {len(first)}")
    print(f"peak_rss_mb max={max(peaks):.0f} p50={statistics.median(peaks):.0f} (sampled during each take)")
    third = max(1, len(ends) // 3)
    print(
        f"rss_after_take_mb first={ends[0]:.0f} mean of the first third={statistics.mean(ends[:third]):.0f} "
        f"last third={statistics.mean(ends[-third:]):.0f} last={ends[-1]:.0f} (growth over the run)"
    )
    print("instant result made by: " + ", ".join(f"{k} {v}" for k, v in sorted(how_made.items())))
    print(
        f"cpu_while_recording mean={statistics.mean(cpu):.0f}% of one core "
        f"({statistics.mean(cpu) / ncpu:.0f}% of the machine), max={max(cpu):.0f}%"
    )
    if zh:
        print("(Mandarin: the wer figures below are character error rates)")
    print(f"wer_vs_reference final={wer_final:.2f}% whole_file={wer_whole:.2f}% over {len(refs)} takes")
    print(
        f"stop_to_first_result_p95_ms={percentile(first, 95):.0f} stop_to_final_p95_ms={percentile(final, 95):.0f} "
        f"whole_file_ms={percentile(whole_ms, 95):.0f} final_wer_delta_points={wer_final - wer_whole:.2f} "
        f"live_wer_delta_points={live_delta:.2f}"
    )


if __name__ == "__main__":
    main()
