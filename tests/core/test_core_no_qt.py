"""The core must never pull in Qt: it runs in the CLI and in worker threads without a GUI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pitchcoach.core

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(pitchcoach.core.__path__, "pitchcoach.core.")]
    assert "pitchcoach.core.scoring.engine" in modules and "pitchcoach.core.lexicon" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6') "
        "or m.startswith('pitchcoach.ui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "", f"core imported Qt/UI modules: {out.stdout.strip()}"
