"""The window's first paint does not wait for modules only a later page needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from pitchcoach.core.paths import app_paths
from pitchcoach.ui.app import build_app
pc = build_app(app_paths(Path(sys.argv[1])))
pc.window.show()
for _ in range(20):
    app.processEvents()
print("pyqtgraph loaded" if "pyqtgraph" in sys.modules else "pyqtgraph not loaded")
"""


def test_the_window_paints_without_loading_the_chart_library(tmp_path) -> None:
    """pyqtgraph costs about a second to import on a busy laptop: the History chart and the Results
    page's Voice strip load it when first shown, not when the window is built."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PITCHCOACH_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "pyqtgraph not loaded", out.stdout


def test_the_voice_strip_is_built_once_start_up_work_is_done(make_app, mic_factory) -> None:
    """Built while the app is idle after start-up, so the first result does not wait for it; the card
    stays hidden until a take with voice figures is shown."""
    win = make_app(mic_factory()).window  # returns once the start-up warm-up has finished
    assert win.results.voice.strip is not None
    assert not win.results.voice.isVisible()


FIRST_PAINT = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])


class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and hasattr(obj, "window") and type(obj.window()).__name__ == "MainWindow":
            win = obj.window()
            print("model loaded" if win.takes.session is not None else "model not loaded", flush=True)
            print("record enabled" if win.practice.record_button.isEnabled() else "record disabled", flush=True)
            os._exit(0)
        return False


f = FirstPaint()
app.installEventFilter(f)
from pitchcoach.ui.app import run_gui

run_gui(sys.argv[:1])
"""


def test_the_bundled_model_is_loaded_before_the_window_first_paints(tmp_path) -> None:
    """Building the model holds Python's lock for ~75 ms or more: on a worker it froze the live window
    (issue 22). The app as `pitchcoach` starts it builds the model first, so the window is ready at once."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PITCHCOACH_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split("\n")[:2] == ["model loaded", "record enabled"], out.stdout + out.stderr[-2000:]
