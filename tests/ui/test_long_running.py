"""A long-running window survives: the pinned PySide6 must not drain None/True refcounts (6.12.0 did)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# 30,000 void Qt calls (a 30 fps meter for a quarter of an hour): under PySide6 6.12.0 CPython 3.11
# aborts after ~5,000 with "deallocating None".
VOID_CALLS = """
import pitchcoach.ui
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
lab = QLabel("x")
for i in range(30000):
    lab.setText(str(i))
    app.processEvents()
print("alive", lab.text())
"""

# 300 refreshes of the real history page: each drops ~18 references to True, which starts near 600.
HISTORY_REFRESHES = """
import sys, tempfile
from pathlib import Path
import numpy as np
import pitchcoach.ui
from PySide6.QtWidgets import QApplication
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.transcript import Transcript
from pitchcoach.ui.history_page import HistoryPage
app = QApplication([])
store = TakeStore(app_paths(Path(tempfile.mkdtemp())))
for text in ("Hi, I'm Sam. I help bakeries sell more bread, so that they grow. What brings you here?",
             "We are the best agency in town. Call me now."):
    t = Transcript.from_text(text)
    store.save_take(Analysis(t, score(t), "test"), np.zeros(16000, np.float32))
page = HistoryPage(store)
page.show()
for i in range(300):
    page.refresh()
    app.processEvents()
print("alive", i)
"""


def run(script: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)


def test_many_void_qt_calls_do_not_abort_the_interpreter():
    r = run(VOID_CALLS)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "alive 29999" in r.stdout


def test_many_history_refreshes_do_not_abort_the_interpreter():
    r = run(HISTORY_REFRESHES)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "alive 299" in r.stdout
