"""Light and dark palettes, plus the few accent colours the custom widgets paint with.

Fusion is used everywhere so that a palette looks the same on every platform;
native Windows/macOS styles ignore parts of QPalette and would make the dark
theme half-dark. Colours are chosen for WCAG-AA contrast against their
background in both themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colors:
    dark: bool
    window: QColor
    card: QColor
    text: QColor
    muted: QColor
    accent: QColor
    good: QColor
    warn: QColor
    bad: QColor
    # Transcript highlight backgrounds, keyed by ScoreResult highlight kind.
    highlight: dict[str, QColor]


def _light() -> Colors:
    return Colors(
        dark=False,
        window=QColor("#f4f5f7"),
        card=QColor("#ffffff"),
        text=QColor("#1d2330"),
        muted=QColor("#5b6474"),
        accent=QColor("#2f6fdf"),
        good=QColor("#1f8a4c"),
        warn=QColor("#b86e00"),
        bad=QColor("#c62f3b"),
        highlight={
            "filler": QColor("#ffd8a8"),
            "hedge": QColor("#e5d4ff"),
            "jargon": QColor("#ffc9c9"),
            "self_word": QColor("#dee2e6"),
            "you_word": QColor("#b2f2bb"),
            "question": QColor("#a5d8ff"),
            "over_time": QColor("#ced4da"),
        },
    )


def _dark() -> Colors:
    return Colors(
        dark=True,
        window=QColor("#1e2128"),
        card=QColor("#282c35"),
        text=QColor("#e8eaef"),
        muted=QColor("#a3abba"),
        accent=QColor("#6ea0ff"),
        good=QColor("#4cc47f"),
        warn=QColor("#f0a93b"),
        bad=QColor("#ff6b73"),
        highlight={
            "filler": QColor("#7a4a12"),
            "hedge": QColor("#4b3a78"),
            "jargon": QColor("#7a2a33"),
            "self_word": QColor("#454b57"),
            "you_word": QColor("#23643a"),
            "question": QColor("#1f5480"),
            "over_time": QColor("#3a3f4a"),
        },
    )


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def colors_for(mode: str) -> Colors:
    """mode is a Settings.theme value: "system", "light" or "dark"."""
    dark = system_prefers_dark() if mode == "system" else mode == "dark"
    return _dark() if dark else _light()


def build_palette(c: Colors) -> QPalette:
    p = QPalette()
    base = c.card
    alt = c.window.darker(104) if not c.dark else c.card.lighter(112)
    button = c.card if not c.dark else c.card.lighter(115)
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.ToolTipBase: c.card,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff") if not c.dark else QColor("#10131a"),
        QPalette.ColorRole.Link: c.accent,
        QPalette.ColorRole.BrightText: c.bad,
        QPalette.ColorRole.Mid: c.window.darker(120) if not c.dark else c.card.lighter(140),
        QPalette.ColorRole.Midlight: c.window.darker(108) if not c.dark else c.card.lighter(125),
        QPalette.ColorRole.Dark: c.window.darker(160) if not c.dark else c.window.darker(130),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0, 90),
        QPalette.ColorRole.Light: c.card.lighter(110) if not c.dark else c.card.lighter(150),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor(c.muted)
    disabled.setAlpha(160)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def stylesheet(c: Colors) -> str:
    """A small amount of QSS for the cards and the big record button; everything else is the palette."""
    border = c.window.darker(115).name() if not c.dark else c.card.lighter(135).name()
    return f"""
QFrame#card {{
    background: {c.card.name()};
    border: 1px solid {border};
    border-radius: 10px;
}}
QLabel#muted {{ color: {c.muted.name()}; }}
QLabel#h1 {{ font-size: 20pt; font-weight: 600; }}
QLabel#h2 {{ font-size: 13pt; font-weight: 600; }}
QLabel#banner {{
    background: {c.warn.name()}; color: {"#1d2330" if c.dark else "#ffffff"};
    border-radius: 6px; padding: 8px 10px;
}}
QLabel#errorBanner {{
    background: {c.bad.name()}; color: #ffffff; border-radius: 6px; padding: 8px 10px;
}}
QPushButton#recordButton {{
    font-size: 16pt; font-weight: 600; padding: 14px 28px; border-radius: 28px;
    background: {c.bad.name()}; color: #ffffff; border: none; min-height: 30px;
}}
QPushButton#recordButton:checked {{ background: {c.text.name()}; color: {c.card.name()}; }}
QPushButton#recordButton:disabled {{ background: {border}; color: {c.muted.name()}; }}
QPushButton#recordButton:focus {{ outline: none; border: 3px solid {c.accent.name()}; }}
QPushButton#primary {{
    background: {c.accent.name()}; color: {"#ffffff" if not c.dark else "#10131a"};
    border: none; border-radius: 6px; padding: 8px 18px; font-weight: 600;
}}
QPushButton#primary:focus {{ border: 2px solid {c.text.name()}; }}
QListWidget#nav {{
    background: {c.card.name()}; border: none; border-right: 1px solid {border};
    font-size: 11pt; padding-top: 8px; outline: 0;
}}
QListWidget#nav::item {{ padding: 10px 14px; border-radius: 6px; margin: 2px 8px; }}
QListWidget#nav::item:selected {{ background: {c.accent.name()}; color: {"#ffffff" if not c.dark else "#10131a"}; }}
QListWidget#nav::item:focus {{ border: 2px solid {c.text.name()}; }}
"""


def apply_theme(app: QApplication, mode: str) -> Colors:
    c = colors_for(mode)
    app.setStyle("Fusion")
    app.setPalette(build_palette(c))
    app.setStyleSheet(stylesheet(c))
    return c
