"""Where the virtual-microphone tool is, and how the tests call it.

The shared copy (../shared/tools/virtual-mic beside the clone) is preferred; tests/tools holds a
copy of it so that these tests run, rather than skip, in a clone that has no shared/ beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_SHARED = REPO.parent / "shared" / "tools" / "virtual-mic"
TOOL = _SHARED if _SHARED.is_file() else REPO / "tests" / "tools" / "virtual-mic"

# Each test run gets its own mic (PulseAudio daemon, socket, PID files): two runs on one machine
# sharing the tool's default folder would stop each other's daemon. Set before any child starts,
# so every `virtual-mic` call and recording subprocess inherits it. A short /tmp path keeps the
# socket under the 108-byte AF_UNIX limit.
if not os.environ.get("VIRTUAL_MIC_DIR"):
    os.environ["VIRTUAL_MIC_DIR"] = tempfile.mkdtemp(prefix="pcmic-", dir="/tmp")


def run_tool(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, VIRTUAL_MIC_PYTHON=sys.executable)
    return subprocess.run(["bash", str(TOOL), *args], capture_output=True, text=True, timeout=120, env=env, check=check)


MIC_DIR = Path(os.environ["VIRTUAL_MIC_DIR"])
PULSE_PID_FILE = MIC_DIR / "pulse.pid"
