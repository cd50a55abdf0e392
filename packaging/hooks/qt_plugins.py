"""Which Qt plugins the frozen app keeps. Shared by the QtGui hook override and the spec.

The plugins must be dropped inside the hook, not only afterwards in the spec: PyInstaller
scans every collected binary for the libraries it links, so a plugin removed late still
drags in its dependencies (the GTK3 theme plugin alone pulls GTK, cairo, pango and glib
from the build machine).
"""

from __future__ import annotations

from pathlib import PurePath

# Plugin folder -> file stems to keep (no "lib" prefix, no extension); None keeps the folder.
# Folders not listed are dropped whole: SQL drivers, TLS, EGL-FS, VNC, GTK theme, GL glue...
KEEP_PLUGINS: dict[str, set[str] | None] = {
    # offscreen: headless runs and the smoke test; xcb and wayland: Linux desktops;
    # windows and cocoa: the other two systems; minimal: Qt's last-resort fallback.
    "platforms": {"qoffscreen", "qxcb", "qwayland", "qwindows", "qcocoa", "qminimal"},
    "platforms/darwin": None,
    # PNG and JPEG are built into QtGui; SVG needs a plugin (icons), ICO the Windows icon.
    "imageformats": {"qsvg", "qico"},
    "iconengines": {"qsvgicon"},
    # Native look on Windows and macOS.
    "styles": None,
    # A Wayland window needs a shell integration; xdg-shell is the one every compositor speaks.
    "wayland-shell-integration": {"xdg-shell"},
    # Title bars on compositors that leave decorations to the client (GNOME).
    "wayland-decoration-client": {"bradient"},
    # Dead keys and compose sequences, for typing accented names on X11.
    "platforminputcontexts": {"composeplatforminputcontextplugin"},
}


def _stem(filename: str) -> str:
    stem = PurePath(filename).name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_plugin(kind: str, filename: str) -> bool:
    """Whether the plugin `filename` from plugins/`kind` belongs in the app."""
    if kind not in KEEP_PLUGINS:
        return False
    wanted = KEEP_PLUGINS[kind]
    return wanted is None or _stem(filename) in wanted


def keep_dest(dest: str) -> bool:
    """Whether a collected file, by its path inside the bundle, belongs in the app."""
    parts = PurePath(dest).parts
    if parts[:3] == ("PySide6", "Qt", "plugins") and len(parts) > 4:
        return keep_plugin("/".join(parts[3:-1]), parts[-1])
    # Qt's own translations are ~10 MB: only the Chinese of the standard dialogs (file picker,
    # message boxes) is kept, for the Chinese interface.
    if parts[:3] == ("PySide6", "Qt", "translations"):
        return parts[-1] == "qtbase_zh_CN.qm"
    return True
