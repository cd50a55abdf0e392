# Overrides PyInstaller's own hook for PySide6.QtGui (hooks in the spec's hookspath win) to
# collect only the Qt plugins listed in qt_plugins.py, before their dependencies are scanned.
import os
import sys

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qt_plugins import keep_plugin  # noqa: E402

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)


def _wanted(src: str, dest: str) -> bool:
    parts = dest.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return True
    kind = "/".join(parts[parts.index("plugins") + 1 :])
    return keep_plugin(kind, os.path.basename(src))


binaries = [(src, dest) for src, dest in binaries if _wanted(src, dest)]
