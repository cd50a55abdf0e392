"""How long quitting takes: from the Quit request to the end of the process, the real app (run_gui).

Run: .venv/bin/python benchmarks/quit.py [--repeat N]   (prints figures; asserts nothing)
Target (issue 15 #17): under 1 s, also while a long import is being transcribed or the model is
still loading. Each run starts the app in a fresh process (offscreen Qt, an empty PITCHCOACH_HOME),
waits for the situation, asks the window to close and times until the process has exited.
Scenarios: "idle" (model loaded, nothing running), "model loading" (Quit right after the first
paint) and "mid-import" (a 60 s file being transcribed, Quit after the first progress figure).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONG = ROOT / "tests" / "fixtures" / "too_long.wav"

CHILD = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pitchcoach.ui.app import run_gui
from pitchcoach.ui.main_window import MainWindow

scenario, long_file = sys.argv[1], sys.argv[2]
app = QApplication(sys.argv[:1])

def quit_now():
    print(f"CLOSE {time.time():.6f}", flush=True)
    window().close()

def window():
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

def when_shown():
    win = window()
    if scenario == "model loading":
        QTimer.singleShot(50, quit_now)
        return
    def loaded():
        if scenario == "idle":
            QTimer.singleShot(500, quit_now)
        else:
            if hasattr(win.takes, "progress"):
                win.takes.progress.connect(lambda _f: quit_now() if win.isVisible() else None)
            else:  # an older app, for a before/after figure: quit a few seconds into the decode
                QTimer.singleShot(3000, quit_now)
            win.analyze_path(__import__("pathlib").Path(long_file))
    if win.takes.session is not None:
        loaded()
    else:
        win.model_ready.connect(loaded)

QTimer.singleShot(0, when_shown)
sys.exit(run_gui(sys.argv[:1]))
"""


def one_run(scenario: str) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PITCHCOACH_HOME": home, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, scenario, str(LONG)], env=env, stdout=subprocess.PIPE, text=True
        )
        closed = None
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("CLOSE "):
                closed = float(line.split()[1])
        proc.wait(timeout=120)
        ended = time.time()
        if closed is None or proc.returncode != 0:
            raise SystemExit(f"{scenario}: the app did not quit cleanly (exit code {proc.returncode})")
        return ended - closed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"quit time, Quit request to process exit ({args.repeat} runs each; load {os.getloadavg()[0]:.1f}):")
    for scenario in ("idle", "model loading", "mid-import"):
        times = [one_run(scenario) for _ in range(args.repeat)]
        print(
            f"  {scenario:14s} median {statistics.median(times) * 1000:6.0f} ms   "
            f"max {max(times) * 1000:6.0f} ms   ({', '.join(f'{t * 1000:.0f}' for t in times)})"
        )


if __name__ == "__main__":
    main()
