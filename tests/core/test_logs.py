"""Logging never turns into a traceback on screen, even when the user folder is unusable."""

from __future__ import annotations

import os
import subprocess
import sys

from pitchcoach.core.logs import setup_logging


def test_log_falls_back_to_temp_when_folder_is_unwritable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    path = setup_logging(blocker / "logs")  # a folder cannot be created inside a file
    assert path is not None and path.parent.name.startswith("pitchcoach-logs")


def test_cli_with_an_impossible_data_folder_prints_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    env = {**os.environ, "PITCHCOACH_HOME": str(blocker / "home")}
    p = subprocess.run(
        [sys.executable, "-m", "pitchcoach", "history"], capture_output=True, text=True, env=env, timeout=120
    )
    assert p.returncode != 0
    assert "Traceback" not in p.stderr + p.stdout
    assert "data folder" in p.stderr and "PITCHCOACH_HOME" in p.stderr


def test_a_full_log_disk_prints_nothing_on_the_terminal(tmp_path):
    # /dev/full fails every write with ENOSPC, as a full disk does.
    logs = tmp_path / "home" / "logs"
    logs.mkdir(parents=True)
    (logs / "pitchcoach.log").symlink_to("/dev/full")
    code = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "from pitchcoach.core.logs import setup_logging\n"
        "setup_logging(Path(sys.argv[1]))\n"
        "for i in range(50):\n"
        "    logging.getLogger('pitchcoach.test').error('record %d', i)\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('pitchcoach.test').exception('with a traceback')\n"
        "h = [h for h in logging.getLogger().handlers if hasattr(h, 'dropped')][0]\n"
        "print(h.dropped)\n"
    )
    p = subprocess.run([sys.executable, "-c", code, str(logs)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""  # no "--- Logging error ---", no traceback
    assert int(p.stdout) >= 1  # the writes really failed (and were dropped quietly)


def test_the_cli_with_a_full_log_disk_shows_only_its_own_messages(tmp_path):
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    (home / "logs" / "pitchcoach.log").symlink_to("/dev/full")
    env = {**os.environ, "PITCHCOACH_HOME": str(home)}
    p = subprocess.run(
        [sys.executable, "-m", "pitchcoach", "analyze", str(tmp_path / "missing.wav")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "File not found" in p.stdout + p.stderr
    assert "Logging error" not in p.stderr and "Traceback" not in p.stderr


def test_log_files_are_private(tmp_path):
    import logging
    import stat

    path = setup_logging(tmp_path / "fresh" / "logs")
    logging.getLogger("pitchcoach.test").warning("a line")
    assert path == tmp_path / "fresh" / "logs" / "pitchcoach.log"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "fresh").stat().st_mode) == 0o700
