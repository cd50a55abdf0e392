"""A first run on a fresh machine keeps everything in the data folder and opens no network connection.

Runs the real entry points as a user would, in separate processes with an empty HOME and no XDG folders
set: `analyze --save`, the desktop window until its model is ready, and `report --last`. Python-level
socket patches cannot see native code (onnxruntime, CTranslate2, Qt), so the second test watches the
system calls themselves with strace.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

# Closes the real window once its model is loaded and its start-up work is done; fails after 120 s.
GUI_DRIVER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    qapp = QApplication(sys.argv)
    seen = set()

    def attach():
        from pitchcoach.ui.main_window import MainWindow

        wins = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        if not wins:
            QTimer.singleShot(10, attach)
            return
        win = wins[0]

        def note(what):
            seen.add(what)
            if seen == {"model", "warm"}:
                win.close()

        win.model_ready.connect(lambda: note("model"))
        win.warmed_up.connect(lambda: note("warm"))
        if win.takes.session is not None:  # the bundled model is built before the window shows
            note("model")

    QTimer.singleShot(0, attach)
    QTimer.singleShot(120_000, lambda: (print("timed out: the window never became ready"), qapp.exit(3)))
    from pitchcoach.ui.app import run_gui

    run_gui(sys.argv)
    """
)


def _fresh_machine(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    home = tmp_path / "home"
    home.mkdir()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    data = home / ".local" / "share" / "PitchCoach"
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k not in ("ORT_DISABLE_TELEMETRY",)}
    env.update(HOME=str(home), TMPDIR=str(tmp), XDG_RUNTIME_DIR=str(run), PITCHCOACH_HOME=str(data))
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env, home, data


def _run_as_user(env: dict[str, str], fixtures_dir: Path, out: Path, prefix: list[str]) -> list[str]:
    """Analyze and save a take, open and close the window, export a report. Returns what each printed."""
    py = [*prefix, sys.executable]
    steps = [
        [*py, "-m", "pitchcoach", "analyze", "--save", str(fixtures_dir / "great_pitch.wav")],
        [*py, "-c", GUI_DRIVER],
        [*py, "-m", "pitchcoach", "report", "--last", "--out", str(out)],
    ]
    printed = []
    for cmd in steps:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
        assert proc.returncode == 0, f"{cmd[len(prefix) + 1 :]} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        printed.append(proc.stdout + proc.stderr)
    return printed


def test_a_first_run_writes_nothing_outside_the_data_folder(tmp_path: Path, fixtures_dir: Path) -> None:
    env, home, data = _fresh_machine(tmp_path)
    out = tmp_path / "report.pdf"
    _run_as_user(env, fixtures_dir, out, [])
    assert out.stat().st_size > 0
    assert any(data.joinpath("recordings").iterdir()), "the take was not saved"
    outside = sorted(
        str(p.relative_to(home))
        for p in home.rglob("*")
        if p != data and data not in p.parents and p not in data.parents
    )
    assert outside == [], f"written outside the data folder: {outside}"
    assert list((tmp_path / "tmp").iterdir()) == [], "temporary files were left behind"
    # PulseAudio's client library may make its runtime folder; nothing of ours goes there.
    assert {p.name for p in (tmp_path / "run").iterdir()} <= {"pulse"}


def test_no_process_opens_a_network_socket(tmp_path: Path, fixtures_dir: Path) -> None:
    assert shutil.which("strace"), "strace is missing: run scripts/system-deps.sh test"
    env, _home, _data = _fresh_machine(tmp_path)
    trace = tmp_path / "trace"
    # -A appends, so the trace holds all three runs.
    cmd = ["strace", "-f", "-qq", "-A", "-e", "trace=socket,connect,sendto,sendmsg", "-o", str(trace)]
    _run_as_user(env, fixtures_dir, tmp_path / "report.html", cmd)
    calls = trace.read_text()
    families = set(re.findall(r"socket\((AF_\w+)", calls)) | set(re.findall(r"sa_family=(AF_\w+)", calls))
    assert "socket(" in calls, "strace saw no socket call at all: the trace is not working"
    assert families <= {"AF_UNIX"}, f"network families used: {sorted(families)}"
