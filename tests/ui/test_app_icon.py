"""The window carries the app icon, and an unusable data folder gives a message, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

from pitchcoach.ui.app import app_icon


def test_app_icon_has_every_packaged_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(32, 32), (64, 64), (256, 256)} <= sizes


def test_gui_with_an_impossible_data_folder_exits_with_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    env = {**os.environ, "PITCHCOACH_HOME": str(blocker / "home"), "QT_QPA_PLATFORM": "offscreen"}
    # The message box is modal; a timer accepts it so the process can exit on its own.
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "app = QApplication([])\n"
        "seen = []\n"
        "def close():\n"
        "    w = QApplication.activeModalWidget()\n"
        "    if isinstance(w, QMessageBox):\n"
        "        seen.append(w.text()); w.accept()\n"
        "    else:\n"
        "        QTimer.singleShot(50, close)\n"
        "QTimer.singleShot(50, close)\n"
        "from pitchcoach.ui.app import run_gui\n"
        "rc = run_gui(['pitchcoach'])\n"
        "print('RC', rc); print('MSG', seen[0] if seen else '')\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert "RC 1" in p.stdout, p.stdout + p.stderr
    assert "cannot create its data folder" in p.stdout and "PITCHCOACH_HOME" in p.stdout
    assert "Traceback" not in p.stdout + p.stderr
