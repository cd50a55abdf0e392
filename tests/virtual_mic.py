"""Where the virtual-microphone tool is, and how the tests call it.

The shared copy (../shared/tools/virtual-mic beside the clone) is preferred; tests/tools holds a
copy of it so that these tests run, rather than skip, in a clone that has no shared/ beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_SHARED = REPO.parent / "shared" / "tools" / "virtual-mic"
TOOL = _SHARED if _SHARED.is_file() else REPO / "tests" / "tools" / "virtual-mic"


def run_tool(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, VIRTUAL_MIC_PYTHON=sys.executable)
    return subprocess.run(["bash", str(TOOL), *args], capture_output=True, text=True, timeout=120, env=env, check=check)
