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
    assert path is not None and path.parent.name == "pitchcoach-logs"


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
