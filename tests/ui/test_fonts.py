"""The bundled CJK face is a fallback for Chinese, never the face English text is drawn in."""

from __future__ import annotations

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication

from pitchcoach.ui.fonts import CJK_FAMILY


def test_latin_text_keeps_the_system_face_and_chinese_falls_back_to_the_bundled_one(make_app, mic_factory):
    win = make_app(mic_factory()).window
    font = QApplication.font()
    # With the "Sans Serif" alias first, Qt resolved the whole window to the CJK face: centred ellipses
    # and full-width quotes in English text.
    assert QFontInfo(font).family() != CJK_FAMILY
    assert QFontInfo(win.practice.record_button.font()).family() != CJK_FAMILY
    assert CJK_FAMILY in font.families()
