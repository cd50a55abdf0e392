"""Render the real window offscreen and save a PNG of each page, for the README.

    QT_QPA_PLATFORM=offscreen python -m pitchcoach.ui.screenshots docs/screenshots [--scale 2]

Takes are analysed with the real bundled model. The practice page is shown with
a stand-in device list (offscreen machines have no microphone); the "recording"
shot sets the page's live values directly, since nothing is being recorded.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


class _DemoDevices:
    """Just enough of sounddevice's device listing to show a named microphone."""

    class _Default:
        device = (0, -1)

    default = _Default()

    def query_devices(self, device: Any = None, kind: str | None = None) -> Any:
        mic = {
            "index": 0,
            "name": "Built-in Microphone",
            "max_input_channels": 1,
            "max_output_channels": 0,
            "default_samplerate": 48000.0,
        }
        return [mic] if device is None and kind is None else mic


class _NoDevices(_DemoDevices):
    """What sounddevice reports on a machine with no microphone."""

    class _Default:
        device = (-1, -1)

    default = _Default()

    def query_devices(self, device: Any = None, kind: str | None = None) -> Any:
        if device is None and kind is None:
            return []
        raise RuntimeError("Error querying device -1")


def _sample(name: str) -> Path:
    p = REPO / "tests" / "fixtures" / name
    return p if p.is_file() else Path(__file__).resolve().parents[1] / "assets" / "sample_pitch.wav"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?", default=REPO / "docs" / "screenshots")
    ap.add_argument("--scale", type=float, default=1.0, help="device pixel ratio, e.g. 2 for 200%% scaling")
    ap.add_argument("--themes", default="light,dark")
    args = ap.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ["PITCHCOACH_HOME"] = tempfile.mkdtemp(prefix="pitchcoach-shots-")

    from PySide6.QtWidgets import QApplication

    from pitchcoach.core import session as svc
    from pitchcoach.core.paths import app_paths
    from pitchcoach.ui.app import build_app

    app = QApplication(sys.argv[:1])
    pc = build_app(app_paths(), sd=_DemoDevices(), open_path=None, store_factory=None, app=app)
    win = pc.window
    win.services.settings.update(seen_intro=False)
    analyzer = win.services.build_analyzer()
    win.takes.use_analyzer(analyzer)
    win.practice.refresh_devices()
    target = win.services.settings.value.target_seconds
    scored = svc.analyze_file(analyzer, _sample("great_pitch.wav"), target)
    detailed = svc.analyze_file(analyzer, _sample("jargon_heavy.wav"), target)
    gated = svc.analyze_file(analyzer, _sample("too_few_words.wav"), target)
    trailing = svc.analyze_file(analyzer, _sample("voice/trailing_off.flac"), target)
    hesitant = svc.analyze_file(analyzer, _sample("voice/unvoiced_uh.flac"), target)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1.0 else f"@{args.scale:g}x"
    saved: list[Path] = []

    def shot(name: str, w: int = 1100, h: int = 820) -> None:
        win.resize(w, h)
        win.show()
        for _ in range(5):
            app.processEvents()
        path = args.out / f"{name}{suffix}.png"
        win.grab().save(str(path))
        saved.append(path)

    for theme in [t for t in args.themes.split(",") if t]:
        win.set_theme(theme, save=False)
        win.show_page("practice")
        win.practice._show_idle()
        shot(f"practice-idle-{theme}")
        win.services.sd = _NoDevices()
        win.practice.refresh_devices()
        shot(f"practice-no-microphone-{theme}")
        win.services.sd = _DemoDevices()
        win.practice.refresh_devices()
        # A take in progress: 17 s into a 20 s target, speaking at a healthy level.
        win.practice._show_recording()
        win.practice.timer_bar.set_elapsed(17.4)
        win.practice._show_time(17.4)
        for _ in range(20):
            win.practice.meter.set_level_db(-12.0)
        win.practice.meter.set_level_db(-16.0)
        win.practice.set_live_word_count(44)
        shot(f"practice-recording-{theme}")
        win.practice.timer_bar.set_elapsed(24.0)
        win.practice._show_time(24.0)
        win.practice.set_live_word_count(61)
        shot(f"practice-overtime-{theme}")
        win.practice.set_live_word_count(None)
        win.practice._show_idle()
        win.show_outcome(scored)
        shot(f"results-{theme}", h=1500)
        win.show_outcome(detailed)
        win.results.more_button.setChecked(True)
        shot(f"results-detail-{theme}", h=1900)
        win.show_outcome(gated)
        shot(f"results-gated-{theme}")
        # The Voice card alone, on a take that trails off and on one with unwritten "uh"s.
        for name, outcome in (("voice-strip", trailing), ("voice-strip-hesitations", hesitant)):
            win.show_outcome(outcome)
            shot(f"results-{name}-{theme}", h=1900)
            path = args.out / f"{name}-{theme}{suffix}.png"
            win.results.voice.grab().save(str(path))
            saved.append(path)
        win.show_page("settings")
        shot(f"settings-{theme}")
    for p in saved:
        print(p)
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
