"""The bundled CJK face (assets/fonts): Chinese text in the window and in PDFs without boxes.

Qt falls back to any system font that has a glyph, but many Windows, macOS-less-CJK-pack and
minimal Linux machines have none for hanzi, and a PDF must carry its own font anyway. The face is
Noto Sans CJK SC cut to GB2312 level 1, punctuation and the translations' characters
(scripts/subset_cjk_font.py), renamed so it never shadows a full Noto the system has.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

CJK_FAMILY = "PitchCoach CJK SC"
_FONT_FILE = "PitchCoachCJKSC-Regular.otf"
_registered: str | None = None


def register_cjk_font() -> str | None:
    """Add the bundled face to Qt's font database once; returns its family, or None if it failed.

    Needs a QGuiApplication. A failure is logged, not raised: Latin text still renders, and the
    system's own CJK fonts may still cover Chinese.
    """
    global _registered
    if _registered is not None:
        return _registered
    path = resources.files("pitchcoach").joinpath("assets", "fonts", _FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the bundled CJK font %s", path)
        return None
    _registered = families[0]
    return _registered
