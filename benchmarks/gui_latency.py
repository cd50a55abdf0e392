"""Stop-to-result latency through the real window: the app as `make run` starts it, a real capture device
(the PulseAudio virtual microphone), real voices, and a Stop click 0.3 s after the last word.

Run: .venv/bin/python benchmarks/gui_latency.py [--load 0|1|2] [--takes 30] [--stop-delay 0.3] [--offscreen]
Prints one line per take and a summary; asserts nothing. Takes about real time (every clip is spoken at 1x)
plus the analysis: ~10 minutes for 30 takes on a quiet 2-core machine.

What it does:
* starts a private virtual mic (../shared/tools/virtual-mic, or tests/tools/virtual-mic; its own
  VIRTUAL_MIC_DIR) and ``--load N`` busy ``yes > /dev/null`` processes for the whole run;
* cuts each clip (the English speech fixtures and ../shared/data/dev-speech/en_*) to end at its last word
  (Silero VAD, as the app uses it), in a scratch folder;
* starts the app in a child process exactly as ``pitchcoach`` with no arguments does (``run_gui``), under
  ``xvfb-run`` when it is installed (``--offscreen``: Qt's offscreen platform), with a scratch
  PITCHCOACH_HOME whose settings pick the virtual mic. A small driver in that process clicks the
  window's buttons with real mouse events (QTest) as a user would: Record, then has the mic speak the
  clip, then Stop ``--stop-delay`` seconds after the clip's last sample has been played, then
  "Try again" for the next take;
* "painted": an application event filter sees the first Paint event of any widget on the Results page
  after the window announced the result (``outcome_shown`` for the first result, ``final_shown`` for the
  saved whole-file one), and takes ``time.monotonic()`` there. The click time is taken the same way
  just before the click, so both ends are in one process and one clock;
* then, under the same load, times the whole-file analysis (what ``pitchcoach analyze`` does, model
  already loaded) of each take's saved recording.

What it prints: per take, first/final ms, the app's peak resident memory during it (VmHWM reset at
Record, read after the refined result's paint) and the load average; then n, how many had an instant
result, the load average before/after, p50/p95/max of Stop -> first and -> refined result painted, the
whole-file p50/p95 and final p95 / whole-file p95, the peak RSS (max and for the longest clip: use
``--only too_long`` for 60-s takes), and each stage's median from the app's own take timelines (its log,
core/timeline.py: wall ms after Stop, and the CPU its thread spent, which does not grow with the load).
``--profile-gui FILE`` adds a cProfile of the GUI thread's CPU time from each click to the first paint.
p95 is nearest-rank. Last line:
``gui_stop_to_first_p95_ms=A gui_stop_to_final_p95_ms=B whole_file_ms=C`` (C is the whole-file p95 over
the same takes). Goals (issue 22): A <= 500 quiet, <= 2000 at --load 2; B <= 2 x C under the same load.
Memory: <= 600 MB resident during a 60-s take.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEV_SPEECH = ROOT.parent / "shared" / "data" / "dev-speech"
_SHARED_MIC = ROOT.parent / "shared" / "tools" / "virtual-mic"
MIC_TOOL = _SHARED_MIC if _SHARED_MIC.is_file() else ROOT / "tests" / "tools" / "virtual-mic"
# The fixtures that are not English speech (or too few words to be a take anyone would time).
NOT_SPEECH = {"silence", "noise", "non_english", "too_few_words"}
TAKE_TIMEOUT_S = 300.0


def status_mb(field: str) -> float:
    """A figure of this process's /proc status (VmRSS, VmHWM) in MB."""
    with open("/proc/self/status") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith(field + ":")) / 1024


def reset_peak_rss() -> None:
    """Start VmHWM again from the current resident size (Linux 4.0+), so the next reading is this take's peak."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:  # the peak then covers everything since the process started
        pass


MARK = re.compile(r"(\w+) (\d+)(?: \(([^)]*)\))? \[[^\]]*? (\d+)\]")


def stage_summary(log_path: Path) -> list[str]:
    """Each stage's median time after Stop and the median CPU its thread spent reaching it, over the
    takes' timelines in the app's log (core/timeline.py; one "final:" line per take)."""
    if not log_path.is_file():
        return []
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    for line in log_path.read_text(errors="replace").splitlines():
        if "final: take timeline" not in line:
            continue
        for stage, ms, _note, cpu_ms in MARK.findall(line.partition("]): ")[2]):
            wall.setdefault(stage, []).append(float(ms))
            cpu.setdefault(stage, []).append(float(cpu_ms))
    order = sorted(wall, key=lambda k: percentile(wall[k], 50))
    return [
        f"    {k:20s} {percentile(wall[k], 50):7.0f} ms after Stop (p95 {percentile(wall[k], 95):6.0f}); "
        f"cpu of its thread since its last mark: median {percentile(cpu[k], 50):4.0f} ms   (n={len(wall[k])})"
        for k in order
    ]


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of the takes at or below it."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


# ---- the parent: mic, load, clips, the app process, the whole-file baseline -------------------------


def source_clips() -> list[Path]:
    meta = json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]
    out = [ROOT / f["file"] for f in meta if f["name"] not in NOT_SPEECH and f.get("text")]
    out += sorted(DEV_SPEECH.glob("en_*")) if DEV_SPEECH.is_dir() else []
    return [p for p in out if p.is_file()]


def cut_at_last_word(src: Path, folder: Path) -> tuple[Path, float]:
    """The clip as 16 kHz 16-bit WAV ending where its last speech ends; returns (file, seconds)."""
    import numpy as np
    import soundfile as sf

    from pitchcoach.core.audio import SAMPLE_RATE, decode_audio
    from pitchcoach.core.transcribe import speech_regions

    audio = decode_audio(src)
    regions = speech_regions(audio)
    # speech_regions pads each region by 100 ms; the last word ends about there.
    end = max(0, regions[-1][1] - int(0.1 * SAMPLE_RATE)) if regions else audio.size
    dst = folder / f"{src.stem}.wav"
    sf.write(dst, np.clip(audio[:end], -1, 1), SAMPLE_RATE, subtype="PCM_16")
    return dst, end / SAMPLE_RATE


def start_mic(folder: Path) -> dict[str, str]:
    env = dict(os.environ, VIRTUAL_MIC_DIR=str(folder), VIRTUAL_MIC_PYTHON=sys.executable)
    subprocess.run(["bash", str(MIC_TOOL), "start"], env=env, check=True, capture_output=True, text=True, timeout=180)
    out = subprocess.run(["bash", str(MIC_TOOL), "env"], env=env, check=True, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export ") :].partition("=")
            env[key] = value
    return env


def whole_file_ms(wavs: list[Path], home: Path) -> list[float]:
    """The whole-file analysis of each saved take, as `pitchcoach analyze` runs it, model loaded once."""
    os.environ["PITCHCOACH_HOME"] = str(home)
    from pitchcoach.core.analysis import build_analyzer
    from pitchcoach.core.paths import app_paths

    analyzer = build_analyzer(app_paths())
    analyzer.analyze_file(wavs[0])  # warm-up: first call allocates buffers, loads the VAD
    out = []
    for w in wavs:
        t = time.perf_counter()
        analyzer.analyze_file(w)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--load", type=int, default=0, help="busy `yes > /dev/null` processes (default 0)")
    ap.add_argument("--takes", type=int, default=30, help="takes to time (default 30; p95 wants >= 30)")
    ap.add_argument("--stop-delay", type=float, default=0.3, help="seconds from the last word to Stop (0.3)")
    ap.add_argument("--offscreen", action="store_true", help="Qt's offscreen platform instead of xvfb-run")
    ap.add_argument(
        "--profile-gui",
        metavar="FILE",
        help="cProfile (CPU time) of the GUI thread from each Stop click to the first result painted, summed over "
        "the takes (pstats file; read it with python -m pstats FILE)",
    )
    ap.add_argument("--only", nargs="+", metavar="CLIP", help="these clips only (e.g. too_long for 60-s takes)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (the app's log, the takes)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child))
        return
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="pc-guilat-", dir="/tmp"))  # short: the mic's socket path
    home, mic_dir, clip_dir = scratch / "home", scratch / "mic", scratch / "clips"
    for d in (home, clip_dir):
        d.mkdir()
    sources = [c for c in source_clips() if not args.only or c.stem in args.only]
    if not sources:
        sys.exit(f"no clip named {' '.join(args.only)}; the clips are: {' '.join(c.stem for c in source_clips())}")
    clips = [cut_at_last_word(c, clip_dir) for c in sources]
    plan = [str(clips[i % len(clips)][0]) for i in range(args.takes)]
    seconds = {str(p): round(sec, 1) for p, sec in clips}
    (home / "settings.json").write_text(json.dumps({"input_device": "pulse", "seen_intro": True}))
    loadavg_before = os.getloadavg()[0]
    print(
        f"load={args.load} takes={args.takes} stop_delay_s={args.stop_delay} cpus={os.cpu_count()} "
        f"loadavg_1min_before={os.getloadavg()[0]:.1f} clips=" + ",".join(f"{p.stem}:{s:.1f}s" for p, s in clips),
        flush=True,
    )
    env = start_mic(mic_dir)
    busy = [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(args.load)]
    results: list[dict[str, Any]] = []
    try:
        env.update(
            PITCHCOACH_HOME=str(home),
            PC_PLAN=json.dumps(plan),
            PC_SECONDS=json.dumps(seconds),
            PC_STOP_DELAY=str(args.stop_delay),
            PC_MIC_TOOL=str(MIC_TOOL),
            PC_PROFILE_GUI=str(Path(args.profile_gui).resolve()) if args.profile_gui else "",
            VIRTUAL_MIC_DIR=str(mic_dir),
        )
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(scratch / "takes.jsonl")]
        if args.offscreen or not shutil.which("xvfb-run"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        else:
            env.pop("QT_QPA_PLATFORM", None)
            cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x1000x24", *cmd]
        proc = subprocess.run(cmd, env=env, timeout=TAKE_TIMEOUT_S * (args.takes + 2), check=False)
        lines = (scratch / "takes.jsonl").read_text().splitlines() if (scratch / "takes.jsonl").is_file() else []
        results = [json.loads(ln) for ln in lines]
        if proc.returncode != 0 or len(results) < args.takes:
            print(f"the app process ended with {proc.returncode} after {len(results)} takes; log in {home}/logs")
        loadavg_during = os.getloadavg()[0]
        wavs = [Path(r["wav"]) for r in results if r.get("wav")]
        whole = whole_file_ms(wavs, home) if wavs else []
    finally:
        for p in busy:
            p.kill()
        for p in busy:
            p.wait()
        subprocess.run(["bash", str(MIC_TOOL), "stop"], env=env, capture_output=True, check=False)
    done = [r for r in results if r.get("final_ms") is not None]
    if not done:
        print("no take finished")
        sys.exit(1)
    first = [r["first_ms"] for r in done]
    final = [r["final_ms"] for r in done]
    instant = sum(1 for r in done if r["instant"])
    loads = [r["loadavg"] for r in done]
    peaks = [r["peak_rss_mb"] for r in done if "peak_rss_mb" in r]
    print(
        f"\n{len(done)} takes (--load {args.load}, {os.cpu_count()} cpus; 1-min load average {loadavg_before:.1f} "
        f"before, {min(loads):.1f}-{max(loads):.1f} after the takes, {loadavg_during:.1f} at the end): "
        f"{instant} of {len(done)} with an instant result before the refined one\n"
        f"  Stop -> first result painted: p50 {percentile(first, 50):.0f} ms, p95 {percentile(first, 95):.0f} ms, "
        f"max {max(first):.0f} ms\n"
        f"  Stop -> refined result painted: p50 {percentile(final, 50):.0f} ms, p95 {percentile(final, 95):.0f} ms, "
        f"max {max(final):.0f} ms\n"
        f"  whole-file analysis of the saved takes: p50 {percentile(whole, 50):.0f} ms, "
        f"p95 {percentile(whole, 95):.0f} ms; final p95 / whole-file p95 = "
        f"{percentile(final, 95) / percentile(whole, 95):.2f}x"
    )
    if peaks:
        longest = max(done, key=lambda r: r.get("seconds", 0.0))
        print(
            f"  app's peak resident memory during a take (record to refined result): max {max(peaks):.0f} MB, "
            f"median {percentile(peaks, 50):.0f} MB; longest clip {longest['clip']} ({longest.get('seconds', 0):.1f} s)"
            f" peaked at {longest.get('peak_rss_mb', 0):.0f} MB"
        )
    stages = stage_summary(home / "logs" / "pitchcoach.log")
    if stages:
        print("  where the time went (the app's take timelines, core/timeline.py):")
        print("\n".join(stages))
    if args.keep:
        print(f"kept {scratch} (the app's log: {home}/logs/pitchcoach.log)")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"gui_stop_to_first_p95_ms={percentile(first, 95):.0f} gui_stop_to_final_p95_ms={percentile(final, 95):.0f} "
        f"whole_file_ms={percentile(whole, 95):.0f}"
    )


# ---- the child: the app as `pitchcoach` starts it, and a driver that clicks like a user ------------


def child(out_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    plan: list[str] = json.loads(os.environ["PC_PLAN"])
    seconds: dict[str, float] = json.loads(os.environ["PC_SECONDS"])
    stop_delay = float(os.environ["PC_STOP_DELAY"])
    tool = os.environ["PC_MIC_TOOL"]
    qapp = QApplication(sys.argv[:1])
    out = out_path.open("a", buffering=1)
    profile_to = os.environ.get("PC_PROFILE_GUI")
    # The GUI thread's CPU time, not wall time: on a busy machine wall time mostly measures the wait for a
    # core or for Python's lock, which the log's take timelines show instead.
    profiler = cProfile.Profile(time.thread_time) if profile_to else None

    class Driver(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.win: Any = None
            self.take = -1
            self.armed: str | None = None  # "first" or "final": the next Results paint is that result's
            self.t_click = 0.0
            self.row: dict[str, Any] = {}
            self.player: subprocess.Popen[bytes] | None = None
            self.poll = QTimer()
            self.poll.setInterval(10)
            self.poll.timeout.connect(self.step)
            self.state = "boot"
            self.profiling = False
            self.deadline = time.monotonic() + 180

        def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # Qt's name
            if self.armed is not None and ev.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                results = self.win.results
                if obj is results or results.isAncestorOf(obj):
                    now = time.monotonic()
                    if self.armed == "first":
                        self.row["first_ms"] = (now - self.t_click) * 1000
                        self.armed = None
                        self.profile_off()
                    elif self.armed == "final":
                        self.profile_off()
                        self.row.setdefault("first_ms", (now - self.t_click) * 1000)
                        self.row["final_ms"] = (now - self.t_click) * 1000
                        self.armed = None
                        qapp.removeEventFilter(self)
            return False

        def profile_off(self) -> None:
            if self.profiling:
                profiler.disable()
                self.profiling = False

        def click(self, button: Any) -> None:
            QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))

        def on_first(self, _outcome: Any) -> None:
            if self.state == "waiting":
                self.row["instant"] = True
                self.armed = "first"
                # Only from here to the refined result's paint: an application-wide Python filter costs the
                # GUI thread a call for every event, which would be timed as the app's.
                qapp.installEventFilter(self)

        def on_final(self, outcome: Any) -> None:
            if self.state == "waiting":
                if "first_ms" not in self.row and self.armed == "first":
                    self.row["instant"] = False  # the saved result is the first one shown
                self.row["wav"] = str(outcome.audio_path)
                self.armed = "final"
                qapp.installEventFilter(self)

        def step(self) -> None:
            now = time.monotonic()
            if self.state == "boot":
                wins = [w for w in qapp.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()]
                if wins and self.win is None:
                    self.win = wins[0]
                    self.win.outcome_shown.connect(self.on_first)
                    self.win.final_shown.connect(self.on_final)
                if self.win is not None and self.win.practice.record_button.isEnabled() and self.win.takes.session:
                    self.state = "idle"
                    self.idle_until = now + 2.0  # start-up work (devices, history) settles
                elif now > self.deadline:
                    self.fail("the model did not load")
            elif self.state == "idle" and now >= self.idle_until:
                self.take += 1
                if self.take >= len(plan):
                    if profiler is not None and profile_to:
                        profiler.dump_stats(profile_to)
                    self.poll.stop()
                    self.win.close()
                    return
                if self.win.current_page() != "practice":
                    self.click(self.win.results.try_button)
                self.row = {"take": self.take, "clip": Path(plan[self.take]).stem, "instant": False}
                self.row["seconds"] = seconds[plan[self.take]]
                reset_peak_rss()  # VmHWM from here to the refined result painted: this take's peak
                self.click(self.win.practice.record_button)
                if not self.win.practice.recording:
                    self.fail(f"Record did not start: {self.win.practice.banner.text()}")
                    return
                self.state = "settle"
            elif self.state == "settle" and self.win.practice.recorder.elapsed_seconds > 0.3:
                self.player = subprocess.Popen(["bash", tool, "play", plan[self.take], "--wait"])
                self.state = "speaking"
            elif self.state == "speaking" and self.player is not None and self.player.poll() is not None:
                self.stop_at = now + stop_delay
                self.state = "pause"
            elif self.state == "pause" and now >= self.stop_at:
                self.deadline = now + TAKE_TIMEOUT_S
                self.state = "waiting"
                if profiler is not None:
                    profiler.enable()  # this (the GUI) thread only, until the first result is painted
                    self.profiling = True
                self.t_click = time.monotonic()
                self.click(self.win.practice.record_button)
            elif self.state == "waiting":
                if "final_ms" in self.row:
                    self.row["loadavg"] = os.getloadavg()[0]
                    self.row["peak_rss_mb"] = status_mb("VmHWM")
                    self.row["rss_after_mb"] = status_mb("VmRSS")
                    out.write(json.dumps(self.row) + "\n")
                    print(
                        f"take {self.take:2d} {self.row['clip']:22s} first {self.row['first_ms']:7.0f} ms "
                        f"({'instant' if self.row['instant'] else 'whole-file'})  final {self.row['final_ms']:7.0f} ms"
                        f"  peak RSS {self.row['peak_rss_mb']:.0f} MB  load {self.row['loadavg']:.1f}",
                        flush=True,
                    )
                    self.state = "idle"
                    self.idle_until = now + 1.0
                elif now > self.deadline:
                    self.fail("no saved result within the time limit")

        def fail(self, why: str) -> None:
            print(f"take {self.take}: {why}", flush=True)
            self.poll.stop()
            if self.win is not None:
                self.win.close()
            else:
                qapp.quit()

    driver = Driver()
    driver.poll.start()
    from pitchcoach.ui.app import run_gui

    run_gui(sys.argv[:1])  # ends the process (os._exit) once the window has closed


if __name__ == "__main__":
    main()
