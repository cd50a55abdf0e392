"""The guard against PySide6 6.12's None refcount bug keeps a long-running window alive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# 60,000 void Qt calls: a 30 fps meter for half an hour. Without the guard CPython 3.11 aborts after ~5,000.
SCRIPT = """
import sys
import pitchcoach.ui  # applies the guard
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
lab = QLabel("x")
for i in range(30000):
    lab.setText(str(i))
    app.processEvents()
print("alive", lab.text())
"""


def test_many_void_qt_calls_do_not_abort_the_interpreter():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "alive 29999" in r.stdout
